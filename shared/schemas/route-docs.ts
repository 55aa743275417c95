/**
 * What the OpenAPI document says about each HTTP route beyond the topology (which already gives method, path and
 * roles): a summary and the zod schemas of its input and output. `buildOpenApi` converts the schemas to JSON Schema.
 *
 * To document a route, add an entry keyed by its route key (`'POST /competitions/{id}/publish'`, as in
 * `infra/topology.ts`) that reuses the schemas the handler validates with. A route without an entry still appears in
 * the document, with its key as summary; an entry without a route fails the unit test.
 */
import * as z from 'zod/mini';
import { languageSchema, subscriptionsSchema } from './common.js';
import {
  amendCompetitionBody,
  awardCompetitionBody,
  bidBody,
  bidSigningPayloadBody,
  cancelCompetitionBody,
  createCompetitionBody,
  listCompetitionsQuery,
  pageQuery,
  signingPayloadResponse,
  textBody,
} from './competitions.js';
import { putSubscriptionsBody, registerContractorBody, unsubscribeQuery, verifyContractorBody } from './contractors.js';
import {
  answerInquiryBody,
  filedInquiryResponse,
  fileInquiryBody,
  inquiryIdParams,
  inquiryPageResponse,
  inquiryPublicViewSchema,
  inquiryStaffViewSchema,
  inquiryTokenQuery,
  listInquiriesQuery,
} from './inquiries.js';
import {
  bidDocumentsResponse,
  bidDocumentView,
  contentQuery,
  documentParams,
  newBidDocumentBody,
  newTenderDocumentBody,
  newVersionBody,
  tenderDocumentsResponse,
  tenderDocumentView,
  uploadResponse,
} from './documents.js';
import { ocdsFeedQuery, ocidParams, recordPackageResponse, releasePackageResponse } from './ocds.js';
import {
  kpiResponse,
  monitoringQuery,
  overdueQuery,
  overdueResponse,
  publicSummaryResponse,
  regionsResponse,
  summaryResponse,
} from './monitoring.js';
import {
  listProjectsQuery,
  projectIdParams,
  projectPageResponse,
  projectViewSchema,
  referenceDataResponse,
} from './projects.js';

export interface RouteDoc {
  /** One line: what the route does. */
  readonly summary: string;
  /** Longer prose; the roles are appended by the generator. */
  readonly description?: string;
  /** Path parameters (a strict object of strings); without it each `{param}` is documented as a string. */
  readonly params?: z.ZodMiniType;
  /** Query parameters (a strict object); each property becomes one parameter. */
  readonly query?: z.ZodMiniType;
  /** JSON request body. */
  readonly body?: z.ZodMiniType;
  /** JSON body of the success response. */
  readonly response?: z.ZodMiniType;
  /** Status of the success response; 200 when absent. */
  readonly status?: number;
  /** Groups in the rendered document; the serving function's name when absent. */
  readonly tags?: readonly string[];
  /** Error responses beyond those the generator derives from the route (auth, parameters, body). */
  readonly errors?: readonly ('Conflict' | 'TooManyRequests')[];
}

const healthResponse = z.object({ status: z.literal('ok'), time: z.string() });

const contractorViewResponse = z.object({
  bin: z.string(),
  name: z.string(),
  email: z.string(),
  language: languageSchema,
  status: z.enum(['pending', 'verified']),
  subscriptions: subscriptionsSchema,
  registeredAt: z.string(),
  verifiedAt: z.optional(z.string()),
});

const resendReceiptResponse = z.object({
  email: z.string(),
  sentAt: z.string(),
  resendsToday: z.number(),
  resendsLeftToday: z.number(),
  nextResendAt: z.string().check(z.describe('The earliest time of the next resend')),
});

const openApiResponse = z.looseObject({ openapi: z.literal('3.1.0') });

