/**
 * Non-SES AWS cost per 1,000 competitions with 50 matching contractors each, at list prices: the model of
 * `docs/cost-model.md`, recomputed from its constants and from one competition's life measured on the local runtime.
 *
 * A worker process (this module with `--worker`) starts a dedicated local runtime (its development clock is moved
 * through the competition's periods, which must not disturb the shared runtime of the other sections), writes 50
 * verified subscribers of one region × sector and a project as the adapters store them, and then runs the reference
 * life of a competition through the API and the development clock: draft and publication, one question asked and
 * answered, {@link LIFE}.views public reads, the tender period, 5 bids (one replaced), the 24-hour reminder, the
 * deadline (the checker opens the bids), the akimat reading the bids and awarding. Meanwhile it meters, per function:
 * - Lambda invocations and their durations (the runtime's Lambda host, wrapped), API requests (invocations of HTTP
 *   functions), and which lifecycle steps each function ran in (cold-start allowance);
 * - DynamoDB capacity: `ReturnConsumedCapacity: INDEXES` added to every request of the handlers' own client, as
 *   DynamoDB Local reports it (table and index writes, 2× for transactions), with DynamoDB's 0.5 RRU minimum per read
 *   request applied where DynamoDB Local reports 0 (an empty Query), and 1 WRU (2 in a transaction) per item of a
 *   write refused by its condition (DynamoDB Local reports nothing for those);
 * - SQS requests sent by the handlers' client (64 KB chunks per call), and the event source mappings' receives and
 *   deletes (one ReceiveMessage and one DeleteMessageBatch per queue-triggered invocation);
 * - application log bytes (Powertools at INFO, the level deployed functions run at) written during invocations.
 * Then prices it with {@link PRICES}; fixed monthly costs (the minute schedule and the queues' idle long polling) are
 * amortised over {@link ASSUMPTIONS}.competitionsPerMonth.
 *
 * Target: ≤ $0.15 per 1,000 competitions.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { functions, type FunctionName } from '../../infra/topology.js';
import { signDetached } from '../../shared/signing/cms-sign.js';
import { consoleTable, fixed, markdownTable, type Align, type BenchSection } from './run.js';
import { runWorker, serveWorker } from './worker.js';

const TARGET_PER_1000 = 0.15;

/** US East (N. Virginia) list prices, USD; see docs/cost-model.md for the sources and the date. */
export const PRICES = {
  asOf: '2026-11 (DynamoDB on-demand rates in effect since 2024-11-01)',
  dynamoWruPerMillion: 0.625,
  dynamoRruPerMillion: 0.125,
  sqsPerMillionRequests: 0.4,
  lambdaArmGbSecond: 0.0000133334,
  lambdaPerMillionRequests: 0.2,
  httpApiPerMillionRequests: 1.0,
  logsIngestionPerGb: 0.5,
  logsStoragePerGbMonth: 0.03,
  xrayPerMillionTracesRecorded: 5.0,
  eventBridgeScheduledPerMillion: 1.0,
} as const;

/** The assumptions of the model (docs/cost-model.md explains each). */
export const ASSUMPTIONS = {
  /** Monthly volume over which the fixed monthly costs are spread. */
  competitionsPerMonth: 1000,
  /** SES sending rate in production (emails/s): the mailer's containers are billed while the pacer waits. */
  productionMailRate: 14,
  /** Init duration of a cold start (billed since 2025-08-01 for on-demand functions), ms. */
  coldStartInitMs: 350,
  /** Lambda platform log lines per invocation (START, END, REPORT with the X-Ray line), bytes; INIT_START extra. */
  platformLogBytes: 450,
  coldPlatformLogBytes: 150,
  /** Event source mapping pollers of an idle SQS queue (5 when maximum concurrency is set) and their long polls. */
  idlePollersPerQueue: 5,
  longPollSeconds: 20,
  daysPerMonth: 30,
  /** Every invocation is the root of its own trace or continues one via SQS; low traffic is sampled at ~100 %. */
  xraySampledShare: 1,
} as const;

/** The reference life of one competition. */
const LIFE = { subscribers: 50, bidders: 5, replacedBids: 1, questions: 1, views: 50, listViews: 10 } as const;
const KATO = '550000000'; // Pavlodar
const SECTOR = 'electricity';

const STEPS = ['publish', 'question', 'views', 'tendering', 'bids', 'reminder', 'deadline', 'award'] as const;
type Step = (typeof STEPS)[number];

interface FunctionFigures {
  step: Step;
  fn: FunctionName;
  invocations: number;
  /** Σ of each invocation's duration rounded up to the ms (Lambda bills by the ms). */
  billedMs: number;
  records: number;
  logBytes: number;
  rru: number;
  wru: number;
  gsiWru: number;
  transactWru: number;
  dynamoRequests: number;
  sqsRequests: number;
  sqsMessages: number;
}

interface Measured {
  /** Per lifecycle step and function. */
  readonly entries: readonly FunctionFigures[];
  readonly emails: number;
  readonly emailsBy: Record<string, number>;
  readonly seconds: number;
}

