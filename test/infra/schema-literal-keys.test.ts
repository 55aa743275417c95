import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { esbuildOptions } from '../../infra/bundling.js';
import { repoRoot } from '../../infra/konkurs-function.js';
import { literalSchemaKeys, SDK_SCHEMA_MODULE } from '../../infra/schema-literal-keys.js';

const execFileAsync = promisify(execFile);

/** What the mailer's SES adapter uses of the SESv2 client, as a module of its own. */
const sesEntry = `
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
const ses = new SESv2Client({});
try {
  const out = await ses.send(new SendEmailCommand({
    FromEmailAddress: 'no-reply@konkurs.kz',
    Destination: { ToAddresses: ['a@example.kz'] },
    Content: { Simple: { Subject: { Data: 'Тема' }, Body: { Text: { Data: 'текст' } }, Headers: [{ Name: 'List-Unsubscribe', Value: '<https://x>' }] } },
    ConfigurationSetName: 'konkurs',
  }));
  process.stdout.write('\\n' + JSON.stringify({ messageId: out.MessageId }));
} catch (error) {
  process.stdout.write('\\n' + JSON.stringify({ error: error.name, fault: error.$fault }));
}
`;

const bundleSes = async (plugins: boolean): Promise<string> => {
  const dir = mkdtempSync(join(tmpdir(), 'konkurs-ses-'));
  const { plugins: _plugins, ...withoutPlugins } = esbuildOptions;
  await build({
    ...(plugins ? esbuildOptions : withoutPlugins),
    absWorkingDir: repoRoot,
    stdin: { contents: sesEntry, resolveDir: repoRoot, sourcefile: 'ses-entry.ts', loader: 'ts' },
    outfile: join(dir, 'index.mjs'),
    sourcemap: false,
    logLevel: 'silent',
  });
  return join(dir, 'index.mjs');
};

/** Runs a bundle of {@link sesEntry} against a stand-in SES endpoint answering `status` and `body`. */
const sendWith = async (file: string, status: number, body: object, headers: Record<string, string> = {}) => {
  const requests: { method?: string; url?: string; body: string }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c)).on('end', () => {
      requests.push({ method: req.method, url: req.url, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { stdout } = await execFileAsync(process.execPath, [file], {
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH,
        AWS_REGION: 'eu-central-1',
        AWS_ACCESS_KEY_ID: 'AKIDTEST',
        AWS_SECRET_ACCESS_KEY: 'secret',
        AWS_MAX_ATTEMPTS: '1',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        AWS_ENDPOINT_URL_SESV2: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      },
    });
    return { requests, result: JSON.parse(stdout.trim().split('\n').pop()!) as Record<string, string> };
  } finally {
    server.close();
  }
};

describe('SDK schema modules with literal keys', () => {
  it('writes computed keys of the module’s string constants as literals, and nothing else', () => {
    // Prepare
    const source = [
      'const _h = "http";',
      'const _e = "error";',
      'export var SendEmail$ = [9, n0, _SEen,',
      '    { [_h]: ["POST", "/v2/email/outbound-emails", 200] }, () => SendEmailRequest$];',
      'export var Ex$ = [-3, n0, _X, { [_e]: _c, [_hE]: 400 }, [_m], [0]];',
      'const pick = flag ? table[_h] : other;',
    ].join('\n');

    // Act
    const out = literalSchemaKeys(source);

    // Assess
    expect(out).toContain('{ "http": ["POST", "/v2/email/outbound-emails", 200] }');
    expect(out).toContain('{ "error": _c, [_hE]: 400 }');
    expect(out).toContain('const pick = flag ? table[_h] : other;');
    expect(out.split('\n')[0]).toBe('const _h = "http";');
  });

  it('applies to the generated schema modules of the SDK clients only', () => {
    // Assess
    expect(SDK_SCHEMA_MODULE.test(join(repoRoot, 'node_modules/@aws-sdk/client-sesv2/dist-es/schemas/schemas_0.js'))).toBe(true);
    expect(SDK_SCHEMA_MODULE.test(join(repoRoot, 'node_modules/@smithy/core/dist-es/submodules/schema/index.js'))).toBe(false);
    expect(SDK_SCHEMA_MODULE.test(join(repoRoot, 'shared/schemas/competitions.ts'))).toBe(false);
  });

  it('drops the SESv2 operations a bundle never sends, which esbuild alone keeps', { timeout: 60_000 }, async () => {
    // Act
    const [plain, literal] = await Promise.all([bundleSes(false), bundleSes(true)]);
    const plainCode = readFileSync(plain, 'utf8');
    const literalCode = readFileSync(literal, 'utf8');

    // Assess
    expect(plainCode).toContain('/v2/email/outbound-bulk-emails');
    expect(literalCode).not.toContain('/v2/email/outbound-bulk-emails');
    expect(literalCode).not.toContain('CreateContactList');
    expect(literalCode).toContain('/v2/email/outbound-emails');
    expect(literalCode.length).toBeLessThan(plainCode.length - 30 * 1024);
  });

  it('sends SendEmail as the SDK does and names SES errors by their type', { timeout: 60_000 }, async () => {
    // Prepare
    const file = await bundleSes(true);

    // Act
    const sent = await sendWith(file, 200, { MessageId: 'm-1' });
    const throttled = await sendWith(file, 429, { message: 'Maximum sending rate exceeded.' }, { 'x-amzn-errortype': 'TooManyRequestsException' });
    const rejected = await sendWith(file, 400, { message: 'Email address is not verified.' }, { 'x-amzn-errortype': 'MessageRejected' });

    // Assess
    expect(sent.result).toEqual({ messageId: 'm-1' });
    expect(sent.requests).toHaveLength(1);
    expect(sent.requests[0]!.method).toBe('POST');
    expect(sent.requests[0]!.url).toBe('/v2/email/outbound-emails');
    expect(JSON.parse(sent.requests[0]!.body)).toEqual({
      ConfigurationSetName: 'konkurs',
      Content: { Simple: { Body: { Text: { Data: 'текст' } }, Headers: [{ Name: 'List-Unsubscribe', Value: '<https://x>' }], Subject: { Data: 'Тема' } } },
      Destination: { ToAddresses: ['a@example.kz'] },
      FromEmailAddress: 'no-reply@konkurs.kz',
    });
    expect(throttled.result).toEqual({ error: 'TooManyRequestsException', fault: 'client' });
    expect(rejected.result).toEqual({ error: 'MessageRejected', fault: 'client' });
  });
});
