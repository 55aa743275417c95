/**
 * Load: {@link CLIENTS} concurrent clients for {@link SECONDS} s against the local stack — public readers on a mix of
 * list and detail reads, and {@link BIDDERS} contractors replacing their bids on one competition in its tender period.
 * Each client is closed-loop (its next request leaves when the last answered, no think time) and honours
 * `Retry-After` on a 503. Afterwards, every bidder's stored bid must be the last one the API accepted from it.
 *
 * Target: no 5xx other than 503 (overload is answered 503 + Retry-After, never 500), no failed connection, and every
 * bid consistent. The share of 503s is reported beside it: it measures the machine (how much the stack can absorb),
 * not a defect.
 *
 * Run only this section with `npm run bench -- --only load`. The bench, the gateway and the handlers share one Node
 * process (as `npm start` runs them); DynamoDB Local is the JVM the runtime starts.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { consoleTable, fixed, markdownTable, quantile, type Align, type BenchSection } from './run.js';

const CLIENTS = Number(process.env.BENCH_LOAD_CLIENTS ?? 500);
const BIDDERS = 50;
const SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 30);
const KATO = '350000000';
const SECTOR = 'heat';

interface Request {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
}

/** What a bidder signs with: its development certificate (issued once, before the measured run). */
interface BidderKey {
  readonly bin: string;
  readonly privateKey: string;
  readonly certificate: string;
  readonly chain: readonly string[];
}

/**
 * The one place a bid is built: `PUT /competitions/{id}/bids/me` with the contractor's token, signed as a contractor
 * signs it. The signed bytes are the platform's own canonical payload (`bidSigningPayload`, the same function the
 * server rebuilds them with), so the measured load is the bid itself, not an extra signing-payload request per bid.
 */
const bidRequest = async (
  competition: { id: string; version: number },
  token: string,
  key: BidderKey,
  price: string,
  signingTime: Date,
): Promise<Request> => {
  const { bidSigningPayload } = await import('../../shared/domain/signing.js');
  const { signDetached } = await import('../../shared/signing/cms-sign.js');
  const payload = bidSigningPayload({ competitionId: competition.id, competitionVersion: competition.version, bin: key.bin, price, documents: [] });
  const signature = await signDetached({ payload, privateKeyPem: key.privateKey, certificatePem: key.certificate, chainPem: key.chain.slice(0, 1), signingTime });
  return {
    method: 'PUT',
    path: `/competitions/${competition.id}/bids/me`,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ price, signature }),
  };
};

interface Sample {
  readonly kind: 'read' | 'bid';
  readonly status: number;
  readonly ms: number;
}

