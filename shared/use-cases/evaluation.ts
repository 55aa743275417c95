/**
 * Evaluation after the bids are opened: the akimat qualifies or disqualifies each bid (with reason codes), sees the
 * automatic checks and the ranking, and awards the lowest qualified bid with its signature; the award publishes the
 * evaluation protocol and starts the standstill. No AWS here: storage, the register, the protocol renderer and the
 * signature verifier are ports.
 */
import { createHash } from 'node:crypto';
import { now as clockNow } from '../clock.js';
import { addWorkingDays } from '../domain/calendar.js';
import { type Award, type Bid, type Competition, type CompetitionDocument, type Period } from '../domain/competition.js';
import { complaintPeriod, contractPossible, type ComplaintConfig } from '../domain/complaints.js';
import type { TenderDocument } from '../domain/documents.js';
import {
  allDisqualified,
  awardProblem,
  bidChecks,
  decisionProblem,
  PROTOCOL_TITLE,
  rankBids,
  type BidChecks,
  type CheckConfig,
  type DisqualificationReason,
  type Qualification,
  type QualificationDecisionValue,
  type RankedBid,
} from '../domain/evaluation.js';
import { assertTransition, effectiveStatus, statusAfter } from '../domain/competition-lifecycle.js';
import type { DomainEvent } from '../domain/events.js';
import { newId } from '../domain/ids.js';
import type { PeriodConfig } from '../domain/periods.js';
import { canonicalBytes, type Signer } from '../domain/signing.js';
import { activeEntry, type UnscrupulousEntry } from '../domain/unscrupulous.js';
import { ConflictError, ForbiddenError, NotFoundError, SignatureRejectedError, ValidationError } from '../errors.js';
import type { Caller } from '../http/identity.js';
import { event, ownCompetition, type BidReader, type CompetitionStore } from './competitions.js';
import type { SignatureVerifier } from './signature-verifier.js';

export interface QualificationStore {
  list(competitionId: string): Promise<Qualification[]>;
  /**
   * Writes a decision if the competition is still in evaluation without an award, bumping its evaluation revision.
   */
  decide(q: Qualification, competition: Competition, event: DomainEvent): Promise<void>;
}

export interface AwardStore {
  /**
   * Writes the award if the competition is still in evaluation, without an award, at the evaluation revision it was
   * ranked at; the protocol document is written with it and the project moves to implementation.
   */
  award(next: Competition, expected: Competition, event: DomainEvent, protocol: TenderDocument): Promise<void>;
}

export interface RegisterReader {
  /** Every entry, ended or not, naming the BIN. */
  listByBin(bin: string): Promise<UnscrupulousEntry[]>;
}

/** The evaluation protocol, as data: what the PDF shows and what the award's signature covers (by its hash). */
export interface Protocol {
  readonly competition: Pick<Competition, 'id' | 'title' | 'estimatedValue' | 'kato' | 'sector'> & { readonly bidsOpenedAt: string };
  readonly awardedAt: string;
  readonly winner: { readonly bin: string; readonly price: string };
  readonly bids: readonly {
    readonly bin: string;
    readonly price: string;
    readonly submittedAt: string;
    readonly valid: boolean;
    readonly checks: BidChecks;
    readonly decision?: QualificationDecisionValue;
    readonly reasons: readonly DisqualificationReason[];
    readonly rank?: number;
  }[];
}

export interface ProtocolPublisher {
  /** Renders the protocol as a PDF (same protocol → same bytes). */
  render(protocol: Protocol): Promise<Uint8Array>;
  /** Stores the bytes under a new key of the documents bucket, returning the key. */
  store(competitionId: string, documentId: string, bytes: Uint8Array): Promise<string>;
}

export interface EvaluationDeps {
  readonly competitions: CompetitionStore;
  readonly bids: BidReader;
  readonly qualifications: QualificationStore;
  readonly awards: AwardStore;
  readonly register: RegisterReader;
  readonly protocols: ProtocolPublisher;
  readonly verifier: SignatureVerifier;
  readonly periods: PeriodConfig;
  readonly complaints: ComplaintConfig;
  readonly checks: CheckConfig;
}

