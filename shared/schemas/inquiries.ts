/**
 * Schemas of the contact-centre inquiry routes (zod/mini): what the handler validates and what the OpenAPI document
 * shows. Unknown fields are refused and every string is bounded: `POST /inquiries` is public.
 */
import * as z from 'zod/mini';
import { INQUIRY_STATUSES, INQUIRY_TEXT_MAX, INQUIRY_TOPICS, MINISTRY } from '../domain/inquiry.js';
import { REGIONS } from '../domain/regions.js';
import { boundedText, emailSchema, katoSchema, languageSchema } from './common.js';
import { cursorQuerySchema, limitQuerySchema } from './projects.js';
import { deferred } from './deferred.js';

/** A request body of `POST /inquiries` above this is refused with 413: the bounded fields fit well within it. */
export const INQUIRY_MAX_BODY_BYTES = 24 * 1024;

const referenceId = deferred(() => z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'letters, digits, - and _ only (at most 64)')));

/** A phone number as people write it (`+7 701 234-56-78`): 7 to 15 digits, with spaces, brackets and dashes. */
export const phoneSchema = deferred(() => z.string().check(
  z.trim(),
  z.regex(/^\+?[0-9][0-9 ()-]{5,22}$/, 'a phone number such as +7 701 234 56 78'),
  z.refine((v) => {
    const digits = v.replace(/\D/g, '').length;
    return digits >= 7 && digits <= 15;
  }, 'a phone number has 7 to 15 digits'),
));

export const inquiryContactSchema = z
  .strictObject({
    name: boundedText(200),
    email: z.optional(emailSchema),
    phone: z.optional(phoneSchema),
  })
  .check(z.refine((c) => c.email !== undefined || c.phone !== undefined, 'give an email, a phone number or both'));

export const inquiryTopicSchema = deferred(() => z.enum(INQUIRY_TOPICS));
export const inquiryStatusSchema = deferred(() => z.enum(INQUIRY_STATUSES));

export const fileInquiryBody = deferred(() => z.strictObject({
  topic: inquiryTopicSchema,
  /** Optional: national questions name no region. */
  kato: z.optional(katoSchema.check(z.meta({ description: 'Top-level KATO code of the region', enum: REGIONS.map((r) => r.kato) }))),
  text: boundedText(INQUIRY_TEXT_MAX),
  contact: inquiryContactSchema,
  /** The language of the answer email; Russian when absent. */
  language: z.optional(languageSchema),
  competitionId: z.optional(referenceId),
  projectId: z.optional(referenceId),
}));

export const answerInquiryBody = deferred(() => z.strictObject({ text: boundedText(INQUIRY_TEXT_MAX) }));

/** `GET /inquiries/{id}?token=`: the access token returned when the inquiry was filed. */
export const inquiryTokenQuery = deferred(() => z.strictObject({
  token: z.string().check(z.regex(/^[A-Za-z0-9_-]{20,200}$/, 'the accessToken returned when the inquiry was filed')),
}));

/** Inquiry ids are time-ordered 26-character ids; demo data may use any short key-safe id. */
export const INQUIRY_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

export const inquiryIdParams = deferred(() => z.strictObject({ id: z.string().check(z.regex(INQUIRY_ID_PATTERN, 'not an inquiry id')) }));

/** `GET /inquiries`: `region` names the responsible party (a KATO code, or `ministry`); the ministry may omit it. */
export const listInquiriesQuery = deferred(() => z.strictObject({
  status: z.optional(inquiryStatusSchema),
  region: z.optional(
    z.union([katoSchema, z.literal(MINISTRY)]).check(
      z.meta({ description: 'Responsible party: top-level KATO code of an akimat, or `ministry`', enum: [...REGIONS.map((r) => r.kato), MINISTRY] }),
    ),
  ),
  limit: limitQuerySchema,
  cursor: z.optional(cursorQuerySchema),
}));

const actorSchema = deferred(() => z.object({ sub: z.string(), role: z.enum(['akimat', 'contractor', 'ministry']) }));

/** What the inquirer sees with its access token: no contact data, no officials' identities. */
export const inquiryPublicViewSchema = deferred(() => z.object({
  id: z.string(),
  topic: inquiryTopicSchema,
  kato: z.optional(z.string()),
  text: z.string(),
  competitionId: z.optional(z.string()),
  projectId: z.optional(z.string()),
  routedTo: z.string().check(z.describe('Responsible party: a top-level KATO code (that akimat) or `ministry`')),
  status: inquiryStatusSchema,
  filedAt: z.string(),
  dueAt: z.string().check(z.describe('Response deadline: 18:00 Almaty on the last working day of the response period')),
  overdue: z.boolean(),
  takenAt: z.optional(z.string()),
  answer: z.optional(z.object({ text: z.string(), at: z.string() })),
}));

export const filedInquiryResponse = deferred(() => z.object({
  ...inquiryPublicViewSchema.shape,
  accessToken: z.string().check(z.describe('Shown once: follow the inquiry with GET /inquiries/{id}?token=<accessToken>')),
}));

/** What the responsible party and the ministry see. */
export const inquiryStaffViewSchema = deferred(() => z.object({
  ...inquiryPublicViewSchema.shape,
  contact: z.object({ name: z.string(), email: z.optional(z.string()), phone: z.optional(z.string()) }),
  language: languageSchema,
  takenBy: z.optional(actorSchema),
  answer: z.optional(z.object({ text: z.string(), at: z.string(), by: actorSchema })),
}));

export const inquiryPageResponse = deferred(() => z.object({
  items: z.array(inquiryStaffViewSchema),
  cursor: z.optional(z.string()),
}));
