/**
 * The akimat's side of a competition: draft, publish (idempotent per Idempotency-Key), amend, cancel, open the bids,
 * award; and the public reads. No AWS here: storage is the `CompetitionStore` port, whose writes carry the
 * conditions that make these rules hold under concurrency.
 */
import { now as clockNow } from '../clock.js';
import { allows, assertTransition, effectiveStatus, statusAfter, type CompetitionAction } from '../domain/competition-lifecycle.js';
import {
  isBidValid,
  type Bid,
  type BidSecurity,
  type CancellationReason,
  type Competition,
  type CompetitionDocument,
  type CompetitionStatus,
  type CompetitionTitle,
} from '../domain/competition.js';
import type { TenderDocument } from '../domain/documents.js';
import { makeEvent, type Actor, type DomainEvent, type EventFields, type EventPayloads, type EventTypeOf, type SnapshotsOf } from '../domain/events.js';
import { QUALIFICATION_REQUIREMENT_CODES } from '../domain/requirement-codes.js';
import { newId } from '../domain/ids.js';
import { computePeriods, extendTenderEnd, MIN_REMAINING_TENDER_WORKING_DAYS, periodEndProblem, type PeriodConfig } from '../domain/periods.js';
import type { Project } from '../domain/project.js';
import type { Sector } from '../domain/sectors.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors.js';
import type { Caller } from '../http/identity.js';
import type { Page } from '../adapters/pagination.js';

export interface CompetitionFilter {
  readonly region?: string;
  readonly sector?: Sector;
  readonly status?: CompetitionStatus;
  /** Only for the akimat's own region. */
  readonly includeDrafts?: boolean;
}

export interface IdempotencyRecord {
  readonly scope: string;
  readonly key: string;
  readonly route: string;
  readonly competitionId: string;
  readonly at: string;
  readonly expiresAt: number;
}

export interface CompetitionStore {
  get(id: string, consistent?: boolean): Promise<Competition | undefined>;
  createDraft(c: Competition, event: DomainEvent): Promise<void>;
  /**
   * Replaces the competition if the lifecycle allows `action` at `now` and it is still as `expected`. With
   * `document`, the tender document is written in the same transaction, if it is still at the version before (one
   * verified file fewer) with the same pending upload.
   */
  replace(
    next: Competition,
    expected: Competition,
    event: DomainEvent,
    options: { action: ReplaceAction; now: string; snapshot?: Competition; document?: TenderDocument },
  ): Promise<void>;
  publish(next: Competition, expected: Competition, event: DomainEvent, idempotency?: IdempotencyRecord): Promise<void>;
  cancel(next: Competition, expected: Competition, event: DomainEvent): Promise<void>;
  openBids(id: string, openedAt: string, event: DomainEvent): Promise<void>;
  markUnsuccessful(c: Competition, event: DomainEvent): Promise<void>;
  list(filter: CompetitionFilter, page: { limit: number; cursor?: string }): Promise<Page<Competition>>;
  events(id: string, page: { limit: number; cursor?: string }): Promise<Page<DomainEvent>>;
  findIdempotency(scope: string, key: string): Promise<IdempotencyRecord | undefined>;
  /** Ids of competitions with a timer due at or before `now` (the sparse deadline index), a page at a time. */
  findDue(now: string, cursor?: Record<string, string>): Promise<{ ids: string[]; cursor?: Record<string, string> }>;
}

/** The actions that change a competition without a write of their own: the store replaces it, conditionally. */
export type ReplaceAction = Extract<CompetitionAction, 'editDraft' | 'amend' | 'startTendering' | 'remind'>;

export interface ProjectReader {
  get(id: string): Promise<Project | undefined>;
}

export interface BidReader {
  listBids(competitionId: string): Promise<Bid[]>;
}

export interface CompetitionDeps {
  readonly competitions: CompetitionStore;
  readonly projects: ProjectReader;
  readonly bids: BidReader;
  readonly periods: PeriodConfig;
}

const actorOf = (caller: Caller): Actor => ({ sub: caller.sub, role: caller.role });

