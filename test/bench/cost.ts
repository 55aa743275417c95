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
 * Targets: the variable cost ≤ 5 % of the life's SES cost (156 emails: ≤ $0.78 per 1,000 competitions); the fixed
 * monthly cost ≤ $0.50.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { functions, type FunctionName, type FunctionSpec } from '../../infra/topology.js';
import { signDetached } from '../../shared/signing/cms-sign.js';
import { consoleTable, fixed, markdownTable, type Align, type BenchSection } from './run.js';
import { runWorker, serveWorker } from './worker.js';

/** SES list price per 1,000 emails; the non-SES cost of a life may be at most {@link TARGET_SHARE_OF_SES} of its SES cost. */
const SES_PER_1000_EMAILS = 0.1;
const TARGET_SHARE_OF_SES = 0.05;
/** The fixed monthly cost of the competition machinery (schedule, pollers) may be at most this. */
const TARGET_FIXED_PER_MONTH = 0.5;

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
  /** S3 Standard: PUT, COPY, POST, LIST per 1,000; GET, HEAD and the rest per 1,000; DELETE free; storage per GB-month. */
  s3PutPerThousand: 0.005,
  s3GetPerThousand: 0.0004,
  s3StoragePerGbMonth: 0.023,
  /** Data transfer out to the internet, first 10 TB a month, per GB (the first 100 GB a month of an account are free). */
  transferOutPerGb: 0.09,
  /** SNS standard topic: publishes per million (deliveries to SQS are free). */
  snsPerMillionPublishes: 0.5,
  /** KMS: requests per 10,000; a customer managed key per month. */
  kmsPer10kRequests: 0.03,
  kmsKeyPerMonth: 1.0,
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
  /**
   * The functions' system log level (infra/konkurs-function.ts): at WARN, with JSON logs, Lambda writes none of those
   * INFO lines (only platform warnings and errors, none in a healthy life).
   */
  systemLogLevel: 'WARN' as 'INFO' | 'WARN',
  /**
   * How long Lambda keeps an idle execution environment (not documented; commonly observed 5 to 15 minutes): the
   * model takes 5. A function's step of one competition starts cold unless another competition's step ran in it
   * within that time; at {@link competitionsPerMonth} a month, that chance follows from how often the function runs.
   */
  keepWarmMinutes: 5,
  /** Event source mapping pollers of an idle SQS queue (5 when maximum concurrency is set) and their long polls. */
  idlePollersPerQueue: 5,
  /** Pollers an idle mapping without maximum concurrency scales back to (Lambda developer guide, SQS scaling). */
  idlePollersUncapped: 2,
  longPollSeconds: 20,
  daysPerMonth: 30,
  /**
   * X-Ray as deployed: functions pass traces through (`Tracing.PASS_THROUGH`, infra/konkurs-function.ts) and HTTP APIs
   * start none, so nothing is recorded; with `-c tracing=active` every invocation would be (sparse traffic is sampled
   * at ~100 %).
   */
  tracing: 'pass-through' as 'pass-through' | 'active',
  /** Document sizes the storage and transfer lines assume (the life uploads small files: it measures requests). */
  tenderDocumentMb: 2,
  bidDocumentMb: 1,
  protocolMb: 0.1,
  /** Months a competition's documents are stored in S3 Standard during its life (publication to contract). */
  lifeMonths: 2,
  /** SNS reuses a data key of the feedback topic's KMS key for 5 minutes: 2 requests per mail burst (SNS docs). */
  kmsRequestsPerMailBurst: 2,
} as const;

/** The reference life of one competition. */
const LIFE = {
  subscribers: 50, bidders: 5, replacedBids: 1, questions: 1, views: 50, listViews: 10, tenderDocuments: 2, documentLists: 10, downloads: 25, complaints: 1,
  /** The contract: its milestones (set by the akimat before signing), and the months of implementation, one progress
   * report by the akimat a month (each a month apart, so its functions start cold each time); then it is completed. */
  milestones: 4, reportMonths: 12,
} as const;
const KATO = '550000000'; // Pavlodar
const SECTOR = 'electricity';

