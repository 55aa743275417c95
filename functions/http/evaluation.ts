/**
 * Evaluation, award, complaints and the register of unscrupulous participants.
 */
import { bidStore } from '../../shared/adapters/bid-store.js';
import { competitionStore } from '../../shared/adapters/competition-store.js';
import { contractorStore } from '../../shared/adapters/contractor-store.js';
import { awardStore, complaintStore, qualificationStore } from '../../shared/adapters/evaluation-store.js';
import { documentStore } from '../../shared/adapters/document-store.js';
import { loadFileStorage } from '../../shared/adapters/lazy-file-storage.js';
import { lazySignatureVerifier } from '../../shared/adapters/lazy-signature-verifier.js';
import { registerStore } from '../../shared/adapters/register-store.js';
import { checkConfig, complaintConfig, periodConfig } from '../../shared/config.js';
import { httpApi } from '../../shared/http/api.js';
import { evaluationRoutes } from '../../shared/http/routes/evaluation.js';
import { DEFAULT_PAGE_SIZE } from '../../shared/schemas/common.js';
import { decideComplaint, fileComplaint, listComplaints, pendingComplaints, type ComplaintDeps } from '../../shared/use-cases/complaints.js';
import { competitionView } from '../../shared/use-cases/competitions.js';
import {
  awardCompetition,
  awardSigningPayloadFor,
  decideQualification,
  getEvaluation,
  type EvaluationDeps,
} from '../../shared/use-cases/evaluation.js';
import { addEntry, confirmEntry, endEntry, entryView } from '../../shared/use-cases/unscrupulous.js';
import { complaintView } from '../../shared/domain/complaints.js';

const deps: EvaluationDeps = {
  competitions: competitionStore,
  bids: bidStore,
  qualifications: qualificationStore,
  awards: awardStore,
  register: registerStore,
  // The PDF library and the S3 client load with the first protocol (an award), not with every cold start.
  protocols: {
    render: async (protocol) => (await import('../../shared/adapters/protocol-pdf.js')).renderProtocol(protocol),
    store: async (competitionId, documentId, bytes) =>
      (await loadFileStorage()).putGeneratedTenderFile(competitionId, documentId, bytes, 'application/pdf'),
  },
  verifier: lazySignatureVerifier,
  periods: periodConfig,
  complaints: complaintConfig,
  checks: checkConfig,
};

const complaintDeps: ComplaintDeps = {
  competitions: competitionStore,
  bids: bidStore,
  complaints: complaintStore,
  contractors: contractorStore,
  bidDocuments: documentStore,
  config: complaintConfig,
};

export const handler = httpApi(evaluationRoutes, {
  evaluation: async ({ caller, params }) => ({ body: await getEvaluation(deps, caller, params.id) }),
  qualify: async ({ caller, params, body }) => ({ body: await decideQualification(deps, caller, params.id, params.bin, body) }),
  awardSigningPayload: async ({ caller, params, body }) => ({ body: await awardSigningPayloadFor(deps, caller, params.id, body.bin) }),
  award: async ({ caller, params, body }) => ({ body: competitionView(await awardCompetition(deps, caller, params.id, body)) }),
  fileComplaint: async ({ caller, params, body }) => {
    const complaint = await fileComplaint(complaintDeps, caller, params.id, body);
    return { body: complaintView(complaint) };
  },
  complaints: async ({ params }) => ({ body: { items: await listComplaints(complaintDeps, params.id) } }),
  decideComplaint: async ({ caller, params, body }) => ({ body: await decideComplaint(complaintDeps, caller, params.id, params.cid, body) }),
  complaintQueue: async () => ({ body: { items: await pendingComplaints(complaintDeps) } }),
  addRegisterEntry: async ({ caller, body }) => ({ body: entryView(await addEntry(registerStore, caller, body)) }),
  register: async ({ query }) => {
    if (query.bin) return { body: { items: (await registerStore.listByBin(query.bin)).map((e) => entryView(e)) } };
    const page = await registerStore.list({ limit: DEFAULT_PAGE_SIZE, ...(query.cursor ? { cursor: query.cursor } : {}) });
    return { body: { items: page.items.map((e) => entryView(e)), ...(page.cursor ? { cursor: page.cursor } : {}) } };
  },
  endRegisterEntry: async ({ caller, params }) => ({ body: entryView(await endEntry(registerStore, caller, params.entryId)) }),
  confirmRegisterEntry: async ({ caller, params }) => ({ body: entryView(await confirmEntry(registerStore, caller, params.entryId)) }),
});