/** An event of a competition, with the state before and after it where the event type declares them. */
export const event = <T extends EventTypeOf<'competition'>>(
  type: T,
  c: Pick<Competition, 'id'>,
  actor: Actor,
  at: string,
  data: EventPayloads[T],
  before?: SnapshotsOf<T>['before'],
  after?: SnapshotsOf<T>['after'],
): DomainEvent =>
  // Each argument is checked against `T` above; only their assembly into the generic union needs the assertion.
  makeEvent<EventTypeOf<'competition'>>(type, { at, actor, subject: { kind: 'competition', id: c.id }, data, before, after } as unknown as EventFields<T>);

/** What anyone may see of a competition: everything but the internal author, with the status as of now. */
export const competitionView = (c: Competition, now: Date = clockNow()) => {
  // The evaluation revision and the pending-complaint count are storage's concurrency guards, not public facts.
  const { createdBy: _createdBy, evaluationRevision: _revision, pendingAwardComplaints: _pending, ...rest } = c;
  return { ...rest, status: effectiveStatus(c, now), bidsOpened: !!c.bidsOpenedAt };
};

/** The fields an amendment may change, for the amendment history. */
const AMENDABLE = ['title', 'description', 'estimatedValue', 'tenderPeriod', 'qualificationRequirements', 'bidSecurity'] as const;

/** Loads a competition the calling akimat may act on: it exists and belongs to the akimat's region. */
export const ownCompetition = async (deps: Pick<CompetitionDeps, 'competitions'>, caller: Caller, id: string): Promise<Competition> => {
  const competition = await deps.competitions.get(id, true);
  if (!competition) throw new NotFoundError(`no competition ${id}`);
  if (caller.role !== 'akimat' || caller.kato !== competition.kato) {
    throw new ForbiddenError('only the akimat of the competition’s region may do this');
  }
  return competition;
};

export interface DraftInput {
  readonly projectId: string;
  readonly title: CompetitionTitle;
  readonly description?: string;
  readonly estimatedValue: string;
  readonly qualificationRequirements?: readonly string[];
  readonly bidSecurity?: BidSecurity;
}

/**
 * The qualification requirements as stored: codes of the sector's template, each once, in the template's order.
 * An unknown code is refused naming its position.
 */
const requirementsOf = (sector: Sector, codes: readonly string[] | undefined): readonly string[] | undefined => {
  if (!codes) return undefined;
  const template = QUALIFICATION_REQUIREMENT_CODES;
  const problems = codes.flatMap((code, i) =>
    template.includes(code) ? [] : [{ path: `qualificationRequirements.${i}`, message: `not a requirement of the ${sector} template (${template.join(', ')})` }],
  );
  if (problems.length) throw new ValidationError(problems);
  return template.filter((code) => codes.includes(code));
};

export const createCompetition = async (deps: CompetitionDeps, caller: Caller, input: DraftInput): Promise<Competition> => {
  const project = await deps.projects.get(input.projectId);
  if (!project) throw new ValidationError([{ path: 'projectId', message: 'no such МЭКС project' }]);
  if (caller.kato !== project.kato) throw new ForbiddenError('an akimat creates competitions only for projects of its own region');
  if (project.stage !== 'selection') {
    throw new ConflictError(`the project is at stage ${project.stage}; a competition can be created only at selection`, [
      { path: 'projectId', message: `project stage is ${project.stage}` },
    ]);
  }
  const at = clockNow().toISOString();
  const competition: Competition = {
    id: newId(),
    projectId: project.id,
    kato: project.kato,
    sector: project.sector,
    title: input.title,
    ...(input.description ? { description: input.description } : {}),
    estimatedValue: input.estimatedValue,
    ...(input.qualificationRequirements ? { qualificationRequirements: requirementsOf(project.sector, input.qualificationRequirements)! } : {}),
    ...(input.bidSecurity ? { bidSecurity: { percent: input.bidSecurity.percent } } : {}),
    status: statusAfter('create'),
    version: 1,
    bidsValidFromVersion: 1,
    createdAt: at,
    updatedAt: at,
    createdBy: caller.sub,
  };
  await deps.competitions.createDraft(competition, event('competition.created', competition, actorOf(caller), at, {}, undefined, competitionView(competition)));
  return competition;
};

