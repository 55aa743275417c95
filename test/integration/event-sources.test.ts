/**
 * The local event source mappings behave as Lambda's: partial batch failures redeliver only the failed record, a
 * record failing maxReceiveCount times lands in the DLQ, the stream retries from the failed record, bisects and
 * gives up to the on-failure queue. Tested with stub functions on the runtime's own emulators.
 */
import { CreateTableCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBStreamEvent, SQSEvent } from 'aws-lambda';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startQueuePoller } from '../../infra/local/queue-poller.js';
import { startStreamPoller } from '../../infra/local/stream-poller.js';
import type { LambdaHost } from '../../infra/local/lambda.js';
import { functions } from '../../infra/topology.js';
import { eventually, local } from '../support/local.js';

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const region = 'us-east-1';
const sqs = new SQSClient({ endpoint: local().sqs, region, credentials, useQueueUrlAsEndpoint: false });
const dynamodb = new DynamoDBClient({ endpoint: local().dynamodb, region, credentials });

afterAll(() => {
  sqs.destroy();
  dynamodb.destroy();
});

const suffix = () => Math.random().toString(36).slice(2, 8);

const queueWithDlq = async (maxReceiveCount: number) => {
  const name = `test-${suffix()}`;
  const dlq = await sqs.send(new CreateQueueCommand({ QueueName: `${name}-dlq` }));
  const dlqArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlq.QueueUrl!, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
  const queue = await sqs.send(
    new CreateQueueCommand({
      QueueName: name,
      Attributes: { VisibilityTimeout: '1', RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: String(maxReceiveCount) }) },
    }),
  );
  const arn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queue.QueueUrl!, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
  return { url: queue.QueueUrl!, arn, dlqUrl: dlq.QueueUrl!, dlqArn };
};

describe('local SQS event source', () => {
  it('redelivers only the failed record, moves it to the DLQ after maxReceiveCount, and processes the others once', async () => {
    // Prepare: a function that always fails the message "poison" and counts every delivery.
    const queue = await queueWithDlq(3);
    const deliveries = new Map<string, number>();
    const lambdas: LambdaHost = {
      invoke: async (_name, event) => {
        const records = (event as SQSEvent).Records;
        for (const r of records) deliveries.set(r.body, (deliveries.get(r.body) ?? 0) + 1);
        return { batchItemFailures: records.filter((r) => r.body === 'poison').map((r) => ({ itemIdentifier: r.messageId })) };
      },
    };
    const bodies = ['a', 'b', 'poison', 'c', 'd'];
    await sqs.send(new SendMessageBatchCommand({ QueueUrl: queue.url, Entries: bodies.map((b, i) => ({ Id: String(i), MessageBody: b })) }));

    // Act
    const poller = startQueuePoller({
      sqs,
      lambdas,
      fn: 'mailer',
      trigger: { queue: 'mail', batchSize: 10, maxConcurrency: 2, maxBatchingWindowSeconds: 0 },
      queue,
      onError: () => undefined,
    });
    const dead = await eventually(async () => {
      const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queue.dlqUrl, WaitTimeSeconds: 0 }));
      return received.Messages?.length ? received.Messages : undefined;
    }, 30_000, 'the poison message in the DLQ');
    await poller.stop();

    // Assess
    expect(dead.map((m) => m.Body)).toEqual(['poison']);
    expect(deliveries.get('poison')).toBe(3);
    for (const body of ['a', 'b', 'c', 'd']) expect(deliveries.get(body)).toBe(1);
  });

  it('keeps the whole batch when the function throws', async () => {
    const queue = await queueWithDlq(5);
    let calls = 0;
    const lambdas: LambdaHost = {
      invoke: async (_name, event) => {
        calls += 1;
        if (calls === 1) throw new Error('crashed');
        return { batchItemFailures: [] as never[], seen: (event as SQSEvent).Records.length };
      },
    };
    const seen: string[] = [];
    const wrapped: LambdaHost = {
      invoke: async (name, event) => {
        const result = await lambdas.invoke(name, event);
        seen.push(...(event as SQSEvent).Records.map((r) => r.body));
        return result;
      },
    };
    await sqs.send(new SendMessageBatchCommand({ QueueUrl: queue.url, Entries: ['x', 'y'].map((b, i) => ({ Id: String(i), MessageBody: b })) }));
    const poller = startQueuePoller({
      sqs,
      lambdas: wrapped,
      fn: 'mailer',
      trigger: { queue: 'mail', batchSize: 10, maxConcurrency: 1, maxBatchingWindowSeconds: 0 },
      queue,
      onError: () => undefined,
    });
    await eventually(async () => (seen.length >= 2 ? true : undefined), 15_000, 'redelivery after a crash');
    await poller.stop();
    expect(seen.sort()).toEqual(['x', 'y']);
  });
});

