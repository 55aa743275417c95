/**
 * DynamoDB adapter of the contract port. A contract is one item (`CONTRACT#<id>`) with its index attributes (by region
 * and status, GSI1; nationally by status, GSI2; its next timer in the sparse `CONTRACTS-DUE` partition of GSI3), and
 * its events in its partition. Every write is one transaction whose conditions are the contract lifecycle's row (status,
 * signing deadline against server time, facts) plus the revision it was read at; a write that moves the competition
 * carries the competition lifecycle's row for it, and the project's stage with it.
 */
import { BatchGetCommand, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../aws/dynamodb.js';
import type { Competition } from '../domain/competition.js';
import { nextContractDueAt, type Contract } from '../domain/contract.js';
import type { DomainEvent } from '../domain/events.js';
import type { UnscrupulousEntry } from '../domain/unscrupulous.js';
import { ConflictError, ValidationError } from '../errors.js';
import {
  CONTRACT_DUE_PARTITION,
  contractIndexKeys,
  contractPartition,
  contractTimerIndexKeys,
  keys,
  registerIndexKeys,
  registerPartition,
  SUPPLIER_CONTRACT_PREFIX,
} from '../keys.js';
import type { ContractStore } from '../use-cases/contracts.js';
import { competitionItem, projectStageUpdate } from './competition-store.js';
import { contractTransitionCondition, transitionCondition } from './lifecycle-condition.js';
import { decodeCursor, encodeCursor, queryWithCursor } from './pagination.js';
import { eventPut, TABLE, transact, type TransactItem } from './table.js';

const ITEM_META = new Set(['PK', 'SK', 'kind', 'GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK', 'GSI3PK', 'GSI3SK']);
const strip = (item: Record<string, unknown>): Contract => Object.fromEntries(Object.entries(item).filter(([k]) => !ITEM_META.has(k))) as unknown as Contract;

/**
 * The stored item of a contract: the entity, its keys and the index attributes that follow its state; its signatures
 * without their CMS, which {@link signatureItems} keep.
 */
export const contractItem = (c: Contract): Record<string, unknown> => ({
  ...keys.contract(c.id),
  kind: 'contract',
  ...contractIndexKeys(c),
  ...contractTimerIndexKeys(c.id, nextContractDueAt(c)),
  ...c,
  ...(c.signatures ? { signatures: c.signatures.map(({ cms: _cms, ...signature }) => signature) } : {}),
});

/** A Put of each signature `next` has and `expected` had not: the CMS as submitted, once per party. */
const signatureItems = (next: Contract, expected: Contract): TransactItem[] => {
  const had = new Set((expected.signatures ?? []).map((s) => s.party));
  return (next.signatures ?? [])
    .filter((s) => !had.has(s.party) && s.cms !== undefined)
    .map((s) => ({
      Put: {
        TableName: TABLE,
        Item: { ...keys.contractSignature(next.id, s.party), kind: 'contract-signature', contractId: next.id, party: s.party, signedAt: s.signedAt, sub: s.sub, cms: s.cms },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    }));
};

/**
 * The competition written beside a contract action: replaced whole, on condition the competition lifecycle allows
 * `action` at `now` and it still names this contract (and is as it was read).
 */
export const competitionContractWrite = (next: Competition, expected: Competition, action: 'contractSigned' | 'contractRefused', now: string): TransactItem => {
  const condition = transitionCondition(action, now);
  return {
    Put: {
      TableName: TABLE,
      Item: competitionItem(next),
      ConditionExpression: `${condition.expression} AND contractId = :contractId AND updatedAt = :expectedUpdatedAt`,
      ExpressionAttributeNames: condition.names,
      ExpressionAttributeValues: { ...condition.values, ':contractId': expected.contractId ?? '', ':expectedUpdatedAt': expected.updatedAt },
    },
  };
};

/** The competition marked with its new contract: `makeContract` allowed at `now` for the same award. */
export const competitionContractCreation = (competition: Competition, contractId: string, now: string): TransactItem => {
  const condition = transitionCondition('makeContract', now);
  const next: Competition = { ...competition, contractId, updatedAt: now };
  return {
    Put: {
      TableName: TABLE,
      Item: competitionItem(next),
      ConditionExpression: `${condition.expression} AND award.id = :awardId AND updatedAt = :expectedUpdatedAt`,
      ExpressionAttributeNames: condition.names,
      ExpressionAttributeValues: { ...condition.values, ':awardId': competition.award?.id ?? '1', ':expectedUpdatedAt': competition.updatedAt },
    },
  };
};

/** The supplier's pointer to its contract (`CONTRACTOR#<bin>` / `CONTRACT#<id>`): written once, with the contract. */
export const supplierContractItem = (c: Pick<Contract, 'id' | 'supplier'>): Record<string, unknown> => ({
  ...keys.supplierContract(c.supplier.bin, c.id),
  kind: 'supplier-contract',
  contractId: c.id,
});

const proposalItem = (e: UnscrupulousEntry) => ({ ...keys.registerEntry(e.bin, e.id), kind: 'register-entry', ...registerIndexKeys(e), ...e });

export const contractStore: ContractStore = {
  get: async (id) => {
    const result = await documentClient.send(new GetCommand({ TableName: TABLE, Key: keys.contract(id), ConsistentRead: true }));
    return result.Item ? strip(result.Item) : undefined;
  },

  create: async (contract, competition, event) => {
    await transact(
      [
        competitionContractCreation(competition, contract.id, contract.createdAt),
        { Put: { TableName: TABLE, Item: contractItem(contract), ConditionExpression: 'attribute_not_exists(PK)' } },
        { Put: { TableName: TABLE, Item: supplierContractItem(contract) } },
        eventPut(keys.contract(contract.id).PK, event),
      ],
      () => new ConflictError('the competition has its contract already, or no longer allows one'),
    );
  },

  replace: async (next, expected, action, events, now, side) => {
    const condition = contractTransitionCondition(action, now);
    const items: TransactItem[] = [
      {
        Put: {
          TableName: TABLE,
          Item: contractItem(next),
          ConditionExpression: `${condition.expression} AND revision = :revision`,
          ExpressionAttributeNames: condition.names,
          ExpressionAttributeValues: { ...condition.values, ':revision': expected.revision },
        },
      },
      ...events.map((e) => eventPut(keys.contract(next.id).PK, e)),
      ...signatureItems(next, expected),
    ];
    if (side?.competition) {
      items.push(competitionContractWrite(side.competition.next, side.competition.expected, side.competition.action, now));
      if (side.competition.event) items.push(eventPut(keys.competition(side.competition.next.id).PK, side.competition.event));
    }
    if (side?.projectStage) items.push(projectStageUpdate({ id: next.projectId, kato: next.kato, sector: next.sector }, side.projectStage, {}));
    if (side?.proposal) {
      items.push(
        { Put: { TableName: TABLE, Item: proposalItem(side.proposal.entry), ConditionExpression: 'attribute_not_exists(PK)' } },
        eventPut(registerPartition(side.proposal.entry.bin), side.proposal.event),
      );
    }
    await transact(items, (index) =>
      index === 0
        ? new ConflictError('the contract changed meanwhile, or the action is no longer allowed; reload and try again')
        : new ConflictError('the competition changed meanwhile; reload and try again'),
    );
  },

  list: async (filter, page) => {
    const start = decodeCursor(page.cursor);
    const byRegion = filter.region !== undefined;
    const values: Record<string, unknown> = { ':pk': contractPartition(filter.region) };
    let key = byRegion ? 'GSI1PK = :pk' : 'GSI2PK = :pk';
    if (filter.status) {
      values[':prefix'] = `${filter.status}#`;
      key += byRegion ? ' AND begins_with(GSI1SK, :prefix)' : ' AND begins_with(GSI2SK, :prefix)';
    }
    let startKey: Record<string, unknown> | undefined;
    try {
      startKey = typeof start?.k === 'string' ? (JSON.parse(start.k) as Record<string, unknown>) : undefined;
    } catch {
      throw new ValidationError([{ path: 'query.cursor', message: 'not a cursor returned by this list' }]);
    }
    const result = await queryWithCursor(
      new QueryCommand({
        TableName: TABLE,
        IndexName: byRegion ? 'GSI1' : 'GSI2',
        KeyConditionExpression: key,
        ExpressionAttributeValues: values,
        ScanIndexForward: false,
        Limit: page.limit,
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
      start !== undefined,
    );
    return {
      items: (result.Items ?? []).map(strip),
      ...(result.LastEvaluatedKey ? { cursor: encodeCursor({ k: JSON.stringify(result.LastEvaluatedKey) })! } : {}),
    };
  },

  bySupplier: async (bin, page) => {
    const start = decodeCursor(page.cursor);
    const pk = keys.contractor(bin).PK;
    if (start && start.PK !== pk) throw new ValidationError([{ path: 'query.cursor', message: 'not a cursor returned by this list' }]);
    const result = await queryWithCursor(
      new QueryCommand({
        TableName: TABLE,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: { ':pk': pk, ':prefix': SUPPLIER_CONTRACT_PREFIX },
        ScanIndexForward: false,
        Limit: page.limit,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
      start !== undefined,
    );
    const ids = (result.Items ?? []).map((item) => String(item.contractId));
    // One page of pointers, then their contracts in one batch (at most a page of items).
    const found = ids.length
      ? ((await documentClient.send(new BatchGetCommand({ RequestItems: { [TABLE]: { Keys: ids.map((id) => keys.contract(id)), ConsistentRead: true } } }))).Responses?.[TABLE] ?? []).map(strip)
      : [];
    const byId = new Map(found.map((c) => [c.id, c]));
    return {
      items: ids.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : [])),
      ...(result.LastEvaluatedKey ? { cursor: encodeCursor(result.LastEvaluatedKey as Record<string, string>)! } : {}),
    };
  },

  findDue: async (now, cursor) => {
    const result = await documentClient.send(
      new QueryCommand({
        TableName: TABLE,
        IndexName: 'GSI3',
        KeyConditionExpression: 'GSI3PK = :due AND GSI3SK <= :now',
        ExpressionAttributeValues: { ':due': CONTRACT_DUE_PARTITION, ':now': `${now}#~` },
        ProjectionExpression: 'id, GSI3SK',
        Limit: 500,
        ...(cursor ? { ExclusiveStartKey: cursor } : {}),
      }),
    );
    return {
      ids: (result.Items ?? []).map((i) => i.id as string),
      ...(result.LastEvaluatedKey ? { cursor: result.LastEvaluatedKey as Record<string, string> } : {}),
    };
  },
};
