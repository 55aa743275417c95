/**
 * Request and response schemas of the competition, question and bid routes (zod/mini). Unknown request fields are
 * refused; every string is bounded.
 */
import * as z from 'zod/mini';
import { CANCELLATION_REASONS, COMPETITION_STATUSES } from '../domain/competition.js';
import { BID_ENVELOPES, TENDER_DOCUMENT_TYPES } from '../domain/documents.js';
import { isPositiveMoney, MONEY_PATTERN } from '../domain/money.js';
import {
  binSchema,
  boundedText,
  DEFAULT_PAGE_SIZE,
  katoSchema,
  MAX_PAGE_SIZE,
  moneySchema,
  pageLimitSchema,
  actSignerSchema,
  sectorSchema,
  signingAuthoritySchema,
} from './common.js';
import { deferred } from './deferred.js';

const idSchema = deferred(() => z.string().check(z.minLength(1), z.maxLength(64), z.regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, - and _ only')));

export const titleSchema = deferred(() => z.strictObject({
  ru: boundedText(500),
  kk: z.optional(boundedText(500)),
  en: z.optional(boundedText(500)),
}));

// zod runs every check even after the pattern failed, so the refinement must not assume a well-formed amount (a
// throwing refinement was a 500): a malformed amount reports the pattern only.
const positiveMoney = deferred(() => moneySchema.check(z.refine((v) => !MONEY_PATTERN.test(v) || isPositiveMoney(v), 'must be more than zero')));

/** Codes of the sector's template (`GET /reference/qualification-requirements`); the use case checks them. */
const qualificationRequirementsSchema = z
  .array(z.string().check(z.minLength(1), z.maxLength(64)))
  .check(z.maxLength(20), z.describe('Codes of `GET /reference/qualification-requirements?sector=` for the project’s sector'));

/** Bid security as a percentage of the bid price: 1 % by the Law, at most 3 % (turnkey construction). */
const bidSecuritySchema = deferred(() => z.strictObject({
  percent: z
    .string()
    .check(
      z.regex(/^\d{1,2}(\.\d{1,2})?$/, 'a decimal string such as "1" or "0.5"'),
      z.refine((v) => !/^\d{1,2}(\.\d{1,2})?$/.test(v) || (Number(v) > 0 && Number(v) <= 3), 'must be more than 0 and at most 3 (per cent)'),
      z.describe('Per cent of the bid price, a decimal string; 1 when absent'),
    ),
}));

export const createCompetitionBody = deferred(() => z.strictObject({
  projectId: idSchema,
  title: titleSchema,
  description: z.optional(z.string().check(z.maxLength(10_000))),
  estimatedValue: positiveMoney,
  qualificationRequirements: z.optional(qualificationRequirementsSchema),
  bidSecurity: z.optional(bidSecuritySchema),
}));

export const amendCompetitionBody = deferred(() => z.strictObject({
  title: z.optional(titleSchema),
  description: z.optional(z.string().check(z.maxLength(10_000))),
  estimatedValue: z.optional(positiveMoney),
  tenderPeriod: z.optional(z.strictObject({ endDate: z.iso.datetime({ offset: true }) })),
  qualificationRequirements: z.optional(qualificationRequirementsSchema),
  bidSecurity: z.optional(bidSecuritySchema),
}));

export const cancelCompetitionBody = deferred(() => z.strictObject({ reason: z.enum(CANCELLATION_REASONS) }));

export const textBody = deferred(() => z.strictObject({ text: boundedText(4000) }));

const bidDocumentIds = deferred(() => z.optional(z.array(idSchema).check(z.maxLength(50))));

/** What a bid signs: the same fields as the bid, without the signature. */
export const bidSigningPayloadBody = deferred(() => z.strictObject({
  price: positiveMoney,
  /** Ids of the caller's verified bid documents of this competition: the signed bytes carry each one's SHA-256. */
  documents: bidDocumentIds,
}));

/**
 * A bid: the price, its documents and the detached CMS signature (base64 DER) over the bytes of
 * `…/bids/me/signing-payload`. `signature` is optional here so that its absence is refused by the use case with the
 * reason `missing` (or accepted where a pilot deployment relaxed the requirement).
 */
export const bidBody = deferred(() => z.strictObject({
  price: positiveMoney,
  /** Ids of the caller's verified bid documents of this competition (`POST …/bids/me/documents`). */
  documents: bidDocumentIds,
  signature: z.optional(z.string().check(z.maxLength(100_000))),
}));

export const signingPayloadResponse = deferred(() => z.object({
  payload: z.string(),
  sha256: z.string(),
}));

const limitSchema = deferred(() => pageLimitSchema(MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE));

export const listCompetitionsQuery = deferred(() => z.strictObject({
  region: z.optional(katoSchema),
  sector: z.optional(sectorSchema),
  status: z.optional(z.enum(COMPETITION_STATUSES)),
  limit: limitSchema,
  cursor: z.optional(z.string().check(z.maxLength(2000))),
}));

export const pageQuery = deferred(() => z.strictObject({
  limit: limitSchema,
  cursor: z.optional(z.string().check(z.maxLength(2000))),
}));

/** `Idempotency-Key`: printable ASCII, at most 100 characters. */
export const idempotencyKeySchema = deferred(() => z.string().check(z.regex(/^[\x21-\x7e]{1,100}$/, 'printable ASCII, 1–100 characters')));

const periodSchema = deferred(() => z.object({ startDate: z.string(), endDate: z.string() }));

const awardSchema = deferred(() => z.object({
  id: z.optional(z.string()),
  bin: z.string(),
  price: z.string(),
  at: z.string(),
  status: z.optional(z.enum(['active', 'cancelled'])),
  complaintPeriod: z.optional(periodSchema.check(z.describe('The standstill: bidders may complain about the award until its end'))),
  signer: z.optional(actSignerSchema),
  protocolDocumentId: z.optional(z.string().check(z.describe('The evaluation protocol (`evaluationReports` document)'))),
  cancellation: z.optional(
    z
      .object({ reason: z.enum(['contractRefused', 'signingDeadlineMissed']), at: z.string(), contractId: z.string() })
      .check(z.describe('Why the award was cancelled when its winner did not sign the contract (absent: a satisfied complaint)')),
  ),
}));

/** A competition as the API shows it: the stored one with the status the clock decided, without its creator. */
export { awardSchema };

export const competitionViewSchema = deferred(() => z.object({
  id: z.string(),
  projectId: z.string(),
  kato: z.string(),
  sector: sectorSchema,
  title: z.object({ ru: z.string(), kk: z.optional(z.string()), en: z.optional(z.string()) }),
  description: z.optional(z.string()),
  estimatedValue: z.string().check(z.describe('Tenge, a decimal string')),
  status: z.enum(COMPETITION_STATUSES),
  version: z.number().check(z.describe('1 for the draft; +1 for every amendment after publication')),
  bidsValidFromVersion: z.number().check(z.describe('Bids submitted against a lower version were invalidated by an amendment')),
  enquiryPeriod: z.optional(periodSchema),
  tenderPeriod: z.optional(periodSchema),
  createdAt: z.string(),
  updatedAt: z.string(),
  publishedAt: z.optional(z.string()),
  bidsOpenedAt: z.optional(z.string()),
  bidsOpened: z.boolean(),
  cancellation: z.optional(z.object({ reason: z.enum(CANCELLATION_REASONS), at: z.string() })),
  award: z.optional(awardSchema),
  cancelledAwards: z.optional(z.array(awardSchema).check(z.describe('Awards cancelled by a satisfied complaint, oldest first'))),
  evaluationReopenedAt: z.optional(z.string().check(z.describe('When a satisfied award complaint reopened evaluation'))),
  contractId: z.optional(z.string().check(z.describe('The contract of the current award (`GET /contracts/{id}`), once the standstill passed'))),
  qualificationRequirements: z.optional(z.array(z.string()).check(z.describe('Codes of `GET /reference/qualification-requirements`'))),
  bidSecurity: z.optional(z.object({ percent: z.string() })),
  reminderSentAt: z.optional(z.string().check(z.describe('When the last-chance reminder before the deadline was sent'))),
  documents: z.optional(
    z.array(
      z.object({
        id: z.string(),
        documentType: z.enum(TENDER_DOCUMENT_TYPES),
        title: z.string(),
        language: z.optional(z.string()),
        fileName: z.string(),
        contentType: z.string(),
        size: z.number(),
        sha256: z.string(),
        version: z.number(),
        datePublished: z.string(),
        dateModified: z.string(),
      }),
    ),
  ),
}));

const cursorField = deferred(() => z.optional(z.string().check(z.describe('Pass as `cursor` to read the next page; absent on the last page'))));

export const competitionPageResponse = deferred(() => z.object({ items: z.array(competitionViewSchema), cursor: cursorField }));

export const openingSummaryResponse = deferred(() => z.object({
  competition: competitionViewSchema,
  validBids: z.number(),
  bids: z.array(z.object({ bin: z.string(), price: z.string(), submittedAt: z.string(), valid: z.boolean() })),
}));

/** An entry of the audit log: contractors' questions anonymous, bid events only once the bids are opened. */
export const auditEventSchema = deferred(() => z.object({
  eventId: z.string(),
  type: z.string(),
  at: z.string(),
  actor: z.object({ sub: z.optional(z.string()), role: z.optional(z.string()), system: z.optional(z.string()) }),
  subject: z.object({ kind: z.string(), id: z.string() }),
  data: z.record(z.string(), z.unknown()),
  before: z.optional(z.unknown()),
  after: z.optional(z.unknown()),
}));

export const auditPageResponse = deferred(() => z.object({ items: z.array(auditEventSchema), cursor: cursorField }));

/** A question and its answer; the asker is never shown. */
export const questionViewSchema = deferred(() => z.object({
  id: z.string(),
  text: z.string(),
  askedAt: z.string(),
  answer: z.optional(z.object({ text: z.string(), at: z.string() })),
}));

export const questionListResponse = deferred(() => z.object({ items: z.array(questionViewSchema) }));

const signerSchema = deferred(() => z.object({
  commonName: z.string(),
  certificateSerial: z.string(),
  issuer: z.string(),
  iin: z.optional(z.string()),
  authority: signingAuthoritySchema,
  signedAt: z.string(),
}));

/** A document a bid carries: what the signed bytes name, with a presigned download where the reader may have one. */
const bidDocumentRef = deferred(() => z.object({
  id: z.string(),
  envelope: z.enum(BID_ENVELOPES),
  title: z.string(),
  fileName: z.string(),
  sha256: z.string(),
  size: z.number(),
  contentType: z.string(),
  url: z.optional(z.string()),
}));

const signatureFields = {
  signer: z.optional(signerSchema),
  signatureSha256: z.optional(z.string().check(z.describe('SHA-256 (hex) of the signature’s DER bytes'))),
};

export const bidReceiptResponse = deferred(() => z.object({
  receiptId: z.string(),
  competitionId: z.string(),
  bin: z.string(),
  price: z.string(),
  competitionVersion: z.number(),
  submittedAt: z.string(),
  deadline: z.string(),
  documents: z.array(bidDocumentRef),
  digest: z.string().check(z.describe('SHA-256 over the receipt’s facts and each document’s id and SHA-256')),
  ...signatureFields,
}));

export const ownBidResponse = deferred(() => z.object({
  ...bidReceiptResponse.shape,
  status: z.enum(['submitted', 'invalidated']).check(z.describe('`invalidated` when an amendment came after the bid')),
}));

export const openedBidsResponse = deferred(() => z.object({
  items: z.array(
    z.object({
      bin: z.string(),
      price: z.string(),
      submittedAt: z.string(),
      valid: z.boolean(),
      documents: z.array(bidDocumentRef),
      ...signatureFields,
    }),
  ),
}));

export const ownBidsResponse = deferred(() => z.object({
  items: z.array(
    z.object({
      competitionId: z.string(),
      price: z.string(),
      submittedAt: z.string(),
      status: z.enum(['submitted', 'invalidated']),
      title: z.optional(competitionViewSchema.shape.title),
      competitionStatus: z.optional(z.enum(COMPETITION_STATUSES)),
      deadline: z.optional(z.string()),
    }),
  ),
}));
