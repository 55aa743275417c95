/**
 * The one source of time for domain code, handlers and the schedule.
 *
 * In AWS it is the system clock. The local runtime's development clock (`POST /dev/clock`) moves it forward by an
 * offset kept on `globalThis`, so every handler loaded in the local process sees the same moved time; nothing in the
 * AWS stacks ever sets the offset.
 */
const OFFSET_KEY = Symbol.for('konkurs.clock.offsetMs');

type ClockHolder = { [OFFSET_KEY]?: number };

const offsetMs = (): number => (globalThis as ClockHolder)[OFFSET_KEY] ?? 0;

/** Milliseconds since the epoch, as the platform sees them. */
export const nowMs = (): number => Date.now() + offsetMs();

/** The current time, as the platform sees it. */
export const now = (): Date => new Date(nowMs());

/** The current time as an ISO 8601 UTC string. */
export const nowIso = (): string => now().toISOString();

/** Moves the clock forward (local runtime only). Time never moves backwards. */
export const advanceClock = (seconds: number): void => {
  if (!(seconds >= 0)) throw new RangeError('the clock only moves forward');
  (globalThis as ClockHolder)[OFFSET_KEY] = offsetMs() + Math.round(seconds * 1000);
};

/** How far the clock has been moved ahead of the system clock, in milliseconds. */
export const clockOffsetMs = offsetMs;
