/**
 * Domain events: written in the same transaction as the state change they describe (the outbox), they are both the
 * audit log of their entity and what the table stream carries to the dispatcher.
 *
 * {@link EventPayloads} is the contract between producers and consumers: every producer builds its events with
 * {@link makeEvent}, every consumer narrows {@link DomainEvent} by `type` and reads `data` as declared here, so a field
 * renamed on one side fails to compile on the other (the monitoring counters, OCDS, the emails read these fields).
 */
import { randomUUID } from 'node:crypto';
import type { CancellationReason, CompetitionStatus, CompetitionTitle, Period } from './competition.js';
import type { TenderDocumentType } from './documents.js';
import type { InquiryTopic } from './inquiry.js';
import type { FinancingRoute, FinancingStatus, ProjectStage, Readiness } from './project.js';
import type { Lang } from './regions.js';
import type { Role } from './roles.js';
import type { Sector } from './sectors.js';
import type { ComplaintResolution, ComplaintSubject } from './complaints.js';
import type { DisqualificationReason, QualificationDecisionValue } from './evaluation.js';
import type { Signer } from './signing.js';
import type { ContractParty, MilestoneType } from './contract.js';
import type { ApplicationRoute, Decision } from './financing.js';

/** A project's financing as the monitoring counts it (the `project.registered` field), before and after a step. */
export type ProjectFinancingFacts = { readonly route: FinancingRoute; readonly status: FinancingStatus; readonly amount?: string };

/** What every financing event carries: the project, its region, the route and the instants the speed is counted from. */
export interface FinancingFacts {
  readonly projectId: string;
  readonly kato: string;
  readonly route: ApplicationRoute;
  /** Requested, tenge. */
  readonly amount: string;
  readonly firstSubmittedAt: string;
  /** The submission this step follows (the latest, after a return). */
  readonly submittedAt: string;
  /** The project's financing as counted before and after the step (the summary's financing by route and status). */
  readonly projectFinancing: { readonly before: ProjectFinancingFacts; readonly after: ProjectFinancingFacts };
}

/** A tender document added or replaced by an edit or an amendment, as its event records it. */
export interface DocumentChangeFacts {
  readonly id: string;
  readonly title: string;
  readonly documentType: TenderDocumentType;
  readonly version: number;
  readonly sha256: string;
  readonly change: 'added' | 'replaced';
}

/** An entry of the register of unscrupulous participants, as its events record it. */
export interface RegisterEntryFacts {
  readonly bin: string;
  readonly reason: string;
  readonly basis: string;
  readonly from: string;
  readonly until: string;
}

/** What the contract events that move its project carry for the counters and the open data. */
export interface ContractFacts {
  readonly competitionId: string;
  readonly projectId: string;
  readonly kato: string;
  readonly bin: string;
  readonly value: string;
}

/** A milestone as the contract events record it. */
export interface MilestoneFacts {
  readonly id: string;
  readonly title: string;
  readonly type: MilestoneType;
  readonly dueDate: string;
  readonly value?: string;
}

/** What every inquiry event carries for the counters: where it is counted (`kato`, null when national) and when. */
export interface InquiryFacts {
  readonly kato: string | null;
  readonly topic: InquiryTopic;
  readonly filedAt: string;
  readonly routedTo: string;
  /** The response deadline; absent from the `taken` events written so far. */
  readonly dueAt?: string;
}

/** The inquirer's address and the answer, in `inquiry.answered` when the inquiry was filed with an email. */
export interface InquiryReply {
  readonly email: string;
  readonly language: Lang;
  readonly name: string;
  readonly answer: string;
}

