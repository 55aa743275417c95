/**
 * One HTTP route, defined once: method, path, who may call it, the schemas of its path, query and body, its success
 * response and its documentation. The definitions are plain data (zod/mini schemas, no handler), so that everything
 * else is derived from them without loading any function's code: the HTTP chain parses input with them and checks
 * roles (`api.ts`), the topology lists them as API Gateway routes, the OpenAPI document describes them and the
 * integration tests validate real responses against them. Each function implements its definitions by name
 * (`httpApi(routes, handlers)`), and the compiler checks that every route has a handler taking the declared input.
 */
import type * as z from 'zod/mini';
import type { Role } from '../domain/roles.js';
import type { Caller } from './identity.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** `public`: no authorizer; otherwise the JWT authorizer runs and the chain admits only these roles. */
export type RouteAuth = 'public' | readonly Role[];

/** Error responses a route may answer beyond those derived from its definition (auth, parameters, body). */
export type ExtraError = 'Conflict' | 'TooManyRequests';

export interface RouteResponse {
  /** Status of the success response. */
  readonly status: 200 | 201 | 202 | 204 | 302;
  /** Schema of the JSON body; absent when the success response has no body or is not JSON (`contentType`). */
  readonly schema?: z.ZodMiniType;
  /** Media type of a body that is not JSON (a CSV download, an HTML page). */
  readonly contentType?: 'text/csv' | 'text/html';
  /** What the response is, for the document; the status's name when absent. */
  readonly description?: string;
  /** Response headers worth documenting (`Location`, `Link`), with what they carry. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Other success answers of the route, by status, with what they mean (the OCDS feed's 204; an HTML page). */
  readonly alternatives?: Readonly<Record<number, { readonly description: string; readonly contentType?: 'text/html' }>>;
}

export interface RouteDefinition {
  readonly method: HttpMethod;
  /** API Gateway v2 path syntax: `/competitions/{id}/publish`. */
  readonly path: string;
  readonly auth: RouteAuth;
  /** One line: what the route does. */
  readonly summary: string;
  /** Longer prose; the OpenAPI generator appends the roles. */
  readonly description?: string;
  /** Groups in the rendered document. */
  readonly tags: readonly string[];
  /**
   * Path parameters (a strict object of strings), parsed after the chain's own check of every parameter
   * (`path-params.ts`); without it each `{param}` reaches the handler as a string.
   */
  readonly params?: z.ZodMiniType;
  /** Query parameters (a strict object); without it the query string is ignored. */
  readonly query?: z.ZodMiniType;
  /** JSON request body; without it a body is still read (415 and 400 as on every route) and then ignored. */
  readonly body?: z.ZodMiniType;
  /** Also take `application/x-www-form-urlencoded` bodies (the one-click unsubscribe of mail clients, RFC 8058). */
  readonly acceptsForm?: boolean;
  /** A bound below the chain's 64 KiB for this route's body: 413 above it. */
  readonly maxBodyBytes?: number;
  readonly response: RouteResponse;
  readonly errors?: readonly ExtraError[];
}

/** The routes of one function, by the name its handlers are given under. */
export type RouteTable = Readonly<Record<string, RouteDefinition>>;

/** Keeps the literal types of a definition (path, roles, schemas): the handler's input types come from them. */
export const defineRoute = <const D extends RouteDefinition>(definition: D): D => definition;

/** The API Gateway route key (`POST /competitions/{id}/publish`) of a route. */
export const routeKey = (route: Pick<RouteDefinition, 'method' | 'path'>): string => `${route.method} ${route.path}`;

type ParamNames<P extends string> = P extends `${string}{${infer Name}}${infer Rest}` ? Name | ParamNames<Rest> : never;

type Output<S, Otherwise> = S extends z.ZodMiniType ? z.output<S> : Otherwise;

/** Who calls a route: anyone (maybe signed in) on a public one, a caller of one of its roles on a protected one. */
export type CallerOf<D extends RouteDefinition> = D['auth'] extends readonly Role[]
  ? Caller & { readonly role: D['auth'][number] }
  : Caller | undefined;

/** What a handler gets: the input parsed with the route's schemas and the caller its auth admits. */
export interface RouteInput<D extends RouteDefinition> {
  readonly caller: CallerOf<D>;
  readonly params: Output<D['params'], { readonly [K in ParamNames<D['path']>]: string }>;
  readonly query: Output<D['query'], undefined>;
  readonly body: Output<D['body'], undefined>;
  /** Lower-cased header names. */
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * What a handler answers; the status is the route's declared one unless given (another success, such as a 204). The
 * body is not typed by the response schema: the use cases' views are wider in places (a `string` status where the
 * schema names the values), so the integration tests validate every real response against the schema instead.
 */
export interface RouteResult {
  readonly statusCode?: number;
  /** Serialised as JSON unless it is a string (CSV, HTML). */
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export type RouteHandler<D extends RouteDefinition> = (input: RouteInput<D>) => Promise<RouteResult>;

/** One handler per route of the table, under the same name. */
export type RouteHandlers<T extends RouteTable> = { readonly [K in keyof T]: RouteHandler<T[K]> };
