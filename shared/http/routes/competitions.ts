/**
 * Routes of the competitions function: the akimat's actions, the public reads, questions and the audit log.
 */
import { defineRoute } from '../route.js';
import {
  amendCompetitionBody,
  auditPageResponse,
  cancelCompetitionBody,
  competitionPageResponse,
  competitionViewSchema,
  createCompetitionBody,
  listCompetitionsQuery,
  openingSummaryResponse,
  pageQuery,
  questionListResponse,
  questionViewSchema,
  textBody,
} from '../../schemas/competitions.js';

const tags = ['competitions'];
const questionTags = ['questions'];
const ok = { status: 200, schema: competitionViewSchema } as const;

export const competitionsRoutes = {
  create: defineRoute({
    method: 'POST',
    path: '/competitions',
    auth: ['akimat'],
    summary: 'Create a draft competition for a project of the akimat’s region',
    description:
      'A project has at most one live competition (a draft or a published one that is neither cancelled nor ' +
      'unsuccessful): a second one is refused with 409 naming `projectId`. Cancelling the competition, or its ending ' +
      'unsuccessful, frees the project.',
    tags,
    body: createCompetitionBody,
    response: { status: 201, schema: competitionViewSchema, headers: { Location: 'The new competition: `/competitions/{id}`' } },
    errors: ['Conflict'],
  }),
  search: defineRoute({
    method: 'GET',
    path: '/competitions',
    auth: 'public',
    summary: 'Search public competitions by region, sector and status (cursor pages)',
    tags,
    query: listCompetitionsQuery,
    response: { status: 200, schema: competitionPageResponse },
  }),
  listOwn: defineRoute({
    method: 'GET',
    path: '/my/competitions',
    auth: ['akimat'],
    summary: 'The akimat’s competitions, drafts included',
    tags,
    query: listCompetitionsQuery,
    response: { status: 200, schema: competitionPageResponse },
  }),
  get: defineRoute({
    method: 'GET',
    path: '/competitions/{id}',
    auth: 'public',
    summary: 'A public competition with its periods and amendment version',
    tags,
    response: ok,
  }),
  amend: defineRoute({
    method: 'PATCH',
    path: '/competitions/{id}',
    auth: ['akimat'],
    summary: 'Edit a draft, or amend a published competition (bids invalidated and the deadline extended during tendering)',
    description:
      '`title` merges by language: `{ "ru": "…" }` changes the Russian title and keeps the Kazakh and English ones. ' +
      '`tenderPeriod.endDate` must be later than the current deadline and at most `PERIOD_MAX_DAYS_AHEAD` days ' +
      '(365 by default) from now.',
    tags,
    body: amendCompetitionBody,
    response: ok,
  }),
  publish: defineRoute({
    method: 'POST',
    path: '/competitions/{id}/publish',
    auth: ['akimat'],
    summary: 'Publish a draft; repeating it with the same Idempotency-Key header returns the first result',
    tags,
    response: ok,
  }),
  cancel: defineRoute({
    method: 'POST',
    path: '/competitions/{id}/cancel',
    auth: ['akimat'],
    summary: 'Cancel with a reason code',
    tags,
    body: cancelCompetitionBody,
    response: ok,
  }),
  openBids: defineRoute({
    method: 'POST',
    path: '/competitions/{id}/open-bids',
    auth: ['akimat'],
    summary: 'Open the bids after the deadline',
    tags,
    response: { status: 200, schema: openingSummaryResponse },
  }),
  events: defineRoute({
    method: 'GET',
    path: '/competitions/{id}/events',
    auth: ['akimat', 'ministry'],
    summary: 'The audit log (sealed-bid events appear after opening; askers stay anonymous)',
    tags,
    query: pageQuery,
    response: { status: 200, schema: auditPageResponse },
  }),
  ask: defineRoute({
    method: 'POST',
    path: '/competitions/{id}/questions',
    auth: ['contractor'],
    summary: 'Ask a question in the enquiry period',
    tags: questionTags,
    body: textBody,
    response: { status: 201, schema: questionViewSchema },
  }),
  answer: defineRoute({
    method: 'POST',
    path: '/competitions/{id}/questions/{qid}/answer',
    auth: ['akimat'],
    summary: 'Answer a question (public)',
    tags: questionTags,
    body: textBody,
    response: { status: 200, schema: questionViewSchema },
  }),
  questions: defineRoute({
    method: 'GET',
    path: '/competitions/{id}/questions',
    auth: 'public',
    summary: 'Questions and answers (askers anonymous)',
    tags: questionTags,
    response: { status: 200, schema: questionListResponse },
  }),
};
