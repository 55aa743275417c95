/**
 * The contract lifecycle as one table (the engine of `lifecycle.ts`): created `pending` by the platform when the
 * award's standstill has passed; signed by both parties (the second signature makes it `active`); refused by the
 * supplier, or by the clock when the signing deadline passes (`cancelled`: the award is cancelled with it); then
 * implemented (milestones, amendments, reports, overdue notices) until `completed` or `terminated`.
 *
 * Everyone reads it: the use cases (`assertContractTransition`), the DynamoDB conditions
 * (`contractTransitionCondition` in `shared/adapters/lifecycle-condition.ts`), the contract timers and the portal.
 * Pure: no clock, no I/O.
 */
import { ConflictError } from '../errors.js';
import type { Contract, ContractStatus } from './contract.js';
import type { EventType } from './events.js';
import { defineLifecycle, type Refusal, type Transition } from './lifecycle.js';

/** What the rules read of a contract (the wire shape has all of it). */
export type ContractState = Pick<Contract, 'status' | 'signingDeadline'> & { readonly signatures?: readonly unknown[] };

/** The instants a time guard may name; each is also the attribute path storage conditions compare `now` with. */
export type ContractInstant = 'signingDeadline';

export type ContractFact = 'unsigned';

type Row = Transition<ContractStatus, ContractInstant, ContractFact, EventType>;

const TABLE = {
  create: { from: [], to: 'pending', by: ['system'], emits: 'contract.created' },
  // Milestones are part of what is signed: set by the akimat before anyone signed.
  setMilestones: { from: ['pending'], before: 'signingDeadline', requires: ['unsigned'], by: ['akimat'], emits: 'contract.milestones-set' },
  // The first signature (either party); the second one is `activate`.
  sign: { from: ['pending'], before: 'signingDeadline', by: ['akimat', 'contractor'], emits: 'contract.signed' },
  activate: { from: ['pending'], to: 'active', before: 'signingDeadline', by: ['akimat', 'contractor'], emits: 'contract.activated' },
  refuse: { from: ['pending'], to: 'cancelled', before: 'signingDeadline', by: ['contractor'], emits: 'contract.refused' },
  // A missed signing deadline counts as the supplier's refusal: time decides it, the sweep writes it down.
  missSigningDeadline: { from: ['pending'], to: 'cancelled', after: 'signingDeadline', by: ['system'], emits: 'contract.refused', clock: true },
  amend: { from: ['active'], by: ['akimat'], emits: 'contract.amended' },
  report: { from: ['active'], by: ['akimat'], emits: 'contract.report-filed' },
  flagOverdue: { from: ['active'], by: ['system'], emits: 'contract.milestone-overdue' },
  complete: { from: ['active'], to: 'completed', by: ['akimat'], emits: 'contract.completed' },
  terminate: { from: ['active'], to: 'terminated', by: ['akimat'], emits: 'contract.terminated' },
} as const satisfies Record<string, Row>;

export type ContractAction = keyof typeof TABLE;

export type ContractStatusChange = { [A in ContractAction]: (typeof TABLE)[A] extends { readonly to: ContractStatus } ? A : never }[ContractAction];

export const contractStatusAfter = <A extends ContractStatusChange>(action: A): (typeof TABLE)[A]['to'] => TABLE[action].to;

export const contractLifecycle = defineLifecycle<ContractStatus, ContractAction, ContractInstant, ContractFact, EventType, ContractState>({
  table: TABLE,
  instants: { signingDeadline: (c) => c.signingDeadline },
  facts: { unsigned: (c) => !c.signatures?.length },
});

export const contractEffectiveStatus = (c: ContractState, now: Date): ContractStatus => contractLifecycle.effectiveStatus(c, now);

export const contractAllows = (action: ContractAction, c: ContractState, now: Date): boolean => contractLifecycle.allows(action, c, now);

type ContractRefusal = Refusal<ContractStatus, ContractFact, ContractState>;

const signing = ({ reason, state, status }: ContractRefusal, what: string): string =>
  reason.kind === 'late' ? `the signing deadline passed at ${state.signingDeadline}` : `${what}; the contract is ${status}`;

/** What the 409 of a refused action says. */
const REFUSALS: { readonly [K in ContractAction]: (r: ContractRefusal) => string } = {
  create: () => 'a contract is created by the platform when the standstill has passed',
  setMilestones: (r) =>
    r.reason.kind === 'fact' ? 'milestones are set before anyone signs; after signing they change only through an amendment' : signing(r, 'milestones are set on a pending contract'),
  sign: (r) => signing(r, 'only a pending contract can be signed'),
  activate: (r) => signing(r, 'only a pending contract can be signed'),
  refuse: (r) => signing(r, 'only a pending contract can be refused'),
  missSigningDeadline: (r) => `the signing deadline ${r.state.signingDeadline} has not passed, or the contract is ${r.status}`,
  amend: (r) => `only an active contract can be amended; the contract is ${r.status}`,
  report: (r) => `progress is reported on an active contract; the contract is ${r.status}`,
  flagOverdue: (r) => `milestones are overdue only on an active contract; the contract is ${r.status}`,
  complete: (r) => `only an active contract can be completed; the contract is ${r.status}`,
  terminate: (r) => `only an active contract can be terminated; the contract is ${r.status}`,
};

export const assertContractTransition = (action: ContractAction, c: ContractState, now: Date): void => {
  const refusal = contractLifecycle.refusal(action, c, now);
  if (refusal) throw new ConflictError(REFUSALS[action](refusal));
};