/** The review period: the configured working days from the opening (or from the reopening by a complaint). */
export const evaluationPeriod = (c: Competition, periods: Pick<PeriodConfig, 'reviewWorkingDays'>): Period | undefined => {
  const start = c.evaluationReopenedAt ?? c.bidsOpenedAt;
  return start ? { startDate: start, endDate: addWorkingDays(new Date(start), periods.reviewWorkingDays).toISOString() } : undefined;
};

/** The register entry naming each bidder at the opening (a bidder listed after submission is flagged). */
const listedAtOpening = async (deps: Pick<EvaluationDeps, 'register'>, bids: readonly Bid[], openedAt: string) => {
  const entries = await Promise.all(bids.map((b) => deps.register.listByBin(b.bin)));
  return new Map(bids.map((b, i) => [b.bin, activeEntry(entries[i]!, new Date(openedAt))?.id]));
};

interface Evaluation {
  readonly competition: Competition;
  readonly ranked: RankedBid[];
  readonly checks: Map<string, BidChecks>;
}

const evaluate = async (deps: EvaluationDeps, competition: Competition): Promise<Evaluation> => {
  const [bids, qualifications] = await Promise.all([deps.bids.listBids(competition.id), deps.qualifications.list(competition.id)]);
  const listed = await listedAtOpening(deps, bids, competition.bidsOpenedAt!);
  const checks = new Map(bids.map((b) => [b.bin, bidChecks(b, competition, listed.get(b.bin), deps.checks)]));
  return { competition, ranked: rankBids(bids, qualifications, competition), checks };
};

const bidRow = (e: Evaluation, r: RankedBid) => ({
  bin: r.bid.bin,
  price: r.bid.price,
  submittedAt: r.bid.submittedAt,
  valid: r.bid.competitionVersion >= e.competition.bidsValidFromVersion,
  checks: e.checks.get(r.bid.bin)!,
  ...(r.qualification
    ? { qualification: { decision: r.qualification.decision, reasons: r.qualification.reasons, decidedAt: r.qualification.decidedAt } }
    : {}),
  ...(r.rank ? { rank: r.rank } : {}),
});

/** What the evaluation screen shows: the period, each bid with its checks, decision and rank, and the award. */
const evaluationView = (deps: EvaluationDeps, e: Evaluation) => {
  const c = e.competition;
  const period = evaluationPeriod(c, deps.periods);
  const now = clockNow();
  return {
    competitionId: c.id,
    status: effectiveStatus(c, now),
    ...(period ? { evaluationPeriod: period } : {}),
    bids: e.ranked.map((r) => bidRow(e, r)),
    ...(c.award ? { award: c.award } : {}),
    ...(c.cancelledAwards?.length ? { cancelledAwards: c.cancelledAwards } : {}),
    contractPossible: contractPossible(c, now),
  };
};

/** The akimat of the region and ministries see the evaluation; a contractor only if it bid. */
export const getEvaluation = async (deps: EvaluationDeps, caller: Caller, id: string) => {
  const competition = await deps.competitions.get(id, true);
  if (!competition || !competition.publishedAt) throw new NotFoundError(`no competition ${id}`);
  if (caller.role === 'akimat' && caller.kato !== competition.kato) throw new ForbiddenError('only the akimat of the competition’s region may see its evaluation');
  if (!competition.bidsOpenedAt) throw new ConflictError('the bids are sealed until they are opened after the deadline');
  const e = await evaluate(deps, competition);
  if (caller.role === 'contractor' && !e.ranked.some((r) => r.bid.bin === caller.bin)) {
    throw new ForbiddenError('a contractor sees the evaluation of competitions it bid in');
  }
  return evaluationView(deps, e);
};

export interface QualificationInput {
  readonly decision: QualificationDecisionValue;
  readonly reasons?: readonly DisqualificationReason[];
}

/**
 * Records the akimat's decision on a bid (revisable until the award). When it leaves every valid bid disqualified,
 * the competition ends unsuccessful.
 */
