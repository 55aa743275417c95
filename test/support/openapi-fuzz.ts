/**
 * Fuzz cases derived from the served OpenAPI document: for every operation, a baseline request built from its own
 * schemas (path and query parameters, JSON body), then one mutation that breaks it — a wrong type, a missing or
 * unknown field, a huge or odd unicode string, bad money or dates, long or badly encoded ids, bad cursors and limits,
 * a wrong content type or malformed JSON. A new route is fuzzed as soon as the document describes it.
 *
 * Whether a generated request is valid is decided by the document itself (Ajv, JSON Schema 2020-12): the oracle never
 * guesses what the handlers accept.
 */
import fc from 'fast-check';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

type JsonSchema = Record<string, any>;

export interface DocParameter {
  readonly name: string;
  readonly in: 'path' | 'query';
  readonly required?: boolean;
  readonly schema: JsonSchema;
}

export interface DocOperation {
  readonly method: string;
  readonly path: string;
  readonly parameters: readonly DocParameter[];
  readonly body?: JsonSchema;
  /** Roles admitted; empty on public routes. */
  readonly roles: readonly string[];
}

export type MutationKind =
  | 'body-field'
  | 'body-missing'
  | 'body-unknown'
  | 'body-shape'
  | 'body-malformed-json'
  | 'content-type'
  | 'path'
  | 'query';

export interface Mutation {
  readonly kind: MutationKind;
  /** The field the mutation breaks (`price`, `title.ru`, `limit`, `id`); absent when it breaks the whole body. */
  readonly target?: string;
  /** What was done, for reports: `money:1e9`, `long:2100`, `content-type:text/plain`. */
  readonly variant: string;
}

export interface FuzzCase {
  readonly operation: DocOperation;
  readonly role?: string;
  readonly pathValues: Readonly<Record<string, string>>;
  /** Raw (already percent-encoded) path segments that replace a parameter, for bad-encoding cases. */
  readonly rawPath: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, string>>;
  /** The body as sent; `undefined`: no body. */
  readonly body?: string;
  readonly contentType?: string;
  readonly mutation: Mutation;
  /** Whether the request satisfies the document (then a 2xx is allowed); computed with Ajv. */
  readonly validByDocument: boolean;
}

/** Operations of an OpenAPI 3.1 document, with their parameters, JSON body schema and roles. */
export const operationsOf = (document: any): DocOperation[] =>
  Object.entries(document.paths as Record<string, Record<string, any>>).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
      .map(([method, op]) => ({
        method: method.toUpperCase(),
        path,
        parameters: [...(item.parameters ?? []), ...(op.parameters ?? [])] as DocParameter[],
        body: op.requestBody?.content?.['application/json']?.schema as JsonSchema | undefined,
        roles: (op['x-roles'] as string[] | undefined) ?? [],
      })),
  );

// ---------------------------------------------------------------------------------------------------------------
// The document as the oracle.

const ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: true });
(((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (a: unknown) => void)(ajv);
const compiled = new WeakMap<JsonSchema, (value: unknown) => boolean>();
const validator = (schema: JsonSchema): ((value: unknown) => boolean) => {
  let validate = compiled.get(schema);
  if (!validate) {
    const fn = ajv.compile(schema);
    validate = (value) => fn(value) as boolean;
    compiled.set(schema, validate);
  }
  return validate;
};

/** A query or path value (always a string on the wire) against its parameter schema, numbers read canonically. */
const parameterValid = (schema: JsonSchema, value: string): boolean => {
  const types = [schema.type].flat();
  if (types.includes('integer') || types.includes('number')) {
    if (!/^(0|-?[1-9]\d*)$/.test(value)) return false;
    return validator(schema)(Number(value));
  }
  return validator(schema)(value);
};

const caseValid = (operation: DocOperation, c: Omit<FuzzCase, 'validByDocument'>): boolean => {
  if (Object.keys(c.rawPath).length > 0) return false; // a malformed percent-encoding is never a valid URL
  for (const p of operation.parameters) {
    const value = p.in === 'path' ? c.pathValues[p.name] : c.query[p.name];
    if (value === undefined) {
      if (p.required || p.in === 'path') return false;
      continue;
    }
    if (!parameterValid(p.schema, value)) return false;
  }
  if (operation.body) {
    if (c.body === undefined) return false;
    if (!c.contentType || !/^application\/(.+\+)?json\s*($|;)/i.test(c.contentType)) return false;
    let parsed: unknown;
    try {
      parsed = JSON.parse(c.body);
    } catch {
      return false;
    }
    return validator(operation.body)(parsed);
  }
  return true;
};

// ---------------------------------------------------------------------------------------------------------------
// Valid values from a schema (the baseline a mutation breaks).

const MAX_REPEAT = 3;

/**
 * Known-good values by field or parameter name (`bin`, `kato`, a real competition `id`), for what the document
 * describes more loosely than the handlers check (a BIN is `{ type: string }` there, with a checksum in the handler).
 * Optional: without hints every value comes from the schema.
 */
export type Hints = Readonly<Record<string, readonly unknown[]>>;

/** An arbitrary of values that (mostly) satisfy `schema`; the oracle re-checks, so approximations are safe. */
export const validValue = (schema: JsonSchema | undefined, hints: Hints = {}, name?: string): fc.Arbitrary<unknown> => {
  if (!schema) return fc.constant(undefined);
  const hinted = name === undefined ? undefined : hints[name];
  if (hinted?.length) return fc.constantFrom(...hinted);
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  if (Array.isArray(schema.anyOf)) return fc.oneof(...(schema.anyOf as JsonSchema[]).map((s) => validValue(s, hints)));
  if (Array.isArray(schema.oneOf)) return fc.oneof(...(schema.oneOf as JsonSchema[]).map((s) => validValue(s, hints)));
  const type = [schema.type].flat()[0];
  switch (type) {
    case 'string': {
      if (typeof schema.pattern === 'string') return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length <= (schema.maxLength ?? 10_000) && s.length >= (schema.minLength ?? 0));
      if (schema.format === 'email') return fc.constantFrom('fuzz@example.kz', 'a.b@example.com');
      if (schema.format === 'date-time') return fc.constantFrom('2027-03-01T10:00:00Z', '2027-01-15T06:30:00+05:00');
      if (schema.format === 'date') return fc.constantFrom('2027-03-01');
      return fc.string({ minLength: Math.max(1, schema.minLength ?? 1), maxLength: Math.min(schema.maxLength ?? 40, 40) });
    }
    case 'integer':
      return fc.integer({ min: schema.minimum ?? 0, max: schema.maximum ?? 1000 });
    case 'number':
      return fc.double({ min: schema.minimum ?? 0, max: schema.maximum ?? 1000, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(validValue(schema.items, hints), { maxLength: Math.min(schema.maxItems ?? MAX_REPEAT, MAX_REPEAT), minLength: schema.minItems ?? 0 });
    case 'object': {
      const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
      const required = new Set((schema.required ?? []) as string[]);
      return fc.record(
        Object.fromEntries(Object.entries(properties).map(([k, s]) => [k, validValue(s, hints, k)])),
        { requiredKeys: Object.keys(properties).filter((k) => required.has(k)) },
      );
    }
    default:
      return fc.constant('x');
  }
};

// ---------------------------------------------------------------------------------------------------------------
// Bad values.

const MONEY = /\\d\{0,14\}/;
const isMoney = (schema: JsonSchema): boolean => typeof schema.pattern === 'string' && MONEY.test(schema.pattern);
const isDate = (schema: JsonSchema): boolean => schema.format === 'date-time' || schema.format === 'date';

const badMoney = fc.constantFrom(
  '-5', '1e9', '0.001', 'NaN', 'Infinity', '', ' 100', '100 ', '1234567890123456', '99999999999999999999', '1,5', '01',
  '١٢٣', '0x10', '+5', '5.', '.5', '1_000',
);
const badDates = fc.constantFrom(
  '2026-02-30T10:00:00Z', '2026-13-01T00:00:00Z', 'yesterday', '', '2026-12-01', '2026-12-01 10:00:00', '31.12.2026',
  '2026-12-01T25:00:00Z', '+275760-09-13T00:00:00Z', '0000-00-00T00:00:00Z',
);
/** Unicode that stresses storage, escaping and length checks (lone surrogates, bidi controls, NUL, emoji, RTL). */
const oddUnicode = fc.oneof(
  fc.constantFrom('\u202Eevil\u202C', '\u0000', 'a\u0000b', '\uD800', '\uDFFF', '😀'.repeat(300), 'Z\u0351\u0352\u0353'.repeat(50), 'ٱلسَّلَامُ', '\uFEFF', '\t\n\r', ' '),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 60 }),
);
const huge = fc.constantFrom(600, 5_000, 20_000, 70_000).map((n) => 'Ж'.repeat(n));
const wrongType = fc.constantFrom<unknown>(123, -1, 1.5, true, false, null, [], {}, ['a'], { a: 1 }, '');

/** A value meant to break `schema` (the oracle decides whether it did). */
const badValue = (schema: JsonSchema): fc.Arbitrary<{ value: unknown; variant: string }> =>
  fc.oneof(
    { arbitrary: wrongType.map((value) => ({ value, variant: `type:${JSON.stringify(value)}` })), weight: 3 },
    { arbitrary: huge.map((value) => ({ value, variant: `huge:${value.length}` })), weight: 1 },
    { arbitrary: oddUnicode.map((value) => ({ value, variant: 'unicode' })), weight: 2 },
    { arbitrary: badMoney.map((value) => ({ value, variant: `money:${value}` })), weight: isMoney(schema) ? 4 : 1 },
    { arbitrary: badDates.map((value) => ({ value, variant: `date:${value}` })), weight: isDate(schema) ? 4 : 1 },
  );

const badLimits = fc.constantFrom('0', '-1', '101', '501', '1e2', '0x10', ' 5', '5 ', 'abc', '', '1.5', '٣', '99999999999999999999', 'null', '[]');
const base64url = (text: string): string => Buffer.from(text, 'utf8').toString('base64url');
const badCursors = fc.oneof(
  fc.constantFrom('{"s":1.5}', '{"s":-1}', '{"PK":"x"}', '[]', '1', 'null', '{"a":{"b":1}}', '{"PK":1,"SK":2}', '"x"', '{}').map((json) => ({ value: base64url(json), variant: `cursor:${json}` })),
  fc.constantFrom('!!!', '%%%', '....', 'A'.repeat(3000), 'not-a-cursor').map((value) => ({ value, variant: `cursor-raw:${value.slice(0, 20)}` })),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }).map((value) => ({ value, variant: 'cursor-random' })),
);
const badIds = fc.oneof(
  fc.constantFrom(1100, 2100, 5000).map((n) => ({ value: 'a'.repeat(n), variant: `long:${n}` })),
  fc.constantFrom('Ω', '😀', '\u202Eid', ' ', 'a b', 'a\u0000b', '<script>', "'; DROP", '..%2F..', 'COMP#1', 'a'.repeat(65)).map((value) => ({ value, variant: `odd:${JSON.stringify(value).slice(0, 20)}` })),
);
/** Raw segments the URL carries as they are: malformed percent-encoding. */
const badEncodings = fc.constantFrom('%ZZ', '%', '%C0%AF', '%E0%A4%A', '%FF', 'a%2');
const wrongContentTypes = fc.constantFrom(
  'text/plain',
  'application/x-www-form-urlencoded',
  'application/xml',
  'multipart/form-data; boundary=x',
  'application/octet-stream',
  'text/html; charset=utf-8',
);
const malformedJson = fc.constantFrom('{', '{"a":', "{'a':1}", '{"a":1,}', 'undefined', 'NaN', '\u0000', '{"a":"\\x"}', '[1,2');
const unknownKeys = fc.constantFrom('unknownField', '__proto__', 'constructor', 'PRICE', '', 'ключ', 'a.b');

