/**
 * A stand-in for the electronic-signature port in unit tests: a "signature" is a base64 note of the signer's BIN and
 * the SHA-256 of the bytes it covers. It refuses as the CMS verifier does (`SignatureRejectedError` with the same
 * reason codes) when the note is garbage, covers other bytes, names another organisation or (for a contract) an employee without signing authority, so the use cases' handling
 * of the port is tested without certificates (`test/integration/signatures.test.ts` covers the real verifier).
 */
import { createHash } from 'node:crypto';
import type { Signer } from '../../shared/domain/signing.js';
import { SignatureRejectedError } from '../../shared/errors.js';
import type { SignatureVerifier } from '../../shared/use-cases/signature-verifier.js';

const sha256 = (bytes: Uint8Array | string): string => createHash('sha256').update(bytes).digest('hex');

/**
 * The fake signature of `payload` (the bytes of `POST …/bids/me/signing-payload`, base64 or raw) by `bin`; by its head
 * unless `role` says an authorised signatory or an employee (who may not sign a contract).
 */
export const fakeSignature = (payload: Uint8Array | string, bin: string, role: 'head' | 'signatory' | 'employee' = 'head'): string => {
  const bytes = typeof payload === 'string' ? Buffer.from(payload, 'base64') : payload;
  return Buffer.from(JSON.stringify({ bin, sha256: sha256(bytes), role }), 'utf8').toString('base64');
};

/** Verifies fake signatures; every request it saw is kept in `requests`. */
export const fakeSignatureVerifier = (): SignatureVerifier & { readonly requests: { bin: string; now: Date }[] } => {
  const requests: { bin: string; now: Date }[] = [];
  return {
    requests,
    verify: async ({ signature, payload, bin, now, requireSigningAuthority }) => {
      requests.push({ bin, now });
      let note: { bin?: unknown; sha256?: unknown; role?: unknown };
      try {
        note = JSON.parse(Buffer.from(signature, 'base64').toString('utf8')) as typeof note;
      } catch {
        throw new SignatureRejectedError('malformed', 'not a signature');
      }
      if (typeof note?.sha256 !== 'string' || typeof note.bin !== 'string') throw new SignatureRejectedError('malformed', 'not a signature');
      if (note.sha256 !== sha256(payload)) throw new SignatureRejectedError('payload_mismatch', 'the signature covers other bytes');
      if (note.bin !== bin) throw new SignatureRejectedError('not_this_organisation', `the certificate names BIN ${note.bin}`);
      const authority = note.role === 'head' || note.role === 'signatory' ? note.role : undefined;
      if (requireSigningAuthority && !authority) throw new SignatureRejectedError('no_signing_authority', 'an employee certificate');
      const signer: Signer = {
        commonName: `Signatory of ${bin}`,
        certificateSerial: sha256(bin).slice(0, 16),
        issuer: 'CN=Fake CA, C=KZ',
        bin,
        ...(authority ? { authority } : {}),
        signedAt: now.toISOString(),
        signatureSha256: sha256(signature),
      };
      return signer;
    },
  };
};
