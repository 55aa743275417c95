/**
 * Verifies detached CMS SignedData (RFC 5652) with pkijs on the platform's WebCrypto: SHA-256, RSA or ECDSA P-256,
 * a signed `signingTime`, the signer's certificate chained to a configured trust store, valid at signing time and
 * now, not revoked (CRLs from the certificates' distribution points, cached), allowed to sign (key usage), and
 * issued to the caller's organisation (`OU=BIN<12 digits>`, the НУЦ РК layout) and, for acts that bind it, to its
 * head or an authorised signatory (the НУЦ РК role OID).
 *
 * pkijs is large: the bids function imports this module lazily, on the first signed request.
 */
import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { SIGNING_AUTHORITY_OIDS, type SignatureFailure, type Signer, type SigningAuthority } from '../domain/signing.js';
import { ServiceUnavailableError, SignatureRejectedError } from '../errors.js';
import type { SignatureVerificationRequest, SignatureVerifier } from '../use-cases/signature-verifier.js';

const OID = {
  signedData: '1.2.840.113549.1.7.2',
  data: '1.2.840.113549.1.7.1',
  sha256: '2.16.840.1.101.3.4.2.1',
  rsaEncryption: '1.2.840.113549.1.1.1',
  ecPublicKey: '1.2.840.10045.2.1',
  p256: '1.2.840.10045.3.1.7',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  keyUsage: '2.5.29.15',
  certificatePolicies: '2.5.29.32',
  extendedKeyUsage: '2.5.29.37',
  crlDistributionPoints: '2.5.29.31',
  commonName: '2.5.4.3',
  serialNumber: '2.5.4.5',
  organizationalUnit: '2.5.4.11',
} as const;

const NAME_LABELS: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.4': 'SURNAME',
  '2.5.4.5': 'SERIALNUMBER',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.42': 'G',
};

/** Signatures are base64 of DER; anything far larger than a certificate chain plus a signature is not one. */
const MAX_SIGNATURE_CHARS = 64 * 1024;
/** A signer's clock may run a little ahead of ours. */
const SIGNING_TIME_SKEW_MS = 5 * 60 * 1000;

const reject = (reason: SignatureFailure, detail: string): never => {
  throw new SignatureRejectedError(reason, detail);
};

const toArrayBuffer = (bytes: Uint8Array): ArrayBuffer =>
  bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

