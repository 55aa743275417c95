/**
 * The OCDS writer's use case: turns one outbox event of a published competition into one OCDS release and writes it,
 * with its change-feed entry, exactly once. No AWS here: storage is the ports below.
 *
 * The feed's promise ("a reader never skips a release written concurrently") rests on one bound, kept here:
 * `writtenAt` is read from the clock right before the write, and the reader only returns entries older than
 * `now − holdBack`. An entry can therefore be passed by a reader only if its write takes longer than the hold-back
 * (plus the clock skew between writer and reader). A write slower than half the hold-back is logged as a warning so
 * the margin is watched long before it is used up; raise `OCDS_FEED_HOLD_BACK_SECONDS` if the warning appears.
 */
import { isBidValid, type Bid, type Competition } from '../domain/competition.js';
import type { DomainEvent } from '../domain/events.js';
import {
  bidsOpenAt,
  buildRelease,
  competitionAtEvent,
  contractRelease,
  isOcdsContractEventType,
  evaluationFactsAt,
  isOcdsEvent,
  ocidOf,
  releaseIdOf,
  type OcdsRelease,
  type OpenedBid,
  type PublicationFact,
} from '../domain/ocds-release.js';
import type { Project } from '../domain/project.js';
import type { Contract } from '../domain/contract.js';
import type { OcdsJob } from './ocds-job.js';

/** A release as stored: the release and when it was written (the feed's order). */
export interface StoredRelease {
  readonly ocid: string;
  readonly releaseId: string;
  readonly writtenAt: string;
  readonly release: OcdsRelease;
}

/** Thrown by `OcdsReleaseWriter.put` when a concurrent transaction touched the same items: retry with a new time. */
export class ReleaseWriteConflictError extends Error {}

export interface OcdsReleaseWriter {
  /** Makes sure the feed's first month is at most `month` (so readers starting from scratch begin there). */
  noteMonth(month: string): Promise<void>;
  /** Writes the release and its feed entry in one transaction unless the release exists ('exists': kept the first). */
  put(entry: StoredRelease): Promise<'written' | 'exists'>;
}

/** What the writer reads of a competition's partition, strongly consistent. */
export interface CompetitionHistory {
  competition(id: string): Promise<Competition | undefined>;
  /** The snapshots kept per publication and amendment. */
  versions(id: string): Promise<Competition[]>;
  /**
   * The competition's events of the types `OCDS_HISTORY_EVENT_TYPES` lists (publications, amendments, the lifecycle,
   * qualification decisions, awards, complaints), and the event `eventId`.
   */
  events(id: string, eventId: string): Promise<DomainEvent[]>;
}

export interface OcdsPublisherDeps {
  readonly history: CompetitionHistory;
  readonly projects: { get(id: string): Promise<Project | undefined> };
  readonly bids: { listBids(competitionId: string): Promise<Bid[]> };
  readonly contractors: { get(bin: string): Promise<{ readonly name: string } | undefined> };
  readonly releases: OcdsReleaseWriter;
  /** Contracts, for the releases of contract events (issue 14). */
  readonly contracts?: { get(id: string): Promise<Contract | undefined> };
  /** The clock module's `now`. */
  readonly now: () => Date;
  readonly holdBackMs: number;
  readonly ocidPrefix: string;
  readonly apiBaseUrl: string;
  readonly warn: (message: string, details: Record<string, unknown>) => void;
}

export type PublishOutcome = 'written' | 'exists' | 'skipped';

const WRITE_ATTEMPTS = 3;

const publicationFacts = (events: readonly DomainEvent[]): PublicationFact[] =>
  events
    .filter((e): e is DomainEvent<PublicationFact['type']> => e.type === 'competition.published' || e.type === 'competition.amended')
    .map((e) => ({
      eventId: e.eventId,
      type: e.type,
      at: e.at,
      ...(e.type === 'competition.published'
        ? { version: 1, fields: [], bidsInvalidated: false }
        : { version: e.data.version, fields: e.data.fields, bidsInvalidated: e.data.bidsInvalidated }),
    }));

/** The valid bids of a competition with their bidders' registered names, as the release names the tenderers. */
const openedBids = async (deps: OcdsPublisherDeps, competition: Competition): Promise<OpenedBid[]> => {
  const valid = (await deps.bids.listBids(competition.id)).filter((b) => isBidValid(b, competition));
  return Promise.all(
    valid.map(async (b) => {
      const contractor = await deps.contractors.get(b.bin);
      return {
        bin: b.bin,
        receiptId: b.receiptId,
        submittedAt: b.submittedAt,
        ...(contractor ? { name: contractor.name } : {}),
        ...(b.signer ? { signer: b.signer } : {}),
        ...(b.documents?.length ? { documents: b.documents } : {}),
      };
    }),
  );
};

/**
 * The release of a contract event (issue 14): the competition's award-stage release (its tender, bids, evaluation and
 * the award the contract implements) with the contract as it stood at the event.
 */
