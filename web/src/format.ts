/**
 * Display formats: tenge through `formatTenge` and Almaty time through `formatAlmaty` (shared/domain), with a
 * Kazakh fallback for browsers whose ICU lacks Kazakh data. Chromium's trimmed ICU, for one, accepts `kk-KZ` but
 * formats it with root-locale patterns ("2026 M03 26", "₸ 1,234.00"); the fallback writes what CLDR's Kazakh data says
 * ("2026 ж. 26 наурыз, 18:00", "1 234 ₸").
 */
import { formatAlmaty } from '../../shared/domain/calendar.js';
import { formatTenge, MONEY_PATTERN } from '../../shared/domain/money.js';
import type { Lang } from '../../shared/domain/regions.js';

const KK_MONTHS = ['қаңтар', 'ақпан', 'наурыз', 'сәуір', 'мамыр', 'маусым', 'шілде', 'тамыз', 'қыркүйек', 'қазан', 'қараша', 'желтоқсан'];

/** True when this browser's Intl knows Kazakh month names. */
const kazakhDataPresent = ((): boolean => {
  try {
    const march = new Intl.DateTimeFormat('kk-KZ', { month: 'long', timeZone: 'UTC' }).format(Date.UTC(2026, 2, 15));
    return march.toLowerCase().includes('наурыз');
  } catch {
    return false;
  }
})();

const almatyParts = (d: Date): Record<string, string> =>
  Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Asia/Almaty',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(d)
      .map((p) => [p.type, p.value]),
  );

/** Tenge for people to read, e.g. "1 250 000 000 ₸" (ru, kk) or "₸1,250,000,000" (en). */
export const money = (amount: string | undefined, lang: Lang): string => {
  if (amount === undefined || !MONEY_PATTERN.test(amount)) return amount ?? '—';
  // CLDR lays out Kazakh and Russian tenge identically (grouping by spaces, comma decimals, ₸ after).
  return formatTenge(amount, lang === 'kk' && !kazakhDataPresent ? 'ru' : lang);
};

/** Short scale words of `compactMoney`, in each language (the same in Kazakh and Russian). */
const SCALES: Readonly<Record<Lang, readonly (readonly [bigint, string])[]>> = {
  ru: [[10n ** 12n, 'трлн'], [10n ** 9n, 'млрд'], [10n ** 6n, 'млн']],
  kk: [[10n ** 12n, 'трлн'], [10n ** 9n, 'млрд'], [10n ** 6n, 'млн']],
  en: [[10n ** 12n, 'tn'], [10n ** 9n, 'bn'], [10n ** 6n, 'm']],
};

/**
 * Tenge in few characters for a figure card, e.g. "974 млрд ₸" or "₸974.3 bn": tenths cut, never rounded up (in
 * integers, so no float error shows); amounts under a million are written in full. Show the exact amount beside it.
 */
export const compactMoney = (amount: string | undefined, lang: Lang): string => {
  if (amount === undefined || !MONEY_PATTERN.test(amount)) return amount ?? '—';
  const whole = BigInt(amount.split('.')[0] ?? '0');
  const scale = SCALES[lang].find(([size]) => whole >= size);
  if (!scale) return money(amount, lang);
  const tenths = Number((whole * 10n) / scale[0]);
  const figure = new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'ru-RU', { maximumFractionDigits: 1 }).format(tenths / 10);
  return lang === 'en' ? `₸${figure} ${scale[1]}` : `${figure} ${scale[1]} ₸`;
};

/** An instant as Almaty date and time, e.g. "26 марта 2026 г. в 18:00". */
export const dateTime = (iso: string | undefined, lang: Lang): string => {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  if (lang === 'kk' && !kazakhDataPresent) {
    const p = almatyParts(d);
    return `${p.year} ж. ${Number(p.day)} ${KK_MONTHS[Number(p.month) - 1]}, ${p.hour}:${p.minute}`;
  }
  return formatAlmaty(d, lang);
};

const LOCALES: Readonly<Record<Lang, string>> = { kk: 'kk-KZ', ru: 'ru-RU', en: 'en-GB' };

/** A calendar date (`YYYY-MM-DD`) written out, e.g. "31 декабря 2026 г.". */
export const date = (isoDate: string | undefined, lang: Lang): string => {
  if (!isoDate || !/^\d{4}-\d{2}-\d{2}/.test(isoDate)) return isoDate ?? '—';
  const [y, m, d] = isoDate.slice(0, 10).split('-').map(Number) as [number, number, number];
  if (lang === 'kk' && !kazakhDataPresent) return `${y} ж. ${d} ${KK_MONTHS[m - 1]}`;
  return new Intl.DateTimeFormat(LOCALES[lang], { dateStyle: 'long', timeZone: 'UTC' }).format(Date.UTC(y, m - 1, d));
};

/** A whole number with the language's grouping. */
export const count = (n: number, lang: Lang): string =>
  new Intl.NumberFormat(lang === 'kk' && !kazakhDataPresent ? 'ru-RU' : LOCALES[lang], { maximumFractionDigits: 1 }).format(n);

const SIZE_UNITS: Readonly<Record<Lang, readonly string[]>> = {
  kk: ['байт', 'КБ', 'МБ', 'ГБ'],
  ru: ['байт', 'КБ', 'МБ', 'ГБ'],
  en: ['bytes', 'KB', 'MB', 'GB'],
};

/** A file size in binary units with one decimal, e.g. "1,5 МБ" or "1.5 MB". */
export const fileSize = (bytes: number, lang: Lang): string => {
  let unit = 0;
  let value = bytes;
  while (value >= 1024 && unit < SIZE_UNITS[lang].length - 1) {
    value /= 1024;
    unit++;
  }
  return `${count(value, lang)} ${SIZE_UNITS[lang][unit]}`;
};

/** A share as a percentage, e.g. "42 %". */
export const percent = (fraction: number, lang: Lang): string =>
  new Intl.NumberFormat(lang === 'kk' && !kazakhDataPresent ? 'ru-RU' : LOCALES[lang], { style: 'percent', maximumFractionDigits: 0 }).format(fraction);

/** Parses what a person typed as tenge ("1 250 000,50") into the API's decimal string, or undefined. */
export const parseTengeInput = (text: string): string | undefined => {
  const cleaned = text.replace(/[\s\u00a0\u202f₸]/g, '').replace(',', '.');
  return MONEY_PATTERN.test(cleaned) ? cleaned : undefined;
};
