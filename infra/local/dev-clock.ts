/**
 * Keeps the development clock's offset (`POST /dev/clock`) in the data folder, so data written while the clock was
 * advanced does not lie in the future after a restart.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { advanceClock, clockOffsetMs } from '../../shared/clock.js';

export const DEV_CLOCK_FILE = 'dev-clock.json';

/** Moves the clock to the offset saved by an earlier run (it only moves forward). */
export const restoreDevClock = (dataDir: string): void => {
  const file = join(dataDir, DEV_CLOCK_FILE);
  if (!existsSync(file)) return;
  let saved: number;
  try {
    saved = Number((JSON.parse(readFileSync(file, 'utf8')) as { offsetMs?: unknown }).offsetMs);
  } catch {
    return;
  }
  if (Number.isFinite(saved) && saved > clockOffsetMs()) advanceClock((saved - clockOffsetMs()) / 1000);
};

/** Saves the current offset; called before `POST /dev/clock` answers. Replaced whole by a rename. */
export const saveDevClock = (dataDir: string): void => {
  const file = join(dataDir, DEV_CLOCK_FILE);
  writeFileSync(`${file}.tmp`, JSON.stringify({ offsetMs: clockOffsetMs() }));
  renameSync(`${file}.tmp`, file);
};
