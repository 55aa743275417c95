/**
 * Contracts and their implementation (issue 14): the platform creates the contract when the award's standstill has
 * passed with no pending complaint; both parties sign the same canonical bytes (the second signature makes it active,
 * completes the competition and moves the project to implementation); the supplier may refuse, and a missed signing
 * deadline counts as refusal (the award is cancelled, evaluation reopens for the next-ranked bid, and a register
 * entry is proposed for the ministry to confirm). Then milestones, amendments, reports, overdue notices, completion or
 * termination. Every rule is a row of `contract-lifecycle.ts`; storage enforces the same rows. No AWS here.
 */
import { createHash } from 'node:crypto';
import { now as clockNow } from '../clock.js';
import { isBidValid, refusedBidders, type Award, type Competition } from '../domain/competition.js';
import type { Qualification } from '../domain/evaluation.js';
import { allows as competitionAllows, assertTransition, statusAfter } from '../domain/competition-lifecycle.js';
import {
  contractSigningFacts,
  hasSigned,
  isOverdue,
  milestonesFrom,
  milestonesProblem,
  newContract,
  overdueUnnotified,
  partyOf,
  progressAfter,
  type Amendment,
  type Contract,
  type ContractConfig,
  type ContractParty,
  type ContractStatus,
  type Milestone,
  type MilestoneInput,
  type ProgressReport,
} from '../domain/contract.js';
import { assertContractTransition, contractAllows, contractEffectiveStatus, contractStatusAfter, type ContractAction } from '../domain/contract-lifecycle.js';
import { makeEvent, type Actor, type DomainEvent, type EventFields, type EventPayloads, type EventTypeOf, type MilestoneFacts } from '../domain/events.js';
import { newId } from '../domain/ids.js';
import { compareMoney } from '../domain/money.js';
import type { ProjectStage } from '../domain/project.js';
import { canonicalBytes } from '../domain/signing.js';
import { proposalPeriod, type UnscrupulousEntry } from '../domain/unscrupulous.js';
import { ConflictError, ForbiddenError, NotFoundError, SignatureRejectedError, ValidationError } from '../errors.js';
import type { Caller } from '../http/identity.js';
import type { ContractorReader } from './complaints.js';
import { event as competitionEvent, type BidReader, type CompetitionStore, type ProjectReader } from './competitions.js';
import type { SignatureVerifier } from './signature-verifier.js';

/** What the writes of a contract carry beside it, in the same transaction. */
export interface ContractSideEffects {
  /** The competition replaced as the contract action requires (`contractSigned`: complete; `contractRefused`: reopened). */
  readonly competition?: {
    readonly next: Competition;
    readonly expected: Competition;
    readonly action: 'contractSigned' | 'contractRefused';
    /** An event of the competition's own (its partition), e.g. the award's cancellation by a refusal. */
    readonly event?: DomainEvent;
  };
  /** The project's stage after the write (implementation at activation, completed at completion). */
  readonly projectStage?: ProjectStage;
  /** A register entry proposed for the ministry (a refusal), with its event. */
  readonly proposal?: { readonly entry: UnscrupulousEntry; readonly event: DomainEvent };
}

export interface ContractFilter {
  readonly region?: string;
  readonly status?: ContractStatus;
}

export interface ContractStore {
  get(id: string): Promise<Contract | undefined>;
  /**
   * Writes the new contract and marks the competition with it, on condition the competition still allows
   * `makeContract` at the contract's creation (standstill over, no pending award complaint, no contract yet) for the
   * same award: one contract per award, however many checkers race.
   */
  create(contract: Contract, competition: Competition, event: DomainEvent): Promise<void>;
  /**
   * Replaces the contract if the table allows `action` on the stored one at `now` and it is still at `expected`'s
   * revision; the side effects are written in the same transaction (or nothing is).
   */
  replace(next: Contract, expected: Contract, action: ContractAction, events: readonly DomainEvent[], now: string, side?: ContractSideEffects): Promise<void>;
  list(filter: ContractFilter, page: { limit: number; cursor?: string }): Promise<{ items: Contract[]; cursor?: string }>;
  /** The contracts of one supplier (BIN), newest first. */
  bySupplier(bin: string, page: { limit: number; cursor?: string }): Promise<{ items: Contract[]; cursor?: string }>;
  /** Contracts whose timer (signing deadline, next milestone) is due at `now`. */
  findDue(now: string, cursor?: Record<string, string>): Promise<{ ids: string[]; cursor?: Record<string, string> }>;
}

