/**
 * Request and response schemas of evaluation, complaints and the register of unscrupulous participants (zod/mini).
 */
import * as z from 'zod/mini';
import { COMPETITION_STATUSES } from '../domain/competition.js';
import { COMPLAINT_RESOLUTIONS, COMPLAINT_SUBJECTS } from '../domain/complaints.js';
import { DISQUALIFICATION_REASON_CODES, QUALIFICATION_DECISIONS } from '../domain/evaluation.js';
import { binSchema, boundedText, sectorSchema } from './common.js';
import { awardSchema } from './competitions.js';
import { deferred } from './deferred.js';

const localized = deferred(() => z.object({ ru: z.string(), kk: z.string(), en: z.string() }));
const periodSchema = deferred(() => z.object({ startDate: z.string(), endDate: z.string() }));
const idSchema = deferred(() => z.string().check(z.minLength(1), z.maxLength(64), z.regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, - and _ only')));

export const qualificationRequirementsQuery = deferred(() => z.strictObject({ sector: sectorSchema }));
export const qualificationRequirementsResponse = deferred(() => z.object({ sector: sectorSchema, items: z.array(z.object({ code: z.string(), title: localized })) }));
export const disqualificationReasonsResponse = deferred(() => z.object({ items: z.array(z.object({ code: z.enum(DISQUALIFICATION_REASON_CODES), title: localized })) }));

const reasonSchema = deferred(() => z.strictObject({ code: z.enum(DISQUALIFICATION_REASON_CODES), text: boundedText(2000) }));

export const qualificationBody = deferred(() => z.strictObject({
  decision: z.enum(QUALIFICATION_DECISIONS),
  /** Required when disqualifying: codes from `GET /reference/disqualification-reasons`. */
  reasons: z.optional(z.array(reasonSchema).check(z.maxLength(20))),
}));

export const awardSigningPayloadBody = deferred(() => z.strictObject({ bin: binSchema }));

/** The award: the winner's BIN and the akimat's detached CMS signature over `…/award/signing-payload`. */
export const awardBody = deferred(() => z.strictObject({ bin: binSchema, signature: z.optional(z.string().check(z.maxLength(100_000))) }));

export const awardSigningPayloadResponse = deferred(() => z.object({
  payload: z.string(),
  sha256: z.string(),
  protocolSha256: z.string().check(z.describe('SHA-256 (hex) of the evaluation protocol PDF the award publishes')),
}));

const checksSchema = deferred(() => z.object({
  signatureValid: z.boolean(),
  bidSecurity: z.object({ present: z.boolean(), requiredAmount: z.string() }),
  unscrupulous: z.object({ listed: z.boolean(), entryId: z.optional(z.string()) }),
  abnormallyLow: z.boolean(),
  aboveEstimate: z.boolean(),
}));

const reasonView = deferred(() => z.object({ code: z.enum(DISQUALIFICATION_REASON_CODES), text: z.string() }));

export const evaluationResponse = deferred(() => z.object({
  competitionId: z.string(),
  status: z.enum(COMPETITION_STATUSES),
  evaluationPeriod: z.optional(periodSchema),
  bids: z.array(
    z.object({
      bin: z.string(),
      price: z.string(),
      submittedAt: z.string(),
      valid: z.boolean(),
      checks: checksSchema,
      qualification: z.optional(z.object({ decision: z.enum(QUALIFICATION_DECISIONS), reasons: z.array(reasonView), decidedAt: z.string() })),
      rank: z.optional(z.number().check(z.describe('1 = the lowest qualified price (ties: the earlier bid): the only one that can be awarded'))),
    }),
  ),
  award: z.optional(awardSchema),
  cancelledAwards: z.optional(z.array(awardSchema)),
  contractPossible: z.boolean().check(z.describe('The standstill has ended with no pending award complaint')),
}));

export const complaintBody = deferred(() => z.strictObject({
  subject: z.enum(COMPLAINT_SUBJECTS),
  title: boundedText(300),
  text: boundedText(10_000),
  documents: z.optional(z.array(idSchema).check(z.maxLength(20))),
}));

export const complaintDecisionBody = deferred(() => z.strictObject({ resolution: z.enum(COMPLAINT_RESOLUTIONS), text: boundedText(10_000) }));

export const complaintSchema = deferred(() => z.object({
  id: z.string(),
  competitionId: z.string(),
  competitionTitle: z.optional(z.object({ ru: z.string(), kk: z.optional(z.string()), en: z.optional(z.string()) })),
  subject: z.enum(COMPLAINT_SUBJECTS),
  awardId: z.optional(z.string()),
  title: z.string(),
  text: z.string(),
  documents: z.optional(z.array(z.string())),
  author: z.object({ bin: z.string(), name: z.string() }),
  status: z.enum(['pending', ...COMPLAINT_RESOLUTIONS]),
  filedAt: z.string(),
  reviewDueAt: z.string(),
  decision: z.optional(z.object({ resolution: z.enum(COMPLAINT_RESOLUTIONS), text: z.string(), at: z.string() })),
}));

export const complaintListResponse = deferred(() => z.object({ items: z.array(complaintSchema) }));
export const complaintQueueResponse = deferred(() => z.object({ items: z.array(z.object({ ...complaintSchema.shape, kato: z.string() })) }));

export const registerEntryBody = deferred(() => z.strictObject({
  bin: binSchema,
  reason: boundedText(2000),
  basis: boundedText(500),
  from: z.iso.datetime({ offset: true }),
  until: z.iso.datetime({ offset: true }),
}));

export const registerQuery = deferred(() => z.strictObject({ bin: z.optional(binSchema), cursor: z.optional(z.string().check(z.maxLength(2000))) }));

export const registerEntrySchema = deferred(() => z.object({
  id: z.string(),
  bin: z.string(),
  reason: z.string(),
  basis: z.string(),
  from: z.string(),
  until: z.string(),
  createdAt: z.string(),
  endedAt: z.optional(z.string()),
  active: z.boolean(),
  status: z.optional(z.enum(['proposed', 'confirmed']).check(z.describe('`proposed` by the platform after a contract refusal: bars nobody until the ministry confirms it'))),
  confirmedAt: z.optional(z.string()),
  contractId: z.optional(z.string().check(z.describe('The contract whose refusal (or missed signing deadline) the proposal is about'))),
  competitionId: z.optional(z.string()),
}));

export const registerPageResponse = deferred(() => z.object({ items: z.array(registerEntrySchema), cursor: z.optional(z.string()) }));
