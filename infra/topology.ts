/**
 * The one description of Konkurs' cloud: the table, the queues, the functions and what triggers them.
 *
 * Both runtimes read this file: the CDK stacks (`infra/stateful-stack.ts`, `infra/stateless-stack.ts`) turn it into
 * CloudFormation, and the local runtime (`infra/local/`) turns it into DynamoDB Local tables, fauxqs queues, gateway
 * routes and pollers. A route, queue or trigger written anywhere else is a bug: the two runtimes would drift.
 *
 * It is plain data; the roles, queue names and HTTP routes it uses come from `shared/` (dependencies point from
 * `infra/` to `shared/`, never back): each function's routes are its route definitions (`shared/http/routes/`), the
 * ones its handler parses input with and the OpenAPI document describes.
 */

import { ROLES, type Role } from '../shared/domain/roles.js';
import { routeKey, type HttpMethod, type RouteAuth, type RouteDefinition, type RouteTable } from '../shared/http/route.js';
import { routesByFunction } from '../shared/http/routes/index.js';
import { QUEUE_NAMES, queueUrlEnv, type QueueName } from '../shared/queues.js';

export { QUEUE_NAMES, queueUrlEnv, ROLES, routeKey, type HttpMethod, type QueueName, type Role, type RouteAuth };

/** What the API Gateway (and the local gateway) needs of a route: method, path and whether it is protected. */
export type HttpRoute = Pick<RouteDefinition, 'method' | 'path' | 'auth'>;

const routesOf = (table: RouteTable): readonly HttpRoute[] =>
  Object.values(table).map(({ method, path, auth }) => ({ method, path, auth }));

export interface TableIndex {
  readonly name: string;
  readonly partitionKey: string;
  readonly sortKey: string;
  /** What the index serves, for the docs and for readers of this file. */
  readonly serves: string;
}

export interface TableSpec {
  readonly partitionKey: 'PK';
  readonly sortKey: 'SK';
  readonly indexes: readonly TableIndex[];
  /** Epoch seconds; DynamoDB deletes the item some time after. Code must still treat expired items as gone. */
  readonly ttlAttribute: 'expiresAt';
  readonly stream: 'NEW_AND_OLD_IMAGES';
}

export interface QueueSpec {
  readonly description: string;
  /** ≥ 6 × the timeout of the function that consumes it. */
  readonly visibilityTimeoutSeconds: number;
  /** Receives before SQS moves a message to the queue's dead-letter queue. */
  readonly maxReceiveCount: number;
  readonly retentionDays: number;
}

export interface QueueTrigger {
  readonly queue: QueueName;
  readonly batchSize: number;
  /**
   * The event source mapping's maximum concurrency (2–1000), for a consumer that paces itself by it (the mailer).
   * Absent: no cap. An uncapped mapping idles at 2 long-polling pollers instead of 5, which Lambda cannot do with a
   * cap: each idle poller costs about 130,000 SQS requests a month (docs/cost-model.md).
   */
  readonly maxConcurrency?: number;
  readonly maxBatchingWindowSeconds: number;
}

/**
 * A Lambda event filter pattern (FilterCriteria), as data: nested objects name the record's fields, an array lists
 * the values one of which must match (literals, `{ exists }`, `{ prefix }`, `{ 'anything-but' }`). CDK deploys it;
 * the local pollers apply it with `infra/local/event-filter.ts`.
 */
export type FilterPattern = { readonly [key: string]: FilterPattern | readonly FilterValue[] };
export type FilterValue =
  | string
  | number
  | boolean
  | null
  | { readonly exists: boolean }
  | { readonly prefix: string }
  | { readonly 'anything-but': readonly (string | number)[] };

/** Concurrent batches of a queue mapping in the local runtime: its cap, or the 2 pollers an idle uncapped mapping keeps. */
export const localConcurrency = (trigger: QueueTrigger): number => trigger.maxConcurrency ?? 2;

export interface StreamTrigger {
  readonly batchSize: number;
  readonly maxBatchingWindowSeconds: number;
  readonly retryAttempts: number;
  readonly bisectBatchOnError: true;
  /** Records that exhaust their retries are described on this queue (the on-failure destination). */
  readonly onFailure: QueueName;
  readonly startingPosition: 'TRIM_HORIZON' | 'LATEST';
  /**
   * Records matching none of these patterns are dropped by the mapping and never invoke the function (nor count as
   * an invocation). Absent: every record is delivered.
   */
  readonly filters?: readonly FilterPattern[];
}

export interface ScheduleTrigger {
  readonly everyMinutes: number;
}