export interface AmendmentInput {
  readonly title?: CompetitionTitle;
  readonly description?: string;
  readonly estimatedValue?: string;
  readonly tenderPeriod?: { readonly endDate: string };
  readonly qualificationRequirements?: readonly string[];
  readonly bidSecurity?: BidSecurity;
}

/** A tender document added or replaced (verified, about to become current): part of an amendment. */
export interface DocumentAmendment {
  readonly document: TenderDocument;
  readonly change: 'added' | 'replaced';
}

/** The competition's document list with `doc`'s current version in it (added, or replacing its earlier version). */
const withDocument = (list: readonly CompetitionDocument[], doc: TenderDocument): CompetitionDocument[] => {
  const current = doc.files[doc.files.length - 1]!;
  const entry: CompetitionDocument = {
    id: doc.id,
    documentType: doc.documentType,
    title: doc.title,
    ...(doc.language ? { language: doc.language } : {}),
    fileName: current.fileName,
    contentType: current.contentType,
    size: current.size,
    sha256: current.sha256,
    version: current.version,
    datePublished: doc.datePublished ?? current.uploadedAt,
    dateModified: doc.dateModified ?? current.uploadedAt,
  };
  const index = list.findIndex((d) => d.id === doc.id);
  return index < 0 ? [...list, entry] : list.map((d, i) => (i === index ? entry : d));
};

const documentFacts = (d: DocumentAmendment) => {
  const current = d.document.files[d.document.files.length - 1]!;
  return { id: d.document.id, title: d.document.title, documentType: d.document.documentType, version: current.version, sha256: current.sha256, change: d.change };
};

/**
 * Edits a draft in place, or amends a published competition: a new version is kept; during tendering the submitted
 * bids are invalidated (bidders must confirm again) and the deadline moves so the minimum period remains. A tender
 * document added or replaced (`documentChange`) is written in the same transaction and is such an edit or amendment.
 */
export const amendCompetition = async (
  deps: CompetitionDeps,
  caller: Caller,
  id: string,
  request: AmendmentInput,
  documentChange?: DocumentAmendment,
): Promise<Competition> => {
  const current = await ownCompetition(deps, caller, id);
  // A title merges by language: `{ ru }` changes the Russian title and keeps the Kazakh and English ones.
  const merged: AmendmentInput = request.title ? { ...request, title: { ...current.title, ...request.title } } : request;
  const input: AmendmentInput = merged.qualificationRequirements
    ? { ...merged, qualificationRequirements: requirementsOf(current.sector, merged.qualificationRequirements)! }
    : merged;
  const now = clockNow();
  const at = now.toISOString();
  const changed: string[] = [...AMENDABLE.filter((field) => input[field] !== undefined), ...(documentChange ? ['documents'] : [])];
  if (changed.length === 0) throw new ValidationError([{ path: '(body)', message: 'nothing to change' }]);
  const documentOption = documentChange ? { document: documentChange.document } : {};
  const documents = documentChange ? { documents: withDocument(current.documents ?? [], documentChange.document) } : {};
  const documentData = documentChange ? { documents: [documentFacts(documentChange)] } : {};

  if (allows('editDraft', current, now)) {
    if (input.tenderPeriod) throw new ValidationError([{ path: 'tenderPeriod', message: 'periods are set at publication' }]);
    const next: Competition = { ...current, ...pick(input), ...documents, updatedAt: at };
    await deps.competitions.replace(
      next,
      current,
      event('competition.draft-updated', next, actorOf(caller), at, { fields: changed, ...documentData }, pick(current), pick(input)),
      { action: 'editDraft', now: at, ...documentOption },
    );
    return next;
  }
  assertTransition('amend', current, now);
  let tenderEnd = current.tenderPeriod!.endDate;
  if (input.tenderPeriod) {
    // Compared as instants: the request may carry an offset (`+05:00`), the stored deadline is UTC.
    const requested = new Date(input.tenderPeriod.endDate);
    if (requested.toISOString() <= tenderEnd) {
      throw new ValidationError([{ path: 'tenderPeriod.endDate', message: `must be later than the current deadline ${tenderEnd}` }]);
    }
    const tooFar = periodEndProblem(requested, now, deps.periods.maxDaysAhead);
    if (tooFar) throw new ValidationError([{ path: 'tenderPeriod.endDate', message: tooFar }]);
    tenderEnd = requested.toISOString();
  }
  const duringTendering = effectiveStatus(current, now) === 'active.tendering';
  if (duringTendering) {
    tenderEnd = maxIso(tenderEnd, extendTenderEnd(now, new Date(tenderEnd), MIN_REMAINING_TENDER_WORKING_DAYS).toISOString());
  }
  const version = current.version + 1;
  const next: Competition = {
    ...current,
    ...pick(input),
    ...documents,
    tenderPeriod: { startDate: current.tenderPeriod!.startDate, endDate: tenderEnd },
    version,
    bidsValidFromVersion: duringTendering ? version : current.bidsValidFromVersion,
    updatedAt: at,
  };
  await deps.competitions.replace(
    next,
    current,
    event('competition.amended', next, actorOf(caller), at, { version, fields: changed, bidsInvalidated: duringTendering, tenderPeriod: next.tenderPeriod, ...documentData }, pick(current), pick(next)),
    { action: 'amend', now: at, snapshot: next, ...documentOption },
  );
  return next;
};

