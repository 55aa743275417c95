/**
 * Competition periods (questions, bid acceptance) computed in working days.
 *
 * @module
 */

import { addWorkingDays, KZ_CALENDAR, type WorkingCalendar } from './calendar.js';

/** Lengths of the competition's periods in working days. */
export interface PeriodConfig {
  /** Discussion of the documentation: questions and answers, amendments. */
  readonly enquiryWorkingDays: number;
  /** Acceptance of sealed bids. */
  readonly tenderWorkingDays: number;
  /** Review of bids after opening. */
  readonly reviewWorkingDays: number;
  /** Time allowed to choose the winner. */
  readonly awardWorkingDays: number;
  /** How far ahead of now (calendar days) a period may end when an akimat sets it; {@link MAX_DAYS_AHEAD} when absent. */
  readonly maxDaysAhead?: number;
}

/** A period set by hand ends at most a year ahead unless configured otherwise (`PERIOD_MAX_DAYS_AHEAD`). */
export const MAX_DAYS_AHEAD = 365;

const DAY_MS = 86_400_000;

/**
 * Why an end date an akimat asked for is out of bounds, or `undefined` when it is within `maxDaysAhead` days of now.
 *
 * @param endDate - the requested instant
 * @param now - the current instant
 * @param maxDaysAhead - calendar days; defaults to {@link MAX_DAYS_AHEAD}
 */
export function periodEndProblem(endDate: Date, now: Date, maxDaysAhead: number = MAX_DAYS_AHEAD): string | undefined {
  if (Number.isNaN(endDate.getTime())) return 'not a date';
  const latest = now.getTime() + maxDaysAhead * DAY_MS;
  if (endDate.getTime() > latest) return `must be at most ${maxDaysAhead} days from now (${new Date(latest).toISOString()})`;
  return undefined;
}

/** Defaults after the 2025 public procurement rules; deployments may override them. */
export const PERIOD_DEFAULTS: PeriodConfig = Object.freeze({
  enquiryWorkingDays: 2,
  tenderWorkingDays: 5,
  reviewWorkingDays: 3,
  awardWorkingDays: 10,
});

/** Working days that must remain for bidders after an amendment during tendering. */
export const MIN_REMAINING_TENDER_WORKING_DAYS = 2;

/** A period as ISO 8601 instants in UTC (`Date.prototype.toISOString` form). */
export interface Period {
  readonly startDate: string;
  readonly endDate: string;
}

/** The enquiry and tender periods of a published competition. */
export interface CompetitionPeriods {
  readonly enquiryPeriod: Period;
  readonly tenderPeriod: Period;
}

/**
 * The periods of a competition published at `publishedAt`.
 *
 * Questions open at publication and close at 18:00 Almaty on the `enquiryWorkingDays`-th working day after it;
 * bidding opens as questions close, so bidders see the final documents, and closes `tenderWorkingDays` working
 * days later. Review and award deadlines are not computed here: they run from the actual bid opening, so callers
 * apply {@link addWorkingDays} with `reviewWorkingDays` / `awardWorkingDays` at that moment.
 *
 * @param publishedAt - the publication instant
 * @param cfg - period lengths; defaults to {@link PERIOD_DEFAULTS}
 * @param calendar - working-day data; defaults to {@link KZ_CALENDAR}
 */
export function computePeriods(
  publishedAt: Date,
  cfg: PeriodConfig = PERIOD_DEFAULTS,
  calendar: WorkingCalendar = KZ_CALENDAR,
): CompetitionPeriods {
  const enquiryEnd = addWorkingDays(publishedAt, cfg.enquiryWorkingDays, calendar);
  const tenderEnd = addWorkingDays(enquiryEnd, cfg.tenderWorkingDays, calendar);
  return {
    enquiryPeriod: { startDate: publishedAt.toISOString(), endDate: enquiryEnd.toISOString() },
    tenderPeriod: { startDate: enquiryEnd.toISOString(), endDate: tenderEnd.toISOString() },
  };
}

/**
 * The bid deadline after an amendment made during tendering.
 *
 * Bidders must get at least `minWorkingDays` working days to reconfirm or change their bids, so the deadline
 * moves out when less remains and never moves in.
 *
 * @param now - the instant of the amendment
 * @param currentEnd - the current bid deadline
 * @param minWorkingDays - working days that must remain; defaults to {@link MIN_REMAINING_TENDER_WORKING_DAYS}
 * @param calendar - working-day data; defaults to {@link KZ_CALENDAR}
 * @returns the later of `currentEnd` and `addWorkingDays(now, minWorkingDays)`
 */
export function extendTenderEnd(
  now: Date,
  currentEnd: Date,
  minWorkingDays: number = MIN_REMAINING_TENDER_WORKING_DAYS,
  calendar: WorkingCalendar = KZ_CALENDAR,
): Date {
  const earliest = addWorkingDays(now, minWorkingDays, calendar);
  return earliest.getTime() > currentEnd.getTime() ? earliest : new Date(currentEnd.getTime());
}
