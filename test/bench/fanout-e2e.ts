/**
 * Publication fan-out end to end on the local runtime: from `POST /competitions/{id}/publish` to the 1,000th email in
 * the mailbox, for 1,000 verified subscribers of one region × sector. It runs on a dedicated local runtime in a worker
 * process (this module with `--worker`), started with `MAIL_SEND_RATE` = 50 (the local default) set explicitly.
 *
 * Fixtures are written straight into the runtime's table exactly as the adapters store them: per contractor the
 * profile (`CONTRACTOR#<bin>` / `PROFILE`, kind `contractor`, verified, one subscription), the unsubscribe link
 * (`UNSUB#<token>`) and the subscription item (`SUB#<kato>#<sector>` / `CONTRACTOR#<bin>`); the МЭКС project with
 * `projectItem` (the project adapter's own item builder). The competition is then created and published through the
 * API with an akimat token from `POST /dev/token`, and the chain runs as in AWS: table stream → dispatch → match queue
 * → matcher (subscriber pages) → mail queue → mailer → SES emulator.
 *
 * The clock: the mailbox is polled (`GET <mailbox>/store?since=`, de-duplicated by message id) until all 1,000
 * recipients have their email; the precise first and last send times come from the mail ledger's `sentAt` of the
 * publication event (`MAIL#<eventId>`). Informational: the throughput is the mailer's, which is paced to
 * `MAIL_SEND_RATE` (and, in the local runtime, to half of it: see the mailer section).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LocalRuntime } from '../../infra/local/runtime.js';
import { functions } from '../../infra/topology.js';
import { makeBin } from '../../shared/domain/bin.js';
import type { Contractor } from '../../shared/domain/contractor.js';
import type { Project } from '../../shared/domain/project.js';
import { queryAll } from '../../shared/adapters/query-all.js';
import { EVENT_PREFIX, keys, mailClaimPartition } from '../../shared/keys.js';
import { consoleTable, fixed, markdownTable, type Align, type BenchSection, type SectionResult } from './run.js';
import { runWorker, serveWorker } from './worker.js';

const SUBSCRIBERS = Math.max(100, Number(process.env.BENCH_FANOUT_SUBSCRIBERS ?? 1000));
/** The local runtime's default rate, set explicitly for this section's runtime. */
const MAIL_SEND_RATE = 50;
const KATO = '630000000'; // East Kazakhstan
const SECTOR = 'gas';

