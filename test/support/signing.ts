/**
 * Signed bids for tests: a development certificate from the local runtime's CA (`POST /dev/certificates`) and a
 * detached CMS signature made in Node over the bytes of `POST …/bids/me/signing-payload`, as a contractor's
 * signing application would.
 */
import { signDetached } from '../../shared/signing/cms-sign.js';
import { api, clockNow } from './local.js';

export interface DevCertificate {
  privateKey: string;
  certificate: string;
  chain: string[];
}

export interface CertificateOptions {
  iin?: string;
  role?: 'head' | 'signatory' | 'employee';
  commonName?: string;
  notBefore?: string;
  notAfter?: string;
  keyAlgorithm?: 'RSA' | 'ECDSA';
}

/** A new development certificate for `bin` (every call issues a new one). */
export const devCertificate = async (bin: string, options: CertificateOptions = {}): Promise<DevCertificate> => {
  const response = await api<DevCertificate>('/dev/certificates', { body: { bin, ...options } });
  if (response.status !== 200) throw new Error(`dev certificate refused: ${JSON.stringify(response.body)}`);
  return response.body;
};

const certificates = new Map<string, Promise<DevCertificate>>();
/** One development certificate per BIN for the whole test file: key generation is the slow part. */
export const certificateFor = (bin: string): Promise<DevCertificate> => {
  let certificate = certificates.get(bin);
  if (!certificate) {
    certificate = devCertificate(bin);
    certificates.set(bin, certificate);
  }
  return certificate;
};

/** The `custom:bin` claim of a development token, if it has one. */
export const binOf = (token: string): string | undefined => {
  const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8') || '{}') as Record<string, unknown>;
  return typeof payload['custom:bin'] === 'string' ? payload['custom:bin'] : undefined;
};

/** The bytes a bid at `price` signs, as the server defines them (throws when the server refuses to say). */
export const signingPayload = async (token: string, competitionId: string, price: string, documents?: readonly string[]): Promise<Uint8Array> => {
  const response = await api<{ payload: string; sha256: string }>(`/competitions/${competitionId}/bids/me/signing-payload`, {
    token,
    body: { price, ...(documents ? { documents } : {}) },
  });
  if (response.status !== 200) throw new Error(`signing payload refused (${response.status}): ${JSON.stringify(response.body)}`);
  return new Uint8Array(Buffer.from(response.body.payload, 'base64'));
};

/**
 * Signs bytes with a development certificate (its issuing CA included, as NCALayer includes the signer's chain),
 * dated by the development clock: the platform's time, which the tests move forward.
 */
export const signWith = async (certificate: DevCertificate, payload: Uint8Array, signingTime?: Date): Promise<string> =>
  signDetached({
    payload,
    privateKeyPem: certificate.privateKey,
    certificatePem: certificate.certificate,
    chainPem: certificate.chain.slice(0, 1),
    signingTime: signingTime ?? (await clockNow()),
  });

/**
 * The body of `PUT /competitions/{id}/bids/me`: `{ price, signature }`, signed with a certificate of the token's
 * own BIN over the server's signing payload. Where the server will refuse the bid before looking at the signature
 * (no BIN in the token, a competition it does not show), the signature covers placeholder bytes instead, so the
 * test still sees the refusal it expects.
 */
export const signedBid = async (
  token: string,
  competitionId: string,
  price: string,
  documents?: readonly string[],
): Promise<{ price: string; documents?: readonly string[]; signature?: string }> => {
  const bin = binOf(token);
  const facts = { price, ...(documents ? { documents } : {}) };
  if (!bin) return facts;
  const response = await api<{ payload: string }>(`/competitions/${competitionId}/bids/me/signing-payload`, { token, body: facts });
  const payload = response.status === 200 ? new Uint8Array(Buffer.from(response.body.payload, 'base64')) : new TextEncoder().encode('{}');
  return { ...facts, signature: await signWith(await certificateFor(bin), payload) };
};
