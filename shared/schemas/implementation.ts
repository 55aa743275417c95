/**
 * Schemas of the ministry's implementation views (issue 14): contracts signed and their value, weighted physical
 * progress, paid against contracted, and the overdue milestones. Money: tenge, decimal strings.
 */
import * as z from 'zod/mini';
import { REGIONS } from '../domain/regions.js';
import { OVERDUE_MILESTONES_PAGE_MAX } from '../use-cases/implementation-monitoring.js';
import { katoSchema, languageSchema, pageLimitSchema } from './common.js';
import { cursorQuerySchema } from './projects.js';
import { deferred } from './deferred.js';

const figures = {
  contractsSigned: z.number(),
  contractedValue: z.string(),
  weightedProgress: z.nullable(z.number()),
  completedWorksValue: z.string(),
  paidAmount: z.string(),
  paidShare: z.nullable(z.number()),
  reports: z.number(),
  completed: z.number(),
  terminated: z.number(),
  overdueMilestones: z.number(),
  overdueReported: z.number(),
};

export const implementationResponse = deferred(() => z.object({
  updatedAt: z.optional(z.string()),
  national: z.object(figures),
  regions: z.array(z.object({ kato: z.string(), iso: z.string(), name: z.object({ kk: z.string(), ru: z.string(), en: z.string() }), ...figures })),
}));

export const overdueMilestonesQuery = deferred(() => z.strictObject({
  region: z.optional(katoSchema.check(z.meta({ description: 'Top-level KATO code of the region', enum: REGIONS.map((r) => r.kato) }))),
  limit: pageLimitSchema(OVERDUE_MILESTONES_PAGE_MAX, OVERDUE_MILESTONES_PAGE_MAX),
  cursor: z.optional(cursorQuerySchema),
  lang: z.optional(languageSchema),
}));

export const overdueMilestonesResponse = deferred(() => z.object({
  items: z.array(
    z.object({
      contractId: z.string(),
      milestoneId: z.string(),
      kato: z.string(),
      title: z.string(),
      contractTitle: z.string(),
      dueDate: z.string(),
      akimat: z.string(),
      official: z.string(),
      competitionId: z.optional(z.string()),
      projectId: z.optional(z.string()),
      value: z.optional(z.string()),
      daysOverdue: z.number(),
    }),
  ),
  cursor: z.optional(z.string()),
}));
