/**
 * Keeps the local mailbox (aws-ses-v2-local keeps sent mail in memory) in the data folder: every email the emulator
 * accepts is appended to `mailbox.jsonl` before it answers SendEmail, and read back at the next start, so the mailbox
 * page and `GET /store` show what was sent before a restart (or a kill -9) too. `POST /clear-store` empties both.
 */
import { closeSync, existsSync, openSync, readFileSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

interface SesStore {
  emails: unknown[];
  templates: Map<string, unknown>;
}

export const MAILBOX_FILE = 'mailbox.jsonl';

const require = createRequire(import.meta.url);

/** Hooks the emulator's store (a module-level object it reads on every request). Call before it serves. */
export interface MailboxHook {
  /** Called with each email the emulator accepts, right after it is journaled, before SendEmail is answered. */
  onEmail(listener: (email: StoredEmail) => void): void;
  close(): void;
}

/** An email as aws-ses-v2-local stores it. */
export interface StoredEmail {
  messageId: string;
  from: string;
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  headers?: { name: string; value: string }[];
  at: number;
}

export const persistMailbox = (dataDir: string): MailboxHook => {
  const { getStoreReadonly } = require('aws-ses-v2-local/dist/store.js') as { getStoreReadonly: () => SesStore };
  const store = getStoreReadonly();
  const file = join(dataDir, MAILBOX_FILE);
  const restored: unknown[] = [];
  if (existsSync(file)) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (!line) continue;
      try {
        restored.push(JSON.parse(line));
      } catch {
        // a torn last line: that email's SendEmail had not been answered
      }
    }
  }
  let fd: number | undefined = openSync(file, 'a');
  let listener: ((email: StoredEmail) => void) | undefined;

  /** The emulator only pushes to `emails` and replaces it on clear-store: both are journaled. */
  const journaled = (initial: unknown[]): unknown[] => {
    const emails = [...initial];
    emails.push = (...items: unknown[]): number => {
      if (fd !== undefined) writeSync(fd, items.map((item) => `${JSON.stringify(item)}\n`).join(''));
      const length = Array.prototype.push.apply(emails, items);
      for (const item of items) listener?.(item as StoredEmail);
      return length;
    };
    return emails;
  };
  let current = journaled(restored);
  Object.defineProperty(store, 'emails', {
    configurable: true,
    enumerable: true,
    get: () => current,
    set: (value: unknown[]) => {
      if (fd !== undefined) closeSync(fd);
      fd = openSync(file, 'w');
      for (const item of value) writeSync(fd, `${JSON.stringify(item)}\n`);
      current = journaled(value);
    },
  });
  return {
    onEmail: (next) => {
      listener = next;
    },
    close: () => {
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
    },
  };
};