// ---------------------------------------------------------------------------------------------------------------

interface Baseline {
  role?: string;
  pathValues: Record<string, string>;
  query: Record<string, string>;
  body?: Record<string, unknown> | unknown;
}

/** Whether the baseline may carry an optional query parameter: only with values the handlers surely accept. */
const safeOptional = (p: DocParameter, hints: Hints): boolean =>
  Boolean(hints[p.name]?.length) || Array.isArray(p.schema.enum) || p.schema.type === 'integer';

const baselineOf = (operation: DocOperation, hints: Hints): fc.Arbitrary<Baseline> => {
  const pathParams = operation.parameters.filter((p) => p.in === 'path');
  const queryParams = operation.parameters.filter((p) => p.in === 'query' && (p.required || safeOptional(p, hints)));
  const pathArbs = Object.fromEntries(
    pathParams.map((p) => {
      const known = hints[p.name] ?? [];
      const generated = validValue(p.schema.pattern ? p.schema : { type: 'string', pattern: '^[A-Za-z0-9]{8,20}$' }).map(String);
      return [p.name, known.length ? fc.oneof(fc.constantFrom(...known.map(String)), generated) : generated];
    }),
  );
  const queryArbs = Object.fromEntries(
    queryParams.map((p) => [p.name, validValue(p.name === 'limit' ? { type: 'integer', minimum: 1, maximum: 20 } : p.schema, hints, p.name).map(String)]),
  );
  return fc.record({
    role: operation.roles.length ? fc.constantFrom(...operation.roles) : fc.constant(undefined),
    pathValues: fc.record(pathArbs) as fc.Arbitrary<Record<string, string>>,
    query: fc.record(queryArbs, { requiredKeys: queryParams.filter((p) => p.required).map((p) => p.name) }) as fc.Arbitrary<Record<string, string>>,
    body: validValue(operation.body, hints),
  });
};

