/**
 * The functions' configuration, read from the environment once at init and validated, so a misconfigured function
 * fails at cold start with the name of the variable instead of on some later request.
 */
import { queueUrlEnv, type QueueName } from './queues.js';

/**
 * One variable's rule: its value from the raw string (`undefined` when unset), or a problem naming what it must be.
 * Plain functions, not zod schemas: every function reads the configuration at init, and building forty schemas there
 * cost each cold start more import time than the rest of the module (docs/benchmarks.md, "Bundles").
 */
type Rule<T> = (raw: string | undefined) => { value: T } | { problem: string };

const ok = <T>(value: T) => ({ value });
const problem = (text: string) => ({ problem: text });

const text =
  (fallback: string): Rule<string> =>
  (raw) =>
    raw === undefined ? ok(fallback) : raw.length > 0 ? ok(raw) : problem('must not be empty');

const optionalText = (): Rule<string | undefined> => (raw) => (raw === undefined || raw.length > 0 ? ok(raw) : problem('must not be empty'));

const isUrl = (raw: string): boolean => {
  try {
    return Boolean(new URL(raw).protocol);
  } catch {
    return false;
  }
};

const url =
  (fallback: string): Rule<string> =>
  (raw) =>
    raw === undefined ? ok(fallback) : isUrl(raw) ? ok(raw) : problem('must be a URL');

const optionalUrl = (): Rule<string | undefined> => (raw) => (raw === undefined || isUrl(raw) ? ok(raw) : problem('must be a URL'));

const optionalEmail = (): Rule<string | undefined> => (raw) =>
  raw === undefined || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(raw) ? ok(raw) : problem('must be an email address');

const wholeNumber = (raw: string, min: number, max: number): { value: number } | { problem: string } => {
  const value = raw.trim() === '' ? Number.NaN : Number(raw);
  if (!Number.isInteger(value)) return problem('must be a whole number');
  return value >= min && value <= max ? ok(value) : problem(`must be from ${min} to ${max}`);
};

const int =
  (min: number, max: number, fallback: number): Rule<number> =>
  (raw) =>
    raw === undefined ? ok(fallback) : wholeNumber(raw, min, max);

const optionalInt =
  (min: number, max: number): Rule<number | undefined> =>
  (raw) =>
    raw === undefined ? ok(undefined) : wholeNumber(raw, min, max);

/** A number above 0 and at most `max` (fractions allowed). */
const positive =
  (max: number, fallback: number): Rule<number> =>
  (raw) => {
    if (raw === undefined) return ok(fallback);
    const value = raw.trim() === '' ? Number.NaN : Number(raw);
    return Number.isFinite(value) && value > 0 && value <= max ? ok(value) : problem(`must be a number above 0 and at most ${max}`);
  };

const oneOf =
  <const V extends string>(values: readonly V[], fallback: V): Rule<V> =>
  (raw) =>
    raw === undefined ? ok(fallback) : (values as readonly string[]).includes(raw) ? ok(raw as V) : problem(`must be one of ${values.join(', ')}`);

const pattern =
  (rule: RegExp, description: string, fallback: string): Rule<string> =>
  (raw) =>
    raw === undefined ? ok(fallback) : rule.test(raw) ? ok(raw) : problem(`must be ${description}`);

