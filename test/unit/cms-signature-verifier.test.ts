import { beforeAll, describe, expect, it } from 'vitest';
import { openDevCa, type DevCertificationAuthority, type IssuedCertificate } from '../../infra/local/dev-ca.js';
import { createCmsSignatureVerifier } from '../../shared/adapters/cms-signature-verifier.js';
import { bidSigningPayload } from '../../shared/domain/signing.js';
import { ServiceUnavailableError, SignatureRejectedError } from '../../shared/errors.js';
import { signDetached } from '../../shared/signing/cms-sign.js';
import type { SignatureVerifier } from '../../shared/use-cases/signature-verifier.js';

const BIN = '180540012343';
const OTHER_BIN = '190640023454';
const NOW = new Date('2026-12-01T10:00:00Z');
const CRL_BASE = 'http://127.0.0.1:1/dev/ca';

const payloadFor = (price: string) =>
  bidSigningPayload({ competitionId: 'c1', competitionVersion: 2, bin: BIN, price, documents: [] });

const sign = (cert: IssuedCertificate, payload: Uint8Array, signingTime = NOW) =>
  signDetached({ payload, privateKeyPem: cert.privateKey, certificatePem: cert.certificate, chainPem: cert.chain.slice(0, 1), signingTime });

const refusal = async (promise: Promise<unknown>): Promise<string> => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SignatureRejectedError);
  const body = (error as SignatureRejectedError).toBody() as { reason: string; fields: { path: string }[] };
  expect(body.fields[0]!.path).toBe('signature');
  return body.reason;
};

