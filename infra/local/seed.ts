/**
 * Loads the МЭКС demo dataset (`demo-dataset.ts`) into a local table.
 *
 * - `npm run seed` reloads it, with a progress bar on stderr, into the table `npm start` uses: it deletes the table's
 *   items and writes the dataset. When no runtime is running, it starts one on the data folder for the time of the
 *   reload and waits until the dataset is aggregated, so the stream never holds unread events of an older dataset.
 * - `npm start` calls {@link seedIfEmpty}: the dataset is written when the store holds no project, unless
 *   `KONKURS_SEED=none` (the tests and benchmarks start empty).
 * - Tests call {@link seedDemo} with their own client and table.
 *
 * Entities are written first and their events after, so that every consumer of an event (the aggregator reads the
 * project of a competition event) finds what it reads. Batches of 25 go out in parallel.
 */
import './quiet-sdk-warning.js';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
  ScanCommand,
  type BatchWriteCommandOutput,
} from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { zeroStatsItem } from '../../shared/adapters/stats-store.js';
import { now as clockNow } from '../../shared/clock.js';
import { NATIONAL_SCOPE } from '../../shared/domain/stats.js';
import { REGIONS } from '../../shared/domain/regions.js';
import { buildDemoDataset, type DemoDataset } from './demo-dataset.js';
import type { LocalRuntime } from './runtime.js';

type Item = Record<string, unknown>;

export interface SeedOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  /** The platform's time the dataset's dates are relative to; the clock's now by default. */
  readonly now?: Date;
  /** BatchWrite requests in flight at once. */
  readonly concurrency?: number;
  readonly onProgress?: (written: number, total: number) => void;
}

export interface SeedResult {
  readonly dataset: DemoDataset;
  readonly items: number;
  readonly seconds: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Writes (or deletes) items in batches of 25, `concurrency` at a time, retrying what DynamoDB leaves unprocessed. */
const batchWrite = async (
  client: DynamoDBDocumentClient,
  tableName: string,
  requests: readonly ({ PutRequest: { Item: Item } } | { DeleteRequest: { Key: Item } })[],
  concurrency: number,
  progress: (n: number) => void,
): Promise<void> => {
  const batches: (typeof requests)[number][][] = [];
  for (let i = 0; i < requests.length; i += 25) batches.push(requests.slice(i, i + 25));
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < batches.length) {
      let pending = batches[next++]!;
      for (let attempt = 0; pending.length > 0; attempt += 1) {
        if (attempt > 0) await sleep(Math.min(2000, 50 * 2 ** attempt));
        const result: BatchWriteCommandOutput = await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
        const left = (result.UnprocessedItems?.[tableName] ?? []) as typeof pending;
        progress(pending.length - left.length);
        pending = left;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, batches.length) }, worker));
};

/** Writes items in parallel batches (entities before the events that name them: call once per group). */
export const putItems = (
  client: DynamoDBDocumentClient,
  tableName: string,
  items: readonly Item[],
  options: { concurrency?: number; onProgress?: (written: number) => void } = {},
): Promise<void> => {
  let written = 0;
  return batchWrite(client, tableName, items.map((Item) => ({ PutRequest: { Item } })), options.concurrency ?? 8, (n) => {
    written += n;
    options.onProgress?.(written);
  });
};

/** Deletes items by key in parallel batches. */
export const deleteItems = (client: DynamoDBDocumentClient, tableName: string, items: readonly Item[], concurrency = 8): Promise<void> =>
  batchWrite(client, tableName, items.map((i) => ({ DeleteRequest: { Key: { PK: i.PK, SK: i.SK } } })), concurrency, () => undefined);

/**
 * The aggregate items of the 21 scopes, created with their full set of counters at zero unless they exist (the
 * aggregator does the same on first use; doing it here keeps their size fixed after a reload).
 */
const ensureStatsItems = async (client: DynamoDBDocumentClient, tableName: string, at: string): Promise<void> => {
  await Promise.all(
    [NATIONAL_SCOPE, ...REGIONS.map((r) => r.kato)].map(async (scope) => {
      try {
        await client.send(new PutCommand({ TableName: tableName, Item: unmarshall(zeroStatsItem(scope, at)), ConditionExpression: 'attribute_not_exists(PK)' }));
      } catch (error) {
        if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
      }
    }),
  );
};

