/**
 * The timers of a published competition: when tendering starts (the enquiry period ends), when the "last chance"
 * reminder goes out (24 hours before the deadline) and the deadline itself. The next due one is kept in the sparse
 * deadline index, which the sweep reads every minute.
 */
import type { Competition } from './competition.js';

/** How long before the deadline subscribers who have not bid are reminded. */
export const REMINDER_BEFORE_MS = 24 * 3600 * 1000;

export type TimerKind = 'tendering' | 'reminder' | 'deadline';

export interface Timer {
  readonly kind: TimerKind;
  readonly dueAt: string;
}

export type TimedCompetition = Pick<Competition, 'status' | 'enquiryPeriod' | 'tenderPeriod' | 'bidsOpenedAt'> & {
  readonly reminderSentAt?: string;
};

/** When the reminder is due for a competition, if it still has one to send. */
export const reminderAt = (c: TimedCompetition): string | undefined => {
  if (!c.tenderPeriod || c.reminderSentAt) return undefined;
  const at = new Date(new Date(c.tenderPeriod.endDate).getTime() - REMINDER_BEFORE_MS).toISOString();
  // A tender period shorter than a day has no room for a reminder after it opens.
  return at > c.tenderPeriod.startDate ? at : undefined;
};

/** The timers still pending, earliest first. */
export const pendingTimers = (c: TimedCompetition): Timer[] => {
  if ((c.status !== 'active.clarification' && c.status !== 'active.tendering') || c.bidsOpenedAt || !c.tenderPeriod) return [];
  const timers: Timer[] = [];
  if (c.status === 'active.clarification' && c.enquiryPeriod) timers.push({ kind: 'tendering', dueAt: c.enquiryPeriod.endDate });
  const reminder = reminderAt(c);
  if (reminder) timers.push({ kind: 'reminder', dueAt: reminder });
  timers.push({ kind: 'deadline', dueAt: c.tenderPeriod.endDate });
  return timers.sort((a, b) => a.dueAt.localeCompare(b.dueAt));
};

/** When the competition next needs the checker, or undefined when it never will again. */
export const nextDueAt = (c: TimedCompetition): string | undefined => pendingTimers(c)[0]?.dueAt;

/** The timers due at `now`. */
export const dueTimers = (c: TimedCompetition, now: Date): Timer[] =>
  pendingTimers(c).filter((t) => t.dueAt <= now.toISOString());
