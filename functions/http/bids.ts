/**
 * Sealed bids: the contractor's own bid (sign, submit, replace, read, withdraw), its list of bids, and the opened
 * bids for the akimat.
 */
import { readFileSync } from 'node:fs';
import { bidStore } from '../../shared/adapters/bid-store.js';
import { competitionStore } from '../../shared/adapters/competition-store.js';
import { documentStore } from '../../shared/adapters/document-store.js';
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
import type { SignatureVerifier } from '../../shared/use-cases/signature-verifier.js';

// Read at init, so a missing or unreadable trust store fails the cold start with its path.
const trustStorePem = signatureConfig.trustStoreFile ? readFileSync(signatureConfig.trustStoreFile, 'utf8') : '';

/**
 * The CMS verifier (pkijs, ~400 KB minified) is loaded on the first signed bid, not on every cold start. In AWS it is
 * a separate file beside the handler (`SIGNATURE_VERIFIER_MODULE=./cms-verifier.mjs`, bundled by the CDK app), so the
 * handler's bundle does not even parse it; locally the module is imported from source. The specifier is a variable
 * on purpose: esbuild then leaves the import to run time instead of inlining the verifier.
 */
const verifierModule = signatureConfig.verifierModule ?? '../../shared/adapters/cms-signature-verifier.js';
type VerifierModule = typeof import('../../shared/adapters/cms-signature-verifier.js');

let verifierPromise: Promise<SignatureVerifier> | undefined;
const verifier: SignatureVerifier = {
  verify: async (request) => {
    verifierPromise ??= (import(verifierModule) as Promise<VerifierModule>).then((m) =>
      m.createCmsSignatureVerifier({ trustStorePem, crlCacheSeconds: signatureConfig.crlCacheSeconds }),
    );
    verifierPromise.catch(() => (verifierPromise = undefined));
    return (await verifierPromise).verify(request);
  },
};

const deps = {
  competitions: competitionStore,
  bids: bidStore,
  bidDocuments: documentStore,
  // Loaded on first use: most bid requests presign nothing, so the S3 client stays out of the cold start.
  presignDownload: async (key: string, file: { fileName: string; contentType: string }) =>
    (await import('../../shared/adapters/file-storage.js')).fileStorage.presignDownload(key, file),
  maxDocumentsPerBid: documentConfig.maxPerBid,
  verifier,
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