const rules = {
  TABLE_NAME: text('konkurs'),
  /** Sender address of every email; an SES-verified identity in AWS. */
  MAIL_FROM: text('Konkurs <no-reply@konkurs.kz>'),
  SES_CONFIGURATION_SET: optionalText(),
  /** Public base URL of the HTTP API, for links in emails (verification, unsubscribe). */
  API_BASE_URL: url('http://127.0.0.1:3000'),
  /** Public base URL of the portal, for links in emails. */
  PORTAL_BASE_URL: url('http://127.0.0.1:3001'),
  /** Comma-separated origins allowed by CORS; `*` for any. */
  CORS_ORIGINS: text('*'),
  /** The SES sending rate to stay under (emails per second, account-wide). 1 is safe in the SES sandbox. */
  MAIL_SEND_RATE: positive(10_000, 1),
  /**
   * The most mailer containers the mail queue's event source runs at once (its maximum concurrency): each paces itself
   * to `MAIL_SEND_RATE / MAIL_MAX_CONCURRENCY`. Set from the topology by the CDK stack and the local runtime.
   */
  MAIL_MAX_CONCURRENCY: optionalInt(1, 1000),
  /** Competition periods in working days (defaults: the 2025 public procurement rules). */
  PERIOD_ENQUIRY_WORKING_DAYS: int(1, 30, 2),
  PERIOD_TENDER_WORKING_DAYS: int(1, 60, 5),
  PERIOD_REVIEW_WORKING_DAYS: int(1, 30, 3),
  PERIOD_AWARD_WORKING_DAYS: int(1, 60, 10),
  /** Evaluation and complaints (Law No. 106-VIII): the award's complaint period, the review of a complaint, and the
   * cut-off of tender complaints before the deadline, in working days. */
  COMPLAINT_PERIOD_WORKING_DAYS: int(1, 30, 3),
  COMPLAINT_REVIEW_WORKING_DAYS: int(1, 30, 3),
  CONTRACT_SIGNING_WORKING_DAYS: int(1, 60, 5),
  TENDER_COMPLAINT_CUTOFF_WORKING_DAYS: int(0, 30, 2),
  /** The TrueType font of the evaluation protocol (AWS: `./DejaVuSans.ttf` beside the handler); from npm when unset. */
  PROTOCOL_FONT_FILE: optionalText(),
  /** The protocol's PDF engine as a packaged module beside the handler (AWS: `./pdf-engine.mjs`); locally the source. */
  PROTOCOL_PDF_ENGINE_MODULE: optionalText(),
  /** The reviewing body's address for complaints (the ministry's complaints desk); none: it reads `GET /complaints`. */
  COMPLAINT_REVIEWER_EMAIL: optionalEmail(),
  /** A bid priced below this percentage of the estimate is flagged abnormally low at opening. */
  ABNORMALLY_LOW_PERCENT: int(1, 100, 70),
  /** How far ahead (calendar days) an akimat may set a period's end (`PATCH … tenderPeriod.endDate`). */
  PERIOD_MAX_DAYS_AHEAD: int(1, 3660, 365),
  /** A financing application awaiting a decision longer than this many working days is named in the waiting view. */
  FINANCING_WAITING_WORKING_DAYS: int(0, 250, 10),
  /** The red flag "the same winner repeatedly": this many competitions won in one region in one year. */
  RED_FLAG_REPEAT_WINS: int(2, 100, 3),
  /** Open data (OCDS): the registered ocid prefix; a competition's ocid is `<prefix>-<competition id>`. */
  OCDS_PREFIX: pattern(/^[A-Za-z0-9-]{1,40}$/, 'letters, digits and -', 'ocds-konkurs'),
  /**
   * The OCDS change feed returns only releases written more than this long ago, so a reader never passes a release
   * still being written (Prozorro holds back the newest second). Must exceed the slowest feed write plus clock skew.
   */
  OCDS_FEED_HOLD_BACK_SECONDS: int(1, 60, 2),
  /** `publisher.name` of the OCDS packages. */
  OCDS_PUBLISHER_NAME: text('Konkurs — МЭКС electronic competitions'),
  /** `license` of the OCDS packages (an open licence's canonical URI). */
  OCDS_LICENSE_URL: url('https://creativecommons.org/licenses/by/4.0/'),
  /** `publicationPolicy` of the OCDS packages; `<PORTAL_BASE_URL>/open-data` when unset. */
  OCDS_PUBLICATION_POLICY_URL: optionalUrl(),
  /** The documents bucket (tender documents, bid envelopes). */
  DOCUMENTS_BUCKET: text('konkurs-documents'),
  /** The S3 file storage as a packaged module beside the handler (AWS: `./file-storage.mjs`) where it loads lazily. */
  FILE_STORAGE_MODULE: optionalText(),
  /** Largest document accepted, in bytes (the presigned upload signs the declared size). */
  DOCUMENT_MAX_BYTES: int(1, 5 * 1024 ** 3, 100 * 1024 * 1024),
  /** Comma-separated file extensions accepted for documents; each maps to its media type (`shared/domain/documents.ts`). */
  DOCUMENT_TYPES: text('pdf,doc,docx,xls,xlsx,dwg,zip,7z,jpg,jpeg,png,p7s'),
  /** Documents per competition and per bid. */
  DOCUMENT_MAX_PER_COMPETITION: int(1, 200, 50),
  DOCUMENT_MAX_PER_BID: int(1, 50, 20),
  /** Lifetime of a presigned URL, in seconds (uploads and downloads). */
  DOCUMENT_URL_SECONDS: int(30, 3600, 300),
  /** Working days the responsible party has to answer a contact-centre inquiry. */
  INQUIRY_RESPONSE_WORKING_DAYS: int(1, 30, 5),
  /** PEM file of the trusted roots and intermediates that signers' certificates must chain to (bundled in AWS). */
  SIGNATURE_TRUST_STORE_FILE: optionalText(),
  /** `false` relaxes the signature requirement for a pilot: unsigned bids are accepted, signed ones still verified. */
  SIGNATURE_REQUIRED: oneOf(['true', 'false'], 'true'),
  /** The verifier's module, when it is bundled as a file of its own (AWS: `./cms-verifier.mjs`); source otherwise. */
  SIGNATURE_VERIFIER_MODULE: optionalText(),
  /** How long a fetched CRL is reused at most (never past its nextUpdate). */
  SIGNATURE_CRL_CACHE_SECONDS: int(0, 86_400, 600),
} satisfies Record<string, Rule<unknown>>;