/** Dotted paths of the body's properties (nested objects included), with their schemas. */
const fieldsOf = (schema: JsonSchema | undefined, prefix = ''): { path: string; schema: JsonSchema; required: boolean }[] => {
  if (!schema || schema.type !== 'object' || !schema.properties) return [];
  const required = new Set((schema.required ?? []) as string[]);
  return Object.entries(schema.properties as Record<string, JsonSchema>).flatMap(([key, s]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    return [{ path, schema: s, required: required.has(key) }, ...fieldsOf(s, path)];
  });
};

const setPath = (body: unknown, path: string, value: unknown, remove = false): unknown => {
  const copy = JSON.parse(JSON.stringify(body ?? {})) as Record<string, any>;
  const keys = path.split('.');
  let node: Record<string, any> = copy;
  for (const key of keys.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null || Array.isArray(node[key])) node[key] = {};
    node = node[key];
  }
  const last = keys[keys.length - 1]!;
  if (remove) delete node[last];
  else node[last] = value;
  return copy;
};

/** Adds an own property even for `__proto__` (JSON text, not an object literal, keeps it a plain key). */
const withUnknownKey = (body: unknown, key: string): string => {
  const base = JSON.stringify(body ?? {});
  const entry = `${JSON.stringify(key)}:"fuzz"`;
  return base === '{}' ? `{${entry}}` : `{${entry},${base.slice(1)}`;
};

