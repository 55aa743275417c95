/**
 * What the OpenAPI document says about each HTTP route beyond the topology (which already gives method, path and
 * roles): a summary and the zod schemas of its input and output. `buildOpenApi` converts the schemas to JSON Schema.
 *
 * To document a route, add an entry keyed by its route key (`'POST /competitions/{id}/publish'`, as in
 * `infra/topology.ts`) that reuses the schemas the handler validates with. A route without an entry still appears in
 * the document, with its key as summary; an entry without a route fails the unit test.
 */
import * as z from 'zod/mini';
import { languageSchema, subscriptionsSchema } from './common.js';
import { registerContractorBody, verifyContractorBody } from './contractors.js';
import {
  listProjectsQuery,
  projectIdParams,
  projectPageResponse,
  projectViewSchema,
  referenceDataResponse,
} from './projects.js';

export interface RouteDoc {
  /** One line: what the route does. */
  readonly summary: string;
  /** Longer prose; the roles are appended by the generator. */
  readonly description?: string;
  /** Path parameters (a strict object of strings); without it each `{param}` is documented as a string. */
  readonly params?: z.ZodMiniType;
  /** Query parameters (a strict object); each property becomes one parameter. */
  readonly query?: z.ZodMiniType;
  /** JSON request body. */
  readonly body?: z.ZodMiniType;
  /** JSON body of the success response. */
  readonly response?: z.ZodMiniType;
  /** Status of the success response; 200 when absent. */
  readonly status?: number;
  /** Groups in the rendered document; the serving function's name when absent. */
  readonly tags?: readonly string[];
}

const healthResponse = z.object({ status: z.literal('ok'), time: z.string() });

const contractorViewResponse = z.object({
  bin: z.string(),
  name: z.string(),
  email: z.string(),
  language: languageSchema,
  status: z.enum(['pending', 'verified']),
  subscriptions: subscriptionsSchema,
  registeredAt: z.string(),
  verifiedAt: z.optional(z.string()),
});

const openApiResponse = z.looseObject({ openapi: z.literal('3.1.0') });

/** Documentation of the routes, by route key. */
export const routeDocs: Record<string, RouteDoc> = {
  'GET /health': {
    summary: 'The API answers and the table is reachable',
    response: healthResponse,
    tags: ['operations'],
  },
  'GET /openapi.json': {
    summary: 'This OpenAPI 3.1 document',
    response: openApiResponse,
    tags: ['operations'],
  },

  'POST /contractors': {
    summary: "Register the calling contractor's organisation by BIN",
    description: 'A verification email is sent to the given address; subscriptions become active once it is verified.',
    body: registerContractorBody,
    response: contractorViewResponse,
    status: 201,
    tags: ['contractors'],
  },
  'POST /contractors/verify': {
    summary: 'Verify a contractor account with the token from its verification email',
    body: verifyContractorBody,
    response: contractorViewResponse,
    tags: ['contractors'],
  },
  'GET /contractors/me': {
    summary: "The calling contractor's profile",
    response: contractorViewResponse,
    tags: ['contractors'],
  },

  'GET /regions': {
    summary: 'The 20 top-level regions (KATO, ISO 3166-2, names in kk/ru/en) and the МЭКС sectors',
    response: referenceDataResponse,
    tags: ['reference'],
  },
  'GET /projects': {
    summary: 'МЭКС projects, by region, sector and stage',
    description: 'Pages hold `limit` projects except the last; pass the returned `cursor` to read the next page.',
    query: listProjectsQuery,
    response: projectPageResponse,
    tags: ['reference'],
  },
  'GET /projects/{id}': {
    summary: 'One МЭКС project',
    params: projectIdParams,
    response: projectViewSchema,
    tags: ['reference'],
  },
};