export interface ContractDeps {
  readonly contracts: ContractStore;
  readonly competitions: Pick<CompetitionStore, 'get' | 'markUnsuccessful'>;
  /** The competition's bids and qualification decisions: after a refusal, is anything left to award? */
  readonly bids: BidReader;
  readonly qualifications: { list(competitionId: string): Promise<Qualification[]> };
  readonly projects: ProjectReader;
  readonly contractors: ContractorReader;
  readonly verifier: SignatureVerifier;
  readonly config: ContractConfig;
}

const SYSTEM: Actor = { system: 'deadline-checker' };

const actorOf = (caller: Caller): Actor => ({ sub: caller.sub, role: caller.role });

/** A contract event: the contract's partition is its audit log and outbox. */
export const contractEvent = <T extends EventTypeOf<'contract'>>(type: T, c: Pick<Contract, 'id'>, actor: Actor, at: string, data: EventPayloads[T]): DomainEvent =>
  makeEvent<EventTypeOf<'contract'>>(type, { at, actor, subject: { kind: 'contract', id: c.id }, data } as unknown as EventFields<T>);

const factsOf = (c: Contract) => ({ competitionId: c.competitionId, projectId: c.projectId, kato: c.kato, bin: c.supplier.bin, value: c.value });

const milestoneFacts = (ms: readonly Milestone[]): MilestoneFacts[] =>
  ms.map((m) => ({ id: m.id, title: m.title, type: m.type, dueDate: m.dueDate, ...(m.value !== undefined ? { value: m.value } : {}) }));

/** Milestones reported overdue and not met since (the implementation view's open overdue milestones). */
const overdueOpen = (c: Contract): number => c.milestones.filter((m) => m.overdueNotifiedAt && !m.metAt).length;

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** What anyone may see of a contract: everything but the signatures' CMS and signing users, and the official's address. */
export const contractView = (c: Contract, now: Date = clockNow()) => {
  const { signatures, responsible, revision: _revision, milestones, ...rest } = c;
  return {
    ...rest,
    status: contractEffectiveStatus(c, now),
    signatures: (signatures ?? []).map((s) => ({ party: s.party, signer: s.signer, signedAt: s.signedAt })),
    milestones: milestones.map((m) => {
      const { overdueNotifiedAt: _notified, ...milestone } = m;
      return { ...milestone, status: m.metAt ? ('met' as const) : isOverdue(m, now) ? ('overdue' as const) : ('scheduled' as const) };
    }),
    ...(responsible ? { responsible: { name: responsible.name } } : {}),
  };
};

export const getContract = async (deps: Pick<ContractDeps, 'contracts'>, id: string): Promise<Contract> => {
  const contract = await deps.contracts.get(id);
  if (!contract) throw new NotFoundError(`no contract ${id}`);
  return contract;
};

/** The akimat of the contract's region. */
const ownContract = async (deps: Pick<ContractDeps, 'contracts'>, caller: Caller, id: string): Promise<Contract> => {
  const contract = await getContract(deps, id);
  if (caller.role !== 'akimat' || caller.kato !== contract.kato) throw new ForbiddenError('only the akimat of the contract’s region may do this');
  return contract;
};

/** The party the caller signs for, or 403. */
const partyFor = (c: Contract, caller: Caller): ContractParty => {
  const party = partyOf(c, caller);
  if (!party) throw new ForbiddenError('a contract is signed by the akimat of its region and by its supplier (the awarded contractor)');
  return party;
};

