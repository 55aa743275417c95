/**
 * Sealed bids: the contractor's own bid (sign, submit, replace, read, withdraw), its list of bids, and the opened
 * bids for the akimat.
 */
import { bidStore } from '../../shared/adapters/bid-store.js';
import { competitionStore } from '../../shared/adapters/competition-store.js';
import { documentStore } from '../../shared/adapters/document-store.js';
import { documentUrls } from '../../shared/adapters/presigned-urls.js';
import { lazySignatureVerifier } from '../../shared/adapters/lazy-signature-verifier.js';
import { registerStore } from '../../shared/adapters/register-store.js';
import { documentConfig, signatureConfig } from '../../shared/config.js';
import { httpApi } from '../../shared/http/api.js';
import { bidsRoutes } from '../../shared/http/routes/bids.js';
import {
  bidSigningPayloadFor,
  getOwnBid,
  listOpenedBids,
  listOwnBids,
  submitBid,
  withdrawBid,
} from '../../shared/use-cases/bids.js';

const deps = {
  competitions: competitionStore,
  bids: bidStore,
  bidDocuments: documentStore,
  // Presigned without the S3 client (`presigned-urls.ts`).
  presignDownload: documentUrls.presignDownload,
  maxDocumentsPerBid: documentConfig.maxPerBid,
  verifier: lazySignatureVerifier,
  register: registerStore,
  signatureRequired: signatureConfig.required,
};

export const handler = httpApi(bidsRoutes, {
  submit: async ({ caller, params, body }) => ({ body: await submitBid(deps, caller, params.id, body) }),
  signingPayload: async ({ caller, params, body }) => ({
    body: await bidSigningPayloadFor(deps, caller, params.id, body.price, body.documents),
  }),
  getOwn: async ({ caller, params }) => ({ body: await getOwnBid(deps, caller, params.id) }),
  withdraw: async ({ caller, params }) => {
    await withdrawBid(deps, caller, params.id);
    return {};
  },
  listOpened: async ({ caller, params }) => ({ body: { items: await listOpenedBids(deps, caller, params.id) } }),
  listOwn: async ({ caller }) => ({ body: { items: await listOwnBids(deps, caller) } }),
});
