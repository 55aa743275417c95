/**
 * Tender documents and bid envelopes on the local S3 emulator: bytes through presigned URLs, the stored SHA-256
 * verified by `complete`, versions, amendments through documents, bid documents sealed until opening.
 */
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { createDraft, passTime, publish } from '../support/fixtures.js';
import { api, eventually, local, seedProject, tokenFor, verifiedContractor } from '../support/local.js';
import { signedBid } from '../support/signing.js';
import { download, pdfBytes, putBytes, sha256Hex, uploadBidDocument, uploadDocument, uploadTenderDocument } from '../support/documents.js';

// Zhambyl: a region no other integration test writes competitions to.
const KATO = '310000000';

const s3 = () => new S3Client({ endpoint: local().s3, forcePathStyle: true, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });

/** Bucket and key of a presigned URL (path style: `/<bucket>/<key>`). */
const objectOf = (url: string) => {
  const [, bucket, ...key] = new URL(url).pathname.split('/');
  return { Bucket: bucket!, Key: decodeURIComponent(key.join('/')) };
};

const exists = async (url: string): Promise<boolean> => {
  const client = s3();
  try {
    await client.send(new HeadObjectCommand(objectOf(url)));
    return true;
  } catch {
    return false;
  } finally {
    client.destroy();
  }
};

const draftCompetition = async () => {
  const akimat = await tokenFor({ role: 'akimat', kato: KATO });
  const project = await seedProject({ kato: KATO, sector: 'water' });
  const draft = await createDraft(akimat, project.id, 'Реконструкция очистных сооружений');
  return { akimat, id: draft.id as string };
};

