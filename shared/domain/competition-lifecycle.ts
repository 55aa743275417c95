/**
 * The competition lifecycle, after Prozorro and OCDS, as one table: what each action may start from, where it leads,
 * who takes it, what it emits and until or from when. Use cases assert their action from it (`assertTransition`),
 * the DynamoDB adapters derive their write conditions from it (`shared/adapters/lifecycle-condition.ts`), the
 * effective status and the deadline timers read it, and so does the portal.
 *
 * Rules are stated on the stored status; for every action the clock does not take, they give the same answer on
 * the effective status (the portal only sees that one). A new stage is a new status and new rows here.
 */
import { ConflictError } from '../errors.js';
import type { Competition, CompetitionStatus } from './competition.js';
import type { EventType } from './events.js';
import { defineLifecycle, type Refusal, type Transition } from './lifecycle.js';
import type { ProjectStage } from './project.js';

/** What the rules read of a competition (the portal's wire shape has all of it). */
export type CompetitionState = Pick<Competition, 'status' | 'enquiryPeriod' | 'tenderPeriod' | 'bidsOpenedAt' | 'reminderSentAt' | 'award'> &
  Partial<Pick<Competition, 'pendingAwardComplaints' | 'contractId'>>;

/** The instants a time guard may name; each is also the attribute path storage conditions compare `now` with. */
export type CompetitionInstant = 'enquiryPeriod.endDate' | 'tenderPeriod.startDate' | 'tenderPeriod.endDate' | 'award.complaintPeriod.endDate';

export type CompetitionFact = 'bidsSealed' | 'bidsOpened' | 'reminderPending' | 'inStandstill' | 'noPendingAwardComplaint' | 'noContract' | 'hasContract';

type Row = Transition<CompetitionStatus, CompetitionInstant, CompetitionFact, EventType>;

/** Published and before the deadline: amendments, answers and bids may happen. */
const OPEN = ['active.clarification', 'active.tendering'] as const satisfies readonly CompetitionStatus[];

/** Submitting, replacing and withdrawing a bid, and changing its documents: inside the tender period. */
const TENDER_WINDOW = { from: OPEN, after: 'tenderPeriod.startDate', before: 'tenderPeriod.endDate', by: ['contractor'] } as const satisfies Partial<Row>;

const TABLE = {
  create: { from: [], to: 'draft', by: ['akimat'], emits: 'competition.created' },
  editDraft: { from: ['draft'], by: ['akimat'], emits: 'competition.draft-updated' },
  publish: { from: ['draft'], to: 'active.clarification', by: ['akimat'], emits: 'competition.published' },
  amend: { from: OPEN, before: 'tenderPeriod.endDate', by: ['akimat'], emits: 'competition.amended' },
  changeTenderDocuments: { from: ['draft', ...OPEN], before: 'tenderPeriod.endDate', by: ['akimat'] },
  cancel: { from: ['draft', ...OPEN, 'active.evaluation'], to: 'cancelled', by: ['akimat'], emits: 'competition.cancelled' },
  askQuestion: { from: ['active.clarification'], before: 'enquiryPeriod.endDate', by: ['contractor'], emits: 'question.asked' },
  answerQuestion: { from: OPEN, before: 'tenderPeriod.endDate', by: ['akimat'], emits: 'question.answered' },
  startTendering: {
    from: ['active.clarification'],
    to: 'active.tendering',
    after: 'enquiryPeriod.endDate',
    requires: ['bidsSealed'],
    by: ['system'],
    emits: 'competition.tendering-started',
    clock: true,
  },
  submitBid: { ...TENDER_WINDOW, emits: 'bid.submitted' },
  withdrawBid: { ...TENDER_WINDOW, emits: 'bid.withdrawn' },
  changeBidDocuments: TENDER_WINDOW,
  remind: { from: OPEN, before: 'tenderPeriod.endDate', requires: ['bidsSealed', 'reminderPending'], by: ['system'], emits: 'competition.reminder' },
  // Evaluation is in the list so that an effective `active.evaluation` (deadline passed, bids sealed) may be opened;
  // a stored one always has its bids opened.
  openBids: {
    from: [...OPEN, 'active.evaluation'],
    to: 'active.evaluation',
    after: 'tenderPeriod.endDate',
    requires: ['bidsSealed'],
    by: ['akimat', 'system'],
    emits: 'competition.bids-opened',
    clock: true,
  },
  markUnsuccessful: {
    from: ['active.evaluation'],
    to: 'unsuccessful',
    requires: ['bidsOpened'],
    by: ['akimat', 'system'],
    emits: 'competition.unsuccessful',
  },
  // Evaluation (issue 13): decisions revisable until the award; the award starts the standstill (complaint period),
  // during which a bidder may complain; the reviewing body's satisfied complaint cancels the award.
  qualify: { from: ['active.evaluation'], requires: ['bidsOpened'], by: ['akimat'], emits: 'bid.qualification-decided' },
  award: { from: ['active.evaluation'], to: 'active.awarded', requires: ['bidsOpened'], by: ['akimat'], emits: 'competition.awarded' },
  fileAwardComplaint: {
    from: ['active.awarded'],
    before: 'award.complaintPeriod.endDate',
    requires: ['inStandstill'],
    by: ['contractor'],
    emits: 'complaint.filed',
  },
  // The cut-off some working days before the deadline is configuration: the use case checks it (`tenderComplaintOpen`).
  fileTenderComplaint: { from: OPEN, before: 'tenderPeriod.endDate', by: ['contractor'], emits: 'complaint.filed' },
  cancelAward: { from: ['active.awarded'], to: 'active.evaluation', requires: ['inStandstill'], by: ['ministry'], emits: 'competition.award-cancelled' },
  // Contracts (issue 14): the platform creates the contract once the standstill has passed with no pending award
  // complaint (one per award); both signatures complete the competition; the supplier's refusal (or a missed signing
  // deadline) cancels the award and reopens evaluation, where the next-ranked bid may be awarded.
  makeContract: {
    from: ['active.awarded'],
    after: 'award.complaintPeriod.endDate',
    requires: ['inStandstill', 'noPendingAwardComplaint', 'noContract'],
    by: ['system'],
    emits: 'contract.created',
  },
  contractSigned: { from: ['active.awarded'], to: 'complete', requires: ['hasContract'], by: ['akimat', 'contractor'], emits: 'contract.activated' },
  contractRefused: { from: ['active.awarded'], to: 'active.evaluation', requires: ['hasContract'], by: ['contractor', 'system'], emits: 'contract.refused' },
} as const satisfies Record<string, Row>;

