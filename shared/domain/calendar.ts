/**
 * Kazakhstan's working-day calendar and Almaty local time.
 *
 * Deadlines are counted in working days, so the calendar is data kept per year, apart from the rules that read it:
 * holidays move when the government issues its yearly day-off transfer decree, and such a change is an edit of
 * {@link KZ_CALENDAR} alone. That data is compiled into the functions, so a new decree still ships as a release;
 * every function that counts working days takes a `calendar` argument, so a calendar read at run time could replace
 * the default without touching the rules.
 *
 * @module
 */

import type { Lang } from './regions.js';

/** Days off and working weekend days of one calendar year, as ISO dates (`YYYY-MM-DD`). */
export interface YearCalendar {
  /**
   * Public holidays, including those on a weekend, plus the weekdays off carried over from holidays on a weekend.
   */
  readonly holidays: readonly string[];
  /** Weekdays made days off by the government's yearly transfer decree. */
  readonly extraDaysOff: readonly string[];
  /** Saturdays or Sundays made working days by the same decree. */
  readonly workingWeekends: readonly string[];
}

/** A working-day calendar: per-year data keyed by the Gregorian year. */
export type WorkingCalendar = Readonly<Record<number, YearCalendar>>;

/**
 * Kazakhstan's days off for the years the platform schedules in.
 *
 * Under art. 85 of the Labour Code a public holiday that falls on a Saturday or Sunday moves the day off to the
 * next working day; religious holidays (Orthodox Christmas on 7 January, Kurban Ait) are excepted. Those
 * carried-over days are listed among `holidays` because they are fixed by law, not by decree.
 *
 * `extraDaysOff` and `workingWeekends` are data to be filled from each year's government decree on day-off
 * transfers; only transfers known for certain are entered, so a year with empty lists may still gain some.
 */
export const KZ_CALENDAR: Record<number, { holidays: string[]; extraDaysOff: string[]; workingWeekends: string[] }> = {
  2025: {
    holidays: [
      '2025-01-01',
      '2025-01-02',
      '2025-01-07',
      '2025-03-08',
      '2025-03-10', // carried over from 8 March, a Saturday
      '2025-03-21',
      '2025-03-22',
      '2025-03-23',
      '2025-03-24', // carried over from Nauryz 22 March, a Saturday
      '2025-03-25', // carried over from Nauryz 23 March, a Sunday
      '2025-05-01',
      '2025-05-07',
      '2025-05-09',
      '2025-06-06', // Kurban Ait
      '2025-07-06',
      '2025-07-07', // carried over from 6 July, a Sunday
      '2025-08-30',
      '2025-09-01', // carried over from 30 August, a Saturday
      '2025-10-25',
      '2025-10-27', // carried over from 25 October, a Saturday
      '2025-12-16',
    ],
    // Government decree: Friday 3 January became a day off in exchange for working Sunday 5 January.
    extraDaysOff: ['2025-01-03'],
    workingWeekends: ['2025-01-05'],
  },
  2026: {
    holidays: [
      '2026-01-01',
      '2026-01-02',
      '2026-01-07',
      '2026-03-08',
      '2026-03-09', // carried over from 8 March, a Sunday
      '2026-03-21',
      '2026-03-22',
      '2026-03-23',
      '2026-03-24', // carried over from Nauryz 21 March, a Saturday
      '2026-03-25', // carried over from Nauryz 22 March, a Sunday
      '2026-05-01',
      '2026-05-07',
      '2026-05-09',
      '2026-05-11', // carried over from 9 May, a Saturday
      '2026-05-27', // Kurban Ait
      '2026-07-06',
      '2026-08-30',
      '2026-08-31', // carried over from 30 August, a Sunday
      '2026-10-25',
      '2026-10-26', // carried over from 25 October, a Sunday
      '2026-12-16',
    ],
    extraDaysOff: [],
    workingWeekends: [],
  },
  2027: {
    holidays: [
      '2027-01-01',
      '2027-01-02',
      '2027-01-04', // carried over from 2 January, a Saturday
      '2027-01-07',
      '2027-03-08',
      '2027-03-21',
      '2027-03-22',
      '2027-03-23',
      '2027-03-24', // carried over from Nauryz 21 March, a Sunday, to the first working day after Nauryz
      '2027-05-01',
      '2027-05-03', // carried over from 1 May, a Saturday
      '2027-05-07',
      '2027-05-09',
      '2027-05-10', // carried over from 9 May, a Sunday
      '2027-05-16', // Kurban Ait, a Sunday; religious, so nothing is carried over
      '2027-07-06',
      '2027-08-30',
      '2027-10-25',
      '2027-12-16',
    ],
    extraDaysOff: [],
    workingWeekends: [],
  },
};

/**
 * Holidays fixed to a calendar date (month-day). Kurban Ait is absent because it follows the lunar calendar,
 * so a year missing from the calendar data cannot know it.
 */
const FIXED_DATE_HOLIDAYS: ReadonlySet<string> = new Set([
  '01-01',
  '01-02',
  '01-07',
  '03-08',
  '03-21',
  '03-22',
  '03-23',
  '05-01',
  '05-07',
  '05-09',
  '07-06',
  '08-30',
  '10-25',
  '12-16',
]);

