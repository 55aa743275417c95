/**
 * Complaints: filed by a bidder about the award during its standstill, or by a verified contractor about the tender
 * conditions until some working days before the deadline; decided by the reviewing body (ministry) within its
 * period. A satisfied award complaint cancels the award and reopens evaluation. No AWS here.
 */
import { now as clockNow } from '../clock.js';
import { addWorkingDays } from '../domain/calendar.js';
import type { Competition } from '../domain/competition.js';
import { assertTransition, statusAfter } from '../domain/competition-lifecycle.js';
import {
  complaintView,
  tenderComplaintOpen,
  type Complaint,
  type ComplaintConfig,
  type ComplaintResolution,
  type ComplaintSubject,
} from '../domain/complaints.js';
import type { Contractor } from '../domain/contractor.js';
import type { DomainEvent } from '../domain/events.js';
import { newId } from '../domain/ids.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors.js';
import type { Caller } from '../http/identity.js';
import type { BidDocumentReader } from './bids.js';
import { event, getPublicCompetition, type BidReader, type CompetitionStore } from './competitions.js';

export interface ComplaintStore {
  /**
   * Files the complaint if the competition still allows it: for an award complaint, the award is the same and its
   * complaint period has not ended at `filedAt` (the competition's pending count goes up); for a tender complaint,
   * the competition is open with the deadline it was checked against.
   */
  file(complaint: Complaint, competition: Competition, event: DomainEvent): Promise<void>;
  get(competitionId: string, id: string): Promise<Complaint | undefined>;
  list(competitionId: string): Promise<Complaint[]>;
  /**
   * Records the decision if the complaint is still pending. An award complaint lowers the pending count; `reopened`
   * (a satisfied award complaint) also replaces the competition, cancelling its award, with its own event.
   */
  decide(
    next: Complaint,
    competition: Competition,
    event: DomainEvent,
    reopened?: { readonly next: Competition; readonly event: DomainEvent },
  ): Promise<void>;
  /** Complaints awaiting a decision, earliest review deadline first (the ministry's queue). */
  listPending(): Promise<Complaint[]>;
}

export interface ContractorReader {
  get(bin: string): Promise<Contractor | undefined>;
}

export interface ComplaintDeps {
  readonly competitions: CompetitionStore;
  readonly bids: BidReader;
  readonly complaints: ComplaintStore;
  readonly contractors: ContractorReader;
  /** The author's bid documents of the competition: a complaint may refer to its verified ones. */
  readonly bidDocuments: BidDocumentReader;
  readonly config: ComplaintConfig;
}

export interface ComplaintInput {
  readonly subject: ComplaintSubject;
  readonly title: string;
  readonly text: string;
  readonly documents?: readonly string[];
}

/** Whether the competition takes a complaint of this subject now (409 naming why not). */
const assertOpenFor = (c: Competition, subject: ComplaintSubject, now: Date, config: ComplaintConfig): void => {
  if (subject === 'award') return assertTransition('fileAwardComplaint', c, now);
  assertTransition('fileTenderComplaint', c, now);
  if (!tenderComplaintOpen(c, now, config)) {
    throw new ConflictError(`complaints about the tender conditions close ${config.tenderComplaintCutoffWorkingDays} working days before the deadline ${c.tenderPeriod!.endDate}`);
  }
};