export const decideQualification = async (deps: EvaluationDeps, caller: Caller, id: string, bin: string, input: QualificationInput) => {
  const competition = await ownCompetition(deps, caller, id);
  assertTransition('qualify', competition, clockNow());
  const reasons = input.reasons ?? [];
  const problem = decisionProblem(input.decision, reasons);
  if (problem) throw new ValidationError([{ path: 'reasons', message: problem }]);
  const bid = (await deps.bids.listBids(id)).find((b) => b.bin === bin);
  if (!bid) throw new NotFoundError(`no bid from ${bin} in this competition`);
  const at = clockNow().toISOString();
  const qualification: Qualification = {
    competitionId: id,
    bin,
    decision: input.decision,
    reasons: input.decision === 'disqualified' ? reasons : [],
    decidedAt: at,
    decidedBy: caller.sub,
  };
  await deps.qualifications.decide(
    qualification,
    competition,
    event('bid.qualification-decided', competition, { sub: caller.sub, role: caller.role }, at, { bin, decision: qualification.decision, reasons: qualification.reasons }),
  );
  const after = (await deps.competitions.get(id, true))!;
  const e = await evaluate(deps, after);
  if (allDisqualified(e.ranked, after)) {
    await deps.competitions.markUnsuccessful(
      after,
      event('competition.unsuccessful', after, { sub: caller.sub, role: caller.role }, at, { reason: 'allDisqualified' }, { status: 'active.evaluation' }, { status: 'unsuccessful' }),
    );
    return evaluationView(deps, { ...e, competition: (await deps.competitions.get(id, true))! });
  }
  return evaluationView(deps, e);
};

/** What the akimat signs when it awards: the competition as evaluated, the winner and the protocol's SHA-256. */
export const awardSigningFacts = (c: Competition, winner: Bid, protocolSha256: string) => ({
  act: 'award',
  competitionId: c.id,
  competitionVersion: c.version,
  evaluationRevision: c.evaluationRevision ?? 0,
  bin: winner.bin,
  price: winner.price,
  protocolSha256,
});

const protocolOf = (e: Evaluation, winner: Bid, awardedAt: string): Protocol => ({
  competition: {
    id: e.competition.id,
    title: e.competition.title,
    estimatedValue: e.competition.estimatedValue,
    kato: e.competition.kato,
    sector: e.competition.sector,
    bidsOpenedAt: e.competition.bidsOpenedAt!,
  },
  awardedAt,
  winner: { bin: winner.bin, price: winner.price },
  bids: e.ranked.map((r) => {
    const row = bidRow(e, r);
    return {
      bin: row.bin,
      price: row.price,
      submittedAt: row.submittedAt,
      valid: row.valid,
      checks: row.checks,
      ...(r.qualification ? { decision: r.qualification.decision } : {}),
      reasons: r.qualification?.reasons ?? [],
      ...(r.rank ? { rank: r.rank } : {}),
    };
  }),
});

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/**
 * The award as it would be made now: the winner (or a 409 naming the first-ranked), the protocol and its PDF. The
 * protocol is dated by the evaluation it records (the last decision), not by the clock, so the signing payload and
 * the award render the same bytes.
 */
const prepareAward = async (deps: EvaluationDeps, caller: Caller, id: string, bin: string) => {
  const competition = await ownCompetition(deps, caller, id);
  assertTransition('award', competition, clockNow());
  const e = await evaluate(deps, competition);
  const problem = awardProblem(e.ranked, bin);
  if (problem) throw new ConflictError(`only the lowest qualified bid can be awarded: ${problem}`, [{ path: 'bin', message: problem }]);
  const winner = e.ranked.find((r) => r.rank === 1)!.bid;
  const evaluatedAt = e.ranked.map((r) => r.qualification?.decidedAt ?? '').reduce((a, b) => (a > b ? a : b), competition.bidsOpenedAt!);
  const protocol = protocolOf(e, winner, evaluatedAt);
  const pdf = await deps.protocols.render(protocol);
  return { competition, e, winner, protocol, pdf, facts: awardSigningFacts(competition, winner, sha256(pdf)) };
};

