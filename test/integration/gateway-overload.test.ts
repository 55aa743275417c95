/**
 * Overload is answered 503 with Retry-After, never 500: the local gateway admits a bounded number of invocations per
 * function (Lambda's concurrency), lets a few more wait briefly, and refuses the rest; a handler that runs past its
 * timeout is answered 503 as API Gateway answers an integration that does not respond.
 *
 * The gateway under test is a second one, started here on a free port with small limits, in front of function hosts
 * whose handlers take as long as the test says (the shared runtime's handlers are too fast to overload in a test).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDevCa } from '../../infra/local/dev-ca.js';
import { createDevIdentity } from '../../infra/local/dev-identity.js';
import { createFaults } from '../../infra/local/faults.js';
import { startGateway } from '../../infra/local/gateway.js';
import { InvocationTimeoutError, type LambdaHost } from '../../infra/local/lambda.js';

const ok = { statusCode: 200, headers: { 'content-type': 'application/json' }, body: '{"status":"ok"}' };

let dataDir: string;
const servers: Server[] = [];

const gatewayWith = async (lambdas: LambdaHost, admission: { maxInFlight: number; maxQueued: number; maxWaitMs: number }) => {
  const identity = await createDevIdentity({ dataDir, issuer: 'http://127.0.0.1/dev' });
  const ca = await openDevCa({ crlBaseUrl: 'http://127.0.0.1/dev/ca', now: () => new Date() });
  const { server, port } = await startGateway({ port: 0, lambdas, identity, faults: createFaults(), ca, admission });
  servers.push(server);
  return `http://127.0.0.1:${port}`;
};

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'konkurs-overload-'));
});

afterAll(async () => {
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  rmSync(dataDir, { recursive: true, force: true });
});

describe('gateway under overload', () => {
  it('answers the requests beyond the concurrency and queue limits 503 with Retry-After and the error body, the rest 200', async () => {
    // Prepare: invocations hold their slot until the gate opens; 2 run at once, 2 may wait up to 5 s.
    let running = 0;
    let peak = 0;
    let openGate: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (openGate = resolve));
    const held: LambdaHost = {
      invoke: async () => {
        running += 1;
        peak = Math.max(peak, running);
        await gate;
        running -= 1;
        return ok;
      },
    };
    const base = await gatewayWith(held, { maxInFlight: 2, maxQueued: 2, maxWaitMs: 5000 });

    // Act: the gate opens once the 6 requests beyond the limits have been answered (or after 4 s, failing below).
    let answered = 0;
    const requests = Array.from({ length: 10 }, () => fetch(`${base}/health`).finally(() => (answered += 1)));
    for (let waited = 0; answered < 6 && waited < 4000; waited += 20) await sleep(20);
    const answeredWhileHeld = answered;
    openGate();
    const responses = await Promise.all(requests);
    const bodies = await Promise.all(responses.map((r) => r.json() as Promise<Record<string, unknown>>));

    // Assess
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 200, 200, 200, 503, 503, 503, 503, 503, 503]);
    expect(peak).toBe(2);
    expect(answeredWhileHeld).toBe(6);
    for (const [i, response] of responses.entries()) {
      if (response.status !== 503) continue;
      expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(bodies[i]).toMatchObject({ error: 'unavailable', message: expect.stringMatching(/busy/) });
    }
  });

  it('refuses a request that waited the longest allowed without getting a slot', async () => {
    // Prepare: one slot, held 600 ms; the waiting request gives up after 100 ms.
    const slow: LambdaHost = { invoke: async () => (await sleep(600), ok) };
    const base = await gatewayWith(slow, { maxInFlight: 1, maxQueued: 5, maxWaitMs: 100 });

    // Act
    const [first, second] = await Promise.all([fetch(`${base}/health`), sleep(20).then(() => fetch(`${base}/health`))]);

    // Assess
    expect(first.status).toBe(200);
    expect(second.status).toBe(503);
    expect(second.headers.get('retry-after')).toMatch(/^\d+$/);
  });

  it('answers 503 with Retry-After, not 500, when the handler runs past its timeout', async () => {
    // Prepare: the function host reports the timeout exactly as infra/local/lambda.ts does.
    const timingOut: LambdaHost = {
      invoke: async (name) => {
        throw new InvocationTimeoutError(`${name} timed out after 10000 ms`);
      },
    };
    const base = await gatewayWith(timingOut, { maxInFlight: 4, maxQueued: 4, maxWaitMs: 100 });

    // Act
    const response = await fetch(`${base}/health`);

    // Assess
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await response.json()).toMatchObject({ error: 'unavailable', message: expect.any(String) });
  });

  it('frees the slot of a timed-out invocation, as Lambda ends the container', async () => {
    // Prepare
    let calls = 0;
    const host: LambdaHost = {
      invoke: async (name) => {
        calls += 1;
        if (calls === 1) throw new InvocationTimeoutError(`${name} timed out`);
        return ok;
      },
    };
    const base = await gatewayWith(host, { maxInFlight: 1, maxQueued: 1, maxWaitMs: 100 });

    // Act
    const first = await fetch(`${base}/health`);
    const second = await fetch(`${base}/health`);

    // Assess
    expect(first.status).toBe(503);
    expect(second.status).toBe(200);
  });
});