/** Parses PEM text (one or more `-----BEGIN CERTIFICATE-----` blocks) into certificates. */
export const parsePemCertificates = (pem: string): pkijs.Certificate[] =>
  [...pem.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g)].map((m) =>
    pkijs.Certificate.fromBER(toArrayBuffer(Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64'))),
  );

const attributeText = (value: unknown): string => {
  const block = (value as { valueBlock?: { value?: unknown } } | undefined)?.valueBlock?.value;
  return typeof block === 'string' ? block : '';
};

const nameValue = (name: pkijs.RelativeDistinguishedNames, oid: string): string[] =>
  name.typesAndValues.filter((t) => t.type === oid).map((t) => attributeText(t.value));

/** RFC 4514 style, most significant last as certificates list it: `CN=…, O=…, C=KZ`. */
const describeName = (name: pkijs.RelativeDistinguishedNames): string =>
  name.typesAndValues.map((t) => `${NAME_LABELS[t.type] ?? t.type}=${attributeText(t.value)}`).join(', ');

const serialOf = (certificate: pkijs.Certificate): string => hex(certificate.serialNumber.valueBlock.valueHexView);

const extensionOf = (certificate: pkijs.Certificate, oid: string): pkijs.Extension | undefined =>
  certificate.extensions?.find((e) => e.extnID === oid);

const isSelfIssued = (certificate: pkijs.Certificate): boolean => certificate.issuer.isEqual(certificate.subject);

const crlUrlsOf = (certificate: pkijs.Certificate): string[] => {
  const parsed = extensionOf(certificate, OID.crlDistributionPoints)?.parsedValue as pkijs.CRLDistributionPoints | undefined;
  const urls: string[] = [];
  for (const point of parsed?.distributionPoints ?? []) {
    const names = Array.isArray(point.distributionPoint) ? point.distributionPoint : [];
    for (const name of names) if (name.type === 6 && typeof name.value === 'string' && /^https?:\/\//.test(name.value)) urls.push(name.value);
  }
  return urls;
};

/**
 * The holder's authority: НУЦ РК puts the role OID among the extended key usages; certificates that carry it as a
 * policy (as the development CA does) count too. Head wins over signatory when both are named.
 */
const authorityOf = (certificate: pkijs.Certificate): SigningAuthority | undefined => {
  const policies = (extensionOf(certificate, OID.certificatePolicies)?.parsedValue as pkijs.CertificatePolicies | undefined)?.certificatePolicies ?? [];
  const usages = (extensionOf(certificate, OID.extendedKeyUsage)?.parsedValue as pkijs.ExtKeyUsage | undefined)?.keyPurposes ?? [];
  const oids = new Set<string>([...policies.map((p) => p.policyIdentifier), ...usages]);
  return (Object.keys(SIGNING_AUTHORITY_OIDS) as SigningAuthority[]).find((a) => oids.has(SIGNING_AUTHORITY_OIDS[a]));
};

export interface CmsVerifierOptions {
  /** PEM certificates: the trusted roots (self-issued) and the intermediates they issued. */
  readonly trustStorePem: string;
  /** How long a fetched CRL is reused at most (it is never reused past its `nextUpdate`). */
  readonly crlCacheSeconds: number;
  /** Fetches a CRL (DER or PEM); the default uses `fetch` with a 5 s timeout. */
  readonly fetchCrl?: (url: string) => Promise<Uint8Array>;
}

const defaultFetchCrl = async (url: string): Promise<Uint8Array> => {
  const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
};

const decodeCrl = (bytes: Uint8Array): pkijs.CertificateRevocationList => {
  const text = Buffer.from(bytes).toString('latin1');
  const pem = /-----BEGIN X509 CRL-----([\s\S]*?)-----END X509 CRL-----/.exec(text);
  const der = pem ? Buffer.from(pem[1]!.replace(/\s+/g, ''), 'base64') : Buffer.from(bytes);
  return pkijs.CertificateRevocationList.fromBER(toArrayBuffer(der));
};

/** Creates a verifier over a fixed trust store. */
export const createCmsSignatureVerifier = (options: CmsVerifierOptions): SignatureVerifier => {
  const trusted = parsePemCertificates(options.trustStorePem);
  const roots = trusted.filter(isSelfIssued);
  const intermediates = trusted.filter((c) => !isSelfIssued(c));
  const fetchCrl = options.fetchCrl ?? defaultFetchCrl;
  const crlCache = new Map<string, { crl: pkijs.CertificateRevocationList; until: number }>();

  const crlFor = async (url: string, issuer: pkijs.Certificate, now: Date): Promise<pkijs.CertificateRevocationList> => {
    const cached = crlCache.get(url);
    if (cached && cached.until > now.getTime()) return cached.crl;
    let crl: pkijs.CertificateRevocationList;
    try {
      crl = decodeCrl(await fetchCrl(url));
    } catch (error) {
      throw new ServiceUnavailableError(`the certificate revocation list ${url} cannot be read now (${(error as Error).message}); try again`, 30);
    }
    if (!crl.issuer.isEqual(issuer.subject) || !(await crl.verify({ issuerCertificate: issuer }).catch(() => false))) {
      throw new ServiceUnavailableError(`the certificate revocation list ${url} is not signed by its issuer; revocation cannot be checked now`, 30);
    }
    const nextUpdate = crl.nextUpdate?.value.getTime() ?? Number.POSITIVE_INFINITY;
    const until = Math.min(now.getTime() + options.crlCacheSeconds * 1000, nextUpdate);
    if (until > now.getTime()) crlCache.set(url, { crl, until });
    return crl;
  };

  const parse = (signature: string): pkijs.SignedData => {
    const text = signature.replace(/\s+/g, '');
    if (!text) reject('missing', 'the signature is empty');
    if (text.length > MAX_SIGNATURE_CHARS || !/^[A-Za-z0-9+/]+={0,2}$/.test(text)) reject('malformed', 'not base64 of a CMS SignedData');
    try {
      const der = Buffer.from(text, 'base64');
      const asn1 = asn1js.fromBER(toArrayBuffer(der));
      if (asn1.offset === -1) throw new Error('not DER');
      const info = new pkijs.ContentInfo({ schema: asn1.result });
      if (info.contentType !== OID.signedData) throw new Error('not SignedData');
      return new pkijs.SignedData({ schema: info.content });
    } catch {
      return reject('malformed', 'not a CMS SignedData (base64 of DER)');
    }
  };

  return {
    verify: async ({ signature, payload, bin, now, requireSigningAuthority }: SignatureVerificationRequest): Promise<Signer> => {
      const signed = parse(signature);
      if (signed.signerInfos.length !== 1) reject('malformed', 'exactly one signer is expected');
      if (signed.encapContentInfo.eContent) reject('malformed', 'the signature must be detached (no embedded content)');
      const signerInfo = signed.signerInfos[0]!;
      if (signerInfo.digestAlgorithm.algorithmId !== OID.sha256) reject('unsupported_algorithm', 'the digest must be SHA-256');
      const attributes = signerInfo.signedAttrs?.attributes ?? [];
      const attribute = (oid: string) => attributes.find((a) => a.type === oid)?.values[0];
      const digestAttribute = attribute(OID.messageDigest) as asn1js.OctetString | undefined;
      const timeAttribute: unknown = attribute(OID.signingTime);
      if (!digestAttribute || !attribute(OID.contentType)) reject('malformed', 'the signed attributes contentType and messageDigest are required');
      if (!(timeAttribute instanceof asn1js.UTCTime || timeAttribute instanceof asn1js.GeneralizedTime)) {
        return reject('malformed', 'a signed signingTime attribute is required');
      }
      const signedAt = timeAttribute.toDate();

      const certificates = (signed.certificates ?? []).filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate);
      const sid: unknown = signerInfo.sid;
      const leaf = certificates.find((c) =>
        sid instanceof pkijs.IssuerAndSerialNumber ? c.issuer.isEqual(sid.issuer) && c.serialNumber.isEqual(sid.serialNumber) : false,
      );
      if (!leaf) reject('malformed', "the signer's certificate must be included (issuer and serial number)");
      const signer = leaf!;

      const keyAlgorithm = signer.subjectPublicKeyInfo.algorithm;
      const curve = (keyAlgorithm.algorithmParams as asn1js.ObjectIdentifier | undefined)?.valueBlock?.toString?.();
      const supported = keyAlgorithm.algorithmId === OID.rsaEncryption || (keyAlgorithm.algorithmId === OID.ecPublicKey && curve === OID.p256);
      if (!supported) reject('unsupported_algorithm', `keys of algorithm ${keyAlgorithm.algorithmId} are not supported (RSA or ECDSA P-256)`);

      const payloadDigest = createHash('sha256').update(payload).digest();
      if (!Buffer.from(digestAttribute!.valueBlock.valueHexView).equals(payloadDigest)) {
        reject('payload_mismatch', 'the signature covers other bytes than this bid (request the signing payload again)');
      }
      let verified = false;
      try {
        const result = await signed.verify({ signer: 0, data: toArrayBuffer(payload), checkChain: false, extendedMode: true });
        verified = result.signatureVerified === true;
      } catch {
        verified = false;
      }
      if (!verified) reject('malformed', 'the signature value does not verify with the certificate');

      const inWindow = (c: pkijs.Certificate, at: Date) => c.notBefore.value <= at && at <= c.notAfter.value;
      if (signedAt.getTime() > now.getTime() + SIGNING_TIME_SKEW_MS) reject('malformed', 'the signing time is in the future');
      if (!inWindow(signer, signedAt)) reject('expired', `the certificate was not valid at the signing time ${signedAt.toISOString()}`);
      if (!inWindow(signer, now)) reject('expired', `the certificate is valid from ${signer.notBefore.value.toISOString()} until ${signer.notAfter.value.toISOString()}`);

      let path: pkijs.Certificate[] = [];
      try {
        const engine = new pkijs.CertificateChainValidationEngine({
          trustedCerts: roots,
          certs: [...intermediates, ...certificates.filter((c) => c !== signer), signer],
          checkDate: now,
        });
        const result = await engine.verify();
        if (!result.result) {
          if (result.resultCode === 8) reject('expired', 'a certificate of the chain is not valid now');
          reject('untrusted_issuer', `the certificate does not chain to a trusted root (${result.resultMessage})`);
        }
        path = result.certificatePath ?? [];
      } catch (error) {
        if (error instanceof SignatureRejectedError) throw error;
        reject('untrusted_issuer', 'the certificate does not chain to a trusted root');
      }

      for (let i = 0; i < path.length - 1; i += 1) {
        const certificate = path[i]!;
        for (const url of crlUrlsOf(certificate)) {
          const crl = await crlFor(url, path[i + 1]!, now);
          if (crl.isCertificateRevoked(certificate)) {
            reject('revoked', i === 0 ? 'the certificate has been revoked' : 'a certificate of the chain has been revoked');
          }
        }
      }

      const usage = extensionOf(signer, OID.keyUsage)?.parsedValue as asn1js.BitString | undefined;
      const bits = usage?.valueBlock.valueHexView[0] ?? 0;
      // digitalSignature is bit 0 (0x80), nonRepudiation bit 1 (0x40).
      if ((bits & 0xc0) === 0) reject('key_usage', 'the certificate is not for signing (digitalSignature or nonRepudiation)');

      const bins = nameValue(signer.subject, OID.organizationalUnit).flatMap((ou) => /^BIN(\d{12})$/.exec(ou)?.[1] ?? []);
      if (!bins.includes(bin)) {
        reject('not_this_organisation', bins.length ? `the certificate is issued to BIN ${bins[0]}, not ${bin}` : 'the certificate names no organisation (OU=BIN…)');
      }
      const authority = authorityOf(signer);
      if (requireSigningAuthority && !authority) {
        reject('no_signing_authority', `the certificate is not of the head of BIN ${bin} or a person authorised to sign for it (role 1.2.398.3.3.4.1.2.1 or .2)`);
      }
      const iin = nameValue(signer.subject, OID.serialNumber).flatMap((s) => /^IIN(\d{12})$/.exec(s)?.[1] ?? [])[0];
      return {
        commonName: nameValue(signer.subject, OID.commonName)[0] ?? '',
        certificateSerial: serialOf(signer),
        issuer: describeName(signer.issuer),
        bin,
        ...(iin ? { iin } : {}),
        ...(authority ? { authority } : {}),
        signedAt: signedAt.toISOString(),
        signatureSha256: createHash('sha256').update(Buffer.from(signature.replace(/\s+/g, ''), 'base64')).digest('hex'),
      };
    },
  };
};