const section: BenchSection = {
  title: 'Load: 500 concurrent clients, public reads and 50 bidders',
  run: async (ctx) => {
    const local = await ctx.local();
    const api = local.urls.api;
    const own = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: local.urls.dynamodb }), { marshallOptions: { removeUndefinedValues: true } });
    const { keys } = await import('../../shared/keys.js');
    const { makeBin } = await import('../../shared/domain/bin.js');
    const { projectItem } = await import('../../shared/adapters/project-store.js');
    const { contractorItem } = await import('../../shared/adapters/contractor-store.js');

    const call = async (path: string, init: { method?: string; token?: string; body?: unknown; headers?: Record<string, string> } = {}) => {
      const response = await fetch(`${api}${path}`, {
        method: init.method ?? (init.body !== undefined ? 'POST' : 'GET'),
        headers: {
          ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
          ...init.headers,
        },
        ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
      });
      const text = await response.text();
      return { status: response.status, body: (text ? JSON.parse(text) : {}) as Record<string, any> };
    };
    const expectStatus = <T extends { status: number; body: unknown }>(what: string, response: T, statuses: number[]): T => {
      if (!statuses.includes(response.status)) throw new Error(`${what} answered ${response.status}: ${JSON.stringify(response.body)}`);
      return response;
    };
    const token = async (claims: Record<string, string>) => expectStatus('POST /dev/token', await call('/dev/token', { body: claims }), [200]).body.token as string;

    // --- Fixtures: 50 verified contractors and a project, straight into the table with the adapters' item builders.
    ctx.log('load: fixtures');
    const run = Date.now().toString(36);
    const bins: string[] = [];
    for (let serial = 20_000; bins.length < BIDDERS; serial += 1) {
      try {
        bins.push(makeBin(`1${serial % 10}0${1 + (serial % 9)}`, '4', '0', serial));
      } catch {
        // no check digit for this serial
      }
    }
    const at = new Date(Date.now() - 86_400_000).toISOString();
    const items = bins.map((bin, i) =>
      contractorItem({ bin, name: `ТОО «Нагрузка ${i}»`, email: `load-${run}-${i}@example.kz`, language: 'ru', status: 'verified', subscriptions: [], registeredAt: at, verifiedAt: at }),
    );
    for (let i = 0; i < items.length; i += 25) {
      let request: Record<string, unknown[]> | undefined = { [local.tableName]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) };
      while (request && Object.keys(request).length > 0) {
        const result = await own.send(new BatchWriteCommand({ RequestItems: request as never }));
        request = result.UnprocessedItems as typeof request;
      }
    }
    const projectId = `LOAD${run}`.toUpperCase();
    await own.send(
      new PutCommand({
        TableName: local.tableName,
        Item: projectItem({
          id: projectId,
          kato: KATO,
          sector: SECTOR,
          title: { ru: `Котельная ${projectId}`, kk: `Қазандық ${projectId}`, en: `Boiler house ${projectId}` },
          value: '900000000',
          approvalDate: '2026-01-15',
          plannedPublicationDate: '2026-12-31',
          stage: 'selection',
          readiness: 'ready',
          financing: { route: 'development-bank', status: 'approved', amount: '800000000' },
          akimat: { name: { ru: 'Акимат Карагандинской области', kk: 'Қарағанды облысының әкімдігі', en: 'Karaganda Region Akimat' } },
          official: { name: 'Load Official', position: 'Deputy akim' },
        } as never),
      }),
    );

    // --- One competition in its tender period.
    const akimat = await token({ role: 'akimat', kato: KATO });
    const bidderTokens = await Promise.all(bins.map((bin) => token({ role: 'contractor', bin })));
    const draft = expectStatus(
      'POST /competitions',
      await call('/competitions', { token: akimat, body: { projectId, title: { ru: 'Нагрузочный конкурс' }, estimatedValue: '850000000' } }),
      [201],
    );
    const id = draft.body.id as string;
    const published = expectStatus('publish', await call(`/competitions/${id}/publish`, { method: 'POST', token: akimat }), [200]).body;
    const clockNow = async () => new Date((await call('/dev/clock')).body.now as string).getTime();
    const seconds = Math.ceil((new Date(published.tenderPeriod.startDate as string).getTime() - (await clockNow())) / 1000) + 1;
    if (seconds > 0) expectStatus('POST /dev/clock', await call('/dev/clock', { body: { advanceSeconds: seconds } }), [200]);
    for (const deadline = Date.now() + 60_000; ; ) {
      const stored = await own.send(new GetCommand({ TableName: local.tableName, Key: keys.competition(id), ConsistentRead: true }));
      if (stored.Item?.status === 'active.tendering') break;
      if (Date.now() > deadline) throw new Error(`competition ${id} did not enter its tender period`);
      await sleep(250);
    }
    // Each bidder's development certificate, and the development clock's offset (signatures are dated by it).
    const bidderKeys: BidderKey[] = await Promise.all(
      bins.map(async (bin) => ({ bin, ...(expectStatus('POST /dev/certificates', await call('/dev/certificates', { body: { bin } }), [200]).body as Omit<BidderKey, 'bin'>) })),
    );
    const clockOffsetMs = (await clockNow()) - Date.now();

    // --- The load.
    const reads = [
      '/competitions',
      `/competitions?region=${KATO}`,
      `/competitions/${id}`,
      `/competitions/${id}/questions`,
      '/projects',
      `/projects/${projectId}`,
      '/regions',
      '/public/summary',
      '/ocds/releases?limit=20',
      '/health',
    ];
    const samples: Sample[] = [];
    let networkErrors = 0;
    let firstNetworkError: string | undefined;
    const lastAccepted = new Map<number, string>();
    const unresolved: number[] = [];
    const stopAt = performance.now() + SECONDS * 1000;

    const send = async (kind: Sample['kind'], request: Request): Promise<{ status: number; retryAfter: number }> => {
      const started = performance.now();
      try {
        const response = await fetch(`${api}${request.path}`, { method: request.method, headers: request.headers, ...(request.body ? { body: request.body } : {}) });
        await response.arrayBuffer();
        samples.push({ kind, status: response.status, ms: performance.now() - started });
        return { status: response.status, retryAfter: Number(response.headers.get('retry-after') ?? 0) };
      } catch (error) {
        networkErrors += 1;
        firstNetworkError ??= (error as Error).cause ? String((error as Error).cause) : String(error);
        return { status: 0, retryAfter: 1 };
      }
    };
    const pause = async (answer: { status: number; retryAfter: number }): Promise<void> => {
      if (answer.status === 503 || answer.status === 429 || answer.status === 0) await sleep(Math.max(answer.retryAfter, 0.1) * 1000);
    };

    const reader = async (n: number): Promise<void> => {
      for (let i = n; performance.now() < stopAt; i++) {
        await pause(await send('read', { method: 'GET', path: reads[i % reads.length]!, headers: {} }));
      }
    };
    // A bidder retries the same price after a 503 (the outcome of a timed-out request is unknown; PUT replaces, so
    // the retry is safe) and moves on to a new price only after a definitive answer. At the end it finishes its
    // pending price, so its last accepted bid is well defined.
    const bidder = async (b: number): Promise<void> => {
      const finishBy = stopAt + 60_000;
      for (let round = 0; performance.now() < stopAt; round++) {
        const price = String(800_000_000 - b * 100_000 - round);
        for (;;) {
          const signingTime = new Date(Date.now() + clockOffsetMs);
          const answer = await send('bid', await bidRequest({ id, version: published.version as number }, bidderTokens[b]!, bidderKeys[b]!, price, signingTime));
          if (answer.status === 200) lastAccepted.set(b, price);
          const retry = answer.status === 503 || answer.status === 429 || answer.status === 0 || answer.status >= 500;
          if (!retry) break;
          if (performance.now() > finishBy) {
            unresolved.push(b);
            return;
          }
          await pause(answer);
        }
      }
    };

    ctx.log(`load: ${CLIENTS} clients (${BIDDERS} bidders) for ${SECONDS} s`);
    const started = performance.now();
    await Promise.all([
      ...Array.from({ length: BIDDERS }, (_, b) => bidder(b)),
      ...Array.from({ length: Math.max(0, CLIENTS - BIDDERS) }, (_, n) => reader(n)),
    ]);
    const elapsed = (performance.now() - started) / 1000;

    // --- Consistency: each bidder's stored bid is its last accepted one (read as the bidder reads it).
    await sleep(1000);
    let consistent = 0;
    const inconsistent: string[] = [];
    for (let b = 0; b < BIDDERS; b++) {
      const expected = lastAccepted.get(b);
      const mine = await call(`/competitions/${id}/bids/me`, { token: bidderTokens[b]! });
      const stored = mine.status === 200 ? (mine.body.price as string) : undefined;
      if (stored === expected) consistent += 1;
      else inconsistent.push(`bidder ${b}: stored ${stored ?? `none (${mine.status})`}, last accepted ${expected ?? 'none'}${unresolved.includes(b) ? ' (its last price never got a definitive answer)' : ''}`);
    }
    own.destroy();

    // --- Figures.
    const count = (predicate: (s: Sample) => boolean) => samples.filter(predicate).length;
    const fiveXx = count((s) => s.status >= 500 && s.status !== 503);
    const unavailable = count((s) => s.status === 503);
    const throttled = count((s) => s.status === 429);
    const statuses = [...new Map(samples.map((s) => [s.status, count((x) => x.status === s.status)])).entries()].sort((a, b) => a[0] - b[0]);
    const row = (label: string, set: Sample[]) => {
      const ms = set.map((s) => s.ms);
      return [
        label,
        String(set.length),
        fixed(set.length / elapsed, 1),
        fixed(quantile(ms, 0.5), 1),
        fixed(quantile(ms, 0.99), 1),
        String(set.filter((s) => s.status >= 500 && s.status !== 503).length),
        String(set.filter((s) => s.status === 503).length),
      ];
    };
    const header = ['requests', 'answered', 'per s', 'p50 ms', 'p99 ms', '5xx (not 503)', '503'];
    const align: Align[] = ['left', 'right', 'right', 'right', 'right', 'right', 'right'];
    const rows = [
      row('all', samples),
      row('public reads', samples.filter((s) => s.kind === 'read')),
      row(`bids (${BIDDERS} bidders)`, samples.filter((s) => s.kind === 'bid')),
    ];
    const share503 = samples.length ? unavailable / samples.length : 0;
    const pass = fiveXx === 0 && networkErrors === 0 && consistent === BIDDERS && samples.length > 0;
    const verdict =
      `${CLIENTS} clients for ${fixed(elapsed, 1)} s: ${samples.length} answered (${fixed(samples.length / elapsed, 1)}/s), p50 ${fixed(quantile(samples.map((s) => s.ms), 0.5), 1)} ms, ` +
      `p99 ${fixed(quantile(samples.map((s) => s.ms), 0.99), 1)} ms; ${fiveXx} 5xx other than 503 (target 0), ${unavailable} × 503 = ${fixed(share503 * 100, 2)}% ` +
      `with Retry-After (reported, not judged), ${networkErrors} failed connections (target 0); bids consistent ${consistent}/${BIDDERS} (target all)`;
    const notes = [
      `Statuses: ${statuses.map(([s, n]) => `${s} × ${n}`).join(', ')}${throttled ? ` (429: ${throttled})` : ''}. Failed connections: ${networkErrors}${firstNetworkError ? ` (first: ${firstNetworkError})` : ''}.`,
      `Reads cycle over ${reads.length} public routes (lists, details, questions, projects, regions, public summary, OCDS feed, health);`,
      `each bidder replaces its bid with a new price each round, retrying the same price after a 503 (its outcome is`,
      'unknown when the function timed out) until a definitive answer. Clients are closed-loop without think time and wait',
      '`Retry-After` after a 503. Local gateway admission: `KONKURS_GATEWAY_CONCURRENCY` / `_QUEUE` / `_QUEUE_WAIT_MS`',
      `(defaults in infra/local/admission.ts). Bids consistent: \`GET /competitions/{id}/bids/me\` of each bidder after the run`,
      `equals the price of its last 200.${inconsistent.length ? ` Inconsistent: ${inconsistent.slice(0, 5).join('; ')}.` : ''}`,
      'Latencies are measured by the clients, which share the Node process with the gateway and the handlers: they include',
      'event-loop waits on both sides. The machine was shared with other work while this ran (the load average is on the',
      'last line): absolute figures are pessimistic; the counts of 5xx and 503 and the consistency are the result.',
    ].join('\n');
    return {
      markdown: [markdownTable(header, rows, align), '', notes].join('\n'),
      console: `${consoleTable(header, rows, align)}\n${notes}`,
      pass,
      verdict,
    };
  },
};

export default section;
