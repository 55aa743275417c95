/**
 * Matching reads: the capacity the fan-out's subscriber Query consumes, against the least DynamoDB could charge for
 * the matches, with 10,000 and then 100,000 subscription items in the table.
 *
 * The measurement runs in a worker process (this module, run with `--worker`) so that the production adapter can be
 * imported with a table name and endpoint of its own: `shared/adapters/table.ts` reads `TABLE_NAME` once at import,
 * and `shared/aws/dynamodb.ts` creates its client from `AWS_ENDPOINT_URL_DYNAMODB` at import. The worker
 * - starts a dedicated DynamoDB Local with `startDynamoDbLocal` (the runtime's launcher and JVM flags; its data folder
 *   on tmpfs when there is one, because SQLite on a disk makes 100,000 writes take minutes) and creates the table
 *   with `provisionTable` (the topology's key schema and indexes);
 * - writes subscription items exactly as `contractorStore` does (`SUB#<kato>#<sector>` / `CONTRACTOR#<bin>`, kind,
 *   bin, email, language, name, unsubscribeToken) with BatchWriteItem, 25 items per call, many calls in flight:
 *   exactly M = 50 in one region × sector, M = 1,000 in another, and the rest spread over the other 98 partitions;
 * - pages through each matching partition with the real `matchingReader.subscribers(kato, sector, cursor)` (the code
 *   path of `fanOut`), with a middleware on the adapter's own client that adds `ReturnConsumedCapacity: TOTAL` to
 *   each Query and records what DynamoDB reports;
 * - computes the minimum from the items' sizes as DynamoDB counts them (attribute names plus values, UTF-8): per page
 *   ceil(bytes / 4 KB) × 0.5 RCU (eventually consistent reads, as the adapter makes them).
 *
 * Target: consumed ≤ 1.1 × the minimum, and the same consumed capacity with 10,000 and 100,000 contractors.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { subscriptionPartition } from '../../shared/keys.js';
import { consoleTable, fixed, markdownTable, type Align, type BenchSection } from './run.js';
import { runWorker, serveWorker } from './worker.js';

const MAX_RATIO = 1.1;
const SIZES = [10_000, 100_000] as const;
const MATCHES = [50, 1_000] as const;
const TABLE_NAME = 'konkurs-bench-matching';
/** BatchWriteItem calls in flight. */
const PARALLEL_WRITES = 24;

interface PageFigures {
  readonly items: number;
  readonly bytes: number;
  readonly consumed: number;
}

interface QueryFigures {
  readonly n: number;
  readonly m: number;
  readonly partition: string;
  readonly pages: readonly PageFigures[];
  readonly returned: number;
}

interface WorkerResult {
  readonly writes: readonly { total: number; written: number; seconds: number }[];
  readonly queries: readonly QueryFigures[];
  readonly itemBytes: { min: number; max: number; mean: number };
  readonly dataDir: string;
  readonly reportsCapacity: boolean;
}

// ---------------------------------------------------------------------------------------------------------------
// DynamoDB's item size: attribute names plus values, UTF-8 (strings only here).

const utf8 = (s: string): number => Buffer.byteLength(s, 'utf8');
const itemSize = (item: Record<string, string>): number => Object.entries(item).reduce((sum, [k, v]) => sum + utf8(k) + utf8(v), 0);
/** Eventually consistent read units of a response of `bytes`. */
const readUnits = (bytes: number): number => Math.ceil(bytes / 4096) * 0.5;
/** What DynamoDB bills for one eventually consistent Query: its read units, and never less than 0.5 (an empty page too). */
const billedUnits = (bytes: number): number => Math.max(0.5, readUnits(bytes));

// ---------------------------------------------------------------------------------------------------------------
// The worker.