// ---------------------------------------------------------------------------------------------------------------
// The worker: one competition's life on a dedicated local runtime, metered.

const worker = async (root: string, workDir: string): Promise<Measured> => {
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  process.env.KONKURS_SEED = 'none';
  // Fast mail: the mailer's billed time in AWS is modelled from the production rate, not measured here.
  process.env.MAIL_SEND_RATE = '500';
  const { startLocalRuntime } = await import('../../infra/local/runtime.js');
  const dataDir = join(workDir, 'cost-data');
  mkdirSync(dataDir, { recursive: true });
  const local = await startLocalRuntime({ root, dataDir, ports: { api: 0, portal: 0, mailbox: 0, dynamodb: 0, sqs: 0 }, log: (l) => log(`local: ${l}`) });
  try {
    const context = new AsyncLocalStorage<{ fn: FunctionName; step: Step }>();
    const figures = new Map<string, FunctionFigures>();
    let step: Step | undefined;
    const of = (fn: FunctionName, at: Step): FunctionFigures => {
      const key = `${at}|${fn}`;
      let f = figures.get(key);
      if (!f) {
        f = { step: at, fn, invocations: 0, billedMs: 0, records: 0, logBytes: 0, rru: 0, wru: 0, gsiWru: 0, transactWru: 0, dynamoRequests: 0, sqsRequests: 0, sqsMessages: 0 };
        figures.set(key, f);
      }
      return f;
    };

    // --- Lambda: wrap the host the gateway, the pollers and the scheduler call.
    let inflight = 0;
    let lastActivity = Date.now();
    const host = local.lambdas as { invoke: (name: FunctionName, event: unknown) => Promise<unknown> };
    const invoke = host.invoke.bind(host);
    host.invoke = async (name, event) => {
      if (!step) return invoke(name, event);
      inflight += 1;
      const started = performance.now();
      const f = of(name, step);
      try {
        return await context.run({ fn: name, step }, () => invoke(name, event));
      } finally {
        f.invocations += 1;
        f.billedMs += Math.max(1, Math.ceil(performance.now() - started));
        f.records += (event as { Records?: unknown[] }).Records?.length ?? 0;
        inflight -= 1;
        lastActivity = Date.now();
      }
    };

    // --- Logs: what handlers write during an invocation is counted (and kept off this worker's stdout).
    const { logger } = await import('../../shared/observability.js');
    logger.setLogLevel('INFO');
    for (const stream of [process.stdout, process.stderr]) {
      const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
      (stream as unknown as { write: (...args: unknown[]) => boolean }).write = (chunk: unknown, ...rest: unknown[]) => {
        const store = context.getStore();
        if (store && step) {
          of(store.fn, store.step).logBytes += Buffer.byteLength(typeof chunk === 'string' ? chunk : (chunk as Uint8Array));
          const callback = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
          callback?.();
          return true;
        }
        return write(chunk, ...rest);
      };
    }

    // --- DynamoDB: the handlers' client reports what each request consumed.
    const { dynamodb } = await import('../../shared/aws/dynamodb.js');
    const READS = new Set(['GetItemCommand', 'QueryCommand', 'ScanCommand', 'BatchGetItemCommand', 'TransactGetItemsCommand']);
    const WRITES = new Set(['PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand', 'BatchWriteItemCommand', 'TransactWriteItemsCommand']);
    type Consumed = { CapacityUnits?: number; Table?: { CapacityUnits?: number }; GlobalSecondaryIndexes?: Record<string, { CapacityUnits?: number }> };
    dynamodb.middlewareStack.add(
      (next, ctx) => async (args) => {
        const name = ctx.commandName as string;
        const store = context.getStore();
        const metered = store && step && (READS.has(name) || WRITES.has(name));
        if (metered) (args.input as Record<string, unknown>).ReturnConsumedCapacity = 'INDEXES';
        try {
          const result = await next(args);
          if (metered) {
            const f = of(store.fn, store.step);
            f.dynamoRequests += 1;
            const raw = (result.output as { ConsumedCapacity?: Consumed | Consumed[] }).ConsumedCapacity;
            const list = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
            const total = list.reduce((s, c) => s + (c.CapacityUnits ?? 0), 0);
            if (READS.has(name)) f.rru += Math.max(0.5, total);
            else {
              f.wru += total;
              f.gsiWru += list.reduce((s, c) => s + Object.values(c.GlobalSecondaryIndexes ?? {}).reduce((t, g) => t + (g.CapacityUnits ?? 0), 0), 0);
              if (name === 'TransactWriteItemsCommand') f.transactWru += total;
            }
          }
          return result;
        } catch (error) {
          if (metered && WRITES.has(name)) {
            // A write refused by its condition still costs a write (DynamoDB Local reports nothing for it).
            const f = of(store.fn, store.step);
            f.dynamoRequests += 1;
            const items = (args.input as { TransactItems?: unknown[] }).TransactItems?.length;
            const units = items ? 2 * items : 1;
            f.wru += units;
            if (items) f.transactWru += units;
          }
          throw error;
        }
      },
      { step: 'initialize', name: 'benchConsumedCapacity' },
    );

    // --- SQS: what the handlers send, by request (64 KB chunks per call).
    const { sqs } = await import('../../shared/aws/sqs.js');
    sqs.middlewareStack.add(
      (next, ctx) => async (args) => {
        const store = context.getStore();
        const name = ctx.commandName as string;
        if (store && step && (name === 'SendMessageCommand' || name === 'SendMessageBatchCommand')) {
          const input = args.input as { MessageBody?: string; Entries?: { MessageBody?: string }[] };
          const bodies = input.Entries ? input.Entries.map((e) => e.MessageBody ?? '') : [input.MessageBody ?? ''];
          const bytes = bodies.reduce((s, b) => s + Buffer.byteLength(b), 0);
          const f = of(store.fn, store.step);
          f.sqsRequests += Math.max(1, Math.ceil(bytes / 65_536));
          f.sqsMessages += bodies.length;
        }
        return next(args);
      },
      { step: 'initialize', name: 'benchSqsRequests' },
    );

    // --- Fixtures (not metered: contractors register once, not per competition).
    const { DynamoDBClient } = await import('@aws-sdk/client-dynamodb');
    const { DynamoDBDocumentClient, BatchWriteCommand, GetCommand, PutCommand } = await import('@aws-sdk/lib-dynamodb');
    const { keys } = await import('../../shared/keys.js');
    const { makeBin } = await import('../../shared/domain/bin.js');
    const { projectItem } = await import('../../shared/adapters/project-store.js');
    const own = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: local.urls.dynamodb }), { marshallOptions: { removeUndefinedValues: true } });
    const run = Date.now().toString(36);
    const bins: string[] = [];
    const emails = new Set<string>();
    const items: Record<string, unknown>[] = [];
    for (let serial = 1000; bins.length < LIFE.subscribers; serial += 1) {
      let bin: string;
      try {
        bin = makeBin(`2${serial % 10}0${1 + (serial % 9)}`, '4', '0', serial);
      } catch {
        continue;
      }
      const i = bins.length;
      bins.push(bin);
      const email = `cost-${run}-${i}@example.kz`;
      emails.add(email);
      const token = randomBytes(24).toString('base64url');
      const at = new Date(Date.now() - 86_400_000).toISOString();
      const language = (['ru', 'kk', 'en'] as const)[i % 3]!;
      const name = `ТОО «Энергомонтаж ${i}»`;
      items.push({ ...keys.contractor(bin), kind: 'contractor', bin, name, email, language, status: 'verified', subscriptions: [{ kato: KATO, sector: SECTOR }], registeredAt: at, verifiedAt: at, unsubscribeToken: token });
      items.push({ ...keys.unsubscribe(token), kind: 'unsubscribe', bin });
      items.push({ ...keys.subscription(KATO, SECTOR, bin), kind: 'subscription', bin, email, language, name, unsubscribeToken: token });
    }
    for (let i = 0; i < items.length; i += 25) {
      let request: Record<string, unknown[]> | undefined = { [local.tableName]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) };
      while (request && Object.keys(request).length > 0) {
        const result = await own.send(new BatchWriteCommand({ RequestItems: request as never }));
        request = result.UnprocessedItems as typeof request;
      }
    }
    const akimatEmail = `akimat-${run}@example.kz`;
    emails.add(akimatEmail);
    const projectId = `COST${run}`.toUpperCase();
    await own.send(
      new PutCommand({
        TableName: local.tableName,
        Item: projectItem({
          id: projectId,
          kato: KATO,
          sector: SECTOR,
          title: { ru: `Реконструкция подстанции ${projectId}`, kk: `Қосалқы станцияны қайта құру ${projectId}`, en: `Substation reconstruction ${projectId}` },
          value: '900000000',
          approvalDate: '2026-01-15',
          plannedPublicationDate: '2026-12-31',
          stage: 'selection',
          readiness: 'ready',
          financing: { route: 'development-bank', status: 'approved', amount: '800000000' },
          akimat: { name: { ru: 'Акимат Павлодарской области', kk: 'Павлодар облысының әкімдігі', en: 'Pavlodar Region Akimat' }, email: akimatEmail },
          official: { name: 'Cost Official', position: 'Deputy akim' },
        } as never),
      }),
    );

    // --- The life of the competition, through the API.
    const api = local.urls.api;
    const call = async (path: string, init: { method?: string; token?: string; body?: unknown } = {}) => {
      const response = await fetch(`${api}${path}`, {
        method: init.method ?? (init.body !== undefined ? 'POST' : 'GET'),
        headers: { ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}), ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) },
        ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
      });
      const text = await response.text();
      return { status: response.status, body: (text ? JSON.parse(text) : {}) as Record<string, any> };
    };
    type Answer = { status: number; body: Record<string, any> };
    const expect = (what: string, response: Answer, statuses: number[]): Answer => {
      if (!statuses.includes(response.status)) throw new Error(`${what} answered ${response.status}: ${JSON.stringify(response.body)}`);
      return response;
    };
    const token = async (claims: Record<string, string>) => expect('POST /dev/token', await call('/dev/token', { body: claims }), [200]).body.token as string;
    // The akimat's organisation BIN: the award is signed with a certificate of it.
    const akimatBin = '940140000385';
    const akimat = await token({ role: 'akimat', kato: KATO, bin: akimatBin });
    const contractorTokens = await Promise.all(bins.slice(0, Math.max(LIFE.bidders, LIFE.questions)).map((bin) => token({ role: 'contractor', bin })));

    // Acts are signed as a contractor or an akimat signs them: the signing payload (a request of the life), a
    // development certificate of the signer's BIN (issued once, outside the measured functions), a CMS signature made here.
    const certificates = new Map<string, Promise<{ privateKey: string; certificate: string; chain: string[] }>>();
    const signAs = async (bin: string, payload: string): Promise<string> => {
      if (!certificates.has(bin)) certificates.set(bin, call('/dev/certificates', { body: { bin } }).then((r) => expect('POST /dev/certificates', r, [200]).body as never));
      const certificate = await certificates.get(bin)!;
      const now = new Date(expect('GET /dev/clock', await call('/dev/clock'), [200]).body.now as string);
      return signDetached({
        payload: new Uint8Array(Buffer.from(payload, 'base64')),
        privateKeyPem: certificate.privateKey,
        certificatePem: certificate.certificate,
        chainPem: certificate.chain.slice(0, 1),
        signingTime: now,
      });
    };
    const signedBid = async (bidToken: string, price: string) => {
      const bin = JSON.parse(Buffer.from(bidToken.split('.')[1]!, 'base64url').toString('utf8'))['custom:bin'] as string;
      const { payload } = expect('signing payload', await call(`/competitions/${id}/bids/me/signing-payload`, { token: bidToken, body: { price } }), [200]).body;
      return { price, signature: await signAs(bin, payload as string) };
    };

    const waitIdle = async (what: string, until?: () => Promise<boolean>): Promise<void> => {
      const deadline = Date.now() + 90_000;
      for (;;) {
        if (inflight === 0 && Date.now() - lastActivity > 3000 && (!until || (await until()))) return;
        if (Date.now() > deadline) throw new Error(`the runtime did not settle after ${what}`);
        await sleep(250);
      }
    };
    const stored = async (id: string) => (await own.send(new GetCommand({ TableName: local.tableName, Key: keys.competition(id), ConsistentRead: true }))).Item ?? {};
    const clockNow = async () => new Date(((await (await fetch(`${api}/dev/clock`)).json()) as { now: string }).now).getTime();
    const passTime = async (iso: string, offsetMs = 0) => {
      const seconds = Math.ceil((new Date(iso).getTime() + offsetMs - (await clockNow())) / 1000) + 1;
      if (seconds > 0) expect('POST /dev/clock', await call('/dev/clock', { body: { advanceSeconds: seconds } }), [200]);
    };

    const started = performance.now();
    await waitIdle('the fixtures');
    step = 'publish';
    const draft = expect(
      'POST /competitions',
      await call('/competitions', { token: akimat, body: { projectId, title: { ru: 'Реконструкция ПС 110 кВ', kk: '110 кВ ҚС қайта құру', en: '110 kV substation reconstruction' }, estimatedValue: '850000000' } }),
      [201],
    );
    const id = draft.body.id as string;
    const published = expect('publish', await call(`/competitions/${id}/publish`, { method: 'POST', token: akimat }), [200]).body;
    await waitIdle('publish');

    step = 'question';
    for (let q = 0; q < LIFE.questions; q++) {
      const asked = expect('ask', await call(`/competitions/${id}/questions`, { token: contractorTokens[q]!, body: { text: `Вопрос ${q + 1}: какой срок гарантии?` } }), [201]);
      expect('answer', await call(`/competitions/${id}/questions/${asked.body.id as string}/answer`, { token: akimat, body: { text: 'Пять лет.' } }), [200]);
    }
    await waitIdle('the questions');

    step = 'views';
    for (let v = 0; v < LIFE.views; v++) expect('GET competition', await call(`/competitions/${id}`), [200]);
    for (let v = 0; v < LIFE.listViews; v++) expect('GET competitions', await call(`/competitions?region=${KATO}`), [200]);
    expect('GET questions', await call(`/competitions/${id}/questions`), [200]);
    await waitIdle('the views');

    step = 'tendering';
    await passTime(published.tenderPeriod.startDate as string);
    await waitIdle('the tender period start', async () => (await stored(id)).status === 'active.tendering');

    step = 'bids';
    for (let b = 0; b < LIFE.bidders; b++) {
      expect('bid', await call(`/competitions/${id}/bids/me`, { method: 'PUT', token: contractorTokens[b]!, body: await signedBid(contractorTokens[b]!, String(800_000_000 - b * 1_000_000)) }), [200]);
    }
    for (let b = 0; b < LIFE.replacedBids; b++) {
      expect('replace bid', await call(`/competitions/${id}/bids/me`, { method: 'PUT', token: contractorTokens[b]!, body: await signedBid(contractorTokens[b]!, String(790_000_000 - b * 1_000_000)) }), [200]);
    }
    for (let b = 0; b < LIFE.bidders; b++) expect('GET bid', await call(`/competitions/${id}/bids/me`, { token: contractorTokens[b]! }), [200]);
    await waitIdle('the bids');

    step = 'reminder';
    await passTime(published.tenderPeriod.endDate as string, -23 * 3600_000);
    await waitIdle('the reminder', async () => Boolean((await stored(id)).reminderSentAt));

    step = 'deadline';
    await passTime(published.tenderPeriod.endDate as string);
    await waitIdle('the deadline', async () => Boolean((await stored(id)).bidsOpenedAt));

    step = 'award';
    const opened = expect('GET bids', await call(`/competitions/${id}/bids`, { token: akimat }), [200]).body.items as { bin: string; price: string }[];
    const winner = [...opened].sort((a, b) => Number(a.price) - Number(b.price))[0]!;
    // The winner is qualified, then the award signed over its payload (with the protocol's SHA-256).
    expect('qualify', await call(`/competitions/${id}/bids/${winner.bin}/qualification`, { token: akimat, body: { decision: 'qualified' } }), [200]);
    const awardPayload = expect('award payload', await call(`/competitions/${id}/award/signing-payload`, { token: akimat, body: { bin: winner.bin } }), [200]).body.payload as string;
    expect('award', await call(`/competitions/${id}/award`, { token: akimat, body: { bin: winner.bin, signature: await signAs(akimatBin, awardPayload) } }), [200]);
    await waitIdle('the award');
    step = undefined;
    const seconds = (performance.now() - started) / 1000;

    // The emails of this competition, by subject.
    const store = (await (await fetch(`${local.urls.mailbox}/store`)).json()) as { emails: { destination: { to: string[] }; subject: string }[] };
    const mine = store.emails.filter((e) => e.destination.to.some((to) => emails.has(to)));
    const emailsBy: Record<string, number> = {};
    for (const e of mine) {
      const kind = e.subject.split(':')[0]!.trim();
      emailsBy[kind] = (emailsBy[kind] ?? 0) + 1;
    }
    return { entries: [...figures.values()], emails: mine.length, emailsBy, seconds };
  } finally {
    await local.stop();
  }
};