/**
 * Writes the demo dataset into `tableName`: entities first, then their outbox events. Deterministic for a given `now`.
 */
export const seedDemo = async (options: SeedOptions): Promise<SeedResult> => {
  const started = performance.now();
  const now = options.now ?? clockNow();
  const dataset = buildDemoDataset(now);
  const total = dataset.entities.length + dataset.events.length;
  let written = 0;
  const progress = (n: number) => {
    written += n;
    options.onProgress?.(written, total);
  };
  const concurrency = options.concurrency ?? 8;
  await ensureStatsItems(options.client, options.tableName, now.toISOString());
  await batchWrite(options.client, options.tableName, dataset.entities.map((Item) => ({ PutRequest: { Item } })), concurrency, progress);
  await batchWrite(options.client, options.tableName, dataset.events.map((Item) => ({ PutRequest: { Item } })), concurrency, progress);
  return { dataset, items: total, seconds: (performance.now() - started) / 1000 };
};

/** Deletes every item of the table (the local store only: a Scan is fine for a development reset, never for a view). */
const emptyTable = async (client: DynamoDBDocumentClient, tableName: string, progress: (deleted: number) => void): Promise<number> => {
  let deleted = 0;
  let start: Item | undefined;
  do {
    const page = await client.send(
      new ScanCommand({ TableName: tableName, ProjectionExpression: 'PK, SK', ...(start ? { ExclusiveStartKey: start } : {}) }),
    );
    const keys = (page.Items ?? []).map((i) => ({ DeleteRequest: { Key: { PK: i.PK, SK: i.SK } } }));
    await batchWrite(client, tableName, keys, 8, (n) => {
      deleted += n;
      progress(deleted);
    });
    start = page.LastEvaluatedKey;
  } while (start);
  return deleted;
};

/** A progress bar on stderr: redrawn in place on a terminal, a line per quarter otherwise. */
export const progressBar = (label: string) => {
  const tty = process.stderr.isTTY;
  let lastQuarter = -1;
  return (done: number, total: number): void => {
    const share = total > 0 ? done / total : 1;
    if (tty) {
      const width = 30;
      const filled = Math.round(share * width);
      process.stderr.write(`\r${label} [${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${done}/${total} ${Math.round(share * 100)}%`);
      if (done >= total) process.stderr.write('\n');
      return;
    }
    const quarter = Math.floor(share * 4);
    if (quarter !== lastQuarter) {
      lastQuarter = quarter;
      process.stderr.write(`${label} ${done}/${total} ${Math.round(share * 100)}%\n`);
    }
  };
};

