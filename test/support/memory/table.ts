/**
 * The in-memory stand-in for the single DynamoDB table behind the in-memory adapters: one set of maps shared by every
 * port, so conditions that span entities (a bid needs an open competition and a verified contractor) see the same
 * state, and a transaction that checks all its conditions before writing anything.
 *
 * Why it lives under `test/`: nothing in production runs on it (the local runtime uses DynamoDB Local), so it is a
 * test double of the ports, not an adapter to ship; keeping it out of `shared/` keeps it out of every bundle.
 *
 * Atomicity comes from JavaScript itself: `transact` checks and applies synchronously, so no other request can run
 * between a condition and its write; concurrent use cases interleave only at their own `await`s, as requests do
 * between their reads and their conditional writes in DynamoDB.
 */
import type { Bid, Competition, Question } from '../../../shared/domain/competition.js';
import { competitionLifecycle, type CompetitionAction } from '../../../shared/domain/competition-lifecycle.js';
import type { Contractor } from '../../../shared/domain/contractor.js';
import type { BidDocument, TenderDocument } from '../../../shared/domain/documents.js';
import type { DomainEvent } from '../../../shared/domain/events.js';
import type { Inquiry } from '../../../shared/domain/inquiry.js';
import type { Project } from '../../../shared/domain/project.js';
import type { IdempotencyRecord } from '../../../shared/use-cases/competitions.js';
import type { PendingVerification } from '../../../shared/use-cases/contractors.js';
import type { Recipient } from '../../../shared/use-cases/matching.js';

/** One write of a transaction: its condition (absent: unconditional) and what it changes. */
export interface TransactItem {
  readonly condition?: () => boolean;
  readonly apply: () => void;
}

/** A project as stored: the entity plus the competition store's one-live-competition mark. */
export interface StoredProject {
  project: Project;
  liveCompetitionId?: string;
}

/** A copy the caller cannot change the stored state through (the adapters hand out copies, as a read would). */
export const copy = <T>(value: T): T => structuredClone(value);

export class MemoryTable {
  readonly projects = new Map<string, StoredProject>();
  readonly competitions = new Map<string, Competition>();
  /** Version snapshots of published competitions, by competition id and version. */
  readonly competitionVersions = new Map<string, Map<number, Competition>>();
  readonly idempotency = new Map<string, IdempotencyRecord>();
  /** Bids by competition id, then BIN: one current bid per (competition, BIN). */
  readonly bids = new Map<string, Map<string, Bid>>();
  readonly questions = new Map<string, Map<string, Question>>();
  /** By {@link tenderDocumentKey}. */
  readonly tenderDocuments = new Map<string, TenderDocument>();
  /** By {@link bidDocumentKey}. */
  readonly bidDocuments = new Map<string, BidDocument>();
  readonly contractors = new Map<string, Contractor>();
  readonly verifications = new Map<string, PendingVerification>();
  /** Unsubscribe token → BIN. */
  readonly unsubscribeTokens = new Map<string, string>();
  /** Matching entries of verified contractors: `SUB#<kato>#<sector>` → BIN → recipient. */
  readonly subscriptions = new Map<string, Map<string, Recipient>>();
  readonly inquiries = new Map<string, Inquiry>();
  /** The outbox: every event written, by the partition of its entity, in write order. */
  readonly events = new Map<string, DomainEvent[]>();

  /**
   * Applies every item if every condition holds; otherwise throws `onConditionFailed(index)` of the first item whose
   * condition failed and changes nothing (the DynamoDB adapters' `transact`, cancellation reasons and all).
   */
  transact(items: readonly TransactItem[], onConditionFailed: (index: number) => Error): void {
    const failed = items.findIndex((item) => item.condition && !item.condition());
    if (failed >= 0) throw onConditionFailed(failed);
    for (const item of items) item.apply();
  }

  /**
   * The stored competition allows `action` at `now`: the lifecycle table read as storage reads it (the stored status,
   * the time window against the server's `now`, the facts), as `shared/adapters/lifecycle-condition.ts` writes it
   * into the DynamoDB conditions.
   */
  allows(competitionId: string, action: CompetitionAction, now: string): boolean {
    const stored = this.competitions.get(competitionId);
    return !!stored && competitionLifecycle.allows(action, stored, new Date(now));
  }

  /** The outbox write of an event in its entity's partition (`attribute_not_exists`: an event is written once). */
  eventPut(partition: string, event: DomainEvent): TransactItem {
    return {
      condition: () => !this.allEvents().some((e) => e.eventId === event.eventId),
      apply: () => {
        const list = this.events.get(partition) ?? [];
        list.push(copy(event));
        this.events.set(partition, list);
      },
    };
  }

  /** Every event written, in write order. */
  allEvents(): DomainEvent[] {
    return [...this.events.values()].flat();
  }

  /** The events of one entity partition, sorted as the audit log reads them (`EVENT#<at>#<eventId>`). */
  eventsOf(partition: string): DomainEvent[] {
    return [...(this.events.get(partition) ?? [])].sort((a, b) => `${a.at}#${a.eventId}`.localeCompare(`${b.at}#${b.eventId}`));
  }

  /** The types of every event written, in write order: what the dispatcher would have seen on the stream. */
  eventTypes(): string[] {
    return this.allEvents().map((e) => e.type);
  }
}

export const tenderDocumentKey = (competitionId: string, docId: string): string => `${competitionId}/${docId}`;
export const bidDocumentKey = (competitionId: string, bin: string, docId: string): string => `${competitionId}/${bin}/${docId}`;

/** A page of `items` from an offset cursor (opaque to callers, as the DynamoDB cursors are). */
export const pageOf = <T>(items: readonly T[], page: { limit: number; cursor?: string }): { items: T[]; cursor?: string } => {
  const start = page.cursor ? Number(JSON.parse(Buffer.from(page.cursor, 'base64url').toString('utf8')).o) : 0;
  const end = start + page.limit;
  return {
    items: items.slice(start, end).map(copy),
    ...(end < items.length ? { cursor: Buffer.from(JSON.stringify({ o: end }), 'utf8').toString('base64url') } : {}),
  };
};
