/**
 * Admission control of the local gateway, standing in for Lambda's concurrency limit and API Gateway's throttling:
 * each function runs at most `maxInFlight` invocations at once; a request beyond that waits in a short FIFO queue
 * (at most `maxQueued` requests, each at most `maxWaitMs`), and one that cannot be admitted is refused so the gateway
 * answers 503 with `Retry-After` instead of letting every request slow down until handlers time out (500).
 */

export interface AdmissionLimits {
  /** Invocations of one function running at once (Lambda: the function's concurrency). */
  readonly maxInFlight: number;
  /** Requests waiting for a slot, per function; one more is refused at once. */
  readonly maxQueued: number;
  /** How long a request may wait for a slot before it is refused. */
  readonly maxWaitMs: number;
}

/**
 * Defaults for one Node process and DynamoDB Local. Measured with 500 clients (docs/benchmarks.md, "Load"): 48 in
 * flight per function let invocations pile up into timeouts (500s, and bids written after their client was told
 * otherwise); 8 keeps each invocation short and refuses the excess with 503 after at most the wait.
 */
export const DEFAULT_ADMISSION: AdmissionLimits = { maxInFlight: 8, maxQueued: 512, maxWaitMs: 5000 };

export type Release = () => void;

/** Why a request was refused: the queue was full, or it waited `maxWaitMs` without getting a slot. */
export type Refusal = 'queue-full' | 'wait-timeout';

interface Waiter {
  readonly grant: (release: Release) => void;
  readonly timer: NodeJS.Timeout;
}

/** One function's slots and queue. */
export class Admission {
  private inFlight = 0;
  private readonly waiting: Waiter[] = [];

  constructor(readonly limits: AdmissionLimits) {}

  /** Resolves with a release function once admitted, or with the reason of the refusal. */
  acquire(): Promise<Release | Refusal> {
    if (this.inFlight < this.limits.maxInFlight && this.waiting.length === 0) return Promise.resolve(this.take());
    if (this.waiting.length >= this.limits.maxQueued) return Promise.resolve('queue-full');
    return new Promise((resolve) => {
      const waiter: Waiter = {
        grant: resolve,
        timer: setTimeout(() => {
          const index = this.waiting.indexOf(waiter);
          if (index >= 0) this.waiting.splice(index, 1);
          resolve('wait-timeout');
        }, this.limits.maxWaitMs),
      };
      this.waiting.push(waiter);
    });
  }

  /** Invocations running now and requests waiting, for tests and diagnostics. */
  get state(): { inFlight: number; queued: number } {
    return { inFlight: this.inFlight, queued: this.waiting.length };
  }

  private take(): Release {
    this.inFlight += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.inFlight -= 1;
      const next = this.waiting.shift();
      if (next) {
        clearTimeout(next.timer);
        next.grant(this.take());
      }
    };
  }
}

const positiveInt = (name: string, fallback: number, env: NodeJS.ProcessEnv): number => {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, not "${raw}"`);
  return value;
};

/** The limits from `KONKURS_GATEWAY_CONCURRENCY`, `KONKURS_GATEWAY_QUEUE` and `KONKURS_GATEWAY_QUEUE_WAIT_MS`. */
export const admissionFromEnv = (env: NodeJS.ProcessEnv = process.env): AdmissionLimits => ({
  maxInFlight: positiveInt('KONKURS_GATEWAY_CONCURRENCY', DEFAULT_ADMISSION.maxInFlight, env),
  maxQueued: positiveInt('KONKURS_GATEWAY_QUEUE', DEFAULT_ADMISSION.maxQueued, env),
  maxWaitMs: positiveInt('KONKURS_GATEWAY_QUEUE_WAIT_MS', DEFAULT_ADMISSION.maxWaitMs, env),
});
