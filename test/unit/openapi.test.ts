import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { defineRoute, routeKey } from '../../shared/http/route.js';
import { allRoutes } from '../../shared/http/routes/index.js';
import { buildOpenApi, type OpenApiDocument, type OpenApiOperation } from '../../shared/schemas/openapi.js';
import { projectViewSchema } from '../../shared/schemas/projects.js';
import type { ProjectView } from '../../shared/use-cases/projects.js';

// The documented project shape and the use case's view are the same type, both ways.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const projectSchemaMatchesView: Same<z.output<typeof projectViewSchema>, ProjectView> = true;
void projectSchemaMatchesView;

// ajv-formats is CommonJS: its function is the default export's `default` under NodeNext resolution.
const addFormats = addFormatsModule.default;

const operationOf = (doc: OpenApiDocument, method: string, path: string): OpenApiOperation | undefined =>
  doc.paths[path]?.[method.toLowerCase()];

/** Every schema the document holds inline: parameters, request bodies and success responses. */
const inlineSchemas = (doc: OpenApiDocument): { where: string; schema: Record<string, unknown> }[] =>
  Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).flatMap(([method, op]) => [
      ...(op.parameters ?? []).map((p) => ({ where: `${method} ${path} ${p.in} ${p.name}`, schema: p.schema })),
      ...(op.requestBody ? [{ where: `${method} ${path} body`, schema: op.requestBody.content['application/json'].schema }] : []),
      ...Object.entries(op.responses).flatMap(([status, response]) => {
        const schema = (response as { content?: { 'application/json'?: { schema?: Record<string, unknown> } } }).content?.[
          'application/json'
        ]?.schema;
        return schema ? [{ where: `${method} ${path} ${status}`, schema }] : [];
      }),
    ]),
  );

/** A route of the health function as a test defines it: only what the case at hand needs. */
const testRoute = (over: Partial<Parameters<typeof defineRoute>[0]>) => ({
  fn: 'health' as const,
  route: defineRoute({ method: 'GET', path: '/health', auth: 'public', summary: 'test', tags: ['operations'], response: { status: 200 }, ...over }),
});