/** The arbitrary of fuzz cases for one operation; `hints` (e.g. a real competition id) make some cases go deeper. */
export const casesFor = (operation: DocOperation, hints: Hints = {}): fc.Arbitrary<FuzzCase> => {
  const fields = fieldsOf(operation.body);
  const pathParams = operation.parameters.filter((p) => p.in === 'path');
  const queryParams = operation.parameters.filter((p) => p.in === 'query');
  const json = 'application/json';

  type Partial = { mutation: Mutation; body?: string; contentType?: string; pathValues?: Record<string, string>; rawPath?: Record<string, string>; query?: Record<string, string> };
  const mutations: fc.Arbitrary<(b: Baseline) => Partial>[] = [];

  if (operation.body) {
    if (fields.length) {
      mutations.push(
        fc.constantFrom(...fields).chain((field) =>
          badValue(field.schema).map(({ value, variant }) => (b: Baseline) => ({
            mutation: { kind: 'body-field', target: field.path, variant },
            body: JSON.stringify(setPath(b.body, field.path, value)),
            contentType: json,
          })),
        ),
      );
      const required = fields.filter((f) => f.required);
      if (required.length) {
        mutations.push(
          fc.constantFrom(...required).map((field) => (b: Baseline) => ({
            mutation: { kind: 'body-missing', target: field.path, variant: 'missing' },
            body: JSON.stringify(setPath(b.body, field.path, undefined, true)),
            contentType: json,
          })),
        );
      }
    }
    mutations.push(
      unknownKeys.map((key) => (b: Baseline) => ({
        mutation: { kind: 'body-unknown', target: key, variant: `unknown:${key}` },
        body: withUnknownKey(b.body, key),
        contentType: json,
      })),
      wrongType.map((value) => () => ({
        mutation: { kind: 'body-shape', variant: `body:${JSON.stringify(value)}` },
        body: JSON.stringify(value),
        contentType: json,
      })),
      malformedJson.map((raw) => () => ({
        mutation: { kind: 'body-malformed-json', variant: `json:${JSON.stringify(raw)}` },
        body: raw,
        contentType: json,
      })),
      wrongContentTypes.map((contentType) => (b: Baseline) => ({
        mutation: { kind: 'content-type', variant: `content-type:${contentType}` },
        body: contentType.startsWith('application/x-www-form-urlencoded')
          ? new URLSearchParams(Object.entries((b.body ?? {}) as Record<string, unknown>).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)])).toString()
          : JSON.stringify(b.body ?? {}),
        contentType,
      })),
    );
  }
  for (const p of pathParams) {
    mutations.push(
      fc.oneof<[fc.WeightedArbitrary<(b: Baseline) => Partial>, fc.WeightedArbitrary<(b: Baseline) => Partial>]>(
        {
          weight: 3,
          arbitrary: badIds.map(({ value, variant }) => (b: Baseline): Partial => ({
            mutation: { kind: 'path', target: p.name, variant },
            pathValues: { ...b.pathValues, [p.name]: value },
          })),
        },
        {
          weight: 1,
          arbitrary: badEncodings.map((raw) => (): Partial => ({
            mutation: { kind: 'path', target: p.name, variant: `encoding:${raw}` },
            rawPath: { [p.name]: raw },
          })),
        },
      ),
    );
  }
  for (const p of queryParams) {
    const bad =
      p.name === 'limit'
        ? badLimits.map((value) => ({ value, variant: `limit:${JSON.stringify(value)}` }))
        : p.name === 'cursor'
          ? badCursors
          : badValue(p.schema).map(({ value, variant }) => ({ value: typeof value === 'string' ? value : JSON.stringify(value), variant }));
    mutations.push(
      bad.map(({ value, variant }) => (b: Baseline) => ({
        mutation: { kind: 'query', target: p.name, variant },
        query: { ...b.query, [p.name]: value },
      })),
    );
  }
  if (mutations.length === 0) {
    // Nothing to break but the route itself: an unknown query parameter (ignored) checks only for 5xx.
    mutations.push(fc.constant(() => ({ mutation: { kind: 'query', target: 'unexpected', variant: 'unexpected-param' }, query: { unexpected: '1' } })));
  }

  return fc.tuple(baselineOf(operation, hints), fc.oneof(...mutations)).map(([b, mutate]) => {
    const m = mutate(b);
    const draft = {
      operation,
      ...(b.role ? { role: b.role } : {}),
      pathValues: m.pathValues ?? b.pathValues,
      rawPath: m.rawPath ?? {},
      query: m.query ?? b.query,
      ...(m.body !== undefined ? { body: m.body, contentType: m.contentType } : operation.body ? { body: JSON.stringify(b.body), contentType: json } : {}),
      mutation: m.mutation,
    } as Omit<FuzzCase, 'validByDocument'>;
    return { ...draft, validByDocument: caseValid(operation, draft) };
  });
};

