/**
 * The local SQS event source mapping: receives batches from a queue, calls the function with a real `SQSEvent`, and
 * deletes only what succeeded. Records named in `batchItemFailures` (or the whole batch, if the function throws or
 * times out) stay on the queue until their visibility timeout ends; the queue's redrive policy moves a message that
 * failed maxReceiveCount times to its DLQ. `maxConcurrency` pollers run at once, as the mapping's maximum concurrency
 * (2 for an uncapped mapping, as many as an idle one keeps in Lambda).
 * A batching window gathers up to the batch size for that long once the first message is in, as Lambda does.
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
import { localConcurrency, type FunctionName, type QueueTrigger } from '../topology.js';
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

  const receive = async (max: number, waitSeconds: number): Promise<Message[]> =>
    (
      await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queue.url,
          MaxNumberOfMessages: Math.min(10, max),
          WaitTimeSeconds: waitSeconds,
          MessageSystemAttributeNames: ['All'],
          MessageAttributeNames: ['All'],
        }),
        { abortSignal: stopping.signal },
      )
    ).Messages ?? [];

  const pollOnce = async (slot: number): Promise<void> => {
    const messages = await receive(trigger.batchSize, 1);
    if (messages.length === 0) return;
    // The batching window: once a message is in hand, gather up to the batch size for at most the window, as Lambda
    // does before it invokes (batches above 10 need a window).
    const windowEnds = Date.now() + trigger.maxBatchingWindowSeconds * 1000;
    while (messages.length < trigger.batchSize && Date.now() < windowEnds && !stopping.signal.aborted) {
      const wait = Math.min(1, Math.floor((windowEnds - Date.now()) / 1000));
      const more = await receive(trigger.batchSize - messages.length, wait);
      messages.push(...more);
      if (more.length === 0 && wait === 0) await sleep(Math.min(100, Math.max(0, windowEnds - Date.now())));
    }
    const records = messages.map((m) => toRecord(m, queue));
    const event: SQSEvent = { Records: records };
    const [outcome] = await Promise.allSettled([lambdas.invoke(fn, event, slot)]);
    if (outcome!.status === 'rejected') options.onError(`${fn}: ${(outcome!.reason as Error).message}`);
    const failed = failedIds(records, outcome!);
    const done = records.filter((r) => !failed.has(r.messageId));
    for (let i = 0; i < done.length; i += 10) {
      await sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: queue.url,
          Entries: done.slice(i, i + 10).map((r, n) => ({ Id: String(n), ReceiptHandle: r.receiptHandle })),
        }),
      );
    }
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

  const loops = Array.from({ length: localConcurrency(trigger) }, (_, slot) => loop(slot));
  return {
    stop: async () => {
      stopping.abort();
      await Promise.allSettled(loops);
    },
  };
};
