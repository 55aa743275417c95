/**
 * The OpenAPI 3.1 document of the HTTP API, generated rather than written: from the route definitions
 * (`shared/http/routes/`), the same ones the HTTP chain parses input with and checks roles by and the topology builds
 * the API Gateway routes from. OpenAPI 3.1 schemas are JSON Schema 2020-12, which is what `z.toJSONSchema` emits, so
 * converted schemas are used as they are.
 */
import * as z from 'zod/mini';
import { pathParamRule } from '../http/path-params.js';
import { routeKey, type RouteDefinition, type RouteResponse } from '../http/route.js';
import { allRoutes, type HttpFunctionName } from '../http/routes/index.js';
import { buildAllDeferred } from './deferred.js';

export const API_VERSION = '0.1.0';

type JsonSchema = Record<string, unknown>;

export interface OpenApiParameter {
  readonly name: string;
  readonly in: 'path' | 'query';
  readonly required: boolean;
  readonly description?: string;
  readonly schema: JsonSchema;
}

export interface OpenApiOperation {
  readonly operationId: string;
  readonly summary: string;
  readonly description: string;
  readonly tags: string[];
  readonly parameters?: OpenApiParameter[];
  readonly requestBody?: { required: boolean; content: { 'application/json': { schema: JsonSchema } } };
  readonly responses: Record<string, unknown>;
  /** Present on protected routes only: a public route needs no token. */
  readonly security?: Record<string, string[]>[];
  /** The roles the route admits; absent on public routes. */
  readonly 'x-roles'?: string[];
  /** The function that serves the route. */
  readonly 'x-function': HttpFunctionName;
}

export interface OpenApiDocument {
  readonly openapi: '3.1.0';
  readonly info: { title: string; version: string; description: string };
  readonly tags: { name: string }[];
  readonly paths: Record<string, Record<string, OpenApiOperation>>;
  readonly components: {
    schemas: Record<string, JsonSchema>;
    responses: Record<string, unknown>;
    securitySchemes: Record<string, unknown>;
  };
}

/** The JSON body of every error response (`shared/errors.ts`). */
const errorBody = z.object({
  error: z.string().check(z.describe('Machine-readable code: validation, not_found, forbidden, …')),
  message: z.string(),
  fields: z.optional(
    z.array(z.object({ path: z.string().check(z.describe('Offending field, e.g. `query.region`')), message: z.string() })),
  ),
});

const ERROR_RESPONSES = {
  BadRequest: [400, 'The body is not valid JSON'],
  Unauthorized: [401, 'No valid bearer token'],
  Forbidden: [403, 'The caller’s role or tenancy does not allow this'],
  NotFound: [404, 'No such resource'],
  PayloadTooLarge: [413, 'The body exceeds 64 KiB'],
  UnsupportedMediaType: [415, 'The body is not `application/json`'],
  Validation: [422, 'Invalid input; `fields` names each offending field'],
  Conflict: [409, 'The resource is not in a state that allows this'],
  TooManyRequests: [429, 'Rate-limited: the `Retry-After` header says how many seconds to wait'],
  ServiceUnavailable: [503, 'The API is busy or the request ran out of time; retry after `Retry-After` seconds'],
  Internal: [500, 'Unexpected error (details only in the server log)'],
} as const;

/** Headers of error responses that carry them. */
const ERROR_HEADERS: Partial<Record<keyof typeof ERROR_RESPONSES, Record<string, unknown>>> = {
  ServiceUnavailable: {
    'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer', minimum: 1 } },
  },
};

type ErrorResponse = keyof typeof ERROR_RESPONSES;

const errorRef = (name: ErrorResponse) => ({ $ref: `#/components/responses/${name}` });

/**
 * Converts zod schemas and collects the definitions they share (`$defs`, from schemas given an id with `z.meta`, or
 * recursive ones) into `components.schemas`, where references inside a larger document can reach them.
 */
class SchemaConverter {
  readonly components: Record<string, JsonSchema> = {};