/** The URL path and query of a case, percent-encoding every value except the raw malformed segments. */
export const urlOf = (c: FuzzCase): string => {
  const path = c.operation.path.replace(/\{(\w+)\}/g, (_, name: string) => c.rawPath[name] ?? encodeURIComponent(c.pathValues[name] ?? ''));
  const query = new URLSearchParams(Object.entries(c.query)).toString();
  return query ? `${path}?${query}` : path;
};

/** One line that reproduces a case with curl-like clarity (bodies cut at 300 characters). */
export const describeCase = (c: FuzzCase): string => {
  const body = c.body === undefined ? '' : ` ${c.contentType ?? ''} ${c.body.length > 300 ? `${c.body.slice(0, 300)}…(${c.body.length} chars)` : c.body}`;
  return `${c.operation.method} ${urlOf(c).slice(0, 300)} [${c.role ?? 'public'}] {${c.mutation.kind} ${c.mutation.target ?? ''} ${c.mutation.variant}}${body}`;
};

// ---------------------------------------------------------------------------------------------------------------
// The oracle.

/** A response as the fuzz sees it. */
export interface Observed {
  readonly status: number;
  readonly body: any;
}

const segments = (path: string): string[] => path.replace(/^(query|path|body|params|headers)\./, '').split('.');

/** What is wrong with a response to a case, or undefined when it is as the contract says. */
export const verdict = (c: FuzzCase, r: Observed): string | undefined => {
  if (r.status >= 500) return `server error ${r.status}`;
  if (r.status >= 200 && r.status < 300 && !c.validByDocument) return `accepted an input the document refuses (${r.status})`;
  if (c.mutation.kind === 'content-type' && r.status !== 415 && r.status !== 413) return `wrong content type answered ${r.status}, not 415`;
  if (c.mutation.kind === 'body-malformed-json' && r.status !== 400 && r.status !== 413) return `malformed JSON answered ${r.status}, not 400`;
  if (r.status === 400 || r.status === 422) {
    const fields = (r.body as { fields?: { path?: unknown }[] } | undefined)?.fields;
    if (typeof r.body?.error !== 'string' || typeof r.body?.message !== 'string') return `${r.status} without the {error, message} body`;
    if (!Array.isArray(fields) || fields.length === 0) return `${r.status} names no field`;
    // A case the document accepts may still be refused (the handlers check more, e.g. a BIN's checksum): any field.
    const target = c.validByDocument ? undefined : c.mutation.target;
    if (target !== undefined && ['body-field', 'body-missing', 'body-unknown', 'path', 'query'].includes(c.mutation.kind)) {
      const wanted = segments(target);
      const named = fields.some((f) => {
        const got = segments(String(f.path ?? ''));
        return got.includes(wanted[0]!) || got.includes(wanted[wanted.length - 1]!);
      });
      if (!named) return `${r.status} names ${fields.map((f) => String(f.path)).join(', ')}, not ${target}`;
    }
  }
  return undefined;
};

