/**
 * The API's responses against the OpenAPI document (`buildOpenApi`, the document `GET /openapi.json` serves): every
 * success answer of a defined route must be one the document declares for it (its status, and a JSON body that
 * validates against the declared schema). Undeclared fields fail too: zod's JSON Schema of an output object forbids
 * additional properties unless the schema is a loose one (the OCDS outlines).
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { buildOpenApi, type OpenApiDocument } from '../../shared/schemas/openapi.js';

// ajv-formats is CommonJS: its function is the default export's `default` under NodeNext resolution.
const addFormats = addFormatsModule.default;

interface Operation {
  readonly key: string;
  readonly method: string;
  readonly pattern: RegExp;
  readonly literalSegments: number;
  /** JSON Pointer of each documented success response, by status. */
  readonly successes: ReadonlyMap<string, { json?: string; redirect: boolean }>;
}

const escapePointer = (segment: string): string => segment.replace(/~/g, '~0').replace(/\//g, '~1');

const operationsOf = (doc: OpenApiDocument): Operation[] =>
  Object.entries(doc.paths)
    .flatMap(([path, item]) =>
      Object.entries(item).map(([method, op]) => {
        const segments = path.split('/').filter(Boolean);
        const source = segments.map((s) => (/^\{.+\}$/.test(s) ? '/[^/]+' : `/${s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`)).join('');
        const successes = new Map(
          Object.entries(op.responses)
            .filter(([status]) => /^[23]\d\d$/.test(status))
            .map(([status, response]) => {
              const json = (response as { content?: Record<string, unknown> }).content?.['application/json'];
              const pointer = `#/paths/${escapePointer(path)}/${method}/responses/${status}/content/application~1json/schema`;
              return [status, { ...(json ? { json: pointer } : {}), redirect: status.startsWith('3') }] as const;
            }),
        );
        return {
          key: `${method.toUpperCase()} ${path}`,
          method: method.toUpperCase(),
          pattern: new RegExp(`^${source}$`),
          literalSegments: segments.filter((s) => !s.startsWith('{')).length,
          successes,
        };
      }),
    )
    // As API Gateway matches: the most literal segments first (`/my/competitions` before `/competitions/{id}`).
    .sort((a, b) => b.literalSegments - a.literalSegments);

export interface ResponseContract {
  /**
   * The problems of one answer: empty when it is not a success, not of a defined route, or as declared.
   *
   * @param redirected the client followed a redirect (fetch does by default): the route answered a 3xx
   */
  problemsOf(answer: { method: string; path: string; status: number; body: unknown; redirected: boolean }): string[];
}

export const responseContract = (doc: OpenApiDocument = buildOpenApi()): ResponseContract => {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(doc as unknown as object, 'openapi');
  const operations = operationsOf(doc);
  return {
    problemsOf: ({ method, path, status, body, redirected }) => {
      if (status < 200 || status >= 300) return [];
      const pathname = path.split('?')[0]!;
      const operation = operations.find((o) => o.method === method.toUpperCase() && o.pattern.test(pathname));
      if (!operation) return [];
      if (redirected) {
        return [...operation.successes.values()].some((s) => s.redirect) ? [] : [`${operation.key}: redirected, and the document declares no redirect`];
      }
      const declared = operation.successes.get(String(status));
      if (!declared) return [`${operation.key}: answered ${status}, which the document does not declare (${[...operation.successes.keys()].join(', ')})`];
      if (!declared.json || typeof body === 'string') return [];
      const validate = ajv.getSchema(`openapi${declared.json}`);
      if (!validate) return [`${operation.key}: no schema at ${declared.json}`];
      if (validate(body)) return [];
      return (validate.errors ?? []).map((e) => `${operation.key} ${status}: ${e.instancePath || '(body)'} ${e.message}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`);
    },
  };
};