/** Almaty has kept UTC+05:00 all year since 1 March 2024; a fixed offset avoids depending on the host's tzdata. */
const ALMATY_OFFSET_MS = 5 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
/** Deadlines close at 18:00 Almaty, the end of the business day. */
const DEADLINE_HOUR_UTC = 18 - 5;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Midnight UTC of an ISO date, used as a day number; throws on impossible dates such as 2026-02-30. */
function isoDateToUtcMs(isoDate: string): number {
  const match = ISO_DATE.exec(isoDate);
  if (match) {
    const ms = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
    if (new Date(ms).toISOString().slice(0, 10) === isoDate) return ms;
  }
  throw new RangeError(`not an ISO calendar date (YYYY-MM-DD): ${JSON.stringify(isoDate)}`);
}

function utcMsToIsoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function assertValidDate(d: Date, name: string): void {
  if (Number.isNaN(d.getTime())) throw new RangeError(`${name} is an invalid Date`);
}

/**
 * Whether a calendar date is a working day in Kazakhstan.
 *
 * For a year absent from `calendar`, only weekends and the fixed-date holidays count as days off: Kurban Ait,
 * carried-over days and decree transfers are unknown for such years, so deadlines there may come a day early.
 *
 * @param isoDate - a date as `YYYY-MM-DD`
 * @param calendar - per-year data; defaults to {@link KZ_CALENDAR}
 * @throws RangeError when `isoDate` is not a valid ISO date
 */
export function isWorkingDay(isoDate: string, calendar: WorkingCalendar = KZ_CALENDAR): boolean {
  const dayOfWeek = new Date(isoDateToUtcMs(isoDate)).getUTCDay();
  const weekend = dayOfWeek === 0 || dayOfWeek === 6;
  const year = calendar[Number(isoDate.slice(0, 4))];
  if (!year) return !weekend && !FIXED_DATE_HOLIDAYS.has(isoDate.slice(5));
  if (weekend) return year.workingWeekends.includes(isoDate);
  return !year.holidays.includes(isoDate) && !year.extraDaysOff.includes(isoDate);
}

/**
 * The Almaty-local calendar date of an instant.
 *
 * @param d - the instant
 * @returns `YYYY-MM-DD` in Almaty time (UTC+05:00)
 */
export function almatyDate(d: Date): string {
  assertValidDate(d, 'date');
  return utcMsToIsoDate(d.getTime() + ALMATY_OFFSET_MS);
}

/**
 * The deadline that lies `days` working days after `start`.
 *
 * The period ends at 18:00 Almaty time on the `days`-th working day strictly after the Almaty-local date of
 * `start`, so the day of `start` never counts, however early it is. With `days = 0` the result is 18:00 on the
 * local date of `start` itself, working day or not.
 *
 * @param start - the instant the period starts
 * @param days - a non-negative whole number of working days
 * @param calendar - per-year data; defaults to {@link KZ_CALENDAR}
 * @returns the deadline as a Date (an instant; serialise with `toISOString()`)
 * @throws RangeError when `start` is invalid or `days` is negative or fractional
 */
export function addWorkingDays(start: Date, days: number, calendar: WorkingCalendar = KZ_CALENDAR): Date {
  if (!Number.isInteger(days) || days < 0) throw new RangeError(`days must be a non-negative integer, got ${days}`);
  let dayMs = isoDateToUtcMs(almatyDate(start));
  let remaining = days;
  while (remaining > 0) {
    dayMs += DAY_MS;
    if (isWorkingDay(utcMsToIsoDate(dayMs), calendar)) remaining--;
  }
  return new Date(dayMs + DEADLINE_HOUR_UTC * 60 * 60 * 1000);
}

/**
 * Counts working days d with Almaty-local date of `from` < d ≤ Almaty-local date of `to`.
 *
 * It is the inverse of {@link addWorkingDays}: `workingDaysBetween(s, addWorkingDays(s, n)) === n`. When `to` is
 * on an earlier local date than `from` the count is negative, so that swapping the arguments flips the sign.
 *
 * @param from - the earlier instant (exclusive by local date)
 * @param to - the later instant (inclusive by local date)
 * @param calendar - per-year data; defaults to {@link KZ_CALENDAR}
 */
export function workingDaysBetween(from: Date, to: Date, calendar: WorkingCalendar = KZ_CALENDAR): number {
  const fromMs = isoDateToUtcMs(almatyDate(from));
  const toMs = isoDateToUtcMs(almatyDate(to));
  if (toMs < fromMs) return -workingDaysBetween(to, from, calendar);
  let count = 0;
  for (let dayMs = fromMs + DAY_MS; dayMs <= toMs; dayMs += DAY_MS) {
    if (isWorkingDay(utcMsToIsoDate(dayMs), calendar)) count++;
  }
  return count;
}

const DISPLAY_LOCALES: Readonly<Record<Lang, string>> = { kk: 'kk-KZ', ru: 'ru-RU', en: 'en-GB' };

/**
 * Formats an instant as Almaty date and time for people to read, e.g. "26 March 2026 at 18:00".
 *
 * @param d - the instant
 * @param lang - the display language
 */
export function formatAlmaty(d: Date, lang: Lang): string {
  assertValidDate(d, 'date');
  return new Intl.DateTimeFormat(DISPLAY_LOCALES[lang], {
    timeZone: 'Asia/Almaty',
    dateStyle: 'long',
    timeStyle: 'short',
  }).format(d);
}
