/**
 * Schemas of the monitoring routes: the queries the handler validates and the response shapes the OpenAPI document
 * describes.
 */
import * as z from 'zod/mini';
import { OVERDUE_PAGE_MAX } from '../use-cases/monitoring.js';
import { languageSchema, pageLimitSchema } from './common.js';
import { cursorQuerySchema } from './projects.js';
import { deferred } from './deferred.js';

/** Language of the CSV headings and region names (JSON carries all three); Russian when absent. */
const langQuery = deferred(() => z.optional(languageSchema.check(z.describe('Language of CSV headings and names (kk, ru, en); ru by default'))));

/** Query of the summary, regions and KPI views (JSON and CSV). */
export const monitoringQuery = deferred(() => z.strictObject({ lang: langQuery }));

/** Query of the overdue view: one page of at most 25 projects. */
export const overdueQuery = deferred(() => z.strictObject({
  limit: pageLimitSchema(OVERDUE_PAGE_MAX, OVERDUE_PAGE_MAX),
  cursor: z.optional(cursorQuerySchema),
  lang: langQuery,
}));

const names = deferred(() => z.object({ kk: z.string(), ru: z.string(), en: z.string() }));
const countAndAmount = deferred(() => z.object({ count: z.number(), amount: z.string() }));
const nullableNumber = deferred(() => z.nullable(z.number()));

const publicationSchema = deferred(() => z.object({
  published: z.number(),
  onSchedule: z.number(),
  onScheduleShare: nullableNumber,
  medianDays: nullableNumber,
  meanDays: nullableNumber,
}));

const headlineSchema = deferred(() => z.looseObject({
  projects: z.object({ total: z.number(), byStage: z.record(z.string(), z.number()) }),
  value: z.object({ total: z.string(), byStage: z.record(z.string(), z.string()) }),
  financing: z.object({ approved: countAndAmount, byRoute: z.record(z.string(), z.record(z.string(), countAndAmount)) }),
  kos: z.object({ ready: z.number(), underRevision: z.number(), inPreparation: z.number() }),
  publication: publicationSchema,
  inquiries: z.looseObject({ total: z.number(), byStatus: z.optional(z.record(z.string(), z.number())) }),
  evaluation: z.object({
    complaintsFiled: z.number(),
    complaintsSatisfied: z.number(),
    disqualificationRate: nullableNumber.check(z.describe('Disqualified bids over the bids evaluated in awarded competitions')),
    medianDaysOpeningToAward: nullableNumber,
  }),
}));

export const summaryResponse = deferred(() => z.object({
  asOf: z.string(),
  updatedAt: z.optional(z.string()),
  national: z.extend(headlineSchema, {
    contractors: z.object({ registered: z.number(), verified: z.number(), medianVerificationHours: nullableNumber }),
  }),
  regions: z.array(z.extend(headlineSchema, { kato: z.string(), iso: z.string(), name: names })),
}));

const bandSchema = deferred(() => z.enum(['green', 'amber', 'red']));

export const regionsResponse = deferred(() => z.object({
  asOf: z.string(),
  updatedAt: z.optional(z.string()),
  method: z.looseObject({
    formula: z.string(),
    weights: z.record(z.string(), z.number()),
    thresholds: z.object({ green: z.number(), amber: z.number() }),
    speedDays: z.optional(z.object({ best: z.number(), worst: z.number() })),
  }),
  regions: z.array(
    z.looseObject({
      rank: z.number(),
      kato: z.string(),
      iso: z.string(),
      name: names,
      score: z.number(),
      band: bandSchema,
      components: z.object({ progress: z.number(), onSchedule: z.number(), speed: z.number(), financing: z.number() }),
      inputs: z.object({
        projects: z.number(),
        pastSelection: z.number(),
        published: z.number(),
        onSchedule: z.number(),
        publicationDaysSum: z.number(),
        financingApproved: z.number(),
      }),
      projects: z.number(),
      byStage: z.record(z.string(), z.number()),
      value: z.string(),
      published: z.number(),
      onSchedule: z.number(),
      onScheduleShare: nullableNumber,
      medianDays: nullableNumber,
      meanDays: nullableNumber,
      financingApproved: countAndAmount,
      kos: z.object({ ready: z.number(), underRevision: z.number() }),
      inquiries: z.number(),
    }),
  ),
}));

export const overdueResponse = deferred(() => z.object({
  asOf: z.string(),
  items: z.array(
    z.object({
      projectId: z.string(),
      kato: z.string(),
      region: names,
      sector: z.string(),
      title: names,
      value: z.string(),
      approvalDate: z.string(),
      plannedPublicationDate: z.string(),
      daysOverdue: z.number(),
      akimat: names,
      official: z.object({ name: z.string(), position: z.string() }),
    }),
  ),
  cursor: z.optional(z.string()),
}));

const kpiRow = {
  plannedToDate: z.number(),
  publishedToDate: z.number(),
  onSchedule: z.number(),
  behind: z.number(),
  execution: nullableNumber,
  plannedTotal: z.number(),
};

export const kpiResponse = deferred(() => z.object({
  asOf: z.string(),
  month: z.string(),
  updatedAt: z.optional(z.string()),
  national: z.object({
    ...kpiRow,
    months: z.array(
      z.object({ month: z.string(), planned: z.number(), published: z.number(), plannedCumulative: z.number(), publishedCumulative: z.number() }),
    ),
  }),
  regions: z.array(z.object({ kato: z.string(), iso: z.string(), name: names, ...kpiRow })),
}));

export const publicSummaryResponse = deferred(() => z.object({
  asOf: z.string(),
  updatedAt: z.optional(z.string()),
  national: z.looseObject({
    projects: z.object({ total: z.number(), byStage: z.record(z.string(), z.number()) }),
    value: z.object({ total: z.string(), byStage: z.record(z.string(), z.string()) }),
    financing: z.object({ approved: countAndAmount }),
    kos: z.object({ ready: z.number(), underRevision: z.number(), inPreparation: z.number() }),
    publication: publicationSchema,
    contractors: z.object({ registered: z.number(), verified: z.number() }),
    inquiries: z.object({ total: z.number(), answered: z.number() }),
  }),
  regions: z.array(
    z.object({
      kato: z.string(),
      iso: z.string(),
      name: names,
      projects: z.object({ total: z.number(), byStage: z.record(z.string(), z.number()) }),
      value: z.string(),
      rating: z.object({ rank: z.number(), score: z.number(), band: bandSchema }),
    }),
  ),
}));
