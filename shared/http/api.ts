/**
 * The one middleware chain of every HTTP function: body parsing with a size bound, caller identity and role check
 * from the route definitions (`route.ts`), input parsed with their schemas, security headers, CORS, and typed errors
 * mapped to JSON bodies (4xx with field paths; 5xx generic, the details only in the log).
 */
import middy, { type MiddlewareObj } from '@middy/core';
import httpCors from '@middy/http-cors';
import httpErrorHandler from '@middy/http-error-handler';
import httpSecurityHeaders from '@middy/http-security-headers';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { config } from '../config.js';
import {
  BadRequestError,
  ForbiddenError,
  HttpError,
  NotFoundError,
  PayloadTooLargeError,
  ServiceUnavailableError,
  UnauthorizedError,
  UnsupportedMediaTypeError,
} from '../errors.js';
import { callerFromClaims, type Caller } from './identity.js';
import { checkPathParams } from './path-params.js';
import { routeKey, type RouteAuth, type RouteDefinition, type RouteHandler, type RouteHandlers, type RouteTable } from './route.js';
import { parseInput } from './validation.js';

export type HttpEvent = APIGatewayProxyEventV2WithJWTAuthorizer;

export interface HttpResult {
  readonly statusCode: number;
  /** Serialised as JSON unless it is already a string (CSV, HTML). */
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** Bodies above this are refused with 413 before parsing; API Gateway's own limit is far higher. */
export const MAX_BODY_BYTES = 64 * 1024;

const lowerCaseHeaders = (headers: HttpEvent['headers'] | undefined): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) if (value !== undefined) out[name.toLowerCase()] = value;
  return out;
};

const readBody = (event: HttpEvent, headers: Record<string, string>, acceptsForm: boolean): unknown => {
  if (event.body === undefined || event.body === null || event.body === '') return undefined;
  const raw = event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
  if (raw.byteLength > MAX_BODY_BYTES) throw new PayloadTooLargeError(MAX_BODY_BYTES);
  const contentType = headers['content-type'] ?? '';
  // Form bodies only where a route takes them (the one-click unsubscribe POST of mail clients, RFC 8058, and plain
  // HTML forms); every other route is JSON and answers 415.
  if (acceptsForm && /^application\/x-www-form-urlencoded\s*($|;)/i.test(contentType)) {
    return Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
  }
  if (!/^application\/(.+\+)?json\s*($|;)/i.test(contentType)) throw new UnsupportedMediaTypeError();
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new BadRequestError('the request body is not valid JSON', [{ path: '(body)', message: 'malformed JSON' }]);
  }
};

/** Admits the caller the route allows: anyone on public routes; on protected ones, a listed role (else 401/403). */
const authorize = (auth: RouteAuth, event: HttpEvent): Caller | undefined => {
  const caller = callerFromClaims(event.requestContext.authorizer?.jwt?.claims);
  if (auth === 'public') return caller;
  if (!caller) throw new UnauthorizedError();
  if (!auth.includes(caller.role)) throw new ForbiddenError(`this route is for: ${auth.join(', ')}`);
  return caller;
};

const toResponse = (result: HttpResult): APIGatewayProxyResultV2 => {
  const isText = typeof result.body === 'string';
  return {
    statusCode: result.statusCode,
    headers: {
      ...(result.body !== undefined && !isText ? { 'Content-Type': 'application/json; charset=utf-8' } : {}),
      'Cache-Control': 'no-store',
      ...result.headers,
    },
    ...(result.body !== undefined ? { body: isText ? (result.body as string) : JSON.stringify(result.body) } : {}),
  };
};

/**
 * Logs an unexpected error as one JSON line (CloudWatch parses it like Powertools' output). HTTP functions log only
 * these, so they do without the Powertools logger: its ~21 KB would cost every cold start about 2–3 ms of the import
 * budget (docs/benchmarks.md). Queue and stream consumers, which log as they work, keep Powertools.
 */
const logUnexpected = (error: unknown): void => {
  const e = error instanceof Error ? error : new Error(String(error));
  console.error(
    JSON.stringify({
      level: 'ERROR',
      message: 'request failed',
      timestamp: new Date().toISOString(),
      service: process.env.POWERTOOLS_SERVICE_NAME ?? 'konkurs',
      error: { name: e.name, message: e.message, stack: e.stack },
    }),
  );
};

