/**
 * DynamoDB adapter of the red flags. A flag is one item in its competition's partition (`COMP#<id>` /
 * `REDFLAG#<flag>`), listed by region (GSI1 `REDFLAGS#<kato>` / `<flag>#<id>`) and nationally (GSI2 `REDFLAGS` /
 * `<flag>#<kato>#<id>`). A winner's wins per region and year are one item holding a string set of competition ids
 * (`WINS#<kato>#<year>` / `BIN#<bin>`), to which `ADD` adds a competition once however often it is redelivered.
 * A flag new to its competition is written in one transaction with `ADD` to its region's and the national counter
 * (`REDFLAGCOUNTS` / `<kato>` | `KZ`); a flag written again (a redelivery, a later amendment) replaces the item and
 * counts nothing. The facts of a competition: its item and a count of its bid items (bounded by the competition).
 * No Scan.
 */
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../aws/dynamodb.js';
import { RED_FLAGS, type CompetitionRiskFacts, type RedFlag, type RedFlagName } from '../domain/red-flags.js';
import { NATIONAL_SCOPE } from '../domain/stats.js';
import { ValidationError } from '../errors.js';
import { BID_PREFIX, keys, RED_FLAG_COUNTS_PARTITION, redFlagIndexKeys, redFlagKeys, redFlagPartition } from '../keys.js';
import type { RedFlagStore } from '../use-cases/red-flags.js';
import { decodeCursor, encodeCursor, queryWithCursor } from './pagination.js';
import { TABLE } from './table.js';

const ITEM_META = new Set(['PK', 'SK', 'kind', 'GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK']);

/** The stored item of a flag. Pure: tests and seeders write what the adapter writes. */
export const redFlagItem = (flag: RedFlag): Record<string, unknown> => ({
  ...redFlagKeys.flag(flag.competitionId, flag.flag),
  kind: 'red-flag',
  ...redFlagIndexKeys(flag),
  ...flag,
});

const countBids = async (competitionId: string): Promise<number> => {
  let count = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const result = await documentClient.send(
      new QueryCommand({
        TableName: TABLE,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :bid)',
        ExpressionAttributeValues: { ':pk': keys.competition(competitionId).PK, ':bid': BID_PREFIX },
        Select: 'COUNT',
        ConsistentRead: true,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    count += result.Count ?? 0;
    start = result.LastEvaluatedKey;
  } while (start);
  return count;
};

export const redFlagStore: RedFlagStore = {
  competition: async (id) => {
    const result = await documentClient.send(new GetCommand({ TableName: TABLE, Key: keys.competition(id), ConsistentRead: true }));
    const item = result.Item;
    if (!item) return undefined;
    const award = item.award as { bin: string; price: string; at: string } | undefined;
    const tenderPeriod = item.tenderPeriod as { startDate: string; endDate: string } | undefined;
    return {
      id,
      projectId: String(item.projectId),
      kato: String(item.kato),
      title: String((item.title as { ru?: string } | undefined)?.ru ?? ''),
      estimatedValue: String(item.estimatedValue),
      ...(tenderPeriod ? { tenderPeriod } : {}),
      bids: await countBids(id),
      ...(award ? { award: { bin: award.bin, price: award.price, at: award.at } } : {}),
    } satisfies CompetitionRiskFacts;
  },

  put: async (flags) => {
    for (const flag of flags) {
      const count = (scope: string) => ({
        Update: {
          TableName: TABLE,
          Key: redFlagKeys.counts(scope),
          UpdateExpression: 'SET kind = :kind ADD #flag :one',
          ExpressionAttributeNames: { '#flag': flag.flag },
          ExpressionAttributeValues: { ':kind': 'red-flag-counts', ':one': 1 },
        },
      });
      try {
        await documentClient.send(
          new TransactWriteCommand({
            TransactItems: [
              { Put: { TableName: TABLE, Item: redFlagItem(flag), ConditionExpression: 'attribute_not_exists(PK)' } },
              count(flag.kato),
              count(NATIONAL_SCOPE),
            ],
          }),
        );
      } catch (error) {
        const reasons = (error as { name?: string; CancellationReasons?: { Code?: string }[] }).CancellationReasons;
        if ((error as { name?: string }).name !== 'TransactionCanceledException' || reasons?.[0]?.Code !== 'ConditionalCheckFailed') throw error;
        // Flagged before: the item takes the newer facts, the counters stay.
        await documentClient.send(new PutCommand({ TableName: TABLE, Item: redFlagItem(flag) }));
      }
    }
  },

  counts: async () => {
    const result = await documentClient.send(
      new QueryCommand({ TableName: TABLE, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': RED_FLAG_COUNTS_PARTITION } }),
    );
    return new Map(
      (result.Items ?? []).map((item) => [
        String(item.SK),
        Object.fromEntries(RED_FLAGS.filter((f) => typeof item[f] === 'number').map((f) => [f, item[f] as number])) as Partial<Record<RedFlagName, number>>,
      ]),
    );
  },

  tallyWin: async (kato, year, bin, competitionId) => {
    const result = await documentClient.send(
      new UpdateCommand({
        TableName: TABLE,
        Key: redFlagKeys.winnerTally(kato, year, bin),
        UpdateExpression: 'SET kind = :kind ADD competitions :ids',
        ExpressionAttributeValues: { ':kind': 'winner-tally', ':ids': new Set([competitionId]) },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return [...((result.Attributes?.competitions as Set<string> | undefined) ?? [])].sort();
  },

  list: async (filter, page) => {
    const [index, pkName, skName] = filter.region ? (['GSI1', 'GSI1PK', 'GSI1SK'] as const) : (['GSI2', 'GSI2PK', 'GSI2SK'] as const);
    const pk = redFlagPartition(filter.region);
    const start = decodeCursor(page.cursor);
    if (start && (start[pkName] !== pk || (filter.flag && !String(start[skName]).startsWith(`${filter.flag}#`)))) {
      throw new ValidationError([{ path: 'query.cursor', message: 'not a cursor returned by this list' }]);
    }
    const result = await queryWithCursor(
      new QueryCommand({
        TableName: TABLE,
        IndexName: index,
        KeyConditionExpression: filter.flag ? `${pkName} = :pk AND begins_with(${skName}, :flag)` : `${pkName} = :pk`,
        ExpressionAttributeValues: { ':pk': pk, ...(filter.flag ? { ':flag': `${filter.flag}#` } : {}) },
        Limit: page.limit,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
      start !== undefined,
    );
    return {
      items: (result.Items ?? []).map((item) => Object.fromEntries(Object.entries(item).filter(([k]) => !ITEM_META.has(k))) as unknown as RedFlag),
      ...(result.LastEvaluatedKey ? { cursor: encodeCursor(result.LastEvaluatedKey as Record<string, string>)! } : {}),
    };
  },
};
