/**
 * The local HTTP API: matches requests against the topology's routes, verifies bearer tokens as the JWT authorizer
 * does, builds API Gateway v2 (payload 2.0) events and calls the same handlers the CDK app deploys. It also serves the
 * local-only `/dev/*` routes: the development identity provider and the development clock.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import * as z from 'zod/mini';
import { binSchema } from '../../shared/schemas/common.js';
import { isRegionKato } from '../../shared/domain/regions.js';
import { FINANCIER_ROUTES } from '../../shared/domain/roles.js';
import { advanceClock, nowIso } from '../../shared/clock.js';
import { functions, httpRoutes, ROLES, routeKey, type FunctionName, type HttpRoute } from '../topology.js';
import { Admission, admissionFromEnv, type AdmissionLimits } from './admission.js';
import type { DevCertificationAuthority } from './dev-ca.js';
import type { DevIdentity } from './dev-identity.js';
import type { Faults } from './faults.js';
import { InvocationTimeoutError, type LambdaHost } from './lambda.js';
import { listen } from './listen.js';

/** API Gateway's own payload limit. */
const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;

/** Seconds a refused client is told to wait (`Retry-After`) before it tries again. */
export const RETRY_AFTER_SECONDS = 1;

/** The documented error body and headers of a request the API cannot take now (throttled, or its function timed out). */
const unavailable = (message: string) =>
  [503, { error: 'unavailable', message }, { 'retry-after': String(RETRY_AFTER_SECONDS) }] as const;

interface CompiledRoute {
  readonly fn: FunctionName;
  readonly route: HttpRoute;
  readonly key: string;
  readonly pattern: RegExp;
  readonly params: readonly string[];
  readonly literalSegments: number;
}

const compile = (fn: FunctionName, route: HttpRoute): CompiledRoute => {
  const params: string[] = [];
  const segments = route.path.split('/').filter(Boolean);
  const source = segments
    .map((segment) => {
      const param = /^\{(\w+)(\+?)\}$/.exec(segment);
      if (!param) return `/${segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`;
      params.push(param[1]!);
      return param[2] ? '/(.+)' : '/([^/]+)';
    })
    .join('');
  return {
    fn,
    route,
    key: routeKey(route),
    pattern: new RegExp(`^${source || '/'}$`),
    params,
    literalSegments: segments.filter((s) => !s.startsWith('{')).length,
  };
};

/** API Gateway prefers the most specific route: more literal segments first. */
const compiledRoutes = (): CompiledRoute[] =>
  httpRoutes()
    .map(({ fn, route }) => compile(fn, route))
    .sort((a, b) => b.literalSegments - a.literalSegments);

const EMPTY = Buffer.alloc(0);

const readBody = (request: IncomingMessage): Promise<Buffer | 'too-large'> => {
  // A request with neither Content-Length nor Transfer-Encoding has no body (RFC 9112 §6.3): nothing to wait for.
  if (request.headers['content-length'] === undefined && request.headers['transfer-encoding'] === undefined) return Promise.resolve(EMPTY);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size <= MAX_PAYLOAD_BYTES) chunks.push(chunk);
    });
    request.on('end', () => resolve(size > MAX_PAYLOAD_BYTES ? 'too-large' : Buffer.concat(chunks)));
    request.on('error', reject);
  });
};

