/**
 * Warm API latency through the local gateway against a bare GetItem on the same DynamoDB Local.
 *
 * Series, measured one request at a time, interleaved in rounds of {@link ROUND} (a, b, c, then the informational
 * ones) so that drift of the machine (JIT, GC, the JVM of DynamoDB Local, the pollers of the local runtime) is shared:
 * - (a) the floor: GetItem of the health key through a `DynamoDBDocumentClient` of its own;
 * - (b) `GET /health` through the gateway (public route; the handler does that same GetItem);
 * - (c) `GET /contractors/me` with a contractor token (JWT verified by the gateway; the handler's GetItem finds no
 *   profile and answers 404, which still costs the same read);
 * - (d) the health handler invoked in-process with an API Gateway event (no HTTP: the handler chain's own cost);
 * - (e) `GET /dev/clock` through the gateway (HTTP and gateway without any handler or DynamoDB);
 * - (f) a bare `node:http` server in the same process whose request listener makes the floor's GetItem and answers
 *   200: one HTTP hop and the read, without the gateway, the Lambda host or the handler chain. It is the least any HTTP
 *   API on this stack can cost, so `(f) / (a)` is the part of the 1.3× budget that no code of ours spends.
 *
 * Target: p50 of (b) and (c) ≤ 1.3 × p50 of (a).
 */
import { Agent, createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { keys } from '../../shared/keys.js';
import { consoleTable, fixed, markdownTable, median, quantile, type Align, type BenchSection } from './run.js';

const MAX_RATIO = 1.3;
const WARMUP = 200;
const ROUND = 100;
/** Measured requests per series (≥ 2000), in rounds of {@link ROUND}. */
const MEASURED = Math.max(2000, Number(process.env.BENCH_API_REQUESTS ?? 2000));
/** Rounds of the client comparison (fetch against http.request), after both clients' warm-up. */
const CLIENT_ROUNDS = 5;

/** Judged as printed (two decimals): the noise of the figure is larger than the rounding. */
const meets = (ratio: number): boolean => Number(ratio.toFixed(2)) <= MAX_RATIO;

type Probe = () => Promise<void>;

interface HttpClient {
  readonly name: string;
  get(path: string, headers: Record<string, string>): Promise<number>;
  close(): void;
}

/** `http.request` on a keep-alive agent with one socket: the connection is reused by every request. */
const nodeHttpClient = (base: string): HttpClient => {
  const url = new URL(base);
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  return {
    name: 'http.request (keep-alive Agent)',
    get: (path, headers) =>
      new Promise((resolve, reject) => {
        const req = httpRequest({ host: url.hostname, port: url.port, path, method: 'GET', agent, headers }, (res) => {
          res.on('error', reject);
          res.on('end', () => resolve(res.statusCode ?? 0));
          res.resume();
        });
        req.on('error', reject);
        req.end();
      }),
    close: () => agent.destroy(),
  };
};

/** Global `fetch` (undici; its dispatcher keeps connections alive). */
const fetchClient = (base: string): HttpClient => ({
  name: 'fetch (undici, keep-alive)',
  get: async (path, headers) => {
    const response = await fetch(`${base}${path}`, { headers });
    await response.arrayBuffer();
    return response.status;
  },
  close: () => undefined,
});

const expectStatus = (what: string, expected: readonly number[]) => (status: number) => {
  if (!expected.includes(status)) throw new Error(`${what} answered ${status}, expected ${expected.join(' or ')}`);
};

const timeOne = async (probe: Probe): Promise<number> => {
  const started = performance.now();
  await probe();
  return performance.now() - started;
};

const healthEvent = (): APIGatewayProxyEventV2 => {
  const now = new Date();
  return {
    version: '2.0',
    routeKey: 'GET /health',
    rawPath: '/health',
    rawQueryString: '',
    headers: { host: '127.0.0.1', 'user-agent': 'bench', accept: '*/*' },
    isBase64Encoded: false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: '127.0.0.1',
      domainPrefix: '127',
      http: { method: 'GET', path: '/health', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'bench' },
      requestId: crypto.randomUUID(),
      routeKey: 'GET /health',
      stage: '$default',
      time: now.toISOString(),
      timeEpoch: now.getTime(),
    },
  };
};

interface Series {
  readonly id: string;
  readonly label: string;
  readonly probe: Probe;
  readonly target: boolean;
  readonly samples: number[];
}