const pick = (c: AmendmentInput | Competition) =>
  Object.fromEntries(AMENDABLE.filter((f) => (c as Record<string, unknown>)[f] !== undefined).map((f) => [f, (c as Record<string, unknown>)[f]]));

const maxIso = (a: string, b: string): string => (a > b ? a : b);

/**
 * Publishes a draft: periods start now, the project moves to contractor determination. With an Idempotency-Key the
 * same request repeated (even concurrently) returns the first result and creates nothing new.
 */
export const publishCompetition = async (
  deps: CompetitionDeps,
  caller: Caller,
  id: string,
  idempotencyKey?: string,
): Promise<Competition> => {
  const scope = caller.sub;
  const replay = async (): Promise<Competition | undefined> => {
    if (!idempotencyKey) return undefined;
    const record = await deps.competitions.findIdempotency(scope, idempotencyKey);
    if (!record) return undefined;
    if (record.route !== 'publish' || record.competitionId !== id) {
      throw new ValidationError([{ path: 'headers.idempotency-key', message: 'this key was used for a different request' }]);
    }
    return deps.competitions.get(id, true);
  };
  const earlier = await replay();
  if (earlier) return earlier;

  const current = await ownCompetition(deps, caller, id);
  const now = clockNow();
  const at = now.toISOString();
  const periods = computePeriods(now, deps.periods);
  const next: Competition = { ...current, status: statusAfter('publish'), ...periods, publishedAt: at, updatedAt: at };
  const record: IdempotencyRecord | undefined = idempotencyKey
    ? { scope, key: idempotencyKey, route: 'publish', competitionId: id, at, expiresAt: Math.floor(now.getTime() / 1000) + 24 * 3600 }
    : undefined;
  try {
    assertTransition('publish', current, now);
    await deps.competitions.publish(
      next,
      current,
      event('competition.published', next, actorOf(caller), at, { projectId: next.projectId, kato: next.kato, sector: next.sector, ...periods }, { status: 'draft' }, competitionView(next, now)),
      record,
    );
  } catch (error) {
    // A concurrent request with the same key may have won: answer as it did.
    const winner = error instanceof ConflictError ? await replay() : undefined;
    if (winner) return winner;
    throw error;
  }
  return next;
};

export const cancelCompetition = async (deps: CompetitionDeps, caller: Caller, id: string, reason: CancellationReason): Promise<Competition> => {
  const current = await ownCompetition(deps, caller, id);
  const now = clockNow();
  const at = now.toISOString();
  assertTransition('cancel', current, now);
  const status = effectiveStatus(current, now);
  const next: Competition = { ...current, status: statusAfter('cancel'), cancellation: { reason, at }, updatedAt: at };
  await deps.competitions.cancel(next, current, event('competition.cancelled', next, actorOf(caller), at, { reason }, { status }, { status: 'cancelled' }));
  return next;
};

