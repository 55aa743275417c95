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

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * Runs a write transaction. When a condition fails, `onConditionFailed` receives the index of the failing item and
 * returns the error to throw (a 409 or 404 the caller understands).
 */
export const transact = async (
  items: readonly TransactItem[],
  onConditionFailed: (index: number) => Error,
  clientRequestToken?: string,
): Promise<void> => {
  try {
    await documentClient.send(
      new TransactWriteCommand({
        TransactItems: [...items],
        ...(clientRequestToken ? { ClientRequestToken: clientRequestToken } : {}),
      }),
    );
  } catch (error) {
    if (error instanceof TransactionCanceledException) {
      const index = (error.CancellationReasons ?? []).findIndex((r) => r.Code === 'ConditionalCheckFailed');
      if (index >= 0) throw onConditionFailed(index);
    }
    throw error;
  }
};

/** The outbox/audit item of an event, stored in its entity's partition; the stream carries it to the dispatcher. */
export const eventPut = (entityPk: string, event: DomainEvent): TransactItem => ({
  Put: {
    TableName: TABLE,
    Item: { ...keys.event(entityPk, event.at, event.eventId), kind: 'event', ...event },
    ConditionExpression: 'attribute_not_exists(PK)',
  },
});
