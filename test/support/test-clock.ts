/**
 * The platform clock in unit tests: `shared/clock.ts` reads `Date.now()`, so faking `Date` alone (timers keep running)
 * puts every use case at the moment a test chooses, and moving it is moving the server's time.
 */
import { afterEach, beforeEach, vi } from 'vitest';

/** Fakes `Date` for every test of the calling file, starting at `startIso`. */
export const useTestClock = (startIso: string): void => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(startIso));
  });
  afterEach(() => {
    vi.useRealTimers();
  });
};

/** Moves the clock to `ms` milliseconds past `iso` (negative: before it). */
export const moveClockTo = (iso: string, ms = 0): Date => {
  const at = new Date(new Date(iso).getTime() + ms);
  vi.setSystemTime(at);
  return at;
};

/** Moves the clock forward by `seconds`. */
export const advanceClockBy = (seconds: number): Date => moveClockTo(new Date().toISOString(), seconds * 1000);
