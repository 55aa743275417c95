/**
 * Contracts (issue 14), after OCDS `contracts`/`implementation` and Prozorro's contracting: when the award's standstill
 * has passed with no pending complaint, a contract is created `pending`; the akimat (buyer) and the winning contractor
 * (supplier) sign it, each over the same canonical bytes; both signed → `active`. The supplier may refuse, and a
 * missed signing deadline counts as refusal (`cancelled`). Then milestones, amendments (with history), progress
 * reports, completion or termination. Which action may be taken from which status, and when, is the table in
 * `contract-lifecycle.ts`. No I/O.
 */
import { addWorkingDays } from './calendar.js';
import type { Award, Competition, CompetitionTitle } from './competition.js';
import { compareMoney, formatMoneyString, parseMoney } from './money.js';
import type { Sector } from './sectors.js';
import type { Signer } from './signing.js';

export const CONTRACT_STATUSES = ['pending', 'active', 'completed', 'terminated', 'cancelled'] as const;
export type ContractStatus = (typeof CONTRACT_STATUSES)[number];

export const CONTRACT_PARTIES = ['buyer', 'supplier'] as const;
export type ContractParty = (typeof CONTRACT_PARTIES)[number];

export const MILESTONE_TYPES = ['design', 'works', 'commissioning', 'payment'] as const;
export type MilestoneType = (typeof MILESTONE_TYPES)[number];

/** A milestone of the contract; `met` once a report names it, `overdue` (shown) when its due date passed unmet. */
export interface Milestone {
  readonly id: string;
  readonly title: string;
  readonly type: MilestoneType;
  /** ISO 8601 UTC instant the milestone is due. */
  readonly dueDate: string;
  readonly value?: string;
  /** When a progress report marked it met. */
  readonly metAt?: string;
  /** When the sweep found it overdue and mailed the responsible official (once). */
  readonly overdueNotifiedAt?: string;
}

export interface MilestoneInput {
  readonly title: string;
  readonly type: MilestoneType;
  readonly dueDate: string;
  readonly value?: string;
}

/** One party's signature: who signed (the verified certificate) and when; the CMS itself is kept as the legal record. */
export interface ContractSignature {
  readonly party: ContractParty;
  readonly signer: Signer;
  readonly signedAt: string;
  /** The signing user (for the audit trail; not shown). */
  readonly sub: string;
  /**
   * The detached CMS signature as submitted (base64 DER; not shown). Stored in an item of its own
   * (`keys.contractSignature`): present on a signature just made, absent on a contract read back.
   */
  readonly cms?: string;
}

/** An amendment after signing: what changed and what it was before (the history). */
export interface Amendment {
  readonly id: string;
  readonly at: string;
  readonly rationale: string;
  readonly value?: { readonly before: string; readonly after: string };
  readonly milestones?: { readonly before: readonly Milestone[]; readonly after: readonly Milestone[] };
}

/** A progress report by the akimat (acts of completed works, payments). */
export interface ProgressReport {
  readonly id: string;
  readonly at: string;
  readonly milestoneId?: string;
  /** 0–100. */
  readonly physicalProgress: number;
  readonly completedWorksValue?: string;
  readonly paidAmount?: string;
  readonly documents?: readonly string[];
}

/** Where the contract stands: the latest physical progress, the value of works accepted and the amount paid so far. */
export interface ContractProgress {
  readonly physicalProgress: number;
  readonly completedWorksValue: string;
  readonly paidAmount: string;
}

/** The official answerable for the contract's implementation (the akimat user who signed it). */
export interface ResponsibleOfficial {
  readonly sub: string;
  readonly name: string;
  readonly email?: string;
}

export interface Contract {
  readonly id: string;
  readonly competitionId: string;
  readonly projectId: string;
  /** The award it implements (one contract per award). */
  readonly awardId: string;
  readonly kato: string;
  readonly sector: Sector;
  readonly title: CompetitionTitle;
  /** The stored status; `effectiveStatus` adds what the clock decided (a missed signing deadline). */
  readonly status: ContractStatus;
  /** Tenge, decimal string: the awarded price, changed only by an amendment. */
  readonly value: string;
  readonly supplier: { readonly bin: string; readonly name: string };
  readonly buyer: { readonly kato: string; readonly name: string; readonly bin?: string };
  readonly signingDeadline: string;
  readonly signatures?: readonly ContractSignature[];
  readonly milestones: readonly Milestone[];
  /** The competition's documents (and the protocol) the contract refers to: their SHA-256 is in the signed bytes. */
  readonly documents: readonly { readonly id: string; readonly title: string; readonly sha256: string }[];
  readonly dateSigned?: string;
  readonly amendments?: readonly Amendment[];
  readonly reports?: readonly ProgressReport[];
  readonly progress?: ContractProgress;
  readonly responsible?: ResponsibleOfficial;
  readonly refusal?: { readonly reason: string; readonly at: string; readonly by: 'supplier' | 'deadline' };
  readonly termination?: { readonly reason: string; readonly at: string };
  readonly completedAt?: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** Bumped by every write: the optimistic check of the whole-item writes. */
  readonly revision: number;
}

/** Lengths of the contract's periods (configurable). */
export interface ContractConfig {
  /** Working days from the contract's creation to sign it; a missed deadline counts as the supplier's refusal. */
  readonly signingWorkingDays: number;
}

