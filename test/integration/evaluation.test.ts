/**
 * Evaluation, award, standstill, complaints and the register on the local runtime (issue 13): three signed bids, one
 * disqualified; the award rule at the wire (409 naming the first-ranked); the signed award publishes a PDF protocol
 * in Russian and Kazakh; complaints during and after the standstill, a pending one blocking the contract, satisfied
 * and declined decisions with the development clock; a BIN in the register cannot bid until its entry ends.
 */
import { PDFDocument } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { qualify, signedAward } from '../support/evaluation.js';
import { passTime } from '../support/fixtures.js';
import { api, clockNow, eventually, seedProject, tokenFor, uniqueBin, verifiedContractor } from '../support/local.js';
import { ocdsErrors } from '../support/ocds-schemas.js';
import { signedBid } from '../support/signing.js';

const KATO = '470000000';

interface Bidder {
  bin: string;
  token: string;
}

/** A published competition with one signed bid per price (in order), its bids opened. */
const openedWithBids = async (prices: readonly string[]) => {
  const project = await seedProject({ kato: KATO, sector: 'water' });
  const akimat = await tokenFor({ role: 'akimat', kato: KATO, bin: uniqueBin() });
  const draft = await api('/competitions', {
    token: akimat,
    body: {
      projectId: project.id,
      title: { ru: 'Водопровод', kk: 'Су құбыры' },
      estimatedValue: '900000000',
      qualificationRequirements: ['similarExperience', 'licence'],
      bidSecurity: { percent: '3' },
    },
  });
  // The requirements come back in the sector template's order, the bid security as set.
  expect(draft.body).toMatchObject({ qualificationRequirements: ['licence', 'similarExperience'], bidSecurity: { percent: '3' } });
  const published = await api(`/competitions/${draft.body.id}/publish`, { token: akimat, method: 'POST' });
  const id = draft.body.id as string;
  await passTime(published.body.tenderPeriod.startDate);
  const bidders: Bidder[] = [];
  for (const price of prices) {
    const bidder = await verifiedContractor();
    const bid = await api(`/competitions/${id}/bids/me`, { token: bidder.token, method: 'PUT', body: await signedBid(bidder.token, id, price) });
    expect(bid.status).toBe(200);
    bidders.push(bidder);
  }
  await passTime(published.body.tenderPeriod.endDate);
  const opened = await api(`/competitions/${id}/open-bids`, { token: akimat, method: 'POST' });
  // The deadline checker may have opened them first.
  expect([200, 409]).toContain(opened.status);
  return { id, akimat, bidders, project };
};

const complaintBody = { subject: 'award', title: 'Несогласие с итогами', text: 'Победитель не соответствует требованиям' };

