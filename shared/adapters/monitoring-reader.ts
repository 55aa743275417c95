/**
 * DynamoDB adapter of the monitoring reads, both bounded whatever the number of projects:
 *
 * - aggregates: one `BatchGetItem` of the scope items (`STATS#KZ` and `STATS#<kato>`, 21 keys);
 * - overdue: one `Query` page of GSI3 `PLANNED` with `GSI3SK < <today>` (sort key `<planned date>#<kato>#<id>`), at
 *   most 25 items.
 *
 * Counters are read through the low-level client so that numbers stay decimal strings (tiyn sums exceed 2^53).
 * `onConsumed` receives each request's item count and consumed read capacity (the tests and the benchmark use it).
 */
import {
  BatchGetItemCommand,
  QueryCommand,
  type AttributeValue,
  type BatchGetItemCommandInput,
  type BatchGetItemCommandOutput,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { dynamodb } from '../aws/dynamodb.js';
import type { Project } from '../domain/project.js';
import { ValidationError } from '../errors.js';
import { PLANNED_PARTITION, statsKey } from '../keys.js';
import type { MonitoringReader, ScopeStats } from '../use-cases/monitoring.js';
import { decodeCursor, encodeCursor } from './pagination.js';
import { TABLE } from './table.js';

export interface ConsumedReading {
  readonly operation: 'BatchGetItem' | 'Query';
  readonly items: number;
  readonly capacityUnits: number;
}

const STORAGE_ATTRIBUTES = ['PK', 'SK', 'kind', 'GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK', 'GSI3PK', 'GSI3SK'];

const toScopeStats = (item: Record<string, AttributeValue>): [string, ScopeStats] => {
  const record: Record<string, string> = {};
  for (const [name, value] of Object.entries(item)) if (value.N !== undefined) record[name] = value.N;
  return [item.scope?.S ?? item.PK!.S!.replace(/^STATS#/, ''), { record, ...(item.updatedAt?.S ? { updatedAt: item.updatedAt.S } : {}) }];
};

const badCursor = (): ValidationError => new ValidationError([{ path: 'query.cursor', message: 'not a cursor returned by this list' }]);

/** The cursor's start key, checked to be a key of this index partition before `before` (else DynamoDB would refuse it). */
const startKey = (cursor: string | undefined, before: string): Record<string, AttributeValue> | undefined => {
  const state = decodeCursor(cursor);
  if (!state) return undefined;
  const names = Object.keys(state).sort().join(',');
  if (names !== 'GSI3PK,GSI3SK,PK,SK' || Object.values(state).some((v) => typeof v !== 'string')) throw badCursor();
  if (state.GSI3PK !== PLANNED_PARTITION || !(String(state.GSI3SK) < before)) throw badCursor();
  return Object.fromEntries(Object.entries(state).map(([k, v]) => [k, { S: String(v) }]));
};

/** The monitoring reader over a DynamoDB client and table. */
export const createMonitoringReader = (options: {
  client: DynamoDBClient;
  tableName: string;
  onConsumed?: (reading: ConsumedReading) => void;
}): MonitoringReader => {
  const { client, tableName, onConsumed } = options;
  const capacity = onConsumed ? { ReturnConsumedCapacity: 'TOTAL' as const } : {};
  return {
    stats: async (scopes) => {
      const found = new Map<string, ScopeStats>();
      let request: BatchGetItemCommandInput['RequestItems'] = {
        [tableName]: { Keys: scopes.map((scope) => ({ PK: { S: statsKey(scope).PK }, SK: { S: statsKey(scope).SK } })) },
      };
      while (request && Object.keys(request).length > 0) {
        const result: BatchGetItemCommandOutput = await client.send(new BatchGetItemCommand({ RequestItems: request, ...capacity }));
        const items = result.Responses?.[tableName] ?? [];
        for (const item of items) {
          const [scope, stats] = toScopeStats(item);
          found.set(scope, stats);
        }
        onConsumed?.({
          operation: 'BatchGetItem',
          items: items.length,
          capacityUnits: (result.ConsumedCapacity ?? []).reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0),
        });
        request = result.UnprocessedKeys;
      }
      return found;
    },

    overdue: async (before, page) => {
      const start = startKey(page.cursor, before);
      const result = await client.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: 'GSI3',
          KeyConditionExpression: 'GSI3PK = :planned AND GSI3SK < :before',
          ExpressionAttributeValues: { ':planned': { S: PLANNED_PARTITION }, ':before': { S: before } },
          Limit: page.limit,
          ...(start ? { ExclusiveStartKey: start } : {}),
          ...capacity,
        }),
      );
      const items = result.Items ?? [];
      onConsumed?.({ operation: 'Query', items: items.length, capacityUnits: result.ConsumedCapacity?.CapacityUnits ?? 0 });
      const projects = items.map((item) => {
        const project = unmarshall(item);
        for (const attribute of STORAGE_ATTRIBUTES) delete project[attribute];
        return project as Project;
      });
      const last = result.LastEvaluatedKey;
      const cursor = last ? encodeCursor(Object.fromEntries(Object.entries(last).map(([k, v]) => [k, v.S ?? '']))) : undefined;
      return { items: projects, ...(cursor ? { cursor } : {}) };
    },
  };
};

/** The monitoring function's reader on its table. */
export const monitoringReader: MonitoringReader = createMonitoringReader({ client: dynamodb, tableName: TABLE });
