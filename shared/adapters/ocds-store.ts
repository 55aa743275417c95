/**
 * DynamoDB adapter of the OCDS ports: releases (`OCDS#<ocid>` / `RELEASE#<releaseId>`), the change feed (one
 * partition per month, `OCDSFEED#<YYYY-MM>` / `<writtenAt>#<releaseId>`) and its first month (`OCDSFEED#META`).
 *
 * A release and its feed entry are written in one transaction, conditional on the release not existing: a
 * redelivered job writes nothing and the first write stands. The feed is read from the base table with strongly
 * consistent Queries (an index would be eventually consistent, and the hold-back argument needs every committed
 * entry to be visible). Both carry the release as JSON text, exactly as served, so a feed page is one Query.
 *
 * The JSON is stored deflated (`releaseZ`, raw DEFLATE, binary): a release is written twice in a transaction, so each
 * KB costs 4 WRU, and release JSON shrinks about fourfold (docs/cost-model.md). Items written before, with the JSON as
 * text (`release`), are read as they are.
 */
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { documentClient } from '../aws/dynamodb.js';
import type { OcdsRelease } from '../domain/ocds-release.js';
import { keys, ocdsFeedPartition, ocdsReleasePartition, RELEASE_PREFIX } from '../keys.js';
import type { FeedEntry, OcdsReleaseReader } from '../use-cases/ocds-packages.js';
import { ReleaseWriteConflictError, type OcdsReleaseWriter, type StoredRelease } from '../use-cases/ocds-publisher.js';
import { queryAll } from './query-all.js';
import { TABLE } from './table.js';

/** The month this container has already recorded as (at least) the feed's first: saves a write per release. */
let notedMonth: string | undefined;

/** The release JSON of a release or feed item: deflated (`releaseZ`), or as text in items written before. */
const releaseOf = (item: Record<string, unknown>): OcdsRelease =>
  JSON.parse(item.releaseZ instanceof Uint8Array ? inflateRawSync(item.releaseZ).toString('utf8') : String(item.release)) as OcdsRelease;

const storedOf = (item: Record<string, unknown>): StoredRelease => ({
  ocid: String(item.ocid),
  releaseId: String(item.releaseId),
  writtenAt: String(item.writtenAt),
  release: releaseOf(item),
});

export const ocdsStore: OcdsReleaseWriter & OcdsReleaseReader = {
  noteMonth: async (month) => {
    if (notedMonth !== undefined && notedMonth <= month) return;
    try {
      await documentClient.send(
        new UpdateCommand({
          TableName: TABLE,
          Key: keys.ocdsFeedMeta(),
          UpdateExpression: 'SET firstMonth = :month, kind = :kind',
          ConditionExpression: 'attribute_not_exists(firstMonth) OR firstMonth > :month',
          ExpressionAttributeValues: { ':month': month, ':kind': 'ocds-feed-meta' },
        }),
      );
    } catch (error) {
      // The first month is already this one or earlier: nothing to do.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
    notedMonth = month;
  },

  put: async ({ ocid, releaseId, writtenAt, release }) => {
    const releaseZ = deflateRawSync(JSON.stringify(release));
    try {
      await documentClient.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: TABLE,
                Item: { ...keys.ocdsRelease(ocid, releaseId), kind: 'ocds-release', ocid, releaseId, date: release.date, writtenAt, releaseZ },
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            },
            {
              Put: {
                TableName: TABLE,
                Item: { ...keys.ocdsFeedEntry(writtenAt, releaseId), kind: 'ocds-feed-entry', ocid, releaseId, writtenAt, releaseZ },
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            },
          ],
        }),
      );
      return 'written';
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = error.CancellationReasons ?? [];
      if (reasons[0]?.Code === 'ConditionalCheckFailed') return 'exists';
      if (reasons.some((r) => r.Code === 'TransactionConflict')) throw new ReleaseWriteConflictError(`release ${releaseId}: transaction conflict`);
      throw error;
    }
  },

  firstMonth: async () => {
    const result = await documentClient.send(new GetCommand({ TableName: TABLE, Key: keys.ocdsFeedMeta(), ConsistentRead: true }));
    const month = result.Item?.firstMonth;
    return typeof month === 'string' ? month : undefined;
  },

  feed: async (month, after, before, limit) => {
    // DynamoDB refuses a start key outside the key condition; nothing lies between them anyway.
    if (after !== undefined && after >= before) return { entries: [], more: false };
    const pk = ocdsFeedPartition(month);
    const result = await documentClient.send(
      new QueryCommand({
        TableName: TABLE,
        KeyConditionExpression: 'PK = :pk AND SK < :before',
        ExpressionAttributeValues: { ':pk': pk, ':before': before },
        ConsistentRead: true,
        Limit: limit,
        ...(after !== undefined ? { ExclusiveStartKey: { PK: pk, SK: after } } : {}),
      }),
    );
    const entries: FeedEntry[] = (result.Items ?? []).map((item) => ({
      sortKey: String(item.SK),
      writtenAt: String(item.writtenAt),
      release: releaseOf(item),
    }));
    return { entries, more: result.LastEvaluatedKey !== undefined };
  },

  releasesOf: async (ocid) =>
    (
      await queryAll(documentClient, {
        TableName: TABLE,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :release)',
        ExpressionAttributeValues: { ':pk': ocdsReleasePartition(ocid), ':release': RELEASE_PREFIX },
        ConsistentRead: true,
      })
    ).map(storedOf),
};