export const fileComplaint = async (deps: ComplaintDeps, caller: Caller, competitionId: string, input: ComplaintInput) => {
  if (caller.role !== 'contractor' || !caller.bin) throw new ForbiddenError('complaints are filed by contractors');
  const competition = await getPublicCompetition(deps, competitionId);
  const now = clockNow();
  const contractor = await deps.contractors.get(caller.bin);
  if (!contractor || contractor.status !== 'verified') throw new ForbiddenError('only a registered contractor with a verified email may complain');
  if (input.subject === 'award') {
    const bids = await deps.bids.listBids(competitionId);
    if (!bids.some((b) => b.bin === caller.bin)) throw new ForbiddenError('only a bidder of this competition may complain about its award');
    if (competition.award?.bin === caller.bin) throw new ForbiddenError('the winner does not complain about its own award');
  }
  assertOpenFor(competition, input.subject, now, deps.config);
  if (input.documents?.length) {
    const own = new Set((await deps.bidDocuments.listBid(competitionId, caller.bin)).filter((d) => d.status === 'active').map((d) => d.id));
    const unknown = input.documents.flatMap((id, i) => (own.has(id) ? [] : [{ path: `documents.${i}`, message: `no verified document ${id} of yours in this competition` }]));
    if (unknown.length) throw new ValidationError(unknown);
  }
  const at = now.toISOString();
  const complaint: Complaint = {
    id: newId(),
    competitionId,
    competitionTitle: competition.title,
    kato: competition.kato,
    subject: input.subject,
    ...(input.subject === 'award' ? { awardId: competition.award!.id ?? '1' } : {}),
    title: input.title,
    text: input.text,
    ...(input.documents?.length ? { documents: input.documents } : {}),
    author: { bin: contractor.bin, name: contractor.name },
    authorSub: caller.sub,
    status: 'pending',
    filedAt: at,
    reviewDueAt: addWorkingDays(now, deps.config.reviewWorkingDays).toISOString(),
  };
  try {
    await deps.complaints.file(
      complaint,
      competition,
      event('complaint.filed', competition, { sub: caller.sub, role: caller.role }, at, {
        complaintId: complaint.id,
        subject: complaint.subject,
        title: complaint.title,
        text: complaint.text,
        authorBin: complaint.author.bin,
        authorName: complaint.author.name,
        kato: competition.kato,
        reviewDueAt: complaint.reviewDueAt,
        ...(complaint.awardId ? { awardId: complaint.awardId } : {}),
      }),
    );
  } catch (error) {
    // The storage condition is the authority; explain its refusal with the competition as it is now.
    if (error instanceof ConflictError) assertOpenFor((await deps.competitions.get(competitionId, true)) ?? competition, input.subject, clockNow(), deps.config);
    throw error;
  }
  return complaint;
};

/** Public: every complaint of a published competition, with the author's organisation (not its contact). */
export const listComplaints = async (deps: ComplaintDeps, competitionId: string) => {
  await getPublicCompetition(deps, competitionId);
  return (await deps.complaints.list(competitionId)).map(complaintView);
};

/** The reviewing body's queue: pending complaints with their deadlines. */
export const pendingComplaints = async (deps: ComplaintDeps) => (await deps.complaints.listPending()).map((c) => ({ ...complaintView(c), kato: c.kato }));

export interface DecisionInput {
  readonly resolution: ComplaintResolution;
  readonly text: string;
}

/** The reviewing body's decision; a satisfied award complaint cancels the award and reopens evaluation. */
export const decideComplaint = async (deps: ComplaintDeps, caller: Caller, competitionId: string, complaintId: string, input: DecisionInput) => {
  if (caller.role !== 'ministry') throw new ForbiddenError('complaints are decided by the reviewing body');
  const competition = await deps.competitions.get(competitionId, true);
  const complaint = competition ? await deps.complaints.get(competitionId, complaintId) : undefined;
  if (!competition || !complaint) throw new NotFoundError(`no complaint ${complaintId} in competition ${competitionId}`);
  if (complaint.status !== 'pending') throw new ConflictError(`the complaint was decided already: ${complaint.status}`);
  const at = clockNow().toISOString();
  const actor = { sub: caller.sub, role: caller.role };
  const next: Complaint = { ...complaint, status: input.resolution, decision: { resolution: input.resolution, text: input.text, at } };
  const cancelsAward = complaint.subject === 'award' && input.resolution === 'satisfied' && competition.award?.id === complaint.awardId;
  if (cancelsAward) assertTransition('cancelAward', competition, clockNow());
  let reopened: { next: Competition; event: DomainEvent } | undefined;
  if (cancelsAward) {
    const award = competition.award!;
    const { award: _award, ...rest } = competition;
    const reopenedCompetition: Competition = {
      ...rest,
      status: statusAfter('cancelAward'),
      cancelledAwards: [...(competition.cancelledAwards ?? []), { ...award, status: 'cancelled' }],
      evaluationReopenedAt: at,
      pendingAwardComplaints: Math.max(0, (competition.pendingAwardComplaints ?? 1) - 1),
      updatedAt: at,
    };
    reopened = {
      next: reopenedCompetition,
      event: event('competition.award-cancelled', competition, actor, at, { awardId: award.id ?? '1', bin: award.bin, complaintId }, { status: 'active.awarded', award }, { status: 'active.evaluation' }),
    };
  }
  await deps.complaints.decide(
    next,
    competition,
    event('complaint.decided', competition, actor, at, {
      complaintId,
      kato: competition.kato,
      subject: complaint.subject,
      resolution: input.resolution,
      text: input.text,
      title: complaint.title,
      ...(complaint.awardId ? { awardId: complaint.awardId } : {}),
    }),
    reopened,
  );
  return complaintView(next);
};