export type CompetitionAction = keyof typeof TABLE;

/** The actions that move a competition to another status. */
export type StatusChange = { [A in CompetitionAction]: (typeof TABLE)[A] extends { readonly to: CompetitionStatus } ? A : never }[CompetitionAction];

/** The status `action` leads to, as the table says. */
export const statusAfter = <A extends StatusChange>(action: A): (typeof TABLE)[A]['to'] => TABLE[action].to;

export const competitionLifecycle = defineLifecycle<CompetitionStatus, CompetitionAction, CompetitionInstant, CompetitionFact, EventType, CompetitionState>({
  table: TABLE,
  instants: {
    'enquiryPeriod.endDate': (c) => c.enquiryPeriod?.endDate,
    'tenderPeriod.startDate': (c) => c.tenderPeriod?.startDate,
    'tenderPeriod.endDate': (c) => c.tenderPeriod?.endDate,
    'award.complaintPeriod.endDate': (c) => c.award?.complaintPeriod?.endDate,
  },
  facts: {
    bidsSealed: (c) => !c.bidsOpenedAt,
    bidsOpened: (c) => !!c.bidsOpenedAt,
    reminderPending: (c) => !c.reminderSentAt,
    // An award made before complaints existed has no complaint period: nothing can be filed against it.
    inStandstill: (c) => !!c.award?.complaintPeriod,
    noPendingAwardComplaint: (c) => (c.pendingAwardComplaints ?? 0) === 0,
    noContract: (c) => !c.contractId,
    hasContract: (c) => !!c.contractId,
  },
});

/** The stage of a competition's МЭКС project while the competition is in each status: the project follows it. */
const PROJECT_STAGE: { readonly [S in CompetitionStatus]: ProjectStage } = {
  draft: 'selection',
  'active.clarification': 'contractor-determination',
  'active.tendering': 'contractor-determination',
  'active.evaluation': 'contractor-determination',
  // The project moves to implementation when the contract is signed by both parties (issue 14), not at the award.
  'active.awarded': 'contractor-determination',
  complete: 'implementation',
  // The project goes back to choosing how to procure: a new competition may be created for it.
  unsuccessful: 'selection',
  cancelled: 'selection',
};

export const projectStageOf = (status: CompetitionStatus): ProjectStage => PROJECT_STAGE[status];

/**
 * The status as of `now`. Storage moves `active.clarification` to `active.tendering`, and the bids are opened, by
 * the sweep, but nobody has to wait for it: reads and every conditional write go by the periods.
 */
