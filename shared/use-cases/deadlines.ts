/**
 * Deadlines: the minute sweep finds competitions whose timers are due through the sparse index and enqueues them;
 * the checker applies each due timer with a conditional write, so a sweep that runs twice, late, or in parallel
 * changes a competition once and sends one set of emails (the events it writes are the emails' only source).
 * Correctness never waits for them: bids and questions are refused by storage conditions at the deadline itself.
 */
import { now as clockNow } from '../clock.js';
import type { Competition } from '../domain/competition.js';
import { allows, statusAfter } from '../domain/competition-lifecycle.js';
import type { EventPayloads } from '../domain/events.js';
import { dueTimers } from '../domain/timers.js';
import { ConflictError } from '../errors.js';
import { event, openBids, type CompetitionDeps, type ReplaceAction } from './competitions.js';
import { createContractFor, type ContractDeps } from './contracts.js';

/** What the checker needs to make a contract when a standstill has passed (absent: contracts are not made). */
export type ContractingDeps = Pick<ContractDeps, 'contracts' | 'projects' | 'contractors' | 'config'>;

export interface DeadlineQueue {
  enqueue(competitionIds: readonly string[]): Promise<void>;
}

/** Enqueues every competition with a timer due now; returns how many. */
export const sweepDue = async (deps: { competitions: CompetitionDeps['competitions']; queue: DeadlineQueue }): Promise<number> => {
  const now = clockNow().toISOString();
  let cursor: Record<string, string> | undefined;
  let count = 0;
  do {
    const page = await deps.competitions.findDue(now, cursor);
    if (page.ids.length > 0) await deps.queue.enqueue(page.ids);
    count += page.ids.length;
    cursor = page.cursor;
  } while (cursor);
  return count;
};

const SYSTEM = { system: 'deadline-checker' } as const;

/** Applies the timers of one competition that are due now; returns what it did. */
export const checkDeadlines = async (deps: CompetitionDeps & { readonly contracting?: ContractingDeps }, competitionId: string): Promise<string[]> => {
  const done: string[] = [];
  // A conflict means someone changed the competition meanwhile (an amendment): reload and look again, a few times.
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const competition = await deps.competitions.get(competitionId, true);
    if (!competition) return done;
    const now = clockNow();
    const timers = dueTimers(competition, now);
    if (timers.length === 0) return done;
    try {
      for (const timer of timers) {
        const current = (await deps.competitions.get(competitionId, true))!;
        if (timer.kind === 'tendering' && allows('startTendering', current, now)) {
          await transition(deps, current, 'startTendering', { status: statusAfter('startTendering') }, 'competition.tendering-started', {});
          done.push('tendering');
        }
        if (timer.kind === 'reminder' && allows('remind', current, now)) {
          const at = now.toISOString();
          await transition(deps, current, 'remind', { reminderSentAt: at }, 'competition.reminder', {
            kato: current.kato,
            sector: current.sector,
            deadline: current.tenderPeriod!.endDate,
          });
          done.push('reminder');
        }
        if (timer.kind === 'deadline' && !current.bidsOpenedAt) {
          const summary = await openBids(deps, SYSTEM, current);
          if (summary.openedNow) done.push('opened');
        }
        if (timer.kind === 'contract' && deps.contracting && allows('makeContract', current, now)) {
          if (await createContractFor(deps.contracting, current)) done.push('contract');
        }
      }
      return done;
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
    }
  }
  throw new ConflictError(`competition ${competitionId} kept changing while its timers were applied`);
};

const transition = async <T extends 'competition.tendering-started' | 'competition.reminder'>(
  deps: CompetitionDeps,
  current: Competition,
  action: Extract<ReplaceAction, 'startTendering' | 'remind'>,
  change: Partial<Competition>,
  type: T,
  data: EventPayloads[T],
): Promise<void> => {
  const at = clockNow().toISOString();
  const next: Competition = { ...current, ...change, updatedAt: at };
  await deps.competitions.replace(next, current, event(type, next, SYSTEM, at, data, { status: current.status }, { status: next.status }), { action, now: at });
};