describe('buildOpenApi', () => {
  it('produces a document that validates as OpenAPI 3.1', async () => {
    // Prepare
    const validator = new Validator();

    // Act
    const doc = buildOpenApi();
    const result = await validator.validate(structuredClone(doc) as unknown as Record<string, unknown>);

    // Assess
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
    expect(doc.openapi).toBe('3.1.0');
  });

  it('lists every defined route under its path and method', () => {
    // Prepare
    const routes = allRoutes();

    // Act
    const doc = buildOpenApi();

    // Assess
    const missing = routes.filter(({ route }) => !operationOf(doc, route.method, route.path)).map(({ route }) => routeKey(route));
    expect(missing).toEqual([]);
    const documented = Object.entries(doc.paths).flatMap(([path, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${path}`));
    expect(documented.sort()).toEqual(routes.map(({ route }) => routeKey(route)).sort());
    expect(operationOf(doc, 'GET', '/projects/{id}')!['x-function']).toBe('reference');
  });

  it('requires a bearer token on every protected route, names its roles, and on no public route', () => {
    // Act
    const doc = buildOpenApi();

    // Assess
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
    for (const { route } of allRoutes()) {
      const op = operationOf(doc, route.method, route.path)!;
      if (route.auth === 'public') {
        expect(op.security ?? [], routeKey(route)).toEqual([]);
        expect(op['x-roles'], routeKey(route)).toBeUndefined();
        expect(op.description).toContain('Public');
      } else {
        expect(op.security, routeKey(route)).toEqual([{ bearerAuth: [] }]);
        expect(op['x-roles'], routeKey(route)).toEqual([...route.auth]);
        expect(op.description).toContain(`Roles: ${route.auth.join(', ')}`);
        expect(op.responses['401']).toBeDefined();
      }
    }
  });

  it('documents path parameters, query parameters, bodies and responses from the zod schemas', () => {
    // Act
    const doc = buildOpenApi();

    // Assess
    const list = operationOf(doc, 'GET', '/projects')!;
    expect(list.parameters!.map((p) => [p.name, p.in, p.required])).toEqual([
      ['region', 'query', false],
      ['sector', 'query', false],
      ['stage', 'query', false],
      ['limit', 'query', false],
      ['cursor', 'query', false],
    ]);
    const limit = list.parameters!.find((p) => p.name === 'limit')!;
    expect(limit.schema).toMatchObject({ type: 'integer', minimum: 1, maximum: 100, pattern: '^[1-9]\\d{0,3}$' });
    expect(limit.description).toContain('20 when absent');
    expect(list.parameters!.find((p) => p.name === 'region')!.schema.enum).toHaveLength(20);
    expect(list.responses['422']).toEqual({ $ref: '#/components/responses/Validation' });
    const one = operationOf(doc, 'GET', '/projects/{id}')!;
    expect(one.parameters).toEqual([expect.objectContaining({ name: 'id', in: 'path', required: true })]);
    expect(one.responses['404']).toBeDefined();
    const projectSchema = (one.responses['200'] as any).content['application/json'].schema;
    expect(Object.keys(projectSchema.properties)).not.toContain('official');
    const register = operationOf(doc, 'POST', '/contractors')!;
    expect(register.requestBody!.required).toBe(true);
    expect(register.requestBody!.content['application/json'].schema).toMatchObject({ type: 'object', required: expect.arrayContaining(['bin', 'email']) });
    expect(register.responses['201']).toBeDefined();
    for (const { schema } of inlineSchemas(doc)) expect(schema.$schema).toBeUndefined();
  });

  it('emits schemas that compile as JSON Schema 2020-12', () => {
    // Prepare
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);

    // Act
    const doc = buildOpenApi();
    const failures = inlineSchemas(doc).flatMap(({ where, schema }) => {
      try {
        ajv.compile(schema);
        return [];
      } catch (error) {
        return [`${where}: ${(error as Error).message}`];
      }
    });

    // Assess
    expect(failures).toEqual([]);
  });

  it('documents a success response of every route: a JSON schema, a text body, or no body by its status', () => {
    // Act
    const doc = buildOpenApi();

    // Assess
    const undocumented = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item).flatMap(([method, op]) => {
        const success = Object.entries(op.responses).filter(([status]) => /^2\d\d$|^302$/.test(status));
        const described = success.some(([status, response]) => {
          const content = (response as { content?: Record<string, { schema?: unknown }> }).content;
          return status === '204' || status === '302' || Object.values(content ?? {}).some((c) => c.schema !== undefined);
        });
        return described ? [] : [`${method.toUpperCase()} ${path}`];
      }),
    );
    expect(undocumented).toEqual([]);
    const feed = operationOf(doc, 'GET', '/ocds/releases')!;
    expect(Object.keys(feed.responses)).toEqual(expect.arrayContaining(['200', '204']));
    expect((operationOf(doc, 'GET', '/monitoring/kpi.csv')!.responses['200'] as any).content['text/csv']).toBeDefined();
  });

  it('describes a path parameter without a schema of its own by the rule the HTTP chain checks it against', () => {
    // Act
    const doc = buildOpenApi([testRoute({ path: '/things/{id}' })]);

    // Assess
    const op = operationOf(doc, 'GET', '/things/{id}')!;
    expect(op.parameters).toEqual([
      expect.objectContaining({ name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$', maxLength: 64 } }),
    ]);
  });

  it('moves shared and recursive definitions to components.schemas and keeps the document valid', async () => {
    // Prepare
    const money = z.string().check(z.meta({ id: 'TestMoney', description: 'tenge' }));
    interface Node {
      name: string;
      children: Node[];
    }
    const node: z.ZodMiniType<Node> = z.object({
      name: z.string(),
      get children() {
        return z.array(node);
      },
    });
    const route = testRoute({ response: { status: 200, schema: z.object({ a: money, b: money, tree: node }) } });

    // Act
    const doc = buildOpenApi([route]);
    const result = await new Validator().validate(structuredClone(doc) as unknown as Record<string, unknown>);

    // Assess
    expect(result.errors ?? []).toEqual([]);
    expect(doc.components.schemas.TestMoney).toMatchObject({ type: 'string', description: 'tenge' });
    const schema = JSON.stringify((operationOf(doc, 'GET', '/health')!.responses['200'] as any).content);
    expect(schema).toContain('#/components/schemas/TestMoney');
    expect(schema).not.toContain('#/$defs/');
    for (const ref of JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)) {
      expect(doc.components.schemas[ref[1]!], ref[1]).toBeDefined();
    }
  });
});
