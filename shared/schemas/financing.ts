/**
 * Schemas of the financing-application routes (zod/mini): what the handler validates and what the OpenAPI document
 * shows. Money: tenge, decimal strings.
 */
import * as z from 'zod/mini';
import { APPLICATION_ROUTES, APPLICATION_STATUSES, DECISIONS } from '../domain/financing.js';
import { ROLES } from '../domain/roles.js';
import { REGIONS } from '../domain/regions.js';
import { RED_FLAGS } from '../domain/red-flags.js';
import { boundedText, katoSchema, languageSchema, moneySchema, pageLimitSchema } from './common.js';
import { cursorQuerySchema, limitQuerySchema } from './projects.js';
import { deferred } from './deferred.js';

export const applicationRouteSchema = deferred(() => z.enum(APPLICATION_ROUTES));
export const applicationStatusSchema = deferred(() => z.enum(APPLICATION_STATUSES));

/** Application ids are time-ordered 26-character ids; demo data may use any short key-safe id. */
export const financingIdParams = deferred(() => z.strictObject({
  id: z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'not a financing application id')),
}));

const documentSchema = deferred(() => z.strictObject({
  title: boundedText(300),
  sha256: z.optional(z.string().check(z.regex(/^[0-9a-f]{64}$/, 'the SHA-256 of the file, 64 lower-case hex digits'))),
}));

export const MAX_APPLICATION_DOCUMENTS = 20;

export const submitApplicationBody = deferred(() => z.strictObject({
  route: applicationRouteSchema,
  amount: moneySchema,
  documents: z.optional(z.array(documentSchema).check(z.maxLength(MAX_APPLICATION_DOCUMENTS))),
}));

export const decisionBody = deferred(() => z.strictObject({
  decision: z.enum(DECISIONS),
  /** With an approval: the approved amount, at most the requested one (the requested amount when absent). */
  amount: z.optional(moneySchema),
  text: boundedText(4000),
}));

export const resubmitBody = deferred(() => z.strictObject({
  amount: z.optional(moneySchema),
  documents: z.optional(z.array(documentSchema).check(z.maxLength(MAX_APPLICATION_DOCUMENTS))),
  text: z.optional(boundedText(4000)),
}));

export const disbursementBody = deferred(() => z.strictObject({
  amount: moneySchema,
  date: z.iso.date(),
}));

export const listApplicationsQuery = deferred(() => z.strictObject({
  route: z.optional(applicationRouteSchema),
  status: z.optional(applicationStatusSchema),
  region: z.optional(katoSchema.check(z.meta({ description: 'Top-level KATO code of the region', enum: REGIONS.map((r) => r.kato) }))),
  limit: limitQuerySchema,
  cursor: z.optional(cursorQuerySchema),
}));

const actorSchema = deferred(() => z.object({ sub: z.string(), role: z.enum(ROLES) }));

export const applicationSchema = deferred(() => z.object({
  id: z.string(),
  projectId: z.string(),
  kato: z.string(),
  route: applicationRouteSchema,
  status: applicationStatusSchema,
  amount: z.string(),
  documents: z.array(z.object({ title: z.string(), sha256: z.optional(z.string()) })),
  projectTitle: z.string(),
  akimatName: z.string(),
  firstSubmittedAt: z.string(),
  submittedAt: z.string(),
  decision: z.optional(z.object({ decision: z.enum(DECISIONS), amount: z.optional(z.string()), text: z.string(), at: z.string(), by: actorSchema })),
  approvedAmount: z.optional(z.string()),
  disbursements: z.array(z.object({ amount: z.string(), date: z.string(), recordedAt: z.string(), by: actorSchema })),
  disbursedAmount: z.string(),
  history: z.array(
    z.object({
      action: z.enum(['submit', 'approve', 'reject', 'return', 'resubmit', 'disburse']),
      at: z.string(),
      by: actorSchema,
      status: applicationStatusSchema,
      amount: z.optional(z.string()),
      text: z.optional(z.string()),
    }),
  ),
}));

export const applicationPageResponse = deferred(() => z.object({ items: z.array(applicationSchema), cursor: z.optional(z.string()) }));

// ---------------------------------------------------------------------------------------------------------------
// Monitoring: the financing speed, the applications waiting, the red flags.

const speedSchema = deferred(() => z.object({
  count: z.number(),
  medianWorkingDays: z.nullable(z.number()),
  meanWorkingDays: z.nullable(z.number()),
}));

const routeSpeedSchema = deferred(() => z.object({
  submitted: z.number(),
  pending: z.number(),
  approved: z.number(),
  rejected: z.number(),
  returned: z.number(),
  approvedAmount: z.string(),
  disbursedAmount: z.string(),
  decision: speedSchema,
  firstDisbursement: speedSchema,
}));

const byRouteSchema = deferred(() => z.object({ 'dbk-banks': routeSpeedSchema, 'khc-bonds': routeSpeedSchema, budget: routeSpeedSchema }));

export const financingMonitoringResponse = deferred(() => z.object({
  updatedAt: z.optional(z.string()),
  waitingLimitWorkingDays: z.number(),
  national: z.object({ byRoute: byRouteSchema }),
  regions: z.array(
    z.object({ kato: z.string(), iso: z.string(), name: z.object({ kk: z.string(), ru: z.string(), en: z.string() }), byRoute: byRouteSchema }),
  ),
}));

export const waitingQuery = deferred(() => z.strictObject({
  limit: pageLimitSchema(25, 25),
  cursor: z.optional(cursorQuerySchema),
  lang: z.optional(languageSchema),
}));

export const waitingResponse = deferred(() => z.object({
  waitingLimitWorkingDays: z.number(),
  items: z.array(
    z.object({
      id: z.string(),
      projectId: z.string(),
      projectTitle: z.string(),
      kato: z.string(),
      akimat: z.string(),
      route: applicationRouteSchema,
      amount: z.string(),
      submittedAt: z.string(),
      workingDaysWaiting: z.number(),
    }),
  ),
  cursor: z.optional(z.string()),
}));

export const redFlagsQuery = deferred(() => z.strictObject({
  region: z.optional(katoSchema.check(z.meta({ description: 'Top-level KATO code of the region', enum: REGIONS.map((r) => r.kato) }))),
  flag: z.optional(z.enum(RED_FLAGS)),
  limit: limitQuerySchema,
  cursor: z.optional(cursorQuerySchema),
}));

const redFlagCounts = {
  total: z.number().check(z.meta({ description: 'Competitions flagged, counted once per flag they carry' })),
  byFlag: z.object(Object.fromEntries(RED_FLAGS.map((f) => [f, z.number()])) as Record<(typeof RED_FLAGS)[number], ReturnType<typeof z.number>>),
};

export const redFlagSummaryResponse = deferred(() => z.object({
  national: z.object(redFlagCounts),
  regions: z.array(z.object({ kato: z.string(), iso: z.string(), name: z.object({ kk: z.string(), ru: z.string(), en: z.string() }), ...redFlagCounts })),
}));

export const redFlagsResponse = deferred(() => z.object({
  items: z.array(
    z.object({
      competitionId: z.string(),
      projectId: z.string(),
      kato: z.string(),
      title: z.string(),
      flag: z.enum(RED_FLAGS),
      why: z.string(),
      at: z.string(),
      estimatedValue: z.string(),
      price: z.optional(z.string()),
      winnerBin: z.optional(z.string()),
    }),
  ),
  cursor: z.optional(z.string()),
}));
