import { describe, expect, it } from 'vitest';
import { Admission, admissionFromEnv, DEFAULT_ADMISSION, type Release } from '../../infra/local/admission.js';

describe('gateway admission', () => {
  it('admits up to the concurrency limit at once, queues the next ones and hands slots over in arrival order', async () => {
    // Prepare
    const admission = new Admission({ maxInFlight: 2, maxQueued: 2, maxWaitMs: 1000 });
    const first = (await admission.acquire()) as Release;
    const second = (await admission.acquire()) as Release;
    const order: string[] = [];
    const third = admission.acquire().then((r) => (order.push('third'), r));
    const fourth = admission.acquire().then((r) => (order.push('fourth'), r));

    // Act
    expect(admission.state).toEqual({ inFlight: 2, queued: 2 });
    first();
    const thirdRelease = (await third) as Release;
    second();
    await fourth;

    // Assess
    expect(typeof thirdRelease).toBe('function');
    expect(order).toEqual(['third', 'fourth']);
    expect(admission.state).toEqual({ inFlight: 2, queued: 0 });
  });

  it('refuses at once when the queue is full, and after the longest wait when no slot frees', async () => {
    // Prepare
    const admission = new Admission({ maxInFlight: 1, maxQueued: 1, maxWaitMs: 50 });
    await admission.acquire();
    const waiting = admission.acquire();

    // Act
    const overflow = await admission.acquire();
    const started = Date.now();
    const timedOut = await waiting;

    // Assess
    expect(overflow).toBe('queue-full');
    expect(timedOut).toBe('wait-timeout');
    expect(Date.now() - started).toBeGreaterThanOrEqual(40);
    expect(admission.state).toEqual({ inFlight: 1, queued: 0 });
  });

  it('counts a release once even when called twice', async () => {
    // Prepare
    const admission = new Admission({ maxInFlight: 1, maxQueued: 0, maxWaitMs: 10 });
    const release = (await admission.acquire()) as Release;

    // Act
    release();
    release();

    // Assess
    expect(admission.state).toEqual({ inFlight: 0, queued: 0 });
    expect(typeof (await admission.acquire())).toBe('function');
    expect(await admission.acquire()).toBe('queue-full');
  });

  it('reads its limits from the environment and refuses a bad value naming the variable', () => {
    expect(admissionFromEnv({})).toEqual(DEFAULT_ADMISSION);
    expect(admissionFromEnv({ KONKURS_GATEWAY_CONCURRENCY: '4', KONKURS_GATEWAY_QUEUE: '8', KONKURS_GATEWAY_QUEUE_WAIT_MS: '100' })).toEqual({
      maxInFlight: 4,
      maxQueued: 8,
      maxWaitMs: 100,
    });
    expect(() => admissionFromEnv({ KONKURS_GATEWAY_QUEUE: '-1' })).toThrow(/KONKURS_GATEWAY_QUEUE/);
  });
});
