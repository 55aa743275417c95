/**
 * Mailer throughput against the configured SES sending rate (`MAIL_SEND_RATE`).
 *
 * K = 200 mail jobs (one event, 200 recipients, the `competition-published` template) are put on a queue at once, and
 * the achieved rate is taken from the mail ledger's `sentAt` of each (event, recipient) — written right after SES
 * accepted the email, in milliseconds, unlike the SES emulator's whole-second `at` — as (K − 1) / (last − first).
 * The mailbox (`GET <mailbox>/store`) must then hold exactly one email per recipient, and the SES proxy's
 * `counters.sesThrottled` (`GET /dev/faults`) must not have moved when no throttling is injected. Because the
 * emulator enforces no quota, "no throttling errors" is also checked against the rate itself: the most sends in any
 * one-second window must not exceed `MAIL_SEND_RATE`, as SES counts it.
 *
 * Each configured rate (20/s, judged; 50/s, the local default) runs in a dedicated local runtime in a child process
 * (this module with `--worker`), because the mailer reads `MAIL_SEND_RATE` when it loads. Runs per rate:
 * - (a) the local runtime as shipped: the `mail` queue and its poller (`maxConcurrency` loops), which call the ONE
 *   mailer module the runtime loaded, so every loop shares one pacer;
 * - (b) as Lambda runs it: the same poller code (`startQueuePoller`) on a queue of the bench, calling `maxConcurrency`
 *   separate instances of `functions/queue/mailer.ts` (each imported on its own, one pacer per container), each
 *   invocation on an idle instance — what the event source mapping and Lambda's containers do;
 * - (c) as (b) with SES throttling 20% of the sends (`POST /dev/faults {"sesThrottleRate":0.2}`).
 *
 * Target (at 20/s): (b) achieves ≥ 0.9 × the configured rate with no throttling; (c) sends every email exactly once.
 */
import { CreateQueueCommand, DeleteQueueCommand, GetQueueAttributesCommand, SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LambdaHost } from '../../infra/local/lambda.js';
import type { LocalRuntime } from '../../infra/local/runtime.js';
import { functions } from '../../infra/topology.js';
import { queryAll } from '../../shared/adapters/query-all.js';
import { mailClaimPartition } from '../../shared/keys.js';
import { consoleTable, fixed, markdownTable, quantile, type Align, type BenchSection } from './run.js';
import { runWorker, serveWorker } from './worker.js';

const K = Math.max(50, Number(process.env.BENCH_MAIL_JOBS ?? 200));
/** The configured rates measured, each in a runtime of its own; the target is judged at {@link TARGET_RATE}. */
const TARGET_RATE = 20;
const RATES = [TARGET_RATE, 50] as const;
const MIN_SHARE = 0.9;
const THROTTLE_RATE = 0.2;
/** The bench queue's visibility timeout (the topology's mail queue: 180 s): a send throttled on every SDK attempt
 * comes back after it. */
const BENCH_VISIBILITY_SECONDS = 10;

type Handler = (event: unknown, context: Context) => Promise<unknown>;

interface RunFigures {
  readonly id: string;
  readonly label: string;
  readonly sent: number;
  readonly delivered: number;
  readonly duplicates: number;
  readonly seconds: number;
  readonly achieved: number;
  /** The rate up to the 95th-percentile send. */
  readonly achieved95: number;
  readonly peakWindow: number;
  readonly throttled: number;
  readonly passed: number;
  readonly publishToLast: number;
}