const send = (response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void => {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(text);
};

const isTextual = (contentType: string | undefined): boolean =>
  !contentType || /^(text\/|application\/(json|.*\+json|x-www-form-urlencoded|xml|javascript))/i.test(contentType);

const corsHeaders = (request: IncomingMessage): Record<string, string> => ({
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET,POST,PUT,PATCH,DELETE,OPTIONS',
  'access-control-allow-headers': request.headers['access-control-request-headers'] ?? 'authorization,content-type,idempotency-key',
  'access-control-max-age': '600',
});

/**
 * An unknown route answers the API's documented error body (`{ error, message }`, as every handler's 4xx), with
 * API Gateway's own `message` kept, so clients read one shape whoever produced the 404.
 */
const NOT_FOUND_BODY = { error: 'not_found', message: 'Not Found' } as const;

const tokenRequestSchema = z.strictObject({
  role: z.enum(ROLES),
  kato: z.optional(z.string().check(z.refine(isRegionKato, 'not a top-level KATO region code'))),
  // The same rule, and the same message naming the rule that failed, as the API's own BIN fields.
  bin: z.optional(binSchema),
  email: z.optional(z.email()),
  // A financier serves one financing route (Cognito's `custom:route`).
  route: z.optional(z.enum(FINANCIER_ROUTES)),
  audience: z.optional(z.string().check(z.minLength(1))),
  expiresInSeconds: z.optional(z.int().check(z.gte(-86_400), z.lte(7 * 86_400))),
});

const isoDate = z.iso.datetime({ offset: true });

const certificateRequestSchema = z.strictObject({
  bin: binSchema,
  iin: z.optional(z.string().check(z.regex(/^\d{12}$/, '12 digits'))),
  role: z.optional(z.enum(['head', 'signatory', 'employee'])),
  commonName: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
  /** Testing aids: a validity other than one year from now (e.g. already expired), an ECDSA P-256 key. */
  notBefore: z.optional(isoDate),
  notAfter: z.optional(isoDate),
  keyAlgorithm: z.optional(z.enum(['RSA', 'ECDSA'])),
});

const revokeRequestSchema = z.strictObject({ certificate: z.string().check(z.minLength(1), z.maxLength(20_000)) });

const clockRequestSchema = z.strictObject({ advanceSeconds: z.number().check(z.gte(0), z.lte(10 * 366 * 86_400)) });

const faultsRequestSchema = z.strictObject({
  sesThrottleRate: z.optional(z.number().check(z.gte(0), z.lte(1))),
  crashAfterInvoke: z.optional(z.partialRecord(z.enum(Object.keys(functions) as [FunctionName, ...FunctionName[]]), z.int().check(z.gte(0), z.lte(100)))),
});

const parseJson = (body: Buffer): unknown => {
  try {
    return body.byteLength ? JSON.parse(body.toString('utf8')) : {};
  } catch {
    return Symbol.for('invalid');
  }
};

const validationFailure = (error: z.core.$ZodError) => ({
  error: 'validation',
  message: 'invalid input',
  fields: error.issues.map((i) => ({ path: i.path.join('.') || '(body)', message: i.message })),
});

export interface GatewayOptions {
  readonly port: number;
  readonly lambdas: LambdaHost;
  readonly identity: DevIdentity;
  readonly faults: Faults;
  /** The development certification authority behind `/dev/certificates` and its CRLs at `/dev/ca/*.crl`. */
  readonly ca: DevCertificationAuthority;
  /** Called after the development clock moved, so the schedule can catch up at once. */
  readonly onClockAdvanced?: () => void;
  /** Per-function concurrency and wait queue; defaults from the environment ({@link admissionFromEnv}). */
  readonly admission?: AdmissionLimits;
}

export const startGateway = async (options: GatewayOptions): Promise<{ server: Server; port: number }> => {
  const routes = compiledRoutes();
  // A route without parameters is found by its key; the others are tried in order of specificity, those of the
  // request's method only. A literal route is always the most specific for its own path, so looking it up first
  // picks what the ordered scan would.
  const literalRoutes = new Map<string, CompiledRoute>(routes.filter((r) => r.params.length === 0).map((r) => [`${r.route.method} ${r.route.path}`, r]));
  const parameterRoutes = new Map<string, CompiledRoute[]>();
  for (const r of routes) if (r.params.length > 0) parameterRoutes.set(r.route.method, [...(parameterRoutes.get(r.route.method) ?? []), r]);
  const limits = options.admission ?? admissionFromEnv();
  const admissions = new Map<FunctionName, Admission>();
  const admissionOf = (fn: FunctionName): Admission => {
    let admission = admissions.get(fn);
    if (!admission) admissions.set(fn, (admission = new Admission(limits)));
    return admission;
  };

  const handleDev = async (request: IncomingMessage, response: ServerResponse, path: string): Promise<void> => {
    const body = await readBody(request);
    if (body === 'too-large') return send(response, 413, { error: 'payload_too_large', message: 'Request Entity Too Large' });
    const input = parseJson(body);
    if (request.method === 'POST' && path === '/dev/token') {
      const parsed = z.safeParse(tokenRequestSchema, input);
      if (!parsed.success) return send(response, 422, validationFailure(parsed.error));
      if (parsed.data.role === 'akimat' && !parsed.data.kato) {
        return send(response, 422, { error: 'validation', message: 'an akimat token needs kato', fields: [{ path: 'kato', message: 'required for role akimat' }] });
      }
      if (parsed.data.role === 'financier' && !parsed.data.route) {
        return send(response, 422, { error: 'validation', message: 'a financier token needs route', fields: [{ path: 'route', message: 'required for role financier: dbk-banks or khc-bonds' }] });
      }
      if (parsed.data.role === 'contractor' && !parsed.data.bin) {
        return send(response, 422, { error: 'validation', message: 'a contractor token needs bin', fields: [{ path: 'bin', message: 'required for role contractor' }] });
      }
      return send(response, 200, { token: await options.identity.issue(parsed.data) });
    }
    if (path === '/dev/clock' && request.method === 'GET') return send(response, 200, { now: nowIso() });
    if (path === '/dev/clock' && request.method === 'POST') {
      const parsed = z.safeParse(clockRequestSchema, input);
      if (!parsed.success) return send(response, 422, validationFailure(parsed.error));
      advanceClock(parsed.data.advanceSeconds);
      options.onClockAdvanced?.();
      return send(response, 200, { now: nowIso() });
    }
    if (request.method === 'POST' && path === '/dev/certificates') {
      const parsed = z.safeParse(certificateRequestSchema, input);
      if (!parsed.success) return send(response, 422, validationFailure(parsed.error));
      const { notBefore, notAfter, ...rest } = parsed.data;
      const issued = await options.ca.issue({
        ...rest,
        ...(notBefore ? { notBefore: new Date(notBefore) } : {}),
        ...(notAfter ? { notAfter: new Date(notAfter) } : {}),
      });
      return send(response, 200, { privateKey: issued.privateKey, certificate: issued.certificate, chain: issued.chain });
    }
    if (request.method === 'POST' && path === '/dev/certificates/revoke') {
      const parsed = z.safeParse(revokeRequestSchema, input);
      if (!parsed.success) return send(response, 422, validationFailure(parsed.error));
      try {
        return send(response, 200, { serialNumber: await options.ca.revoke(parsed.data.certificate), revoked: true });
      } catch (error) {
        return send(response, 422, { error: 'validation', message: (error as Error).message, fields: [{ path: 'certificate', message: 'not a certificate of the development CA' }] });
      }
    }
    const crl = request.method === 'GET' ? /^\/dev\/ca\/(root|issuing)\.crl$/.exec(path) : null;
    if (crl) {
      response.writeHead(200, { 'content-type': 'application/pkix-crl', 'cache-control': 'no-store' });
      return void response.end(Buffer.from(await options.ca.crl(crl[1] as 'root' | 'issuing')));
    }
    if (request.method === 'GET' && path === '/dev/ca/trust-store.pem') {
      response.writeHead(200, { 'content-type': 'application/x-pem-file' });
      return void response.end(options.ca.trustStorePem);
    }
    if (path === '/dev/faults' && request.method === 'GET') return send(response, 200, options.faults);
    if (path === '/dev/faults' && request.method === 'POST') {
      const parsed = z.safeParse(faultsRequestSchema, input);
      if (!parsed.success) return send(response, 422, validationFailure(parsed.error));
      if (parsed.data.sesThrottleRate !== undefined) options.faults.sesThrottleRate = parsed.data.sesThrottleRate;
      if (parsed.data.crashAfterInvoke) Object.assign(options.faults.crashAfterInvoke, parsed.data.crashAfterInvoke);
      return send(response, 200, options.faults);
    }
    return send(response, 404, NOT_FOUND_BODY);
  };

  const handleApi = async (request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> => {
    const method = request.method ?? 'GET';
    const exact = literalRoutes.get(`${method} ${url.pathname}`);
    let match: { compiled: CompiledRoute; values: string[] } | undefined = exact ? { compiled: exact, values: [] } : undefined;
    for (const compiled of match ? [] : (parameterRoutes.get(method) ?? [])) {
      const found = compiled.pattern.exec(url.pathname);
      if (found) {
        match = { compiled, values: found.slice(1) };
        break;
      }
    }
    if (!match) return send(response, 404, NOT_FOUND_BODY);
    const { compiled, values } = match;
    // A malformed percent-encoding (`%ZZ`, a lone `%`, overlong UTF-8 such as `%C0%AF`) is the client's error; the HTTP
    // API rejects it with a 400 before any function runs.
    let pathParameters: Record<string, string> | undefined;
    const undecodable: { path: string; message: string }[] = [];
    if (compiled.params.length) {
      pathParameters = {};
      compiled.params.forEach((p, i) => {
        try {
          pathParameters![p] = decodeURIComponent(values[i]!);
        } catch {
          undecodable.push({ path: `path.${p}`, message: 'not validly percent-encoded (RFC 3986, UTF-8)' });
        }
      });
    }
    if (undecodable.length > 0) {
      return send(response, 400, { error: 'bad_request', message: 'the path is not validly percent-encoded (RFC 3986, UTF-8)', fields: undecodable });
    }

    let claims: Record<string, string | number | boolean | string[]> | undefined;
    if (compiled.route.auth !== 'public') {
      const authorization = request.headers.authorization ?? '';
      const token = /^Bearer\s+(\S+)$/i.exec(authorization)?.[1];
      claims = token ? await options.identity.verify(token) : undefined;
      if (!claims) return send(response, 401, { error: 'unauthorized', message: 'Unauthorized' }, { 'www-authenticate': 'Bearer' });
    }

    const body = await readBody(request);
    if (body === 'too-large') return send(response, 413, { error: 'payload_too_large', message: 'Request Entity Too Large' });

    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers)) {
      if (value !== undefined && name !== 'cookie') headers[name] = Array.isArray(value) ? value.join(',') : value;
    }
    const query: Record<string, string> = {};
    for (const [name, value] of url.searchParams) query[name] = name in query ? `${query[name]},${value}` : value;
    const textual = isTextual(headers['content-type']);
    const time = new Date();

    const event: APIGatewayProxyEventV2WithJWTAuthorizer = {
      version: '2.0',
      routeKey: compiled.key,
      rawPath: url.pathname,
      rawQueryString: url.search.slice(1),
      ...(request.headers.cookie ? { cookies: request.headers.cookie.split(/;\s*/) } : {}),
      headers,
      ...(url.search ? { queryStringParameters: query } : {}),
      ...(pathParameters ? { pathParameters } : {}),
      requestContext: {
        accountId: '000000000000',
        apiId: 'local',
        authorizer: { principalId: '', integrationLatency: 0, jwt: { claims: (claims ?? {}) as Record<string, string>, scopes: [] } },
        domainName: headers.host ?? '127.0.0.1',
        domainPrefix: '127',
        http: {
          method,
          path: url.pathname,
          protocol: `HTTP/${request.httpVersion}`,
          sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
          userAgent: headers['user-agent'] ?? '',
        },
        requestId: randomUUID(),
        routeKey: compiled.key,
        stage: '$default',
        time: time.toISOString(),
        timeEpoch: time.getTime(),
      },
      ...(body.byteLength
        ? { body: textual ? body.toString('utf8') : body.toString('base64'), isBase64Encoded: !textual }
        : { isBase64Encoded: false }),
    };
    if (!compiled.route.auth || compiled.route.auth === 'public') {
      // Public routes have no authorizer in AWS: the handler sees no claims.
      delete (event.requestContext as { authorizer?: unknown }).authorizer;
    }

    // Lambda's concurrency limit and API Gateway's throttling: beyond the function's slots and its short queue, the
    // request is refused with 503 + Retry-After rather than slowing every other one down into a timeout.
    const release = await admissionOf(compiled.fn).acquire();
    if (typeof release === 'string') {
      return send(response, ...unavailable(`the API is busy (${release === 'queue-full' ? 'too many requests waiting' : 'no capacity in time'}); retry after ${RETRY_AFTER_SECONDS} s`));
    }
    let result: unknown;
    try {
      result = await options.lambdas.invoke(compiled.fn, event);
    } catch (error) {
      if (error instanceof InvocationTimeoutError) {
        // As API Gateway answers when the integration does not answer in time: the request may be retried.
        process.stderr.write(`konkurs: ${error.message}\n`);
        return send(response, ...unavailable(`the request took too long to process; retry after ${RETRY_AFTER_SECONDS} s`));
      }
      process.stderr.write(`konkurs: ${compiled.fn} failed: ${(error as Error).stack ?? error}\n`);
      return send(response, 500, { error: 'internal', message: 'Internal Server Error' });
    } finally {
      release();
    }
    writeResult(response, result);
  };

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (request.method === 'OPTIONS') {
      response.writeHead(204, corsHeaders(request));
      response.end();
      return;
    }
    // The portal (another origin) must read the gateway's own answers too: /dev/* (sign-in, clock) and its 401, 404
    // and 413. A handler's CORS headers, written later with writeHead, take precedence over this default.
    response.setHeader('access-control-allow-origin', '*');
    const work = url.pathname.startsWith('/dev/') ? handleDev(request, response, url.pathname) : handleApi(request, response, url);
    work.catch((error: unknown) => {
      process.stderr.write(`konkurs: gateway error: ${(error as Error).stack ?? error}\n`);
      if (!response.headersSent) send(response, 500, { error: 'internal', message: 'Internal Server Error' });
      else response.end();
    });
  });
  server.keepAliveTimeout = 65_000;
  return listen(server, options.port, 'KONKURS_API_PORT');
};