const contractReleaseForJob = async (deps: OcdsPublisherDeps, job: OcdsJob & { contractId: string }): Promise<OcdsRelease | undefined> => {
  if (!deps.contracts || !isOcdsContractEventType(job.type)) throw new Error(`event ${job.eventId} (${job.type}) is not a contract release`);
  const [current, contract] = await Promise.all([deps.history.competition(job.competitionId), deps.contracts.get(job.contractId)]);
  if (!current || !contract) throw new Error(`contract ${job.contractId} of competition ${job.competitionId} not found`);
  if (!current.publishedAt) return undefined;
  const award = [current.award, ...(current.cancelledAwards ?? [])].find((a) => a && (a.id ?? '1') === contract.awardId);
  if (!award) throw new Error(`award ${contract.awardId} of competition ${job.competitionId} not found`);
  const [events, project, bids] = await Promise.all([deps.history.events(job.competitionId, job.eventId), deps.projects.get(current.projectId), openedBids(deps, current)]);
  if (!project) throw new Error(`project ${current.projectId} of competition ${job.competitionId} not found`);
  const base = buildRelease({
    ocidPrefix: deps.ocidPrefix,
    event: { eventId: job.eventId, type: 'competition.awarded', at: job.at },
    competition: { ...current, status: 'active.awarded', award },
    project,
    publications: publicationFacts(events),
    bids,
    evaluation: evaluationFactsAt(events, job.at),
    apiBaseUrl: deps.apiBaseUrl,
  });
  return contractRelease(base, { type: job.type, at: job.at }, contract);
};

/** Builds the release of `job`'s event from what the table holds (not from the message). */
export const releaseForJob = async (deps: OcdsPublisherDeps, job: OcdsJob): Promise<OcdsRelease | undefined> => {
  if (job.contractId !== undefined) return contractReleaseForJob(deps, { ...job, contractId: job.contractId });
  const current = await deps.history.competition(job.competitionId);
  if (!current) throw new Error(`competition ${job.competitionId} not found`);
  // A draft cancelled before publication never becomes public.
  if (!current.publishedAt) return undefined;
  const events = await deps.history.events(job.competitionId, job.eventId);
  const event = events.find((e) => e.eventId === job.eventId);
  if (!event) throw new Error(`event ${job.eventId} of competition ${job.competitionId} not found`);
  if (event.type !== job.type || !isOcdsEvent(event)) throw new Error(`event ${job.eventId} is ${event.type}, not ${job.type}`);
  const [versions, project] = await Promise.all([deps.history.versions(job.competitionId), deps.projects.get(current.projectId)]);
  if (!project) throw new Error(`project ${current.projectId} of competition ${job.competitionId} not found`);
  const competition = competitionAtEvent(event, versions, current, events);

  // Sealed until opening: bids are not even read for earlier events.
  let bids: OpenedBid[] = [];
  if (bidsOpenAt(event, competition)) {
    const valid = (await deps.bids.listBids(job.competitionId)).filter((b) => isBidValid(b, competition));
    bids = await Promise.all(
      valid.map(async (b) => {
        const contractor = await deps.contractors.get(b.bin);
        return {
          bin: b.bin,
          receiptId: b.receiptId,
          submittedAt: b.submittedAt,
          ...(contractor ? { name: contractor.name } : {}),
          ...(b.signer ? { signer: b.signer } : {}),
          ...(b.documents?.length ? { documents: b.documents } : {}),
        };
      }),
    );
  }
  return buildRelease({
    ocidPrefix: deps.ocidPrefix,
    event: {
      eventId: event.eventId,
      type: event.type,
      at: event.at,
      ...(event.type === 'complaint.filed' || event.type === 'complaint.decided' ? { complaintSubject: event.data.subject } : {}),
    },
    competition,
    project,
    publications: publicationFacts(events),
    bids,
    // The qualification decisions, awards and complaints as they stood at the event, from the same events.
    evaluation: evaluationFactsAt(events, event.at),
    apiBaseUrl: deps.apiBaseUrl,
  });
};

/**
 * Publishes the release of one event: idempotent (a redelivered job finds its release written and keeps it).
 */
export const publishRelease = async (deps: OcdsPublisherDeps, job: OcdsJob): Promise<PublishOutcome> => {
  const release = await releaseForJob(deps, job);
  if (!release) return 'skipped';
  const ocid = ocidOf(deps.ocidPrefix, job.competitionId);
  const releaseId = releaseIdOf(ocid, job.eventId);
  // Noted before `writtenAt` is taken: the clock only moves forward, so the entry's month is never earlier.
  await deps.releases.noteMonth(deps.now().toISOString().slice(0, 7));
  for (let attempt = 1; ; attempt += 1) {
    // Taken right before the write: see the bound in the module comment.
    const writtenAt = deps.now().toISOString();
    const started = performance.now();
    try {
      const outcome = await deps.releases.put({ ocid, releaseId, writtenAt, release });
      const elapsedMs = performance.now() - started;
      if (outcome === 'written' && elapsedMs > deps.holdBackMs / 2) {
        deps.warn('OCDS feed write took more than half the hold-back: a feed reader may pass it if it gets slower', {
          releaseId,
          writtenAt,
          elapsedMs: Math.round(elapsedMs),
          holdBackMs: deps.holdBackMs,
        });
      }
      return outcome;
    } catch (error) {
      // The failed transaction wrote nothing: the next attempt takes a fresh `writtenAt`.
      if (error instanceof ReleaseWriteConflictError && attempt < WRITE_ATTEMPTS) continue;
      throw error;
    }
  }
};
