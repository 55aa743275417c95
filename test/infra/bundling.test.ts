import { execFile, execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { esbuildOptions, esmRequireBanner } from '../../infra/bundling.js';
import { repoRoot } from '../../infra/konkurs-function.js';
import { functions, type FunctionName, type FunctionSpec } from '../../infra/topology.js';
import { logicalIdOf, synthKonkurs, type SynthesizedKonkurs } from './synth.js';

const execFileAsync = promisify(execFile);

const specs = Object.entries(functions) as [FunctionName, FunctionSpec][];

// The one suite that bundles for real, as `cdk synth` does: every function once, with the local esbuild.
describe('function bundles', () => {
  let synthesized: SynthesizedKonkurs;

  const assetDir = (name: FunctionName): string => {
    const id = logicalIdOf(synthesized.stateless.functions[name].fn);
    const code = synthesized.statelessTemplate.findResources('AWS::Lambda::Function')[id]?.Properties.Code;
    return join(synthesized.app.outdir, `asset.${String(code.S3Key).replace(/\.zip$/, '')}`);
  };

  beforeAll(() => {
    synthesized = synthKonkurs({ bundle: true });
  }, 120_000);

  it.each(specs.map(([name]) => [name] as const))(
    '%s is an ESM bundle with a linked source map that loads without node_modules (AWS SDK inside)',
    (name) => {
      // Prepare
      const dir = assetDir(name);
      const fn = synthesized.statelessTemplate.findResources('AWS::Lambda::Function')[logicalIdOf(synthesized.stateless.functions[name].fn)];
      // What the mailer reads at init and the stack sets from the topology (its pacing); other functions have none.
      const mailConcurrency = fn?.Properties.Environment.Variables.MAIL_MAX_CONCURRENCY as string | undefined;
      const isolated = mkdtempSync(join(tmpdir(), `konkurs-${name}-`));
      copyFileSync(join(dir, 'index.mjs'), join(isolated, 'index.mjs'));

      // Act
      const code = readFileSync(join(dir, 'index.mjs'), 'utf8');
      const handlerType = execFileSync(
        process.execPath,
        ['--input-type=module', '-e', "const m = await import('./index.mjs'); process.stdout.write(typeof m.handler);"],
        {
          cwd: isolated,
          encoding: 'utf8',
          env: {
            PATH: process.env.PATH,
            AWS_REGION: 'eu-central-1',
            AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
            ...(mailConcurrency ? { MAIL_MAX_CONCURRENCY: mailConcurrency } : {}),
          },
        },
      );

      // Assess
      expect(existsSync(join(dir, 'index.mjs.map'))).toBe(true);
      expect(code.startsWith(esmRequireBanner)).toBe(true);
      expect(code.trimEnd().endsWith('//# sourceMappingURL=index.mjs.map')).toBe(true);
      expect(handlerType).toBe('function');
    },
  );

  it('uses the options the benchmark uses: esbuild with esbuildOptions yields the same bytes', async () => {
    // Prepare
    const [name, spec] = specs[0]!;
    const outdir = mkdtempSync(join(tmpdir(), 'konkurs-bundle-'));

    // Act
    await build({ ...esbuildOptions, entryPoints: { index: join(repoRoot, spec.entry) }, outdir, logLevel: 'silent' });

    // Assess
    expect(readFileSync(join(outdir, 'index.mjs')).equals(readFileSync(join(assetDir(name), 'index.mjs')))).toBe(true);
  });

  it('gives every function a bundle of its own entry', () => {
    // Act
    const bundles = new Set(specs.map(([name]) => readFileSync(join(assetDir(name), 'index.mjs'), 'utf8')));

    // Assess: CDK reuses a staged asset whose bundling options serialize alike; the entry is in them.
    expect(bundles.size).toBe(specs.length);
  });

  it('keeps only the SES operation the mailer sends (schema keys as literals, infra/schema-literal-keys.ts)', () => {
    // Act
    const code = readFileSync(join(assetDir('mailer'), 'index.mjs'), 'utf8');

    // Assess
    expect(code).toContain('/v2/email/outbound-emails');
    expect(code).not.toContain('/v2/email/outbound-bulk-emails');
    expect(code).not.toContain('/v2/email/contact-lists');
  });

  describe("Lambda's credential chain in place of the SDK's default chain", () => {
    /** Runs the bundled health handler on GET /health against a stand-in DynamoDB endpoint that records requests. */
    const healthWith = async (credentials: Record<string, string>) => {
      const requests: IncomingHttpHeaders[] = [];
      const server = createServer((req, res) => {
        requests.push(req.headers);
        req.resume().on('end', () => {
          res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' }).end('{}');
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        const event = { version: '2.0', routeKey: 'GET /health', rawPath: '/health', headers: {}, requestContext: { http: { method: 'GET', path: '/health' } } };
        const { stdout, stderr } = await execFileAsync(
          process.execPath,
          ['--input-type=module', '-e', `const m = await import('./index.mjs'); const r = await m.handler(${JSON.stringify(event)}, {}); process.stdout.write('\\n' + JSON.stringify(r));`],
          {
            cwd: assetDir('health'),
            encoding: 'utf8',
            env: {
              PATH: process.env.PATH,
              AWS_REGION: 'eu-central-1',
              AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
              AWS_ENDPOINT_URL_DYNAMODB: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
              ...credentials,
            },
          },
        );
        const response = JSON.parse(stdout.trim().split('\n').pop()!) as { statusCode: number };
        // The handler's log lines (errors go to stderr) and its response.
        return { requests, response, output: `${stdout}${stderr}` };
      } finally {
        server.close();
      }
    };

    it('signs with the credentials Lambda sets in the environment, session token included', async () => {
      // Act
      const { requests, response } = await healthWith({
        AWS_ACCESS_KEY_ID: 'ASIAKONKURSTEST',
        AWS_SECRET_ACCESS_KEY: 'secret',
        AWS_SESSION_TOKEN: 'session-token-from-lambda',
      });

      // Assess
      expect(response.statusCode).toBe(200);
      expect(requests).toHaveLength(1);
      expect(requests[0]!.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=ASIAKONKURSTEST\/\d{8}\/eu-central-1\/dynamodb\/aws4_request/);
      expect(requests[0]!['x-amz-security-token']).toBe('session-token-from-lambda');
    });

    it('without credentials sends nothing and says which variables it reads', async () => {
      // Act
      const { requests, response, output } = await healthWith({});

      // Assess
      expect(response.statusCode).toBeGreaterThanOrEqual(500);
      expect(requests).toHaveLength(0);
      expect(output).toContain('No AWS credentials: a Konkurs function reads AWS_ACCESS_KEY_ID');
    });

    it("leaves the default chain's other links out of every bundle", () => {
      for (const [name] of specs) {
        const code = readFileSync(join(assetDir(name), 'index.mjs'), 'utf8');
        // The SSO and ini providers' own messages: present in any bundle that carries the SDK's default chain.
        expect(code, name).not.toContain('Skipping SSO provider in default chain');
        expect(code, name).not.toContain('defaultProvider::fromIni');
      }
    });
  });
});
