/**
 * Complaints to the reviewing body (the ministry), after Prozorro's complaint model and the Law's periods: about the
 * award, by a bidder during the award's complaint period (standstill); about the tender conditions, by a verified
 * contractor until some working days before the deadline. `pending → satisfied | declined | invalid`. A pending
 * award complaint suspends the contract; a satisfied one cancels the award and reopens evaluation.
 */
import { addWorkingDays } from './calendar.js';
import type { Competition, Period } from './competition.js';

export const COMPLAINT_SUBJECTS = ['award', 'tender'] as const;
export type ComplaintSubject = (typeof COMPLAINT_SUBJECTS)[number];

export const COMPLAINT_RESOLUTIONS = ['satisfied', 'declined', 'invalid'] as const;
export type ComplaintResolution = (typeof COMPLAINT_RESOLUTIONS)[number];

export type ComplaintStatus = 'pending' | ComplaintResolution;

export interface Complaint {
  readonly id: string;
  readonly competitionId: string;
  /** The competition's title when the complaint was filed, for the reviewing body's queue. */
  readonly competitionTitle?: { readonly ru: string; readonly kk?: string; readonly en?: string };
  /** The competition's region, for the reviewing body's queue and the monitoring. */
  readonly kato: string;
  readonly subject: ComplaintSubject;
  /** The award complained about (subject `award`). */
  readonly awardId?: string;
  readonly title: string;
  readonly text: string;
  /** Ids of the author's documents it refers to. */
  readonly documents?: readonly string[];
  readonly author: { readonly bin: string; readonly name: string };
  /** Kept for the reviewing body's correspondence; never shown publicly. */
  readonly authorSub: string;
  readonly status: ComplaintStatus;
  readonly filedAt: string;
  /** When the reviewing body must have decided. */
  readonly reviewDueAt: string;
  readonly decision?: { readonly resolution: ComplaintResolution; readonly text: string; readonly at: string };
}

/** Lengths of the complaint periods in working days (configurable). */
export interface ComplaintConfig {
  /** The award's complaint period (standstill) after the award. */
  readonly complaintWorkingDays: number;
  /** The reviewing body decides within this. */
  readonly reviewWorkingDays: number;
  /** Tender complaints close this many working days before the deadline. */
  readonly tenderComplaintCutoffWorkingDays: number;
}

export const COMPLAINT_DEFAULTS: ComplaintConfig = Object.freeze({ complaintWorkingDays: 3, reviewWorkingDays: 3, tenderComplaintCutoffWorkingDays: 2 });

/** The standstill of an award made at `awardedAt`. */
export const complaintPeriod = (awardedAt: Date, config: ComplaintConfig): Period => ({
  startDate: awardedAt.toISOString(),
  endDate: addWorkingDays(awardedAt, config.complaintWorkingDays).toISOString(),
});

/** The last instant a tender complaint may be filed: while `cutoff` working days still separate now from the deadline. */
export const tenderComplaintOpen = (c: Pick<Competition, 'tenderPeriod'>, now: Date, config: ComplaintConfig): boolean =>
  !!c.tenderPeriod && addWorkingDays(now, config.tenderComplaintCutoffWorkingDays).toISOString() <= c.tenderPeriod.endDate;

/** Whether the contract may be made now: an active award whose standstill ended, with no pending award complaint. */
export const contractPossible = (c: Pick<Competition, 'status' | 'award' | 'pendingAwardComplaints'>, now: Date): boolean =>
  c.status === 'active.awarded' &&
  !!c.award?.complaintPeriod &&
  now.toISOString() >= c.award.complaintPeriod.endDate &&
  (c.pendingAwardComplaints ?? 0) === 0;

/** What anyone may see of a complaint: the author's organisation, not the person. */
export const complaintView = (c: Complaint) => {
  const { authorSub: _authorSub, kato: _kato, ...rest } = c;
  return rest;
};
