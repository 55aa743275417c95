/**
 * Small helpers over the document client shared by the DynamoDB adapters: the table name and transactions whose
 * cancellation reasons become application errors instead of SDK exceptions.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../aws/dynamodb.js';
import { config } from '../config.js';
import type { DomainEvent } from '../domain/events.js';
import { keys } from '../keys.js';

export const TABLE = config.TABLE_NAME;

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * Runs a write transaction. When a condition fails, `onConditionFailed` receives the index of the failing item and
 * returns the error to throw (a 409 or 404 the caller understands).
 */
export const transact = async (
  items: readonly TransactItem[],
  onConditionFailed: (index: number) => Error,
): Promise<void> => {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await documentClient.send(new TransactWriteCommand({ TransactItems: [...items] }));
      return;
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = error.CancellationReasons ?? [];
      const index = reasons.findIndex((r) => r.Code === 'ConditionalCheckFailed');
      if (index >= 0) throw onConditionFailed(index);
      // Concurrent transactions on the same items cancel each other; the SDK does not retry them. Conditions decide
      // the outcome on the retry, so retrying cannot apply a change twice.
      if (attempt < MAX_TRANSACTION_ATTEMPTS && reasons.some((r) => r.Code === 'TransactionConflict')) {
        await sleep(Math.random() * 20 * 2 ** attempt);
        continue;
      }
      throw error;
    }
  }
};

const MAX_TRANSACTION_ATTEMPTS = 10;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The outbox/audit item of an event, stored in its entity's partition; the stream carries it to the dispatcher. */
export const eventPut = (entityPk: string, event: DomainEvent): TransactItem => ({
  Put: {
    TableName: TABLE,
    Item: { ...keys.event(entityPk, event.at, event.eventId), kind: 'event', ...event },
    ConditionExpression: 'attribute_not_exists(PK)',
  },
});
