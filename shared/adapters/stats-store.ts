/**
 * DynamoDB adapters of the aggregator: the counters' writer and the facts reader.
 *
 * The writer applies a batch of events in one `TransactWriteItems`: a conditional put of a marker per event
 * (`AGG#<eventId>`, with a TTL) and one `ADD` update per scope item with the batch's summed changes. A marker that
 * exists already cancels the transaction with `ConditionalCheckFailed` at its index: that event is a redelivery, so it
 * is dropped and the rest is written again. Either every change of an event lands with its marker or none does.
 *
 * Numbers go through the low-level client as decimal strings: counters of tiyn exceed 2^53 and must stay exact.
 */
import {
  ConditionalCheckFailedException,
  PutItemCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
  type AttributeValue,
  type DynamoDBClient,
  type TransactWriteItem,
} from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, type BatchGetCommandInput, type BatchGetCommandOutput, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { documentClient, dynamodb } from '../aws/dynamodb.js';
import { nowMs } from '../clock.js';
import { FINANCING_COUNTERS, isFinancingScope } from '../domain/financing-stats.js';
import { IMPLEMENTATION_COUNTERS, isImplementationScope } from '../domain/implementation-stats.js';
import { mergeDeltas, STATS_COUNTERS, type CompetitionFacts, type ProjectFacts } from '../domain/stats.js';
import { aggregationMarkerKey, keys, statsKey } from '../keys.js';
import type { AggregationFactsReader, EventCounters, StatsWriter } from '../use-cases/aggregate-stats.js';
import { TABLE } from './table.js';

/** Markers outlive any redelivery: the monitoring queue keeps a message at most 4 days. */
export const MARKER_TTL_SECONDS = 14 * 86_400;

/** Events per transaction: a marker each plus at most 21 scope updates stay within the 100 items of a transaction. */
const EVENTS_PER_TRANSACTION = 40;
const MAX_CONFLICT_RETRIES = 10;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A scope item as created: every counter of {@link STATS_COUNTERS} at zero. The fixed set keeps the item's size (and
 * so the read capacity of the views) the same whether it counts ten projects or ten thousand.
 */
export const zeroStatsItem = (scope: string, at: string): Record<string, AttributeValue> => ({
  PK: { S: statsKey(scope).PK },
  SK: { S: statsKey(scope).SK },
  kind: { S: 'stats' },
  scope: { S: scope },
  updatedAt: { S: at },
  // The financing speed's scope items (`financing:<scope>`) hold their own fixed set.
  // The implementation view's (`implementation:<scope>`) too.
  ...Object.fromEntries(
    (isFinancingScope(scope) ? FINANCING_COUNTERS : isImplementationScope(scope) ? IMPLEMENTATION_COUNTERS : STATS_COUNTERS).map((name) => [name, { N: '0' }]),
  ),
});

const keyOf = (pk: string, sk: string): Record<string, AttributeValue> => ({ PK: { S: pk }, SK: { S: sk } });

const markerPut = (tableName: string, eventId: string, expiresAt: number): TransactWriteItem => {
  const key = aggregationMarkerKey(eventId);
  return {
    Put: {
      TableName: tableName,
      Item: { ...keyOf(key.PK, key.SK), kind: { S: 'aggregation-marker' }, expiresAt: { N: String(expiresAt) } },
      ConditionExpression: 'attribute_not_exists(PK)',
    },
  };
};

