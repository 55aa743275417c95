/**
 * Creates a detached CMS SignedData (RFC 5652) over given bytes with a PKCS#8 key and its certificate: SHA-256,
 * RSA (PKCS#1 v1.5) or ECDSA P-256, with the signed attributes contentType, signingTime and messageDigest.
 * Pure WebCrypto and pkijs, so it runs in Node (tests, benchmarks) and in the browser (the portal's development
 * signer). Servers never sign bids; this is the client side of `shared/adapters/cms-signature-verifier.ts`.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

const OID_DATA = '1.2.840.113549.1.7.1';
const OID_SIGNED_DATA = '1.2.840.113549.1.7.2';
const OID_CONTENT_TYPE = '1.2.840.113549.1.9.3';
const OID_MESSAGE_DIGEST = '1.2.840.113549.1.9.4';
const OID_SIGNING_TIME = '1.2.840.113549.1.9.5';
const OID_EC_PUBLIC_KEY = '1.2.840.10045.2.1';

const fromBase64 = (text: string): Uint8Array => {
  const binary = atob(text.replace(/\s+/g, ''));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
};

/** Base64 of bytes, without Node's Buffer (browsers). */
export const toBase64 = (bytes: Uint8Array): string => {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
};

/** The DER bytes of the first PEM block of `label` (`CERTIFICATE`, `PRIVATE KEY`). */
export const pemToDer = (pem: string, label: string): ArrayBuffer => {
  const match = new RegExp(`-----BEGIN ${label}-----([\\s\\S]*?)-----END ${label}-----`).exec(pem);
  if (!match) throw new Error(`no ${label} in the PEM text`);
  return fromBase64(match[1]!).buffer as ArrayBuffer;
};

/** Who a certificate names, for showing the signer before signing: common name, serial (hex), the BIN in `OU=BIN…`. */
export const describeCertificate = (certificatePem: string): { commonName: string; serialNumber: string; bin?: string } => {
  const certificate = pkijs.Certificate.fromBER(pemToDer(certificatePem, 'CERTIFICATE'));
  const text = (oid: string): string[] =>
    certificate.subject.typesAndValues.filter((t) => t.type === oid).map((t) => String((t.value as { valueBlock: { value: unknown } }).valueBlock.value));
  const bin = text('2.5.4.11').flatMap((ou) => /^BIN(\d{12})$/.exec(ou)?.[1] ?? [])[0];
  const serialNumber = [...certificate.serialNumber.valueBlock.valueHexView].map((b) => b.toString(16).padStart(2, '0')).join('');
  return { commonName: text('2.5.4.3')[0] ?? '', serialNumber, ...(bin ? { bin } : {}) };
};

export interface DetachedSignatureInput {
  /** The bytes to sign, e.g. the decoded `payload` of `…/signing-payload`. */
  readonly payload: Uint8Array;
  /** PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`). */
  readonly privateKeyPem: string;
  /** The signer's certificate, PEM. */
  readonly certificatePem: string;
  /** Further certificates to include (the issuing CA), PEM. */
  readonly chainPem?: readonly string[];
  /** The signed signingTime; now by default. */
  readonly signingTime?: Date;
}

/** Signs `payload` and returns the base64 DER of a detached CMS ContentInfo(SignedData). */
export const signDetached = async (input: DetachedSignatureInput): Promise<string> => {
  const subtle = globalThis.crypto.subtle;
  const certificate = pkijs.Certificate.fromBER(pemToDer(input.certificatePem, 'CERTIFICATE'));
  const chain = (input.chainPem ?? []).map((pem) => pkijs.Certificate.fromBER(pemToDer(pem, 'CERTIFICATE')));
  const isEc = certificate.subjectPublicKeyInfo.algorithm.algorithmId === OID_EC_PUBLIC_KEY;
  const algorithm = isEc ? { name: 'ECDSA', namedCurve: 'P-256' } : { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  const key = await subtle.importKey('pkcs8', pemToDer(input.privateKeyPem, 'PRIVATE KEY'), algorithm, false, ['sign']);
  const data = input.payload.slice().buffer as ArrayBuffer;
  const digest = await subtle.digest('SHA-256', data);

  const signedData = new pkijs.SignedData({
    version: 1,
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OID_DATA }),
    signerInfos: [
      new pkijs.SignerInfo({
        version: 1,
        sid: new pkijs.IssuerAndSerialNumber({ issuer: certificate.issuer, serialNumber: certificate.serialNumber }),
        signedAttrs: new pkijs.SignedAndUnsignedAttributes({
          type: 0,
          attributes: [
            new pkijs.Attribute({ type: OID_CONTENT_TYPE, values: [new asn1js.ObjectIdentifier({ value: OID_DATA })] }),
            new pkijs.Attribute({ type: OID_SIGNING_TIME, values: [new asn1js.UTCTime({ valueDate: input.signingTime ?? new Date() })] }),
            new pkijs.Attribute({ type: OID_MESSAGE_DIGEST, values: [new asn1js.OctetString({ valueHex: digest })] }),
          ],
        }),
      }),
    ],
    certificates: [certificate, ...chain],
  });
  await signedData.sign(key, 0, 'SHA-256');
  const info = new pkijs.ContentInfo({ contentType: OID_SIGNED_DATA, content: signedData.toSchema(true) });
  return toBase64(new Uint8Array(info.toSchema().toBER(false)));
};