const lambdaContext = (name: string): Context => ({
  callbackWaitsForEmptyEventLoop: false,
  functionName: `konkurs-${name}`,
  functionVersion: '$LATEST',
  invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:konkurs-${name}`,
  memoryLimitInMB: String(functions.mailer.memoryMb),
  awsRequestId: randomUUID(),
  logGroupName: `/aws/lambda/konkurs-${name}`,
  logStreamName: 'bench',
  getRemainingTimeInMillis: () => functions.mailer.timeoutSeconds * 1000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
});

/** A Lambda host with `size` warm containers of the mailer: each invocation runs on an idle one. */
const containerPool = async (root: string, size: number): Promise<LambdaHost> => {
  const href = pathToFileURL(resolve(root, functions.mailer.entry)).href;
  const idle: Handler[] = [];
  for (let i = 0; i < size; i++) {
    // A distinct URL is a distinct module instance: its own pacer, as in a container of its own.
    const module = (await import(`${href}?bench-container=${i + 1}`)) as { handler: Handler };
    idle.push(module.handler);
  }
  return {
    invoke: async (name, event) => {
      const handler = idle.pop();
      if (!handler) throw new Error(`no idle ${name} container: more concurrent invocations than the pool`);
      try {
        return await handler(event, lambdaContext(name));
      } finally {
        idle.push(handler);
      }
    },
  };
};

const mailJob = (eventId: string, to: string, i: number) => ({
  eventId,
  template: 'competition-published',
  to,
  language: (['ru', 'kk', 'en'] as const)[i % 3],
  vars: {
    competitionId: eventId,
    title: 'Реконструкция тепловых сетей мкр. Юго-Восток',
    region: 'Карагандинская область',
    sector: 'Теплоснабжение',
    value: '750 000 000 ₸',
    deadline: '20.07.2026 18:00',
    version: '1',
  },
  unsubscribeToken: randomUUID().replace(/-/g, ''),
});

const faultsOf = async (api: string) => (await (await fetch(`${api}/dev/faults`)).json()) as { counters: { sesThrottled: number; sesPassed: number } };
const setThrottle = async (api: string, rate: number): Promise<void> => {
  const response = await fetch(`${api}/dev/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sesThrottleRate: rate }) });
  if (response.status !== 200) throw new Error(`POST /dev/faults answered ${response.status}`);
};

/** Start times (epoch ms) of every SendEmail attempt the handlers make, in the worker (recorded by a middleware). */
const sesAttempts: number[] = [];

/** The most timestamps (ms) in any window of `windowMs`. */
const peakInWindow = (times: readonly number[], windowMs = 1000): number => {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let lo = 0, hi = 0; hi < sorted.length; hi++) {
    while (sorted[hi]! - sorted[lo]! >= windowMs) lo++;
    best = Math.max(best, hi - lo + 1);
  }
  return best;
};

const measure = async (
  local: LocalRuntime,
  sqs: SQSClient,
  documentClient: DynamoDBDocumentClient,
  queueUrl: string,
  id: string,
  label: string,
  rate: number,
  log: (line: string) => void,
  timeoutMs: number,
): Promise<RunFigures> => {
  const eventId = `bench-mail-${id}-${Date.now().toString(36)}`;
  const recipients = Array.from({ length: K }, (_, i) => `bench-${id}-${i}-${Date.now().toString(36)}@example.kz`);
  const before = await faultsOf(local.urls.api);
  const sinceSeconds = Math.floor(Date.now() / 1000) - 1;
  const enqueuedAt = Date.now();
  // All at once: batches of ten, all in flight together.
  const batches: string[][] = [];
  for (let i = 0; i < K; i += 10) batches.push(recipients.slice(i, i + 10));
  await Promise.all(
    batches.map(async (batch, b) => {
      const result = await sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: batch.map((to, n) => ({ Id: String(n), MessageBody: JSON.stringify(mailJob(eventId, to, b * 10 + n)) })),
        }),
      );
      if (result.Failed?.length) throw new Error(`SQS refused ${result.Failed.length} message(s)`);
    }),
  );

  // Done when the ledger holds K sent claims for the event.
  const deadline = Date.now() + timeoutMs;
  let sentAt: number[] = [];
  for (;;) {
    const items = await queryAll(documentClient, {
      TableName: local.tableName,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': mailClaimPartition(eventId) },
      ConsistentRead: true,
    });
    sentAt = items.filter((i) => i.status === 'sent').map((i) => Date.parse(i.sentAt as string));
    if (sentAt.length >= K) break;
    if (Date.now() > deadline) throw new Error(`${label}: ${sentAt.length}/${K} sent after ${timeoutMs / 1000} s`);
    await sleep(250);
  }
  const lastSentAt = Date.now();
  await sleep(1500); // let duplicates, if any, show up
  const after = await faultsOf(local.urls.api);
  const store = (await (await fetch(`${local.urls.mailbox}/store?since=${sinceSeconds}`)).json()) as { emails: { destination: { to: string[] } }[] };
  const wanted = new Set(recipients);
  const counts = new Map<string, number>();
  for (const email of store.emails) for (const to of email.destination.to) if (wanted.has(to)) counts.set(to, (counts.get(to) ?? 0) + 1);
  const sorted = [...sentAt].sort((x, y) => x - y);
  const first = sorted[0]!;
  const last = sorted[sorted.length - 1]!;
  const figures: RunFigures = {
    id,
    label,
    sent: sentAt.length,
    delivered: counts.size,
    duplicates: [...counts.values()].reduce((s, c) => s + c - 1, 0),
    seconds: (last - first) / 1000,
    achieved: (sentAt.length - 1) / ((last - first) / 1000),
    achieved95: (Math.ceil(0.95 * sentAt.length) - 1) / ((sorted[Math.ceil(0.95 * sentAt.length) - 1]! - first) / 1000),
    // What SES sees: attempts as they start (the pacer spaces starts; `sentAt` adds the response's jitter).
    peakWindow: peakInWindow(sesAttempts.filter((t) => t >= enqueuedAt && t <= lastSentAt)),
    throttled: after.counters.sesThrottled - before.counters.sesThrottled,
    passed: after.counters.sesPassed - before.counters.sesPassed,
    publishToLast: (lastSentAt - enqueuedAt) / 1000,
  };
  log(`mailer ${rate}/s (${id}): ${figures.sent} sent in ${fixed(figures.seconds, 2)} s = ${fixed(figures.achieved, 2)}/s, throttled ${figures.throttled}`);
  return figures;
};