/** The data of each event type. */
export interface EventPayloads {
  readonly 'contractor.registered': {
    readonly name: string;
    readonly email: string;
    readonly language: Lang;
    /** Absent in imported history, whose registrations mail nobody. */
    readonly verificationToken?: string;
  };
  readonly 'contractor.verified': { readonly registeredAt: string; readonly verifiedAt: string };
  readonly 'contractor.verification-resent': {
    readonly name: string;
    readonly email: string;
    readonly language: Lang;
    readonly verificationToken: string;
    readonly resendsToday: number;
  };
  readonly 'contractor.subscriptions-changed': Record<string, never>;
  readonly 'contractor.unsubscribed': Record<string, never>;
  readonly 'competition.created': Record<string, never>;
  readonly 'competition.draft-updated': { readonly fields: readonly string[]; readonly documents?: readonly DocumentChangeFacts[] };
  readonly 'competition.published': {
    readonly projectId: string;
    readonly kato: string;
    readonly sector: Sector;
    readonly enquiryPeriod: Period;
    readonly tenderPeriod: Period;
  };
  readonly 'competition.amended': {
    /** The competition's version after the amendment. */
    readonly version: number;
    readonly fields: readonly string[];
    /** Amended during tendering: the bids submitted before must be confirmed again. */
    readonly bidsInvalidated: boolean;
    readonly tenderPeriod?: Period;
    readonly documents?: readonly DocumentChangeFacts[];
  };
  readonly 'competition.cancelled': { readonly reason: CancellationReason };
  readonly 'competition.bids-opened': Record<string, never>;
  readonly 'competition.unsuccessful': { readonly reason: 'noValidBids' | 'allDisqualified' };
  readonly 'competition.awarded': {
    readonly bin: string;
    readonly price: string;
    /** Absent on awards made before evaluation existed (imported history). */
    readonly awardId?: string;
    readonly complaintPeriod?: Period;
    readonly protocol?: { readonly id: string; readonly sha256: string };
    readonly signer?: Pick<Signer, 'commonName' | 'certificateSerial'>;
    /** For the monitoring: the bids evaluated, how many were disqualified, and whole days from opening to award. */
    readonly evaluated?: { readonly bids: number; readonly disqualified: number; readonly openedToAwardDays: number };
  };
  /** A satisfied complaint cancelled the award: evaluation reopens. */
  /**
   * The award is cancelled: by a satisfied complaint (`complaintId`), or because its winner refused or failed to sign
   * the contract (`reason`, `contractId`; issue 14).
   */
  readonly 'competition.award-cancelled': {
    readonly awardId: string;
    readonly bin: string;
    readonly complaintId?: string;
    readonly reason?: 'contractRefused' | 'signingDeadlineMissed';
    readonly contractId?: string;
  };
  readonly 'competition.tendering-started': Record<string, never>;
  readonly 'competition.reminder': { readonly kato: string; readonly sector: Sector; readonly deadline: string };
  readonly 'question.asked': { readonly questionId: string };
  readonly 'question.answered': { readonly questionId: string; readonly question: string; readonly answer: string };
  readonly 'bid.submitted': {
    readonly bin: string;
    readonly price: string;
    readonly receiptId: string;
    readonly competitionVersion: number;
    /** Absent in imported history. */
    readonly documents?: readonly { readonly id: string; readonly sha256: string }[];
    readonly signer?: Pick<Signer, 'commonName' | 'certificateSerial' | 'issuer' | 'iin' | 'signedAt' | 'signatureSha256'>;
  };
  readonly 'bid.withdrawn': { readonly bin: string };
  readonly 'bid.qualification-decided': {
    readonly bin: string;
    readonly decision: QualificationDecisionValue;
    readonly reasons: readonly DisqualificationReason[];
  };
  readonly 'complaint.filed': {
    readonly complaintId: string;
    readonly subject: ComplaintSubject;
    readonly title: string;
    /** The complaint's text, public like its title (the OCDS complaint's `description`); absent from older events. */
    readonly text?: string;
    readonly authorBin: string;
    readonly authorName: string;
    readonly kato: string;
    readonly reviewDueAt: string;
    readonly awardId?: string;
  };
  readonly 'complaint.decided': {
    readonly complaintId: string;
    readonly kato: string;
    readonly subject: ComplaintSubject;
    readonly resolution: ComplaintResolution;
    readonly text: string;
    readonly title: string;
    readonly awardId?: string;
  };
  readonly 'registry.entry-added': RegisterEntryFacts;
  /** Proposed by the platform when a winner refused (or failed) to sign its contract: barring nobody until confirmed. */
  readonly 'registry.entry-proposed': RegisterEntryFacts & { readonly contractId: string; readonly competitionId: string };
  readonly 'registry.entry-confirmed': RegisterEntryFacts & { readonly confirmedAt: string };
  readonly 'registry.entry-ended': RegisterEntryFacts & { readonly endedAt: string };
  readonly 'contract.created': ContractFacts & { readonly awardId: string; readonly signingDeadline: string };
  readonly 'contract.milestones-set': { readonly milestones: readonly MilestoneFacts[] };
  readonly 'contract.signed': { readonly party: ContractParty; readonly signer: Pick<Signer, 'commonName' | 'certificateSerial' | 'bin'> };
  /** The second signature: the contract is active, the competition complete, the project in implementation. */
  readonly 'contract.activated': ContractFacts & {
    readonly party: ContractParty;
    readonly signer: Pick<Signer, 'commonName' | 'certificateSerial' | 'bin'>;
    readonly dateSigned: string;
  };
  /** The supplier refused, or the signing deadline passed: the award is cancelled, a register entry proposed. */
  readonly 'contract.refused': ContractFacts & {
    readonly by: 'supplier' | 'deadline';
    readonly reason: string;
    readonly awardId: string;
    readonly registerEntryId: string;
  };
  readonly 'contract.amended': {
    readonly competitionId: string;
    readonly amendmentId: string;
    readonly rationale: string;
    readonly value?: { readonly before: string; readonly after: string };
    readonly milestones?: readonly MilestoneFacts[];
    /** How many amendments the contract has, this one included. */
    readonly amendments: number;
    /** The contract's region and physical progress at the amendment (the implementation counters; absent from older events). */
    readonly kato?: string;
    readonly physicalProgress?: number;
    /** Milestones reported overdue and unmet that the amendment's new milestones replaced. */
    readonly overdueClosed?: number;
  };
  readonly 'contract.report-filed': {
    readonly competitionId: string;
    readonly reportId: string;
    readonly kato: string;
    readonly milestoneId?: string;
    readonly physicalProgress: number;
    readonly completedWorksValue?: string;
    readonly paidAmount?: string;
    /** The contract's value and its physical progress before the report (the weighted progress; absent from older events). */
    readonly value?: string;
    readonly physicalProgressBefore?: number;
    /** The milestone the report met had been reported overdue. */
    readonly milestoneOverdue?: boolean;
  };
  /** A milestone passed its due date unmet: the responsible official is told (once). */
  readonly 'contract.milestone-overdue': {
    readonly kato: string;
    readonly milestoneId: string;
    readonly title: string;
    readonly dueDate: string;
    readonly contractTitle: string;
    readonly official: { readonly name: string; readonly email?: string };
    /** The responsible akimat (the buyer), the competition and project, the milestone's value (absent from older events). */
    readonly akimat?: string;
    readonly competitionId?: string;
    readonly projectId?: string;
    readonly value?: string;
  };
  /** `overdueOpen`: milestones reported overdue and still unmet at completion (they leave the overdue list). */
  readonly 'contract.completed': ContractFacts & { readonly completedAt: string; readonly overdueOpen?: number };
  readonly 'contract.terminated': ContractFacts & { readonly reason: string; readonly overdueOpen?: number };
  readonly 'inquiry.filed': InquiryFacts;
  readonly 'inquiry.taken': InquiryFacts & { readonly takenAt: string };
  readonly 'inquiry.answered': InquiryFacts & { readonly answeredAt: string } & (InquiryReply | { readonly email?: undefined });
  readonly 'financing.submitted': FinancingFacts;
  readonly 'financing.resubmitted': FinancingFacts;
  readonly 'financing.decided': FinancingFacts & {
    readonly decision: Decision;
    /** What the decision email names (Russian title, as the waiting list shows it). */
    readonly projectTitle?: string;
    /** The akimat user the decision is mailed to (the application's applicant), when their token had an address. */
    readonly applicant?: { readonly email: string };
    /** The approved amount (approvals only). */
    readonly approvedAmount?: string;
    readonly text: string;
    readonly decidedAt: string;
    /** Working days from the submission decided to the decision. */
    readonly workingDays: number;
  };
  readonly 'financing.disbursed': FinancingFacts & {
    readonly disbursement: { readonly amount: string; readonly date: string };
    /** The application's first disbursement: the speed counts working days from the first submission to it. */
    readonly first: boolean;
    readonly workingDaysFromSubmission: number;
  };
  /** A МЭКС project entering the platform at its stage; `publishedAt` when it is past selection. */
  readonly 'project.registered': {
    readonly kato: string;
    readonly sector: Sector;
    readonly value: string;
    readonly approvalDate: string;
    readonly plannedPublicationDate: string;
    readonly readiness: Readiness;
    readonly financing: { readonly route: FinancingRoute; readonly status: FinancingStatus; readonly amount?: string };
    readonly stage: ProjectStage;
    readonly publishedAt?: string;
  };
}

