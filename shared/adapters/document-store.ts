/**
 * DynamoDB adapter of the document port. Tender documents and bid documents live in their competition's partition
 * (`DOC#<id>`, `BIDDOC#<bin>#<id>`); a pending upload carries a TTL, so one never completed disappears. Bid document
 * writes check the tender period in the same transaction, as bid writes do.
 */
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { documentClient } from '../aws/dynamodb.js';
import type { BidDocument, TenderDocument } from '../domain/documents.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../errors.js';
import { bidDocumentPrefix, keys, TENDER_DOCUMENT_PREFIX } from '../keys.js';
import type { DocumentStore } from '../use-cases/documents.js';
import { verifiedContractorCheck } from './bid-store.js';
import { transitionCheck } from './lifecycle-condition.js';
import { queryAll } from './query-all.js';
import { TABLE, transact } from './table.js';

const ITEM_META = ['PK', 'SK', 'kind'];
const strip = <T>(item: Record<string, unknown>): T =>
  Object.fromEntries(Object.entries(item).filter(([k]) => !ITEM_META.includes(k))) as T;

/** The stored item of a tender document; only a document with no verified version yet expires (TTL). */
export const tenderDocumentItem = (d: TenderDocument): Record<string, unknown> => {
  const { expiresAt: _ignored, ...doc } = d as TenderDocument & { expiresAt?: number };
  return {
    ...keys.tenderDocument(d.competitionId, d.id),
    kind: 'tender-document',
    ...doc,
    ...(d.files.length === 0 && d.pending ? { expiresAt: d.pending.expiresAt } : {}),
  };
};

export const bidDocumentItem = (d: BidDocument): Record<string, unknown> => ({
  ...keys.bidDocument(d.competitionId, d.bin, d.id),
  kind: 'bid-document',
  ...d,
});

const queryPrefix = (pk: string, prefix: string): Promise<Record<string, unknown>[]> =>
  queryAll(documentClient, {
    TableName: TABLE,
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
    ExpressionAttributeValues: { ':pk': pk, ':prefix': prefix },
    ConsistentRead: true,
  });

const ignoreConditionFailure = (error: unknown): void => {
  if (!(error instanceof ConditionalCheckFailedException)) throw error;
};

export const documentStore: DocumentStore = {
  getTender: async (competitionId, docId) => {
    const result = await documentClient.send(new GetCommand({ TableName: TABLE, Key: keys.tenderDocument(competitionId, docId), ConsistentRead: true }));
    return result.Item ? strip<TenderDocument>(result.Item) : undefined;
  },

  listTender: async (competitionId) =>
    (await queryPrefix(keys.competition(competitionId).PK, TENDER_DOCUMENT_PREFIX)).map((i) => strip<TenderDocument>(i)),

  putTenderPending: async (doc, expectedFiles) => {
    try {
      await documentClient.send(
        new PutCommand({
          TableName: TABLE,
          Item: tenderDocumentItem(doc),
          ...(expectedFiles === undefined
            ? { ConditionExpression: 'attribute_not_exists(PK)' }
            : { ConditionExpression: 'size(files) = :n', ExpressionAttributeValues: { ':n': expectedFiles } }),
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw new ConflictError('the document changed meanwhile; reload and try again');
      throw error;
    }
  },

  dropTenderPending: async (doc) => {
    const key = keys.tenderDocument(doc.competitionId, doc.id);
    const values = { ':key': doc.pending!.storageKey };
    try {
      if (doc.files.length === 0) {
        await documentClient.send(new DeleteCommand({ TableName: TABLE, Key: key, ConditionExpression: 'pending.storageKey = :key', ExpressionAttributeValues: values }));
      } else {
        await documentClient.send(
          new UpdateCommand({ TableName: TABLE, Key: key, UpdateExpression: 'REMOVE pending', ConditionExpression: 'pending.storageKey = :key', ExpressionAttributeValues: values }),
        );
      }
    } catch (error) {
      ignoreConditionFailure(error);
    }
  },

  getBid: async (competitionId, bin, docId) => {
    const result = await documentClient.send(new GetCommand({ TableName: TABLE, Key: keys.bidDocument(competitionId, bin, docId), ConsistentRead: true }));
    return result.Item ? strip<BidDocument>(result.Item) : undefined;
  },

  listBid: async (competitionId, bin) =>
    (await queryPrefix(keys.competition(competitionId).PK, bidDocumentPrefix(bin))).map((i) => strip<BidDocument>(i)),

  createBid: async (doc, now) => {
    await transact(
      [
        transitionCheck(doc.competitionId, 'changeBidDocuments', now),
        verifiedContractorCheck(doc.bin),
        { Put: { TableName: TABLE, Item: bidDocumentItem(doc), ConditionExpression: 'attribute_not_exists(PK)' } },
      ],
      (index) =>
        index === 1
          ? new ForbiddenError('only a registered contractor with a verified email may submit bid documents')
          : new ConflictError('bid documents are not accepted now'),
    );
  },

  completeBid: async (doc, now) => {
    await transact(
      [
        transitionCheck(doc.competitionId, 'changeBidDocuments', now),
        {
          Put: {
            TableName: TABLE,
            Item: bidDocumentItem(doc),
            ConditionExpression: '#status = :pending',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':pending': 'pending' },
          },
        },
      ],
      (index) => (index === 0 ? new ConflictError('bid documents are not accepted now') : new ConflictError('this bid document was completed or removed meanwhile')),
    );
  },

  removeBid: async (doc, now, options = {}) => {
    await transact(
      [
        transitionCheck(doc.competitionId, 'changeBidDocuments', now),
        {
          Delete: {
            TableName: TABLE,
            Key: keys.bidDocument(doc.competitionId, doc.bin, doc.id),
            ...(options.pendingOnly
              ? { ConditionExpression: '#status = :pending', ExpressionAttributeNames: { '#status': 'status' }, ExpressionAttributeValues: { ':pending': 'pending' } }
              : { ConditionExpression: 'attribute_exists(PK)' }),
          },
        },
      ],
      (index) => (index === 0 ? new ConflictError('bid documents cannot be removed now') : new NotFoundError('you have no such bid document')),
    );
  },
};
