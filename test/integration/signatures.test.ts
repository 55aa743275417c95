/**
 * Electronic signatures on bids, end to end on the local runtime: the signing payload, a bid signed with a
 * development certificate of the bidder's own BIN accepted with a receipt naming the signer, and each way a
 * signature is refused (422 naming `signature` with its reason); after opening the akimat and the audit log see the
 * signer.
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDevCa } from '../../infra/local/dev-ca.js';
import { createHash } from 'node:crypto';
import { passTime } from '../support/fixtures.js';
import { api, clockNow, seedProject, tokenFor, uniqueBin, verifiedContractor } from '../support/local.js';
import { certificateFor, devCertificate, signedBid, signingPayload, signWith } from '../support/signing.js';

const KATO = '390000000';

const tenderingCompetition = async () => {
  const project = await seedProject({ kato: KATO, sector: 'heat' });
  const akimat = await tokenFor({ role: 'akimat', kato: KATO });
  const draft = await api('/competitions', { token: akimat, body: { projectId: project.id, title: { ru: 'Котельная' }, estimatedValue: '800000000' } });
  const published = await api(`/competitions/${draft.body.id}/publish`, { token: akimat, method: 'POST' });
  await passTime(published.body.tenderPeriod.startDate);
  return { id: draft.body.id as string, akimat, competition: published.body };
};

const bid = (id: string, token: string, body: unknown) => api(`/competitions/${id}/bids/me`, { token, method: 'PUT', body });

const expectRefused = (response: { status: number; body: any }, reason: string) => {
  expect(response.status).toBe(422);
  expect(response.body.fields).toEqual([expect.objectContaining({ path: 'signature' })]);
  expect(response.body.reason).toBe(reason);
};

describe('the development certification authority', () => {
  it('issues legal-entity signing certificates in the НУЦ РК layout, with the role policy', async () => {
    const bin = uniqueBin();
    const issued = await devCertificate(bin, { iin: '900101300123', role: 'signatory' });

    const certificate = new x509.X509Certificate(issued.certificate);
    expect(certificate.subject).toContain(`OU=BIN${bin}`);
    expect(certificate.subject).toContain('2.5.4.5=IIN900101300123');
    expect(certificate.subject).toContain('C=KZ');
    const usage = certificate.getExtension(x509.KeyUsagesExtension)!;
    expect(usage.usages & x509.KeyUsageFlags.digitalSignature).toBeTruthy();
    expect(usage.usages & x509.KeyUsageFlags.nonRepudiation).toBeTruthy();
    expect(certificate.getExtension(x509.CertificatePolicyExtension)!.policies).toEqual(['1.2.398.3.3.4.1.2', '1.2.398.3.3.4.1.2.2']);
    const head = new x509.X509Certificate((await devCertificate(bin)).certificate);
    expect(head.getExtension(x509.CertificatePolicyExtension)!.policies).toContain('1.2.398.3.3.4.1.2.1');
    expect(issued.privateKey).toContain('-----BEGIN PRIVATE KEY-----');
    expect(issued.chain).toHaveLength(2);
    expect(await certificate.verify({ publicKey: new x509.X509Certificate(issued.chain[0]!).publicKey, signatureOnly: true })).toBe(true);

    const crl = await fetch(`${(await import('../support/local.js')).local().api}/dev/ca/issuing.crl`);
    expect(crl.status).toBe(200);
    expect(crl.headers.get('content-type')).toBe('application/pkix-crl');
  });

  it('names the field of a bad certificate request', async () => {
    const bad = await api('/dev/certificates', { body: { bin: '123' } });
    expect(bad.status).toBe(422);
    expect(bad.body.fields).toEqual([expect.objectContaining({ path: 'bin' })]);
    const foreign = await api('/dev/certificates/revoke', { body: { certificate: 'not a certificate' } });
    expect(foreign.status).toBe(422);
  });
});

describe('signed bids', () => {
  let id: string;
  let akimat: string;
  let competition: any;
  let contractor: { token: string; bin: string };

  beforeAll(async () => {
    ({ id, akimat, competition } = await tenderingCompetition());
    contractor = await verifiedContractor();
  });

  it('gives the canonical bytes of a bid and their SHA-256', async () => {
    const response = await api(`/competitions/${id}/bids/me/signing-payload`, { token: contractor.token, body: { price: '750000000' } });

    expect(response.status).toBe(200);
    const bytes = Buffer.from(response.body.payload, 'base64');
    expect(JSON.parse(bytes.toString('utf8'))).toEqual({
      competitionId: id,
      competitionVersion: competition.version,
      bin: contractor.bin,
      price: '750000000',
      documents: [],
    });
    expect(bytes.toString('utf8')).toBe(
      `{"bin":"${contractor.bin}","competitionId":"${id}","competitionVersion":${competition.version},"documents":[],"price":"750000000"}`,
    );
    expect(response.body.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it('names the field of a bad signing-payload request', async () => {
    const response = await api(`/competitions/${id}/bids/me/signing-payload`, { token: contractor.token, body: { price: '-1' } });
    expect(response.status).toBe(422);
    expect(response.body.fields).toEqual([expect.objectContaining({ path: 'price' })]);
  });

  it('accepts a bid signed with a certificate of the own BIN; the receipt names the signer', async () => {
    const response = await bid(id, contractor.token, await signedBid(contractor.token, id, '750000000'));

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      price: '750000000',
      bin: contractor.bin,
      signer: {
        commonName: 'ТЕСТОВ ТЕСТ',
        certificateSerial: expect.stringMatching(/^[0-9a-f]+$/),
        issuer: expect.stringContaining('CN=Konkurs development issuing CA (RSA)'),
      },
      signatureSha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect((await api(`/competitions/${id}/bids/me`, { token: contractor.token })).body.signer.commonName).toBe('ТЕСТОВ ТЕСТ');
  });

  it('refuses a bid without a signature', async () => {
    expectRefused(await bid(id, contractor.token, { price: '740000000' }), 'missing');
  });

  it('refuses a signature over other bytes (another price)', async () => {
    const { signature } = await signedBid(contractor.token, id, '740000000');
    expectRefused(await bid(id, contractor.token, { price: '730000000', signature }), 'payload_mismatch');
  });

  it('refuses a certificate of another BIN', async () => {
    const payload = await signingPayload(contractor.token, id, '740000000');
    const signature = await signWith(await certificateFor(uniqueBin()), payload);
    expectRefused(await bid(id, contractor.token, { price: '740000000', signature }), 'not_this_organisation');
  });

  it('refuses an expired certificate', async () => {
    const now = (await clockNow()).getTime();
    const expired = await devCertificate(contractor.bin, {
      notBefore: new Date(now - 3 * 86_400_000).toISOString(),
      notAfter: new Date(now - 86_400_000).toISOString(),
    });
    const payload = await signingPayload(contractor.token, id, '740000000');
    expectRefused(await bid(id, contractor.token, { price: '740000000', signature: await signWith(expired, payload) }), 'expired');
  });

  it('refuses a revoked certificate', async () => {
    const certificate = await devCertificate(contractor.bin);
    const payload = await signingPayload(contractor.token, id, '740000000');
    const signature = await signWith(certificate, payload);
    const revoked = await api('/dev/certificates/revoke', { body: { certificate: certificate.certificate } });
    expect(revoked.status).toBe(200);

    expectRefused(await bid(id, contractor.token, { price: '740000000', signature }), 'revoked');
  });

  it('refuses a certificate from a CA that is not trusted', async () => {
    const stranger = await openDevCa({ crlBaseUrl: 'http://127.0.0.1:9/none', now: () => new Date(), label: 'Konkurs development' });
    const issued = await stranger.issue({ bin: contractor.bin });
    const payload = await signingPayload(contractor.token, id, '740000000');
    const signature = await signWith(issued, payload);
    expectRefused(await bid(id, contractor.token, { price: '740000000', signature }), 'untrusted_issuer');
  });

  it('refuses garbage', async () => {
    expectRefused(await bid(id, contractor.token, { price: '740000000', signature: 'garbage!' }), 'malformed');
    expectRefused(await bid(id, contractor.token, { price: '740000000', signature: Buffer.from('garbage').toString('base64') }), 'malformed');
  });

  it('kept the accepted bid through every refusal; after opening the akimat and the audit log see the signer', async () => {
    const own = await api(`/competitions/${id}/bids/me`, { token: contractor.token });
    expect(own.body.price).toBe('750000000');

    await passTime(competition.tenderPeriod.endDate);
    const opening = await api(`/competitions/${id}/open-bids`, { token: akimat, method: 'POST' });
    expect([200, 409]).toContain(opening.status); // the deadline checker may have opened them first
    const opened = await api(`/competitions/${id}/bids`, { token: akimat });
    expect(opened.body.items).toEqual([
      expect.objectContaining({
        bin: contractor.bin,
        price: '750000000',
        signer: expect.objectContaining({ commonName: 'ТЕСТОВ ТЕСТ', certificateSerial: own.body.signer.certificateSerial }),
        signatureSha256: own.body.signatureSha256,
      }),
    ]);
    const audit = await api(`/competitions/${id}/events?limit=100`, { token: akimat });
    const submitted = audit.body.items.filter((e: any) => e.type === 'bid.submitted');
    expect(submitted).toEqual([
      expect.objectContaining({
        data: expect.objectContaining({
          signer: expect.objectContaining({ certificateSerial: own.body.signer.certificateSerial, signatureSha256: own.body.signatureSha256 }),
        }),
      }),
    ]);
  });
});
