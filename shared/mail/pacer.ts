/**
 * Keeps one mailer container under its share of the SES sending rate. The event source runs at most
 * `maxConcurrency` containers at once, so each may send `rate / maxConcurrency` emails per second; together they stay
 * under the account's rate and SES never has to throttle.
 */
export interface Pacer {
  /** Resolves when the next send may start. */
  next(): Promise<void>;
}

export const createPacer = (
  emailsPerSecond: number,
  concurrency: number,
  clock: { now: () => number; sleep: (ms: number) => Promise<void> } = {
    now: () => performance.now(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  },
): Pacer => {
  const intervalMs = (1000 * concurrency) / emailsPerSecond;
  let nextAt = 0;
  return {
    next: async () => {
      const now = clock.now();
      const wait = nextAt - now;
      nextAt = Math.max(now, nextAt) + intervalMs;
      if (wait > 0) await clock.sleep(wait);
    },
  };
};
