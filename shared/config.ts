/**
 * The functions' configuration, read from the environment once at init and validated, so a misconfigured function
 * fails at cold start with the name of the variable instead of on some later request.
 */
import * as z from 'zod/mini';
import { queueUrlEnv, type QueueName } from '../infra/topology.js';

const nonEmpty = z.string().check(z.minLength(1));
const wholeNumber = z.coerce.number().check(z.refine(Number.isInteger, 'a whole number'));

const schema = z.object({
  TABLE_NAME: z._default(nonEmpty, 'konkurs'),
  /** Sender address of every email; an SES-verified identity in AWS. */
  MAIL_FROM: z._default(nonEmpty, 'Konkurs <no-reply@konkurs.kz>'),
  SES_CONFIGURATION_SET: z.optional(nonEmpty),
  /** Public base URL of the HTTP API, for links in emails (verification, unsubscribe). */
  API_BASE_URL: z._default(z.url(), 'http://127.0.0.1:3000'),
  /** Public base URL of the portal, for links in emails. */
  PORTAL_BASE_URL: z._default(z.url(), 'http://127.0.0.1:3001'),
  /** Comma-separated origins allowed by CORS; `*` for any. */
  CORS_ORIGINS: z._default(nonEmpty, '*'),
  /** The SES sending rate to stay under (emails per second, account-wide). 1 is safe in the SES sandbox. */
  MAIL_SEND_RATE: z._default(z.coerce.number().check(z.gt(0), z.lte(10_000)), 1),
  /** Competition periods in working days (defaults: the 2025 public procurement rules). */
  PERIOD_ENQUIRY_WORKING_DAYS: z._default(wholeNumber.check(z.gte(1), z.lte(30)), 2),
  PERIOD_TENDER_WORKING_DAYS: z._default(wholeNumber.check(z.gte(1), z.lte(60)), 5),
  PERIOD_REVIEW_WORKING_DAYS: z._default(wholeNumber.check(z.gte(1), z.lte(30)), 3),
  PERIOD_AWARD_WORKING_DAYS: z._default(wholeNumber.check(z.gte(1), z.lte(60)), 10),
  /** Open data (OCDS): the registered ocid prefix; a competition's ocid is `<prefix>-<competition id>`. */
  OCDS_PREFIX: z._default(z.string().check(z.regex(/^[A-Za-z0-9-]{1,40}$/, 'letters, digits and -')), 'ocds-konkurs'),
  /**
   * The OCDS change feed returns only releases written more than this long ago, so a reader never passes a release
   * still being written (Prozorro holds back the newest second). Must exceed the slowest feed write plus clock skew.
   */
  OCDS_FEED_HOLD_BACK_SECONDS: z._default(wholeNumber.check(z.gte(1), z.lte(60)), 2),
  /** `publisher.name` of the OCDS packages. */
  OCDS_PUBLISHER_NAME: z._default(nonEmpty, 'Konkurs — МЭКС electronic competitions'),
  /** `license` of the OCDS packages (an open licence's canonical URI). */
  OCDS_LICENSE_URL: z._default(z.url(), 'https://creativecommons.org/licenses/by/4.0/'),
  /** `publicationPolicy` of the OCDS packages; `<PORTAL_BASE_URL>/open-data` when unset. */
  OCDS_PUBLICATION_POLICY_URL: z.optional(z.url()),
  /** Working days the responsible party has to answer a contact-centre inquiry. */
  INQUIRY_RESPONSE_WORKING_DAYS: z._default(wholeNumber.check(z.gte(1), z.lte(30)), 5),
  /** PEM file of the trusted roots and intermediates that signers' certificates must chain to (bundled in AWS). */
  SIGNATURE_TRUST_STORE_FILE: z.optional(nonEmpty),
  /** `false` relaxes the signature requirement for a pilot: unsigned bids are accepted, signed ones still verified. */
  SIGNATURE_REQUIRED: z._default(z.enum(['true', 'false']), 'true'),
  /** The verifier's module, when it is bundled as a file of its own (AWS: `./cms-verifier.mjs`); source otherwise. */
  SIGNATURE_VERIFIER_MODULE: z.optional(nonEmpty),
  /** How long a fetched CRL is reused at most (never past its nextUpdate). */
  SIGNATURE_CRL_CACHE_SECONDS: z._default(wholeNumber.check(z.gte(0), z.lte(86_400)), 600),
});

export type Config = z.infer<typeof schema>;

const parse = (env: NodeJS.ProcessEnv): Config => {
  const result = z.safeParse(schema, env);
  if (!result.success) {
    const fields = result.error.issues.map((i) => i.path.join('.')).join(', ');
    throw new Error(`invalid configuration: ${fields}: ${z.prettifyError(result.error)}`);
  }
  return result.data;
};

/** The validated configuration of this execution environment. */
export const config: Config = parse(process.env);

/** The URL of a queue this function sends to; throws at the first use when the function was not bound to it. */
export const queueUrl = (queue: QueueName): string => {
  const name = queueUrlEnv(queue);
  const value = process.env[name];
  if (!value) throw new Error(`invalid configuration: ${name} is not set`);
  return value;
};

/** Competition periods as configured. */
export const periodConfig = {
  enquiryWorkingDays: config.PERIOD_ENQUIRY_WORKING_DAYS,
  tenderWorkingDays: config.PERIOD_TENDER_WORKING_DAYS,
  reviewWorkingDays: config.PERIOD_REVIEW_WORKING_DAYS,
  awardWorkingDays: config.PERIOD_AWARD_WORKING_DAYS,
};

/** Open data (OCDS) as configured: the ocid prefix, the feed's hold-back and the packages' publication metadata. */
export const ocdsConfig = {
  ocidPrefix: config.OCDS_PREFIX,
  holdBackMs: config.OCDS_FEED_HOLD_BACK_SECONDS * 1000,
  apiBaseUrl: config.API_BASE_URL,
  publisher: { name: config.OCDS_PUBLISHER_NAME, uri: config.PORTAL_BASE_URL },
  license: config.OCDS_LICENSE_URL,
  publicationPolicy: config.OCDS_PUBLICATION_POLICY_URL ?? `${config.PORTAL_BASE_URL.replace(/\/+$/, '')}/open-data`,
};

/** Electronic signatures as configured. */
export const signatureConfig = {
  trustStoreFile: config.SIGNATURE_TRUST_STORE_FILE,
  required: config.SIGNATURE_REQUIRED === 'true',
  crlCacheSeconds: config.SIGNATURE_CRL_CACHE_SECONDS,
  verifierModule: config.SIGNATURE_VERIFIER_MODULE,
};

/** Contact-centre inquiries as configured. */
export const inquiryConfig = {
  responseWorkingDays: config.INQUIRY_RESPONSE_WORKING_DAYS,
};
