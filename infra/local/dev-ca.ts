/**
 * The development certification authority of the local runtime: a root and an issuing CA in the НУЦ РК layout
 * (RSA-2048, SHA-256), kept under `<KONKURS_DATA_DIR>/ca/` across restarts, issuing legal-entity signing
 * certificates (`CN=…, SURNAME=…, SERIALNUMBER=IIN…, C=KZ, O=…, OU=BIN…`, key usage digitalSignature +
 * nonRepudiation, policy 1.2.398.3.3.4.1.2 with the role head .1, authorised signatory .2 or employee .5) and publishing CRLs.
 * Exists only locally (and in tests, where an in-memory instance plays a CA nobody trusts).
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

x509.cryptoProvider.set(globalThis.crypto);

const RSA: RsaHashedKeyGenParams = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };
const ECDSA: EcKeyGenParams & EcdsaParams = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };

/** НУЦ РК: legal-entity certificates; the role is the last arc. */
export const LEGAL_ENTITY_POLICY = '1.2.398.3.3.4.1.2';
export const ROLE_POLICIES = { head: `${LEGAL_ENTITY_POLICY}.1`, signatory: `${LEGAL_ENTITY_POLICY}.2`, employee: `${LEGAL_ENTITY_POLICY}.5` } as const;
export type SignerRole = keyof typeof ROLE_POLICIES;

const DAY_MS = 86_400_000;

export interface CertificateRequest {
  readonly bin: string;
  readonly iin?: string;
  readonly role?: SignerRole;
  readonly commonName?: string;
  /** Testing aids: a validity other than one year from now (e.g. already expired), an ECDSA P-256 key. */
  readonly notBefore?: Date;
  readonly notAfter?: Date;
  readonly keyAlgorithm?: 'RSA' | 'ECDSA';
  /** Testing aid (not on the development route): a certificate for key encipherment only, not for signing. */
  readonly encipherOnly?: boolean;
}

export interface IssuedCertificate {
  /** PKCS#8 PEM. */
  readonly privateKey: string;
  readonly certificate: string;
  /** The issuing CA, then the root. */
  readonly chain: string[];
  readonly serialNumber: string;
}

export interface DevCertificationAuthority {
  readonly rootPem: string;
  readonly issuingPem: string;
  /** Root and issuing CA, PEM: what a runtime that trusts this CA is configured with. */
  readonly trustStorePem: string;
  issue(request: CertificateRequest): Promise<IssuedCertificate>;
  /** Adds the certificate (PEM) to the issuing CA's CRL; returns its serial. Throws for one this CA did not issue. */
  revoke(certificatePem: string): Promise<string>;
  /** The current CRL (DER) of `root` (for the issuing CA) or `issuing` (for the signers). */
  crl(which: 'root' | 'issuing'): Promise<Uint8Array>;
}

export interface DevCaOptions {
  /** Where to keep the keys and certificates; in memory when absent. */
  readonly dir?: string;
  /** Base URL the CRLs are served at (`<base>/root.crl`, `<base>/issuing.crl`): the distribution points. */
  readonly crlBaseUrl: string;
  /** The clock certificates and CRLs are dated by (the development clock). */
  readonly now: () => Date;
  /** Distinguishes CAs (e.g. an untrusted one in tests). */
  readonly label?: string;
}

interface CaKeys {
  readonly keys: CryptoKeyPair;
  readonly certificate: x509.X509Certificate;
}

interface Stored {
  readonly rootKey: string;
  readonly root: string;
  readonly issuingKey: string;
  readonly issuing: string;
  readonly crlBaseUrl: string;
  readonly revoked: { serial: string; at: string }[];
}

const exportKey = async (key: CryptoKey): Promise<string> =>
  x509.PemConverter.encode(await globalThis.crypto.subtle.exportKey('pkcs8', key), 'PRIVATE KEY');

const importKeyPair = async (pem: string, certificate: x509.X509Certificate): Promise<CryptoKeyPair> => ({
  privateKey: await globalThis.crypto.subtle.importKey('pkcs8', x509.PemConverter.decodeFirst(pem), RSA, true, ['sign']),
  publicKey: await certificate.publicKey.export(RSA, ['verify']),
});

