/**
 * Competitions (the akimat's actions and the public reads), their questions and their audit log.
 */
import { bidStore } from '../../shared/adapters/bid-store.js';
import { competitionStore } from '../../shared/adapters/competition-store.js';
import { DEFAULT_PAGE_SIZE, pageBody } from '../../shared/adapters/pagination.js';
import { projectStore } from '../../shared/adapters/project-store.js';
import { questionStore } from '../../shared/adapters/question-store.js';
import { periodConfig } from '../../shared/config.js';
import { ValidationError } from '../../shared/errors.js';
import { httpApi, type HttpRequest } from '../../shared/http/api.js';
import { parseInput } from '../../shared/http/validation.js';
import {
  amendCompetitionBody,
  awardCompetitionBody,
  cancelCompetitionBody,
  createCompetitionBody,
  idempotencyKeySchema,
  listCompetitionsQuery,
  pageQuery,
  textBody,
} from '../../shared/schemas/competitions.js';
import {
  amendCompetition,
  awardCompetition,
  cancelCompetition,
  competitionEvents,
  competitionView,
  createCompetition,
  getPublicCompetition,
  openBidsAsAkimat,
  publishCompetition,
  type CompetitionDeps,
} from '../../shared/use-cases/competitions.js';
import { answerQuestion, askQuestion, listQuestions, questionView } from '../../shared/use-cases/questions.js';

const deps: CompetitionDeps = { competitions: competitionStore, projects: projectStore, bids: bidStore, periods: periodConfig };
const questionDeps = { competitions: competitionStore, questions: questionStore };

const id = (request: HttpRequest): string => request.params.id!;

export const handler = httpApi({
  'POST /competitions': async ({ caller, body }) => {
    const competition = await createCompetition(deps, caller!, parseInput(createCompetitionBody, body));
    return { statusCode: 201, body: competitionView(competition), headers: { Location: `/competitions/${competition.id}` } };
  },

  'GET /competitions': async ({ query }) => {
    const q = parseInput(listCompetitionsQuery, query, 'query');
    if (q.status === 'draft') throw new ValidationError([{ path: 'query.status', message: 'drafts are not public' }]);
    const page = await competitionStore.list(
      { ...(q.region ? { region: q.region } : {}), ...(q.sector ? { sector: q.sector } : {}), ...(q.status ? { status: q.status } : {}) },
      { limit: q.limit ?? DEFAULT_PAGE_SIZE, ...(q.cursor ? { cursor: q.cursor } : {}) },
    );
    return { statusCode: 200, body: pageBody({ ...page, items: page.items.map((c) => competitionView(c)) }) };
  },

  'GET /my/competitions': async ({ caller, query }) => {
    const q = parseInput(listCompetitionsQuery, query, 'query');
    if (q.region && q.region !== caller!.kato) throw new ValidationError([{ path: 'query.region', message: 'an akimat lists its own region' }]);
    const page = await competitionStore.list(
      { region: caller!.kato!, includeDrafts: true, ...(q.sector ? { sector: q.sector } : {}), ...(q.status ? { status: q.status } : {}) },
      { limit: q.limit ?? DEFAULT_PAGE_SIZE, ...(q.cursor ? { cursor: q.cursor } : {}) },
    );
    return { statusCode: 200, body: pageBody({ ...page, items: page.items.map((c) => competitionView(c)) }) };
  },

  'GET /competitions/{id}': async (request) => ({
    statusCode: 200,
    body: competitionView(await getPublicCompetition(deps, id(request))),
  }),

  'PATCH /competitions/{id}': async (request) => ({
    statusCode: 200,
    body: competitionView(await amendCompetition(deps, request.caller!, id(request), parseInput(amendCompetitionBody, request.body))),
  }),

  'POST /competitions/{id}/publish': async (request) => {
    const header = request.headers['idempotency-key'];
    const key = header === undefined ? undefined : parseInput(idempotencyKeySchema, header, 'headers.idempotency-key');
    return { statusCode: 200, body: competitionView(await publishCompetition(deps, request.caller!, id(request), key)) };
  },

  'POST /competitions/{id}/cancel': async (request) => {
    const { reason } = parseInput(cancelCompetitionBody, request.body);
    return { statusCode: 200, body: competitionView(await cancelCompetition(deps, request.caller!, id(request), reason)) };
  },

  'POST /competitions/{id}/open-bids': async (request) => {
    const summary = await openBidsAsAkimat(deps, request.caller!, id(request));
    return {
      statusCode: 200,
      body: {
        competition: competitionView(summary.competition),
        validBids: summary.validBids,
        bids: summary.bids.map((b) => ({ bin: b.bin, price: b.price, submittedAt: b.submittedAt, valid: b.competitionVersion >= summary.competition.bidsValidFromVersion })),
      },
    };
  },

  'POST /competitions/{id}/award': async (request) => {
    const { bin } = parseInput(awardCompetitionBody, request.body);
    return { statusCode: 200, body: competitionView(await awardCompetition(deps, request.caller!, id(request), bin)) };
  },

  'GET /competitions/{id}/events': async (request) => {
    const q = parseInput(pageQuery, request.query, 'query');
    const page = await competitionEvents(deps, request.caller!, id(request), { limit: q.limit ?? 50, ...(q.cursor ? { cursor: q.cursor } : {}) });
    return { statusCode: 200, body: pageBody(page) };
  },

  'POST /competitions/{id}/questions': async (request) => {
    const { text } = parseInput(textBody, request.body);
    const question = await askQuestion(questionDeps, request.caller!, id(request), text);
    return { statusCode: 201, body: questionView(question) };
  },

  'POST /competitions/{id}/questions/{qid}/answer': async (request) => {
    const { text } = parseInput(textBody, request.body);
    const question = await answerQuestion(questionDeps, request.caller!, id(request), request.params.qid!, text);
    return { statusCode: 200, body: questionView(question) };
  },

  'GET /competitions/{id}/questions': async (request) => ({
    statusCode: 200,
    body: { items: await listQuestions(questionDeps, id(request)) },
  }),
});