// ---------------------------------------------------------------------------------------------------------------
// The model.

export interface CostLine {
  readonly service: string;
  readonly item: string;
  readonly quantity: string;
  /** USD per competition. */
  readonly perCompetition: number;
}

/** Bytes of one API Gateway access-log line in the stage's format (infra/stateless-stack.ts), with typical values. */
const accessLogBytes = (): number =>
  Buffer.byteLength(
    JSON.stringify({
      requestId: 'aBcDeFgHiJkLmNo=',
      ip: '95.56.123.45',
      requestTime: '23/Nov/2026:10:15:42 +0000',
      routeKey: 'GET /competitions/{id}',
      status: '200',
      protocol: 'HTTP/1.1',
      responseLength: '2345',
      responseLatency: '48',
      integrationLatency: '45',
      integrationError: '-',
      authorizerError: '-',
      userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36',
    }),
  ) + 1;

/** Σ of a figure over entries. */
const total = (entries: readonly FunctionFigures[], pick: (f: FunctionFigures) => number): number => entries.reduce((s, f) => s + pick(f), 0);
const isHttp = (fn: FunctionName): boolean => Boolean((functions[fn] as { routes?: unknown[] }).routes);
const isQueue = (fn: FunctionName): boolean => Boolean((functions[fn] as { queue?: unknown }).queue);
const isScheduled = (fn: FunctionName): boolean => Boolean((functions[fn] as { schedule?: unknown }).schedule);
const gbOf = (fn: FunctionName): number => functions[fn].memoryMb / 1024;

