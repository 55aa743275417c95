/**
 * Server time for countdowns. Locally the API runs on a development clock that tests move forward
 * (`GET /dev/clock`); the portal measures the offset so a countdown shows what the server will decide.
 * In AWS the offset stays 0: the browser's clock is trusted for display only; the server decides.
 */
import { config } from './config.js';

let offsetMs = 0;

export const syncServerClock = async (): Promise<void> => {
  if (config().auth !== 'dev') return;
  try {
    const before = Date.now();
    const response = await fetch(`${config().apiUrl}/dev/clock`);
    const { now } = (await response.json()) as { now: string };
    offsetMs = new Date(now).getTime() - (before + Date.now()) / 2;
  } catch {
    offsetMs = 0;
  }
};

export const serverNow = (): number => Date.now() + offsetMs;
