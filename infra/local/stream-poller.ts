/**
 * The local DynamoDB stream event source mapping: reads every shard of the table stream in order, calls the function
 * with a real `DynamoDBStreamEvent`, and honours its partial batch response (retry from the first failed record).
 * A batch that throws is bisected; a batch still failing after `retryAttempts` is described on the on-failure queue
 * and skipped, as Lambda does. Positions are checkpointed in the data folder so a restart neither replays nor skips.
 */
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  TrimmedDataAccessException,
  type _Record as StreamRecord,
  type Shard,
} from '@aws-sdk/client-dynamodb-streams';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FunctionName, StreamTrigger } from '../topology.js';
import { checkFilterPattern, passesFilters } from './event-filter.js';
import type { LambdaHost } from './lambda.js';

interface Checkpoints {
  streamArn: string;
  /** Last sequence number handled per shard. */
  positions: Record<string, string>;
  finished: string[];
}

type Image = Record<string, unknown>;

/**
 * The streams client deserialises an empty map attribute (`{"M":{}}` on the wire) to `{}`, which Lambda would
 * deliver as `{ M: {} }`; restore it so handlers see what Lambda gives them.
 */
const restoreEmptyMaps = (image: Image | undefined): Image | undefined => {
  if (!image) return image;
  const fix = (value: unknown): unknown => {
    if (!value || typeof value !== 'object') return value;
    const attribute = value as Record<string, unknown>;
    if (Object.keys(attribute).length === 0) return { M: {} };
    if (attribute.M && typeof attribute.M === 'object') {
      return { M: Object.fromEntries(Object.entries(attribute.M as Image).map(([k, v]) => [k, fix(v)])) };
    }
    if (Array.isArray(attribute.L)) return { L: attribute.L.map(fix) };
    return attribute;
  };
  return Object.fromEntries(Object.entries(image).map(([k, v]) => [k, fix(v)]));
};

const toLambdaRecord = (record: StreamRecord, streamArn: string): DynamoDBRecord => {
  const data = record.dynamodb!;
  return {
    eventID: record.eventID!,
    eventName: record.eventName as DynamoDBRecord['eventName'],
    eventVersion: record.eventVersion ?? '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: record.awsRegion ?? 'us-east-1',
    eventSourceARN: streamArn,
    dynamodb: {
      ApproximateCreationDateTime: Math.floor((data.ApproximateCreationDateTime?.getTime() ?? Date.now()) / 1000),
      Keys: data.Keys as never,
      ...(data.NewImage ? { NewImage: restoreEmptyMaps(data.NewImage as Image) as never } : {}),
      ...(data.OldImage ? { OldImage: restoreEmptyMaps(data.OldImage as Image) as never } : {}),
      SequenceNumber: data.SequenceNumber!,
      SizeBytes: data.SizeBytes ?? 0,
      StreamViewType: data.StreamViewType as never,
    },
  };
};

type Outcome = { kind: 'ok' } | { kind: 'partial'; firstFailed: number } | { kind: 'threw'; message: string };

const outcomeOf = (records: readonly DynamoDBRecord[], settled: PromiseSettledResult<unknown>): Outcome => {
  if (settled.status === 'rejected') return { kind: 'threw', message: (settled.reason as Error).message };
  const failures = (settled.value as Partial<DynamoDBBatchResponse> | undefined)?.batchItemFailures;
  if (!Array.isArray(failures) || failures.length === 0) return { kind: 'ok' };
  const indexes = failures.map((f) => records.findIndex((r) => r.dynamodb?.SequenceNumber === f?.itemIdentifier));
  // An identifier that names no record of the batch fails the whole batch, as in Lambda.
  return { kind: 'partial', firstFailed: indexes.some((i) => i < 0) ? 0 : Math.min(...indexes) };
};

export interface StreamPoller {
  stop(): Promise<void>;
}