const serial = (): string => {
  const bytes = randomBytes(16);
  bytes[0] = bytes[0]! & 0x7f; // positive INTEGER
  return bytes.toString('hex');
};

/** A 12-digit development IIN derived from the BIN, so the same organisation's signer stays the same person. */
const devIin = (bin: string): string => `90010130${bin.slice(-4)}`;

const caExtensions = async (keys: CryptoKeyPair, issuer: CaKeys | undefined, crlUrl: string | undefined) => [
  new x509.BasicConstraintsExtension(true, issuer ? 0 : undefined, true),
  new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
  await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
  ...(issuer ? [await x509.AuthorityKeyIdentifierExtension.create(issuer.keys.publicKey), new x509.CRLDistributionPointsExtension([crlUrl!])] : []),
];

const createIssuing = async (root: CaKeys, keys: CryptoKeyPair, label: string, crlBaseUrl: string, now: Date): Promise<x509.X509Certificate> =>
  x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: `CN=${label} issuing CA (RSA), O=Konkurs development, C=KZ`,
    issuer: root.certificate.subject,
    notBefore: new Date(now.getTime() - DAY_MS),
    notAfter: new Date(now.getTime() + 10 * 365 * DAY_MS),
    publicKey: keys.publicKey,
    signingKey: root.keys.privateKey,
    signingAlgorithm: RSA,
    extensions: await caExtensions(keys, root, `${crlBaseUrl}/root.crl`),
  });