const bumped = (c: Contract, at: string, change: Partial<Contract>): Contract => ({ ...c, ...change, updatedAt: at, revision: c.revision + 1 });

/** `GET /my/contracts`: the calling contractor's contracts (as the supplier), newest first. */
export const myContracts = async (deps: Pick<ContractDeps, 'contracts'>, caller: Caller, page: { limit: number; cursor?: string }) => {
  if (caller.role !== 'contractor' || !caller.bin) throw new ForbiddenError('“my contracts” are a registered contractor’s');
  const result = await deps.contracts.bySupplier(caller.bin, page);
  return { items: result.items.map((c) => contractView(c)), ...(result.cursor ? { cursor: result.cursor } : {}) };
};

// ——— Creation (the deadline checker) ———

/**
 * Creates the contract of a competition whose standstill has passed with no pending award complaint; returns it, or
 * undefined when the table does not allow it now (or another checker made it first).
 */
export const createContractFor = async (
  deps: Pick<ContractDeps, 'contracts' | 'projects' | 'contractors' | 'config'>,
  competition: Competition,
): Promise<Contract | undefined> => {
  const now = clockNow();
  if (!competitionAllows('makeContract', competition, now) || !competition.award) return undefined;
  const award = competition.award;
  const [supplier, project] = await Promise.all([deps.contractors.get(award.bin), deps.projects.get(competition.projectId)]);
  const contract = newContract(
    {
      id: newId(),
      competition: { ...competition, award },
      supplierName: supplier?.name ?? award.bin,
      buyerName: project?.akimat.name.ru ?? `Акимат ${competition.kato}`,
      ...(award.signer?.bin ? { buyerBin: award.signer.bin } : {}),
      now,
    },
    deps.config,
  );
  try {
    await deps.contracts.create(
      contract,
      competition,
      contractEvent('contract.created', contract, SYSTEM, contract.createdAt, { ...factsOf(contract), awardId: contract.awardId, signingDeadline: contract.signingDeadline }),
    );
  } catch (error) {
    if (error instanceof ConflictError) return undefined;
    throw error;
  }
  return contract;
};

// ——— Signing ———

/** `POST /contracts/{id}/signing-payload`: the bytes each party signs (base64) and their SHA-256. */
export const contractSigningPayload = async (deps: Pick<ContractDeps, 'contracts'>, caller: Caller, id: string) => {
  const contract = await getContract(deps, id);
  partyFor(contract, caller);
  assertContractTransition('sign', contract, clockNow());
  const bytes = canonicalBytes(contractSigningFacts(contract));
  return { payload: Buffer.from(bytes).toString('base64'), sha256: sha256(bytes) };
};

/**
 * A party's signature: verified against the contract's canonical bytes and the party's BIN (the supplier's
 * certificate must be of the awarded BIN; the akimat's of its organisation). The second signature activates the
 * contract, completes the competition and moves the project to implementation.
 */
