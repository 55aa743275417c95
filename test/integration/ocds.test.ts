/**
 * Open data on the local runtime: a competition's journey published as OCDS releases (one per public change, bids
 * only after opening), followed through the change feed; every package the three routes serve validates against the
 * official OCDS 1.1.5 schemas; a bid's documents are published with it from the opening on; and a reader following `links.next` while writers publish concurrently sees every
 * release exactly once.
 */
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { setTimeout as sleep } from 'node:timers/promises';
import { inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { pdfBytes, sha256Hex, uploadBidDocument } from '../support/documents.js';
import { createDraft, passTime, publish } from '../support/fixtures.js';
import { qualify, qualifyAndAward } from '../support/evaluation.js';
import { api, documentClient, eventually, local, seedProject, tokenFor, uniqueBin, verifiedContractor } from '../support/local.js';
import { signedBid } from '../support/signing.js';
import { ocdsErrors } from '../support/ocds-schemas.js';

const PREFIX = 'ocds-konkurs';
const AKIMAT_BIN = '940140000385';

interface Release {
  ocid: string;
  id: string;
  date: string;
  tag: string[];
  tender: { status: string; title: string; numberOfTenderers?: number; tenderers?: { id: string }[]; amendments?: unknown[] };
  parties: { id: string; roles: string[] }[];
  awards?: { suppliers: { id: string }[]; value: { amount: number } }[];
}

/** The path and query of a `links.next` URL (the API base is the runtime's). */
const pathOf = (url: string): string => {
  const parsed = new URL(url);
  expect(parsed.origin).toBe(new URL(local().api).origin);
  return `${parsed.pathname}${parsed.search}`;
};

/** A release package route's answer, validated: 200 with a valid package, or 204 with the next link. */
const feedPage = async (path: string): Promise<{ releases: Release[]; next: string }> => {
  const response = await api(path);
  const link = /^<([^>]+)>; rel="next"$/.exec(response.headers.get('link') ?? '')?.[1];
  if (!link) throw new Error(`no Link header on ${path}: ${response.status} ${JSON.stringify(response.body)}`);
  if (response.status === 204) return { releases: [], next: pathOf(link) };
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  expect(ocdsErrors('releasePackage', response.body)).toEqual([]);
  expect(response.body.links.next).toBe(link);
  return { releases: response.body.releases as Release[], next: pathOf(link) };
};

/** Reads the feed from `start` until it answers 204; returns what it read and where to continue. */
const drainFeed = async (start: string, limit = 500): Promise<{ releases: Release[]; next: string }> => {
  const releases: Release[] = [];
  let next = start.includes('limit=') ? start : `${start}${start.includes('?') ? '&' : '?'}limit=${limit}`;
  for (;;) {
    const page = await feedPage(next);
    next = page.next;
    if (page.releases.length === 0) return { releases, next };
    releases.push(...page.releases);
  }
};

/** The releases of one contracting process, validated; waits until there are `count`. */
const releasesOf = async (ocid: string, count: number): Promise<Release[]> =>
  eventually(
    async () => {
      const response = await api(`/ocds/releases/${ocid}`);
      if (response.status !== 200 || response.body.releases.length < count) return undefined;
      expect(ocdsErrors('releasePackage', response.body)).toEqual([]);
      return response.body.releases as Release[];
    },
    // The writer may first work off the jobs of the files before (the lifecycle walk publishes hundreds of changes).
    60_000,
    `${count} release(s) of ${ocid}`,
  );

describe('OCDS open data', () => {
  it('publishes each public change of a competition as one valid release; bidders appear only after opening', { timeout: 120_000 }, async () => {
    // Prepare
    const project = await seedProject({
      kato: '350000000',
      sector: 'heat',
      financing: { route: 'housing-company', status: 'approved', amount: '900000000' },
      akimat: { name: { ru: 'Акимат Карагандинской области', kk: 'Қарағанды облысының әкімдігі', en: 'Karaganda Region Akimat' }, bin: AKIMAT_BIN },
    });
    // With its organisation's BIN: the award is signed.
    const akimat = await tokenFor({ role: 'akimat', kato: '350000000', bin: uniqueBin() });
    const { next: start } = await drainFeed('/ocds/releases');
    const draft = await createDraft(akimat, project.id, 'Открытые данные: котельная');
    const ocid = `${PREFIX}-${draft.id}`;

    // Act: a draft publishes nothing; publication, amendment, opening and award publish one release each.
    await sleep(1500);
    expect((await api(`/ocds/releases/${ocid}`)).status).toBe(404);
    const published = await publish(akimat, draft.id);
    await releasesOf(ocid, 1);
    const amended = await api(`/competitions/${draft.id}`, {
      method: 'PATCH',
      token: akimat,
      body: { title: { ru: 'Открытые данные: котельная (изм.)', kk: 'Ашық деректер: қазандық', en: 'Open data: boiler house' }, estimatedValue: '1100000000.25' },
    });
    expect(amended.status).toBe(200);
    await releasesOf(ocid, 2);
    const contractor = await verifiedContractor({ name: 'ТОО «Открытый Подрядчик»' });
    await passTime(published.tenderPeriod.startDate);
    const bid = await api(`/competitions/${draft.id}/bids/me`, { token: contractor.token, method: 'PUT', body: await signedBid(contractor.token, draft.id, '1050000000.5') });
    expect(bid.status).toBe(200);
    await sleep(1500);
    const beforeOpening = await api(`/ocds/records/${ocid}`);
    await passTime(amended.body.tenderPeriod.endDate);
    const opened = await api(`/competitions/${draft.id}/open-bids`, { token: akimat, method: 'POST' });
    expect([200, 409]).toContain(opened.status); // the deadline checker may have opened them first
    await releasesOf(ocid, 3);
    expect((await qualifyAndAward(akimat, draft.id, contractor.bin)).status).toBe(200);
    const releases = await releasesOf(ocid, 4);
    await sleep(2500); // past the hold-back
    const followed = (await drainFeed(start, 3)).releases.filter((r) => r.ocid === ocid);

    // Assess: the feed holds the same four releases, in the order they were written.
    expect(releases.map((r) => r.tag)).toEqual([['tender'], ['tenderAmendment'], ['tenderUpdate'], ['award']]);
    expect(followed.map((r) => r.id)).toEqual(releases.map((r) => r.id));
    expect(releases.map((r) => r.tender.status)).toEqual(['active', 'active', 'active', 'active']);
    expect(releases[0]!.tender.title).toBe('Открытые данные: котельная');
    expect(releases[1]!.tender.title).toBe('Открытые данные: котельная (изм.)');
    expect(releases[1]!.tender.amendments).toHaveLength(1);
    expect(releases[0]!.parties[0]).toMatchObject({ id: `KZ-BIN-${AKIMAT_BIN}`, roles: ['buyer', 'procuringEntity'] });
    expect(releases[0]!.parties.filter((p) => p.roles.includes('funder')).map((p) => p.id)).toEqual(['funder-baiterek', 'funder-khc']);

    // Sealed until opening: not in the releases before it, nor in the record read before it.
    for (const release of releases.slice(0, 2)) {
      expect(JSON.stringify(release)).not.toContain(contractor.bin);
      expect(release.tender.numberOfTenderers).toBeUndefined();
    }
    expect(beforeOpening.status).toBe(200);
    expect(JSON.stringify(beforeOpening.body)).not.toContain(contractor.bin);
    expect(releases[2]!.tender).toMatchObject({ numberOfTenderers: 1, tenderers: [{ id: `KZ-BIN-${contractor.bin}` }] });
    // After opening the bid details name the signer and carry the signature as a document (bid extension).
    expect((releases[2] as any).bids.details).toEqual([
      expect.objectContaining({
        id: bid.body.receiptId,
        status: 'valid',
        tenderers: [{ id: `KZ-BIN-${contractor.bin}`, name: 'ТОО «Открытый Подрядчик»' }],
        signer: { name: bid.body.signer.commonName, certificateSerial: bid.body.signer.certificateSerial, issuer: bid.body.signer.issuer, signatureSha256: bid.body.signatureSha256 },
        documents: [expect.objectContaining({ documentType: 'signature', format: 'application/pkcs7-signature' })],
      }),
    ]);
    for (const release of releases.slice(0, 2)) expect(release).not.toHaveProperty('bids');
    expect(releases[3]!.awards).toEqual([expect.objectContaining({ suppliers: [{ id: `KZ-BIN-${contractor.bin}`, name: 'ТОО «Открытый Подрядчик»' }], value: { amount: 1_050_000_000.5, currency: 'KZT' } })]);

    // The record: linked releases in date order and the compiled release; both routes 404 for unknown ocids.
    const record = await api(`/ocds/records/${ocid}`);
    expect(record.status).toBe(200);
    expect(ocdsErrors('recordPackage', record.body)).toEqual([]);
    expect(ocdsErrors('recordPackage', beforeOpening.body)).toEqual([]);
    const [compiled] = record.body.records;
    expect(compiled.releases.map((r: { url: string }) => r.url.split('#')[1])).toEqual(releases.map((r) => r.id));
    expect(compiled.compiledRelease).toMatchObject({ ocid, tag: ['compiled'], tender: { title: 'Открытые данные: котельная (изм.)', numberOfTenderers: 1 } });
    expect(compiled.compiledRelease.parties.find((p: { id: string }) => p.id === `KZ-BIN-${contractor.bin}`).roles).toEqual(['tenderer', 'supplier']);
    for (const path of [`/ocds/releases/${PREFIX}-NOSUCHCOMPETITION000`, `/ocds/records/${PREFIX}-NOSUCHCOMPETITION000`, '/ocds/releases/ocds-other-1']) {
      expect((await api(path)).status, path).toBe(404);
    }
    expect((await api('/ocds/releases?cursor=not-a-cursor')).status).toBe(422);
    expect((await api('/ocds/releases?limit=501')).status).toBe(422);
  });

  it("publishes a bid's documents in bids.details from the opening on, and nothing of them before", async () => {
    // Prepare: a signed bid carrying a financial proposal
    const project = await seedProject({ kato: '350000000', sector: 'heat' });
    const akimat = await tokenFor({ role: 'akimat', kato: '350000000' });
    const draft = await createDraft(akimat, project.id, 'Открытые данные: конверты заявки');
    const ocid = `${PREFIX}-${draft.id}`;
    const published = await publish(akimat, draft.id);
    await releasesOf(ocid, 1);
    const contractor = await verifiedContractor();
    await passTime(published.tenderPeriod.startDate);
    const bytes = pdfBytes('ценовое предложение');
    const { id: docId } = await uploadBidDocument(contractor.token, draft.id, bytes, { envelope: 'financial', title: 'Ценовое предложение' });
    const bid = await api(`/competitions/${draft.id}/bids/me`, {
      token: contractor.token,
      method: 'PUT',
      body: await signedBid(contractor.token, draft.id, '1000000000', [docId]),
    });
    expect(bid.status, JSON.stringify(bid.body)).toBe(200);
    await sleep(1500);
    const beforeOpening = JSON.stringify((await api(`/ocds/records/${ocid}`)).body);

    // Act
    await passTime(published.tenderPeriod.endDate);
    expect([200, 409]).toContain((await api(`/competitions/${draft.id}/open-bids`, { token: akimat, method: 'POST' })).status);
    const releases = await releasesOf(ocid, 2);

    // Assess
    for (const sealed of [beforeOpening, JSON.stringify(releases[0])]) {
      expect(sealed).not.toContain(docId);
      expect(sealed).not.toContain(sha256Hex(bytes));
    }
    expect((releases[1] as any).bids.details[0].documents).toEqual([
      { id: docId, documentType: 'submissionDocuments', title: 'Ценовое предложение', format: 'application/pdf', envelope: 'financial', hash: `sha256:${sha256Hex(bytes)}` },
      expect.objectContaining({ documentType: 'signature' }),
    ]);
  });

  it('publishes the evaluation: bid statuses and statistics, the award with its standstill and protocol, complaints and the cancelled award', { timeout: 120_000 }, async () => {
    // Prepare: a tender complaint (declined) during tendering; A (500 million) and B (450 million) bid; B is disqualified.
    const project = await seedProject({ kato: '350000000', sector: 'heat' });
    const akimat = await tokenFor({ role: 'akimat', kato: '350000000', bin: uniqueBin() });
    const ministry = await tokenFor({ role: 'ministry' });
    const draft = await createDraft(akimat, project.id, 'Открытые данные: оценка и жалобы');
    const ocid = `${PREFIX}-${draft.id}`;
    const published = await publish(akimat, draft.id);
    const [a, b, critic] = [
      await verifiedContractor({ name: 'ТОО «Победитель»' }),
      await verifiedContractor({ name: 'ТОО «Дисквалифицирован»' }),
      await verifiedContractor({ name: 'ТОО «Критик»' }),
    ];
    const tenderComplaint = await api(`/competitions/${draft.id}/complaints`, {
      token: critic.token,
      body: { subject: 'tender', title: 'Ограничение конкуренции', text: 'Требование опыта 10 лет завышено' },
    });
    expect(tenderComplaint.status, JSON.stringify(tenderComplaint.body)).toBe(201);
    expect((await api(`/competitions/${draft.id}/complaints/${tenderComplaint.body.id}/decision`, { token: ministry, body: { resolution: 'declined', text: 'Требование соответствует Правилам' } })).status).toBe(200);
    await passTime(published.tenderPeriod.startDate);
    for (const [bidder, price] of [[a, '500000000'], [b, '450000000']] as const) {
      const bid = await api(`/competitions/${draft.id}/bids/me`, { token: bidder.token, method: 'PUT', body: await signedBid(bidder.token, draft.id, price) });
      expect(bid.status).toBe(200);
    }
    await passTime(published.tenderPeriod.endDate);
    expect([200, 409]).toContain((await api(`/competitions/${draft.id}/open-bids`, { token: akimat, method: 'POST' })).status);
    await releasesOf(ocid, 4);

    // Act: B disqualified, A awarded; B complains about the award and the ministry satisfies it (the award is cancelled).
    expect((await qualify(akimat, draft.id, b.bin, 'disqualified', [{ code: 'bidSecurityMissing', text: 'Нет гарантии' }])).status).toBe(200);
    const award = await qualifyAndAward(akimat, draft.id, a.bin);
    expect(award.status, JSON.stringify(award.body)).toBe(200);
    const complaint = await api(`/competitions/${draft.id}/complaints`, {
      token: b.token,
      body: { subject: 'award', title: 'Неправомерная дисквалификация', text: 'Гарантия была в конверте обеспечения' },
    });
    expect(complaint.status).toBe(201);
    await releasesOf(ocid, 6);
    const decided = await api(`/competitions/${draft.id}/complaints/${complaint.body.id}/decision`, { token: ministry, body: { resolution: 'satisfied', text: 'Рассмотрение возобновить' } });
    expect(decided.status).toBe(200);
    const releases = (await releasesOf(ocid, 8)) as any[];
    await sleep(2500); // past the hold-back
    const { releases: fromFeed } = await drainFeed('/ocds/releases', 500);

    // Assess: one release per event, in order.
    expect(releases.map((r) => r.tag[0])).toEqual(['tender', 'tenderUpdate', 'tenderUpdate', 'tenderUpdate', 'award', 'awardUpdate', 'awardUpdate', 'awardCancellation']);
    // The feed has them all (in the order they were written: a decision and its cancellation may come either way).
    expect(fromFeed.filter((r) => r.ocid === ocid).map((r) => r.id).sort()).toEqual(releases.map((r) => r.id).sort());
    const [, tenderFiled, tenderDeclined, opened, awarded, awardComplaint, awardDecided, cancelled] = releases;
    // The tender complaint, before the opening: on the tender, its author an interested party, no bid shown.
    expect(tenderFiled.tender.complaints).toEqual([
      {
        id: tenderComplaint.body.id,
        type: 'complaint',
        title: 'Ограничение конкуренции',
        description: 'Требование опыта 10 лет завышено',
        status: 'pending',
        author: { id: `KZ-BIN-${critic.bin}`, name: 'ТОО «Критик»' },
        date: tenderComplaint.body.filedAt,
        dateSubmitted: tenderComplaint.body.filedAt,
      },
    ]);
    expect(tenderFiled.parties.find((p: { id: string }) => p.id === `KZ-BIN-${critic.bin}`).roles).toEqual(['interestedParty']);
    expect(tenderDeclined.tender.complaints[0]).toMatchObject({ status: 'declined', decision: 'Требование соответствует Правилам', dateDecision: expect.any(String) });
    for (const sealed of [tenderFiled, tenderDeclined]) {
      expect(sealed).not.toHaveProperty('bids');
      expect(JSON.stringify(sealed)).not.toContain(a.bin);
    }
    // The opening: both bids valid; the award: B disqualified, the statistics, the standstill and the protocol.
    const statusOf = (release: any, bin: string) => release.bids.details.find((d: any) => d.tenderers[0].id === `KZ-BIN-${bin}`).status;
    expect([statusOf(opened, a.bin), statusOf(opened, b.bin)]).toEqual(['valid', 'valid']);
    expect([statusOf(awarded, a.bin), statusOf(awarded, b.bin)]).toEqual(['valid', 'disqualified']);
    const stats = Object.fromEntries(awarded.bids.statistics.map((m: { measure: string; value: number }) => [m.measure, m.value]));
    expect(stats).toEqual({ bids: 2, electronicBids: 2, validBids: 1, qualifiedBidders: 1, disqualifiedBidders: 1 });
    expect(awarded.awards).toEqual([
      expect.objectContaining({ id: `${draft.id}-award-1`, status: 'active', suppliers: [{ id: `KZ-BIN-${a.bin}`, name: 'ТОО «Победитель»' }], complaintPeriod: award.body.award.complaintPeriod }),
    ]);
    const protocol = (await api(`/competitions/${draft.id}/documents`)).body.items.find((d: { documentType: string }) => d.documentType === 'evaluationReports');
    expect(awarded.tender.documents).toContainEqual(
      expect.objectContaining({
        id: protocol.id,
        documentType: 'evaluationReports',
        format: 'application/pdf',
        hash: `sha256:${protocol.sha256}`,
        url: expect.stringMatching(new RegExp(`/competitions/${draft.id}/documents/${protocol.id}/content\\?version=1$`)),
      }),
    );
    const download = await fetch(awarded.tender.documents.find((d: { id: string }) => d.id === protocol.id).url, { redirect: 'follow' });
    expect(Buffer.from(new Uint8Array(await download.arrayBuffer()).subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    // The award complaint on its award, then decided; the award cancelled with it.
    expect(awardComplaint.awards[0].complaints).toEqual([
      expect.objectContaining({ id: complaint.body.id, type: 'complaint', status: 'pending', author: { id: `KZ-BIN-${b.bin}`, name: 'ТОО «Дисквалифицирован»' }, description: 'Гарантия была в конверте обеспечения' }),
    ]);
    expect(JSON.stringify(awardComplaint)).not.toContain('@');
    for (const release of [awardDecided, cancelled]) {
      expect(release.awards).toEqual([expect.objectContaining({ id: `${draft.id}-award-1`, status: 'cancelled', complaintPeriod: award.body.award.complaintPeriod })]);
      expect(release.awards[0].complaints[0]).toMatchObject({ status: 'satisfied', decision: 'Рассмотрение возобновить', dateDecision: decided.body.decision.at });
    }
    expect(cancelled.tender.status).toBe('active');
    // The record compiles the latest state, valid against the official schema.
    const record = await api(`/ocds/records/${ocid}`);
    expect(ocdsErrors('recordPackage', record.body)).toEqual([]);
    const compiled = record.body.records[0].compiledRelease;
    expect(compiled.awards.map((x: { status: string }) => x.status)).toEqual(['cancelled']);
    expect(compiled.tender.complaints.map((x: { status: string }) => x.status)).toEqual(['declined']);
    expect(compiled.bids.statistics.find((m: { measure: string }) => m.measure === 'disqualifiedBidders').value).toBe(1);
  });

  it('lets a reader following links.next see every release exactly once while writers publish concurrently', { timeout: 180_000 }, async () => {
    // Prepare: start at the end of the feed; make the writer die after its work twice (redeliveries).
    const akimat = await tokenFor({ role: 'akimat', kato: '750000000' });
    const { next: start } = await drainFeed('/ocds/releases');
    expect((await api('/dev/faults', { body: { crashAfterInvoke: { ocdsWriter: 2 } } })).status).toBe(200);
    const seen: Release[] = [];
    let writing = true;
    let expected: Set<string> | undefined;

    // Act: a reader polls small pages (the development clock is not moved) while 5 competitions at a time are
    // published, then amended, in parallel, round after round.
    const reader = (async () => {
      let next = `${start.split('&limit=')[0]}&limit=3`;
      const deadline = Date.now() + 150_000;
      while (Date.now() < deadline) {
        const page = await feedPage(next);
        next = page.next;
        seen.push(...page.releases);
        if (!writing && expected && [...expected].every((id) => seen.some((r) => r.id === id))) return;
        if (page.releases.length === 0) await sleep(50);
      }
      throw new Error('the reader did not catch up');
    })();
    const ocids: string[] = [];
    try {
      for (let round = 0; round < 4; round += 1) {
        const drafts = await Promise.all(
          [0, 1, 2, 3, 4].map(async (i) => createDraft(akimat, (await seedProject({ kato: '750000000', sector: 'water' })).id, `Параллельно ${round}.${i}`)),
        );
        await Promise.all(drafts.map((d) => publish(akimat, d.id)));
        const amended = await Promise.all(
          drafts.map((d) => api(`/competitions/${d.id}`, { method: 'PATCH', token: akimat, body: { description: `Изменение раунда ${round}` } })),
        );
        expect(amended.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
        ocids.push(...drafts.map((d) => `${PREFIX}-${d.id}`));
      }
      const perProcess = await Promise.all(ocids.map((ocid) => releasesOf(ocid, 2)));
      expected = new Set(perProcess.flat().map((r) => r.id));
    } finally {
      writing = false;
    }
    await reader;

    // Assess
    const ids = seen.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    const ours = new Set(seen.filter((r) => ocids.includes(r.ocid)).map((r) => r.id));
    expect(expected!.size).toBe(40);
    expect(ours).toEqual(expected);
    expect((await api('/dev/faults')).body.counters.crashes).toBeGreaterThanOrEqual(2);
  });
});

describe('OCDS storage', () => {
  it('stores each release deflated, and still serves releases stored as JSON text by an earlier version', async () => {
    const project = await seedProject({ kato: '550000000', sector: 'heat' });
    const akimat = await tokenFor({ role: 'akimat', kato: '550000000', bin: AKIMAT_BIN });
    const draft = await createDraft(akimat, project.id);
    await publish(akimat, draft.id);
    const ocid = `${PREFIX}-${draft.id}`;
    const [release] = await releasesOf(ocid, 1);
    const stored = await documentClient().send(
      new QueryCommand({ TableName: 'konkurs', KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': `OCDS#${ocid}` } }),
    );
    const item = stored.Items![0]!;
    expect(item.release).toBeUndefined();
    expect(JSON.parse(inflateRawSync(item.releaseZ as Uint8Array).toString('utf8'))).toEqual(release);

    // An item of the earlier format, the JSON as text, in a process of its own: served as it was stored.
    const legacyOcid = `${PREFIX}-LEGACY${Date.now().toString(36).toUpperCase()}`;
    const legacy = { ...release!, ocid: legacyOcid, id: `${legacyOcid}-legacy` };
    await documentClient().send(
      new PutCommand({
        TableName: 'konkurs',
        Item: { PK: `OCDS#${legacyOcid}`, SK: `RELEASE#${legacy.id}`, kind: 'ocds-release', ocid: legacyOcid, releaseId: legacy.id, date: legacy.date, writtenAt: legacy.date, release: JSON.stringify(legacy) },
      }),
    );
    const served = await api(`/ocds/releases/${legacyOcid}`);
    expect(served.status).toBe(200);
    expect(served.body.releases).toEqual([legacy]);
  });
});
