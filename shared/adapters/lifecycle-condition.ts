/**
 * The competition lifecycle table as DynamoDB condition expressions: a write that takes an action is conditional on
 * exactly what the table says of it (its statuses, its time window against the server's `now`, its facts), so
 * storage refuses what the use case would refuse even when a racing request or the clock got there first.
 */
import { competitionLifecycle, type CompetitionAction, type CompetitionFact } from '../domain/competition-lifecycle.js';
import { contractLifecycle, type ContractAction, type ContractFact } from '../domain/contract-lifecycle.js';
import { financingLifecycle, type FinancingAction } from '../domain/financing.js';
import { keys } from '../keys.js';
import { TABLE } from './table.js';

/** Each fact of the table, as a condition on the stored competition item (placeholders `:f…` are the facts' own). */
const FACT_CONDITIONS: { readonly [K in CompetitionFact]: string } = {
  bidsSealed: 'attribute_not_exists(bidsOpenedAt)',
  bidsOpened: 'attribute_exists(bidsOpenedAt)',
  reminderPending: 'attribute_not_exists(reminderSentAt)',
  inStandstill: 'attribute_exists(award.complaintPeriod)',
  noPendingAwardComplaint: '(attribute_not_exists(pendingAwardComplaints) OR pendingAwardComplaints <= :fZero)',
  noContract: 'attribute_not_exists(contractId)',
  hasContract: 'attribute_exists(contractId)',
};

/** The values the fact conditions bind. */
const FACT_VALUES: { readonly [K in CompetitionFact]?: Record<string, unknown> } = { noPendingAwardComplaint: { ':fZero': 0 } };

/** Each fact of the contract table, as a condition on the stored contract item. */
const CONTRACT_FACT_CONDITIONS: { readonly [K in ContractFact]: string } = {
  unsigned: 'attribute_not_exists(signatures)',
};

export interface Condition {
  readonly expression: string;
  readonly names: Record<string, string>;
  readonly values: Record<string, unknown>;
}

/**
 * The condition under which the competition item allows `action` at `now`. It binds `#status`, `:s0…` and (with a
 * time window) `:now`; a caller adding conditions of its own uses other placeholders.
 */
export const transitionCondition = (action: CompetitionAction, now: string): Condition => {
  const row = competitionLifecycle.table[action];
  if (row.from.length === 0) throw new Error(`${action} creates a competition: there is no status to check`);
  const values: Record<string, unknown> = Object.fromEntries(row.from.map((s, i) => [`:s${i}`, s]));
  const parts = [`#status IN (${row.from.map((_, i) => `:s${i}`).join(', ')})`];
  // The instants' names are their attribute paths; an absent instant is never passed, as in the domain.
  if (row.after) parts.push(`${row.after} <= :now`);
  if (row.before) parts.push(`(attribute_not_exists(${row.before}) OR ${row.before} > :now)`);
  if (row.after || row.before) values[':now'] = now;
  parts.push(...(row.requires ?? []).map((f) => FACT_CONDITIONS[f]));
  for (const f of row.requires ?? []) Object.assign(values, FACT_VALUES[f] ?? {});
  return { expression: parts.join(' AND '), names: { '#status': 'status' }, values };
};

/**
 * The condition under which the stored contract allows `action` at `now`: its statuses, the signing deadline against
 * server time, its facts. Binds `#status`, `:s0…` and (with a time window) `:now`.
 */
export const contractTransitionCondition = (action: ContractAction, now: string): Condition => {
  const row = contractLifecycle.table[action];
  if (row.from.length === 0) throw new Error(`${action} creates a contract: there is no status to check`);
  const values: Record<string, unknown> = Object.fromEntries(row.from.map((s, i) => [`:s${i}`, s]));
  const parts = [`#status IN (${row.from.map((_, i) => `:s${i}`).join(', ')})`];
  if (row.after) parts.push(`${row.after} <= :now`);
  if (row.before) parts.push(`(attribute_not_exists(${row.before}) OR ${row.before} > :now)`);
  if (row.after || row.before) values[':now'] = now;
  parts.push(...(row.requires ?? []).map((f) => CONTRACT_FACT_CONDITIONS[f]));
  return { expression: parts.join(' AND '), names: { '#status': 'status' }, values };
};

/** A transaction item that checks the competition allows `action` at `now`, for writes to items beside it. */
export const transitionCheck = (competitionId: string, action: CompetitionAction, now: string) => {
  const condition = transitionCondition(action, now);
  return {
    ConditionCheck: {
      TableName: TABLE,
      Key: keys.competition(competitionId),
      ConditionExpression: condition.expression,
      ExpressionAttributeNames: condition.names,
      ExpressionAttributeValues: condition.values,
    },
  };
};

/**
 * The financing lifecycle table as a condition on the stored application: the statuses the action starts from and
 * the version read (financing rows have no time windows or facts). Binds `#status`, `#version`, `:s0…` and `:version`.
 */
export const financingTransitionCondition = (action: FinancingAction, version: number): Condition => {
  const row = financingLifecycle.table[action];
  if (row.from.length === 0) throw new Error(`${action} creates an application: there is no status to check`);
  const values: Record<string, unknown> = Object.fromEntries(row.from.map((s, i) => [`:s${i}`, s]));
  values[':version'] = version;
  return {
    expression: `#status IN (${row.from.map((_, i) => `:s${i}`).join(', ')}) AND #version = :version`,
    names: { '#status': 'status', '#version': 'version' },
    values,
  };
};
