/**
 * Tenge amounts as decimal strings.
 *
 * Values reach hundreds of billions of tenge and are summed across hundreds of projects, so arithmetic happens
 * on whole tiyn (1/100 tenge) as `bigint`: binary floats would make totals drift and fail exact comparisons.
 *
 * @module
 */

import type { Lang } from './regions.js';

/**
 * A non-negative tenge amount: up to 15 integer digits without leading zeros, optionally a point and one or two
 * fraction digits; no sign, exponent, grouping or whitespace. Examples: `"0"`, `"125000000"`, `"99.5"`, `"1234.56"`.
 */
export const MONEY_PATTERN = /^(?:0|[1-9]\d{0,14})(?:\.\d{1,2})?$/;

const TIYN_PER_TENGE = 100n;

/** Whether `s` is a well-formed tenge amount ({@link MONEY_PATTERN}) above zero; never throws, whatever `s` is. */
export function isPositiveMoney(s: unknown): boolean {
  return typeof s === 'string' && MONEY_PATTERN.test(s) && parseMoney(s) > 0n;
}
const MAX_TIYN = 10n ** 17n - 1n;

/**
 * Converts a tenge amount to whole tiyn.
 *
 * @param s - an amount matching {@link MONEY_PATTERN}
 * @returns the amount × 100 as a bigint
 * @throws RangeError when `s` does not match {@link MONEY_PATTERN}
 */
export function parseMoney(s: string): bigint {
  if (!MONEY_PATTERN.test(s)) throw new RangeError(`not a tenge amount: ${JSON.stringify(s)}`);
  const [integer = '0', fraction = ''] = s.split('.');
  return BigInt(integer) * TIYN_PER_TENGE + BigInt(fraction.padEnd(2, '0'));
}

/**
 * Writes whole tiyn as a canonical tenge amount: no fraction when whole, otherwise the fraction without
 * trailing zeros (9950n → `"99.5"`, 12345n → `"123.45"`, 10000n → `"100"`). Equal amounts thus give equal
 * strings, which lets stored values be compared and deduplicated as text.
 *
 * @param tiyn - a non-negative amount in tiyn
 * @returns a string matching {@link MONEY_PATTERN}
 * @throws RangeError when `tiyn` is negative or has more than 15 integer digits of tenge
 */
export function formatMoneyString(tiyn: bigint): string {
  if (tiyn < 0n || tiyn > MAX_TIYN) throw new RangeError(`tiyn amount out of range: ${tiyn}`);
  const integer = (tiyn / TIYN_PER_TENGE).toString();
  const fraction = (tiyn % TIYN_PER_TENGE).toString().padStart(2, '0').replace(/0+$/, '');
  return fraction ? `${integer}.${fraction}` : integer;
}

/**
 * Compares two tenge amounts numerically, so that `"100"` equals `"100.00"`.
 *
 * @returns -1 if `a` < `b`, 0 if equal, 1 if `a` > `b`
 * @throws RangeError when either amount does not match {@link MONEY_PATTERN}
 */
export function compareMoney(a: string, b: string): -1 | 0 | 1 {
  const x = parseMoney(a);
  const y = parseMoney(b);
  if (x < y) return -1;
  return x > y ? 1 : 0;
}

/**
 * Adds two tenge amounts exactly.
 *
 * @returns the canonical sum (see {@link formatMoneyString})
 * @throws RangeError when an amount is malformed or the sum exceeds 15 integer digits
 */
export function addMoney(a: string, b: string): string {
  return formatMoneyString(parseMoney(a) + parseMoney(b));
}

/**
 * Sums tenge amounts exactly.
 *
 * @param list - amounts matching {@link MONEY_PATTERN}
 * @returns the canonical sum; `"0"` for an empty list
 * @throws RangeError when an amount is malformed or the sum exceeds 15 integer digits
 */
export function sumMoney(list: Iterable<string>): string {
  let total = 0n;
  for (const amount of list) total += parseMoney(amount);
  return formatMoneyString(total);
}

const DISPLAY_LOCALES: Readonly<Record<Lang, string>> = { kk: 'kk-KZ', ru: 'ru-RU', en: 'en-GB' };

/**
 * Formats a tenge amount for people to read, e.g. `"974 000 000 000 ₸"` (ru, kk) or `"₸1,234.56"` (en).
 *
 * Tiyn are shown, as two fraction digits, only when the amount is not whole. The integer part is
 * formatted as a bigint, so every digit is exact at any size.
 *
 * @param s - an amount matching {@link MONEY_PATTERN}
 * @param lang - the display language
 * @throws RangeError when `s` does not match {@link MONEY_PATTERN}
 */
export function formatTenge(s: string, lang: Lang): string {
  const tiyn = parseMoney(s);
  const integer = tiyn / TIYN_PER_TENGE;
  const fraction = tiyn % TIYN_PER_TENGE;
  const digits = fraction === 0n ? 0 : 2;
  const format = new Intl.NumberFormat(DISPLAY_LOCALES[lang], {
    style: 'currency',
    currency: 'KZT',
    // The symbol ₸ rather than the code "KZT" in every language, as people in Kazakhstan write it.
    currencyDisplay: 'narrowSymbol',
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
  // Intl cannot format tiyn exactly from a number, so the locale's layout is taken from the integer part and the
  // fraction digits are written in by hand.
  return format
    .formatToParts(integer)
    .map((part) => (part.type === 'fraction' ? fraction.toString().padStart(2, '0') : part.value))
    .join('');
}
