/**
 * The whole journey of a competition on the local runtime: draft → publish → a contractor registers and verifies →
 * asks and gets an answer → bids, replaces, withdraws, bids again → the development clock passes the deadline →
 * bids opened → award; the project's stage follows.
 */
import { describe, expect, it } from 'vitest';
import { qualifyAndAward } from '../support/evaluation.js';
import { advanceClock, api, clockNow, seedProject, tokenFor, uniqueBin, verifiedContractor } from '../support/local.js';
import { signedBid } from '../support/signing.js';

/** Moves the development clock to just past `iso`. */
const passTime = async (iso: string): Promise<void> => {
  const seconds = Math.ceil((new Date(iso).getTime() - (await clockNow()).getTime()) / 1000) + 1;
  if (seconds > 0) await advanceClock(seconds);
};

describe('competition journey', () => {
  it('runs from draft to award with sealed bids and the project stages following', async () => {
    // Prepare
    const project = await seedProject({ kato: '350000000', sector: 'heat' });
    // The akimat's organisation BIN: its award is signed with a certificate of it.
    const akimat = await tokenFor({ role: 'akimat', kato: '350000000', bin: uniqueBin() });
    const ministry = await tokenFor({ role: 'ministry' });

    // Draft
    const draft = await api('/competitions', {
      token: akimat,
      body: { projectId: project.id, title: { ru: 'Реконструкция котельной', kk: 'Қазандықты қайта құру' }, estimatedValue: '1250000000.50' },
    });
    expect(draft.status).toBe(201);
    expect(draft.body).toMatchObject({ status: 'draft', projectId: project.id, kato: '350000000', sector: 'heat', estimatedValue: '1250000000.50' });
    const id = draft.body.id as string;
    expect((await api(`/competitions/${id}`)).status).toBe(404); // drafts are not public

    // Publish
    const published = await api(`/competitions/${id}/publish`, { token: akimat, method: 'POST', headers: { 'idempotency-key': `pub-${id}` } });
    expect(published.status).toBe(200);
    expect(published.body.status).toBe('active.clarification');
    expect(published.body.enquiryPeriod.endDate <= published.body.tenderPeriod.startDate).toBe(true);
    expect((await api(`/projects/${project.id}`)).body.stage).toBe('contractor-determination');
    expect((await api(`/competitions/${id}`)).body.status).toBe('active.clarification');

    // A contractor registers, verifies, asks; the akimat answers.
    const contractor = await verifiedContractor({ subscriptions: [{ kato: '350000000', sector: 'heat' }] });
    const asked = await api(`/competitions/${id}/questions`, { token: contractor.token, body: { text: 'Какой срок гарантии?' } });
    expect(asked.status).toBe(201);
    const answered = await api(`/competitions/${id}/questions/${asked.body.id}/answer`, { token: akimat, body: { text: 'Пять лет.' } });
    expect(answered.status).toBe(200);
    const questions = await api(`/competitions/${id}/questions`);
    expect(questions.body.items).toEqual([expect.objectContaining({ text: 'Какой срок гарантии?', answer: expect.objectContaining({ text: 'Пять лет.' }) })]);
    expect(JSON.stringify(questions.body)).not.toContain(contractor.bin);

    // Bids are accepted only in the tender period.
    const early = await api(`/competitions/${id}/bids/me`, { token: contractor.token, method: 'PUT', body: await signedBid(contractor.token, id, '1200000000') });
    expect(early.status).toBe(409);
    await passTime(published.body.tenderPeriod.startDate);
    expect((await api(`/competitions/${id}`)).body.status).toBe('active.tendering');

    const first = await api(`/competitions/${id}/bids/me`, { token: contractor.token, method: 'PUT', body: await signedBid(contractor.token, id, '1200000000') });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ competitionId: id, bin: contractor.bin, price: '1200000000', deadline: published.body.tenderPeriod.endDate });
    expect(first.body.digest).toMatch(/^[0-9a-f]{64}$/);
    const replaced = await api(`/competitions/${id}/bids/me`, { token: contractor.token, method: 'PUT', body: await signedBid(contractor.token, id, '1150000000') });
    expect(replaced.status).toBe(200);
    expect((await api(`/competitions/${id}/bids/me`, { token: contractor.token })).body.price).toBe('1150000000');
    expect((await api(`/competitions/${id}/bids/me`, { token: contractor.token, method: 'DELETE' })).status).toBe(204);
    expect((await api(`/competitions/${id}/bids/me`, { token: contractor.token })).status).toBe(404);
    expect((await api(`/competitions/${id}/bids/me`, { token: contractor.token, method: 'PUT', body: await signedBid(contractor.token, id, '1100000000') })).status).toBe(200);

    // Sealed until opening: not the akimat, not a ministry, not the audit log.
    expect((await api(`/competitions/${id}/bids`, { token: akimat })).status).toBe(409);
    const audit = await api(`/competitions/${id}/events`, { token: ministry });
    expect(audit.status).toBe(200);
    expect(JSON.stringify(audit.body)).not.toContain('1100000000');
    expect(audit.body.items.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining(['competition.created', 'competition.published', 'question.asked', 'question.answered']),
    );

    // Opening before the deadline is refused; after it, the akimat opens and awards.
    const tooEarly = await api(`/competitions/${id}/open-bids`, { token: akimat, method: 'POST' });
    expect(tooEarly.status).toBe(409);
    expect(tooEarly.body.message).toContain(published.body.tenderPeriod.endDate);
    await passTime(published.body.tenderPeriod.endDate);
    const opened = await api(`/competitions/${id}/open-bids`, { token: akimat, method: 'POST' });
    // The deadline checker may have opened them first; either way the bids are open now.
    expect([200, 409]).toContain(opened.status);
    const bids = await api(`/competitions/${id}/bids`, { token: akimat });
    expect(bids.status).toBe(200);
    expect(bids.body.items).toEqual([expect.objectContaining({ bin: contractor.bin, price: '1100000000', valid: true })]);
    expect((await api(`/competitions/${id}`)).body.status).toBe('active.evaluation');

    const awarded = await qualifyAndAward(akimat, id, contractor.bin);
    expect(awarded.status).toBe(200);
    expect(awarded.body).toMatchObject({ status: 'active.awarded', award: { bin: contractor.bin, price: '1100000000' } });
    // Issue 14: the project moves to implementation when the contract is signed, not at the award.
    expect((await api(`/projects/${project.id}`)).body.stage).toBe('contractor-determination');
    const afterAudit = await api(`/competitions/${id}/events`, { token: akimat });
    expect(afterAudit.body.items.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining(['bid.submitted', 'bid.withdrawn', 'competition.bids-opened', 'competition.awarded']),
    );
  });
});
