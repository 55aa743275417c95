import { setTimeout as sleep } from 'node:timers/promises';
import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { httpApi, type HttpEvent } from '../../shared/http/api.js';
import { healthRoutes } from '../../shared/http/routes/health.js';

const event = (): HttpEvent =>
  ({
    version: '2.0',
    routeKey: 'GET /health',
    rawPath: '/health',
    rawQueryString: '',
    headers: { host: '127.0.0.1' },
    isBase64Encoded: false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: '127.0.0.1',
      domainPrefix: '127',
      http: { method: 'GET', path: '/health', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
      requestId: 'r',
      routeKey: 'GET /health',
      stage: '$default',
      time: new Date().toISOString(),
      timeEpoch: Date.now(),
    },
  }) as unknown as HttpEvent;

const contextEndingIn = (ms: number): Context => {
  const deadline = Date.now() + ms;
  return { getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()) } as unknown as Context;
};

describe('HTTP chain under overload', () => {
  it('answers 503 with Retry-After and the error body, not 500, when the function is about to time out', async () => {
    // Prepare: the route takes longer than the time left in the invocation.
    const handler = httpApi(healthRoutes, { health: async () => (await sleep(500), { body: { status: 'ok' } }) });

    // Act
    const response = (await handler(event(), contextEndingIn(100))) as { statusCode: number; headers: Record<string, string>; body: string };

    // Assess
    expect(response.statusCode).toBe(503);
    expect(response.headers['Retry-After']).toMatch(/^\d+$/);
    expect(JSON.parse(response.body)).toMatchObject({ error: 'unavailable', message: expect.any(String) });
  });

  it('still answers in time when there is time left', async () => {
    // Prepare
    const handler = httpApi(healthRoutes, { health: async () => ({ body: { status: 'ok' } }) });

    // Act
    const response = (await handler(event(), contextEndingIn(5000))) as { statusCode: number };

    // Assess
    expect(response.statusCode).toBe(200);
  });
});