/** `POST …/award/signing-payload`: the bytes the akimat signs to award `bin` (base64) and their SHA-256. */
export const awardSigningPayloadFor = async (deps: EvaluationDeps, caller: Caller, id: string, bin: string) => {
  const { facts } = await prepareAward(deps, caller, id, bin);
  const bytes = canonicalBytes(facts);
  return { payload: Buffer.from(bytes).toString('base64'), sha256: sha256(bytes), protocolSha256: facts.protocolSha256 };
};

const requireOrganisation = (caller: Caller): string => {
  if (!caller.bin) throw new ForbiddenError('an award is signed for the akimat’s organisation: the caller’s token carries no BIN');
  return caller.bin;
};

/**
 * Awards the lowest qualified bid: the akimat's signature over the award's canonical bytes (with the protocol's
 * SHA-256) is verified, the protocol is published as an `evaluationReports` document, and the standstill starts.
 */
export const awardCompetition = async (deps: EvaluationDeps, caller: Caller, id: string, input: { bin: string; signature?: string }) => {
  const { competition, e, winner, pdf, facts } = await prepareAward(deps, caller, id, input.bin);
  const organisation = requireOrganisation(caller);
  if (input.signature === undefined) {
    throw new SignatureRejectedError('missing', 'an award must carry the akimat’s signature over the bytes of POST …/award/signing-payload');
  }
  const now = clockNow();
  const signer: Signer = await deps.verifier.verify({ signature: input.signature, payload: canonicalBytes(facts), bin: organisation, now });
  const at = now.toISOString();
  const documentId = newId();
  const storageKey = await deps.protocols.store(id, documentId, pdf);
  const file = {
    version: 1,
    fileName: `protocol-${id}-${(competition.cancelledAwards?.length ?? 0) + 1}.pdf`,
    contentType: 'application/pdf',
    size: pdf.byteLength,
    sha256: facts.protocolSha256,
    storageKey,
    uploadedAt: at,
  };
  const protocolDocument: TenderDocument = {
    id: documentId,
    competitionId: id,
    documentType: 'evaluationReports',
    title: PROTOCOL_TITLE,
    files: [file],
    createdAt: at,
    datePublished: at,
    dateModified: at,
  };
  const listed: CompetitionDocument = {
    id: documentId,
    documentType: 'evaluationReports',
    title: protocolDocument.title,
    fileName: file.fileName,
    contentType: file.contentType,
    size: file.size,
    sha256: file.sha256,
    version: 1,
    datePublished: at,
    dateModified: at,
  };
  const award: Award = {
    id: String((competition.cancelledAwards?.length ?? 0) + 1),
    bin: winner.bin,
    price: winner.price,
    at,
    status: 'active',
    complaintPeriod: complaintPeriod(now, deps.complaints),
    signer,
    protocolDocumentId: documentId,
  };
  const next: Competition = {
    ...competition,
    status: statusAfter('award'),
    award,
    documents: [...(competition.documents ?? []), listed],
    updatedAt: at,
  };
  await deps.awards.award(
    next,
    competition,
    event(
      'competition.awarded',
      next,
      { sub: caller.sub, role: caller.role },
      at,
      {
        bin: winner.bin,
        price: winner.price,
        awardId: award.id,
        complaintPeriod: award.complaintPeriod,
        protocol: { id: documentId, sha256: file.sha256 },
        signer: { commonName: signer.commonName, certificateSerial: signer.certificateSerial },
        evaluated: {
          bids: e.ranked.length,
          disqualified: e.ranked.filter((r) => r.qualification?.decision === 'disqualified').length,
          openedToAwardDays: Math.max(0, Math.floor((now.getTime() - Date.parse(competition.bidsOpenedAt!)) / 86_400_000)),
        },
      },
      { status: competition.status },
      { status: 'active.awarded', award },
    ),
    protocolDocument,
  );
  return next;
};
