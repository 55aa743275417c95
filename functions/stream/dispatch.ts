/**
 * Table stream → SQS (the transactional outbox's relay). Each inserted event item becomes the queue messages
 * `messagesFor` names. Records are handled in order; a failed record is reported so Lambda retries from it
 * (bisecting, then the on-failure queue). Consumers are idempotent, so a retried record that re-sends is harmless.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { Context, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { sqs } from '../../shared/aws/sqs.js';
import { queueUrl } from '../../shared/config.js';
import type { DomainEvent } from '../../shared/domain/events.js';
import { logger } from '../../shared/observability.js';
import type { OutboundMessage } from '../../shared/queue/outbound.js';
import { messagesFor } from '../../shared/use-cases/dispatch.js';

const processor = new BatchProcessor(EventType.DynamoDBStreams);

const sendAll = async (messages: readonly OutboundMessage[]): Promise<void> => {
  const byQueue = new Map<OutboundMessage['queue'], OutboundMessage[]>();
  for (const message of messages) byQueue.set(message.queue, [...(byQueue.get(message.queue) ?? []), message]);
  for (const [queue, list] of byQueue) {
    for (let i = 0; i < list.length; i += 10) {
      const chunk = list.slice(i, i + 10);
      const result = await sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: queueUrl(queue),
          Entries: chunk.map((m, n) => ({ Id: String(n), MessageBody: JSON.stringify(m.body) })),
        }),
      );
      if (result.Failed?.length) {
        throw new Error(`SQS refused ${result.Failed.length} message(s) for ${queue}: ${result.Failed[0]?.Message}`);
      }
    }
  }
};

const handleRecord = async (record: DynamoDBRecord): Promise<void> => {
  try {
    await dispatchRecord(record);
  } catch (error) {
    logger.error('dispatch failed', { sequenceNumber: record.dynamodb?.SequenceNumber, error: error as Error });
    throw error;
  }
};

const dispatchRecord = async (record: DynamoDBRecord): Promise<void> => {
  const image = record.dynamodb?.NewImage;
  if (record.eventName !== 'INSERT' || !image || image.kind?.S !== 'event') return;
  const { PK: _pk, SK: _sk, kind: _kind, ...item } = unmarshall(image as Record<string, AttributeValue>);
  // The item was written by `eventPut` from a typed event: the stream gives it back as it was made.
  const event = item as DomainEvent;
  const messages = messagesFor(event);
  if (messages.length === 0) return;
  await sendAll(messages);
  logger.debug('dispatched', { eventId: event.eventId, type: event.type, messages: messages.length });
};

export const handler = async (event: DynamoDBStreamEvent, context: Context) =>
  processPartialResponse(event, handleRecord, processor, { context, processInParallel: false, throwOnFullBatchFailure: false });
