/**
 * DynamoDB adapter of the register of unscrupulous participants: entries live in their BIN's partition (the bid
 * rule reads one partition) and are listed nationally, newest first, through GSI2 (`UNSCRUPULOUS` / `<id>`).
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../aws/dynamodb.js';
import type { UnscrupulousEntry } from '../domain/unscrupulous.js';
import { ConflictError } from '../errors.js';
import { keys, REGISTER_ENTRY_PREFIX, REGISTER_PARTITION, registerIndexKeys, registerPartition } from '../keys.js';
import type { RegisterStore } from '../use-cases/unscrupulous.js';
import { decodeCursor, encodeCursor, queryWithCursor } from './pagination.js';
import { eventPut, TABLE, transact } from './table.js';

const ITEM_META = new Set(['PK', 'SK', 'kind', 'GSI2PK', 'GSI2SK']);
const strip = (item: Record<string, unknown>): UnscrupulousEntry =>
  Object.fromEntries(Object.entries(item).filter(([k]) => !ITEM_META.has(k))) as unknown as UnscrupulousEntry;

const entryItem = (e: UnscrupulousEntry) => ({ ...keys.registerEntry(e.bin, e.id), kind: 'register-entry', ...registerIndexKeys(e), ...e });

export const registerStore: RegisterStore = {
  listByBin: async (bin) => {
    const result = await documentClient.send(
      new QueryCommand({
        TableName: TABLE,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :entry)',
        ExpressionAttributeValues: { ':pk': registerPartition(bin), ':entry': REGISTER_ENTRY_PREFIX },
        ConsistentRead: true,
      }),
    );
    return (result.Items ?? []).map(strip);
  },

  get: async (id) => {
    const result = await documentClient.send(
      new QueryCommand({
        TableName: TABLE,
        IndexName: 'GSI2',
        KeyConditionExpression: 'GSI2PK = :pk AND GSI2SK = :id',
        ExpressionAttributeValues: { ':pk': REGISTER_PARTITION, ':id': id },
      }),
    );
    const item = result.Items?.[0];
    return item ? strip(item) : undefined;
  },

  add: async (entry, event) => {
    await transact(
      [{ Put: { TableName: TABLE, Item: entryItem(entry), ConditionExpression: 'attribute_not_exists(PK)' } }, eventPut(registerPartition(entry.bin), event)],
      () => new ConflictError('an entry with this id exists'),
    );
  },

  end: async (entry, at, event) => {
    await transact(
      [
        {
          Update: {
            TableName: TABLE,
            Key: keys.registerEntry(entry.bin, entry.id),
            UpdateExpression: 'SET endedAt = :at',
            ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(endedAt) AND #until > :at',
            ExpressionAttributeNames: { '#until': 'until' },
            ExpressionAttributeValues: { ':at': at },
          },
        },
        eventPut(registerPartition(entry.bin), event),
      ],
      () => new ConflictError('the entry has ended already'),
    );
  },

  confirm: async (next, event) => {
    await transact(
      [
        {
          Put: {
            TableName: TABLE,
            Item: entryItem(next),
            ConditionExpression: '#status = :proposed',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':proposed': 'proposed' },
          },
        },
        eventPut(registerPartition(next.bin), event),
      ],
      () => new ConflictError('the entry is no longer a proposal'),
    );
  },

  list: async (page) => {
    const start = decodeCursor(page.cursor);
    const result = await queryWithCursor(
      new QueryCommand({
        TableName: TABLE,
        IndexName: 'GSI2',
        KeyConditionExpression: 'GSI2PK = :pk',
        ExpressionAttributeValues: { ':pk': REGISTER_PARTITION },
        ScanIndexForward: false,
        Limit: page.limit,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
      start !== undefined,
    );
    return {
      items: (result.Items ?? []).map(strip),
      ...(result.LastEvaluatedKey ? { cursor: encodeCursor(result.LastEvaluatedKey as Record<string, string>)! } : {}),
    };
  },
};