export const effectiveStatus = (c: CompetitionState, now: Date): CompetitionStatus => competitionLifecycle.effectiveStatus(c, now);

/** True when `action` may be taken on the competition at `now`. */
export const allows = (action: CompetitionAction, c: CompetitionState, now: Date): boolean => competitionLifecycle.allows(action, c, now);

type CompetitionRefusal = Refusal<CompetitionStatus, CompetitionFact, CompetitionState>;

const bidsClosed = ({ reason, state: c, status }: CompetitionRefusal): string => {
  if (reason.kind === 'late') return `the deadline for bids passed at ${c.tenderPeriod!.endDate}`;
  if (reason.kind === 'early' && c.tenderPeriod) return `bids are accepted from ${c.tenderPeriod.startDate} until the deadline ${c.tenderPeriod.endDate}`;
  return `bids are not accepted in status ${status}`;
};

/** What the 409 of a refused action says (the API's wording, which clients and tests rely on). */
const REFUSALS: { readonly [K in CompetitionAction]: (r: CompetitionRefusal) => string } = {
  create: () => 'a competition is created as a draft',
  editDraft: (r) => `only a draft can be edited; this competition is ${r.state.status}`,
  publish: (r) => `only a draft can be published; this competition is ${r.state.status}`,
  amend: (r) => `a competition in status ${r.status} cannot be amended`,
  changeTenderDocuments: (r) => `the documents of a competition in status ${r.status} cannot change`,
  cancel: (r) => `a competition in status ${r.status} cannot be cancelled`,
  askQuestion: (r) => `questions are accepted until the end of the enquiry period ${r.state.enquiryPeriod?.endDate ?? ''}`.trim(),
  answerQuestion: (r) => `questions can be answered while the competition is open; it is ${r.status}`,
  startTendering: (r) => `tendering starts at the end of the enquiry period ${r.state.enquiryPeriod?.endDate ?? '(not published)'}`,
  submitBid: bidsClosed,
  withdrawBid: bidsClosed,
  changeBidDocuments: (r) => `bid documents change only inside the tender period (until ${r.state.tenderPeriod?.endDate ?? 'publication'})`,
  remind: (r) => `no reminder is due for a competition in status ${r.status}`,
  openBids: ({ reason, state: c }) =>
    reason.kind === 'fact'
      ? `the bids were opened at ${c.bidsOpenedAt}`
      : reason.kind === 'early'
        ? `the bids can be opened only after the deadline ${c.tenderPeriod?.endDate ?? '(not published)'}`
        : `a competition in status ${c.status} has no bids to open`,
  markUnsuccessful: (r) => `a competition in status ${r.status} cannot end unsuccessful`,
  qualify: (r) => `bids are evaluated in evaluation after opening, until the award; the competition is ${r.status}`,
  award: (r) => `a competition can be awarded only in evaluation after its bids were opened; it is ${r.status}`,
  fileAwardComplaint: ({ reason, state: c, status }) =>
    reason.kind === 'late' ? `the complaint period of the award ended at ${c.award!.complaintPeriod!.endDate}` : `there is no award in its complaint period; the competition is ${status}`,
  fileTenderComplaint: (r) => `complaints about the tender conditions are accepted until a few working days before the deadline; the competition is ${r.status}`,
  cancelAward: (r) => `only an award in its complaint period can be cancelled; the competition is ${r.status}`,
  makeContract: ({ reason, state: c, status }) =>
    reason.kind === 'early'
      ? `the contract is made when the standstill ends at ${c.award?.complaintPeriod?.endDate ?? '(no award)'}`
      : reason.kind === 'fact' && reason.fact === 'noPendingAwardComplaint'
        ? 'a complaint about the award is pending: no contract can be made until it is decided'
        : reason.kind === 'fact' && reason.fact === 'noContract'
          ? `the award has its contract ${c.contractId}`
          : `there is no award whose standstill has passed; the competition is ${status}`,
  contractSigned: (r) => `the competition has no contract awaiting signature; it is ${r.status}`,
  contractRefused: (r) => `the competition has no contract to refuse; it is ${r.status}`,
};

/** Throws the 409 of `action` when the table does not allow it on the competition at `now`. */
export const assertTransition = (action: CompetitionAction, c: CompetitionState, now: Date): void => {
  const refusal = competitionLifecycle.refusal(action, c, now);
  if (refusal) throw new ConflictError(REFUSALS[action](refusal));
};
