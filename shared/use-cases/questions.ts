/**
 * Questions and answers: verified contractors ask during the enquiry period; the akimat answers publicly. Askers
 * stay anonymous to everyone else.
 */
import { now as clockNow } from '../clock.js';
import type { Question } from '../domain/competition.js';
import { assertTransition } from '../domain/competition-lifecycle.js';
import { makeEvent, type DomainEvent } from '../domain/events.js';
import { newId } from '../domain/ids.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../errors.js';
import type { Caller } from '../http/identity.js';
import { getPublicCompetition, ownCompetition, type CompetitionStore } from './competitions.js';

export interface QuestionStore {
  /** Stores the question if the enquiry period is still open at `now` and the asker is verified. */
  ask(question: Question, now: string, event: DomainEvent): Promise<void>;
  /** Records the answer once, while the competition is still published and open. */
  answer(competitionId: string, questionId: string, answer: { text: string; at: string }, event: DomainEvent): Promise<void>;
  get(competitionId: string, questionId: string): Promise<Question | undefined>;
  list(competitionId: string): Promise<Question[]>;
}

export interface QuestionDeps {
  readonly competitions: CompetitionStore;
  readonly questions: QuestionStore;
}

/** What everyone sees of a question: never who asked. */
export const questionView = (q: Question) => ({
  id: q.id,
  text: q.text,
  askedAt: q.askedAt,
  ...(q.answer ? { answer: q.answer } : {}),
});

export const askQuestion = async (deps: QuestionDeps, caller: Caller, competitionId: string, text: string): Promise<Question> => {
  if (caller.role !== 'contractor' || !caller.bin) throw new ForbiddenError('questions are asked by contractors');
  const competition = await getPublicCompetition(deps, competitionId);
  const now = clockNow();
  assertTransition('askQuestion', competition, now);
  const at = now.toISOString();
  const question: Question = { id: newId(), competitionId, text, askedAt: at, askerBin: caller.bin };
  await deps.questions.ask(question, at, makeEvent('question.asked', {
    at,
    actor: { sub: caller.sub, role: caller.role },
    subject: { kind: 'competition', id: competitionId },
    data: { questionId: question.id },
  }));
  return question;
};

export const answerQuestion = async (
  deps: QuestionDeps,
  caller: Caller,
  competitionId: string,
  questionId: string,
  text: string,
): Promise<Question> => {
  const competition = await ownCompetition(deps, caller, competitionId);
  const now = clockNow();
  assertTransition('answerQuestion', competition, now);
  const question = await deps.questions.get(competitionId, questionId);
  if (!question) throw new NotFoundError(`no question ${questionId}`);
  if (question.answer) throw new ConflictError('this question has been answered');
  const answer = { text, at: now.toISOString() };
  await deps.questions.answer(competitionId, questionId, answer, makeEvent('question.answered', {
    at: answer.at,
    actor: { sub: caller.sub, role: caller.role },
    subject: { kind: 'competition', id: competitionId },
    data: { questionId, question: question.text, answer: text },
  }));
  return { ...question, answer };
};

export const listQuestions = async (deps: QuestionDeps, competitionId: string) => {
  await getPublicCompetition(deps, competitionId);
  return (await deps.questions.list(competitionId)).map(questionView);
};