/** Writes a payload-2.0 result as API Gateway does, including its shorthand of a bare object meaning 200 JSON. */
const writeResult = (response: ServerResponse, result: unknown): void => {
  const structured =
    result && typeof result === 'object' && 'statusCode' in result
      ? (result as APIGatewayProxyStructuredResultV2)
      : { statusCode: 200, body: JSON.stringify(result), headers: { 'content-type': 'application/json' } };
  const headers: Record<string, string | string[]> = {};
  // API Gateway reads the result as JSON, where a header whose value is undefined does not exist (middy's security
  // headers unset `Server` and `X-Powered-By` that way): such headers are left out, not sent as "undefined".
  for (const [name, value] of Object.entries(structured.headers ?? {})) {
    if (value !== undefined && value !== null) headers[name.toLowerCase()] = String(value);
  }
  if (structured.cookies?.length) headers['set-cookie'] = structured.cookies;
  const body =
    structured.body === undefined
      ? undefined
      : structured.isBase64Encoded
        ? Buffer.from(structured.body, 'base64')
        : Buffer.from(structured.body, 'utf8');
  const status = structured.statusCode ?? 200;
  // The length, as API Gateway sends it: head and body in one write, no chunked framing for the client to parse
  // (none on 204 and 304, which have no body and must not announce one: RFC 9110 §8.6).
  if (status !== 204 && status !== 304) headers['content-length'] = String(body?.byteLength ?? 0);
  response.writeHead(status, headers);
  response.end(body);
};