describe('evaluation and award', () => {
  it('awards only the lowest qualified bid and publishes the protocol PDF listing every bid', async () => {
    // Prepare: A 500, B 450 (disqualified), C 600 million.
    const { id, akimat, bidders } = await openedWithBids(['500000000', '450000000', '600000000']);
    const [a, b, c] = bidders as [Bidder, Bidder, Bidder];
    const reasons = await api('/reference/disqualification-reasons');
    expect(reasons.body.items.map((r: { code: string }) => r.code)).toContain('bidSecurityMissing');
    expect((await qualify(akimat, id, a.bin, 'qualified')).status).toBe(200);
    expect((await qualify(akimat, id, b.bin, 'disqualified')).status).toBe(422);
    expect((await qualify(akimat, id, b.bin, 'disqualified', [{ code: 'bidSecurityMissing', text: 'Нет банковской гарантии' }])).status).toBe(200);
    const evaluation = await qualify(akimat, id, c.bin, 'qualified');
    expect(evaluation.body.bids.map((r: { bin: string; rank?: number }) => [r.bin, r.rank])).toEqual([
      [b.bin, undefined],
      [a.bin, 1],
      [c.bin, 2],
    ]);
    // The draft asked for 3 % bid security: A's 500 million bid must carry 15 million.
    expect(Number(evaluation.body.bids.find((r: { bin: string }) => r.bin === a.bin).checks.bidSecurity.requiredAmount)).toBe(15_000_000);

    // Act
    const disqualified = await signedAward(akimat, id, b.bin);
    const second = await signedAward(akimat, id, c.bin);
    const awarded = await signedAward(akimat, id, a.bin);

    // Assess
    for (const refused of [disqualified, second]) {
      expect(refused.status).toBe(409);
      expect(refused.body.message).toContain(a.bin);
      expect(refused.body.fields).toEqual([expect.objectContaining({ path: 'bin' })]);
    }
    expect(awarded.status).toBe(200);
    expect(awarded.body).toMatchObject({ status: 'active.awarded', award: { id: '1', bin: a.bin, price: '500000000', status: 'active' } });
    expect(awarded.body.award.complaintPeriod.endDate > awarded.body.award.complaintPeriod.startDate).toBe(true);
    const protocol = (await api(`/competitions/${id}/documents`)).body.items.find((d: { documentType: string }) => d.documentType === 'evaluationReports');
    expect(protocol).toBeDefined();
    const download = await fetch(`${(await import('../support/local.js')).local().api}/competitions/${id}/documents/${protocol.id}/content`);
    const bytes = new Uint8Array(await download.arrayBuffer());
    expect(Buffer.from(bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    const pdf = await PDFDocument.load(bytes);
    expect(pdf.getTitle()).toContain('Протокол итогов / Қорытындылар хаттамасы');
    expect(pdf.getKeywords()).toEqual(expect.stringContaining(a.bin));
    for (const bidder of [b, c]) expect(pdf.getKeywords()).toContain(bidder.bin);
    expect(pdf.getPageCount()).toBeGreaterThanOrEqual(1);
    // Open data: the award's release carries its standstill and validates against the official schema.
    const award = await eventually(async () => {
      const releases = await api(`/ocds/releases/ocds-konkurs-${id}`);
      const found = releases.status === 200 ? releases.body.releases.find((r: { tag: string[] }) => r.tag.includes('award')) : undefined;
      if (found) expect(ocdsErrors('releasePackage', releases.body)).toEqual([]);
      return found;
    }, 20_000, 'the award release');
    expect(award.awards[0]).toMatchObject({ id: `${id}-award-1`, status: 'active', complaintPeriod: awarded.body.award.complaintPeriod });
  });

  it('ends unsuccessful when every bid is disqualified', async () => {
    const { id, akimat, bidders } = await openedWithBids(['500000000']);

    const decided = await qualify(akimat, id, bidders[0]!.bin, 'disqualified', [{ code: 'qualificationNotMet', text: 'Нет опыта' }]);

    expect(decided.status).toBe(200);
    expect((await api(`/competitions/${id}`)).body.status).toBe('unsuccessful');
  });
});

describe('standstill and complaints', () => {
  let ministry: string;
  beforeAll(async () => {
    ministry = await tokenFor({ role: 'ministry' });
  });

  /** Two qualified bids (A cheaper), A awarded. */
  const awarded = async () => {
    const staged = await openedWithBids(['300000000', '350000000']);
    const [a, b] = staged.bidders as [Bidder, Bidder];
    await qualify(staged.akimat, staged.id, a.bin, 'qualified');
    await qualify(staged.akimat, staged.id, b.bin, 'qualified');
    const award = await signedAward(staged.akimat, staged.id, a.bin);
    expect(award.status).toBe(200);
    return { ...staged, a, b, award: award.body.award };
  };

  const evaluationOf = async (id: string, token: string) => (await api(`/competitions/${id}/evaluation`, { token })).body;

  it('takes a losing bidder’s complaint in the standstill, blocks the contract, and a satisfied one reopens evaluation', async () => {
    const { id, akimat, a, b, award } = await awarded();

    const filed = await api(`/competitions/${id}/complaints`, { token: b.token, body: complaintBody });
    expect(filed.status).toBe(201);
    expect(filed.body).toMatchObject({ status: 'pending', subject: 'award', author: { bin: b.bin } });
    const listed = await api(`/competitions/${id}/complaints`);
    expect(listed.body.items).toEqual([expect.objectContaining({ id: filed.body.id, author: expect.objectContaining({ bin: b.bin }) })]);
    expect(JSON.stringify(listed.body)).not.toContain('@');
    expect((await api('/complaints', { token: ministry })).body.items).toEqual(expect.arrayContaining([expect.objectContaining({ id: filed.body.id })]));

    // A pending complaint blocks the contract even after the period ends.
    await passTime(award.complaintPeriod.endDate);
    expect((await evaluationOf(id, akimat)).contractPossible).toBe(false);

    const decided = await api(`/competitions/${id}/complaints/${filed.body.id}/decision`, { token: ministry, body: { resolution: 'satisfied', text: 'Победитель не имеет лицензии' } });
    expect(decided.status).toBe(200);
    const reopened = await api(`/competitions/${id}`);
    expect(reopened.body).toMatchObject({ status: 'active.evaluation', cancelledAwards: [expect.objectContaining({ id: '1', bin: a.bin, status: 'cancelled' })] });
    expect(reopened.body.award).toBeUndefined();

    await qualify(akimat, id, a.bin, 'disqualified', [{ code: 'qualificationNotMet', text: 'Нет лицензии' }]);
    const again = await signedAward(akimat, id, b.bin);
    expect(again.status).toBe(200);
    expect(again.body.award).toMatchObject({ id: '2', bin: b.bin });
    expect(again.body.award.complaintPeriod.startDate >= (await clockNow()).toISOString().slice(0, 10)).toBe(true);
    expect(again.body.award.complaintPeriod.endDate > award.complaintPeriod.endDate).toBe(true);
  });

  it('refuses a complaint after the standstill (409); declined → the contract becomes possible when the period ends', async () => {
    const { id, akimat, b, award } = await awarded();
    const filed = await api(`/competitions/${id}/complaints`, { token: b.token, body: complaintBody });
    expect(filed.status).toBe(201);

    const declined = await api(`/competitions/${id}/complaints/${filed.body.id}/decision`, { token: ministry, body: { resolution: 'declined', text: 'Требования соблюдены' } });
    expect(declined.status).toBe(200);
    expect((await evaluationOf(id, akimat)).contractPossible).toBe(false);
    await passTime(award.complaintPeriod.endDate);

    expect((await evaluationOf(id, akimat)).contractPossible).toBe(true);
    const late = await api(`/competitions/${id}/complaints`, { token: b.token, body: complaintBody });
    expect(late.status).toBe(409);
    expect(late.body.message).toContain(award.complaintPeriod.endDate);
  });
});

describe('the register of unscrupulous participants', () => {
  it('refuses a bid from a listed BIN naming the entry; ending the entry lets it bid again', async () => {
    const ministry = await tokenFor({ role: 'ministry' });
    const project = await seedProject({ kato: KATO, sector: 'gas' });
    const akimat = await tokenFor({ role: 'akimat', kato: KATO });
    const draft = await api('/competitions', { token: akimat, body: { projectId: project.id, title: { ru: 'Газопровод' }, estimatedValue: '700000000' } });
    const published = await api(`/competitions/${draft.body.id}/publish`, { token: akimat, method: 'POST' });
    await passTime(published.body.tenderPeriod.startDate);
    const bidder = await verifiedContractor();
    const now = await clockNow();
    const entry = await api('/registry/unscrupulous', {
      token: ministry,
      body: { bin: bidder.bin, reason: 'Неисполнение договора', basis: 'Решение суда № 2-1234/2026', from: new Date(now.getTime() - 60_000).toISOString(), until: new Date(now.getTime() + 365 * 86_400_000).toISOString() },
    });
    expect(entry.status).toBe(201);
    expect((await api(`/registry/unscrupulous?bin=${bidder.bin}`)).body.items).toEqual([expect.objectContaining({ id: entry.body.id, active: true })]);

    const refused = await api(`/competitions/${draft.body.id}/bids/me`, { token: bidder.token, method: 'PUT', body: await signedBid(bidder.token, draft.body.id, '650000000') });
    const ended = await api(`/registry/unscrupulous/${entry.body.id}/end`, { token: ministry, method: 'POST' });
    const accepted = await api(`/competitions/${draft.body.id}/bids/me`, { token: bidder.token, method: 'PUT', body: await signedBid(bidder.token, draft.body.id, '650000000') });

    expect(refused.status).toBe(403);
    expect(refused.body.message).toContain(entry.body.id);
    expect(ended.status).toBe(200);
    expect(ended.body).toMatchObject({ active: false, endedAt: expect.any(String) });
    expect(accepted.status).toBe(200);
  });
});