/** `npm start`: loads the dataset when the store holds no project (a bounded check: one Query item). */
export const seedIfEmpty = async (runtime: { urls: { dynamodb: string }; tableName: string }): Promise<void> => {
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: runtime.urls.dynamodb }), {
    marshallOptions: { removeUndefinedValues: true },
  });
  try {
    const existing = await client.send(
      new QueryCommand({
        TableName: runtime.tableName,
        IndexName: 'GSI2',
        KeyConditionExpression: 'GSI2PK = :projects',
        ExpressionAttributeValues: { ':projects': 'PROJECTS' },
        Limit: 1,
      }),
    );
    if ((existing.Items ?? []).length > 0) return;
    const result = await seedDemo({ client, tableName: runtime.tableName, onProgress: progressBar('konkurs: demo data') });
    process.stderr.write(`konkurs: demo data: ${result.items} items in ${result.seconds.toFixed(1)} s; the monitoring figures settle within seconds\n`);
  } finally {
    client.destroy();
  }
};

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** `npm run seed`: empties the local table and loads the dataset again. */
const main = async (): Promise<void> => {
  const tableName = process.env.TABLE_NAME ?? 'konkurs';
  const port = process.env.KONKURS_DYNAMODB_PORT || '8000';
  let endpoint = process.env.AWS_ENDPOINT_URL_DYNAMODB ?? `http://127.0.0.1:${port}`;
  const connect = (url: string) =>
    new DynamoDBClient({ endpoint: url, region: process.env.AWS_REGION ?? 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  let dynamodb = connect(endpoint);
  let runtime: LocalRuntime | undefined;
  try {
    await dynamodb.send(new ListTablesCommand({ Limit: 1 }), { abortSignal: AbortSignal.timeout(2000) });
    process.stderr.write(`seed: using the running local store at ${endpoint}\n`);
  } catch {
    // No runtime: start one on the data folder for the time of the reload, so that the dataset's events are
    // aggregated (and published) now and the stream checkpoints move past them; a table with unread events of an
    // earlier dataset would otherwise be counted twice at the next start.
    dynamodb.destroy();
    const dataDir = resolve(process.env.KONKURS_DATA_DIR ?? resolve(root, '.konkurs', 'data'));
    process.stderr.write(`seed: no local runtime is running; starting one on ${dataDir} for the reload\n`);
    const { startLocalRuntime } = await import('./runtime.js');
    runtime = await startLocalRuntime({
      root,
      dataDir,
      tableName,
      ports: { api: 0, portal: 0, mailbox: 0, dynamodb: 0, sqs: 0 },
      log: (line) => process.stderr.write(`seed: ${line}\n`),
    });
    endpoint = runtime.urls.dynamodb;
    dynamodb = connect(endpoint);
  }
  const client = DynamoDBDocumentClient.from(dynamodb, { marshallOptions: { removeUndefinedValues: true } });
  try {
    const { provisionTable } = await import('./provision.js');
    // Keep the table (its stream is what the runtime reads); delete its items, whose removals nobody acts on.
    await provisionTable(dynamodb, tableName);
    const deleted = await emptyTable(client, tableName, (n) => {
      if (process.stderr.isTTY) process.stderr.write(`\rseed: emptying ${tableName}: ${n} items deleted`);
    });
    process.stderr.write(`${process.stderr.isTTY && deleted ? '\n' : ''}seed: emptied ${tableName} (${deleted} items)\n`);
    const result = await seedDemo({ client, tableName, onProgress: progressBar('seed: demo data') });
    process.stderr.write(`seed: ${result.items} items written in ${result.seconds.toFixed(1)} s\n`);
    if (runtime) {
      const started = performance.now();
      await settle(runtime, client, tableName, result.dataset);
      process.stderr.write(`seed: aggregated and published in ${((performance.now() - started) / 1000).toFixed(1)} s more\n`);
    }
  } finally {
    client.destroy();
    await runtime?.stop();
  }
};

/** Waits until the national counters hold exactly the dataset and every queue is empty (the runtime's work is done). */
const settle = async (runtime: LocalRuntime, client: DynamoDBDocumentClient, tableName: string, dataset: DemoDataset): Promise<void> => {
  const { SQSClient, GetQueueAttributesCommand } = await import('@aws-sdk/client-sqs');
  const { GetCommand } = await import('@aws-sdk/lib-dynamodb');
  const { statsKey } = await import('../../shared/keys.js');
  const { counter } = await import('../../shared/domain/stats.js');
  const sqs = new SQSClient({ useQueueUrlAsEndpoint: false });
  const expected = {
    [counter.projects('selection')]: dataset.projects.filter((p) => p.stage === 'selection').length,
    [counter.projects('implementation')]: dataset.projects.filter((p) => p.stage === 'implementation').length,
    [counter.inquiries('answered')]: dataset.inquiries.filter((i) => i.status === 'answered').length,
    [counter.contractorsVerified]: dataset.contractors.length,
  };
  const deadline = Date.now() + 5 * 60_000;
  try {
    for (;;) {
      const national = (await client.send(new GetCommand({ TableName: tableName, Key: statsKey(NATIONAL_SCOPE), ConsistentRead: true }))).Item ?? {};
      const counted = Object.entries(expected).every(([name, value]) => Number(national[name] ?? 0) === value);
      let waiting = 0;
      for (const queue of Object.values(runtime.queues)) {
        const { Attributes } = await sqs.send(
          new GetQueueAttributesCommand({ QueueUrl: queue.url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
        );
        waiting += Number(Attributes?.ApproximateNumberOfMessages ?? 0) + Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0);
      }
      if (counted && waiting === 0) return;
      if (Date.now() > deadline) throw new Error('the runtime did not finish aggregating the dataset within 5 minutes');
      await sleep(500);
    }
  } finally {
    sqs.destroy();
  }
};

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`seed: ${(error as Error).stack ?? String(error)}\n`);
      process.exit(1);
    },
  );
}
