/**
 * Questions on the in-memory ports: verified contractors ask during the enquiry period (by server time); the akimat
 * of the region answers once, while the competition is open; askers stay anonymous to everyone.
 */
import { describe, expect, it } from 'vitest';
import { ConflictError, ForbiddenError, NotFoundError } from '../../shared/errors.js';
import { cancelCompetition, competitionEvents } from '../../shared/use-cases/competitions.js';
import { answerQuestion, askQuestion, listQuestions } from '../../shared/use-cases/questions.js';
import { aContractor, aContractorCaller, anAkimat, aMinistry, T0 } from '../support/factories.js';
import { failureOf } from '../support/outcome.js';
import { memoryPorts } from '../support/memory/index.js';
import { aDraftIn, aPublishedIn, aVerifiedBidderIn } from '../support/memory/scenarios.js';
import { moveClockTo, useTestClock } from '../support/test-clock.js';

useTestClock(T0);

describe('asking', () => {
  it('accepts a question in the enquiry period and refuses one at its end, by server time', async () => {
    const ports = memoryPorts();
    const { competition } = await aPublishedIn(ports);
    const { caller } = aVerifiedBidderIn(ports);

    await askQuestion(ports.questionDeps, caller, competition.id, 'Можно ли субподряд?');
    moveClockTo(competition.enquiryPeriod!.endDate);
    const late = await failureOf(askQuestion(ports.questionDeps, caller, competition.id, 'Поздний вопрос'));

    expect(late).toBeInstanceOf(ConflictError);
    expect((late as Error).message).toContain(competition.enquiryPeriod!.endDate);
    expect((await listQuestions(ports.questionDeps, competition.id)).map((q) => q.text)).toEqual(['Можно ли субподряд?']);
  });

  it('is for verified contractors only, on public competitions', async () => {
    const ports = memoryPorts();
    const { competition } = await aPublishedIn(ports);
    const draft = await aDraftIn(ports);
    const pending = ports.seed.contractor(aContractor({ status: 'pending' }));
    const { caller } = aVerifiedBidderIn(ports);

    expect(await failureOf(askQuestion(ports.questionDeps, aContractorCaller(pending.bin), competition.id, '?'))).toBeInstanceOf(ForbiddenError);
    expect(await failureOf(askQuestion(ports.questionDeps, anAkimat(), competition.id, '?'))).toBeInstanceOf(ForbiddenError);
    expect(await failureOf(askQuestion(ports.questionDeps, caller, draft.competition.id, '?'))).toBeInstanceOf(NotFoundError);
  });

  it('keeps the asker anonymous: in the list, even for the asker, and in the audit log', async () => {
    const ports = memoryPorts();
    const { competition, akimat } = await aPublishedIn(ports);
    const { caller, contractor } = aVerifiedBidderIn(ports);

    await askQuestion(ports.questionDeps, caller, competition.id, 'Вопрос');

    const list = await listQuestions(ports.questionDeps, competition.id);
    expect(JSON.stringify(list)).not.toContain(contractor.bin);
    for (const reader of [akimat, aMinistry()]) {
      const log = await competitionEvents(ports.competitionDeps, reader, competition.id, { limit: 50 });
      const asked = log.items.filter((e) => (e as { type: string }).type === 'question.asked');
      expect(asked).toEqual([expect.objectContaining({ actor: { role: 'contractor' }, data: {} })]);
      expect(JSON.stringify(log)).not.toContain(contractor.bin);
    }
  });
});

describe('answering', () => {
  it('answers once, by the akimat of the region, publicly', async () => {
    const ports = memoryPorts();
    const { competition, akimat } = await aPublishedIn(ports);
    const { caller } = aVerifiedBidderIn(ports);
    const question = await askQuestion(ports.questionDeps, caller, competition.id, 'Вопрос');

    expect(await failureOf(answerQuestion(ports.questionDeps, anAkimat('750000000'), competition.id, question.id, 'Чужой ответ'))).toBeInstanceOf(ForbiddenError);
    const results = await Promise.allSettled([
      answerQuestion(ports.questionDeps, akimat, competition.id, question.id, 'Да'),
      answerQuestion(ports.questionDeps, akimat, competition.id, question.id, 'Нет'),
    ]);

    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(ports.table.eventTypes().filter((t) => t === 'question.answered')).toHaveLength(1);
    expect((await listQuestions(ports.questionDeps, competition.id))[0]!.answer).toMatchObject({ at: T0 });
    expect(await failureOf(answerQuestion(ports.questionDeps, akimat, competition.id, 'NO-SUCH', 'x'))).toBeInstanceOf(NotFoundError);
  });

  it('answers during tendering, not after the deadline nor after a cancellation', async () => {
    const ports = memoryPorts();
    const { competition, akimat } = await aPublishedIn(ports);
    const { caller } = aVerifiedBidderIn(ports);
    const first = await askQuestion(ports.questionDeps, caller, competition.id, '1');
    const second = await askQuestion(ports.questionDeps, caller, competition.id, '2');

    moveClockTo(competition.tenderPeriod!.startDate);
    await expect(answerQuestion(ports.questionDeps, akimat, competition.id, first.id, 'Ответ')).resolves.toMatchObject({ answer: { text: 'Ответ' } });
    moveClockTo(competition.tenderPeriod!.endDate);
    expect(await failureOf(answerQuestion(ports.questionDeps, akimat, competition.id, second.id, 'Поздно'))).toBeInstanceOf(ConflictError);

    const other = await aPublishedIn(ports);
    const asked = await askQuestion(ports.questionDeps, caller, other.competition.id, '?');
    await cancelCompetition(ports.competitionDeps, other.akimat, other.competition.id, 'noNeed');
    expect(await failureOf(answerQuestion(ports.questionDeps, other.akimat, other.competition.id, asked.id, 'x'))).toBeInstanceOf(ConflictError);
  });
});