const worker = async (root: string, workDir: string): Promise<WorkerResult> => {
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  // tmpfs when there is one: DynamoDB Local keeps its data in SQLite, which syncs every write on a disk.
  const base = existsSync('/dev/shm') ? '/dev/shm' : workDir;
  const dataDir = mkdtempSync(join(base, 'konkurs-bench-matching-'));
  const { startDynamoDbLocal } = await import('../../infra/local/emulators.js');
  const { provisionTable } = await import('../../infra/local/provision.js');
  const dynamo = await startDynamoDbLocal({ port: 0, dataDir });
  try {
    // The adapter's modules read these at import.
    Object.assign(process.env, {
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.url,
      TABLE_NAME,
    });
    const { dynamodb, documentClient } = await import('../../shared/aws/dynamodb.js');
    const { matchingReader } = await import('../../shared/adapters/matching-reader.js');
    const { TABLE } = await import('../../shared/adapters/table.js');
    const { keys } = await import('../../shared/keys.js');
    const { makeBin } = await import('../../shared/domain/bin.js');
    const { REGIONS } = await import('../../shared/domain/regions.js');
    const { SECTOR_CODES } = await import('../../shared/domain/sectors.js');
    const { BatchWriteCommand } = await import('@aws-sdk/lib-dynamodb');
    if (TABLE !== TABLE_NAME) throw new Error(`the adapter uses table ${TABLE}, expected ${TABLE_NAME}`);
    await provisionTable(dynamodb, TABLE_NAME);
    void root;

    // What DynamoDB reports for each Query the adapter makes.
    let reported: (number | undefined)[] = [];
    dynamodb.middlewareStack.add(
      (next, context) => async (args) => {
        const isQuery = context.commandName === 'QueryCommand';
        if (isQuery) (args.input as Record<string, unknown>).ReturnConsumedCapacity = 'TOTAL';
        const result = await next(args);
        if (isQuery) reported.push((result.output as { ConsumedCapacity?: { CapacityUnits?: number } }).ConsumedCapacity?.CapacityUnits);
        return result;
      },
      { step: 'initialize', name: 'benchConsumedCapacity', override: true },
    );

    // Valid BINs, all distinct: serials 0–99,999 over the months of 2010–2024, skipping those without a check digit.
    let binSerial = 0;
    const nextBin = (): string => {
      for (;;) {
        const n = binSerial++;
        const yymm = `${String(10 + Math.floor(n / 100_000 / 12)).padStart(2, '0')}${String(1 + (Math.floor(n / 100_000) % 12)).padStart(2, '0')}`;
        try {
          return makeBin(yymm, '4', '0', n % 100_000);
        } catch {
          // no check digit for this serial
        }
      }
    };
    const languages = ['ru', 'kk', 'en'] as const;
    const names = ['ТОО «КазСтройМонтаж»', 'ТОО «Жылу Сервис»', 'АО «Энергоремонт»', 'ТОО «Су Құрылыс»', 'ТОО «GasLine KZ»'];
    /** A subscription item as `contractorStore` writes it (its `subscriptionItem`). */
    const subscription = (kato: string, sector: string, i: number): Record<string, string> => {
      const bin = nextBin();
      return {
        ...keys.subscription(kato, sector, bin),
        kind: 'subscription',
        bin,
        email: `tender-${bin}@example.kz`,
        language: languages[i % 3]!,
        name: `${names[i % names.length]} ${i}`,
        unsubscribeToken: randomBytes(24).toString('base64url'),
      };
    };

    const [target50, target1000] = [
      { kato: REGIONS[8]!.kato, sector: 'heat' },
      { kato: REGIONS[17]!.kato, sector: 'water' },
    ];
    const targets = [
      { m: MATCHES[0], ...target50 },
      { m: MATCHES[1], ...target1000 },
    ];
    const targetKeys = new Set(targets.map((t) => `${t.kato}#${t.sector}`));
    const others = REGIONS.flatMap((r) => SECTOR_CODES.map((sector) => ({ kato: r.kato, sector }))).filter(
      (p) => !targetKeys.has(`${p.kato}#${p.sector}`),
    );

    const fullItems = new Map<string, Record<string, string>>(); // by bin, the matching partitions' items
    const write = async (items: Record<string, string>[]): Promise<void> => {
      let next = 0;
      await Promise.all(
        Array.from({ length: PARALLEL_WRITES }, async () => {
          for (;;) {
            const start = next;
            next += 25;
            if (start >= items.length) return;
            let request: Record<string, { PutRequest: { Item: Record<string, string> } }[]> | undefined = {
              [TABLE_NAME]: items.slice(start, start + 25).map((Item) => ({ PutRequest: { Item } })),
            };
            for (let attempt = 0; request && Object.keys(request).length > 0; attempt += 1) {
              if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 20 * 2 ** attempt)));
              const result = await documentClient.send(new BatchWriteCommand({ RequestItems: request }));
              request = result.UnprocessedItems as typeof request;
            }
          }
        }),
      );
    };

    const writes: WorkerResult['writes'][number][] = [];
    const queries: QueryFigures[] = [];
    let written = 0;
    let spread = 0;
    for (const n of SIZES) {
      const batch: Record<string, string>[] = [];
      if (written === 0) {
        for (const t of targets) {
          for (let i = 0; i < t.m; i++) {
            const item = subscription(t.kato, t.sector, i);
            fullItems.set(item.bin!, item);
            batch.push(item);
          }
        }
      }
      while (written + batch.length < n) {
        const p = others[spread % others.length]!;
        batch.push(subscription(p.kato, p.sector, spread));
        spread += 1;
      }
      const started = performance.now();
      await write(batch);
      const seconds = (performance.now() - started) / 1000;
      written += batch.length;
      writes.push({ total: written, written: batch.length, seconds });
      log(`matching: ${batch.length} items written in ${fixed(seconds, 1)} s (${written} in the table)`);

      for (const t of targets) {
        reported = [];
        const pages: PageFigures[] = [];
        let cursor: Record<string, string> | undefined;
        do {
          const page = await matchingReader.subscribers(t.kato, t.sector, cursor);
          const bytes = page.items.reduce((sum, r) => {
            const item = fullItems.get(r.bin!);
            if (!item) throw new Error(`the reader returned BIN ${r.bin}, which is not one of the partition's items`);
            return sum + itemSize(item);
          }, 0);
          pages.push({ items: page.items.length, bytes, consumed: Number.NaN });
          cursor = page.cursor;
        } while (cursor);
        if (reported.length !== pages.length) throw new Error(`recorded ${reported.length} Query responses for ${pages.length} pages`);
        queries.push({
          n: written,
          m: t.m,
          partition: subscriptionPartition(t.kato, t.sector),
          pages: pages.map((p, i) => ({ ...p, consumed: reported[i] ?? Number.NaN })),
          returned: pages.reduce((s, p) => s + p.items, 0),
        });
      }
    }
    const sizes = [...fullItems.values()].map(itemSize);
    return {
      writes,
      queries,
      itemBytes: { min: Math.min(...sizes), max: Math.max(...sizes), mean: sizes.reduce((a, b) => a + b, 0) / sizes.length },
      dataDir: base === '/dev/shm' ? 'tmpfs (/dev/shm)' : 'the bench work folder',
      reportsCapacity: queries.every((q) => q.pages.every((p) => Number.isFinite(p.consumed))),
    };
  } finally {
    await dynamo.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
};

