/**
 * DynamoDB adapter of the overdue milestones (the implementation view's list). One item per overdue milestone in its
 * contract's partition (`CONTRACT#<id>` / `OVERDUE#<milestoneId>`), listed by region (GSI1 `OVERDUEMS#<kato>`) and
 * nationally (GSI2 `OVERDUEMS`), by due date. Written by the aggregator from the contract events; a redelivery writes
 * the same item again. Removing a contract's milestones Queries its partition (bounded by the contract). No Scan.
 */
import { DeleteCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../aws/dynamodb.js';
import { ValidationError } from '../errors.js';
import { keys, OVERDUE_MILESTONE_PREFIX, overdueMilestoneIndexKeys, overdueMilestoneKeys, overdueMilestonePartition } from '../keys.js';
import type { OverdueMilestone, OverdueMilestoneStore } from '../use-cases/implementation-monitoring.js';
import { decodeCursor, encodeCursor, queryWithCursor } from './pagination.js';
import { queryAll } from './query-all.js';
import { TABLE } from './table.js';

const ITEM_META = new Set(['PK', 'SK', 'kind', 'GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK']);

/** The stored item of an overdue milestone. Pure: tests and seeders write what the adapter writes. */
export const overdueMilestoneItem = (m: OverdueMilestone): Record<string, unknown> => ({
  ...overdueMilestoneKeys.milestone(m.contractId, m.milestoneId),
  kind: 'overdue-milestone',
  ...overdueMilestoneIndexKeys(m),
  ...m,
});

export const overdueMilestoneStore: OverdueMilestoneStore = {
  put: async (m) => {
    try {
      await documentClient.send(new PutCommand({ TableName: TABLE, Item: overdueMilestoneItem(m), ConditionExpression: 'attribute_not_exists(metAt)' }));
    } catch (error) {
      // Met already (its report was applied first): it stays out of the list.
      if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
    }
  },

  met: async (contractId, milestoneId, at) => {
    // A tombstone without index keys: out of the list, and the condition of a late `put`.
    await documentClient.send(
      new PutCommand({ TableName: TABLE, Item: { ...overdueMilestoneKeys.milestone(contractId, milestoneId), kind: 'overdue-milestone-met', contractId, milestoneId, metAt: at } }),
    );
  },

  remove: async (contractId) => {
    const found = await queryAll(documentClient, {
      TableName: TABLE,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.contract(contractId).PK, ':prefix': OVERDUE_MILESTONE_PREFIX },
      ProjectionExpression: 'SK, kind',
      ConsistentRead: true,
    });
    for (const item of found.filter((i) => i.kind === 'overdue-milestone')) {
      await documentClient.send(new DeleteCommand({ TableName: TABLE, Key: { PK: keys.contract(contractId).PK, SK: String(item.SK) } }));
    }
  },

  list: async (filter, page) => {
    const [index, pkName] = filter.region ? (['GSI1', 'GSI1PK'] as const) : (['GSI2', 'GSI2PK'] as const);
    const pk = overdueMilestonePartition(filter.region);
    const start = decodeCursor(page.cursor);
    if (start && start[pkName] !== pk) throw new ValidationError([{ path: 'query.cursor', message: 'not a cursor returned by this list' }]);
    const result = await queryWithCursor(
      new QueryCommand({
        TableName: TABLE,
        IndexName: index,
        KeyConditionExpression: `${pkName} = :pk`,
        ExpressionAttributeValues: { ':pk': pk },
        Limit: page.limit,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
      start !== undefined,
    );
    return {
      items: (result.Items ?? []).map((item) => Object.fromEntries(Object.entries(item).filter(([k]) => !ITEM_META.has(k))) as unknown as OverdueMilestone),
      ...(result.LastEvaluatedKey ? { cursor: encodeCursor(result.LastEvaluatedKey as Record<string, string>)! } : {}),
    };
  },
};