export const signContract = async (deps: ContractDeps, caller: Caller, id: string, input: { signature: string }) => {
  const contract = await getContract(deps, id);
  const party = partyFor(contract, caller);
  const now = clockNow();
  if (hasSigned(contract, party)) throw new ConflictError(`the ${party} has signed this contract already`);
  assertContractTransition('sign', contract, now);
  const bin = party === 'supplier' ? contract.supplier.bin : caller.bin;
  if (!bin) throw new SignatureRejectedError('not_this_organisation', 'the akimat signs for its organisation: the caller’s token carries no BIN');
  const signer = await deps.verifier.verify({ signature: input.signature, payload: canonicalBytes(contractSigningFacts(contract)), bin, now, requireSigningAuthority: true });
  const at = now.toISOString();
  const signatures = [...(contract.signatures ?? []), { party, signer, signedAt: at, sub: caller.sub, cms: input.signature }];
  const project = party === 'buyer' ? await deps.projects.get(contract.projectId) : undefined;
  const responsible =
    party === 'buyer'
      ? { responsible: { sub: caller.sub, name: signer.commonName, ...((caller.email ?? project?.akimat.email) ? { email: caller.email ?? project!.akimat.email! } : {}) } }
      : {};
  const signerFacts = { commonName: signer.commonName, certificateSerial: signer.certificateSerial, bin: signer.bin };
  const complete = signatures.length === 2;
  if (!complete) {
    const next = bumped(contract, at, { signatures, ...responsible });
    await deps.contracts.replace(next, contract, 'sign', [contractEvent('contract.signed', next, actorOf(caller), at, { party, signer: signerFacts })], at);
    return next;
  }
  const competition = await deps.competitions.get(contract.competitionId, true);
  if (!competition) throw new NotFoundError(`no competition ${contract.competitionId}`);
  assertTransition('contractSigned', competition, now);
  const next = bumped(contract, at, { signatures, ...responsible, status: contractStatusAfter('activate'), dateSigned: at });
  const completed: Competition = { ...competition, status: statusAfter('contractSigned'), updatedAt: at };
  await deps.contracts.replace(
    next,
    contract,
    'activate',
    [contractEvent('contract.activated', next, actorOf(caller), at, { ...factsOf(next), party, signer: signerFacts, dateSigned: at })],
    at,
    { competition: { next: completed, expected: competition, action: 'contractSigned' }, projectStage: 'implementation' },
  );
  return next;
};

// ——— Refusal ———

/**
 * Whether a competition reopened by a refusal has nothing left to award: no valid bid of a bidder that did not refuse
 * is qualified or still undecided.
 */
const nothingLeftToAward = async (deps: Pick<ContractDeps, 'bids' | 'qualifications'>, competition: Competition): Promise<boolean> => {
  const [bids, qualifications] = await Promise.all([deps.bids.listBids(competition.id), deps.qualifications.list(competition.id)]);
  const refused = refusedBidders(competition);
  const disqualified = new Set(qualifications.filter((q) => q.decision === 'disqualified').map((q) => q.bin));
  return !bids.some((b) => isBidValid(b, competition) && !refused.has(b.bin) && !disqualified.has(b.bin));
};

type RefusalDeps = Pick<ContractDeps, 'contracts' | 'competitions' | 'bids' | 'qualifications'>;

/**
 * The award cancelled by the winner's refusal: evaluation reopens without it, the register entry proposed. When no
 * other bid can be awarded (the refusing winner was the only one, or every other is disqualified), the competition
 * then ends unsuccessful (`noValidBids`), which frees its project for a new competition.
 */