describe('local DynamoDB stream event source', () => {
  it('retries from the failed record, keeps order, and sends a record that keeps failing to the on-failure queue', async () => {
    // Prepare: a table with a stream and a function that fails item "bad" every time.
    const tableName = `stream-test-${suffix()}`;
    const created = await dynamodb.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'PK', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'PK', KeyType: 'HASH' }],
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
      }),
    );
    const onFailure = await queueWithDlq(5);
    const handled: string[] = [];
    const attempts = new Map<string, number>();
    const lambdas: LambdaHost = {
      invoke: async (_name, event) => {
        const failures = [];
        for (const record of (event as DynamoDBStreamEvent).Records) {
          const id = record.dynamodb!.Keys!.PK!.S!;
          attempts.set(id, (attempts.get(id) ?? 0) + 1);
          if (id === 'bad') {
            failures.push({ itemIdentifier: record.dynamodb!.SequenceNumber! });
            break; // as a processor that stops at the first failure in order
          }
          handled.push(id);
        }
        return { batchItemFailures: failures };
      },
    };
    for (const id of ['one', 'two', 'bad', 'three']) {
      await dynamodb.send(new PutItemCommand({ TableName: tableName, Item: { PK: { S: id } } }));
    }

    // Act
    const poller = startStreamPoller({
      endpoint: local().dynamodb,
      streamArn: created.TableDescription!.LatestStreamArn!,
      dataDir: mkdtempSync(join(tmpdir(), 'konkurs-stream-')),
      lambdas,
      fn: 'dispatch',
      trigger: { batchSize: 10, maxBatchingWindowSeconds: 0, retryAttempts: 2, bisectBatchOnError: true, onFailure: 'streamFailures', startingPosition: 'TRIM_HORIZON' },
      sqs,
      onFailureQueueUrl: onFailure.url,
      onError: () => undefined,
    });
    const failureNotice = await eventually(async () => {
      const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl: onFailure.url, WaitTimeSeconds: 0 }));
      return received.Messages?.[0];
    }, 30_000, 'the on-failure notice');
    await eventually(async () => (handled.includes('three') ? true : undefined), 10_000, 'the record after the failure');
    await poller.stop();

    // Assess
    expect(handled).toEqual(['one', 'two', 'three']);
    expect(attempts.get('one')).toBe(1);
    expect(attempts.get('bad')).toBeGreaterThanOrEqual(3); // first try + retryAttempts, after bisecting
    expect(attempts.get('three')).toBe(1);
    const notice = JSON.parse(failureNotice.Body!);
    expect(notice.requestContext.condition).toBe('RetryAttemptsExhausted');
    // Only the failing record is given up, not the healthy one behind it.
    expect(notice.DDBStreamBatchInfo.batchSize).toBe(1);
  });

  it('drops the records its filters leave out: only matching ones reach the function, and a restart does not re-read the rest', async () => {
    // Prepare: a table with a stream; the dispatch mapping's filters (inserted items of kind "event").
    const tableName = `stream-filter-test-${suffix()}`;
    const created = await dynamodb.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'PK', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'PK', KeyType: 'HASH' }],
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
      }),
    );
    const onFailure = await queueWithDlq(5);
    const batches: string[][] = [];
    const lambdas: LambdaHost = {
      invoke: async (_name, event) => {
        batches.push((event as DynamoDBStreamEvent).Records.map((r) => r.dynamodb!.Keys!.PK!.S!));
        return { batchItemFailures: [] };
      },
    };
    const put = (id: string, kind: string) => dynamodb.send(new PutItemCommand({ TableName: tableName, Item: { PK: { S: id }, kind: { S: kind } } }));
    await put('ledger-1', 'mail');
    await put('event-1', 'event');
    await put('release-1', 'release');
    await put('event-1', 'event'); // a MODIFY of an event item: dropped
    await put('ledger-2', 'mail');
    const dataDir = mkdtempSync(join(tmpdir(), 'konkurs-stream-'));
    const start = () =>
      startStreamPoller({
        endpoint: local().dynamodb,
        streamArn: created.TableDescription!.LatestStreamArn!,
        dataDir,
        lambdas,
        fn: 'dispatch',
        trigger: functions.dispatch.stream,
        sqs,
        onFailureQueueUrl: onFailure.url,
        onError: () => undefined,
      });

    // Act
    let poller = start();
    await eventually(async () => (batches.flat().includes('event-1') ? true : undefined), 15_000, 'the event record');
    await put('ledger-3', 'mail');
    await put('event-2', 'event');
    await eventually(async () => (batches.flat().includes('event-2') ? true : undefined), 15_000, 'the second event record');
    await put('ledger-4', 'mail');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await poller.stop();
    poller = start();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await poller.stop();

    // Assess: no batch without an event, nothing delivered twice after the restart.
    expect(batches.flat()).toEqual(['event-1', 'event-2']);
  });
});
