/**
 * The signature verifier of the functions that verify signed acts (bids, awards), loaded on the first signature.
 */
import { readFileSync } from 'node:fs';
import { signatureConfig } from '../config.js';
import type { SignatureVerifier } from '../use-cases/signature-verifier.js';

// Read at init, so a missing or unreadable trust store fails the cold start with its path.
const trustStorePem = signatureConfig.trustStoreFile ? readFileSync(signatureConfig.trustStoreFile, 'utf8') : '';

/**
 * The CMS verifier (pkijs, ~400 KB minified) is loaded on the first signature, not on every cold start. In AWS it is
 * a separate file beside the handler (`SIGNATURE_VERIFIER_MODULE=./cms-verifier.mjs`, bundled by the CDK app), so the
 * handler's bundle does not even parse it; locally the module is imported from source. The specifier is a variable
 * on purpose: esbuild then leaves the import to run time instead of inlining the verifier.
 */
const verifierModule = signatureConfig.verifierModule ?? './cms-signature-verifier.js';
type VerifierModule = typeof import('./cms-signature-verifier.js');

let verifierPromise: Promise<SignatureVerifier> | undefined;

export const lazySignatureVerifier: SignatureVerifier = {
  verify: async (request) => {
    verifierPromise ??= (import(verifierModule) as Promise<VerifierModule>).then((m) =>
      m.createCmsSignatureVerifier({ trustStorePem, crlCacheSeconds: signatureConfig.crlCacheSeconds }),
    );
    verifierPromise.catch(() => (verifierPromise = undefined));
    return (await verifierPromise).verify(request);
  },
};