export type EventType = keyof EventPayloads;

/** The states before and after an event where a consumer reads them; the others are free-form audit snapshots. */
export interface EventSnapshots {
  readonly 'competition.published': {
    readonly before: { readonly status: 'draft' };
    /** What was published (the publication email prints it); absent in imported history. */
    readonly after?: {
      readonly title: CompetitionTitle;
      readonly estimatedValue: string;
      readonly tenderPeriod?: Period;
    };
  };
  readonly 'competition.cancelled': {
    /** A draft cancelled before publication concerns nobody outside the akimat and publishes nothing. */
    readonly before: { readonly status: CompetitionStatus };
    readonly after: { readonly status: 'cancelled' };
  };
}

export type SnapshotsOf<T extends EventType> = T extends keyof EventSnapshots ? EventSnapshots[T] : { readonly before?: unknown; readonly after?: unknown };

export type SubjectKind = 'contractor' | 'competition' | 'inquiry' | 'project' | 'registry' | 'financing' | 'contract';

/** Questions and bids are events of their competition. */
type SubjectKindOf<T extends EventType> = T extends `${infer Kind extends Exclude<SubjectKind, 'competition'>}.${string}` ? Kind : 'competition';

/** The event types whose subject is of `kind` (`competition`: competitions', questions' and bids' events). */
export type EventTypeOf<Kind extends SubjectKind> = { [K in EventType]: SubjectKindOf<K> extends Kind ? K : never }[EventType];

