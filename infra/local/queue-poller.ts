/**
 * The local SQS event source mapping: receives batches from a queue, calls the function with a real `SQSEvent`, and
 * deletes only what succeeded. Records named in `batchItemFailures` (or the whole batch, if the function throws or
 * times out) stay on the queue until their visibility timeout ends; the queue's redrive policy moves a message that
 * failed maxReceiveCount times to its DLQ. `maxConcurrency` pollers run at once, as the mapping's maximum concurrency.
 */
import {
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  type Message,
  type MessageAttributeValue,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSMessageAttributes, SQSRecord } from 'aws-lambda';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FunctionName, QueueTrigger } from '../topology.js';
import type { LambdaHost } from './lambda.js';
import type { ProvisionedQueue } from './provision.js';

const toRecord = (message: Message, queue: ProvisionedQueue): SQSRecord => {
  const attributes = message.Attributes ?? {};
  const messageAttributes: SQSMessageAttributes = {};
  for (const [name, value] of Object.entries(message.MessageAttributes ?? {}) as [string, MessageAttributeValue][]) {
    messageAttributes[name] = {
      dataType: value.DataType ?? 'String',
      ...(value.StringValue !== undefined ? { stringValue: value.StringValue } : {}),
      ...(value.BinaryValue !== undefined ? { binaryValue: Buffer.from(value.BinaryValue).toString('base64') } : {}),
      stringListValues: [],
      binaryListValues: [],
    };
  }
  return {
    messageId: message.MessageId!,
    receiptHandle: message.ReceiptHandle!,
    body: message.Body ?? '',
    attributes: {
      ApproximateReceiveCount: attributes.ApproximateReceiveCount ?? '1',
      SentTimestamp: attributes.SentTimestamp ?? String(Date.now()),
      SenderId: attributes.SenderId ?? 'local',
      ApproximateFirstReceiveTimestamp: attributes.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
    },
    messageAttributes,
    md5OfBody: message.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: queue.arn,
    awsRegion: queue.arn.split(':')[3] ?? 'us-east-1',
  };
};

/** The message ids to keep on the queue, from the function's result (or everything, when it failed). */
const failedIds = (records: readonly SQSRecord[], outcome: PromiseSettledResult<unknown>): Set<string> => {
  if (outcome.status === 'rejected') return new Set(records.map((r) => r.messageId));
  const response = outcome.value as Partial<SQSBatchResponse> | undefined | null;
  const failures = response?.batchItemFailures;
  if (!Array.isArray(failures)) return new Set();
  const known = new Set(records.map((r) => r.messageId));
  const ids = new Set<string>();
  for (const failure of failures) {
    // Lambda treats an unknown or empty identifier as a failure of the whole batch.
    if (!failure?.itemIdentifier || !known.has(failure.itemIdentifier)) return known;
    ids.add(failure.itemIdentifier);
  }
  return ids;
};

export interface QueuePoller {
  stop(): Promise<void>;
}

export const startQueuePoller = (options: {
  sqs: SQSClient;
  lambdas: LambdaHost;
  fn: FunctionName;
  trigger: QueueTrigger;
  queue: ProvisionedQueue;
  onError: (message: string) => void;
}): QueuePoller => {
  const { sqs, lambdas, fn, trigger, queue } = options;
  const stopping = new AbortController();

  const pollOnce = async (slot: number): Promise<void> => {
    const received = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queue.url,
        MaxNumberOfMessages: Math.min(10, trigger.batchSize),
        WaitTimeSeconds: 1,
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
      { abortSignal: stopping.signal },
    );
    const messages = received.Messages ?? [];
    if (messages.length === 0) return;
    const records = messages.map((m) => toRecord(m, queue));
    const event: SQSEvent = { Records: records };
    const [outcome] = await Promise.allSettled([lambdas.invoke(fn, event, slot)]);
    if (outcome!.status === 'rejected') options.onError(`${fn}: ${(outcome!.reason as Error).message}`);
    const failed = failedIds(records, outcome!);
    const done = records.filter((r) => !failed.has(r.messageId));
    if (done.length === 0) return;
    await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: queue.url,
        Entries: done.map((r, i) => ({ Id: String(i), ReceiptHandle: r.receiptHandle })),
      }),
    );
  };

  const loop = async (slot: number): Promise<void> => {
    while (!stopping.signal.aborted) {
      try {
        await pollOnce(slot);
      } catch (error) {
        if (stopping.signal.aborted) return;
        options.onError(`${fn} poller: ${(error as Error).message}`);
        await sleep(500);
      }
    }
  };

  const loops = Array.from({ length: trigger.maxConcurrency }, (_, slot) => loop(slot));
  return {
    stop: async () => {
      stopping.abort();
      await Promise.allSettled(loops);
    },
  };
};