describe('tender documents', () => {
  it('downloads publicly, after publication, exactly the bytes uploaded and verified', async () => {
    const { akimat, id } = await draftCompetition();
    const bytes = pdfBytes('ПСД', 200_000);

    const { completed, id: docId } = await uploadTenderDocument(akimat, id, bytes, { documentType: 'projectDesign', title: 'ПСД', fileName: 'ПСД очистные.pdf' });
    expect(completed.body).toMatchObject({ id: docId, status: 'active', version: 1, sha256: sha256Hex(bytes), size: bytes.length, fileName: 'ПСД очистные.pdf' });
    expect((await api(`/competitions/${id}/documents`)).status).toBe(404); // a draft's documents are not public
    await publish(akimat, id);

    const list = await api(`/competitions/${id}/documents`);
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([expect.objectContaining({ id: docId, documentType: 'projectDesign', version: 1, sha256: sha256Hex(bytes) })]);
    const redirect = await fetch(list.body.items[0].url, { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    const got = await download(redirect.headers.get('location')!);
    expect(got.status).toBe(200);
    expect(sha256Hex(got.bytes)).toBe(sha256Hex(bytes));
    expect(got.headers.get('content-disposition')).toContain(encodeURIComponent('ПСД очистные.pdf'));

    // Open data: the publication's release lists the document with its verified hash.
    const record = await eventually(async () => {
      const r = await api(`/ocds/records/ocds-konkurs-${id}`);
      return r.status === 200 && r.body.records?.[0]?.compiledRelease?.tender?.documents ? r.body.records[0] : undefined;
    }, 20_000, 'the OCDS record');
    expect(record.compiledRelease.tender.documents).toEqual([
      expect.objectContaining({ id: docId, documentType: 'projectDesign', format: 'application/pdf', hash: `sha256:${sha256Hex(bytes)}` }),
    ]);
  });

  it('refuses a wrong declared hash with 422 naming sha256, and leaves no document and no object', async () => {
    const { akimat, id } = await draftCompetition();
    const bytes = pdfBytes('wrong hash');

    const { declared, completed } = await uploadDocument(akimat, `/competitions/${id}/documents`, bytes, { documentType: 'other', title: 'Подмена' }, { declaredSha256: sha256Hex(pdfBytes('other bytes')) });

    expect(completed.status).toBe(422);
    expect(completed.body.fields.map((f: { path: string }) => f.path)).toEqual(['sha256']);
    expect(await exists(declared.body.upload.url)).toBe(false);
    expect((await api(`/my/competitions/${id}/documents`, { token: akimat })).body.items).toEqual([]);
    const again = await api(`/competitions/${id}/documents/${declared.body.id}/complete`, { token: akimat, method: 'POST' });
    expect(again.status).toBe(404);
  });

  it('refuses bytes that differ from the declared size, and a type or size out of bounds, naming the field', async () => {
    const { akimat, id } = await draftCompetition();
    const exe = await api(`/competitions/${id}/documents`, {
      token: akimat,
      body: { documentType: 'other', title: 'Программа', fileName: 'setup.exe', contentType: 'application/octet-stream', size: 10, sha256: 'a'.repeat(64) },
    });
    expect(exe.status).toBe(422);
    expect(exe.body.fields.map((f: { path: string }) => f.path)).toContain('fileName');
    const huge = await api(`/competitions/${id}/documents`, {
      token: akimat,
      body: { documentType: 'other', title: 'Огромный', fileName: 'big.pdf', contentType: 'application/pdf', size: 101 * 1024 * 1024, sha256: 'a'.repeat(64) },
    });
    expect(huge.status).toBe(422);
    expect(huge.body.fields.map((f: { path: string }) => f.path)).toEqual(['size']);
    const mismatch = await api(`/competitions/${id}/documents`, {
      token: akimat,
      body: { documentType: 'other', title: 'PDF?', fileName: 'a.pdf', contentType: 'image/png', size: 10, sha256: 'a'.repeat(64) },
    });
    expect(mismatch.body.fields.map((f: { path: string }) => f.path)).toEqual(['contentType']);
  });

  it('keeps the old version downloadable when a new one is uploaded', async () => {
    const { akimat, id } = await draftCompetition();
    const v1 = pdfBytes('v1');
    const v2 = pdfBytes('v2', 8000);
    const { id: docId } = await uploadTenderDocument(akimat, id, v1);
    const replaced = await uploadDocument(akimat, `/competitions/${id}/documents/${docId}`, v2, { fileName: 'spec-v2.pdf' }, { method: 'PUT' });
    expect(replaced.declared.body).toMatchObject({ id: docId, version: 2, status: 'pending' });
    expect(replaced.completed.status, JSON.stringify(replaced.completed.body)).toBe(200);
    await publish(akimat, id);

    const [doc] = (await api(`/competitions/${id}/documents`)).body.items;
    expect(doc).toMatchObject({ version: 2, fileName: 'spec-v2.pdf', sha256: sha256Hex(v2) });
    expect(doc.versions).toEqual([expect.objectContaining({ version: 1, sha256: sha256Hex(v1) })]);
    expect(sha256Hex((await download(doc.url)).bytes)).toBe(sha256Hex(v2));
    expect(sha256Hex((await download(doc.versions[0].url)).bytes)).toBe(sha256Hex(v1));
    expect((await api(`/competitions/${id}/documents/${docId}/content?version=3`)).status).toBe(404);
  });

  it('makes a document change during tendering an amendment: bids invalidated, deadline extended, bidders told', async () => {
    const { akimat, id } = await draftCompetition();
    const { id: docId } = await uploadTenderDocument(akimat, id, pdfBytes('spec'));
    const published = await publish(akimat, id);
    await passTime(published.tenderPeriod.startDate);
    const bidder = await verifiedContractor();
    expect((await api(`/competitions/${id}/bids/me`, { token: bidder.token, method: 'PUT', body: await signedBid(bidder.token, id, '480000000') })).status).toBe(200);

    const replaced = await uploadDocument(akimat, `/competitions/${id}/documents/${docId}`, pdfBytes('spec v2'), {}, { method: 'PUT' });
    expect(replaced.completed.status, JSON.stringify(replaced.completed.body)).toBe(200);

    const after = (await api(`/competitions/${id}`)).body;
    expect(after.version).toBe(published.version + 1);
    expect(after.tenderPeriod.endDate >= published.tenderPeriod.endDate).toBe(true);
    expect((await api(`/competitions/${id}/bids/me`, { token: bidder.token })).body.status).toBe('invalidated');
    const events = await api(`/competitions/${id}/events?limit=100`, { token: akimat });
    const amended = events.body.items.find((e: { type: string }) => e.type === 'competition.amended');
    expect(amended.data).toMatchObject({ fields: ['documents'], bidsInvalidated: true, documents: [expect.objectContaining({ id: docId, version: 2, change: 'replaced' })] });
    const { waitForMail } = await import('../support/local.js');
    const mails = await waitForMail(bidder.email, 2);
    expect(mails.some((m) => /Техническая спецификация \(v2\)/.test(m.body.text ?? ''))).toBe(true);
  });
});

describe('bid envelopes', () => {
  it('carries documents in the bid, changes the receipt digest with them, and opens them to the akimat only after the deadline', async () => {
    const { akimat, id } = await draftCompetition();
    const published = await publish(akimat, id);
    await passTime(published.tenderPeriod.startDate);
    const bidder = await verifiedContractor();
    const other = await verifiedContractor();
    const technical = pdfBytes('technical proposal');
    const { id: docId, completed } = await uploadBidDocument(bidder.token, id, technical);
    expect(completed.body).toMatchObject({ id: docId, status: 'active', sha256: sha256Hex(technical) });

    const plain = await api(`/competitions/${id}/bids/me`, { token: bidder.token, method: 'PUT', body: await signedBid(bidder.token, id, '470000000') });
    // The signed bytes carry each document's SHA-256: a signature made without the document does not cover it.
    const { signature: withoutDocs } = await signedBid(bidder.token, id, '470000000');
    const unsigned = await api(`/competitions/${id}/bids/me`, { token: bidder.token, method: 'PUT', body: { price: '470000000', documents: [docId], signature: withoutDocs } });
    expect(unsigned.status).toBe(422);
    expect(unsigned.body).toMatchObject({ reason: 'payload_mismatch', fields: [{ path: 'signature' }] });
    const withDoc = await api(`/competitions/${id}/bids/me`, { token: bidder.token, method: 'PUT', body: await signedBid(bidder.token, id, '470000000', [docId]) });
    expect(withDoc.status, JSON.stringify(withDoc.body)).toBe(200);
    expect(withDoc.body.documents).toEqual([expect.objectContaining({ id: docId, envelope: 'technical', sha256: sha256Hex(technical) })]);
    expect(withDoc.body.digest).not.toBe(plain.body.digest);

    const second = await uploadBidDocument(bidder.token, id, pdfBytes('qualification'), { envelope: 'qualification', title: 'Квалификация' });
    const withBoth = await api(`/competitions/${id}/bids/me`, { token: bidder.token, method: 'PUT', body: await signedBid(bidder.token, id, '470000000', [docId, second.id]) });
    expect(withBoth.body.digest).not.toBe(withDoc.body.digest);

    // Another contractor's document ids are refused, naming the field.
    const foreign = await api(`/competitions/${id}/bids/me`, { token: other.token, method: 'PUT', body: await signedBid(other.token, id, '1000', [docId]) });
    expect(foreign.status).toBe(422);
    expect(foreign.body.fields[0].path).toBe('documents');
    expect((await api(`/competitions/${id}/bids/me/documents/${docId}`, { token: other.token, method: 'DELETE' })).status).toBe(404);
    expect((await api(`/competitions/${id}/bids/me/documents/${docId}`, { token: bidder.token, method: 'DELETE' })).status).toBe(409);

    const mine = await api(`/competitions/${id}/bids/me`, { token: bidder.token });
    expect(sha256Hex((await download(mine.body.documents[0].url)).bytes)).toBe(sha256Hex(technical));
    expect((await api(`/competitions/${id}/bids`, { token: akimat })).status).toBe(409);

    await passTime(withBoth.body.deadline);
    expect((await api(`/competitions/${id}/open-bids`, { token: akimat, method: 'POST' })).status).toBe(200);
    const opened = await api(`/competitions/${id}/bids`, { token: akimat });
    const bid = opened.body.items.find((b: { bin: string }) => b.bin === bidder.bin);
    expect(bid.documents.map((d: { id: string }) => d.id)).toEqual([docId, second.id]);
    expect(sha256Hex((await download(bid.documents[0].url)).bytes)).toBe(sha256Hex(technical));
  });

  it('refuses bid documents before the tender period and with a wrong hash', async () => {
    const { akimat, id } = await draftCompetition();
    const published = await publish(akimat, id);
    const bidder = await verifiedContractor();
    const early = await api(`/competitions/${id}/bids/me/documents`, {
      token: bidder.token,
      body: { envelope: 'technical', title: 'Рано', fileName: 'a.pdf', contentType: 'application/pdf', size: 10, sha256: 'a'.repeat(64) },
    });
    // Bid documents, like bids, are accepted from the start of the tender period.
    expect(early.status).toBe(409);
    await passTime(published.tenderPeriod.startDate);
    const bytes = pdfBytes('bad');
    const bad = await uploadDocument(bidder.token, `/competitions/${id}/bids/me/documents`, bytes, { envelope: 'financial', title: 'Смета' }, { declaredSha256: sha256Hex(pdfBytes('x')) });
    expect(bad.completed.status).toBe(422);
    expect(bad.completed.body.fields[0].path).toBe('sha256');
    expect((await api(`/competitions/${id}/bids/me/documents`, { token: bidder.token })).body.items.map((d: { id: string }) => d.id)).not.toContain(bad.id);
    expect(await exists(bad.declared.body.upload.url)).toBe(false);
    expect(await putBytes(bad.declared.body.upload, bytes)).toBe(200); // the emulator takes it, but nothing completes it
    expect((await api(`/competitions/${id}/bids/me/documents/${bad.id}/complete`, { token: bidder.token, method: 'POST' })).status).toBe(404);
  });
});