/** The measurement, inside the worker, on its runtime. */
const measure = async (local: LocalRuntime, ctx: { log: (line: string) => void }): Promise<SectionResult> => {
  // Imported only now: the runtime has set the environment the configuration reads (and the handlers share it).
  const { config } = await import('../../shared/config.js');
  const { projectItem } = await import('../../shared/adapters/project-store.js');
  const rate = config.MAIL_SEND_RATE;
  if (rate !== MAIL_SEND_RATE) throw new Error(`the handlers read MAIL_SEND_RATE ${rate}, expected ${MAIL_SEND_RATE}`);
  const api = local.urls.api;
  const run = Date.now().toString(36);

  const dynamodb = new DynamoDBClient({ endpoint: local.urls.dynamodb });
  const documentClient = DynamoDBDocumentClient.from(dynamodb, { marshallOptions: { removeUndefinedValues: true } });
  try {
    // --- Fixtures: 1,000 verified contractors subscribed to KATO × SECTOR, as the contractor adapter writes them.
    const items: Record<string, unknown>[] = [];
    const emails = new Set<string>();
    const registeredAt = new Date(Date.now() - 86_400_000).toISOString();
    let serial = Math.floor(Math.random() * 50_000);
    for (let i = 0; i < SUBSCRIBERS; i++) {
      let bin: string | undefined;
      while (!bin) {
        serial += 1;
        try {
          bin = makeBin(`${String(10 + (serial % 14)).padStart(2, '0')}${String(1 + (serial % 12)).padStart(2, '0')}`, '4', '0', serial % 100_000);
        } catch {
          // no check digit for this serial
        }
      }
      const email = `fanout-${run}-${i}@example.kz`;
      emails.add(email);
      const contractor: Contractor = {
        bin,
        name: `ТОО «Газ Монтаж ${i}»`,
        email,
        language: (['ru', 'kk', 'en'] as const)[i % 3]!,
        status: 'verified',
        subscriptions: [{ kato: KATO, sector: SECTOR }],
        registeredAt,
        verifiedAt: registeredAt,
        unsubscribeToken: randomBytes(24).toString('base64url'),
      };
      items.push({ ...keys.contractor(bin), kind: 'contractor', ...contractor });
      items.push({ ...keys.unsubscribe(contractor.unsubscribeToken!), kind: 'unsubscribe', bin });
      // `subscriptionItem` of shared/adapters/contractor-store.ts (not exported).
      items.push({
        ...keys.subscription(KATO, SECTOR, bin),
        kind: 'subscription',
        bin,
        email,
        language: contractor.language,
        name: contractor.name,
        unsubscribeToken: contractor.unsubscribeToken,
      });
    }
    const seedStarted = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        for (;;) {
          const start = next;
          next += 25;
          if (start >= items.length) return;
          let request: Record<string, { PutRequest: { Item: Record<string, unknown> } }[]> | undefined = {
            [local.tableName]: items.slice(start, start + 25).map((Item) => ({ PutRequest: { Item } })),
          };
          while (request && Object.keys(request).length > 0) {
            const result = await documentClient.send(new BatchWriteCommand({ RequestItems: request }));
            request = result.UnprocessedItems as typeof request;
          }
        }
      }),
    );
    ctx.log(`fan-out: ${items.length} items (${SUBSCRIBERS} contractors) written in ${fixed((performance.now() - seedStarted) / 1000, 1)} s`);

    const projectId = `BENCH${run}`.toUpperCase();
    const project: Project = {
      id: projectId,
      kato: KATO,
      sector: SECTOR,
      title: { ru: `Газификация посёлка ${projectId}`, kk: `Ауылды газдандыру ${projectId}`, en: `Village gas supply ${projectId}` },
      value: '2400000000',
      approvalDate: '2026-01-15',
      plannedPublicationDate: '2026-12-31',
      stage: 'selection',
      readiness: 'ready',
      financing: { route: 'development-bank', status: 'approved', amount: '2000000000' },
      akimat: { name: { ru: 'Акимат Восточно-Казахстанской области', kk: 'Шығыс Қазақстан облысының әкімдігі', en: 'East Kazakhstan Region Akimat' } },
      official: { name: 'Bench Official', position: 'Deputy akim' },
    } as Project;
    await documentClient.send(new PutCommand({ TableName: local.tableName, Item: projectItem(project) }));

    const call = async (path: string, init: { method?: string; token?: string; body?: unknown } = {}) => {
      const response = await fetch(`${api}${path}`, {
        method: init.method ?? (init.body !== undefined ? 'POST' : 'GET'),
        headers: { ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}), ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) },
        ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
      });
      const text = await response.text();
      return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
    };
    const token = await call('/dev/token', { body: { role: 'akimat', kato: KATO } });
    if (token.status !== 200) throw new Error(`POST /dev/token answered ${token.status}`);
    const akimat = token.body.token as string;
    const draft = await call('/competitions', {
      token: akimat,
      body: { projectId, title: { ru: 'Строительство газопровода', kk: 'Газ құбырын салу', en: 'Gas pipeline construction' }, estimatedValue: '2150000000' },
    });
    if (draft.status !== 201) throw new Error(`POST /competitions answered ${draft.status}: ${JSON.stringify(draft.body)}`);
    const competitionId = draft.body.id as string;

    // Let the stream poller pass the fixtures' records before the clock starts.
    await sleep(3000);

    // --- Publish, then watch the mailbox.
    const sinceSeconds = Math.floor(Date.now() / 1000) - 1;
    const publishAt = Date.now();
    const published = await call(`/competitions/${competitionId}/publish`, { method: 'POST', token: akimat });
    const publishMs = Date.now() - publishAt;
    if (published.status !== 200) throw new Error(`publish answered ${published.status}: ${JSON.stringify(published.body)}`);

    const seen = new Set<string>();
    const received = new Map<string, number>();
    let duplicates = 0;
    let cursor = sinceSeconds;
    let firstSeenAt: number | undefined;
    const timeoutMs = Math.max(120_000, (SUBSCRIBERS / (rate * 0.3)) * 1000 + 60_000);
    for (;;) {
      const response = await fetch(`${local.urls.mailbox}/store?since=${cursor}`);
      const { emails: stored } = (await response.json()) as { emails: { messageId: string; destination: { to: string[] }; at: number }[] };
      const observedAt = Date.now();
      for (const email of stored) {
        if (seen.has(email.messageId)) continue;
        seen.add(email.messageId);
        cursor = Math.max(cursor, email.at - 1);
        for (const to of email.destination.to) {
          if (!emails.has(to)) continue;
          if (received.has(to)) duplicates += 1;
          else received.set(to, observedAt);
          firstSeenAt ??= observedAt;
        }
      }
      if (received.size >= SUBSCRIBERS) break;
      if (Date.now() - publishAt > timeoutMs) throw new Error(`${received.size}/${SUBSCRIBERS} emails after ${timeoutMs / 1000} s`);
      await sleep(200);
    }
    const lastSeenAt = Math.max(...received.values());
    await sleep(2000);
    // Late duplicates?
    const late = (await (await fetch(`${local.urls.mailbox}/store?since=${cursor}`)).json()) as { emails: { messageId: string; destination: { to: string[] } }[] };
    for (const email of late.emails) if (!seen.has(email.messageId) && email.destination.to.some((to) => emails.has(to))) duplicates += 1;

    // --- Precise times from the ledger of the publication event.
    const events = await documentClient.send(
      new QueryCommand({
        TableName: local.tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :event)',
        ExpressionAttributeValues: { ':pk': keys.competition(competitionId).PK, ':event': EVENT_PREFIX },
      }),
    );
    const event = (events.Items ?? []).find((e) => e.type === 'competition.published');
    const sentAt: number[] = [];
    if (event) {
      const claims = await queryAll(documentClient, {
        TableName: local.tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': mailClaimPartition(event.eventId as string) },
      });
      for (const item of claims) if (item.status === 'sent') sentAt.push(Date.parse(item.sentAt as string));
    }
    // The ledger's time is the platform clock (`nowMs`), which the dev clock may have moved: align on its offset.
    const { clockOffsetMs } = await import('../../shared/clock.js');
    const offset = clockOffsetMs();
    const firstSent = sentAt.length ? Math.min(...sentAt) - offset : Number.NaN;
    const lastSent = sentAt.length ? Math.max(...sentAt) - offset : Number.NaN;

    const { maxConcurrency } = functions.mailer.queue;
    const rows: [string, string][] = [
      ['subscribers (verified, one region × sector)', String(SUBSCRIBERS)],
      ['emails received (duplicates)', `${received.size} (${duplicates})`],
      ['MAIL_SEND_RATE (configured)', `${rate}/s`],
      ['publish request (API) ms', fixed(publishMs, 0)],
      ['publish → first email sent s (stream, dispatch, matcher, first send)', fixed((firstSent - publishAt) / 1000, 2)],
      ['publish → last email sent s (ledger)', fixed((lastSent - publishAt) / 1000, 2)],
      ['publish → 1,000th email seen in the mailbox s (polled every 0.2 s)', fixed((lastSeenAt - publishAt) / 1000, 2)],
      ['first → last send s', fixed((lastSent - firstSent) / 1000, 2)],
      ['throughput, first → last send /s', fixed((sentAt.length - 1) / ((lastSent - firstSent) / 1000), 2)],
      ['throughput, publish → last email /s', fixed(SUBSCRIBERS / ((lastSeenAt - publishAt) / 1000), 2)],
      ['throughput / MAIL_SEND_RATE', `${fixed((sentAt.length - 1) / ((lastSent - firstSent) / 1000) / rate, 3)}×`],
      [`floor in AWS if the mailer reaches MAIL_SEND_RATE: publish → first + ${SUBSCRIBERS} / rate, s`, fixed((firstSent - publishAt) / 1000 + SUBSCRIBERS / rate, 1)],
    ];
    const header = ['figure', 'value'];
    const align: Align[] = ['left', 'right'];
    const pass = received.size === SUBSCRIBERS && duplicates === 0 && sentAt.length === SUBSCRIBERS;
    const throughput = (sentAt.length - 1) / ((lastSent - firstSent) / 1000);
    const verdict =
      `${received.size}/${SUBSCRIBERS} emails, ${duplicates} duplicates; publish → last email ${fixed((lastSeenAt - publishAt) / 1000, 1)} s, ` +
      `${fixed(throughput, 1)} emails/s = ${fixed(throughput / rate, 2)}× MAIL_SEND_RATE ${rate}/s (mail-rate bound, as expected; informational, judged on completeness)`;
    const notes = [
      `The chain's throughput is the mailer's: it is paced to MAIL_SEND_RATE (${rate}/s here), so ${SUBSCRIBERS} emails take about`,
      `${SUBSCRIBERS} / rate seconds in AWS; everything before the first send (stream, dispatch, matcher reading the subscriber pages`,
      `and enqueuing ${SUBSCRIBERS} mail jobs) is in the "publish → first email" figure. The local runtime runs ${maxConcurrency} mail poller loops on ONE`,
      `mailer module and so one pacer: it sends at most MAIL_SEND_RATE / ${maxConcurrency} (see the mailer section), which is what this run shows.`,
      'The AWS floor adds N / MAIL_SEND_RATE to the measured time to the first send; the mailer section shows how close the',
      'mailer comes to its rate (two containers, each paced to half of it, at most 1 / per-email latency each).',
      `The section runs on a dedicated local runtime (a worker process) with MAIL_SEND_RATE=${MAIL_SEND_RATE} set before the handlers load.`,
      `Fixtures: ${items.length} items (profile, unsubscribe link, subscription per contractor) written with BatchWriteItem before the`,
      'competition was created; the publish request is the real API route with an akimat token.',
    ].join('\n');
    return {
      markdown: [markdownTable(header, rows, align), '', notes].join('\n'),
      console: consoleTable(header, rows, align),
      pass,
      verdict,
    };
  } finally {
    dynamodb.destroy();
  }
};

