/**
 * The rules storage enforces under time and concurrency, on DynamoDB itself: the deadline without a checker, one
 * current bid under concurrent writes, one publication under concurrent idempotent publishes; and the lists' indexes.
 * The lifecycle's other rules (amendments, cancellation, opening, award) are tested on the in-memory ports, in
 * `test/unit/competition-rules.test.ts`.
 */
import { describe, expect, it } from 'vitest';
import { advanceClock, api, clockNow, seedProject, tokenFor, verifiedContractor } from '../support/local.js';
import { signedBid } from '../support/signing.js';

const passTime = async (iso: string, extraMs = 1000): Promise<void> => {
  const seconds = (new Date(iso).getTime() - (await clockNow()).getTime() + extraMs) / 1000;
  if (seconds > 0) await advanceClock(seconds);
};

/** A competition published in a fresh project of `kato`, with the clock moved into its tender period. */
const tenderingCompetition = async (kato = '550000000') => {
  const project = await seedProject({ kato, sector: 'water' });
  const akimat = await tokenFor({ role: 'akimat', kato });
  const draft = await api('/competitions', { token: akimat, body: { projectId: project.id, title: { ru: 'Водопровод' }, estimatedValue: '500000000' } });
  const published = await api(`/competitions/${draft.body.id}/publish`, { token: akimat, method: 'POST' });
  await passTime(published.body.tenderPeriod.startDate);
  return { id: draft.body.id as string, akimat, project, competition: published.body };
};

describe('deadline enforced by storage', () => {
  it('refuses a bid a moment after the deadline with 409 naming the deadline, with no checker having run', async () => {
    const { id, competition } = await tenderingCompetition();
    const contractor = await verifiedContractor();
    await passTime(competition.tenderPeriod.endDate, 50);

    const late = await api(`/competitions/${id}/bids/me`, { token: contractor.token, method: 'PUT', body: await signedBid(contractor.token, id, '490000000') });

    expect(late.status).toBe(409);
    expect(late.body.message).toContain(competition.tenderPeriod.endDate);
    expect((await api(`/competitions/${id}/bids/me`, { token: contractor.token })).status).toBe(404);
  });

  it('refuses questions after the enquiry period and bids from unverified contractors', async () => {
    const { id } = await tenderingCompetition();
    const contractor = await verifiedContractor();
    const late = await api(`/competitions/${id}/questions`, { token: contractor.token, body: { text: 'Поздний вопрос' } });
    expect(late.status).toBe(409);

    const { uniqueBin, uniqueEmail } = await import('../support/local.js');
    const bin = uniqueBin();
    const token = await tokenFor({ role: 'contractor', bin });
    await api('/contractors', { token, body: { bin, name: 'ТОО Непроверенный', email: uniqueEmail(), language: 'ru' } });
    const unverified = await api(`/competitions/${id}/bids/me`, { token, method: 'PUT', body: await signedBid(token, id, '1') });
    expect(unverified.status).toBe(403);
  });
});

describe('concurrency', () => {
  it('leaves exactly one current bid after 20 concurrent writes by one contractor', async () => {
    const { id, akimat, competition } = await tenderingCompetition();
    const contractor = await verifiedContractor();
    const prices = Array.from({ length: 20 }, (_, i) => String(400_000_000 + i));

    const results = await Promise.all(
      prices.map(async (price) => api(`/competitions/${id}/bids/me`, { token: contractor.token, method: 'PUT', body: await signedBid(contractor.token, id, price) })),
    );

    expect(results.map((r) => r.status)).toEqual(prices.map(() => 200));
    const mine = await api(`/competitions/${id}/bids/me`, { token: contractor.token });
    expect(prices).toContain(mine.body.price);
    await passTime(competition.tenderPeriod.endDate);
    await api(`/competitions/${id}/open-bids`, { token: akimat, method: 'POST' });
    const opened = await api(`/competitions/${id}/bids`, { token: akimat });
    expect(opened.body.items).toHaveLength(1);
    expect(opened.body.items[0]).toMatchObject({ bin: contractor.bin, price: mine.body.price });
  });

  it('publishes once when the same Idempotency-Key is sent concurrently, and answers every repeat alike', async () => {
    const project = await seedProject({ kato: '190000000', sector: 'gas' });
    const akimat = await tokenFor({ role: 'akimat', kato: '190000000' });
    const draft = await api('/competitions', { token: akimat, body: { projectId: project.id, title: { ru: 'Газопровод' }, estimatedValue: '300000000' } });
    const key = `publish-${draft.body.id}`;

    const results = await Promise.all(
      Array.from({ length: 10 }, () => api(`/competitions/${draft.body.id}/publish`, { token: akimat, method: 'POST', headers: { 'idempotency-key': key } })),
    );

    expect(results.map((r) => r.status)).toEqual(results.map(() => 200));
    expect(new Set(results.map((r) => r.body.publishedAt)).size).toBe(1);
    const events = await api(`/competitions/${draft.body.id}/events`, { token: akimat });
    expect(events.body.items.filter((e: { type: string }) => e.type === 'competition.published')).toHaveLength(1);
    // Without the key a repeat is a conflict, not a second publication.
    expect((await api(`/competitions/${draft.body.id}/publish`, { token: akimat, method: 'POST' })).status).toBe(409);
    // The same key for another competition is refused.
    const other = await api('/competitions', { token: akimat, body: { projectId: (await seedProject({ kato: '190000000' })).id, title: { ru: 'Другой' }, estimatedValue: '1' } });
    const reused = await api(`/competitions/${other.body.id}/publish`, { token: akimat, method: 'POST', headers: { 'idempotency-key': key } });
    expect(reused.status).toBe(422);
  });
});

describe('lists', () => {
  it('lists public competitions by region, sector and status with an opaque cursor and never shows drafts', async () => {
    const kato = '620000000';
    const akimat = await tokenFor({ role: 'akimat', kato });
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      const project = await seedProject({ kato, sector: 'electricity' });
      const draft = await api('/competitions', { token: akimat, body: { projectId: project.id, title: { ru: `Сети ${i}` }, estimatedValue: '1000' } });
      if (i < 4) await api(`/competitions/${draft.body.id}/publish`, { token: akimat, method: 'POST' });
      ids.push(draft.body.id);
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await api(`/competitions?region=${kato}&sector=electricity&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((c: { id: string }) => c.id));
      cursor = page.body.cursor;
    } while (cursor);
    expect(seen.filter((x) => ids.includes(x)).sort()).toEqual(ids.slice(0, 4).sort());
    expect(new Set(seen).size).toBe(seen.length);
    const mine = await api('/my/competitions', { token: akimat });
    expect(mine.body.items.map((c: { id: string }) => c.id)).toContain(ids[4]);
    expect((await api('/competitions?status=draft')).status).toBe(422);
    expect((await api('/competitions?cursor=garbage')).status).toBe(422);
  });
});
