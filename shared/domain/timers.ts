/**
 * The timers of a published competition: when tendering starts (the enquiry period ends), when the "last chance"
 * reminder goes out (24 hours before the deadline) and the deadline itself. Each is an action of the lifecycle table
 * taken by the system; a timer is pending while the table will allow its action when it comes due. The next due one
 * is kept in the sparse deadline index, which the sweep reads every minute.
 */
import { allows, type CompetitionAction, type CompetitionState } from './competition-lifecycle.js';

/** How long before the deadline subscribers who have not bid are reminded. */
export const REMINDER_BEFORE_MS = 24 * 3600 * 1000;

/** The action each timer takes when due. */
const TIMER_ACTIONS = {
  tendering: 'startTendering',
  reminder: 'remind',
  deadline: 'openBids',
  // The standstill has passed with no pending award complaint: the contract is made (issue 14).
  contract: 'makeContract',
} as const satisfies Record<string, CompetitionAction>;

export type TimerKind = keyof typeof TIMER_ACTIONS;

export interface Timer {
  readonly kind: TimerKind;
  readonly dueAt: string;
}

/** When the reminder is due for a competition, if it still has one to send. */
export const reminderAt = (c: CompetitionState): string | undefined => {
  if (!c.tenderPeriod || c.reminderSentAt) return undefined;
  const at = new Date(new Date(c.tenderPeriod.endDate).getTime() - REMINDER_BEFORE_MS).toISOString();
  // A tender period shorter than a day has no room for a reminder after it opens.
  return at > c.tenderPeriod.startDate ? at : undefined;
};

/** The timers still pending, earliest first. */
export const pendingTimers = (c: CompetitionState): Timer[] => {
  const dueAt: Record<TimerKind, string | undefined> = {
    tendering: c.enquiryPeriod?.endDate,
    reminder: reminderAt(c),
    deadline: c.tenderPeriod?.endDate,
    contract: c.award?.complaintPeriod?.endDate,
  };
  return (Object.keys(TIMER_ACTIONS) as TimerKind[])
    .flatMap((kind) => {
      const at = dueAt[kind];
      return at !== undefined && allows(TIMER_ACTIONS[kind], c, new Date(at)) ? [{ kind, dueAt: at }] : [];
    })
    .sort((a, b) => a.dueAt.localeCompare(b.dueAt));
};

/** When the competition next needs the checker, or undefined when it never will again. */
export const nextDueAt = (c: CompetitionState): string | undefined => pendingTimers(c)[0]?.dueAt;

/** The timers due at `now`. */
export const dueTimers = (c: CompetitionState, now: Date): Timer[] =>
  pendingTimers(c).filter((t) => t.dueAt <= now.toISOString());