/**
 * Dispatch invocations as in AWS: its mapping batches a second of stream records (up to 100), so a step makes one
 * batch, plus one per second the mailer's ledger writes keep the stream busy (emails / production rate). The local
 * stream poller polls every 150 ms and makes many more, smaller batches.
 */
const awsInvocations = (f: FunctionFigures, entries: readonly FunctionFigures[]): number => {
  if (f.fn !== 'dispatch') return f.invocations;
  const emails = total(entries.filter((e) => e.step === f.step && e.fn === 'mailer'), (e) => e.records);
  return Math.min(f.invocations, 1 + Math.ceil(emails / ASSUMPTIONS.productionMailRate));
};

/** The variable cost lines of a set of (step, function) entries, USD per competition. */
export const variableCost = (all: readonly FunctionFigures[], entries: readonly FunctionFigures[] = all) => {
  const P = PRICES;
  const A = ASSUMPTIONS;
  // The sweep runs every minute whatever happens: its Lambda, reads, logs and traces are the fixed monthly cost; the
  // deadline jobs it sends are per competition.
  const variable = entries.filter((f) => !isScheduled(f.fn));
  const wru = total(variable, (f) => f.wru);
  const rru = total(variable, (f) => f.rru);
  const gsiWru = total(variable, (f) => f.gsiWru);
  const transactWru = total(variable, (f) => f.transactWru);
  const sqsSends = total(entries, (f) => f.sqsRequests);
  const queueInvocations = total(variable, (f) => (isQueue(f.fn) ? f.invocations : 0));
  const sqsRequests = sqsSends + 2 * queueInvocations;
  const invocations = total(variable, (f) => awsInvocations(f, all));
  const localInvocations = total(variable, (f) => f.invocations);
  const apiRequests = total(variable, (f) => (isHttp(f.fn) ? f.invocations : 0));
  const dispatchBatches = total(variable, (f) => (f.fn === 'dispatch' ? awsInvocations(f, all) : 0));
  const mailerConcurrency = functions.mailer.queue.maxConcurrency;
  const pacedSecondsPerEmail = mailerConcurrency / A.productionMailRate;
  const emails = total(variable, (f) => (f.fn === 'mailer' ? f.records : 0));
  // The mailer's containers are busy (and billed) while the pacer waits: C / rate seconds per email in AWS.
  const seconds = (f: FunctionFigures) => (f.fn === 'mailer' ? Math.max(f.billedMs / 1000, f.records * pacedSecondsPerEmail) : f.billedMs / 1000);
  const gbSeconds = total(variable, (f) => seconds(f) * gbOf(f.fn));
  const mailerGbSeconds = total(variable, (f) => (f.fn === 'mailer' ? seconds(f) * gbOf(f.fn) : 0));
  // A step of a competition is hours or days from the next: each function that runs in it starts cold (the mailer in
  // as many containers as it runs at once).
  const colds = variable.map((f) => ({ fn: f.fn, n: f.fn === 'mailer' ? Math.min(mailerConcurrency, Math.max(1, f.invocations)) : 1 }));
  const coldCount = colds.reduce((s, c) => s + c.n, 0);
  const coldGbSeconds = colds.reduce((s, c) => s + c.n * (A.coldStartInitMs / 1000) * gbOf(c.fn), 0);
  const appLogBytes = total(variable, (f) => f.logBytes);
  const accessBytes = apiRequests * accessLogBytes();
  const logBytes = appLogBytes + invocations * A.platformLogBytes + coldCount * A.coldPlatformLogBytes + accessBytes;
  // Traces: one per API request and per stream batch (SQS carries the trace header on, so the queue consumers
  // downstream of a batch continue its trace).
  const traces = (apiRequests + dispatchBatches) * A.xraySampledShare;

  const lines: CostLine[] = [
    { service: 'DynamoDB', item: `writes (on-demand; GSI ${fixed(gsiWru, 0)} WRU and transactions ${fixed(transactWru, 0)} WRU included)`, quantity: `${fixed(wru, 1)} WRU`, perCompetition: (wru * P.dynamoWruPerMillion) / 1e6 },
    { service: 'DynamoDB', item: 'reads (0.5 RRU minimum per request)', quantity: `${fixed(rru, 1)} RRU`, perCompetition: (rru * P.dynamoRruPerMillion) / 1e6 },
    { service: 'DynamoDB Streams', item: 'GetRecords by the Lambda trigger (free)', quantity: `${dispatchBatches} batches`, perCompetition: 0 },
    {
      service: 'SQS',
      item: `${fixed(sqsSends, 0)} send calls (64 KB chunks) + receive and delete per consumer invocation (${queueInvocations})`,
      quantity: `${fixed(sqsRequests, 0)} requests`,
      perCompetition: (sqsRequests * P.sqsPerMillionRequests) / 1e6,
    },
    { service: 'Lambda', item: `requests (dispatch as AWS batches it: ${dispatchBatches}; ${localInvocations} locally)`, quantity: `${invocations}`, perCompetition: (invocations * P.lambdaPerMillionRequests) / 1e6 },
    {
      service: 'Lambda',
      item: `duration, arm64 (mailer: ${emails} emails × ${fixed(pacedSecondsPerEmail * 1000, 0)} ms paced at ${A.productionMailRate}/s = ${fixed(mailerGbSeconds, 2)} GB-s)`,
      quantity: `${fixed(gbSeconds, 2)} GB-s`,
      perCompetition: gbSeconds * P.lambdaArmGbSecond,
    },
    { service: 'Lambda', item: `init of ${coldCount} cold starts × ${A.coldStartInitMs} ms (each function cold in each step)`, quantity: `${fixed(coldGbSeconds, 2)} GB-s`, perCompetition: coldGbSeconds * P.lambdaArmGbSecond },
    { service: 'API Gateway', item: 'HTTP API requests', quantity: `${apiRequests}`, perCompetition: (apiRequests * P.httpApiPerMillionRequests) / 1e6 },
    {
      service: 'CloudWatch Logs',
      item: `ingestion + 1 month storage (app ${fixed(appLogBytes / 1024, 1)} KB, platform ${fixed((invocations * A.platformLogBytes + coldCount * A.coldPlatformLogBytes) / 1024, 1)} KB, API access ${fixed(accessBytes / 1024, 1)} KB)`,
      quantity: `${fixed(logBytes / 1024, 1)} KB`,
      perCompetition: (logBytes / 1024 ** 3) * (P.logsIngestionPerGb + P.logsStoragePerGbMonth),
    },
    { service: 'X-Ray', item: 'traces recorded (active tracing; sparse traffic is sampled at ~100 %)', quantity: `${traces}`, perCompetition: (traces * P.xrayPerMillionTracesRecorded) / 1e6 },
  ];
  return { lines, perCompetition: lines.reduce((s, l) => s + l.perCompetition, 0), emails };
};

