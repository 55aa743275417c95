import { describe, expect, it } from 'vitest';
import {
  addWorkingDays,
  almatyDate,
  formatAlmaty,
  isWorkingDay,
  KZ_CALENDAR,
  workingDaysBetween,
  type WorkingCalendar,
} from '../../shared/domain/calendar.js';

const DAY_MS = 24 * 60 * 60 * 1000;

describe('isWorkingDay', () => {
  it.each([
    ['2026-03-20', true], // Friday before Nauryz
    ['2026-03-23', false], // Nauryz
    ['2026-03-24', false], // carried over from Nauryz on Saturday 21 March
    ['2026-03-25', false], // carried over from Nauryz on Sunday 22 March
    ['2026-03-26', true],
    ['2026-05-11', false], // carried over from 9 May, a Saturday
    ['2026-05-27', false], // Kurban Ait
    ['2025-06-06', false], // Kurban Ait
    ['2027-05-17', true], // Kurban Ait fell on Sunday 16 May and, being religious, is not carried over
    ['2027-01-04', false], // carried over from 2 January, a Saturday
    ['2027-03-24', false], // carried over from Nauryz on Sunday 21 March, after Nauryz ends
    ['2025-01-03', false], // decree transfer: day off
    ['2025-01-05', true], // decree transfer: working Sunday
    ['2026-03-28', false], // ordinary Saturday
  ])('treats %s as working: %s', (isoDate, expected) => {
    // Prepare
    const date = isoDate;

    // Act
    const working = isWorkingDay(date);

    // Assess
    expect(working).toBe(expected);
  });

  it('falls back to weekends and fixed-date holidays for years without data', () => {
    // Prepare: 2030 is not in the calendar data.
    const dates = ['2030-03-08', '2030-03-11', '2030-01-02', '2030-01-05'];

    // Act
    const working = dates.map((date) => isWorkingDay(date));

    // Assess: 8 March (Fri) off; no carry-over is known, so Monday 11 March works; 5 January is a Saturday.
    expect(KZ_CALENDAR[2030]).toBeUndefined();
    expect(working).toEqual([false, true, false, false]);
  });

  it('uses a calendar passed in instead of the built-in data', () => {
    // Prepare
    const calendar: WorkingCalendar = {
      2026: { holidays: [], extraDaysOff: ['2026-03-20'], workingWeekends: ['2026-03-21'] },
    };

    // Act
    const working = ['2026-03-20', '2026-03-21', '2026-03-23'].map((date) => isWorkingDay(date, calendar));

    // Assess
    expect(working).toEqual([false, true, true]);
  });

  it.each(['2026-02-30', '2026-3-1', '20260301', ''])('rejects the malformed date %j', (isoDate) => {
    // Prepare
    const date = isoDate;

    // Act
    const check = () => isWorkingDay(date);

    // Assess
    expect(check).toThrow(RangeError);
  });
});

describe('almatyDate', () => {
  it('shifts UTC instants by five hours', () => {
    // Prepare
    const beforeMidnight = new Date('2026-03-19T18:59:59.999Z');
    const atMidnight = new Date('2026-03-19T19:00:00.000Z');

    // Act
    const dates = [almatyDate(beforeMidnight), almatyDate(atMidnight)];

    // Assess
    expect(dates).toEqual(['2026-03-19', '2026-03-20']);
  });
});