interface WorkerResult {
  readonly rate: number;
  readonly runs: readonly RunFigures[];
  /** Per AWS call the mailer makes: count and p50/p90 ms, over the whole worker. */
  readonly calls: readonly { name: string; count: number; p50: number; p90: number }[];
}

/** One configured rate, in a process of its own: `MAIL_SEND_RATE` is read when the mailer module loads. */
const worker = async (rate: number, root: string, workDir: string, withThrottle: boolean): Promise<WorkerResult> => {
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  process.env.MAIL_SEND_RATE = String(rate);
  process.env.KONKURS_SEED = 'none';
  const { startLocalRuntime } = await import('../../infra/local/runtime.js');
  const dataDir = join(workDir, `mailer-${rate}`);
  mkdirSync(dataDir, { recursive: true });
  const local = await startLocalRuntime({ root, dataDir, ports: { api: 0, portal: 0, mailbox: 0, dynamodb: 0, sqs: 0 }, log: (line) => log(`local: ${line}`) });
  try {
    // The handlers' own clients (one instance per process): time each call they make.
    const { dynamodb: handlerDynamodb } = await import('../../shared/aws/dynamodb.js');
    const { ses } = await import('../../shared/aws/ses.js');
    const durations = new Map<string, number[]>();
    for (const client of [handlerDynamodb, ses] as { middlewareStack: { add: (...args: unknown[]) => void } }[]) {
      client.middlewareStack.add(
        (next: (args: unknown) => Promise<unknown>, context: { commandName: string }) => async (args: unknown) => {
          const started = performance.now();
          try {
            return await next(args);
          } finally {
            const list = durations.get(context.commandName) ?? [];
            list.push(performance.now() - started);
            durations.set(context.commandName, list);
          }
        },
        { step: 'initialize', name: 'benchTiming' },
      );
    }
    // Innermost step: once per HTTP attempt, retries included.
    ses.middlewareStack.add(
      (next) => async (args) => {
        sesAttempts.push(Date.now());
        return next(args);
      },
      { step: 'deserialize', name: 'benchSesAttempts' },
    );
    const { config } = await import('../../shared/config.js');
    if (config.MAIL_SEND_RATE !== rate) throw new Error(`the mailer reads MAIL_SEND_RATE ${config.MAIL_SEND_RATE}, expected ${rate}`);
    const { startQueuePoller } = await import('../../infra/local/queue-poller.js');
    const { maxConcurrency } = functions.mailer.queue;

    const sqs = new SQSClient({ endpoint: local.urls.sqs, useQueueUrlAsEndpoint: false });
    const dynamodb = new DynamoDBClient({ endpoint: local.urls.dynamodb });
    const documentClient = DynamoDBDocumentClient.from(dynamodb);
    const timeout = (share: number) => Math.max(60_000, ((3 * K) / (rate * share)) * 1000 + 30_000);
    const runs: RunFigures[] = [];
    let benchQueueUrl: string | undefined;
    try {
      runs.push(await measure(local, sqs, documentClient, local.queues.mail.url, 'a', 'local runtime as shipped (one mailer module, shared pacer)', rate, log, timeout(0.3)));

      const created = await sqs.send(
        new CreateQueueCommand({ QueueName: `konkurs-bench-mail-${Date.now().toString(36)}`, Attributes: { VisibilityTimeout: String(BENCH_VISIBILITY_SECONDS) } }),
      );
      benchQueueUrl = created.QueueUrl!;
      const arn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: benchQueueUrl, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
      const pool = await containerPool(root, maxConcurrency);
      const poller = startQueuePoller({
        sqs,
        lambdas: pool,
        fn: 'mailer',
        trigger: functions.mailer.queue,
        queue: { url: benchQueueUrl, arn, dlqUrl: '', dlqArn: '' },
        onError: (message) => log(`mailer poller: ${message}`),
      });
      try {
        runs.push(await measure(local, sqs, documentClient, benchQueueUrl, 'b', `as in Lambda: ${maxConcurrency} containers, one pacer each`, rate, log, timeout(0.5)));
        if (withThrottle) {
          await setThrottle(local.urls.api, THROTTLE_RATE);
          try {
            runs.push(
              await measure(local, sqs, documentClient, benchQueueUrl, 'c', `as (b), SES throttling ${THROTTLE_RATE * 100}% of sends`, rate, log, timeout(0.2) + 4 * BENCH_VISIBILITY_SECONDS * 1000),
            );
          } finally {
            await setThrottle(local.urls.api, 0);
          }
        }
      } finally {
        await poller.stop();
      }
    } finally {
      if (benchQueueUrl) await sqs.send(new DeleteQueueCommand({ QueueUrl: benchQueueUrl })).catch(() => undefined);
      sqs.destroy();
      dynamodb.destroy();
    }
    const calls = [...durations].map(([name, list]) => ({ name, count: list.length, p50: quantile(list, 0.5), p90: quantile(list, 0.9) }));
    return { rate, runs, calls };
  } finally {
    await local.stop();
  }
};