/** The fixed monthly cost lines, USD per month. */
export const fixedCost = (all: readonly FunctionFigures[]) => {
  const P = PRICES;
  const A = ASSUMPTIONS;
  const minutes = A.daysPerMonth * 24 * 60;
  const sweeps = all.filter((f) => f.fn === 'deadlineSweep');
  const sweepInvocations = total(sweeps, (f) => f.invocations);
  const sweepMs = sweepInvocations > 0 ? total(sweeps, (f) => f.billedMs) / sweepInvocations : 20;
  const sweepRru = sweepInvocations > 0 ? Math.max(0.5, total(sweeps, (f) => f.rru) / sweepInvocations) : 0.5;
  const sweepGb = functions.deadlineSweep.memoryMb / 1024;
  const queueMappings = Object.values(functions).filter((f) => (f as { queue?: unknown }).queue).length;
  const idleReceives = queueMappings * A.idlePollersPerQueue * (60 / A.longPollSeconds) * minutes;
  const lines: CostLine[] = [
    { service: 'EventBridge', item: `minute schedule: ${minutes.toLocaleString('en-US')} invocations (first 14 M/month free; list price shown)`, quantity: `${minutes}`, perCompetition: (minutes * P.eventBridgeScheduledPerMillion) / 1e6 },
    {
      service: 'Lambda',
      item: `deadline sweep: ${minutes.toLocaleString('en-US')} requests × ${fixed(sweepMs, 0)} ms × ${functions.deadlineSweep.memoryMb} MB (warm: it runs every minute)`,
      quantity: `${fixed(minutes * (sweepMs / 1000) * sweepGb, 0)} GB-s`,
      perCompetition: (minutes * P.lambdaPerMillionRequests) / 1e6 + minutes * (sweepMs / 1000) * sweepGb * P.lambdaArmGbSecond,
    },
    { service: 'DynamoDB', item: `deadline sweep: ${sweepRru} RRU per Query of the sparse index`, quantity: `${fixed(minutes * sweepRru, 0)} RRU`, perCompetition: (minutes * sweepRru * P.dynamoRruPerMillion) / 1e6 },
    { service: 'CloudWatch Logs', item: 'deadline sweep platform logs', quantity: `${fixed((minutes * A.platformLogBytes) / 1024 ** 2, 1)} MB`, perCompetition: ((minutes * A.platformLogBytes) / 1024 ** 3) * (P.logsIngestionPerGb + P.logsStoragePerGbMonth) },
    { service: 'X-Ray', item: 'deadline sweep traces (one per run)', quantity: `${minutes}`, perCompetition: (minutes * P.xrayPerMillionTracesRecorded) / 1e6 },
    {
      service: 'SQS',
      item: `idle long polling: ${queueMappings} queue triggers × ${A.idlePollersPerQueue} pollers × ${60 / A.longPollSeconds} receives/min`,
      quantity: `${fixed(idleReceives / 1e6, 3)} M requests`,
      perCompetition: (idleReceives * P.sqsPerMillionRequests) / 1e6,
    },
  ];
  return { lines, perMonth: lines.reduce((s, l) => s + l.perCompetition, 0) };
};