const STEPS = ['documents', 'publish', 'question', 'views', 'tendering', 'bids', 'reminder', 'deadline', 'award', 'complaint', 'contract', 'reports'] as const;
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
  /** S3 requests of the PUT class (PUT, COPY, POST, LIST) and of the GET class (GET, HEAD, tagging…); presigned ones included. */
  s3Put: number;
  s3Get: number;
  /** Presigned downloads followed (data transfer out of the documents). */
  downloads: number;
  /** Cold starts this entry stands for when not 1 per step (the monthly reports: the months the function ran in). */
  colds?: number;
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
  const local = await startLocalRuntime({ root, dataDir, ports: { api: 0, portal: 0, mailbox: 0, dynamodb: 0, sqs: 0, s3: 0 }, log: (l) => log(`local: ${l}`) });
  try {
    const context = new AsyncLocalStorage<{ fn: FunctionName; step: Step }>();
    const figures = new Map<string, FunctionFigures>();
    let step: Step | undefined;
    const of = (fn: FunctionName, at: Step): FunctionFigures => {
      const key = `${at}|${fn}`;
      let f = figures.get(key);
      if (!f) {
        f = { step: at, fn, invocations: 0, billedMs: 0, records: 0, logBytes: 0, rru: 0, wru: 0, gsiWru: 0, transactWru: 0, dynamoRequests: 0, sqsRequests: 0, sqsMessages: 0, s3Put: 0, s3Get: 0, downloads: 0 };
        figures.set(key, f);
      }
      return f;
    };

    // --- Lambda: wrap the host the gateway, the pollers and the scheduler call.
    let inflight = 0;
    let lastActivity = Date.now();
    // The month of the reports step each function ran in: each month is an occasion to start cold.
    let reportMonth = 0;
    const reportMonths = new Map<FunctionName, Set<number>>();
    const host = local.lambdas as { invoke: (name: FunctionName, event: unknown) => Promise<unknown> };
    const invoke = host.invoke.bind(host);
    host.invoke = async (name, event) => {
      if (!step) return invoke(name, event);
      inflight += 1;
      const started = performance.now();
      const f = of(name, step);
      if (step === 'reports') reportMonths.set(name, (reportMonths.get(name) ?? new Set()).add(reportMonth));
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

    // --- S3: the handlers' requests by price class (DELETE is free).
    const { s3 } = await import('../../shared/aws/s3.js');
    const S3_PUT_CLASS = new Set(['PutObjectCommand', 'CopyObjectCommand', 'CreateMultipartUploadCommand', 'UploadPartCommand', 'CompleteMultipartUploadCommand', 'ListObjectsV2Command', 'PutObjectTaggingCommand']);
    s3.middlewareStack.add(
      (next, ctx) => async (args) => {
        const store = context.getStore();
        const name = ctx.commandName as string;
        if (store && step && !name.startsWith('Delete')) {
          const f = of(store.fn, store.step);
          if (S3_PUT_CLASS.has(name)) f.s3Put += 1;
          else f.s3Get += 1;
        }
        return next(args);
      },
      { step: 'initialize', name: 'benchS3Requests' },
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

    // Documents: declared through the API, bytes PUT to the presigned URL as a browser does (counted as the
    // documents function's S3 requests), then completed. The files are small: the life measures requests; storage and
    // transfer are priced from ASSUMPTIONS' sizes.
    const { createHash } = await import('node:crypto');
    const upload = async (bidToken: string, path: string, fields: Record<string, unknown>, label: string): Promise<string> => {
      const bytes = Buffer.concat([Buffer.from(`%PDF-1.7\n% ${label} ${run}\n`), Buffer.alloc(16_384, 0x20)]);
      const declared = expect(`declare ${label}`, await call(path, { token: bidToken, body: { fileName: `${label}.pdf`, contentType: 'application/pdf', size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), ...fields } }), [201]).body;
      const put = await fetch(declared.upload.url as string, { method: 'PUT', headers: declared.upload.headers as Record<string, string>, body: bytes });
      await put.arrayBuffer();
      if (put.status !== 200) throw new Error(`upload of ${label} refused: ${put.status}`);
      of('documents', step!).s3Put += 1;
      expect(`complete ${label}`, await call(`${path}/${declared.id as string}/complete`, { method: 'POST', token: bidToken }), [200]);
      return declared.id as string;
    };
    const downloadDocument = async (docId: string): Promise<void> => {
      const redirect = await fetch(`${api}/competitions/${id}/documents/${docId}/content`, { redirect: 'manual' });
      await redirect.arrayBuffer();
      if (redirect.status !== 302) throw new Error(`document content answered ${redirect.status}`);
      const file = await fetch(redirect.headers.get('location')!);
      await file.arrayBuffer();
      if (file.status !== 200) throw new Error(`presigned download answered ${file.status}`);
      const f = of('documents', step!);
      f.s3Get += 1;
      f.downloads += 1;
    };

    const started = performance.now();
    await waitIdle('the fixtures');
    step = 'documents';
    const draft = expect(
      'POST /competitions',
      await call('/competitions', { token: akimat, body: { projectId, title: { ru: 'Реконструкция ПС 110 кВ', kk: '110 кВ ҚС қайта құру', en: '110 kV substation reconstruction' }, estimatedValue: '850000000' } }),
      [201],
    );
    const id = draft.body.id as string;
    const tenderDocuments: string[] = [];
    for (let d = 0; d < LIFE.tenderDocuments; d++) {
      tenderDocuments.push(await upload(akimat, `/competitions/${id}/documents`, { documentType: 'technicalSpecifications', title: `Техническая спецификация ${d + 1}` }, `tender-${d}`));
    }
    await waitIdle('the documents');

    step = 'publish';
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
    for (let v = 0; v < LIFE.documentLists; v++) expect('GET documents', await call(`/competitions/${id}/documents`), [200]);
    // Downloads: each bidder takes every tender document (below, before bidding); the rest are other readers'.
    for (let v = 0; v < LIFE.downloads - LIFE.bidders * LIFE.tenderDocuments; v++) await downloadDocument(tenderDocuments[v % tenderDocuments.length]!);
    await waitIdle('the views');

    step = 'tendering';
    await passTime(published.tenderPeriod.startDate as string);
    await waitIdle('the tender period start', async () => (await stored(id)).status === 'active.tendering');

    step = 'bids';
    for (let b = 0; b < LIFE.bidders; b++) {
      for (const docId of tenderDocuments) await downloadDocument(docId);
      await upload(contractorTokens[b]!, `/competitions/${id}/bids/me/documents`, { envelope: 'technical', title: 'Техническое предложение' }, `bid-${b}`);
    }
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
    const awarded = expect('award', await call(`/competitions/${id}/award`, { token: akimat, body: { bin: winner.bin, signature: await signAs(akimatBin, awardPayload) } }), [200]).body;
    await waitIdle('the award');

    step = 'complaint';
    // A losing bidder complains in the standstill; the reviewing body (the ministry) declines it.
    const ministry = await token({ role: 'ministry' });
    const loser = contractorTokens.find((t) => JSON.parse(Buffer.from(t.split('.')[1]!, 'base64url').toString('utf8'))['custom:bin'] !== winner.bin)!;
    for (let c = 0; c < LIFE.complaints; c++) {
      const filed = expect('complaint', await call(`/competitions/${id}/complaints`, { token: loser, body: { subject: 'award', title: 'Несогласие с итогами', text: 'Победитель не соответствует требованиям' } }), [201]);
      expect('complaint decision', await call(`/competitions/${id}/complaints/${filed.body.id as string}/decision`, { token: ministry, body: { resolution: 'declined', text: 'Требования соблюдены' } }), [200]);
    }
    await waitIdle('the complaint');

    step = 'contract';
    // The standstill passes: the deadline checker makes the contract. The akimat sets its milestones, both parties sign
    // (signing payload + signed act each: the supplier first), and both read it back.
    await passTime(awarded.award.complaintPeriod.endDate as string);
    await waitIdle('the standstill', async () => Boolean((await stored(id)).contractId));
    const contractId = (await stored(id)).contractId as string;
    const supplier = contractorTokens.find((t) => JSON.parse(Buffer.from(t.split('.')[1]!, 'base64url').toString('utf8'))['custom:bin'] === winner.bin)!;
    const signedAt = await clockNow();
    const monthMs = 30 * 86_400_000;
    // Milestone i is due a few days after the report of month 3·i, which marks it met.
    const milestones = Array.from({ length: LIFE.milestones }, (_, i) => ({
      title: `Этап ${i + 1}`,
      type: i === 0 ? 'design' : i === LIFE.milestones - 1 ? 'commissioning' : 'works',
      dueDate: new Date(signedAt + ((i + 1) * LIFE.reportMonths * monthMs) / LIFE.milestones + 10 * 86_400_000).toISOString(),
    }));
    expect('milestones', await call(`/contracts/${contractId}/milestones`, { method: 'PUT', token: akimat, body: { items: milestones } }), [200]);
    for (const [signer, bin] of [[supplier, winner.bin], [akimat, akimatBin]] as const) {
      const { payload } = expect('contract signing payload', await call(`/contracts/${contractId}/signing-payload`, { method: 'POST', token: signer }), [200]).body;
      expect('sign contract', await call(`/contracts/${contractId}/sign`, { token: signer, body: { signature: await signAs(bin, payload as string) } }), [200]);
    }
    for (const reader of [supplier, akimat]) expect('GET contract', await call(`/contracts/${contractId}`, { token: reader }), [200]);
    await waitIdle('the contract', async () => (await stored(id)).status === 'complete');

    step = 'reports';
    // A progress report a month, by the akimat; every third names the milestone it meets. Then the contract is completed.
    for (let month = 1; month <= LIFE.reportMonths; month++) {
      reportMonth = month;
      await passTime(new Date(signedAt + month * monthMs).toISOString());
      const perMilestone = LIFE.reportMonths / LIFE.milestones;
      const milestoneId = month % perMilestone === 0 ? `M${month / perMilestone}` : undefined;
      const body = { physicalProgress: Math.round((100 * month) / LIFE.reportMonths), ...(milestoneId ? { milestoneId, completedWorksValue: '200000000', paidAmount: '180000000' } : {}) };
      expect('report', await call(`/contracts/${contractId}/reports`, { token: akimat, body }), [201]);
      if (month === LIFE.reportMonths) expect('complete', await call(`/contracts/${contractId}/complete`, { method: 'POST', token: akimat }), [200]);
      await waitIdle(`the report of month ${month}`);
    }
    step = undefined;
    for (const f of figures.values()) if (f.step === 'reports') f.colds = reportMonths.get(f.fn)?.size ?? 1;
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

/** The emails of a set of entries (the mailer's records). */
const emailsOf = (entries: readonly FunctionFigures[]): number => total(entries, (f) => (f.fn === 'mailer' ? f.records : 0));

/** The variable cost lines of a set of (step, function) entries, USD per competition. */
export const variableCost = (entries: readonly FunctionFigures[], all: readonly FunctionFigures[] = entries) => {
  const P = PRICES;
  const A = ASSUMPTIONS;
  // The sweep runs every minute whatever happens: its Lambda, reads and logs are the fixed monthly cost; the deadline
  // jobs it sends are per competition.
  const variable = entries.filter((f) => !isScheduled(f.fn));
  const wru = total(variable, (f) => f.wru);
  const rru = total(variable, (f) => f.rru);
  const gsiWru = total(variable, (f) => f.gsiWru);
  const transactWru = total(variable, (f) => f.transactWru);
  const emails = emailsOf(variable);
  // SES publishes one Send event per email to the feedback topic (SNS), which delivers it to the sesFeedback queue.
  const snsPublishes = emails;
  const sqsSends = total(entries, (f) => f.sqsRequests) + snsPublishes;
  const queueInvocations = total(variable, (f) => (isQueue(f.fn) ? f.invocations : 0));
  const sqsRequests = sqsSends + 2 * queueInvocations;
  // Dispatch: the stream mapping's filter leaves only outbox events, so its invocations are the batches of events
  // (the local poller's count: it batches at most what AWS's 1-second window would).
  const invocations = total(variable, (f) => f.invocations);
  const apiRequests = total(variable, (f) => (isHttp(f.fn) ? f.invocations : 0));
  const dispatchBatches = total(variable, (f) => (f.fn === 'dispatch' ? f.invocations : 0));
  const mailerConcurrency = functions.mailer.queue.maxConcurrency;
  const pacedSecondsPerEmail = mailerConcurrency / A.productionMailRate;
  // The mailer's containers are busy (and billed) while the pacer waits: C / rate seconds per email in AWS. Its own
  // work per email (4 requests, ~14 ms on a quiet machine: the mailer section) fits inside that interval, so the local
  // wall time (inflated by the emulators and the machine's load) is not used.
  const seconds = (f: FunctionFigures) => (f.fn === 'mailer' ? f.records * pacedSecondsPerEmail : f.billedMs / 1000);
  const gbSeconds = total(variable, (f) => seconds(f) * gbOf(f.fn));
  const mailerGbSeconds = total(variable, (f) => (f.fn === 'mailer' ? seconds(f) * gbOf(f.fn) : 0));
  // A step of a competition is hours or days from its next step, so a function that runs in it finds a warm
  // environment only if another competition used it within the keep-warm time: with k such occasions per
  // competition (steps, and the months of a recurring modelled step) and V competitions a month, occasions reach the
  // function at k·V per month, and one finds it cold with probability exp(−k·V/minutes·keepWarm). The mailer starts as
  // many containers as it runs at once.
  const minutesPerMonth = A.daysPerMonth * 24 * 60;
  const occasions = (fn: FunctionName) => total(all.filter((e) => e.fn === fn && e.invocations > 0), (e) => e.colds ?? 1);
  const coldShare = (fn: FunctionName) => Math.exp((-occasions(fn) * A.competitionsPerMonth * A.keepWarmMinutes) / minutesPerMonth);
  const colds = variable.map((f) => ({ fn: f.fn, n: (f.colds ?? 1) * (f.fn === 'mailer' ? Math.min(mailerConcurrency, Math.max(1, f.invocations)) : 1) * coldShare(f.fn) }));
  const coldCount = colds.reduce((s, c) => s + c.n, 0);
  const occasionCount = variable.reduce((s, f) => s + (f.colds ?? 1), 0);
  const coldGbSeconds = colds.reduce((s, c) => s + c.n * (A.coldStartInitMs / 1000) * gbOf(c.fn), 0);
  const appLogBytes = total(variable, (f) => f.logBytes);
  const accessBytes = apiRequests * accessLogBytes();
  const platformBytes = A.systemLogLevel === 'INFO' ? invocations * A.platformLogBytes + coldCount * A.coldPlatformLogBytes : 0;
  const logBytes = appLogBytes + platformBytes + accessBytes;
  const traces = A.tracing === 'active' ? apiRequests + dispatchBatches : 0;
  const s3Put = total(variable, (f) => f.s3Put);
  const s3Get = total(variable, (f) => f.s3Get);
  // The feedback topic's KMS key: SNS asks KMS for a data key at most every 5 minutes per publisher; each step that
  // sends emails is one burst (minutes apart from the next).
  const mailBursts = new Set(variable.filter((f) => f.fn === 'mailer' && f.records > 0).map((f) => `${f.step}`)).size +
    variable.filter((f) => f.fn === 'mailer' && f.colds).reduce((s, f) => s + f.colds! - 1, 0);
  const kmsRequests = mailBursts * A.kmsRequestsPerMailBurst;

  const lines: CostLine[] = [
    { service: 'DynamoDB', item: `writes (on-demand; GSI ${fixed(gsiWru, 0)} WRU and transactions ${fixed(transactWru, 0)} WRU included)`, quantity: `${fixed(wru, 1)} WRU`, perCompetition: (wru * P.dynamoWruPerMillion) / 1e6 },
    { service: 'DynamoDB', item: 'reads (0.5 RRU minimum per request)', quantity: `${fixed(rru, 1)} RRU`, perCompetition: (rru * P.dynamoRruPerMillion) / 1e6 },
    { service: 'DynamoDB Streams', item: 'GetRecords by the Lambda trigger (free)', quantity: `${dispatchBatches} batches`, perCompetition: 0 },
    {
      service: 'SQS',
      item: `${fixed(sqsSends, 0)} sends (${snsPublishes} of them SNS delivering SES Send events) + receive and delete per consumer invocation (${queueInvocations})`,
      quantity: `${fixed(sqsRequests, 0)} requests`,
      perCompetition: (sqsRequests * P.sqsPerMillionRequests) / 1e6,
    },
    { service: 'SNS', item: 'SES Send events published to the feedback topic (one per email)', quantity: `${snsPublishes}`, perCompetition: (snsPublishes * P.snsPerMillionPublishes) / 1e6 },
    { service: 'KMS', item: `feedback topic's key: ${A.kmsRequestsPerMailBurst} requests per mail burst (${mailBursts})`, quantity: `${kmsRequests}`, perCompetition: (kmsRequests * P.kmsPer10kRequests) / 1e4 },
    { service: 'S3', item: `requests: ${s3Put} PUT class (presigned uploads, copies, the protocol), ${s3Get} GET class (downloads, hash reads, tags)`, quantity: `${s3Put + s3Get}`, perCompetition: (s3Put * P.s3PutPerThousand + s3Get * P.s3GetPerThousand) / 1e3 },
    { service: 'Lambda', item: `requests (dispatch: ${dispatchBatches} event batches)`, quantity: `${invocations}`, perCompetition: (invocations * P.lambdaPerMillionRequests) / 1e6 },
    {
      service: 'Lambda',
      item: `duration, arm64 (mailer: ${emails} emails × ${fixed(pacedSecondsPerEmail * 1000, 0)} ms paced at ${A.productionMailRate}/s = ${fixed(mailerGbSeconds, 2)} GB-s)`,
      quantity: `${fixed(gbSeconds, 2)} GB-s`,
      perCompetition: gbSeconds * P.lambdaArmGbSecond,
    },
    { service: 'Lambda', item: `init of ${fixed(coldCount, 1)} cold starts × ${A.coldStartInitMs} ms (of ${occasionCount} function-steps, at ${A.competitionsPerMonth.toLocaleString('en-US')} competitions/month, keep-warm ${A.keepWarmMinutes} min)`, quantity: `${fixed(coldGbSeconds, 2)} GB-s`, perCompetition: coldGbSeconds * P.lambdaArmGbSecond },
    { service: 'API Gateway', item: 'HTTP API requests', quantity: `${apiRequests}`, perCompetition: (apiRequests * P.httpApiPerMillionRequests) / 1e6 },
    {
      service: 'CloudWatch Logs',
      item: `ingestion + 1 month storage (app ${fixed(appLogBytes / 1024, 1)} KB, platform ${fixed(platformBytes / 1024, 1)} KB at system level ${A.systemLogLevel}, API access ${fixed(accessBytes / 1024, 1)} KB)`,
      quantity: `${fixed(logBytes / 1024, 1)} KB`,
      perCompetition: (logBytes / 1024 ** 3) * (P.logsIngestionPerGb + P.logsStoragePerGbMonth),
    },
    { service: 'X-Ray', item: A.tracing === 'active' ? 'traces recorded (active tracing; sparse traffic is sampled at ~100 %)' : 'traces recorded: none (pass-through tracing; HTTP APIs start no traces)', quantity: `${traces}`, perCompetition: (traces * P.xrayPerMillionTracesRecorded) / 1e6 },
  ];
  return { lines, perCompetition: lines.reduce((s, l) => s + l.perCompetition, 0), emails };
};

/**
 * The documents' bytes, priced apart: they scale with the sizes users upload (ASSUMPTIONS), not with the design, and
 * transfer out is free for the first 100 GB a month of an account.
 */
export const documentBytesCost = (entries: readonly FunctionFigures[], tenderDocuments: number, bidDocuments: number) => {
  const P = PRICES;
  const A = ASSUMPTIONS;
  const storedMb = tenderDocuments * A.tenderDocumentMb + bidDocuments * A.bidDocumentMb + A.protocolMb;
  const downloads = total(entries, (f) => f.downloads);
  const transferMb = downloads * A.tenderDocumentMb;
  const lines: CostLine[] = [
    { service: 'S3', item: `storage during the life: ${fixed(storedMb, 1)} MB (${tenderDocuments} × ${A.tenderDocumentMb} MB tender, ${bidDocuments} × ${A.bidDocumentMb} MB bid, protocol) × ${A.lifeMonths} months`, quantity: `${fixed((storedMb * A.lifeMonths) / 1024, 3)} GB-month`, perCompetition: ((storedMb * A.lifeMonths) / 1024) * P.s3StoragePerGbMonth },
    { service: 'Data transfer', item: `out to the internet: ${downloads} downloads × ${A.tenderDocumentMb} MB (list price; the first 100 GB a month are free)`, quantity: `${fixed(transferMb / 1024, 3)} GB`, perCompetition: (transferMb / 1024) * P.transferOutPerGb },
  ];
  return { lines, perCompetition: lines.reduce((s, l) => s + l.perCompetition, 0), storedMb, transferMb };
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
  // An idle mapping long-polls with 5 pollers when it has a maximum concurrency, and can scale back to 2 without one.
  const mappings = Object.values(functions).flatMap((f) => ((f as FunctionSpec).queue ? [(f as FunctionSpec).queue!] : []));
  const capped = mappings.filter((q) => q.maxConcurrency !== undefined).length;
  const pollers = capped * A.idlePollersPerQueue + (mappings.length - capped) * A.idlePollersUncapped;
  const idleReceives = pollers * (60 / A.longPollSeconds) * minutes;
  const sweepTraces = A.tracing === 'active' ? minutes : 0;
  const sweepLogBytes = A.systemLogLevel === 'INFO' ? minutes * A.platformLogBytes : 0;
  const lines: CostLine[] = [
    { service: 'EventBridge', item: `minute schedule: ${minutes.toLocaleString('en-US')} invocations (first 14 M/month free; list price shown)`, quantity: `${minutes}`, perCompetition: (minutes * P.eventBridgeScheduledPerMillion) / 1e6 },
    {
      service: 'Lambda',
      item: `deadline sweep: ${minutes.toLocaleString('en-US')} requests × ${fixed(sweepMs, 0)} ms × ${functions.deadlineSweep.memoryMb} MB (warm: it runs every minute)`,
      quantity: `${fixed(minutes * (sweepMs / 1000) * sweepGb, 0)} GB-s`,
      perCompetition: (minutes * P.lambdaPerMillionRequests) / 1e6 + minutes * (sweepMs / 1000) * sweepGb * P.lambdaArmGbSecond,
    },
    { service: 'DynamoDB', item: `deadline sweep: ${sweepRru} RRU per Query of the sparse index`, quantity: `${fixed(minutes * sweepRru, 0)} RRU`, perCompetition: (minutes * sweepRru * P.dynamoRruPerMillion) / 1e6 },
    { service: 'CloudWatch Logs', item: `deadline sweep platform logs (system level ${A.systemLogLevel})`, quantity: `${fixed((sweepLogBytes) / 1024 ** 2, 1)} MB`, perCompetition: (sweepLogBytes / 1024 ** 3) * (P.logsIngestionPerGb + P.logsStoragePerGbMonth) },
    { service: 'X-Ray', item: `deadline sweep traces (${A.tracing})`, quantity: `${sweepTraces}`, perCompetition: (sweepTraces * P.xrayPerMillionTracesRecorded) / 1e6 },
    {
      service: 'SQS',
      item: `idle long polling: ${mappings.length} queue triggers, ${capped} capped × ${A.idlePollersPerQueue} pollers + ${mappings.length - capped} uncapped × ${A.idlePollersUncapped}, ${60 / A.longPollSeconds} receives/min each`,
      quantity: `${fixed(idleReceives / 1e6, 3)} M requests`,
      perCompetition: (idleReceives * P.sqsPerMillionRequests) / 1e6,
    },
  ];
  return { lines, perMonth: lines.reduce((s, l) => s + l.perCompetition, 0) };
};

export const priceModel = (m: Measured) => {
  const entries = m.entries;
  const variable = variableCost(entries);
  const bytes = documentBytesCost(entries, LIFE.tenderDocuments, LIFE.bidders);
  const fixedMonthly = fixedCost(m.entries);
  const variablePer1000 = variable.perCompetition * 1000;
  const fixedPer1000 = (fixedMonthly.perMonth / ASSUMPTIONS.competitionsPerMonth) * 1000;
  const sesPer1000 = variable.emails * SES_PER_1000_EMAILS;
  const bySteps = STEPS.map((at) => ({ step: at, emails: emailsOf(entries.filter((f) => f.step === at)), per1000: variableCost(entries.filter((f) => f.step === at), entries).perCompetition * 1000 }));
  return { entries, variable, bytes, fixedMonthly, variablePer1000, fixedPer1000, sesPer1000, totalPer1000: variablePer1000 + fixedPer1000, bySteps };
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
      ['', '**variable (judged)**', '', `**${usd(model.variablePer1000)}**`],
      ...model.fixedMonthly.lines.map((l) => [l.service, `${l.item}: ${usd(l.perCompetition, 3)}/month`, l.quantity, usd((l.perCompetition / ASSUMPTIONS.competitionsPerMonth) * 1000)]),
      ['', `**fixed: ${usd(model.fixedMonthly.perMonth, 2)}/month over ${ASSUMPTIONS.competitionsPerMonth.toLocaleString('en-US')} competitions/month**`, '', `**${usd(model.fixedPer1000)}**`],
      ['', '**total (variable + fixed share)**', '', `**${usd(model.totalPer1000)}**`],
      ...model.bytes.lines.map((l) => [l.service, l.item, l.quantity, per1000(l.perCompetition)]),
      ['', '**document bytes at the assumed sizes (reported apart)**', '', `**${usd(model.bytes.perCompetition * 1000)}**`],
    ];
    const stepHeader = ['step', 'emails', 'variable per 1,000 competitions'];
    const stepRows = model.bySteps.map((s) => [s.step, String(s.emails), usd(s.per1000)]);

    const byFn = new Map<FunctionName, FunctionFigures[]>();
    for (const f of measured.entries) byFn.set(f.fn, [...(byFn.get(f.fn) ?? []), f]);
    const fnHeader = ['function', 'MB', 'invocations', 'records', 'billed ms (local)', 'steps', 'WRU', 'RRU', 'SQS sends', 'S3 requests', 'app log KB'];
    const fnAlign: Align[] = ['left', 'right', 'right', 'right', 'right', 'left', 'right', 'right', 'right', 'right', 'right'];
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
      String(total(list, (f) => f.s3Put + f.s3Get)),
      fixed(total(list, (f) => f.logBytes) / 1024, 1),
    ]);
    const emails = model.variable.emails;
    const variableTarget = model.sesPer1000 * TARGET_SHARE_OF_SES;
    const variablePass = model.variablePer1000 <= variableTarget;
    const fixedPass = model.fixedMonthly.perMonth <= TARGET_FIXED_PER_MONTH;
    const pass = variablePass && fixedPass;
    const biggest = [...model.variable.lines].sort((a, b) => b.perCompetition - a.perCompetition).slice(0, 3);
    const verdict =
      `variable ${usd(model.variablePer1000, 3)} per 1,000 competitions = ${fixed((100 * model.variablePer1000) / model.sesPer1000, 1)} % of their SES cost ` +
      `(${emails} emails: ${usd(model.sesPer1000, 2)}; target ≤ ${Math.round(TARGET_SHARE_OF_SES * 100)} % = ${usd(variableTarget, 2)}) ${variablePass ? 'PASS' : 'FAIL'}; ` +
      `fixed ${usd(model.fixedMonthly.perMonth, 2)}/month (target ≤ ${usd(TARGET_FIXED_PER_MONTH, 2)}) ${fixedPass ? 'PASS' : 'FAIL'}; ` +
      `largest: ${biggest.map((l) => `${l.service} ${l.item.split(' (')[0]!.split(':')[0]} ${per1000(l.perCompetition)}`).join(', ')}; ` +
      `document bytes apart: ${usd(model.bytes.perCompetition * 1000, 2)}`;
    const notes = [
      `One competition's life measured on a dedicated local runtime (${fixed(measured.seconds, 0)} s): ${LIFE.subscribers} matching subscribers, ${LIFE.tenderDocuments} tender documents`,
      `uploaded (presigned PUT, then verified), ${LIFE.questions} question answered, ${LIFE.views} + ${LIFE.listViews} public reads, ${LIFE.documentLists} document lists and ${LIFE.downloads} downloads,`,
      `${LIFE.bidders} bids (each with an uploaded envelope document and a CMS signature; ${LIFE.replacedBids} replaced), the reminder, the deadline (bids opened by the checker),`,
      `the signed award with its PDF protocol, ${LIFE.complaints} complaint filed and declined, the contract after the standstill (${LIFE.milestones} milestones, signed by`,
      `both parties, read back by both), ${LIFE.reportMonths} monthly progress reports by the akimat (each month a cold start for the functions it runs) and the completion.`,
      `Emails measured: ${measured.emails} (${Object.entries(measured.emailsBy).map(([k, v]) => `${v} "${k}"`).join(', ')}); SES itself is not counted.`,
      `Prices: us-east-1 list prices as of ${PRICES.asOf}, no free tier. The model, its assumptions and what it leaves out: docs/cost-model.md.`,
      '',
      'Variable cost by step:',
      '',
      markdownTable(stepHeader, stepRows, ['left', 'right', 'right']),
      '',
      'Per function, as measured (local durations: in-process, warm, against DynamoDB Local):',
      '',
      markdownTable(fnHeader, fnRows, fnAlign),
    ].join('\n');

    return {
      markdown: [markdownTable(header, rows, align), '', notes].join('\n'),
      console: [consoleTable(header, rows, align), '', consoleTable(stepHeader, stepRows, ['left', 'right', 'right']), '', consoleTable(fnHeader, fnRows, fnAlign)].join('\n'),
      pass,
      verdict,
    };
  },
};

export default section;

serveWorker(import.meta.url, ([root, workDir]) => worker(resolve(root!), workDir!));
