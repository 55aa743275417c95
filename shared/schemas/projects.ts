/**
 * Schemas of the reference routes: the `GET /projects` query (validated by the handler) and the response shapes of
 * `GET /regions`, `GET /projects` and `GET /projects/{id}` (used by the OpenAPI document and the integration tests).
 */
import * as z from 'zod/mini';
import { FINANCING_ROUTES, FINANCING_STATUSES, PROJECT_STAGES, READINESS } from '../domain/project.js';
import { REGIONS } from '../domain/regions.js';
import { SECTOR_CODES } from '../domain/sectors.js';
import { DEFAULT_PAGE_SIZE, katoSchema, MAX_PAGE_SIZE, pageLimitSchema, sectorSchema } from './common.js';
import { deferred } from './deferred.js';

/** `limit` of a list query: query strings carry text, so it is coerced; 1..100, 20 when absent. */
export const limitQuerySchema = deferred(() => pageLimitSchema(MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE));

/** `cursor` of a list query: the opaque value a previous page returned. */
export const cursorQuerySchema = deferred(() => z.string().check(
  z.minLength(1),
  z.maxLength(2048),
  z.describe('The `cursor` of the previous page; absent on the first page'),
));

export const projectStageSchema = deferred(() => z.enum(PROJECT_STAGES));

/** `GET /projects` query; unknown parameters are refused so a misspelt filter never silently lists everything. */
export const listProjectsQuery = deferred(() => z.strictObject({
  region: z.optional(
    // The refinement is invisible to JSON Schema; the enum documents the same 20 codes.
    katoSchema.check(z.meta({ description: 'Top-level KATO code of the region', enum: REGIONS.map((r) => r.kato) })),
  ),
  sector: z.optional(sectorSchema),
  stage: z.optional(projectStageSchema),
  limit: limitQuerySchema,
  cursor: z.optional(cursorQuerySchema),
}));

/** Path parameters of `GET /projects/{id}`: bounded so a key never exceeds DynamoDB's key size. */
export const projectIdParams = deferred(() => z.strictObject({
  id: z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'not a project id')),
}));

const localizedNameSchema = deferred(() => z.object({ kk: z.string(), ru: z.string(), en: z.string() }));

export const regionSchema = deferred(() => z.object({
  kato: z.string().check(z.describe('Top-level KATO code (9 digits)')),
  iso: z.string().check(z.describe('ISO 3166-2 code')),
  name: localizedNameSchema,
}));

export const sectorInfoSchema = deferred(() => z.object({
  code: z.enum(SECTOR_CODES),
  name: localizedNameSchema,
  oc4ids: z.enum(['energy', 'waterAndWaste']),
}));

/** `GET /regions`: the reference data a client needs to filter lists. */
export const referenceDataResponse = deferred(() => z.object({
  regions: z.array(regionSchema),
  sectors: z.array(sectorInfoSchema),
}));

/** The public view of a МЭКС project: every field but the responsible official. */
export const projectViewSchema = deferred(() => z.object({
  id: z.string(),
  kato: z.string(),
  sector: sectorSchema,
  title: localizedNameSchema,
  value: z.string().check(z.describe('Estimated value in tenge, a decimal string')),
  approvalDate: z.string().check(z.describe('ISO date (YYYY-MM-DD)')),
  plannedPublicationDate: z.string().check(z.describe('ISO date the competition is scheduled to be published by')),
  stage: projectStageSchema,
  readiness: z.enum(READINESS),
  financing: z.object({
    route: z.enum(FINANCING_ROUTES),
    status: z.enum(FINANCING_STATUSES),
    amount: z.optional(z.string()),
  }),
  akimat: z.object({
    name: localizedNameSchema,
    bin: z.optional(z.string()),
    email: z.optional(z.string().check(z.describe('The akimat’s address for bid-opening summaries'))),
  }),
  competitionId: z.optional(z.string()),
  publishedAt: z.optional(z.string()),
}));

/** A page of `GET /projects`. */
export const projectPageResponse = deferred(() => z.object({
  items: z.array(projectViewSchema),
  cursor: z.optional(z.string().check(z.describe('Pass as `cursor` to read the next page; absent on the last page'))),
}));