export const priceModel = (m: Measured) => {
  const variable = variableCost(m.entries);
  const fixedMonthly = fixedCost(m.entries);
  const variablePer1000 = variable.perCompetition * 1000;
  const fixedPer1000 = (fixedMonthly.perMonth / ASSUMPTIONS.competitionsPerMonth) * 1000;
  const bySteps = STEPS.map((at) => ({ step: at, per1000: variableCost(m.entries, m.entries.filter((f) => f.step === at)).perCompetition * 1000 }));
  return { variable, fixedMonthly, variablePer1000, fixedPer1000, totalPer1000: variablePer1000 + fixedPer1000, bySteps };
};

// ---------------------------------------------------------------------------------------------------------------
// The section.

const usd = (value: number, decimals = 4): string => `$${value.toFixed(decimals)}`;

const section: BenchSection = {
  title: 'Cost: non-SES AWS cost per 1,000 competitions',
  run: async (ctx) => {
    const workDir = join(ctx.workDir, 'cost');
    mkdirSync(workDir, { recursive: true });
    const measured = await runWorker<Measured>({ root: ctx.root, file: 'cost.ts', args: [ctx.root, workDir], name: 'the cost worker', progress: 'cost:', log: ctx.log });
    const model = priceModel(measured);
    const per1000 = (perCompetition: number) => usd(perCompetition * 1000);

    const header = ['service', 'item (one competition)', 'quantity', 'per 1,000 competitions'];
    const align: Align[] = ['left', 'left', 'right', 'right'];
    const rows = [
      ...model.variable.lines.map((l) => [l.service, l.item, l.quantity, per1000(l.perCompetition)]),
      ['', '**variable**', '', `**${usd(model.variablePer1000)}**`],
      ...model.fixedMonthly.lines.map((l) => [l.service, `${l.item}: ${usd(l.perCompetition, 3)}/month`, l.quantity, usd((l.perCompetition / ASSUMPTIONS.competitionsPerMonth) * 1000)]),
      ['', `**fixed: ${usd(model.fixedMonthly.perMonth, 2)}/month over ${ASSUMPTIONS.competitionsPerMonth.toLocaleString('en-US')} competitions/month**`, '', `**${usd(model.fixedPer1000)}**`],
      ['', '**total**', '', `**${usd(model.totalPer1000)}**`],
    ];
    const stepHeader = ['step', 'variable per 1,000 competitions'];
    const stepRows = model.bySteps.map((s) => [s.step, usd(s.per1000)]);

    const byFn = new Map<FunctionName, FunctionFigures[]>();
    for (const f of measured.entries) byFn.set(f.fn, [...(byFn.get(f.fn) ?? []), f]);
    const fnHeader = ['function', 'MB', 'invocations', 'records', 'billed ms (local)', 'steps', 'WRU', 'RRU', 'SQS sends', 'app log KB'];
    const fnAlign: Align[] = ['left', 'right', 'right', 'right', 'right', 'left', 'right', 'right', 'right', 'right'];
    const fnRows = [...byFn].map(([fn, list]) => [
      fn,
      String(functions[fn].memoryMb),
      String(total(list, (f) => f.invocations)),
      String(total(list, (f) => f.records)),
      String(total(list, (f) => f.billedMs)),
      list.map((f) => f.step).join(', '),
      fixed(total(list, (f) => f.wru), 1),
      fixed(total(list, (f) => f.rru), 1),
      String(total(list, (f) => f.sqsRequests)),
      fixed(total(list, (f) => f.logBytes) / 1024, 1),
    ]);
    const breakEven = (model.fixedMonthly.perMonth / Math.max(1e-9, TARGET_PER_1000 - model.variablePer1000)) * 1000;
    const pass = model.totalPer1000 <= TARGET_PER_1000;
    const biggest = [...model.variable.lines].sort((a, b) => b.perCompetition - a.perCompetition).slice(0, 3);
    const verdict =
      `${usd(model.totalPer1000, 3)} per 1,000 competitions = variable ${usd(model.variablePer1000, 3)} + fixed ${usd(model.fixedMonthly.perMonth, 2)}/month over ` +
      `${ASSUMPTIONS.competitionsPerMonth.toLocaleString('en-US')}/month (target ≤ ${usd(TARGET_PER_1000, 2)}); ` +
      (model.variablePer1000 < TARGET_PER_1000
        ? `the fixed costs fit from ${Math.ceil(breakEven).toLocaleString('en-US')} competitions/month`
        : `the variable cost alone exceeds it: ${biggest.map((l) => `${l.service} ${l.item.split(' (')[0]} ${per1000(l.perCompetition)}`).join(', ')}`);
    const notes = [
      `One competition's life measured on a dedicated local runtime (${fixed(measured.seconds, 0)} s): ${LIFE.subscribers} matching subscribers, ${LIFE.questions} question`,
      `answered, ${LIFE.views} + ${LIFE.listViews} public reads, ${LIFE.bidders} bids (${LIFE.replacedBids} replaced), the reminder, the deadline (bids opened by the checker),`,
      `the award. Emails: ${measured.emails} (${Object.entries(measured.emailsBy).map(([k, v]) => `${v} "${k}"`).join(', ')}); SES itself is not counted.`,
      `Prices: us-east-1 list prices as of ${PRICES.asOf}, no free tier. The model, its assumptions and what it leaves out: docs/cost-model.md.`,
      '',
      'Variable cost by step:',
      '',
      markdownTable(stepHeader, stepRows, ['left', 'right']),
      '',
      'Per function, as measured (local durations: in-process, warm, against DynamoDB Local):',
      '',
      markdownTable(fnHeader, fnRows, fnAlign),
    ].join('\n');

    return {
      markdown: [markdownTable(header, rows, align), '', notes].join('\n'),
      console: [consoleTable(header, rows, align), '', consoleTable(stepHeader, stepRows, ['left', 'right']), '', consoleTable(fnHeader, fnRows, fnAlign)].join('\n'),
      pass,
      verdict,
    };
  },
};

export default section;

serveWorker(import.meta.url, ([root, workDir]) => worker(resolve(root!), workDir!));