export interface OpeningSummary {
  readonly competition: Competition;
  readonly bids: Bid[];
  readonly validBids: number;
  /** False when the bids had been opened before (by the checker or the akimat). */
  readonly openedNow: boolean;
}

/**
 * Opens the bids after the deadline; with no valid bid the competition ends unsuccessful. Used by the akimat and by
 * the deadline checker (actor `system`): whoever comes second finds the work done.
 */
export const openBids = async (deps: CompetitionDeps, actor: Actor, competition: Competition): Promise<OpeningSummary> => {
  const now = clockNow();
  const at = now.toISOString();
  let openedNow = false;
  // Opened already (by the checker or the akimat): the second comes to find the work done.
  if (!competition.bidsOpenedAt) {
    assertTransition('openBids', competition, now);
    await deps.competitions.openBids(competition.id, at, event('competition.bids-opened', competition, actor, at, {}, { status: effectiveStatus(competition, now) }, { status: 'active.evaluation' }));
    openedNow = true;
  }
  const opened = (await deps.competitions.get(competition.id, true))!;
  const bids = await deps.bids.listBids(competition.id);
  const valid = bids.filter((b) => isBidValid(b, opened));
  if (valid.length === 0 && allows('markUnsuccessful', opened, now)) {
    try {
      await deps.competitions.markUnsuccessful(opened, event('competition.unsuccessful', opened, actor, at, { reason: 'noValidBids' }, { status: 'active.evaluation' }, { status: 'unsuccessful' }));
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
    }
  }
  return { competition: (await deps.competitions.get(competition.id, true))!, bids, validBids: valid.length, openedNow };
};

export const openBidsAsAkimat = async (deps: CompetitionDeps, caller: Caller, id: string): Promise<OpeningSummary> => {
  const competition = await ownCompetition(deps, caller, id);
  assertTransition('openBids', competition, clockNow());
  return openBids(deps, actorOf(caller), competition);
};

/** A public competition (drafts are not public). */
export const getPublicCompetition = async (deps: Pick<CompetitionDeps, 'competitions'>, id: string): Promise<Competition> => {
  const competition = await deps.competitions.get(id);
  // Never published (a draft, or a draft cancelled): private to its akimat.
  if (!competition || !competition.publishedAt) throw new NotFoundError(`no competition ${id}`);
  return competition;
};

/** The audit log, for the akimat of the region and ministries; sealed-bid facts stay hidden until opening. */
export const competitionEvents = async (
  deps: Pick<CompetitionDeps, 'competitions'>,
  caller: Caller,
  id: string,
  page: { limit: number; cursor?: string },
): Promise<Page<unknown>> => {
  const competition = await deps.competitions.get(id);
  if (!competition) throw new NotFoundError(`no competition ${id}`);
  if (!(caller.role === 'ministry' || (caller.role === 'akimat' && caller.kato === competition.kato))) {
    throw new ForbiddenError('the audit log is for the akimat of the region and ministries');
  }
  const events = await deps.competitions.events(id, page);
  return { ...events, items: events.items.map((e) => auditView(e, competition)).filter((e) => e !== undefined) };
};

/** Contractors' actions are anonymous; bid events (who bid, at what price) appear only once the bids are opened. */
const auditView = (e: DomainEvent, c: Competition) => {
  const sealed = e.type.startsWith('bid.');
  if (sealed && !c.bidsOpenedAt) return undefined;
  const anonymous = e.type.startsWith('question.') && 'role' in e.actor && e.actor.role === 'contractor';
  const { data, before, after, ...rest } = e;
  return {
    ...rest,
    actor: anonymous ? { role: 'contractor' } : e.actor,
    data: anonymous ? {} : data,
    ...(before !== undefined ? { before } : {}),
    ...(after !== undefined ? { after } : {}),
  };
};