  convert(schema: z.ZodMiniType, io: 'input' | 'output', where: string): JsonSchema {
    const json = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;
    const { $schema: _dialect, $defs, ...root } = json;
    const renames = new Map<string, string>();
    const definitions = Object.entries(($defs ?? {}) as Record<string, JsonSchema>);
    for (const [name, definition] of definitions) renames.set(name, this.componentName(name, definition, renames));
    const rewrite = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(rewrite);
      if (!value || typeof value !== 'object') return value;
      return Object.fromEntries(
        Object.entries(value).map(([key, inner]) => {
          if (key !== '$ref' || typeof inner !== 'string') return [key, rewrite(inner)];
          const local = /^#\/\$defs\/(.+)$/.exec(inner)?.[1];
          if (local !== undefined && renames.has(local)) return [key, `#/components/schemas/${renames.get(local)}`];
          // `#` alone is the schema's own root, which means nothing once embedded in the document.
          throw new Error(`${where}: unsupported reference ${inner}; give recursive schemas an id with z.meta({ id })`);
        }),
      );
    };
    for (const [name, definition] of definitions) this.components[renames.get(name)!] = rewrite(definition) as JsonSchema;
    return rewrite(root) as JsonSchema;
  }

  /** The definition's own name unless another, different definition holds it already. */
  private componentName(name: string, definition: JsonSchema, taken: Map<string, string>): string {
    const safe = name.replace(/[^A-Za-z0-9._-]/g, '_');
    for (let n = 1; ; n += 1) {
      const candidate = n === 1 ? safe : `${safe}_${n}`;
      const existing = this.components[candidate];
      const claimed = [...taken.values()].includes(candidate);
      if (!claimed && (existing === undefined || JSON.stringify(existing) === JSON.stringify(definition))) return candidate;
    }
  }
}

const capitalise = (word: string): string => word.charAt(0).toUpperCase() + word.slice(1);

/** `GET /projects/{id}` → `getProjectsById`. */
const operationIdOf = (route: RouteDefinition): string =>
  route.method.toLowerCase() +
  route.path
    .split('/')
    .filter(Boolean)
    .map((segment) => {
      const param = /^\{(.+)\}$/.exec(segment)?.[1];
      return (param ? `by-${param}` : segment).split(/[^A-Za-z0-9]+/).filter(Boolean).map(capitalise).join('');
    })
    .join('');

const pathParamsOf = (path: string): string[] => [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);

/** The properties of an object schema (a query or path schema), one parameter each. */
const objectProperties = (json: JsonSchema, where: string): { properties: Record<string, JsonSchema>; required: Set<string> } => {
  if (json.type !== 'object' || !json.properties || typeof json.properties !== 'object') {
    throw new Error(`${where}: parameters must be described by an object schema`);
  }
  return {
    properties: json.properties as Record<string, JsonSchema>,
    required: new Set((json.required as string[] | undefined) ?? []),
  };
};

const parameter = (name: string, location: 'path' | 'query', required: boolean, schema: JsonSchema): OpenApiParameter => {
  const { description, ...rest } = schema;
  return {
    name,
    in: location,
    required,
    ...(typeof description === 'string' ? { description } : {}),
    schema: rest,
  };
};

/** The rule the HTTP chain checks every path parameter against (`shared/http/path-params.ts`), as JSON Schema. */
const pathParamJsonSchema = (name: string): JsonSchema => {
  const rule = pathParamRule(name);
  return { type: 'string', pattern: rule.pattern.source, maxLength: rule.maxLength, description: `${rule.description[0]!.toUpperCase()}${rule.description.slice(1)}` };
};

const parametersOf = (route: RouteDefinition, converter: SchemaConverter): OpenApiParameter[] => {
  const key = routeKey(route);
  const pathSchemas = route.params ? objectProperties(converter.convert(route.params, 'input', key), key).properties : {};
  const pathParams = pathParamsOf(route.path).map((name) =>
    parameter(name, 'path', true, pathSchemas[name] ?? pathParamJsonSchema(name)),
  );
  if (!route.query) return pathParams;
  const { properties, required } = objectProperties(converter.convert(route.query, 'input', key), key);
  return [
    ...pathParams,
    ...Object.entries(properties).map(([name, schema]) => parameter(name, 'query', required.has(name), schema)),
  ];
};

const STATUS_NAMES: Readonly<Record<number, string>> = { 200: 'OK', 201: 'Created', 202: 'Accepted', 204: 'No content', 302: 'Found' };

const TEXT_BODY = { schema: { type: 'string' } };

/** The documented success responses: the declared one (body schema, media type, headers) and any alternatives. */
const successResponses = (response: RouteResponse, converter: SchemaConverter, key: string): Record<string, unknown> => {
  const content: Record<string, unknown> = {
    ...(response.schema ? { 'application/json': { schema: converter.convert(response.schema, 'output', key) } } : {}),
    ...(response.contentType ? { [response.contentType]: TEXT_BODY } : {}),
  };
  const documented: Record<string, { description: string; content?: Record<string, unknown>; headers?: Record<string, unknown> }> = {
    [String(response.status)]: {
      description: response.description ?? STATUS_NAMES[response.status] ?? 'Success',
      ...(Object.keys(content).length > 0 ? { content } : {}),
      ...(response.headers
        ? { headers: Object.fromEntries(Object.entries(response.headers).map(([name, description]) => [name, { description, schema: { type: 'string' } }])) }
        : {}),
    },
  };
  for (const [status, alternative] of Object.entries(response.alternatives ?? {})) {
    const existing = documented[status];
    const extra = alternative.contentType ? { [alternative.contentType]: TEXT_BODY } : undefined;
    documented[status] = existing
      ? { ...existing, description: `${existing.description}; or ${alternative.description}`, ...(extra ? { content: { ...existing.content, ...extra } } : {}) }
      : { description: alternative.description, ...(extra ? { content: extra } : {}) };
  }
  return documented;
};

