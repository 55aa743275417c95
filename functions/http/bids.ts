/**
 * Sealed bids: the contractor's own bid (submit, replace, read, withdraw), its list of bids, and the opened bids
 * for the akimat.
 */
import { bidStore } from '../../shared/adapters/bid-store.js';
import { competitionStore } from '../../shared/adapters/competition-store.js';
import { documentStore } from '../../shared/adapters/document-store.js';
import { documentConfig } from '../../shared/config.js';
import { httpApi } from '../../shared/http/api.js';
import { parseInput } from '../../shared/http/validation.js';
import { bidBody } from '../../shared/schemas/competitions.js';
import { getOwnBid, listOpenedBids, listOwnBids, submitBid, withdrawBid } from '../../shared/use-cases/bids.js';

const deps = {
  competitions: competitionStore,
  bids: bidStore,
  bidDocuments: documentStore,
  // Loaded on first use: most bid requests presign nothing, so the S3 client stays out of the cold start.
  presignDownload: async (key: string, file: { fileName: string; contentType: string }) =>
    (await import('../../shared/adapters/file-storage.js')).fileStorage.presignDownload(key, file),
  maxDocumentsPerBid: documentConfig.maxPerBid,
};

export const handler = httpApi({
  'PUT /competitions/{id}/bids/me': async ({ caller, params, body }) => {
    const { price, documents } = parseInput(bidBody, body);
    return { statusCode: 200, body: await submitBid(deps, caller!, params.id!, price, documents) };
  },
  'GET /competitions/{id}/bids/me': async ({ caller, params }) => ({
    statusCode: 200,
    body: await getOwnBid(deps, caller!, params.id!),
  }),
  'DELETE /competitions/{id}/bids/me': async ({ caller, params }) => {
    await withdrawBid(deps, caller!, params.id!);
    return { statusCode: 204 };
  },
  'GET /competitions/{id}/bids': async ({ caller, params }) => ({
    statusCode: 200,
    body: { items: await listOpenedBids(deps, caller!, params.id!) },
  }),
  'GET /contractors/me/bids': async ({ caller }) => ({
    statusCode: 200,
    body: { items: await listOwnBids(deps, caller!) },
  }),
});