export type Config = { readonly [K in keyof typeof rules]: (typeof rules)[K] extends Rule<infer T> ? T : never };

/** Reads every variable by its rule; throws naming each invalid one and what it must be. */
export const parseConfig = (env: NodeJS.ProcessEnv): Config => {
  const values: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [name, rule] of Object.entries(rules) as [string, Rule<unknown>][]) {
    const result = rule(env[name]);
    if ('problem' in result) problems.push(`${name} ${result.problem}`);
    else values[name] = result.value;
  }
  if (problems.length > 0) throw new Error(`invalid configuration: ${problems.join('; ')}`);
  return values as Config;
};

/** The validated configuration of this execution environment. */
export const config: Config = parseConfig(process.env);

/** The URL of a queue this function sends to; throws at the first use when the function was not bound to it. */
export const queueUrl = (queue: QueueName): string => {
  const name = queueUrlEnv(queue);
  const value = process.env[name];
  if (!value) throw new Error(`invalid configuration: ${name} is not set`);
  return value;
};

/**
 * The mailer's pacing: the SES rate and how many containers share it. Throws when the concurrency is not set, so a
 * mailer deployed without it fails its cold start instead of sending at a multiple of the rate.
 */
export const mailPacingConfig = (): { emailsPerSecond: number; concurrency: number } => {
  if (config.MAIL_MAX_CONCURRENCY === undefined) throw new Error('invalid configuration: MAIL_MAX_CONCURRENCY is not set');
  return { emailsPerSecond: config.MAIL_SEND_RATE, concurrency: config.MAIL_MAX_CONCURRENCY };
};

/** Competition periods as configured. */
export const periodConfig = {
  enquiryWorkingDays: config.PERIOD_ENQUIRY_WORKING_DAYS,
  tenderWorkingDays: config.PERIOD_TENDER_WORKING_DAYS,
  reviewWorkingDays: config.PERIOD_REVIEW_WORKING_DAYS,
  awardWorkingDays: config.PERIOD_AWARD_WORKING_DAYS,
  maxDaysAhead: config.PERIOD_MAX_DAYS_AHEAD,
};

/** Complaint periods as configured. */
export const complaintConfig = {
  reviewerEmail: config.COMPLAINT_REVIEWER_EMAIL,
  complaintWorkingDays: config.COMPLAINT_PERIOD_WORKING_DAYS,
  reviewWorkingDays: config.COMPLAINT_REVIEW_WORKING_DAYS,
  tenderComplaintCutoffWorkingDays: config.TENDER_COMPLAINT_CUTOFF_WORKING_DAYS,
};

/** The evaluation protocol PDF as configured. */
/** The contract's signing period (issue 14): a missed deadline counts as the supplier's refusal. */
export const contractConfig = { signingWorkingDays: config.CONTRACT_SIGNING_WORKING_DAYS };

export const protocolConfig = { fontFile: config.PROTOCOL_FONT_FILE, pdfEngineModule: config.PROTOCOL_PDF_ENGINE_MODULE };

/** Thresholds of the automatic checks at opening. */
export const checkConfig = { abnormallyLowPercent: config.ABNORMALLY_LOW_PERCENT };

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

/** Tender documents and bid envelopes as configured. */
export const documentConfig = {
  bucket: config.DOCUMENTS_BUCKET,
  fileStorageModule: config.FILE_STORAGE_MODULE,
  maxBytes: config.DOCUMENT_MAX_BYTES,
  extensions: config.DOCUMENT_TYPES.split(',').map((e) => e.trim().toLowerCase()).filter(Boolean),
  maxPerCompetition: config.DOCUMENT_MAX_PER_COMPETITION,
  maxPerBid: config.DOCUMENT_MAX_PER_BID,
  urlSeconds: config.DOCUMENT_URL_SECONDS,
  apiBaseUrl: config.API_BASE_URL,
};

/** Financing monitoring as configured. */
export const financingConfig = {
  waitingWorkingDays: config.FINANCING_WAITING_WORKING_DAYS,
  repeatWins: config.RED_FLAG_REPEAT_WINS,
};
