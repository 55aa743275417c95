/**
 * DynamoDB adapter of the mail ledger: one item per (event, recipient) with a lease while sending and `sent` after.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../aws/dynamodb.js';
import { nowMs } from '../clock.js';
import { keys } from '../keys.js';
import type { MailLedger } from '../use-cases/send-mail.js';
import { TABLE } from './table.js';

/** Sent-mail records are kept this long to catch late duplicates, then expire. */
const KEEP_SECONDS = 30 * 86400;

const isConditionFailure = (error: unknown): boolean => error instanceof ConditionalCheckFailedException;

export const mailLedger: MailLedger = {
  claim: async (eventId, recipient, lease, leaseSeconds) => {
    const now = Math.floor(nowMs() / 1000);
    try {
      await documentClient.send(
        new PutCommand({
          TableName: TABLE,
          Item: {
            ...keys.mailClaim(eventId, recipient),
            kind: 'mail',
            status: 'sending',
            lease,
            leaseUntil: now + leaseSeconds,
            expiresAt: now + KEEP_SECONDS,
          },
          ConditionExpression: 'attribute_not_exists(PK) OR (#status = :sending AND leaseUntil < :now)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':sending': 'sending', ':now': now },
        }),
      );
      return { status: 'claimed', lease };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const existing = await documentClient.send(
        new GetCommand({ TableName: TABLE, Key: keys.mailClaim(eventId, recipient), ConsistentRead: true }),
      );
      return existing.Item?.status === 'sent' ? { status: 'sent' } : { status: 'busy' };
    }
  },

  markSent: async (eventId, recipient, lease, messageId) => {
    await documentClient.send(
      new UpdateCommand({
        TableName: TABLE,
        Key: keys.mailClaim(eventId, recipient),
        UpdateExpression: 'SET #status = :sent, messageId = :id, sentAt = :at REMOVE leaseUntil',
        ConditionExpression: 'lease = :lease',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':sent': 'sent', ':id': messageId, ':at': new Date(nowMs()).toISOString(), ':lease': lease },
      }),
    );
  },

  confirmSent: async (eventId, recipient, messageId) => {
    // Usually the mailer's own markSent came first: an eventually consistent read (0.5 RRU) sees that, and costs a
    // tenth of the refused conditional write (1 WRU) it replaces. A stale or missing answer falls through to the write.
    const seen = await documentClient.send(new GetCommand({ TableName: TABLE, Key: keys.mailClaim(eventId, recipient), ProjectionExpression: '#status', ExpressionAttributeNames: { '#status': 'status' } }));
    if (seen.Item?.status === 'sent') return;
    try {
      await documentClient.send(
        new UpdateCommand({
          TableName: TABLE,
          Key: keys.mailClaim(eventId, recipient),
          UpdateExpression: 'SET #status = :sent, messageId = :id, sentAt = :at REMOVE leaseUntil',
          ConditionExpression: 'attribute_exists(PK) AND #status = :sending',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':sent': 'sent', ':sending': 'sending', ':id': messageId, ':at': new Date(nowMs()).toISOString() },
        }),
      );
    } catch (error) {
      // Marked already (the usual case: the mailer's own markSent came first), or not a ledger email.
      if (!isConditionFailure(error)) throw error;
    }
  },

  release: async (eventId, recipient, lease) => {
    try {
      await documentClient.send(
        new DeleteCommand({
          TableName: TABLE,
          Key: keys.mailClaim(eventId, recipient),
          ConditionExpression: 'lease = :lease AND #status = :sending',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':lease': lease, ':sending': 'sending' },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  },
};