export type Actor = { readonly sub: string; readonly role: Role } | { readonly system: string };

/** The parts of an event every consumer may read: its identity, type, time, subject and data. */
export type EventCore<T extends EventType = EventType> = {
  [K in T]: {
    readonly eventId: string;
    readonly type: K;
    /** ISO 8601 UTC. */
    readonly at: string;
    readonly subject: { readonly kind: SubjectKindOf<K>; readonly id: string };
    readonly data: EventPayloads[K];
  };
}[T];

/** A domain event as stored: a union discriminated by `type` (narrowing on `type` types `data`, `before`, `after`). */
export type DomainEvent<T extends EventType = EventType> = {
  [K in T]: EventCore<K> & { readonly actor: Actor } & SnapshotsOf<K>;
}[T];

/** What a producer gives for an event of type `T`: everything but the type (and the id, unless it must be replayable). */
export type EventFields<T extends EventType> = Omit<DomainEvent<T>, 'type' | 'eventId' | 'subject'> & {
  readonly eventId?: string;
  readonly subject: { readonly kind: SubjectKindOf<T>; readonly id: string };
};

/**
 * The one constructor of domain events: typed by `type`, so a producer cannot write data its consumers do not read.
 * `eventId` defaults to a random UUID; imported history passes its own (a seeded dataset is reproducible).
 */
export const makeEvent = <T extends EventType>(type: T, fields: EventFields<T>): DomainEvent<T> => {
  const { eventId, at, actor, subject, data, before, after } = fields as EventFields<T> & { before?: unknown; after?: unknown };
  // The generic mapped union cannot be checked member by member here; each call site is checked against it.
  return {
    eventId: eventId ?? randomUUID(),
    type,
    at,
    actor,
    subject,
    data,
    ...(before !== undefined ? { before } : {}),
    ...(after !== undefined ? { after } : {}),
  } as unknown as DomainEvent<T>;
};