const section: BenchSection = {
  title: 'API: warm request latency through the local gateway',
  run: async (ctx) => {
    const local = await ctx.local();
    const api = local.urls.api;

    // (a) The floor: the same read the health route makes, from a client of our own on the same DynamoDB Local.
    const dynamodb = new DynamoDBClient({ endpoint: local.urls.dynamodb });
    const documentClient = DynamoDBDocumentClient.from(dynamodb, {
      marshallOptions: { removeUndefinedValues: true, convertEmptyValues: false },
      unmarshallOptions: { wrapNumbers: false },
    });
    const getItem: Probe = async () => {
      await documentClient.send(new GetCommand({ TableName: local.tableName, Key: keys.health() }));
    };

    const tokenResponse = await fetch(`${api}/dev/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'contractor', bin: '940140000385' }),
    });
    if (tokenResponse.status !== 200) throw new Error(`POST /dev/token answered ${tokenResponse.status}: ${await tokenResponse.text()}`);
    const { token } = (await tokenResponse.json()) as { token: string };
    const auth = { authorization: `Bearer ${token}` };

    // Pick the faster HTTP client: both are warmed up, then compared in interleaved rounds on GET /health.
    const clients = [nodeHttpClient(api), fetchClient(api)];
    const healthOk = expectStatus('GET /health', [200]);
    for (const client of clients) for (let i = 0; i < WARMUP; i++) healthOk(await client.get('/health', {}));
    const clientSamples = clients.map(() => [] as number[]);
    for (let round = 0; round < CLIENT_ROUNDS; round++) {
      for (const [i, client] of clients.entries()) {
        for (let n = 0; n < ROUND; n++) clientSamples[i]!.push(await timeOne(async () => healthOk(await client.get('/health', {}))));
      }
    }
    const clientMedians = clientSamples.map(median);
    const fastest = clientMedians[0]! <= clientMedians[1]! ? 0 : 1;
    const client = clients[fastest]!;
    ctx.log(`HTTP client: ${client.name} (${clients.map((c, i) => `${c.name} p50 ${fixed(clientMedians[i]!, 3)} ms`).join(', ')})`);

    // (f): the same read behind a bare HTTP server, on the same connection pattern as the gateway's clients.
    const bare = createServer((_request, response) => {
      getItem().then(
        () => response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}'),
        (error: unknown) => response.writeHead(500).end(String(error)),
      );
    });
    bare.keepAliveTimeout = 65_000;
    await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
    const bareClient = nodeHttpClient(`http://127.0.0.1:${(bare.address() as AddressInfo).port}`);
    const bareOk = expectStatus('bare server', [200]);

    const meOk = expectStatus('GET /contractors/me', [200, 404]);
    const clockOk = expectStatus('GET /dev/clock', [200]);
    const series: Series[] = [
      { id: 'a', label: 'bare GetItem (DynamoDBDocumentClient → DynamoDB Local)', probe: getItem, target: false, samples: [] },
      { id: 'b', label: 'GET /health via gateway (public)', probe: async () => healthOk(await client.get('/health', {})), target: true, samples: [] },
      {
        id: 'c',
        label: 'GET /contractors/me via gateway (JWT, 404)',
        probe: async () => meOk(await client.get('/contractors/me', auth)),
        target: true,
        samples: [],
      },
      {
        id: 'd',
        label: 'health handler in-process (no HTTP, no gateway)',
        probe: async () => {
          const result = (await local.lambdas.invoke('health', healthEvent())) as { statusCode?: number };
          healthOk(result.statusCode ?? 0);
        },
        target: false,
        samples: [],
      },
      { id: 'e', label: 'GET /dev/clock via gateway (no handler, no DynamoDB)', probe: async () => clockOk(await client.get('/dev/clock', {})), target: false, samples: [] },
      { id: 'f', label: 'bare node:http server + the same GetItem (no gateway, no handler)', probe: async () => bareOk(await bareClient.get('/', {})), target: false, samples: [] },
    ];

    try {
      for (const s of series) for (let i = 0; i < WARMUP; i++) await s.probe();
      const rounds = Math.ceil(MEASURED / ROUND);
      for (let round = 0; round < rounds; round++) {
        for (const s of series) for (let n = 0; n < ROUND; n++) s.samples.push(await timeOne(s.probe));
        if ((round + 1) % 5 === 0) ctx.log(`api rounds ${round + 1}/${rounds}`);
      }
    } finally {
      for (const c of clients) c.close();
      bareClient.close();
      await new Promise<void>((resolve) => bare.close(() => resolve()));
      dynamodb.destroy();
    }

    const floor = median(series[0]!.samples);
    const httpFloor = median(series.find((s) => s.id === 'f')!.samples);
    const header = ['series', 'requests', 'p50 ms', 'p90 ms', 'p99 ms', 'p50 ratio to (a)', `≤ ${MAX_RATIO}×`];
    const align: Align[] = ['left', 'right', 'right', 'right', 'right', 'right', 'left'];
    const cells = series.map((s) => {
      const p50 = median(s.samples);
      return [
        `(${s.id}) ${s.label}`,
        String(s.samples.length),
        fixed(p50, 3),
        fixed(quantile(s.samples, 0.9), 3),
        fixed(quantile(s.samples, 0.99), 3),
        `${fixed(p50 / floor)}×`,
        s.target ? (meets(p50 / floor) ? 'PASS' : 'FAIL') : '—',
      ];
    });

    const targets = series.filter((s) => s.target).map((s) => ({ s, ratio: median(s.samples) / floor }));
    const pass = targets.every((t) => meets(t.ratio));
    const verdict =
      targets.map((t) => `(${t.s.id}) ${fixed(median(t.s.samples), 3)} ms = ${fixed(t.ratio)}×`).join(', ') +
      ` the bare GetItem p50 ${fixed(floor, 3)} ms (target ≤ ${MAX_RATIO}×)`;

    const notes = [
      `One request at a time; ${WARMUP} warm-up requests per series, then ${MEASURED} measured per series, interleaved in`,
      `rounds of ${ROUND} (a, b, c, d, e, f). The bench, the gateway and the handlers share one Node process (the local`,
      'runtime as `npm start` runs it, with its stream and queue pollers); DynamoDB Local is the JVM the runtime starts.',
      `HTTP client: ${client.name}, chosen as the faster of the two on GET /health (p50 over ${CLIENT_ROUNDS} interleaved`,
      `rounds of ${ROUND}: ${clients.map((c, i) => `${c.name} ${fixed(clientMedians[i]!, 3)} ms`).join(', ')}).`,
      '(d), (e) and (f) attribute the overhead: (d) − (a) is the handler chain and the Lambda host, (b) − (d) the HTTP hop',
      'and the gateway; (f) is one HTTP hop around the same read with nothing of ours, the least an HTTP API costs here:',
      `(f) / (a) = ${fixed(httpFloor / floor)}× of the ${MAX_RATIO}× budget is spent before any handler or gateway code runs.`,
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