describe('addWorkingDays', () => {
  it('skips Nauryz and the weekend after Friday 20 March 2026', () => {
    // Prepare
    const friday = new Date('2026-03-20T10:00:00+05:00');

    // Act
    const end = addWorkingDays(friday, 1);

    // Assess: 21–22 weekend, 23 Nauryz, 24–25 carried over; ends Thursday 26 March at 18:00 Almaty.
    expect(end.toISOString()).toBe('2026-03-26T13:00:00.000Z');
  });

  it('skips the New Year holidays and honours decree transfers', () => {
    // Prepare
    const eve2025 = new Date('2024-12-31T12:00:00+05:00');
    const eve2026 = new Date('2025-12-31T12:00:00+05:00');

    // Act
    const ends = [addWorkingDays(eve2025, 1), addWorkingDays(eve2026, 1)];

    // Assess: 1–2 January off, 3 January 2025 off by decree with Sunday 5 January worked instead.
    expect(ends.map((d) => d.toISOString())).toEqual(['2025-01-05T13:00:00.000Z', '2026-01-05T13:00:00.000Z']);
  });

  it('skips Kurban Ait', () => {
    // Prepare
    const tuesday = new Date('2026-05-26T09:00:00+05:00');

    // Act
    const end = addWorkingDays(tuesday, 1);

    // Assess
    expect(end.toISOString()).toBe('2026-05-28T13:00:00.000Z');
  });

  it('skips a day off carried over from a holiday on a weekend', () => {
    // Prepare: Friday 28 August 2026; 30 August is a Sunday, so Monday 31 August is off.
    const friday = new Date('2026-08-28T09:00:00+05:00');

    // Act
    const end = addWorkingDays(friday, 1);

    // Assess
    expect(end.toISOString()).toBe('2026-09-01T13:00:00.000Z');
  });

  it('counts from the Almaty date, not the UTC date', () => {
    // Prepare: 01:00 Almaty on Friday 20 March is still Thursday 19 March in UTC.
    const earlyFriday = new Date('2026-03-19T20:00:00Z');
    const lateThursday = new Date('2026-03-19T18:59:00Z');

    // Act
    const ends = [addWorkingDays(earlyFriday, 1), addWorkingDays(lateThursday, 1)];

    // Assess
    expect(ends.map((d) => d.toISOString())).toEqual(['2026-03-26T13:00:00.000Z', '2026-03-20T13:00:00.000Z']);
  });

  it('never counts the start day, even when it starts before 18:00 on a working day', () => {
    // Prepare
    const mondayMorning = new Date('2026-06-01T00:30:00+05:00');

    // Act
    const end = addWorkingDays(mondayMorning, 1);

    // Assess
    expect(almatyDate(end)).toBe('2026-06-02');
  });

  it('rejects negative or fractional day counts', () => {
    // Prepare
    const start = new Date('2026-06-01T10:00:00+05:00');

    // Act
    const negative = () => addWorkingDays(start, -1);
    const fractional = () => addWorkingDays(start, 1.5);

    // Assess
    expect(negative).toThrow(RangeError);
    expect(fractional).toThrow(RangeError);
  });
});

describe('workingDaysBetween', () => {
  it('inverts addWorkingDays from every day of 2026', () => {
    // Prepare
    const starts = Array.from({ length: 365 }, (_, i) => new Date(Date.UTC(2026, 0, 1, 6) + i * DAY_MS));
    const failures: string[] = [];

    // Act
    for (const start of starts) {
      for (const n of [1, 2, 3, 5, 10, 15]) {
        const end = addWorkingDays(start, n);
        const dayBefore = new Date(end.getTime() - DAY_MS);
        const ok =
          workingDaysBetween(start, end) === n &&
          workingDaysBetween(start, dayBefore) === n - 1 &&
          isWorkingDay(almatyDate(end)) &&
          end.getUTCHours() === 13 &&
          end.getUTCMinutes() === 0;
        if (!ok) failures.push(`${start.toISOString()} + ${n} → ${end.toISOString()}`);
      }
    }

    // Assess
    expect(failures).toEqual([]);
  });

  it('counts the working days of 2026 from the calendar data', () => {
    // Prepare: 261 weekdays less 15 weekday holidays and carried-over days.
    const from = new Date('2025-12-31T12:00:00+05:00');
    const to = new Date('2026-12-31T12:00:00+05:00');

    // Act
    const count = workingDaysBetween(from, to);

    // Assess
    expect(count).toBe(246);
  });

  it('is negative when the dates are reversed and zero on the same local date', () => {
    // Prepare
    const monday = new Date('2026-06-01T10:00:00+05:00');
    const friday = new Date('2026-06-05T10:00:00+05:00');

    // Act
    const counts = [workingDaysBetween(friday, monday), workingDaysBetween(monday, new Date(monday.getTime() + 1))];

    // Assess
    expect(counts).toEqual([-4, 0]);
  });
});

describe('formatAlmaty', () => {
  it('shows the Almaty wall-clock time in each language', () => {
    // Prepare
    const deadline = new Date('2026-03-26T13:00:00.000Z');

    // Act
    const texts = { en: formatAlmaty(deadline, 'en'), ru: formatAlmaty(deadline, 'ru'), kk: formatAlmaty(deadline, 'kk') };

    // Assess
    expect(texts.en).toBe('26 March 2026 at 18:00');
    expect(texts.ru).toContain('26 марта 2026');
    expect(texts.ru).toContain('18:00');
    expect(texts.kk).toContain('2026');
    expect(texts.kk).toContain('18:00');
  });
});
