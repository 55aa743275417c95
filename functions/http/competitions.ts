/**
 * Competitions (the akimat's actions and the public reads), their questions and their audit log.
 */
import { bidStore } from '../../shared/adapters/bid-store.js';
import { competitionStore } from '../../shared/adapters/competition-store.js';
import { pageBody } from '../../shared/adapters/pagination.js';
import { projectStore } from '../../shared/adapters/project-store.js';
import { questionStore } from '../../shared/adapters/question-store.js';
import { periodConfig } from '../../shared/config.js';
import { ValidationError } from '../../shared/errors.js';
import { httpApi } from '../../shared/http/api.js';
import { competitionsRoutes } from '../../shared/http/routes/competitions.js';
import { parseInput } from '../../shared/http/validation.js';
import { DEFAULT_PAGE_SIZE } from '../../shared/schemas/common.js';
import { idempotencyKeySchema } from '../../shared/schemas/competitions.js';
import {
  amendCompetition,
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

export const handler = httpApi(competitionsRoutes, {
  create: async ({ caller, body }) => {
    const competition = await createCompetition(deps, caller, body);
    return { body: competitionView(competition), headers: { Location: `/competitions/${competition.id}` } };
  },

  search: async ({ query: q }) => {
    if (q.status === 'draft') throw new ValidationError([{ path: 'query.status', message: 'drafts are not public' }]);
    const page = await competitionStore.list(
      { ...(q.region ? { region: q.region } : {}), ...(q.sector ? { sector: q.sector } : {}), ...(q.status ? { status: q.status } : {}) },
      { limit: q.limit ?? DEFAULT_PAGE_SIZE, ...(q.cursor ? { cursor: q.cursor } : {}) },
    );
    return { body: pageBody({ ...page, items: page.items.map((c) => competitionView(c)) }) };
  },

  listOwn: async ({ caller, query: q }) => {
    if (q.region && q.region !== caller.kato) throw new ValidationError([{ path: 'query.region', message: 'an akimat lists its own region' }]);
    const page = await competitionStore.list(
      { region: caller.kato!, includeDrafts: true, ...(q.sector ? { sector: q.sector } : {}), ...(q.status ? { status: q.status } : {}) },
      { limit: q.limit ?? DEFAULT_PAGE_SIZE, ...(q.cursor ? { cursor: q.cursor } : {}) },
    );
    return { body: pageBody({ ...page, items: page.items.map((c) => competitionView(c)) }) };
  },

  get: async ({ params }) => ({ body: competitionView(await getPublicCompetition(deps, params.id)) }),

  amend: async ({ caller, params, body }) => ({ body: competitionView(await amendCompetition(deps, caller, params.id, body)) }),

  publish: async ({ caller, params, headers }) => {
    const header = headers['idempotency-key'];
    const key = header === undefined ? undefined : parseInput(idempotencyKeySchema, header, 'headers.idempotency-key');
    return { body: competitionView(await publishCompetition(deps, caller, params.id, key)) };
  },

  cancel: async ({ caller, params, body }) => ({
    body: competitionView(await cancelCompetition(deps, caller, params.id, body.reason)),
  }),

  openBids: async ({ caller, params }) => {
    const summary = await openBidsAsAkimat(deps, caller, params.id);
    return {
      body: {
        competition: competitionView(summary.competition),
        validBids: summary.validBids,
        bids: summary.bids.map((b) => ({ bin: b.bin, price: b.price, submittedAt: b.submittedAt, valid: b.competitionVersion >= summary.competition.bidsValidFromVersion })),
      },
    };
  },

  events: async ({ caller, params, query: q }) => {
    const page = await competitionEvents(deps, caller, params.id, { limit: q.limit ?? 50, ...(q.cursor ? { cursor: q.cursor } : {}) });
    return { body: pageBody(page) };
  },

  ask: async ({ caller, params, body }) => ({ body: questionView(await askQuestion(questionDeps, caller, params.id, body.text)) }),

  answer: async ({ caller, params, body }) => ({
    body: questionView(await answerQuestion(questionDeps, caller, params.id, params.qid, body.text)),
  }),

  questions: async ({ params }) => ({ body: { items: await listQuestions(questionDeps, params.id) } }),
});
