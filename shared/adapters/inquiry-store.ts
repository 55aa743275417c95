/**
 * DynamoDB adapter of the inquiry port. An inquiry is one item (`INQUIRY#<id>` / `INQUIRY`) listed through GSI1 by
 * responsible party and GSI2 nationally, both sorted `<status>#<id>`; each transition is a conditional update whose
 * condition is the rule (the status it leaves, the party it is routed to), written with its event in one transaction.
 */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../aws/dynamodb.js';
import type { Inquiry } from '../domain/inquiry.js';
import { ConflictError, ValidationError } from '../errors.js';
import { inquiryIndexKeys, inquiryPartition, keys } from '../keys.js';
import type { InquiryStore } from '../use-cases/inquiries.js';
import { decodeCursor, encodeCursor, queryWithCursor } from './pagination.js';
import { eventPut, TABLE, transact } from './table.js';

const ITEM_META = new Set(['PK', 'SK', 'kind', 'GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK']);

const toInquiry = (item: Record<string, unknown>): Inquiry =>
  Object.fromEntries(Object.entries(item).filter(([k]) => !ITEM_META.has(k))) as unknown as Inquiry;

/**
 * The stored item of an inquiry: the entity, its key and its index attributes. Pure, so the demo-data seeder writes
 * exactly what this adapter writes.
 */
export const inquiryItem = (inquiry: Inquiry): Record<string, unknown> => ({
  ...keys.inquiry(inquiry.id),
  kind: 'inquiry',
  ...inquiryIndexKeys(inquiry),
  ...inquiry,
});

/** A status transition: the new status with its index keys, plus `set`, if the item is at `from` and routed as before. */
const transition = (next: Inquiry, from: Inquiry['status'], set: Record<string, unknown>) => {
  const index = inquiryIndexKeys(next);
  const fields: Record<string, unknown> = { status: next.status, GSI1SK: index.GSI1SK, GSI2SK: index.GSI2SK, ...set };
  const names = Object.fromEntries(Object.keys(fields).map((k) => [`#${k}`, k]));
  const values = Object.fromEntries(Object.entries(fields).map(([k, v]) => [`:${k}`, v]));
  return {
    Update: {
      TableName: TABLE,
      Key: keys.inquiry(next.id),
      UpdateExpression: `SET ${Object.keys(fields).map((k) => `#${k} = :${k}`).join(', ')}`,
      ConditionExpression: 'attribute_exists(PK) AND #status = :from AND #routedTo = :routedTo',
      ExpressionAttributeNames: { ...names, '#routedTo': 'routedTo' },
      ExpressionAttributeValues: { ...values, ':from': from, ':routedTo': next.routedTo },
    },
  };
};

export const inquiryStore: InquiryStore = {
  file: async (inquiry, event) => {
    await transact(
      [
        { Put: { TableName: TABLE, Item: inquiryItem(inquiry), ConditionExpression: 'attribute_not_exists(PK)' } },
        eventPut(keys.inquiry(inquiry.id).PK, event),
      ],
      () => new ConflictError('an inquiry with this id exists'),
    );
  },

  get: async (id) => {
    // Strongly consistent: the inquirer reads right after filing, the responsible party right after a transition.
    const result = await documentClient.send(new GetCommand({ TableName: TABLE, Key: keys.inquiry(id), ConsistentRead: true }));
    return result.Item ? toInquiry(result.Item) : undefined;
  },

  take: async (next, event) => {
    await transact(
      [transition(next, 'new', { takenAt: next.takenAt, takenBy: next.takenBy }), eventPut(keys.inquiry(next.id).PK, event)],
      () => new ConflictError('the inquiry was taken or answered meanwhile'),
    );
  },

  answer: async (next, event) => {
    await transact(
      [transition(next, 'in-progress', { answer: next.answer }), eventPut(keys.inquiry(next.id).PK, event)],
      () => new ConflictError('this inquiry has been answered'),
    );
  },

  list: async (filter, page) => {
    const [index, pkName, skName, pk] = filter.routedTo
      ? (['GSI1', 'GSI1PK', 'GSI1SK', inquiryPartition(filter.routedTo)] as const)
      : (['GSI2', 'GSI2PK', 'GSI2SK', inquiryPartition()] as const);
    const start = decodeCursor(page.cursor);
    // A cursor of another list (another region's partition) would make DynamoDB refuse the query: refuse it first.
    if (start && start[pkName] !== pk) throw new ValidationError([{ path: 'query.cursor', message: 'not a cursor returned by this list' }]);
    const result = await queryWithCursor(
      new QueryCommand({
        TableName: TABLE,
        IndexName: index,
        KeyConditionExpression: filter.status ? `${pkName} = :pk AND begins_with(${skName}, :status)` : `${pkName} = :pk`,
        ExpressionAttributeValues: { ':pk': pk, ...(filter.status ? { ':status': `${filter.status}#` } : {}) },
        ScanIndexForward: false,
        Limit: page.limit,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
      start !== undefined,
    );
    return {
      items: (result.Items ?? []).map(toInquiry),
      ...(result.LastEvaluatedKey ? { cursor: encodeCursor(result.LastEvaluatedKey as Record<string, string>)! } : {}),
    };
  },
};
