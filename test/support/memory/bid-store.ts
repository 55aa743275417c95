/**
 * In-memory adapters of the bid port, the bid documents it reads and the question port, with the conditions of
 * `shared/adapters/bid-store.ts` and `question-store.ts`: a bid or a question is written only if, at the `now` it is
 * given, the lifecycle table allows it on the competition and the contractor is verified, in the same step.
 */
import type { CompetitionAction } from '../../../shared/domain/competition-lifecycle.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../../shared/errors.js';
import { keys } from '../../../shared/keys.js';
import type { BidDocumentReader, BidStore } from '../../../shared/use-cases/bids.js';
import type { QuestionStore } from '../../../shared/use-cases/questions.js';
import { bidDocumentKey, copy, type MemoryTable, type TransactItem } from './table.js';

const partition = (id: string) => keys.competition(id).PK;

const check = (condition: () => boolean): TransactItem => ({ condition, apply: () => undefined });

/** The competition allows `action` at `now` (the lifecycle table's status, window and facts), beside another write. */
const transitionCheck = (table: MemoryTable, competitionId: string, action: CompetitionAction, now: string): TransactItem =>
  check(() => table.allows(competitionId, action, now));

const verifiedContractor = (table: MemoryTable, bin: string): TransactItem => check(() => table.contractors.get(bin)?.status === 'verified');

const bidsOf = (table: MemoryTable, competitionId: string) => {
  const bids = table.bids.get(competitionId) ?? new Map();
  table.bids.set(competitionId, bids);
  return bids;
};

export const memoryBidStore = (table: MemoryTable): BidStore => ({
  put: async (bid, now, event) => {
    table.transact(
      [
        transitionCheck(table, bid.competitionId, 'submitBid', now),
        verifiedContractor(table, bid.bin),
        { apply: () => void bidsOf(table, bid.competitionId).set(bid.bin, copy(bid)) },
        table.eventPut(partition(bid.competitionId), event),
        ...(bid.documents ?? []).map((d) => check(() => table.bidDocuments.get(bidDocumentKey(bid.competitionId, bid.bin, d.id))?.status === 'active')),
      ],
      (index) =>
        index === 1
          ? new ForbiddenError('only a registered contractor with a verified email may bid')
          : index >= 4
            ? new ValidationError([{ path: 'documents', message: `item ${index - 3}: not one of your verified bid documents (it changed meanwhile)` }])
            : new ConflictError('bids are not accepted now'),
    );
  },

  withdraw: async (competitionId, bin, now, event) => {
    table.transact(
      [
        transitionCheck(table, competitionId, 'withdrawBid', now),
        { condition: () => bidsOf(table, competitionId).has(bin), apply: () => void bidsOf(table, competitionId).delete(bin) },
        table.eventPut(partition(competitionId), event),
      ],
      (index) => (index === 1 ? new NotFoundError('you have no bid in this competition') : new ConflictError('bids cannot be withdrawn now')),
    );
  },

  get: async (competitionId, bin) => {
    const bid = table.bids.get(competitionId)?.get(bin);
    return bid ? copy(bid) : undefined;
  },

  listBids: async (competitionId) => [...(table.bids.get(competitionId)?.values() ?? [])].sort((a, b) => a.bin.localeCompare(b.bin)).map(copy),

  listByContractor: async (bin) =>
    [...table.bids.values()]
      .flatMap((bids) => (bids.has(bin) ? [bids.get(bin)!] : []))
      .sort((a, b) => b.competitionId.localeCompare(a.competitionId))
      .slice(0, 100)
      .map(copy),
});

/** The bid documents of a competition (one bidder's, or everyone's), as the document store lists them. */
export const memoryBidDocuments = (table: MemoryTable): BidDocumentReader => ({
  listBid: async (competitionId, bin) =>
    [...table.bidDocuments.values()].filter((d) => d.competitionId === competitionId && (bin === undefined || d.bin === bin)).map(copy),
});

export const memoryQuestionStore = (table: MemoryTable): QuestionStore => {
  const questionsOf = (competitionId: string) => {
    const questions = table.questions.get(competitionId) ?? new Map();
    table.questions.set(competitionId, questions);
    return questions;
  };
  return {
    ask: async (question, now, event) => {
      table.transact(
        [
          transitionCheck(table, question.competitionId, 'askQuestion', now),
          verifiedContractor(table, question.askerBin),
          { apply: () => void questionsOf(question.competitionId).set(question.id, copy(question)) },
          table.eventPut(partition(question.competitionId), event),
        ],
        (index) =>
          index === 1
            ? new ForbiddenError('only a registered contractor with a verified email may ask questions')
            : new ConflictError('the enquiry period has ended'),
      );
    },

    answer: async (competitionId, questionId, answer, event) => {
      table.transact(
        [
          transitionCheck(table, competitionId, 'answerQuestion', answer.at),
          {
            condition: () => {
              const q = questionsOf(competitionId).get(questionId);
              return !!q && !q.answer;
            },
            apply: () => void questionsOf(competitionId).set(questionId, { ...questionsOf(competitionId).get(questionId)!, answer: copy(answer) }),
          },
          table.eventPut(partition(competitionId), event),
        ],
        (index) => new ConflictError(index === 1 ? 'this question has been answered' : 'the competition is no longer open'),
      );
    },

    get: async (competitionId, questionId) => {
      const q = table.questions.get(competitionId)?.get(questionId);
      return q ? copy(q) : undefined;
    },

    list: async (competitionId) => [...(table.questions.get(competitionId)?.values() ?? [])].sort((a, b) => a.id.localeCompare(b.id)).map(copy),
  };
};