/** Opens the development CA kept in `dir`, creating it on first use. */
export const openDevCa = async (options: DevCaOptions): Promise<DevCertificationAuthority> => {
  const label = options.label ?? 'Konkurs development';
  const file = options.dir ? join(options.dir, 'ca.json') : undefined;
  let root: CaKeys;
  let issuing: CaKeys;
  let revoked: { serial: string; at: string }[] = [];

  const save = async (): Promise<void> => {
    if (!file) return;
    const stored: Stored = {
      rootKey: await exportKey(root.keys.privateKey),
      root: root.certificate.toString('pem'),
      issuingKey: await exportKey(issuing.keys.privateKey),
      issuing: issuing.certificate.toString('pem'),
      crlBaseUrl: options.crlBaseUrl,
      revoked,
    };
    writeFileSync(file, JSON.stringify(stored, null, 2), { mode: 0o600 });
  };

  if (file && existsSync(file)) {
    const stored = JSON.parse(readFileSync(file, 'utf8')) as Stored;
    const rootCertificate = new x509.X509Certificate(stored.root);
    const issuingCertificate = new x509.X509Certificate(stored.issuing);
    root = { certificate: rootCertificate, keys: await importKeyPair(stored.rootKey, rootCertificate) };
    issuing = { certificate: issuingCertificate, keys: await importKeyPair(stored.issuingKey, issuingCertificate) };
    revoked = stored.revoked;
    if (stored.crlBaseUrl !== options.crlBaseUrl) {
      // The API moved to another port: re-issue the issuing CA (same key) so its distribution point is reachable.
      issuing = { keys: issuing.keys, certificate: await createIssuing(root, issuing.keys, label, options.crlBaseUrl, options.now()) };
      await save();
    }
  } else {
    const now = options.now();
    const rootKeys = (await globalThis.crypto.subtle.generateKey(RSA, true, ['sign', 'verify'])) as CryptoKeyPair;
    const rootCertificate = await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber: serial(),
      name: `CN=${label} root CA (RSA), O=Konkurs development, C=KZ`,
      notBefore: new Date(now.getTime() - DAY_MS),
      notAfter: new Date(now.getTime() + 20 * 365 * DAY_MS),
      keys: rootKeys,
      signingAlgorithm: RSA,
      extensions: await caExtensions(rootKeys, undefined, undefined),
    });
    root = { keys: rootKeys, certificate: rootCertificate };
    const issuingKeys = (await globalThis.crypto.subtle.generateKey(RSA, true, ['sign', 'verify'])) as CryptoKeyPair;
    issuing = { keys: issuingKeys, certificate: await createIssuing(root, issuingKeys, label, options.crlBaseUrl, now) };
    if (options.dir) mkdirSync(options.dir, { recursive: true });
    await save();
  }

  const issue = async (request: CertificateRequest): Promise<IssuedCertificate> => {
    const now = options.now();
    const algorithm = request.keyAlgorithm === 'ECDSA' ? ECDSA : RSA;
    const keys = (await globalThis.crypto.subtle.generateKey(algorithm, true, ['sign', 'verify'])) as CryptoKeyPair;
    const iin = request.iin ?? devIin(request.bin);
    const commonName = request.commonName ?? 'ТЕСТОВ ТЕСТ';
    const serialNumber = serial();
    const certificate = await x509.X509CertificateGenerator.create({
      serialNumber,
      subject: [
        { CN: [commonName] },
        { '2.5.4.4': [commonName.split(' ')[0]!] },
        { '2.5.4.5': [`IIN${iin}`] },
        { C: ['KZ'] },
        { O: [`Development organisation BIN${request.bin}`] },
        { OU: [`BIN${request.bin}`] },
      ],
      issuer: issuing.certificate.subject,
      notBefore: request.notBefore ?? new Date(now.getTime() - 60_000),
      notAfter: request.notAfter ?? new Date(now.getTime() + 365 * DAY_MS),
      publicKey: keys.publicKey,
      signingKey: issuing.keys.privateKey,
      signingAlgorithm: RSA,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(
          request.encipherOnly ? x509.KeyUsageFlags.keyEncipherment : x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation,
          true,
        ),
        new x509.CertificatePolicyExtension([LEGAL_ENTITY_POLICY, ROLE_POLICIES[request.role ?? 'head']]),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
        await x509.AuthorityKeyIdentifierExtension.create(issuing.keys.publicKey),
        new x509.CRLDistributionPointsExtension([`${options.crlBaseUrl}/issuing.crl`]),
      ],
    });
    return {
      privateKey: await exportKey(keys.privateKey),
      certificate: certificate.toString('pem'),
      chain: [issuing.certificate.toString('pem'), root.certificate.toString('pem')],
      serialNumber,
    };
  };

  const revoke = async (certificatePem: string): Promise<string> => {
    const certificate = new x509.X509Certificate(certificatePem);
    if (certificate.issuer !== issuing.certificate.subject || !(await certificate.verify({ publicKey: issuing.keys.publicKey, signatureOnly: true }))) {
      throw new RangeError('the certificate was not issued by the development CA');
    }
    if (!revoked.some((r) => r.serial === certificate.serialNumber)) {
      revoked = [...revoked, { serial: certificate.serialNumber, at: options.now().toISOString() }];
      await save();
    }
    return certificate.serialNumber;
  };

  const crl = async (which: 'root' | 'issuing'): Promise<Uint8Array> => {
    const ca = which === 'root' ? root : issuing;
    const now = options.now();
    const list = await x509.X509CrlGenerator.create({
      issuer: ca.certificate.subject,
      thisUpdate: new Date(now.getTime() - 60_000),
      nextUpdate: new Date(now.getTime() + DAY_MS),
      // Each entry carries a reason: without one @peculiar/x509 writes an empty entry-extensions SEQUENCE (not valid
      // DER for RFC 5280's SIZE (1..MAX)), which pkijs rightly refuses to parse.
      entries: which === 'issuing' ? revoked.map((r) => ({ serialNumber: r.serial, revocationDate: new Date(r.at), reason: x509.X509CrlReason.cessationOfOperation })) : [],
      signingAlgorithm: RSA,
      signingKey: ca.keys.privateKey,
    });
    return new Uint8Array(list.rawData);
  };

  const rootPem = root.certificate.toString('pem');
  const issuingPem = issuing.certificate.toString('pem');
  return { rootPem, issuingPem, trustStorePem: `${rootPem}\n${issuingPem}\n`, issue, revoke, crl };
};
