/**
 * Lambda's credential chain (`shared/aws/lambda-credentials.ts`), which the bundles use in place of the SDK's default
 * chain: the environment first, then a container credentials endpoint, else a clear error. The bundled handler signing
 * with it is tested in `test/infra/bundling.test.ts`.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultProvider } from '../../shared/aws/lambda-credentials.js';

const VARIABLES = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
] as const;

describe("Lambda's credential chain", () => {
  const saved = new Map<string, string | undefined>();
  let server: Server | undefined;

  beforeEach(() => {
    for (const name of VARIABLES) {
      saved.set(name, process.env[name]);
      delete process.env[name];
    }
  });

  afterEach(() => {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    server?.close();
    server = undefined;
  });

  it('takes the credentials Lambda sets in the environment', async () => {
    // Prepare
    process.env.AWS_ACCESS_KEY_ID = 'ASIAENV';
    process.env.AWS_SECRET_ACCESS_KEY = 'env-secret';
    process.env.AWS_SESSION_TOKEN = 'env-token';

    // Act
    const credentials = await defaultProvider()();

    // Assess
    expect(credentials).toMatchObject({ accessKeyId: 'ASIAENV', secretAccessKey: 'env-secret', sessionToken: 'env-token' });
  });

  it('falls back to a container credentials endpoint when the environment has none', async () => {
    // Prepare
    const expiration = new Date(Date.now() + 3_600_000).toISOString();
    server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ AccessKeyId: 'ASIACONTAINER', SecretAccessKey: 'container-secret', Token: 'container-token', Expiration: expiration }));
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI = `http://127.0.0.1:${(server.address() as AddressInfo).port}/credentials`;

    // Act
    const credentials = await defaultProvider()();

    // Assess
    expect(credentials).toMatchObject({ accessKeyId: 'ASIACONTAINER', secretAccessKey: 'container-secret', sessionToken: 'container-token' });
    expect(credentials.expiration?.toISOString()).toBe(expiration);
  });

  it('names the variables it reads when there are no credentials at all', async () => {
    // Act
    const failure = defaultProvider()();

    // Assess
    await expect(failure).rejects.toThrow(/AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY .*AWS_CONTAINER_CREDENTIALS_FULL_URI/);
  });
});
