/**
 * DynamoDB adapter of the bid port. A bid write is a transaction that checks, in the same step, that the competition
 * is published and inside its tender period at the server's `now` and that the contractor is verified.
 */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../aws/dynamodb.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors.js';
import type { Bid } from '../domain/competition.js';
import type { Signer } from '../domain/signing.js';
import { BID_PREFIX, bidderPartition, bidIndexKeys, keys } from '../keys.js';
import type { BidStore } from '../use-cases/bids.js';
import { transitionCheck } from './lifecycle-condition.js';
import { queryAll } from './query-all.js';
import { eventPut, TABLE, transact } from './table.js';

const toBid = (item: Record<string, unknown>): Bid => ({
  competitionId: item.competitionId as string,
  bin: item.bin as string,
  price: item.price as string,
  competitionVersion: item.competitionVersion as number,
  submittedAt: item.submittedAt as string,
  receiptId: item.receiptId as string,
  ...(Array.isArray(item.documents) && item.documents.length ? { documents: item.documents as Bid['documents'] } : {}),
  ...(item.signer ? { signer: item.signer as Signer } : {}),
  ...(typeof item.signature === 'string' ? { signature: item.signature } : {}),
});

export const verifiedContractorCheck = (bin: string) => ({
  ConditionCheck: {
    TableName: TABLE,
    Key: keys.contractor(bin),
    ConditionExpression: '#status = :verified',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':verified': 'verified' },
  },
});

/** The stored item of a bid, listed for its bidder through GSI1 (`BIDS#<bin>`). Pure, so seeders write what `put` writes. */
export const bidItem = (bid: Bid): Record<string, unknown> => ({
  ...keys.bid(bid.competitionId, bid.bin),
  kind: 'bid',
  ...bidIndexKeys(bid),
  ...bid,
});

export const bidStore: BidStore = {
  put: async (bid, now, event) => {
    await transact(
      [
        transitionCheck(bid.competitionId, 'submitBid', now),
        verifiedContractorCheck(bid.bin),
        {
          Put: {
            TableName: TABLE,
            Item: bidItem(bid),
          },
        },
        eventPut(keys.competition(bid.competitionId).PK, event),
        // Each document the bid carries is the bidder's and verified, in the same step.
        ...(bid.documents ?? []).map((d) => ({
          ConditionCheck: {
            TableName: TABLE,
            Key: keys.bidDocument(bid.competitionId, bid.bin, d.id),
            ConditionExpression: '#status = :active',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':active': 'active' },
          },
        })),
      ],
      (index) =>
        index === 1
          ? new ForbiddenError('only a registered contractor with a verified email may bid')
          : index >= 4
            ? new ValidationError([{ path: 'documents', message: `item ${index - 3}: not one of your verified bid documents (it changed meanwhile)` }])
            : new ConflictError('bids are not accepted now'),
    );
  },

  withdraw: async (competitionId, bin, now, event) => {
    await transact(
      [
        transitionCheck(competitionId, 'withdrawBid', now),
        { Delete: { TableName: TABLE, Key: keys.bid(competitionId, bin), ConditionExpression: 'attribute_exists(PK)' } },
        eventPut(keys.competition(competitionId).PK, event),
      ],
      (index) => (index === 1 ? new NotFoundError('you have no bid in this competition') : new ConflictError('bids cannot be withdrawn now')),
    );
  },

  get: async (competitionId, bin) => {
    const result = await documentClient.send(
      new GetCommand({ TableName: TABLE, Key: keys.bid(competitionId, bin), ConsistentRead: true }),
    );
    return result.Item ? toBid(result.Item) : undefined;
  },

  listBids: async (competitionId) =>
    (
      await queryAll(documentClient, {
        TableName: TABLE,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :bid)',
        ExpressionAttributeValues: { ':pk': keys.competition(competitionId).PK, ':bid': BID_PREFIX },
        ConsistentRead: true,
      })
    ).map(toBid),

  listByContractor: async (bin) => {
    const result = await documentClient.send(
      new QueryCommand({
        TableName: TABLE,
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': bidderPartition(bin) },
        ScanIndexForward: false,
        Limit: 100,
      }),
    );
    return (result.Items ?? []).map(toBid);
  },
};