export const startStreamPoller = (options: {
  endpoint: string;
  streamArn: string;
  dataDir: string;
  lambdas: LambdaHost;
  fn: FunctionName;
  trigger: StreamTrigger;
  sqs: SQSClient;
  onFailureQueueUrl: string;
  onError: (message: string) => void;
}): StreamPoller => {
  const { streamArn, trigger, fn } = options;
  for (const pattern of trigger.filters ?? []) checkFilterPattern(pattern);
  const streams = new DynamoDBStreamsClient({ endpoint: options.endpoint });
  const file = join(options.dataDir, 'stream-checkpoints.json');
  const stored = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Checkpoints) : undefined;
  const checkpoints: Checkpoints =
    stored?.streamArn === streamArn ? stored : { streamArn, positions: {}, finished: [] };
  // Written after the batch's function returned (so after the SQS sends it made were acknowledged), and replaced
  // whole by a rename, so a kill -9 leaves the old checkpoint or the new one, never a torn file.
  const save = (): void => {
    writeFileSync(`${file}.tmp`, JSON.stringify(checkpoints));
    renameSync(`${file}.tmp`, file);
  };
  const stopping = new AbortController();

  const iterators = new Map<string, string | undefined>();
  const buffers = new Map<string, DynamoDBRecord[]>();

  const iteratorFor = async (shard: Shard): Promise<string | undefined> => {
    const shardId = shard.ShardId!;
    if (iterators.has(shardId)) return iterators.get(shardId);
    const position = checkpoints.positions[shardId];
    const request = position
      ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER' as const, SequenceNumber: position }
      : { ShardIteratorType: trigger.startingPosition };
    const result = await streams.send(new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shardId, ...request }));
    iterators.set(shardId, result.ShardIterator);
    return result.ShardIterator;
  };

  const sendToOnFailure = async (shardId: string, batch: readonly DynamoDBRecord[], reason: string): Promise<void> => {
    const first = batch[0]!.dynamodb!;
    const last = batch[batch.length - 1]!.dynamodb!;
    await options.sqs.send(
      new SendMessageCommand({
        QueueUrl: options.onFailureQueueUrl,
        MessageBody: JSON.stringify({
          requestContext: { condition: 'RetryAttemptsExhausted', functionArn: `konkurs-${fn}`, approximateInvokeCount: trigger.retryAttempts + 1 },
          responseContext: { functionError: reason },
          version: '1.0',
          timestamp: new Date().toISOString(),
          DDBStreamBatchInfo: {
            shardId,
            startSequenceNumber: first.SequenceNumber,
            endSequenceNumber: last.SequenceNumber,
            approximateArrivalOfFirstRecord: new Date(first.ApproximateCreationDateTime! * 1000).toISOString(),
            approximateArrivalOfLastRecord: new Date(last.ApproximateCreationDateTime! * 1000).toISOString(),
            batchSize: batch.length,
            streamArn,
          },
        }),
      }),
    );
  };

  const advance = (shardId: string, buffer: DynamoDBRecord[], count: number): void => {
    const handled = buffer.splice(0, count);
    if (handled.length === 0) return;
    checkpoints.positions[shardId] = handled[handled.length - 1]!.dynamodb!.SequenceNumber!;
    save();
  };

  /** Delivers what is buffered for a shard until it is empty, with retries, bisection and the on-failure queue. */
  const drain = async (shardId: string, buffer: DynamoDBRecord[]): Promise<void> => {
    let attempts = 0;
    let limit = trigger.batchSize;
    while (buffer.length > 0 && !stopping.signal.aborted) {
      const batch = buffer.slice(0, limit);
      const event: DynamoDBStreamEvent = { Records: batch };
      const [settled] = await Promise.allSettled([options.lambdas.invoke(fn, event)]);
      const outcome = outcomeOf(batch, settled!);
      if (outcome.kind === 'ok') {
        advance(shardId, buffer, batch.length);
        attempts = 0;
        limit = trigger.batchSize;
        continue;
      }
      const remaining = outcome.kind === 'partial' ? batch.length - outcome.firstFailed : batch.length;
      if (outcome.kind === 'partial') {
        advance(shardId, buffer, outcome.firstFailed);
        options.onError(`${fn}: record ${buffer[0]?.dynamodb?.SequenceNumber} failed (attempt ${attempts + 1})`);
      } else options.onError(`${fn}: ${outcome.message}`);
      // Bisecting narrows a failing batch down to the failing record, so the records after it are not given up too.
      if (trigger.bisectBatchOnError && remaining > 1) limit = Math.ceil(remaining / 2);
      attempts += 1;
      if (attempts > trigger.retryAttempts) {
        const failed = buffer.slice(0, limit);
        await sendToOnFailure(shardId, failed, outcome.kind === 'threw' ? outcome.message : 'partial batch failure');
        advance(shardId, buffer, failed.length);
        attempts = 0;
        limit = trigger.batchSize;
        continue;
      }
      await sleep(Math.min(2000, 100 * 2 ** attempts));
    }
  };

  const pollShard = async (shard: Shard): Promise<boolean> => {
    const shardId = shard.ShardId!;
    const iterator = await iteratorFor(shard);
    if (!iterator) {
      if (!checkpoints.finished.includes(shardId)) {
        checkpoints.finished.push(shardId);
        save();
      }
      return false;
    }
    let result;
    try {
      result = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
    } catch (error) {
      if (error instanceof TrimmedDataAccessException) {
        iterators.delete(shardId);
        delete checkpoints.positions[shardId];
        return false;
      }
      throw error;
    }
    iterators.set(shardId, result.NextShardIterator);
    const buffer = buffers.get(shardId) ?? [];
    buffers.set(shardId, buffer);
    const records = (result.Records ?? []).map((r) => toLambdaRecord(r, streamArn));
    // The mapping's filters drop records before any batch is made: a dropped record invokes nothing.
    buffer.push(...records.filter((record) => passesFilters(trigger.filters, record)));
    const got = records.length > 0;
    await drain(shardId, buffer);
    // Records dropped after the last delivered one are passed too, so a restart does not read them again.
    const last = records[records.length - 1]?.dynamodb?.SequenceNumber;
    if (last && buffer.length === 0 && checkpoints.positions[shardId] !== last) {
      checkpoints.positions[shardId] = last;
      save();
    }
    return got;
  };

  const loop = async (): Promise<void> => {
    let shards: Shard[] = [];
    let describedAt = 0;
    while (!stopping.signal.aborted) {
      try {
        // New shards appear when DynamoDB rolls a shard over (DynamoDB Local may start one before closing the old):
        // look again often, and at once when none is left to read.
        const open = shards.filter((shard) => !checkpoints.finished.includes(shard.ShardId!));
        if (open.length === 0 || Date.now() - describedAt > 500) {
          const described = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
          shards = described.StreamDescription?.Shards ?? [];
          describedAt = Date.now();
        }
        const known = new Set(shards.map((s) => s.ShardId));
        let busy = false;
        for (const shard of shards) {
          if (checkpoints.finished.includes(shard.ShardId!)) continue;
          // Children wait for their parent shard to be read to its end, keeping per-item order.
          const parent = shard.ParentShardId;
          if (parent && known.has(parent) && !checkpoints.finished.includes(parent)) continue;
          busy = (await pollShard(shard)) || busy;
        }
        if (!busy) await sleep(150, undefined, { signal: stopping.signal }).catch(() => undefined);
      } catch (error) {
        if (stopping.signal.aborted) return;
        options.onError(`${fn} stream poller: ${(error as Error).message}`);
        await sleep(1000);
      }
    }
  };

  const running = loop();
  return {
    stop: async () => {
      stopping.abort();
      await running;
      streams.destroy();
    },
  };
};
