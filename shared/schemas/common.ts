/**
 * Request-schema building blocks (zod/mini: a fraction of classic zod's bundle weight).
 */
import * as z from 'zod/mini';
import { binProblem } from '../domain/bin.js';
import { LANGUAGES } from '../domain/contractor.js';
import { MONEY_PATTERN } from '../domain/money.js';
import { isRegionKato } from '../domain/regions.js';
import { SECTOR_CODES } from '../domain/sectors.js';
import { deferred } from './deferred.js';

export const binSchema = deferred(() => z.string().check(
  z.superRefine((value, ctx) => {
    const problem = binProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: `invalid BIN: ${problem}`, input: value });
  }),
));

export const katoSchema = deferred(() => z.string().check(z.refine(isRegionKato, 'not one of the 20 top-level KATO region codes')));

export const sectorSchema = deferred(() => z.enum(SECTOR_CODES));

export const languageSchema = deferred(() => z.enum(LANGUAGES));

/** Tenge as a decimal string (never a binary float): up to 15 integer and 2 fraction digits. */
export const moneySchema = deferred(() => z.string().check(z.regex(MONEY_PATTERN, 'a decimal string of tenge such as "125000000.50"')));

export const emailSchema = deferred(() => z.email().check(z.maxLength(254)));

export const boundedText = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));

export const subscriptionSchema = deferred(() => z.strictObject({ kato: katoSchema, sector: sectorSchema }));

/** At most this many subscriptions: verification writes them in one transaction with the profile and the event. */
export const MAX_SUBSCRIPTIONS = 90;

export const subscriptionsSchema = deferred(() => z.array(subscriptionSchema).check(z.maxLength(MAX_SUBSCRIPTIONS)));

/** Page sizes of the list routes: `limit` query parameter, default 20, at most 100. */
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/**
 * `limit` of every list query, one rule for all: plain decimal digits without sign, leading zero, space, exponent or
 * hex (`0x10`, `1e2`, `" 5"` are refused), from 1 to `max`; `fallback` when absent.
 */
export const pageLimitSchema = (max: number, fallback: number, description = 'Page size') => {
  const message = `a whole number from 1 to ${max}, in plain digits`;
  return z._default(
    z.pipe(z.string().check(z.regex(/^[1-9]\d{0,3}$/, message)), z.transform((v: string) => Number(v))).check(
      z.refine((n: number) => n >= 1 && n <= max, message),
    ),
    fallback,
  ).check(
    // Documented as what it is on the wire: an integer query parameter in plain digits. zod leaves `default` out of
    // the JSON Schema of a transform's input, so the description says it.
    z.meta({ description: `${description}; ${fallback} when absent`, type: 'integer', minimum: 1, maximum: max }),
  );
};

/** The signer's authority in the organisation, from the НУЦ РК role of the certificate, when it names one. */
export const signingAuthoritySchema = deferred(() => z.optional(
  z.enum(['head', 'signatory']).check(z.describe('`head` (1.2.398.3.3.4.1.2.1) or `signatory`, a person authorised to sign (`.2`); absent for other roles')),
));

/** Who signed an act (an award protocol, a contract), as the verified certificate says, and which signature it was. */
export const actSignerSchema = deferred(() => z.object({
  commonName: z.string(),
  certificateSerial: z.string(),
  issuer: z.string(),
  bin: z.string(),
  iin: z.optional(z.string()),
  authority: signingAuthoritySchema,
  signedAt: z.string(),
  signatureSha256: z.string(),
}));