const refusal = async (deps: RefusalDeps, contract: Contract, actor: Actor, by: 'supplier' | 'deadline', reason: string, now: Date) => {
  const at = now.toISOString();
  const competition = await deps.competitions.get(contract.competitionId, true);
  if (!competition?.award) throw new NotFoundError(`no award of competition ${contract.competitionId}`);
  assertTransition('contractRefused', competition, now);
  const award: Award = {
    ...competition.award,
    status: 'cancelled',
    cancellation: { reason: by === 'supplier' ? 'contractRefused' : 'signingDeadlineMissed', at, contractId: contract.id },
  };
  const { award: _award, contractId: _contractId, ...rest } = competition;
  const reopened: Competition = {
    ...rest,
    status: statusAfter('contractRefused'),
    cancelledAwards: [...(competition.cancelledAwards ?? []), award],
    evaluationReopenedAt: at,
    updatedAt: at,
  };
  const why = by === 'supplier' ? `Отказ от заключения договора ${contract.id}: ${reason}` : `Договор ${contract.id} не подписан в срок (${contract.signingDeadline})`;
  const entry: UnscrupulousEntry = {
    id: newId(),
    bin: contract.supplier.bin,
    reason: why,
    basis: `contract ${contract.id} of competition ${contract.competitionId}`,
    ...proposalPeriod(now),
    createdAt: at,
    createdBy: 'sub' in actor ? actor.sub : actor.system,
    status: 'proposed',
    contractId: contract.id,
    competitionId: contract.competitionId,
  };
  const next = bumped(contract, at, { status: contractStatusAfter('refuse'), refusal: { reason, at, by } });
  const facts = { bin: entry.bin, reason: entry.reason, basis: entry.basis, from: entry.from, until: entry.until };
  await deps.contracts.replace(
    next,
    contract,
    by === 'supplier' ? 'refuse' : 'missSigningDeadline',
    [contractEvent('contract.refused', next, actor, at, { ...factsOf(next), by, reason, awardId: contract.awardId, registerEntryId: entry.id })],
    at,
    {
      competition: {
        next: reopened,
        expected: competition,
        action: 'contractRefused',
        // The competition's outbox says the award was cancelled (the open data replays awards from it).
        event: competitionEvent(
          'competition.award-cancelled',
          competition,
          actor,
          at,
          { awardId: contract.awardId, bin: contract.supplier.bin, reason: award.cancellation!.reason, contractId: contract.id },
          { status: 'active.awarded', award: competition.award },
          { status: 'active.evaluation' },
        ),
      },
      proposal: {
        entry,
        event: makeEvent('registry.entry-proposed', { at, actor, subject: { kind: 'registry', id: entry.id }, data: { ...facts, contractId: contract.id, competitionId: contract.competitionId } }),
      },
    },
  );
  const stored = await deps.competitions.get(contract.competitionId, true);
  if (stored && competitionAllows('markUnsuccessful', stored, now) && (await nothingLeftToAward(deps, stored))) {
    await deps.competitions.markUnsuccessful(
      stored,
      competitionEvent('competition.unsuccessful', stored, actor, at, { reason: 'noValidBids' }, { status: 'active.evaluation' }, { status: 'unsuccessful' }),
    );
  }
  return next;
};

/** The supplier refuses to sign: the award is cancelled and a register entry proposed. */
export const refuseContract = async (deps: ContractDeps, caller: Caller, id: string, input: { reason: string }) => {
  const contract = await getContract(deps, id);
  if (partyOf(contract, caller) !== 'supplier') throw new ForbiddenError('only the supplier (the awarded contractor) may refuse the contract');
  const now = clockNow();
  assertContractTransition('refuse', contract, now);
  return refusal(deps, contract, actorOf(caller), 'supplier', input.reason, now);
};

// ——— Implementation ———

export const setMilestones = async (deps: ContractDeps, caller: Caller, id: string, input: { items: readonly MilestoneInput[] }) => {
  const contract = await ownContract(deps, caller, id);
  const now = clockNow();
  assertContractTransition('setMilestones', contract, now);
  const problem = milestonesProblem(input.items, contract.value);
  if (problem) throw new ValidationError([{ path: 'items', message: problem }]);
  const at = now.toISOString();
  const milestones = milestonesFrom(input.items, (i) => `M${i + 1}`);
  const next = bumped(contract, at, { milestones });
  await deps.contracts.replace(next, contract, 'setMilestones', [contractEvent('contract.milestones-set', next, actorOf(caller), at, { milestones: milestoneFacts(milestones) })], at);
  return next;
};

export interface AmendmentInput {
  readonly rationale: string;
  readonly value?: string;
  readonly milestones?: readonly MilestoneInput[];
}