export const CONTRACT_DEFAULTS: ContractConfig = Object.freeze({ signingWorkingDays: 5 });

/** The signing deadline of a contract created at `createdAt`. */
export const signingDeadline = (createdAt: Date, config: ContractConfig): string => addWorkingDays(createdAt, config.signingWorkingDays).toISOString();

/** The party a caller signs for: the akimat of the region is the buyer, the winning contractor the supplier. */
export const partyOf = (c: Pick<Contract, 'kato' | 'supplier'>, caller: { role: string; kato?: string; bin?: string }): ContractParty | undefined =>
  caller.role === 'akimat' && caller.kato === c.kato ? 'buyer' : caller.role === 'contractor' && caller.bin === c.supplier.bin ? 'supplier' : undefined;

export const hasSigned = (c: Pick<Contract, 'signatures'>, party: ContractParty): boolean => (c.signatures ?? []).some((s) => s.party === party);

/** Milestones ordered by due date (then as given), with ids in that order (`idOf(0)` the earliest). */
export const milestonesFrom = (items: readonly MilestoneInput[], idOf: (index: number) => string): Milestone[] =>
  items
    .map((m, i) => ({ i, title: m.title, type: m.type, dueDate: new Date(m.dueDate).toISOString(), ...(m.value !== undefined ? { value: m.value } : {}) }))
    .sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.i - b.i)
    .map(({ i: _i, ...m }, index) => ({ id: idOf(index), ...m }));

/** Problems of a milestone list: values must not exceed the contract's value in total. */
export const milestonesProblem = (items: readonly MilestoneInput[], value: string): string | undefined => {
  const total = items.reduce((sum, m) => sum + (m.value !== undefined ? parseMoney(m.value) : 0n), 0n);
  return compareMoney(formatMoneyString(total), value) > 0 ? `the milestones' values add up to ${formatMoneyString(total)}, more than the contract's ${value}` : undefined;
};

/** A milestone past its due date and not met. */
export const isOverdue = (m: Milestone, now: Date): boolean => !m.metAt && m.dueDate <= now.toISOString();

/** The milestones whose overdue notice is still to be sent, earliest first. */
export const overdueUnnotified = (c: Pick<Contract, 'milestones'>, now: Date): Milestone[] => c.milestones.filter((m) => isOverdue(m, now) && !m.overdueNotifiedAt);

/** The progress after a report: the report's physical progress, works and payments added up. */
export const progressAfter = (p: ContractProgress | undefined, r: Pick<ProgressReport, 'physicalProgress' | 'completedWorksValue' | 'paidAmount'>): ContractProgress => ({
  physicalProgress: r.physicalProgress,
  completedWorksValue: formatMoneyString(parseMoney(p?.completedWorksValue ?? '0') + parseMoney(r.completedWorksValue ?? '0')),
  paidAmount: formatMoneyString(parseMoney(p?.paidAmount ?? '0') + parseMoney(r.paidAmount ?? '0')),
});

/** The contract the platform creates for an award whose standstill has passed. */
export const newContract = (
  input: {
    id: string;
    competition: Competition & { award: Award };
    supplierName: string;
    buyerName: string;
    buyerBin?: string;
    now: Date;
  },
  config: ContractConfig,
): Contract => {
  const { competition: c, now } = input;
  const at = now.toISOString();
  return {
    id: input.id,
    competitionId: c.id,
    projectId: c.projectId,
    awardId: c.award.id ?? '1',
    kato: c.kato,
    sector: c.sector,
    title: c.title,
    status: 'pending',
    value: c.award.price,
    supplier: { bin: c.award.bin, name: input.supplierName },
    buyer: { kato: c.kato, name: input.buyerName, ...(input.buyerBin ? { bin: input.buyerBin } : {}) },
    signingDeadline: signingDeadline(now, config),
    milestones: [],
    documents: (c.documents ?? []).map((d) => ({ id: d.id, title: d.title, sha256: d.sha256 })).sort((a, b) => a.id.localeCompare(b.id)),
    createdAt: at,
    updatedAt: at,
    revision: 1,
  };
};

/** What both parties sign: the contract's facts, its milestones and the hashes of its documents (canonical JSON). */
export const contractSigningFacts = (c: Contract) => ({
  act: 'contract',
  contractId: c.id,
  competitionId: c.competitionId,
  awardId: c.awardId,
  value: c.value,
  supplier: { bin: c.supplier.bin, name: c.supplier.name },
  buyer: { kato: c.buyer.kato, name: c.buyer.name },
  signingDeadline: c.signingDeadline,
  milestones: c.milestones.map((m) => ({ id: m.id, title: m.title, type: m.type, dueDate: m.dueDate, ...(m.value !== undefined ? { value: m.value } : {}) })),
  documents: c.documents.map((d) => ({ id: d.id, sha256: d.sha256 })),
});

/**
 * When the contract next needs the checker: a pending one at its signing deadline (a miss counts as refusal), an
 * active one when its earliest unmet milestone not yet reported overdue is due; never otherwise.
 */
export const nextContractDueAt = (c: Pick<Contract, 'status' | 'signingDeadline' | 'milestones'>): string | undefined => {
  if (c.status === 'pending') return c.signingDeadline;
  if (c.status !== 'active') return undefined;
  return c.milestones.filter((m) => !m.metAt && !m.overdueNotifiedAt).map((m) => m.dueDate).sort()[0];
};