const counterUpdate = (tableName: string, scope: string, counters: ReadonlyMap<string, bigint>, at: string): TransactWriteItem => {
  const names: Record<string, string> = {};
  const values: Record<string, AttributeValue> = { ':at': { S: at } };
  const additions: string[] = [];
  let i = 0;
  for (const [name, value] of counters) {
    names[`#c${i}`] = name;
    values[`:c${i}`] = { N: value.toString() };
    additions.push(`#c${i} :c${i}`);
    i += 1;
  }
  const key = statsKey(scope);
  return {
    Update: {
      TableName: tableName,
      Key: keyOf(key.PK, key.SK),
      UpdateExpression: `SET updatedAt = :at ADD ${additions.join(', ')}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
};

/** The counters' writer over a DynamoDB client and table (the aggregator's default below; tests and benchmarks make their own). */
export const createStatsWriter = (options: { client: DynamoDBClient; tableName: string }): StatsWriter => {
  const { client, tableName } = options;
  // Scope items this execution environment has seen created; a cold start checks again (one conditional put each).
  const created = new Set<string>();

  const ensureScopes = async (scopes: Iterable<string>): Promise<void> => {
    const at = new Date(nowMs()).toISOString();
    await Promise.all(
      [...scopes]
        .filter((scope) => !created.has(scope))
        .map(async (scope) => {
          try {
            await client.send(
              new PutItemCommand({ TableName: tableName, Item: zeroStatsItem(scope, at), ConditionExpression: 'attribute_not_exists(PK)' }),
            );
          } catch (error) {
            if (!(error instanceof ConditionalCheckFailedException)) throw error;
          }
          created.add(scope);
        }),
    );
  };

  const applyChunk = async (events: readonly EventCounters[]): Promise<string[]> => {
    const duplicates: string[] = [];
    let pending = [...events];
    let conflicts = 0;
    while (pending.length > 0) {
      const at = new Date(nowMs()).toISOString();
      const expiresAt = Math.floor(nowMs() / 1000) + MARKER_TTL_SECONDS;
      const merged = mergeDeltas(pending.flatMap((e) => e.deltas));
      const items = [
        ...pending.map((e) => markerPut(tableName, e.eventId, expiresAt)),
        ...[...merged].map(([scope, counters]) => counterUpdate(tableName, scope, counters, at)),
      ];
      try {
        await client.send(new TransactWriteItemsCommand({ TransactItems: items }));
        return duplicates;
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const reasons = error.CancellationReasons ?? [];
        const marked = new Set(
          reasons.flatMap((reason, index) => (reason.Code === 'ConditionalCheckFailed' && index < pending.length ? [index] : [])),
        );
        if (marked.size > 0) {
          duplicates.push(...pending.filter((_, i) => marked.has(i)).map((e) => e.eventId));
          pending = pending.filter((_, i) => !marked.has(i));
          continue;
        }
        // Two batches updating the same scope item at once cancel each other; markers decide what the retry applies.
        if (reasons.some((r) => r.Code === 'TransactionConflict') && conflicts < MAX_CONFLICT_RETRIES) {
          conflicts += 1;
          await sleep(Math.random() * 10 * 2 ** conflicts);
          continue;
        }
        throw error;
      }
    }
    return duplicates;
  };

  return {
    apply: async (events) => {
      await ensureScopes(new Set(events.flatMap((e) => e.deltas.map((d) => d.scope))));
      const duplicates: string[] = [];
      for (let i = 0; i < events.length; i += EVENTS_PER_TRANSACTION) {
        duplicates.push(...(await applyChunk(events.slice(i, i + EVENTS_PER_TRANSACTION))));
      }
      return { duplicates };
    },
  };
};

/** Strongly consistent BatchGet of whole items by key, following unprocessed keys. */
const batchGet = async (
  client: DynamoDBDocumentClient,
  tableName: string,
  keyList: readonly { PK: string; SK: string }[],
): Promise<Record<string, unknown>[]> => {
  const found: Record<string, unknown>[] = [];
  for (let i = 0; i < keyList.length; i += 100) {
    let request: BatchGetCommandInput['RequestItems'] = {
      [tableName]: { Keys: keyList.slice(i, i + 100).map((k) => ({ PK: k.PK, SK: k.SK })), ConsistentRead: true },
    };
    while (request && Object.keys(request).length > 0) {
      const result: BatchGetCommandOutput = await client.send(new BatchGetCommand({ RequestItems: request }));
      found.push(...((result.Responses?.[tableName] ?? []) as Record<string, unknown>[]));
      request = result.UnprocessedKeys;
    }
  }
  return found;
};

/** The facts reader over a document client and table. */
export const createAggregationFactsReader = (options: { client: DynamoDBDocumentClient; tableName: string }): AggregationFactsReader => ({
  competitions: async (ids) => {
    const items = await batchGet(options.client, options.tableName, ids.map((id) => keys.competition(id)));
    return new Map(
      items.map((item) => {
        const facts: CompetitionFacts = {
          id: item.id as string,
          projectId: item.projectId as string,
          ...(typeof item.publishedAt === 'string' ? { publishedAt: item.publishedAt } : {}),
        };
        return [facts.id, facts] as const;
      }),
    );
  },
  projects: async (ids) => {
    const items = await batchGet(options.client, options.tableName, ids.map((id) => keys.project(id)));
    return new Map(
      items.map((item) => {
        const facts: ProjectFacts = {
          id: item.id as string,
          kato: item.kato as string,
          sector: item.sector as ProjectFacts['sector'],
          value: item.value as string,
          approvalDate: item.approvalDate as string,
          plannedPublicationDate: item.plannedPublicationDate as string,
          readiness: item.readiness as ProjectFacts['readiness'],
          financing: item.financing as ProjectFacts['financing'],
        };
        return [facts.id, facts] as const;
      }),
    );
  },
});

/** The aggregator's writer and reader on the function's table. */
export const statsWriter: StatsWriter = createStatsWriter({ client: dynamodb, tableName: TABLE });
export const aggregationFactsReader: AggregationFactsReader = createAggregationFactsReader({ client: documentClient, tableName: TABLE });