/** An amendment of an active contract: its value and/or milestones, the previous ones kept in its history. */
export const amendContract = async (deps: ContractDeps, caller: Caller, id: string, input: AmendmentInput) => {
  const contract = await ownContract(deps, caller, id);
  const now = clockNow();
  assertContractTransition('amend', contract, now);
  if (input.value === undefined && input.milestones === undefined) throw new ValidationError([{ path: 'value', message: 'an amendment changes the value, the milestones, or both' }]);
  const value = input.value ?? contract.value;
  if (input.milestones) {
    const problem = milestonesProblem(input.milestones, value);
    if (problem) throw new ValidationError([{ path: 'milestones', message: problem }]);
  }
  const at = now.toISOString();
  const number = (contract.amendments?.length ?? 0) + 1;
  const milestones = input.milestones ? milestonesFrom(input.milestones, (i) => `A${number}M${i + 1}`) : undefined;
  const amendment: Amendment = {
    id: String(number),
    at,
    rationale: input.rationale,
    ...(input.value !== undefined && input.value !== contract.value ? { value: { before: contract.value, after: input.value } } : {}),
    ...(milestones ? { milestones: { before: contract.milestones, after: milestones } } : {}),
  };
  const next = bumped(contract, at, { value, ...(milestones ? { milestones } : {}), amendments: [...(contract.amendments ?? []), amendment] });
  await deps.contracts.replace(
    next,
    contract,
    'amend',
    [
      contractEvent('contract.amended', next, actorOf(caller), at, {
        competitionId: contract.competitionId,
        amendmentId: amendment.id,
        rationale: amendment.rationale,
        ...(amendment.value ? { value: amendment.value } : {}),
        ...(milestones ? { milestones: milestoneFacts(milestones) } : {}),
        amendments: number,
        kato: contract.kato,
        physicalProgress: contract.progress?.physicalProgress ?? 0,
        ...(milestones ? { overdueClosed: overdueOpen(contract) } : {}),
      }),
    ],
    at,
  );
  return next;
};

export interface ReportInput {
  readonly milestoneId?: string;
  readonly physicalProgress: number;
  readonly completedWorksValue?: string;
  readonly paidAmount?: string;
  readonly documents?: readonly string[];
}

/** A progress report: moves the physical progress, adds works accepted and payments, marks its milestone met. */
export const fileReport = async (deps: ContractDeps, caller: Caller, id: string, input: ReportInput) => {
  const contract = await ownContract(deps, caller, id);
  const now = clockNow();
  assertContractTransition('report', contract, now);
  if (input.milestoneId !== undefined && !contract.milestones.some((m) => m.id === input.milestoneId)) {
    throw new ValidationError([{ path: 'milestoneId', message: `the contract has no milestone ${input.milestoneId}` }]);
  }
  const progress = progressAfter(contract.progress, input);
  if (compareMoney(progress.paidAmount, contract.value) > 0) throw new ValidationError([{ path: 'paidAmount', message: `payments would exceed the contract's value ${contract.value}` }]);
  const at = now.toISOString();
  const report: ProgressReport = {
    id: newId(),
    at,
    physicalProgress: input.physicalProgress,
    ...(input.milestoneId !== undefined ? { milestoneId: input.milestoneId } : {}),
    ...(input.completedWorksValue !== undefined ? { completedWorksValue: input.completedWorksValue } : {}),
    ...(input.paidAmount !== undefined ? { paidAmount: input.paidAmount } : {}),
    ...(input.documents?.length ? { documents: input.documents } : {}),
  };
  const met = input.milestoneId !== undefined ? contract.milestones.find((m) => m.id === input.milestoneId) : undefined;
  const milestones = contract.milestones.map((m) => (m.id === input.milestoneId && !m.metAt ? { ...m, metAt: at } : m));
  const next = bumped(contract, at, { progress, milestones, reports: [...(contract.reports ?? []), report] });
  await deps.contracts.replace(
    next,
    contract,
    'report',
    [
      contractEvent('contract.report-filed', next, actorOf(caller), at, {
        competitionId: contract.competitionId,
        reportId: report.id,
        kato: contract.kato,
        physicalProgress: report.physicalProgress,
        ...(report.milestoneId !== undefined ? { milestoneId: report.milestoneId } : {}),
        ...(report.completedWorksValue !== undefined ? { completedWorksValue: report.completedWorksValue } : {}),
        ...(report.paidAmount !== undefined ? { paidAmount: report.paidAmount } : {}),
        value: contract.value,
        physicalProgressBefore: contract.progress?.physicalProgress ?? 0,
        ...(met?.overdueNotifiedAt && !met.metAt ? { milestoneOverdue: true } : {}),
      }),
    ],
    at,
  );
  return next;
};