// ---------------------------------------------------------------------------------------------------------------
// The section.

const section: BenchSection = {
  title: 'Matching: subscriber reads against the minimum capacity',
  run: async (ctx) => {
    const workDir = join(ctx.workDir, 'matching');
    mkdirSync(workDir, { recursive: true });
    const result = await runWorker<WorkerResult>({
      root: ctx.root,
      file: 'matching.ts',
      args: [ctx.root, workDir],
      name: 'the matching worker',
      progress: 'matching:',
      log: ctx.log,
      env: { TABLE_NAME },
    });

    const rows = result.queries.map((q) => {
      const consumed = q.pages.reduce((s, p) => s + p.consumed, 0);
      const minimum = q.pages.reduce((s, p) => s + readUnits(p.bytes), 0);
      const bytes = q.pages.reduce((s, p) => s + p.bytes, 0);
      const billed = q.pages.reduce((s, p) => s + billedUnits(p.bytes), 0);
      return { q, consumed, minimum, billed, single: readUnits(bytes), bytes, ratio: consumed / minimum, billedRatio: billed / minimum };
    });
    const equalAcrossN = MATCHES.every((m) => new Set(rows.filter((r) => r.q.m === m).map((r) => r.consumed)).size === 1);
    const allReturned = rows.every((r) => r.q.returned === r.q.m);
    const ratioOk = rows.every((r) => r.ratio <= MAX_RATIO && r.billedRatio <= MAX_RATIO);
    const pass = ratioOk && equalAcrossN && allReturned && result.reportsCapacity;

    const header = ['contractors (items)', 'matches M', 'returned', 'pages (items:RCU)', 'bytes read', 'consumed RCU', 'minimum RCU', 'ratio', 'AWS-billed RCU', 'billed ratio'];
    const align: Align[] = ['right', 'right', 'right', 'left', 'right', 'right', 'right', 'right', 'right', 'right'];
    const cells = rows.map((r) => [
      r.q.n.toLocaleString('en-US'),
      r.q.m.toLocaleString('en-US'),
      r.q.returned.toLocaleString('en-US'),
      r.q.pages.map((p) => `${p.items}:${p.consumed}`).join(' + '),
      r.bytes.toLocaleString('en-US'),
      fixed(r.consumed, 1),
      fixed(r.minimum, 1),
      `${fixed(r.ratio, 3)}×`,
      fixed(r.billed, 1),
      `${fixed(r.billedRatio, 3)}×`,
    ]);
    const writeRows = result.writes.map((w) => `${w.written.toLocaleString('en-US')} items in ${fixed(w.seconds, 1)} s (${Math.round(w.written / w.seconds)} items/s, ${w.total.toLocaleString('en-US')} in the table)`);

    const worst = rows.reduce((a, b) => (b.ratio > a.ratio ? b : a));
    const worstBilled = rows.reduce((a, b) => (b.billedRatio > a.billedRatio ? b : a));
    const verdict =
      `consumed/minimum ≤ ${fixed(worst.ratio, 3)}× (M = ${worst.q.m}: ${worst.consumed} RCU vs ${worst.minimum}), ` +
      `as AWS would bill ≤ ${fixed(worstBilled.billedRatio, 3)}× (M = ${worstBilled.q.m}: ${worstBilled.billed} RCU), target ≤ ${MAX_RATIO}×; ` +
      `consumed ${equalAcrossN ? 'equal' : 'NOT equal'} at ${SIZES.map((n) => n.toLocaleString('en-US')).join(' and ')} contractors` +
      (allReturned ? '' : '; the reader did not return every match') +
      (result.reportsCapacity ? '' : '; DynamoDB Local did not report consumed capacity');

    const notes = [
      `Code path: \`matchingReader.subscribers(kato, sector, cursor)\` (shared/adapters/matching-reader.ts, pages of 500, eventually`,
      'consistent, projected to the recipient fields), paged to the end as `fanOut` does, in a worker process whose `TABLE_NAME`',
      `is a dedicated table (\`${TABLE_NAME}\`, created by \`provisionTable\` with the topology's keys and indexes) on a dedicated`,
      `DynamoDB Local (\`startDynamoDbLocal\`, data on ${result.dataDir}). "Consumed" is what DynamoDB Local reports with`,
      '`ReturnConsumedCapacity: TOTAL`, added to each of the adapter\'s Queries by a middleware on its client, per Query',
      '(`items:RCU`). "Minimum" is Σ over pages of ceil(bytes of the items returned / 4 KB) × 0.5, each item\'s size computed as',
      'DynamoDB defines it (attribute names + values in UTF-8; the projection does not reduce what is charged) from the items',
      `written (${fixed(result.itemBytes.min, 0)}–${fixed(result.itemBytes.max, 0)} bytes, mean ${fixed(result.itemBytes.mean, 0)}).`,
      `DynamoDB Local ${result.reportsCapacity ? 'reports' : 'does NOT report'} consumed capacity for Query, by the same rule as DynamoDB`,
      '(the returned items\' sizes summed per response, rounded up to 4 KB, halved for eventual consistency) except for an empty',
      'response, which it reports as 0 where DynamoDB bills 0.5 RCU. "AWS-billed" applies that minimum: a page that ends exactly',
      'at the limit (500) carries a LastEvaluatedKey, so 1,000 matches take a third, empty Query — the only excess over the minimum.',
      `For reference, all ${MATCHES[1].toLocaleString('en-US')} matches in one response would cost ${fixed(rows.find((r) => r.q.m === MATCHES[1])!.single, 1)} RCU.`,
      `Writes (BatchWriteItem, 25 items per call, ${PARALLEL_WRITES} calls in flight): ${writeRows.join('; ')}.`,
    ].join('\n');

    return {
      markdown: [markdownTable(header, cells, align), '', notes].join('\n'),
      console: [consoleTable(header, cells, align), '', ...writeRows.map((w) => `writes: ${w}`)].join('\n'),
      pass,
      verdict,
    };
  },
};

export default section;

serveWorker(import.meta.url, ([root, workDir]) => worker(resolve(root ?? '.'), workDir!));
