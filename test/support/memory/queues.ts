/**
 * In-memory adapters of the reads and queues behind matching and deadlines: the matching reader over the same
 * table as the stores, and queues that keep what was sent so a test can read it (and run it, for match
 * continuations).
 */
import { subscriptionPartition } from '../../../shared/keys.js';
import type { MailJob } from '../../../shared/mail/mail-job.js';
import type { DeadlineQueue } from '../../../shared/use-cases/deadlines.js';
import type { JobQueue, MatchingReader, Recipient } from '../../../shared/use-cases/matching.js';
import { memoryBidStore, memoryQuestionStore } from './bid-store.js';
import { memoryCompetitionStore, memoryProjectStore } from './competition-store.js';
import { copy, type MemoryTable } from './table.js';

/** A match job, as the fan-out takes it and re-enqueues its continuation. */
type MatchJob = Parameters<JobQueue['sendMatch']>[0];

/**
 * The matching reads, paging subscribers `pageSize` at a time (the DynamoDB adapter reads 500; tests use fewer to
 * exercise the continuation without thousands of contractors).
 */
export const memoryMatchingReader = (table: MemoryTable, pageSize = 500): MatchingReader => {
  const competitions = memoryCompetitionStore(table);
  const projects = memoryProjectStore(table);
  const bids = memoryBidStore(table);
  const questions = memoryQuestionStore(table);
  return {
    getCompetition: (id) => competitions.get(id, true),
    getProject: (id) => projects.get(id),
    bids: (id) => bids.listBids(id),
    questions: (id) => questions.list(id),
    subscribers: async (kato, sector, cursor) => {
      const all = [...(table.subscriptions.get(subscriptionPartition(kato, sector))?.values() ?? [])].sort((a, b) => a.bin!.localeCompare(b.bin!));
      const start = cursor ? all.findIndex((r) => r.bin! > cursor.bin!) : 0;
      const items = start < 0 ? [] : all.slice(start, start + pageSize);
      const last = items.at(-1);
      return { items: items.map(copy), ...(last && all.indexOf(last) < all.length - 1 ? { cursor: { bin: last.bin! } } : {}) };
    },
    contractors: async (bins) =>
      bins.flatMap((bin): Recipient[] => {
        const c = table.contractors.get(bin);
        return c ? [{ bin: c.bin, email: c.email, language: c.language, name: c.name }] : [];
      }),
  };
};

/** A job queue that keeps the mail jobs and match continuations sent to it. */
export class MemoryJobQueue implements JobQueue {
  readonly mails: MailJob[] = [];
  readonly matches: MatchJob[] = [];

  async sendMail(jobs: readonly MailJob[]): Promise<void> {
    this.mails.push(...copy(jobs));
  }

  async sendMatch(job: MatchJob): Promise<void> {
    this.matches.push(copy(job));
  }
}

/** A deadline queue that keeps the competition ids enqueued, in order. */
export class MemoryDeadlineQueue implements DeadlineQueue {
  readonly enqueued: string[] = [];

  async enqueue(competitionIds: readonly string[]): Promise<void> {
    this.enqueued.push(...competitionIds);
  }
}