export interface FunctionAccess {
  readonly table: 'read' | 'readwrite' | 'none';
  readonly sendTo: readonly QueueName[];
  readonly sendsEmail: boolean;
  /**
   * The documents bucket: `read` presigns downloads; `publish` writes platform-made tender files (the evaluation
   * protocol); `readwrite` also presigns uploads, verifies and deletes objects.
   */
  readonly documents?: 'read' | 'publish' | 'readwrite';
}

export interface BucketSpec {
  readonly description: string;
  /** Where presigned uploads land until `complete` has verified them; a lifecycle rule expires what stays. */
  readonly pendingPrefix: string;
  /** Days after which an upload never completed is deleted. */
  readonly pendingExpiryDays: number;
  /** Days after which an incomplete multipart upload is aborted. */
  readonly abortMultipartDays: number;
}

export interface FunctionSpec {
  /** Path of the handler module from the repository root; it exports `handler`. */
  readonly entry: string;
  readonly description: string;
  readonly memoryMb: number;
  readonly timeoutSeconds: number;
  readonly access: FunctionAccess;
  readonly routes?: readonly HttpRoute[];
  readonly queue?: QueueTrigger;
  readonly stream?: StreamTrigger;
  readonly schedule?: ScheduleTrigger;
}

export const table: TableSpec = {
  partitionKey: 'PK',
  sortKey: 'SK',
  indexes: [
    { name: 'GSI1', partitionKey: 'GSI1PK', sortKey: 'GSI1SK', serves: 'lists within a region (projects, competitions)' },
    { name: 'GSI2', partitionKey: 'GSI2PK', sortKey: 'GSI2SK', serves: 'national lists and look-ups by secondary id' },
    { name: 'GSI3', partitionKey: 'GSI3PK', sortKey: 'GSI3SK', serves: 'sparse: timers due (deadline sweep); projects planned and not yet published (overdue view)' },
  ],
  ttlAttribute: 'expiresAt',
  stream: 'NEW_AND_OLD_IMAGES',
};

export const queues = {
  mail: {
    description: 'One message per email to send (event × recipient); consumed by the mailer',
    visibilityTimeoutSeconds: 180,
    maxReceiveCount: 8,
    retentionDays: 4,
  },
  match: {
    description: 'One message per event (or page of recipients) to fan out: the matcher turns it into mail jobs',
    visibilityTimeoutSeconds: 360,
    maxReceiveCount: 5,
    retentionDays: 4,
  },
  deadline: {
    description: 'Competitions whose timers are due (enquiry end, reminder, deadline); consumed by the checker',
    visibilityTimeoutSeconds: 180,
    maxReceiveCount: 5,
    retentionDays: 4,
  },
  sesFeedback: {
    description: 'SES bounce and complaint notifications of the configuration set (through SNS)',
    visibilityTimeoutSeconds: 60,
    maxReceiveCount: 5,
    retentionDays: 4,
  },
  ocds: {
    description: 'One message per competition event that changes public data; the OCDS writer turns it into one release',
    visibilityTimeoutSeconds: 180,
    maxReceiveCount: 5,
    retentionDays: 14,
  },
  monitoring: {
    description: 'One message per event that changes the monitoring figures; the aggregator adds it to the counters once',
    visibilityTimeoutSeconds: 180,
    maxReceiveCount: 5,
    retentionDays: 4,
  },
  streamFailures: {
    description: 'On-failure destination of the table stream: records the dispatcher could not process',
    visibilityTimeoutSeconds: 60,
    maxReceiveCount: 5,
    retentionDays: 14,
  },
} as const satisfies Record<QueueName, QueueSpec>;

/**
 * The one private bucket of tender documents and bid envelopes. Bytes go straight between the browser and S3 with
 * presigned URLs; the metadata lives in the table. Its name reaches the functions as `DOCUMENTS_BUCKET`.
 */
export const documentsBucket = {
  description: 'Tender documents and bid envelopes (private; presigned URLs only)',
  pendingPrefix: 'pending/',
  pendingExpiryDays: 1,
  abortMultipartDays: 1,
} as const satisfies BucketSpec;

