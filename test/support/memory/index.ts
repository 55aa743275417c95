/**
 * Every port on one in-memory table, wired as the handlers wire the DynamoDB adapters, plus ways to put records in
 * place without going through the use cases. One call per test: each gets a world of its own.
 */
import type { Bid, Competition, Question } from '../../../shared/domain/competition.js';
import { PERIOD_DEFAULTS } from '../../../shared/domain/periods.js';
import type { Contractor } from '../../../shared/domain/contractor.js';
import type { BidDocument } from '../../../shared/domain/documents.js';
import type { Inquiry } from '../../../shared/domain/inquiry.js';
import type { Project } from '../../../shared/domain/project.js';
import { subscriptionPartition } from '../../../shared/keys.js';
import type { SignedBidDeps } from '../../../shared/use-cases/bids.js';
import type { CompetitionDeps } from '../../../shared/use-cases/competitions.js';
import type { InquiryDeps } from '../../../shared/use-cases/inquiries.js';
import type { QuestionDeps } from '../../../shared/use-cases/questions.js';
import { fakeSignatureVerifier } from '../fake-signatures.js';
import { memoryBidDocuments, memoryBidStore, memoryQuestionStore } from './bid-store.js';
import { memoryCompetitionStore, memoryProjectStore } from './competition-store.js';
import { memoryContractorStore, recipientOf } from './contractor-store.js';
import { memoryContractStore } from './contract-store.js';
import { CONTRACT_DEFAULTS } from '../../../shared/domain/contract.js';
import type { ContractDeps } from '../../../shared/use-cases/contracts.js';
import { memoryEvaluationStores } from './evaluation-store.js';
import { memoryInquiryStore } from './inquiry-store.js';
import { bidDocumentKey, copy, MemoryTable } from './table.js';

export { MemoryTable } from './table.js';
export { MemoryDeadlineQueue, MemoryJobQueue, memoryMatchingReader } from './queues.js';

export const memoryPorts = (options: { signatureRequired?: boolean } = {}) => {
  const table = new MemoryTable();
  const competitions = memoryCompetitionStore(table);
  const projects = memoryProjectStore(table);
  const bids = memoryBidStore(table);
  const questions = memoryQuestionStore(table);
  const contractors = memoryContractorStore(table);
  const inquiries = memoryInquiryStore(table);
  const verifier = fakeSignatureVerifier();
  const evaluation = memoryEvaluationStores(table);

  const competitionDeps: CompetitionDeps = { competitions, projects, bids, periods: PERIOD_DEFAULTS };
  const bidDeps: SignedBidDeps = {
    competitions,
    bids,
    bidDocuments: memoryBidDocuments(table),
    presignDownload: async (key) => `https://documents.example/${key}`,
    maxDocumentsPerBid: 20,
    verifier,
    signatureRequired: options.signatureRequired ?? true,
    register: evaluation.register,
  };
  const questionDeps: QuestionDeps = { competitions, questions };
  const inquiryDeps: InquiryDeps = { inquiries, responseWorkingDays: 5 };
  const contracts = memoryContractStore(table, evaluation.registerEntries);
  const contractDeps: ContractDeps = { contracts, competitions, bids, qualifications: evaluation.qualifications, projects, contractors, verifier, config: CONTRACT_DEFAULTS };

  /** Records written straight into the table, as the demo-data seeder writes items (no events, no conditions). */
  const seed = {
    project: (p: Project): Project => (table.projects.set(p.id, { project: copy(p) }), p),
    competition: (c: Competition): Competition => {
      table.competitions.set(c.id, copy(c));
      // A live competition holds its project, as creating the draft would have made it.
      const entry = table.projects.get(c.projectId);
      if (entry && !['cancelled', 'unsuccessful'].includes(c.status)) entry.liveCompetitionId = c.id;
      return c;
    },
    bid: (b: Bid): Bid => {
      const forCompetition = table.bids.get(b.competitionId) ?? new Map<string, Bid>();
      forCompetition.set(b.bin, copy(b));
      table.bids.set(b.competitionId, forCompetition);
      return b;
    },
    question: (q: Question): Question => {
      const forCompetition = table.questions.get(q.competitionId) ?? new Map<string, Question>();
      forCompetition.set(q.id, copy(q));
      table.questions.set(q.competitionId, forCompetition);
      return q;
    },
    contractor: (c: Contractor): Contractor => {
      table.contractors.set(c.bin, copy(c));
      if (c.unsubscribeToken) table.unsubscribeTokens.set(c.unsubscribeToken, c.bin);
      if (c.status === 'verified') {
        for (const s of c.subscriptions) {
          const entries = table.subscriptions.get(subscriptionPartition(s.kato, s.sector)) ?? new Map();
          entries.set(c.bin, recipientOf(c));
          table.subscriptions.set(subscriptionPartition(s.kato, s.sector), entries);
        }
      }
      return c;
    },
    inquiry: (i: Inquiry): Inquiry => (table.inquiries.set(i.id, copy(i)), i),
    bidDocument: (d: BidDocument): BidDocument => (table.bidDocuments.set(bidDocumentKey(d.competitionId, d.bin, d.id), copy(d)), d),
  };

  return { table, competitions, projects, bids, questions, contractors, inquiries, verifier, evaluation, contracts, competitionDeps, bidDeps, questionDeps, inquiryDeps, contractDeps, seed };
};

export type MemoryPorts = ReturnType<typeof memoryPorts>;
