/**
 * Deadline checkers on the local runtime: the schedule's sweep closes a competition within one sweep after its
 * deadline (the development clock moves there), opens the bids, mails the akimat and the bidders once however often
 * the sweep runs; the "last chance" reminder goes once to subscribers who have not bid.
 */
import { describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { advanceClock, api, clockNow, eventually, mailTo, seedProject, tokenFor, uniqueEmail, verifiedContractor } from '../support/local.js';
import { signedBid } from '../support/signing.js';

const moveTo = async (iso: string, extraMs = 1000): Promise<void> => {
  const seconds = (new Date(iso).getTime() - (await clockNow()).getTime() + extraMs) / 1000;
  if (seconds > 0) await advanceClock(seconds);
};

describe('deadline checker', () => {
  it('reminds non-bidders once, closes at the deadline within one sweep, opens the bids and mails once', async () => {
    // Prepare
    const kato = '270000000';
    const akimatEmail = uniqueEmail('akimat');
    const project = await seedProject({
      kato,
      sector: 'sewerage',
      akimat: { name: { ru: 'Акимат ЗКО', kk: 'БҚО әкімдігі', en: 'WKO Akimat' }, email: akimatEmail },
    });
    const akimat = await tokenFor({ role: 'akimat', kato });
    const sub = [{ kato, sector: 'sewerage' }];
    const bidder = await verifiedContractor({ subscriptions: sub });
    const idle = await verifiedContractor({ subscriptions: sub });
    const draft = await api('/competitions', { token: akimat, body: { projectId: project.id, title: { ru: 'КОС Уральск' }, estimatedValue: '2000000000' } });
    const published = await api(`/competitions/${draft.body.id}/publish`, { token: akimat, method: 'POST' });
    const { tenderPeriod } = published.body;
    await moveTo(tenderPeriod.startDate);
    expect((await api(`/competitions/${draft.body.id}/bids/me`, { token: bidder.token, method: 'PUT', body: await signedBid(bidder.token, draft.body.id, '1900000000') })).status).toBe(200);

    // Act 1: 23 hours before the deadline the reminder is due.
    await moveTo(new Date(new Date(tenderPeriod.endDate).getTime() - 23 * 3600_000).toISOString(), 0);
    const reminder = await eventually(async () => (await mailTo(idle.email)).find((m) => m.subject.includes('Последний день')), 20_000, 'the reminder');

    // Act 2: past the deadline; the schedule fires on the moved clock.
    await moveTo(tenderPeriod.endDate);
    const opened = await eventually(async () => {
      const c = await api(`/competitions/${draft.body.id}`);
      return c.body.bidsOpened ? c.body : undefined;
    }, 20_000, 'the sweep to open the bids');
    // More sweeps, late ones included.
    await advanceClock(120);
    await sleep(2500);
    await advanceClock(3600);
    await sleep(2500);

    // Assess
    expect(reminder.subject).toContain('КОС Уральск');
    expect((await mailTo(bidder.email)).filter((m) => m.subject.includes('Последний день'))).toEqual([]);
    expect((await mailTo(idle.email)).filter((m) => m.subject.includes('Последний день'))).toHaveLength(1);
    expect(opened.status).toBe('active.evaluation');
    const summaries = (await mailTo(akimatEmail)).filter((m) => m.subject.includes('Заявки вскрыты'));
    expect(summaries).toHaveLength(1);
    expect(summaries[0]!.body.text).toContain(bidder.bin);
    expect((await mailTo(bidder.email)).filter((m) => m.subject.includes('Заявки вскрыты'))).toHaveLength(1);
    const events = await api(`/competitions/${draft.body.id}/events`, { token: akimat });
    const types = events.body.items.map((e: { type: string }) => e.type);
    expect(types.filter((t: string) => t === 'competition.bids-opened')).toHaveLength(1);
    expect(types.filter((t: string) => t === 'competition.reminder')).toHaveLength(1);
  });

  it('marks a competition without bids unsuccessful at the deadline, with no akimat action', async () => {
    const kato = '310000000';
    const project = await seedProject({ kato, sector: 'heat' });
    const akimat = await tokenFor({ role: 'akimat', kato });
    const draft = await api('/competitions', { token: akimat, body: { projectId: project.id, title: { ru: 'Котельная без заявок' }, estimatedValue: '10000000' } });
    const published = await api(`/competitions/${draft.body.id}/publish`, { token: akimat, method: 'POST' });

    await moveTo(published.body.tenderPeriod.endDate);

    const done = await eventually(async () => {
      const c = await api(`/competitions/${draft.body.id}`);
      return c.body.status === 'unsuccessful' ? c.body : undefined;
    }, 20_000, 'the competition to end unsuccessful');
    expect(done.bidsOpened).toBe(true);
    expect((await api(`/projects/${project.id}`)).body.stage).toBe('selection');
  });
});
