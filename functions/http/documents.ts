/**
 * Tender documents (the akimat's, public once published) and bid envelopes (the contractor's, sealed until opening).
 * Bytes never pass through here: uploads and downloads are presigned URLs on the documents bucket.
 */
import { bidStore } from '../../shared/adapters/bid-store.js';
import { competitionStore } from '../../shared/adapters/competition-store.js';
import { documentStore } from '../../shared/adapters/document-store.js';
import { fileStorage } from '../../shared/adapters/file-storage.js';
import { projectStore } from '../../shared/adapters/project-store.js';
import { documentConfig, periodConfig } from '../../shared/config.js';
import { httpApi } from '../../shared/http/api.js';
import { parseInput } from '../../shared/http/validation.js';
import { contentQuery, newBidDocumentBody, newTenderDocumentBody, newVersionBody } from '../../shared/schemas/documents.js';
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
  files: fileStorage,
  limits: documentConfig,
  bidDocumentsInUse: async (competitionId, bin) => ((await bidStore.get(competitionId, bin))?.documents ?? []).map((d) => d.id),
};

export const handler = httpApi({
  'POST /competitions/{id}/documents': async ({ caller, params, body }) => ({
    statusCode: 201,
    body: await createTenderDocument(deps, caller!, params.id!, parseInput(newTenderDocumentBody, body)),
  }),
  'GET /competitions/{id}/documents': async ({ params }) => ({
    statusCode: 200,
    body: { items: await listPublicTenderDocuments(deps, params.id!) },
  }),
  'GET /my/competitions/{id}/documents': async ({ caller, params }) => ({
    statusCode: 200,
    body: { items: await listOwnTenderDocuments(deps, caller!, params.id!) },
  }),
  'PUT /competitions/{id}/documents/{docId}': async ({ caller, params, body }) => ({
    statusCode: 201,
    body: await replaceTenderDocument(deps, caller!, params.id!, params.docId!, parseInput(newVersionBody, body)),
  }),
  'POST /competitions/{id}/documents/{docId}/complete': async ({ caller, params }) => ({
    statusCode: 200,
    body: await completeTenderDocument(deps, caller!, params.id!, params.docId!),
  }),
  'GET /competitions/{id}/documents/{docId}/content': async ({ params, query }) => {
    const { version } = parseInput(contentQuery, query, 'query');
    return { statusCode: 302, headers: { Location: await tenderDocumentContent(deps, params.id!, params.docId!, version) } };
  },
  'POST /competitions/{id}/bids/me/documents': async ({ caller, params, body }) => ({
    statusCode: 201,
    body: await createBidDocument(deps, caller!, params.id!, parseInput(newBidDocumentBody, body)),
  }),
  'GET /competitions/{id}/bids/me/documents': async ({ caller, params }) => ({
    statusCode: 200,
    body: { items: await listOwnBidDocuments(deps, caller!, params.id!) },
  }),
  'POST /competitions/{id}/bids/me/documents/{docId}/complete': async ({ caller, params }) => ({
    statusCode: 200,
    body: await completeBidDocument(deps, caller!, params.id!, params.docId!),
  }),
  'DELETE /competitions/{id}/bids/me/documents/{docId}': async ({ caller, params }) => {
    await deleteBidDocument(deps, caller!, params.id!, params.docId!);
    return { statusCode: 204 };
  },
});
