/**
 * Identifiers that sort by creation time (a ULID-like form: 10 characters of milliseconds, 10 of randomness, in
 * Crockford base32), so items keyed by them list in the order they were made.
 */
import { randomBytes } from 'node:crypto';
import { nowMs } from '../clock.js';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

const encodeTime = (ms: number): string => {
  let out = '';
  let value = ms;
  for (let i = 0; i < 10; i += 1) {
    out = ALPHABET[value % 32]! + out;
    value = Math.floor(value / 32);
  }
  return out;
};

/** A new time-ordered id (20 characters). */
export const newId = (): string => {
  const random = randomBytes(10);
  let tail = '';
  for (const byte of random) tail += ALPHABET[byte % 32];
  return `${encodeTime(nowMs())}${tail}`;
};

export const ID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{20}$/;
