/**
 * The port through which use cases verify an electronic signature over an act's canonical bytes. The adapter in
 * `shared/adapters/cms-signature-verifier.ts` verifies CMS SignedData with RSA or ECDSA P-256 (pkijs); Kazakh GOST
 * 34.310 keys need another adapter behind this same port (for example a sidecar around NCANode or Kalkan).
 */
import type { Signer } from '../domain/signing.js';

export interface SignatureVerificationRequest {
  /** The signature as submitted: base64 of a detached CMS SignedData (DER). */
  readonly signature: string;
  /** The canonical bytes the signature must cover. */
  readonly payload: Uint8Array;
  /** The BIN the signer's certificate must name (`OU=BIN<BIN>`): the caller's organisation. */
  readonly bin: string;
  /** The time to check the certificates against (the platform's clock). */
  readonly now: Date;
  /**
   * Acts that bind the organisation (a contract) need its head or an authorised signatory: a certificate with another
   * role (an employee's, an HR officer's) is refused with `no_signing_authority`.
   */
  readonly requireSigningAuthority?: boolean;
}

export interface SignatureVerifier {
  /**
   * Verifies the signature and returns its signer; throws `SignatureRejectedError` (422, field `signature`, with a
   * reason code) when it is refused, or `ServiceUnavailableError` when revocation cannot be checked now.
   */
  verify(request: SignatureVerificationRequest): Promise<Signer>;
}