const operationOf = (fn: HttpFunctionName, route: RouteDefinition, converter: SchemaConverter): OpenApiOperation => {
  const key = routeKey(route);
  const isPublic = route.auth === 'public';
  const roles = route.auth === 'public' ? [] : [...route.auth];
  const parameters = parametersOf(route, converter);
  const access = isPublic ? 'Public: no token needed.' : `Roles: ${roles.join(', ')} (bearer JWT).`;
  const errors: ErrorResponse[] = [
    ...(route.body ? (['BadRequest', 'PayloadTooLarge', 'UnsupportedMediaType'] as const) : []),
    ...(isPublic ? [] : (['Unauthorized', 'Forbidden'] as const)),
    ...(pathParamsOf(route.path).length > 0 ? (['NotFound'] as const) : []),
    ...(route.body || route.query || parameters.length > 0 ? (['Validation'] as const) : []),
    ...(route.errors ?? []),
    // Any route, under overload (local gateway admission) or when its function runs out of time.
    'ServiceUnavailable',
  ];
  return {
    operationId: operationIdOf(route),
    summary: route.summary,
    description: [route.description, access].filter(Boolean).join('\n\n'),
    tags: [...route.tags],
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(route.body
      ? {
          requestBody: {
            required: !z.safeParse(route.body, undefined).success,
            content: { 'application/json': { schema: converter.convert(route.body, 'input', key) } },
          },
        }
      : {}),
    responses: {
      ...successResponses(route.response, converter, key),
      ...Object.fromEntries(errors.map((name) => [String(ERROR_RESPONSES[name][0]), errorRef(name)])),
      default: errorRef('Internal'),
    },
    ...(isPublic ? {} : { security: [{ bearerAuth: [] }], 'x-roles': roles }),
    'x-function': fn,
  };
};

/** The OpenAPI 3.1.0 document of the given routes: every route of the API unless told otherwise (tests). */
export const buildOpenApi = (routes: readonly { fn: HttpFunctionName; route: RouteDefinition }[] = allRoutes()): OpenApiDocument => {
  // Every schema built first, so the converter finds each one's metadata wherever it meets it (`deferred.ts`).
  buildAllDeferred();
  const converter = new SchemaConverter();
  const paths: Record<string, Record<string, OpenApiOperation>> = {};
  const operationIds = new Set<string>();
  const tags: string[] = [];
  for (const { fn, route } of routes) {
    const method = route.method.toLowerCase();
    const item = (paths[route.path] ??= {});
    if (item[method]) throw new Error(`route ${routeKey(route)} is defined twice`);
    let operation = operationOf(fn, route, converter);
    for (let n = 2; operationIds.has(operation.operationId); n += 1) {
      operation = { ...operation, operationId: `${operationIdOf(route)}${n}` };
    }
    operationIds.add(operation.operationId);
    for (const tag of operation.tags) if (!tags.includes(tag)) tags.push(tag);
    item[method] = operation;
  }
  const errorSchema = converter.convert(errorBody, 'output', 'Error');
  return {
    openapi: '3.1.0',
    info: {
      title: 'Konkurs API',
      version: API_VERSION,
      description:
        'Competitions, contractors and sealed bids of the МЭКС programme (modernisation of utility and energy ' +
        'networks in Kazakhstan). Errors are JSON `{ error, message, fields? }`; lists are `{ items, cursor? }`.',
    },
    tags: tags.map((name) => ({ name })),
    paths,
    components: {
      schemas: { ...converter.components, Error: errorSchema },
      responses: Object.fromEntries(
        Object.entries(ERROR_RESPONSES).map(([name, [, description]]) => [
          name,
          {
            description,
            ...(ERROR_HEADERS[name as ErrorResponse] ? { headers: ERROR_HEADERS[name as ErrorResponse] } : {}),
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
          },
        ]),
      ),
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'A Cognito user-pool token (locally: from the development identity provider).',
        },
      },
    },
  };
};
