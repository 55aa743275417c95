/**
 * Request schemas of the competition, question and bid routes (zod/mini). Unknown fields are refused; every string
 * is bounded.
 */
import * as z from 'zod/mini';
import { CANCELLATION_REASONS, COMPETITION_STATUSES } from '../domain/competition.js';
import { isPositiveMoney, MONEY_PATTERN } from '../domain/money.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../adapters/pagination.js';
import { binSchema, boundedText, katoSchema, moneySchema, pageLimitSchema, sectorSchema } from './common.js';

const idSchema = z.string().check(z.minLength(1), z.maxLength(64), z.regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, - and _ only'));

export const titleSchema = z.strictObject({
  ru: boundedText(500),
  kk: z.optional(boundedText(500)),
  en: z.optional(boundedText(500)),
});

// zod runs every check even after the pattern failed, so the refinement must not assume a well-formed amount (a
// throwing refinement was a 500): a malformed amount reports the pattern only.
const positiveMoney = moneySchema.check(z.refine((v) => !MONEY_PATTERN.test(v) || isPositiveMoney(v), 'must be more than zero'));

export const createCompetitionBody = z.strictObject({
  projectId: idSchema,
  title: titleSchema,
  description: z.optional(z.string().check(z.maxLength(10_000))),
  estimatedValue: positiveMoney,
});

export const amendCompetitionBody = z.strictObject({
  title: z.optional(titleSchema),
  description: z.optional(z.string().check(z.maxLength(10_000))),
  estimatedValue: z.optional(positiveMoney),
  tenderPeriod: z.optional(z.strictObject({ endDate: z.iso.datetime({ offset: true }) })),
});

export const cancelCompetitionBody = z.strictObject({ reason: z.enum(CANCELLATION_REASONS) });

export const awardCompetitionBody = z.strictObject({ bin: binSchema });

export const textBody = z.strictObject({ text: boundedText(4000) });

const bidDocumentIds = z.optional(z.array(idSchema).check(z.maxLength(50)));

/** What a bid signs: the same fields as the bid, without the signature. */
export const bidSigningPayloadBody = z.strictObject({
  price: positiveMoney,
  /** Ids of the caller's verified bid documents of this competition: the signed bytes carry each one's SHA-256. */
  documents: bidDocumentIds,
});

/**
 * A bid: the price, its documents and the detached CMS signature (base64 DER) over the bytes of
 * `…/bids/me/signing-payload`. `signature` is optional here so that its absence is refused by the use case with the
 * reason `missing` (or accepted where a pilot deployment relaxed the requirement).
 */
export const bidBody = z.strictObject({
  price: positiveMoney,
  /** Ids of the caller's verified bid documents of this competition (`POST …/bids/me/documents`). */
  documents: bidDocumentIds,
  signature: z.optional(z.string().check(z.maxLength(100_000))),
});

export const signingPayloadResponse = z.object({
  payload: z.string(),
  sha256: z.string(),
});

const limitSchema = pageLimitSchema(MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE);

export const listCompetitionsQuery = z.strictObject({
  region: z.optional(katoSchema),
  sector: z.optional(sectorSchema),
  status: z.optional(z.enum(COMPETITION_STATUSES)),
  limit: limitSchema,
  cursor: z.optional(z.string().check(z.maxLength(2000))),
});

export const pageQuery = z.strictObject({
  limit: limitSchema,
  cursor: z.optional(z.string().check(z.maxLength(2000))),
});

/** `Idempotency-Key`: printable ASCII, at most 100 characters. */
export const idempotencyKeySchema = z.string().check(z.regex(/^[\x21-\x7e]{1,100}$/, 'printable ASCII, 1–100 characters'));