/** A dedicated local runtime in this (worker) process, with the mail rate set before the handlers load. */
const worker = async (root: string, workDir: string): Promise<SectionResult> => {
  process.env.KONKURS_SEED = 'none';
  process.env.MAIL_SEND_RATE = String(MAIL_SEND_RATE);
  const { startLocalRuntime } = await import('../../infra/local/runtime.js');
  const dataDir = join(workDir, 'fanout-data');
  mkdirSync(dataDir, { recursive: true });
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  const local = await startLocalRuntime({ root, dataDir, ports: { api: 0, portal: 0, mailbox: 0, dynamodb: 0, sqs: 0 }, log: (l) => log(`local: ${l}`) });
  try {
    return await measure(local, { log });
  } finally {
    await local.stop();
  }
};

const section: BenchSection = {
  title: 'Fan-out: publication to the last email, 1,000 subscribers',
  run: (ctx) => {
    // A runtime of its own: MAIL_SEND_RATE is read when the handlers load, and the shared runtime's handlers may have
    // read their configuration before the runtime set it (any section importing an adapter at its top does that).
    const workDir = join(ctx.workDir, 'fanout');
    mkdirSync(workDir, { recursive: true });
    return runWorker<SectionResult>({ root: ctx.root, file: 'fanout-e2e.ts', args: [ctx.root, workDir], name: 'the fan-out worker', progress: 'fan-out', log: ctx.log });
  },
};

export default section;

serveWorker(import.meta.url, ([root, workDir]) => worker(resolve(root!), workDir!));