/** The contract completed: the project with it. */
export const completeContract = async (deps: ContractDeps, caller: Caller, id: string) => {
  const contract = await ownContract(deps, caller, id);
  const now = clockNow();
  assertContractTransition('complete', contract, now);
  const at = now.toISOString();
  const next = bumped(contract, at, { status: contractStatusAfter('complete'), completedAt: at });
  await deps.contracts.replace(next, contract, 'complete', [contractEvent('contract.completed', next, actorOf(caller), at, { ...factsOf(next), completedAt: at, overdueOpen: overdueOpen(contract) })], at, {
    projectStage: 'completed',
  });
  return next;
};

/** Termination with a reason (the project stays in implementation: a new procurement is the akimat's decision). */
export const terminateContract = async (deps: ContractDeps, caller: Caller, id: string, input: { reason: string }) => {
  const contract = await ownContract(deps, caller, id);
  const now = clockNow();
  assertContractTransition('terminate', contract, now);
  const at = now.toISOString();
  const next = bumped(contract, at, { status: contractStatusAfter('terminate'), termination: { reason: input.reason, at } });
  await deps.contracts.replace(next, contract, 'terminate', [contractEvent('contract.terminated', next, actorOf(caller), at, { ...factsOf(next), reason: input.reason, overdueOpen: overdueOpen(contract) })], at);
  return next;
};

// ——— The deadline checker ———

export interface ContractQueue {
  enqueueContracts(contractIds: readonly string[]): Promise<void>;
}

/** Enqueues every contract with a timer due now; returns how many. */
export const sweepDueContracts = async (deps: { contracts: Pick<ContractStore, 'findDue'>; queue: ContractQueue }): Promise<number> => {
  const now = clockNow().toISOString();
  let cursor: Record<string, string> | undefined;
  let count = 0;
  do {
    const page = await deps.contracts.findDue(now, cursor);
    if (page.ids.length > 0) await deps.queue.enqueueContracts(page.ids);
    count += page.ids.length;
    cursor = page.cursor;
  } while (cursor);
  return count;
};

/**
 * Applies a contract's due timers: a missed signing deadline counts as the supplier's refusal; milestones past due and
 * unmet are reported overdue once (the event mails the responsible official). Conditional writes: a repeated message
 * finds the work done.
 */
export const checkContract = async (deps: RefusalDeps, contractId: string): Promise<string[]> => {
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const contract = await deps.contracts.get(contractId);
    if (!contract) return [];
    const now = clockNow();
    try {
      if (contractAllows('missSigningDeadline', contract, now)) {
        await refusal(deps, contract, SYSTEM, 'deadline', 'the signing deadline passed', now);
        return ['signing-deadline-missed'];
      }
      const overdue = contractAllows('flagOverdue', contract, now) ? overdueUnnotified(contract, now) : [];
      if (overdue.length === 0) return [];
      const at = now.toISOString();
      const ids = new Set(overdue.map((m) => m.id));
      const next = bumped(contract, at, { milestones: contract.milestones.map((m) => (ids.has(m.id) ? { ...m, overdueNotifiedAt: at } : m)) });
      const official = contract.responsible ? { name: contract.responsible.name, ...(contract.responsible.email ? { email: contract.responsible.email } : {}) } : { name: contract.buyer.name };
      await deps.contracts.replace(
        next,
        contract,
        'flagOverdue',
        overdue.map((m) =>
          contractEvent('contract.milestone-overdue', next, SYSTEM, at, {
            kato: contract.kato,
            milestoneId: m.id,
            title: m.title,
            dueDate: m.dueDate,
            contractTitle: contract.title.ru,
            official,
            akimat: contract.buyer.name,
            competitionId: contract.competitionId,
            projectId: contract.projectId,
            ...(m.value !== undefined ? { value: m.value } : {}),
          }),
        ),
        at,
      );
      return overdue.map((m) => `overdue:${m.id}`);
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
    }
  }
  throw new ConflictError(`contract ${contractId} kept changing while its timers were applied`);
};