/** Turns errors the chain knows into their JSON response; anything else is left for the generic 500. */
const typedErrors = (): MiddlewareObj<HttpEvent, APIGatewayProxyResultV2> => ({
  onError: async (request) => {
    // middy ends an invocation that is about to reach the function's timeout with a TimeoutError: under overload that
    // is a busy API, not a broken one — 503 with Retry-After, so clients back off and retry.
    const error =
      request.error?.name === 'TimeoutError' ? new ServiceUnavailableError('the request took too long to process; retry after 1 s') : request.error;
    if (error instanceof HttpError) {
      request.response = toResponse({ statusCode: error.statusCode, body: error.toBody(), headers: error.headers ?? {} });
      return;
    }
    // Errors raised by middy middlewares (e.g. CORS) carry statusCode/expose.
    const status = (error as { statusCode?: number } | null)?.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      request.response = toResponse({ statusCode: status, body: { error: 'bad_request', message: error?.message } });
    }
  },
});

export interface HttpApiOptions {
  /**
   * Content-Security-Policy directives that replace the strict defaults (`default-src 'none'`, `form-action 'none'`,
   * `sandbox`, …) one by one, for a function whose HTML pages need them (the unsubscribe page posts a form).
   */
  readonly contentSecurityPolicy?: Readonly<Record<string, string>>;
}

const stringEntries = (values: Readonly<Record<string, string | undefined>> | undefined): Record<string, string> =>
  Object.fromEntries(Object.entries(values ?? {}).filter((e): e is [string, string] => e[1] !== undefined));

/**
 * Runs one route: its roles admit the caller (401/403), every path parameter passes its rule (`path-params.ts`, 422
 * naming it), the body is read (413/415/400), then path, query and body are parsed with the route's schemas (422
 * naming each field) before the handler sees them.
 */
const runRoute = async (definition: RouteDefinition, handler: RouteHandler<RouteDefinition>, event: HttpEvent): Promise<HttpResult> => {
  const headers = lowerCaseHeaders(event.headers);
  const caller = authorize(definition.auth, event);
  const rawParams = stringEntries(event.pathParameters);
  checkPathParams(rawParams);
  const body = readBody(event, headers, definition.acceptsForm ?? false);
  if (definition.maxBodyBytes !== undefined && event.body) {
    const size = Buffer.byteLength(event.body, event.isBase64Encoded ? 'base64' : 'utf8');
    if (size > definition.maxBodyBytes) throw new PayloadTooLargeError(definition.maxBodyBytes);
  }
  const result = await handler({
    caller,
    params: definition.params ? parseInput(definition.params, rawParams, 'path') : rawParams,
    query: definition.query ? parseInput(definition.query, stringEntries(event.queryStringParameters), 'query') : undefined,
    body: definition.body ? parseInput(definition.body, body) : undefined,
    headers,
  } as Parameters<RouteHandler<RouteDefinition>>[0]);
  return { ...result, statusCode: result.statusCode ?? definition.response.status };
};

/**
 * Builds the handler of an HTTP function from its route definitions and one handler per route, by name. The
 * definitions are the ones the topology builds the API Gateway routes from and the OpenAPI document describes.
 */
export const httpApi = <T extends RouteTable>(routes: T, handlers: RouteHandlers<T>, options: HttpApiOptions = {}) => {
  const byKey = new Map(
    Object.entries(routes).map(([name, definition]) => [
      routeKey(definition),
      { definition, handler: handlers[name] as unknown as RouteHandler<RouteDefinition> },
    ]),
  );
  return middy<HttpEvent, APIGatewayProxyResultV2, Error, Context>()
    .use(httpSecurityHeaders(options.contentSecurityPolicy ? { contentSecurityPolicy: { ...options.contentSecurityPolicy } } : {}))
    .use(httpCors({ origins: config.CORS_ORIGINS.split(',').map((o) => o.trim()), maxAge: 600 }))
    .use(
      httpErrorHandler({
        logger: logUnexpected,
        fallbackMessage: JSON.stringify({ error: 'internal', message: 'Internal server error' }),
      }),
    )
    .use(typedErrors())
    .handler(async (event) => {
      const route = byKey.get(event.routeKey);
      if (!route) throw new NotFoundError(`no route ${event.routeKey}`);
      return toResponse(await runRoute(route.definition, route.handler, event));
    });
};