/** Documentation of the routes, by route key. */
export const routeDocs: Record<string, RouteDoc> = {
  'GET /health': {
    summary: 'The API answers and the table is reachable',
    response: healthResponse,
    tags: ['operations'],
  },
  'GET /openapi.json': {
    summary: 'This OpenAPI 3.1 document',
    response: openApiResponse,
    tags: ['operations'],
  },

  'POST /contractors': {
    summary: "Register the calling contractor's organisation by BIN",
    description: 'A verification email is sent to the given address; subscriptions become active once it is verified.',
    body: registerContractorBody,
    response: contractorViewResponse,
    status: 201,
    tags: ['contractors'],
  },
  'POST /contractors/verify': {
    summary: 'Verify a contractor account with the token from its verification email',
    body: verifyContractorBody,
    response: contractorViewResponse,
    tags: ['contractors'],
  },
  'GET /contractors/me': {
    summary: "The calling contractor's profile",
    response: contractorViewResponse,
    tags: ['contractors'],
  },
  'POST /contractors/me/verification': {
    summary: 'Resend the verification email, with a new link (the previous link stops working)',
    description:
      'For a registered contractor whose email is not verified yet. Rate-limited per contractor: once a minute ' +
      '(counting the registration email) and 10 times a day (Almaty time); over the limit the answer is 429 with ' +
      '`Retry-After` in seconds. 409 when the contractor is already verified, 404 when it is not registered.',
    response: resendReceiptResponse,
    status: 202,
    errors: ['Conflict', 'TooManyRequests'],
    tags: ['contractors'],
  },

  'PUT /contractors/me/subscriptions': {
    summary: 'Replace the calling contractor’s regions × sectors',
    body: putSubscriptionsBody,
    response: contractorViewResponse,
    tags: ['contractors'],
  },
  'GET /unsubscribe': {
    summary: 'The page behind an email’s unsubscribe link (a button; opening it changes nothing)',
    query: unsubscribeQuery,
    tags: ['contractors'],
  },
  'POST /unsubscribe': {
    summary: 'One-click unsubscribe (RFC 8058) from notification emails',
    description: 'Accepts the form body `List-Unsubscribe=One-Click` that mail clients send, or no body.',
    query: unsubscribeQuery,
    tags: ['contractors'],
  },
  'POST /competitions': {
    summary: 'Create a draft competition for a project of the akimat’s region',
    description:
      'A project has at most one live competition (a draft or a published one that is neither cancelled nor ' +
      'unsuccessful): a second one is refused with 409 naming `projectId`. Cancelling the competition, or its ending ' +
      'unsuccessful, frees the project.',
    errors: ['Conflict'],
    body: createCompetitionBody,
    status: 201,
    tags: ['competitions'],
  },
  'GET /competitions': {
    summary: 'Search public competitions by region, sector and status (cursor pages)',
    query: listCompetitionsQuery,
    tags: ['competitions'],
  },
  'GET /my/competitions': {
    summary: 'The akimat’s competitions, drafts included',
    query: listCompetitionsQuery,
    tags: ['competitions'],
  },
  'GET /competitions/{id}': { summary: 'A public competition with its periods and amendment version', tags: ['competitions'] },
  'PATCH /competitions/{id}': {
    summary: 'Edit a draft, or amend a published competition (bids invalidated and the deadline extended during tendering)',
    description:
      '`title` merges by language: `{ "ru": "…" }` changes the Russian title and keeps the Kazakh and English ones. ' +
      '`tenderPeriod.endDate` must be later than the current deadline and at most `PERIOD_MAX_DAYS_AHEAD` days ' +
      '(365 by default) from now.',
    body: amendCompetitionBody,
    tags: ['competitions'],
  },
  'POST /competitions/{id}/publish': {
    summary: 'Publish a draft; repeating it with the same Idempotency-Key header returns the first result',
    tags: ['competitions'],
  },
  'POST /competitions/{id}/cancel': { summary: 'Cancel with a reason code', body: cancelCompetitionBody, tags: ['competitions'] },
  'POST /competitions/{id}/open-bids': { summary: 'Open the bids after the deadline', tags: ['competitions'] },
  'POST /competitions/{id}/award': { summary: 'Award the competition to a valid bid', body: awardCompetitionBody, tags: ['competitions'] },
  'GET /competitions/{id}/events': {
    summary: 'The audit log (sealed-bid events appear after opening; askers stay anonymous)',
    query: pageQuery,
    tags: ['competitions'],
  },
  'POST /competitions/{id}/questions': { summary: 'Ask a question in the enquiry period', body: textBody, status: 201, tags: ['questions'] },
  'POST /competitions/{id}/questions/{qid}/answer': { summary: 'Answer a question (public)', body: textBody, tags: ['questions'] },
  'GET /competitions/{id}/questions': { summary: 'Questions and answers (askers anonymous)', tags: ['questions'] },
  'PUT /competitions/{id}/bids/me': {
    summary:
      'Submit or replace the caller’s sealed bid, signed (detached CMS over the signing payload); returns a receipt naming the signer',
    body: bidBody,
    tags: ['bids'],
  },
  'POST /competitions/{id}/bids/me/signing-payload': {
    summary: 'The canonical bytes (RFC 8785 JSON) a bid signs: base64 and their SHA-256',
    body: bidSigningPayloadBody,
    response: signingPayloadResponse,
    tags: ['bids'],
  },
  'GET /competitions/{id}/bids/me': { summary: 'The caller’s own bid (and whether an amendment invalidated it)', tags: ['bids'] },
  'DELETE /competitions/{id}/bids/me': { summary: 'Withdraw the caller’s bid before the deadline', status: 204, tags: ['bids'] },
  'GET /competitions/{id}/bids': { summary: 'All bids, for the akimat of the region, after opening', tags: ['bids'] },
  'GET /contractors/me/bids': { summary: 'The caller’s bids across competitions', tags: ['bids'] },
  'POST /competitions/{id}/documents': {
    summary: 'Add a tender document: returns a presigned upload (PUT the bytes with the given headers, then complete)',
    description: 'Type, size and SHA-256 are declared here and signed into the upload URL. After publication, completing it is an amendment.',
    body: newTenderDocumentBody,
    response: uploadResponse,
    status: 201,
    tags: ['documents'],
  },
  'GET /competitions/{id}/documents': {
    summary: 'The documents of a published competition, each with its older versions',
    response: tenderDocumentsResponse,
    tags: ['documents'],
  },
  'GET /my/competitions/{id}/documents': {
    summary: 'The akimat’s view of its competition’s documents (drafts and pending uploads included; links presigned)',
    tags: ['documents'],
  },
  'PUT /competitions/{id}/documents/{docId}': {
    summary: 'Upload a new version of a tender document (same flow as adding one); older versions stay downloadable',
    params: documentParams,
    body: newVersionBody,
    response: uploadResponse,
    status: 201,
    tags: ['documents'],
  },
  'POST /competitions/{id}/documents/{docId}/complete': {
    summary: 'Verify the stored bytes against the declared SHA-256 and make the version current (422 naming sha256 otherwise)',
    description: 'After publication this is an amendment: version +1, bids invalidated during tendering, deadline extended, subscribers and bidders notified.',
    params: documentParams,
    response: tenderDocumentView,
    tags: ['documents'],
  },
  'GET /competitions/{id}/documents/{docId}/content': {
    summary: '302 to a short-lived presigned download of the current version (or `?version=N`)',
    params: documentParams,
    query: contentQuery,
    status: 302,
    tags: ['documents'],
  },
  'POST /competitions/{id}/bids/me/documents': {
    summary: 'Add a document to one of the caller’s bid envelopes: returns a presigned upload',
    body: newBidDocumentBody,
    response: uploadResponse,
    status: 201,
    tags: ['bids'],
  },
  'GET /competitions/{id}/bids/me/documents': {
    summary: 'The caller’s bid documents of this competition (sealed: nobody else lists them before opening)',
    response: bidDocumentsResponse,
    tags: ['bids'],
  },
  'POST /competitions/{id}/bids/me/documents/{docId}/complete': {
    summary: 'Verify a bid document’s stored bytes against its declared SHA-256',
    params: documentParams,
    response: bidDocumentView,
    tags: ['bids'],
  },
  'DELETE /competitions/{id}/bids/me/documents/{docId}': {
    summary: 'Remove a bid document before the deadline (not while the current bid carries it)',
    params: documentParams,
    status: 204,
    tags: ['bids'],
  },
  'GET /regions': {
    summary: 'The 20 top-level regions (KATO, ISO 3166-2, names in kk/ru/en) and the МЭКС sectors',
    response: referenceDataResponse,
    tags: ['reference'],
  },
  'GET /projects': {
    summary: 'МЭКС projects, by region, sector and stage',
    description: 'Pages hold `limit` projects except the last; pass the returned `cursor` to read the next page.',
    query: listProjectsQuery,
    response: projectPageResponse,
    tags: ['reference'],
  },
  'GET /projects/{id}': {
    summary: 'One МЭКС project',
    params: projectIdParams,
    response: projectViewSchema,
    tags: ['reference'],
  },

  'GET /ocds/releases': {
    summary: 'The OCDS change feed: release packages of every public competition change, in the order written',
    description:
      'One OCDS 1.1 release per publication, amendment, cancellation, bid opening, unsuccessful end and award. ' +
      'Follow `links.next` (also in the `Link` header) to read on: the cursor never skips nor repeats a release, even ' +
      'one written concurrently, because a page only holds releases written more than the hold-back ago ' +
      '(`OCDS_FEED_HOLD_BACK_SECONDS`, 2 s by default). When nothing new is visible yet the answer is 204 No Content ' +
      'with the `Link: <…>; rel="next"` to poll (an OCDS package holds at least one release). Without a cursor the ' +
      'feed starts at its first release. Validates against the OCDS 1.1.5 release package schema.',
    query: ocdsFeedQuery,
    response: releasePackageResponse,
    tags: ['open data'],
  },
  'GET /ocds/releases/{ocid}': {
    summary: 'Every OCDS release of one contracting process (competition), oldest first',
    description: 'The ocid is `<OCDS_PREFIX>-<competition id>`; 404 for an unknown ocid or a competition never published.',
    params: ocidParams,
    response: releasePackageResponse,
    tags: ['open data'],
  },
  'GET /ocds/records/{ocid}': {
    summary: 'The OCDS record of one contracting process: its releases (linked) and the compiled release',
    description: 'The compiled release merges the releases by the OCDS merge rules (latest value wins; parties, amendments and awards merge by `id`).',
    params: ocidParams,
    response: recordPackageResponse,
    tags: ['open data'],
  },

  'POST /inquiries': {
    summary: 'File an inquiry with the МЭКС contact centre (anyone)',
    description:
      'Routed to the akimat of `kato` for regional topics (competition, project, registration), else to the ministry; ' +
      'answered within the configured working days (`dueAt`). Give an email, a phone or both; the answer is emailed ' +
      'when an email is given. The `accessToken` is shown once: follow the inquiry with `GET /inquiries/{id}?token=`. ' +
      'Bodies above 24 KiB are refused (413); the route is throttled at the API Gateway.',
    body: fileInquiryBody,
    response: filedInquiryResponse,
    status: 201,
    tags: ['inquiries'],
  },
  'GET /inquiries/{id}': {
    summary: 'The inquirer follows its inquiry with its access token',
    description: 'An unknown id and a wrong token are the same 404. Contact data are not shown here.',
    params: inquiryIdParams,
    query: inquiryTokenQuery,
    response: inquiryPublicViewSchema,
    tags: ['inquiries'],
  },
  'GET /inquiries/{id}/case': {
    summary: 'The full inquiry, with the inquirer’s contact, for its responsible akimat or the ministry',
    params: inquiryIdParams,
    response: inquiryStaffViewSchema,
    tags: ['inquiries'],
  },
  'GET /inquiries': {
    summary: 'Inquiries to answer: an akimat its region’s; the ministry all, or one responsible party’s',
    description:
      '`region` is the responsible party (an akimat’s KATO code or `ministry`); an akimat may only name its own. ' +
      'Newest first within each status: new, in-progress, answered. `overdue` is computed from the clock.',
    query: listInquiriesQuery,
    response: inquiryPageResponse,
    tags: ['inquiries'],
  },
  'POST /inquiries/{id}/take': {
    summary: 'The responsible party takes a new inquiry into work (new → in-progress)',
    description: '409 unless the inquiry is new; 403 for anyone but the akimat it is routed to (or the ministry for national ones).',
    params: inquiryIdParams,
    response: inquiryStaffViewSchema,
    tags: ['inquiries'],
  },
  'POST /inquiries/{id}/answer': {
    summary: 'The responsible party answers an inquiry it has taken (in-progress → answered), once',
    description: 'The answer is emailed to the inquirer when it gave an email. A second answer is refused with 409.',
    params: inquiryIdParams,
    body: answerInquiryBody,
    response: inquiryStaffViewSchema,
    tags: ['inquiries'],
  },

  'GET /monitoring/summary': {
    summary: 'Programme totals, nationally and per region',
    description:
      'Projects and value by stage, financing by route and status, КОС readiness, publication speed (median days from ' +
      'approval to publication) and share on schedule, contractor registrations and time to verification, inquiries. ' +
      'Kept current from the table stream; reads 21 items however many projects exist. Money: tenge, decimal strings.',
    query: monitoringQuery,
    response: summaryResponse,
    tags: ['monitoring'],
  },
  'GET /monitoring/summary.csv': {
    summary: 'The summary as CSV (UTF-8 with BOM; headings and region names in `lang`, Russian by default)',
    query: monitoringQuery,
    tags: ['monitoring'],
  },
  'GET /monitoring/regions': {
    summary: 'The 20 regions ranked by readiness score, with green/amber/red bands and the scoring method',
    description: 'score = 100 × (0.40 × progress + 0.25 × onSchedule + 0.15 × speed + 0.20 × financing); green ≥ 60, amber ≥ 40.',
    query: monitoringQuery,
    response: regionsResponse,
    tags: ['monitoring'],
  },
  'GET /monitoring/regions.csv': {
    summary: 'The regions’ rating as CSV (UTF-8 with BOM)',
    query: monitoringQuery,
    tags: ['monitoring'],
  },
  'GET /monitoring/overdue': {
    summary: 'Projects whose planned publication date has passed with nothing published, oldest plan first',
    description: 'With the responsible akimat and official and the days overdue (Almaty dates). Pages of at most 25.',
    query: overdueQuery,
    response: overdueResponse,
    tags: ['monitoring'],
  },
  'GET /monitoring/overdue.csv': {
    summary: 'One page of overdue projects as CSV (UTF-8 with BOM); the next page is in the `Link` header',
    query: overdueQuery,
    tags: ['monitoring'],
  },
  'GET /monitoring/kpi': {
    summary: 'Publications against the approved schedule to date, nationally (with the monthly series) and per region',
    query: monitoringQuery,
    response: kpiResponse,
    tags: ['monitoring'],
  },
  'GET /monitoring/kpi.csv': {
    summary: 'The KPI report as CSV (UTF-8 with BOM)',
    query: monitoringQuery,
    tags: ['monitoring'],
  },
  'GET /public/summary': {
    summary: 'The programme in figures for everyone: totals, regions and their rating; no person is named',
    response: publicSummaryResponse,
    tags: ['monitoring'],
  },
};