describe('the CMS signature verifier', { timeout: 30_000 }, () => {
  let ca: DevCertificationAuthority;
  let verifier: SignatureVerifier;
  let own: IssuedCertificate;
  let crlFetches = 0;

  beforeAll(async () => {
    ca = await openDevCa({ crlBaseUrl: CRL_BASE, now: () => NOW });
    verifier = createCmsSignatureVerifier({
      trustStorePem: ca.trustStorePem,
      crlCacheSeconds: 0,
      fetchCrl: async (url) => {
        crlFetches += 1;
        if (url === `${CRL_BASE}/issuing.crl`) return ca.crl('issuing');
        if (url === `${CRL_BASE}/root.crl`) return ca.crl('root');
        throw new Error(`unexpected ${url}`);
      },
    });
    own = await ca.issue({ bin: BIN, iin: '900101300123', commonName: 'ТЕСТОВ ТЕСТ' });
  }, 60_000);

  it('accepts an RSA signature of the own BIN over the payload and names the signer', async () => {
    const payload = payloadFor('1000.00');
    const signature = await sign(own, payload);
    const before = crlFetches;

    const signer = await verifier.verify({ signature, payload, bin: BIN, now: NOW });

    expect(signer).toMatchObject({
      commonName: 'ТЕСТОВ ТЕСТ',
      certificateSerial: own.serialNumber,
      bin: BIN,
      iin: '900101300123',
      authority: 'head',
      signedAt: NOW.toISOString(),
    });
    expect(signer.issuer).toContain('CN=Konkurs development issuing CA (RSA)');
    expect(signer.signatureSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(crlFetches - before).toBe(2); // the signer's CRL and the issuing CA's
  });

  it('accepts an ECDSA P-256 signature', async () => {
    const ec = await ca.issue({ bin: BIN, keyAlgorithm: 'ECDSA' });
    const payload = payloadFor('1000.00');
    await expect(verifier.verify({ signature: await sign(ec, payload), payload, bin: BIN, now: NOW })).resolves.toMatchObject({ bin: BIN });
  });

  it('refuses a missing or garbage signature', async () => {
    const payload = payloadFor('1');
    expect(await refusal(verifier.verify({ signature: '', payload, bin: BIN, now: NOW }))).toBe('missing');
    expect(await refusal(verifier.verify({ signature: 'not base64!', payload, bin: BIN, now: NOW }))).toBe('malformed');
    expect(await refusal(verifier.verify({ signature: Buffer.from('hello').toString('base64'), payload, bin: BIN, now: NOW }))).toBe('malformed');
  });

  it('refuses a signature over other bytes (another price)', async () => {
    const signature = await sign(own, payloadFor('1000.00'));
    expect(await refusal(verifier.verify({ signature, payload: payloadFor('999.00'), bin: BIN, now: NOW }))).toBe('payload_mismatch');
  });

  it('refuses a signature whose value was tampered with', async () => {
    const payload = payloadFor('1000.00');
    const der = Buffer.from(await sign(own, payload), 'base64');
    der[der.length - 5] = der[der.length - 5]! ^ 0xff; // inside the signature value, the last field
    expect(await refusal(verifier.verify({ signature: der.toString('base64'), payload, bin: BIN, now: NOW }))).toBe('malformed');
  });

  it('refuses a certificate of another BIN', async () => {
    const other = await ca.issue({ bin: OTHER_BIN });
    const payload = payloadFor('1000.00');
    expect(await refusal(verifier.verify({ signature: await sign(other, payload), payload, bin: BIN, now: NOW }))).toBe('not_this_organisation');
  });

  it("names the holder's authority and, where an act binds the organisation, refuses an employee's certificate", async () => {
    const payload = payloadFor('1000.00');
    const signatory = await ca.issue({ bin: BIN, role: 'signatory' });
    const employee = await ca.issue({ bin: BIN, role: 'employee' });

    await expect(verifier.verify({ signature: await sign(signatory, payload), payload, bin: BIN, now: NOW, requireSigningAuthority: true })).resolves.toMatchObject({ authority: 'signatory' });
    const employeeSignature = await sign(employee, payload);
    const plain = await verifier.verify({ signature: employeeSignature, payload, bin: BIN, now: NOW });
    expect(plain.authority).toBeUndefined();
    expect(await refusal(verifier.verify({ signature: employeeSignature, payload, bin: BIN, now: NOW, requireSigningAuthority: true }))).toBe('no_signing_authority');
  });

  it('refuses an expired certificate, and one not valid at the signing time', async () => {
    const expired = await ca.issue({ bin: BIN, notBefore: new Date('2025-01-01T00:00:00Z'), notAfter: new Date('2026-01-01T00:00:00Z') });
    const payload = payloadFor('1000.00');
    expect(await refusal(verifier.verify({ signature: await sign(expired, payload), payload, bin: BIN, now: NOW }))).toBe('expired');
    const backdated = await sign(own, payload, new Date('2020-01-01T00:00:00Z'));
    expect(await refusal(verifier.verify({ signature: backdated, payload, bin: BIN, now: NOW }))).toBe('expired');
  });

  it('refuses a certificate whose key usage does not allow signing', async () => {
    const encipherOnly = await ca.issue({ bin: BIN, encipherOnly: true });
    const payload = payloadFor('1000.00');
    expect(await refusal(verifier.verify({ signature: await sign(encipherOnly, payload), payload, bin: BIN, now: NOW }))).toBe('key_usage');
  });

  it('refuses a revoked certificate', async () => {
    const cert = await ca.issue({ bin: BIN });
    const payload = payloadFor('1000.00');
    const signature = await sign(cert, payload);
    await expect(verifier.verify({ signature, payload, bin: BIN, now: NOW })).resolves.toBeDefined();

    await ca.revoke(cert.certificate);

    expect(await refusal(verifier.verify({ signature, payload, bin: BIN, now: NOW }))).toBe('revoked');
  });

  it('refuses a certificate of a CA that is not trusted', async () => {
    const stranger = await openDevCa({ crlBaseUrl: CRL_BASE, now: () => NOW, label: 'Konkurs development' });
    const cert = await stranger.issue({ bin: BIN });
    const payload = payloadFor('1000.00');
    expect(await refusal(verifier.verify({ signature: await sign(cert, payload), payload, bin: BIN, now: NOW }))).toBe('untrusted_issuer');
  });

  it('answers 503 when the revocation list cannot be fetched', async () => {
    const offline = createCmsSignatureVerifier({ trustStorePem: ca.trustStorePem, crlCacheSeconds: 0, fetchCrl: async () => { throw new Error('ECONNREFUSED'); } });
    const payload = payloadFor('1000.00');
    await expect(offline.verify({ signature: await sign(own, payload), payload, bin: BIN, now: NOW })).rejects.toBeInstanceOf(ServiceUnavailableError);
  });
});

describe('the signing payload', () => {
  it('is the RFC 8785 canonical JSON of the bid facts', () => {
    const bytes = bidSigningPayload({
      price: '1000.00',
      bin: BIN,
      documents: [{ id: 'd2', sha256: 'BB' }, { id: 'd1', sha256: 'aa' }],
      competitionVersion: 3,
      competitionId: 'c1',
    });
    expect(new TextDecoder().decode(bytes)).toBe(
      '{"bin":"180540012343","competitionId":"c1","competitionVersion":3,"documents":[{"id":"d1","sha256":"aa"},{"id":"d2","sha256":"bb"}],"price":"1000.00"}',
    );
  });
});