const section: BenchSection = {
  title: 'Mailer: achieved send rate against MAIL_SEND_RATE',
  run: async (ctx) => {
    const workDir = join(ctx.workDir, 'mailer');
    mkdirSync(workDir, { recursive: true });
    const results: WorkerResult[] = [];
    for (const rate of RATES) {
      ctx.log(`mailer: dedicated local runtime with MAIL_SEND_RATE=${rate}`);
      results.push(
        await runWorker<WorkerResult>({
          root: ctx.root,
          file: 'mailer.ts',
          args: [String(rate), ctx.root, workDir, rate === TARGET_RATE ? 'throttle' : 'no-throttle'],
          name: `the mailer worker (rate ${rate})`,
          progress: 'mailer',
          log: ctx.log,
        }),
      );
    }
    const { maxConcurrency, batchSize } = functions.mailer.queue;

    /** A pacer of period T allows at most floor(1 s / T) + 1 starts in any 1 s window, per container. */
    const peakBound = (rate: number) => rate + maxConcurrency;
    const exactlyOnce = (r: RunFigures) => r.sent === K && r.delivered === K && r.duplicates === 0;
    const target = results.find((r) => r.rate === TARGET_RATE)!;
    const b = target.runs.find((r) => r.id === 'b')!;
    const c = target.runs.find((r) => r.id === 'c')!;
    const bPass = b.achieved / target.rate >= MIN_SHARE && b.throttled === 0 && b.peakWindow <= peakBound(target.rate) && exactlyOnce(b);
    const cPass = exactlyOnce(c) && c.throttled > 0;
    const pass = bPass && cPass;

    const header = ['MAIL_SEND_RATE', 'run', 'sent', 'in mailbox (dupes)', 'first→last s', 'achieved /s', 'achieved / configured', 'to 95%: /s', 'peak in 1 s (bound)', 'SES throttled (passed)'];
    const align: Align[] = ['right', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right'];
    const cells = results.flatMap((w) =>
      w.runs.map((r) => [
        `${w.rate}/s`,
        `(${r.id}) ${r.label}`,
        `${r.sent}/${K}`,
        `${r.delivered} (${r.duplicates})`,
        fixed(r.seconds, 2),
        fixed(r.achieved, 2),
        `${fixed(r.achieved / w.rate, 3)}×`,
        fixed(r.achieved95, 2),
        `${r.peakWindow} (${peakBound(w.rate)})`,
        `${r.throttled} (${r.passed})`,
      ]),
    );
    const calls = target.calls.filter((x) => x.count >= K);
    const serialMs = calls.reduce((s, x) => s + x.p50, 0);
    const higher = results.find((r) => r.rate !== TARGET_RATE);
    const higherB = higher?.runs.find((r) => r.id === 'b');
    const verdict =
      `at MAIL_SEND_RATE ${target.rate}/s: (b) ${fixed(b.achieved, 2)}/s = ${fixed(b.achieved / target.rate, 3)}× (target ≥ ${MIN_SHARE}×), ${b.throttled} throttled, peak ${b.peakWindow} in 1 s (bound ${peakBound(target.rate)}); ` +
      `(c) ${THROTTLE_RATE * 100}% throttled: ${c.delivered}/${K} delivered once each at ${fixed(c.achieved, 2)}/s` +
      (higher && higherB ? `; at ${higher.rate}/s (b) ${fixed(higherB.achieved / higher.rate, 3)}×` : '');

    const notes = [
      `Each rate runs in a dedicated local runtime (a child process: \`MAIL_SEND_RATE\` is read when the mailer module loads),`,
      `checked against \`config.MAIL_SEND_RATE\` as the handlers read it. ${TARGET_RATE}/s is the decisive run (the order of a new SES`,
      `production quota, 14/s); ${RATES.filter((r) => r !== TARGET_RATE).join(', ')}/s is the local runtime's default. The mail trigger: batch ${batchSize}, maximum`,
      `concurrency ${maxConcurrency}; each container's pacer spaces its sends ${maxConcurrency}/rate s apart (\`shared/mail/pacer.ts\`). K = ${K} jobs for one`,
      'event, enqueued at once; achieved = (K − 1) / (last − first `sentAt` in the mail ledger, ms); "to 95%" the same up to the',
      '95th percentile send (without the tail of redelivered messages). "Peak in 1 s": the most SendEmail attempts starting in any',
      'one-second window (the emulator enforces no quota, hence this check); a pacer of period T lets at most floor(1 s / T) + 1',
      `start in any such window, so the bound is rate + ${maxConcurrency} (one per container; SES allows such short bursts over its rate).`,
      'Throttled/passed: the SES fault proxy\'s counters (`GET /dev/faults`) over the run.',
      '',
      '(a) is the local runtime as shipped: `infra/local/lambda.ts` loads each handler once and the mapping\'s poller loops all',
      `call that one module, so they share ONE pacer whose interval assumes ${maxConcurrency} containers: the local stack sends at most`,
      `MAIL_SEND_RATE / ${maxConcurrency}. (b) is what Lambda does: the same \`startQueuePoller\` on a bench queue, each invocation on an idle one`,
      `of ${maxConcurrency} separately imported instances of \`functions/queue/mailer.ts\` (one pacer each).`,
      `(c): the SDK retries a throttled send (3 attempts, backoff from 0.5 s); a send throttled on every attempt fails its record`,
      `(partial batch response) and comes back after the visibility timeout (${BENCH_VISIBILITY_SECONDS} s on the bench queue, 180 s on the mail queue);`,
      'the ledger keeps every recipient to one email. The pacer does not slow down for throttling: the backoff does.',
      '',
      `Per email the mailer makes, one after another, ${calls.map((x) => `${x.name.replace(/Command$/, '')} (p50 ${fixed(x.p50, 1)} ms, p90 ${fixed(x.p90, 1)})`).join(', ')}:`,
      `≈ ${fixed(serialMs, 0)} ms at p50 here. A container sends at most 1 / that, so the mapping tops out near ${maxConcurrency} / ${fixed(serialMs / 1000, 3)} s ≈`,
      `${fixed((maxConcurrency * 1000) / serialMs, 0)}/s whatever MAIL_SEND_RATE says, less with jitter (the pacer never catches up lost time); in AWS, where`,
      'SendEmail takes tens of milliseconds, lower still. A rate above that needs more concurrency or sends overlapped within a container.',
    ].join('\n');

    return {
      markdown: [markdownTable(header, cells, align), '', notes].join('\n'),
      console: consoleTable(header, cells, align),
      pass,
      verdict,
    };
  },
};

export default section;

serveWorker(import.meta.url, ([rate, root, workDir, throttle]) => worker(Number(rate), resolve(root!), workDir!, throttle === 'throttle'));
