import { describe, expect, it } from 'vitest';
import {
  computePeriods,
  extendTenderEnd,
  MIN_REMAINING_TENDER_WORKING_DAYS,
  PERIOD_DEFAULTS,
} from '../../shared/domain/periods.js';

describe('computePeriods', () => {
  it('opens questions at publication and bidding when questions close, across Nauryz', () => {
    // Prepare: Monday 16 March 2026, 09:00 Almaty.
    const publishedAt = new Date('2026-03-16T09:00:00+05:00');

    // Act
    const periods = computePeriods(publishedAt);

    // Assess: questions run Tue 17 and Wed 18; bids Thu 19, Fri 20, then after Nauryz (21–25) Thu 26, Fri 27, Mon 30.
    expect(periods).toEqual({
      enquiryPeriod: { startDate: '2026-03-16T04:00:00.000Z', endDate: '2026-03-18T13:00:00.000Z' },
      tenderPeriod: { startDate: '2026-03-18T13:00:00.000Z', endDate: '2026-03-30T13:00:00.000Z' },
    });
  });

  it('counts from the Almaty date even when publication is late on a UTC day', () => {
    // Prepare: 20:30 UTC on Friday 8 May 2026 is already Saturday 9 May (a holiday) in Almaty.
    const publishedAt = new Date('2026-05-08T20:30:00Z');

    // Act
    const periods = computePeriods(publishedAt);

    // Assess: 11 May is the day off carried over from 9 May, so questions run Tue 12 and Wed 13;
    // bids Thu 14, Fri 15, Mon 18, Tue 19, Wed 20.
    expect(periods.enquiryPeriod.endDate).toBe('2026-05-13T13:00:00.000Z');
    expect(periods.tenderPeriod.endDate).toBe('2026-05-20T13:00:00.000Z');
  });

  it('follows a custom configuration', () => {
    // Prepare
    const publishedAt = new Date('2026-06-01T10:00:00+05:00');
    const cfg = { ...PERIOD_DEFAULTS, enquiryWorkingDays: 1, tenderWorkingDays: 10 };

    // Act
    const periods = computePeriods(publishedAt, cfg);

    // Assess: Tue 2 June; then 3–5, 8–12, 15–16 June.
    expect(periods.enquiryPeriod.endDate).toBe('2026-06-02T13:00:00.000Z');
    expect(periods.tenderPeriod.endDate).toBe('2026-06-16T13:00:00.000Z');
  });
});

describe('extendTenderEnd', () => {
  const currentEnd = new Date('2026-03-30T13:00:00.000Z');

  it('keeps the deadline when enough working days remain', () => {
    // Prepare: Thursday 19 March; two working days later is Thursday 26 March.
    const now = new Date('2026-03-19T10:00:00+05:00');

    // Act
    const end = extendTenderEnd(now, currentEnd, MIN_REMAINING_TENDER_WORKING_DAYS);

    // Assess
    expect(end.toISOString()).toBe(currentEnd.toISOString());
  });

  it('moves the deadline out when too little time remains', () => {
    // Prepare: Friday 27 March; two working days later is Tuesday 31 March.
    const now = new Date('2026-03-27T10:00:00+05:00');

    // Act
    const end = extendTenderEnd(now, currentEnd);

    // Assess
    expect(end.toISOString()).toBe('2026-03-31T13:00:00.000Z');
  });

  it('honours a longer minimum period', () => {
    // Prepare
    const now = new Date('2026-03-19T10:00:00+05:00');

    // Act
    const end = extendTenderEnd(now, currentEnd, 5);

    // Assess: Fri 20, then Thu 26, Fri 27, Mon 30, Tue 31.
    expect(end.toISOString()).toBe('2026-03-31T13:00:00.000Z');
  });
});
