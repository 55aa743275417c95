/**
 * Request and response schemas of contracts and their implementation (zod/mini).
 */
import * as z from 'zod/mini';
import { CONTRACT_PARTIES, CONTRACT_STATUSES, MILESTONE_TYPES } from '../domain/contract.js';
import { actSignerSchema, boundedText, katoSchema, moneySchema, sectorSchema } from './common.js';
import { deferred } from './deferred.js';

const instant = deferred(() => z.iso.datetime({ offset: true }));
/** A due date: an ISO date (`2027-03-31`, due at 00:00 UTC) or an ISO date-time. */
const dueDateSchema = deferred(() => z.union([z.iso.date(), instant]));

const milestoneInput = deferred(() => z.strictObject({
  title: boundedText(500),
  type: z.enum(MILESTONE_TYPES),
  dueDate: dueDateSchema,
  value: z.optional(moneySchema),
}));

export const milestonesBody = deferred(() => z.strictObject({ items: z.array(milestoneInput).check(z.minLength(1), z.maxLength(100)) }));

export const amendmentBody = deferred(() => z.strictObject({
  rationale: boundedText(4000),
  value: z.optional(moneySchema),
  milestones: z.optional(z.array(milestoneInput).check(z.minLength(1), z.maxLength(100))),
}));

export const reportBody = deferred(() => z.strictObject({
  milestoneId: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
  physicalProgress: z.number().check(z.gte(0), z.lte(100)),
  completedWorksValue: z.optional(moneySchema),
  paidAmount: z.optional(moneySchema),
  documents: z.optional(z.array(z.string().check(z.minLength(1), z.maxLength(64))).check(z.maxLength(50))),
}));

export const signContractBody = deferred(() => z.strictObject({ signature: z.string().check(z.minLength(1), z.maxLength(100_000)) }));
export const reasonBody = deferred(() => z.strictObject({ reason: boundedText(2000) }));

export const contractListQuery = deferred(() => z.strictObject({
  region: z.optional(katoSchema),
  status: z.optional(z.enum(CONTRACT_STATUSES)),
  cursor: z.optional(z.string().check(z.maxLength(2000))),
}));

export const myContractsQuery = deferred(() => z.strictObject({
  cursor: z.optional(z.string().check(z.maxLength(2000))),
}));

const signerSchema = actSignerSchema;

const milestoneSchema = deferred(() => z.object({
  id: z.string(),
  title: z.string(),
  type: z.enum(MILESTONE_TYPES),
  dueDate: z.string(),
  value: z.optional(z.string()),
  metAt: z.optional(z.string().check(z.describe('When a progress report marked it met'))),
  status: z.enum(['scheduled', 'met', 'overdue']).check(z.describe('`overdue`: past its due date and not met')),
}));

const storedMilestone = deferred(() => z.object({ id: z.string(), title: z.string(), type: z.enum(MILESTONE_TYPES), dueDate: z.string(), value: z.optional(z.string()), metAt: z.optional(z.string()), overdueNotifiedAt: z.optional(z.string()) }));

export const contractSchema = deferred(() => z.object({
  id: z.string(),
  competitionId: z.string(),
  projectId: z.string(),
  awardId: z.string(),
  kato: z.string(),
  sector: sectorSchema,
  title: z.object({ ru: z.string(), kk: z.optional(z.string()), en: z.optional(z.string()) }),
  status: z.enum(CONTRACT_STATUSES).check(z.describe('`cancelled`: the supplier refused, or the signing deadline passed')),
  value: z.string().check(z.describe('Tenge, a decimal string')),
  supplier: z.object({ bin: z.string(), name: z.string() }),
  buyer: z.object({ kato: z.string(), name: z.string(), bin: z.optional(z.string()) }),
  signingDeadline: z.string().check(z.describe('A missed deadline counts as the supplier’s refusal')),
  signatures: z.array(z.object({ party: z.enum(CONTRACT_PARTIES), signer: signerSchema, signedAt: z.string() })),
  milestones: z.array(milestoneSchema),
  documents: z.array(z.object({ id: z.string(), title: z.string(), sha256: z.string() })),
  dateSigned: z.optional(z.string()),
  amendments: z.optional(
    z.array(
      z.object({
        id: z.string(),
        at: z.string(),
        rationale: z.string(),
        value: z.optional(z.object({ before: z.string(), after: z.string() })),
        milestones: z.optional(z.object({ before: z.array(storedMilestone), after: z.array(storedMilestone) })),
      }),
    ),
  ),
  reports: z.optional(
    z.array(
      z.object({
        id: z.string(),
        at: z.string(),
        milestoneId: z.optional(z.string()),
        physicalProgress: z.number(),
        completedWorksValue: z.optional(z.string()),
        paidAmount: z.optional(z.string()),
        documents: z.optional(z.array(z.string())),
      }),
    ),
  ),
  progress: z.optional(z.object({ physicalProgress: z.number(), completedWorksValue: z.string(), paidAmount: z.string() })),
  responsible: z.optional(z.object({ name: z.string() }).check(z.describe('The official answerable for implementation: the akimat user who signed'))),
  refusal: z.optional(z.object({ reason: z.string(), at: z.string(), by: z.enum(['supplier', 'deadline']) })),
  termination: z.optional(z.object({ reason: z.string(), at: z.string() })),
  completedAt: z.optional(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
}));

export const contractPageResponse = deferred(() => z.object({ items: z.array(contractSchema), cursor: z.optional(z.string()) }));

export const contractSigningPayloadResponse = deferred(() => z.object({
  payload: z.string().check(z.describe('Base64 of the canonical bytes (RFC 8785 JSON) both parties sign')),
  sha256: z.string(),
}));