export const functions = {
  health: {
    entry: 'functions/http/health.ts',
    description: 'GET /health: the API answers and the table is reachable',
    memoryMb: 256,
    timeoutSeconds: 5,
    access: { table: 'read', sendTo: [], sendsEmail: false },
    routes: routesOf(routesByFunction.health),
  },
  contractors: {
    entry: 'functions/http/contractors.ts',
    description: 'Contractor registration, email verification and profile',
    memoryMb: 512,
    timeoutSeconds: 10,
    access: { table: 'readwrite', sendTo: [], sendsEmail: false },
    routes: routesOf(routesByFunction.contractors),
  },
  competitions: {
    entry: 'functions/http/competitions.ts',
    description: 'Competitions: drafts, publication, amendments, cancellation, opening, award; questions; audit log',
    memoryMb: 512,
    timeoutSeconds: 10,
    access: { table: 'readwrite', sendTo: [], sendsEmail: false },
    routes: routesOf(routesByFunction.competitions),
  },
  bids: {
    entry: 'functions/http/bids.ts',
    description: 'Sealed bids: submit, replace, withdraw and read one’s own; opened bids for the akimat',
    memoryMb: 512,
    timeoutSeconds: 10,
    access: { table: 'readwrite', sendTo: [], sendsEmail: false, documents: 'read' },
    routes: routesOf(routesByFunction.bids),
  },
  evaluation: {
    entry: 'functions/http/evaluation.ts',
    description: 'Evaluation after opening (checks, qualification, ranking), the signed award with its PDF protocol, complaints, the register of unscrupulous participants',
    // The award renders the protocol PDF (pdf-lib, an embedded font): more memory, more CPU for that one request.
    memoryMb: 1024,
    timeoutSeconds: 29,
    access: { table: 'readwrite', sendTo: [], sendsEmail: false, documents: 'publish' },
    routes: routesOf(routesByFunction.evaluation),
  },
  contracts: {
    entry: 'functions/http/contracts.ts',
    description: 'Contracts after the standstill: signed by the akimat and the supplier, refused; milestones, amendments, progress reports, completion, termination',
    memoryMb: 512,
    timeoutSeconds: 10,
    access: { table: 'readwrite', sendTo: [], sendsEmail: false },
    routes: routesOf(routesByFunction.contracts),
  },
  documents: {
    entry: 'functions/http/documents.ts',
    description: 'Tender documents (versioned, hash-verified) and bid envelopes (sealed until opening) on S3',
    // `complete` streams the stored object through SHA-256 (up to the maximum size): more memory, more CPU.
    memoryMb: 1024,
    timeoutSeconds: 29,
    access: { table: 'readwrite', sendTo: [], sendsEmail: false, documents: 'readwrite' },
    routes: routesOf(routesByFunction.documents),
  },
  reference: {
    entry: 'functions/http/reference.ts',
    description: 'Public reference data: regions and sectors, МЭКС projects',
    memoryMb: 512,
    timeoutSeconds: 10,
    access: { table: 'read', sendTo: [], sendsEmail: false },
    routes: routesOf(routesByFunction.reference),
  },
  inquiries: {
    entry: 'functions/http/inquiries.ts',
    description: 'МЭКС contact centre: inquiries filed by anyone, routed to the akimat or the ministry, taken and answered',
    memoryMb: 512,
    timeoutSeconds: 10,
    access: { table: 'readwrite', sendTo: [], sendsEmail: false },
    routes: routesOf(routesByFunction.inquiries),
  },
  openapi: {
    entry: 'functions/http/openapi.ts',
    description: 'GET /openapi.json: the OpenAPI 3.1 document generated from the route definitions',
    memoryMb: 512,
    timeoutSeconds: 10,
    access: { table: 'none', sendTo: [], sendsEmail: false },
    routes: routesOf(routesByFunction.openapi),
  },
  dispatch: {
    entry: 'functions/stream/dispatch.ts',
    description: 'Table stream → SQS: turns outbox events into queue messages',
    memoryMb: 512,
    timeoutSeconds: 30,
    access: { table: 'read', sendTo: ['mail', 'match', 'ocds', 'monitoring'], sendsEmail: false },
    stream: {
      batchSize: 100,
      maxBatchingWindowSeconds: 1,
      retryAttempts: 5,
      bisectBatchOnError: true,
      onFailure: 'streamFailures',
      startingPosition: 'TRIM_HORIZON',
      // Only inserted outbox events: the mail ledger, OCDS releases, counters and entity writes never invoke dispatch
      // (it ignored them anyway); fewer batches, fewer invocations.
      filters: [{ eventName: ['INSERT'], dynamodb: { NewImage: { kind: { S: ['event'] } } } }],
    },
  },
  matcher: {
    entry: 'functions/queue/matcher.ts',
    description: 'Fan-out: finds the contractors concerned by an event (Query by region × sector, paged) and enqueues mail jobs',
    memoryMb: 512,
    timeoutSeconds: 60,
    access: { table: 'read', sendTo: ['mail', 'match'], sendsEmail: false },
    // No maximum concurrency here nor on the other quiet mappings (only the mailer paces itself by it): uncapped, an
    // idle mapping keeps 2 long-polling pollers instead of 5 (the fixed monthly cost in docs/cost-model.md).
    queue: { queue: 'match', batchSize: 5, maxBatchingWindowSeconds: 0 },
  },
  deadlineSweep: {
    entry: 'functions/schedule/deadline-sweep.ts',
    description: 'Every minute: finds competitions with due timers through the sparse index and enqueues them',
    memoryMb: 256,
    timeoutSeconds: 50,
    access: { table: 'read', sendTo: ['deadline'], sendsEmail: false },
    schedule: { everyMinutes: 1 },
  },
  deadlineChecker: {
    entry: 'functions/queue/deadline-checker.ts',
    description: 'Applies due timers with conditional writes: tendering starts, last-chance reminder, close and open bids',
    memoryMb: 512,
    timeoutSeconds: 30,
    access: { table: 'readwrite', sendTo: [], sendsEmail: false },
    queue: { queue: 'deadline', batchSize: 10, maxBatchingWindowSeconds: 0 },
  },
  sesFeedback: {
    entry: 'functions/queue/ses-feedback.ts',
    description: 'Suppresses addresses that bounced permanently or complained; confirms sent mail in the ledger',
    memoryMb: 256,
    timeoutSeconds: 10,
    access: { table: 'readwrite', sendTo: [], sendsEmail: false },
    // SES publishes one Send event per email, at the mail rate: a 1-second window gathers them ten to an invocation
    // instead of one (a suppression or a ledger confirmation may wait a second; the mailer's lease is minutes).
    queue: { queue: 'sesFeedback', batchSize: 10, maxBatchingWindowSeconds: 1 },
  },
  mailer: {
    entry: 'functions/queue/mailer.ts',
    description: 'Sends one email per message through SES v2, idempotent per (event, recipient)',
    // Mostly waits (its pacer, SES): billed time is the cost driver, so it gets the least memory that runs it well.
    memoryMb: 256,
    timeoutSeconds: 30,
    access: { table: 'readwrite', sendTo: [], sendsEmail: true },
    queue: { queue: 'mail', batchSize: 10, maxConcurrency: 2, maxBatchingWindowSeconds: 0 },
  },
  ocds: {
    entry: 'functions/http/ocds.ts',
    description: 'Open data: the OCDS change feed (release packages), the releases and the record of a contracting process',
    memoryMb: 512,
    timeoutSeconds: 10,
    access: { table: 'read', sendTo: [], sendsEmail: false },
    routes: routesOf(routesByFunction.ocds),
  },
  ocdsWriter: {
    entry: 'functions/queue/ocds-writer.ts',
    description: 'Writes one OCDS release (and its change-feed entry) per public competition event, once',
    memoryMb: 512,
    timeoutSeconds: 30,
    access: { table: 'readwrite', sendTo: [], sendsEmail: false },
    queue: { queue: 'ocds', batchSize: 10, maxBatchingWindowSeconds: 0 },
  },
  aggregator: {
    entry: 'functions/queue/aggregator.ts',
    description: 'Adds each monitoring event to the regional and national counters (atomic ADD), once per event',
    memoryMb: 512,
    timeoutSeconds: 30,
    access: { table: 'readwrite', sendTo: [], sendsEmail: false },
    queue: { queue: 'monitoring', batchSize: 10, maxBatchingWindowSeconds: 1 },
  },
  monitoring: {
    entry: 'functions/http/monitoring.ts',
    description: 'Ministry monitoring (summary, regions’ rating, overdue projects, KPI; JSON and CSV) and the public summary',
    memoryMb: 512,
    timeoutSeconds: 10,
    access: { table: 'read', sendTo: [], sendsEmail: false },
    routes: routesOf(routesByFunction.monitoring),
  },
  financing: {
    entry: 'functions/http/financing.ts',
    description: 'Financing applications (Baiterek): submission by the akimat, decision by the route’s financier (the ministry for budget), disbursements',
    memoryMb: 512,
    timeoutSeconds: 10,
    access: { table: 'readwrite', sendTo: [], sendsEmail: false },
    routes: routesOf(routesByFunction.financing),
  },
} as const satisfies Record<string, FunctionSpec>;

export type FunctionName = keyof typeof functions;

/** Every HTTP route with the function that serves it, in declaration order. */
export const httpRoutes = (): { fn: FunctionName; route: HttpRoute }[] =>
  (Object.entries(functions) as [FunctionName, FunctionSpec][]).flatMap(([fn, spec]) =>
    (spec.routes ?? []).map((route) => ({ fn, route })),
  );
