/**
 * Electronic signatures (ЭЦП) on acts: the canonical bytes a signer signs, and the facts a verified signature yields.
 * The server defines the bytes; the client signs exactly them; the server rebuilds them and checks the signature.
 */
import canonicalize from 'canonicalize';

/** One document of a bid as it is signed: its id and the SHA-256 (hex) of its bytes. */
export interface SignedDocument {
  readonly id: string;
  readonly sha256: string;
}

/** What a bidder signs: the competition and the version it bids against, who bids, the price and the documents. */
export interface BidSigningFacts {
  readonly competitionId: string;
  readonly competitionVersion: number;
  readonly bin: string;
  readonly price: string;
  readonly documents: readonly SignedDocument[];
}

/** The facts of a bid, and nothing else, in the one shape that is signed (documents ordered by id). */
export const bidSigningFacts = (input: BidSigningFacts): BidSigningFacts => ({
  competitionId: input.competitionId,
  competitionVersion: input.competitionVersion,
  bin: input.bin,
  price: input.price,
  documents: [...input.documents]
    .map((d) => ({ id: d.id, sha256: d.sha256.toLowerCase() }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
});

/** RFC 8785 (JSON Canonicalization Scheme) bytes of a value: sorted keys, no whitespace, ECMAScript numbers, UTF-8. */
export const canonicalBytes = (value: unknown): Uint8Array => {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('the value has no canonical JSON form');
  return new TextEncoder().encode(text);
};

/** The exact bytes a bidder signs. */
export const bidSigningPayload = (input: BidSigningFacts): Uint8Array => canonicalBytes(bidSigningFacts(input));

/** Why a signature is refused; each is a stable code clients may rely on. */
export const SIGNATURE_FAILURES = [
  'missing',
  'malformed',
  'payload_mismatch',
  'unsupported_algorithm',
  'untrusted_issuer',
  'expired',
  'revoked',
  'key_usage',
  'not_this_organisation',
  'no_signing_authority',
] as const;
export type SignatureFailure = (typeof SIGNATURE_FAILURES)[number];

/** НУЦ РК legal-entity certificates name the holder's role in the last arc of `1.2.398.3.3.4.1.2.<n>`. */
export const SIGNING_AUTHORITY_OIDS = { head: '1.2.398.3.3.4.1.2.1', signatory: '1.2.398.3.3.4.1.2.2' } as const;
/** A head of the organisation (первый руководитель) or a person authorised to sign for it (право подписи). */
export type SigningAuthority = keyof typeof SIGNING_AUTHORITY_OIDS;

/** Who signed, as the verified certificate says, and which signature it was. */
export interface Signer {
  /** The subject's common name (the person). */
  readonly commonName: string;
  /** The certificate's serial number, hex. */
  readonly certificateSerial: string;
  /** The issuing CA's distinguished name, RFC 4514 style (`CN=…, C=KZ`). */
  readonly issuer: string;
  /** The organisation's BIN from `OU=BIN<12 digits>`. */
  readonly bin: string;
  /** The person's IIN from `serialNumber=IIN<12 digits>`, when present. */
  readonly iin?: string;
  /**
   * The person's authority in the organisation, from the НУЦ РК role OID of the certificate (policy or extended key
   * usage `1.2.398.3.3.4.1.2.1` head, `.2` authorised signatory), when it names one of these.
   */
  readonly authority?: SigningAuthority;
  /** The signed `signingTime`. */
  readonly signedAt: string;
  /** SHA-256 (hex) of the signature as submitted (its DER bytes). */
  readonly signatureSha256: string;
}

/** A verified signature: its signer and the signature itself (base64 DER), kept with the act. */
export interface ActSignature {
  readonly signer: Signer;
  readonly cms: string;
}
