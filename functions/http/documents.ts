/**
 * Tender documents (the akimat's, public once published) and bid envelopes (the contractor's, sealed until opening).
 * Bytes never pass through here: uploads and downloads are presigned URLs on the documents bucket.
 */
import { bidStore } from '../../shared/adapters/bid-store.js';
import { competitionStore } from '../../shared/adapters/competition-store.js';
import { documentStore } from '../../shared/adapters/document-store.js';
import { lazyFileStorage } from '../../shared/adapters/lazy-file-storage.js';
import { projectStore } from '../../shared/adapters/project-store.js';
import { documentConfig, periodConfig } from '../../shared/config.js';
import { httpApi } from '../../shared/http/api.js';
import { documentsRoutes } from '../../shared/http/routes/documents.js';
import {
  completeBidDocument,
  completeTenderDocument,
  createBidDocument,
  createTenderDocument,
  deleteBidDocument,
  listOwnBidDocuments,
  listOwnTenderDocuments,
  listPublicTenderDocuments,
  replaceTenderDocument,
  tenderDocumentContent,
  type DocumentDeps,
} from '../../shared/use-cases/documents.js';

const deps: DocumentDeps = {
  competitions: competitionStore,
  projects: projectStore,
  bids: bidStore,
  periods: periodConfig,
  documents: documentStore,
  files: lazyFileStorage,
  limits: documentConfig,
  bidDocumentsInUse: async (competitionId, bin) => ((await bidStore.get(competitionId, bin))?.documents ?? []).map((d) => d.id),
};

export const handler = httpApi(documentsRoutes, {
  createTender: async ({ caller, params, body }) => ({ body: await createTenderDocument(deps, caller, params.id, body) }),
  listPublic: async ({ params }) => ({ body: { items: await listPublicTenderDocuments(deps, params.id) } }),
  listOwnTender: async ({ caller, params }) => ({ body: { items: await listOwnTenderDocuments(deps, caller, params.id) } }),
  replaceTender: async ({ caller, params, body }) => ({
    body: await replaceTenderDocument(deps, caller, params.id, params.docId, body),
  }),
  completeTender: async ({ caller, params }) => ({ body: await completeTenderDocument(deps, caller, params.id, params.docId) }),
  content: async ({ params, query }) => ({
    headers: { Location: await tenderDocumentContent(deps, params.id, params.docId, query.version) },
  }),
  createBid: async ({ caller, params, body }) => ({ body: await createBidDocument(deps, caller, params.id, body) }),
  listOwnBid: async ({ caller, params }) => ({ body: { items: await listOwnBidDocuments(deps, caller, params.id) } }),
  completeBid: async ({ caller, params }) => ({ body: await completeBidDocument(deps, caller, params.id, params.docId) }),
  deleteBid: async ({ caller, params }) => {
    await deleteBidDocument(deps, caller, params.id, params.docId);
    return {};
  },
});
