/**
 * Notification fan-out on the local runtime: who gets which email, once, in which language, with a working
 * unsubscribe; and the faults: a dispatcher dying after its work, duplicate deliveries, SES throttling, a poison
 * message.
 */
import { GetQueueUrlCommand, ReceiveMessageCommand, SendMessageBatchCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  api,
  eventually,
  local,
  mailTo,
  seedProject,
  tokenFor,
  uniqueBin,
  uniqueEmail,
  verifiedContractor,
  waitForMail,
} from '../support/local.js';

const sqs = new SQSClient({ endpoint: local().sqs, useQueueUrlAsEndpoint: false });
afterAll(() => sqs.destroy());
const queueUrl = async (name: string) => (await sqs.send(new GetQueueUrlCommand({ QueueName: `konkurs-${name}` }))).QueueUrl!;

const faults = (body: Record<string, unknown>) => api('/dev/faults', { body });

const publishIn = async (kato: string, sector: string, title: Record<string, string> = { ru: 'Модернизация сетей' }) => {
  const project = await seedProject({ kato, sector: sector as never });
  const akimat = await tokenFor({ role: 'akimat', kato });
  const draft = await api('/competitions', { token: akimat, body: { projectId: project.id, title, estimatedValue: '750000000' } });
  expect(draft.status).toBe(201);
  const published = await api(`/competitions/${draft.body.id}/publish`, { token: akimat, method: 'POST' });
  expect(published.status).toBe(200);
  return { id: draft.body.id as string, akimat, competition: published.body };
};

/** Emails of a given subject-kind to an address, after giving duplicates time to show up. */
const settledMail = async (address: string, match: (subject: string) => boolean, expected: number) => {
  await eventually(async () => ((await mailTo(address)).filter((m) => match(m.subject)).length >= expected ? true : undefined), 20_000, `${expected} email(s) to ${address}`);
  await sleep(1500);
  return (await mailTo(address)).filter((m) => match(m.subject));
};

describe('publication fan-out', () => {
  it('reaches exactly the verified subscribers of its region × sector, once each, in their language', async () => {
    // Prepare: three languages subscribed to Abai × gas; one to another sector; one unverified; one unsubscribed.
    const sub = [{ kato: '100000000', sector: 'gas' }];
    const ru = await verifiedContractor({ subscriptions: sub, language: 'ru' });
    const kk = await verifiedContractor({ subscriptions: sub, language: 'kk' });
    const en = await verifiedContractor({ subscriptions: sub, language: 'en' });
    const otherSector = await verifiedContractor({ subscriptions: [{ kato: '100000000', sector: 'heat' }] });
    const unverifiedBin = uniqueBin();
    const unverifiedEmail = uniqueEmail('unverified');
    await api('/contractors', {
      token: await tokenFor({ role: 'contractor', bin: unverifiedBin }),
      body: { bin: unverifiedBin, name: 'ТОО Непроверенный', email: unverifiedEmail, language: 'ru', subscriptions: sub },
    });
    const leaving = await verifiedContractor({ subscriptions: sub });
    // The leaving contractor unsubscribes with the link of an earlier notification.
    const first = await publishIn('100000000', 'gas', { ru: 'Первый газопровод', kk: 'Бірінші газ құбыры', en: 'First gas pipeline' });
    const [notice] = await settledMail(leaving.email, (s) => s.includes('Первый газопровод'), 1);
    const unsubscribeHeader = notice!.headers?.find((h) => h.name === 'List-Unsubscribe')?.value ?? '';
    expect(notice!.headers?.find((h) => h.name === 'List-Unsubscribe-Post')?.value).toBe('List-Unsubscribe=One-Click');
    const unsubscribeUrl = /<(.+)>/.exec(unsubscribeHeader)![1]!;
    const oneClick = await fetch(unsubscribeUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(oneClick.status).toBe(200);
    expect((await api('/contractors/me', { token: leaving.token })).body.subscriptions).toEqual([]);
    expect(first.id).toBeTruthy();

    // Act
    await publishIn('100000000', 'gas', { ru: 'Второй газопровод', kk: 'Екінші газ құбыры', en: 'Second gas pipeline' });

    // Assess
    const isSecond = (s: string) => /Второй|Екінші|Second/.test(s);
    expect((await settledMail(ru.email, isSecond, 1)).map((m) => m.subject)).toEqual(['Новый конкурс: Второй газопровод']);
    expect((await settledMail(kk.email, isSecond, 1)).map((m) => m.subject)).toEqual(['Жаңа конкурс: Екінші газ құбыры']);
    expect((await settledMail(en.email, isSecond, 1)).map((m) => m.subject)).toEqual(['New competition: Second gas pipeline']);
    expect((await mailTo(otherSector.email)).filter((m) => isSecond(m.subject))).toEqual([]);
    expect((await mailTo(unverifiedEmail)).filter((m) => isSecond(m.subject))).toEqual([]);
    expect((await mailTo(leaving.email)).filter((m) => isSecond(m.subject))).toEqual([]);
  });

  it('never lets titles or names carrying HTML or header injection reach an email raw', async () => {
    const sub = [{ kato: '150000000', sector: 'water' }];
    const reader = await verifiedContractor({ subscriptions: sub });
    const evil = '<script>alert(1)</script>\r\nBcc: victim@example.kz\r\nX-Injected: yes';

    await publishIn('150000000', 'water', { ru: evil });

    const [mail] = await settledMail(reader.email, (s) => s.includes('alert(1)'), 1);
    expect(mail!.subject).not.toMatch(/[\r\n]/);
    expect(mail!.destination.bcc).toEqual([]);
    expect(mail!.destination.to).toEqual([reader.email]);
    expect(mail!.headers?.some((h) => /bcc|x-injected/i.test(h.name))).toBe(false);
    expect(mail!.body.html).not.toContain('<script>');
    expect(mail!.body.html).toContain('&lt;script&gt;');
  });
});

describe('faults', () => {
  it('sends every email once when the dispatcher dies after doing its work', async () => {
    const sub = [{ kato: '230000000', sector: 'electricity' }];
    const a = await verifiedContractor({ subscriptions: sub });
    const b = await verifiedContractor({ subscriptions: sub });
    await faults({ crashAfterInvoke: { dispatch: 2 } });

    await publishIn('230000000', 'electricity', { ru: 'Подстанция после сбоя' });

    for (const who of [a, b]) expect(await settledMail(who.email, (s) => s.includes('Подстанция после сбоя'), 1)).toHaveLength(1);
    expect((await api('/dev/faults')).body.counters.crashes).toBeGreaterThanOrEqual(1);
  });

  it('sends one email when the same mail job is delivered twice, in parallel', async () => {
    const to = uniqueEmail('twice');
    const job = { eventId: `dup-${Date.now()}`, template: 'competition-unsuccessful', to, language: 'ru', vars: { title: 'Дубликат', competitionId: 'X' } };
    const url = await queueUrl('mail');

    await Promise.all([0, 1].map(() => sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: JSON.stringify(job) }))));

    expect(await settledMail(to, (s) => s.includes('Дубликат'), 1)).toHaveLength(1);
  });

  it('sends all and none twice when 20 % of SES calls are throttled', async () => {
    const url = await queueUrl('mail');
    const recipients = Array.from({ length: 30 }, (_, i) => uniqueEmail(`throttle${i}`));
    await faults({ sesThrottleRate: 0.2 });
    try {
      const eventId = `throttle-${Date.now()}`;
      for (let i = 0; i < recipients.length; i += 10) {
        await sqs.send(
          new SendMessageBatchCommand({
            QueueUrl: url,
            Entries: recipients.slice(i, i + 10).map((to, n) => ({
              Id: String(n),
              MessageBody: JSON.stringify({ eventId, template: 'competition-unsuccessful', to, language: 'en', vars: { title: 'Throttled', competitionId: 'X' } }),
            })),
          }),
        );
      }
      for (const to of recipients) await waitForMail(to, 1, 45_000);
      await sleep(1500);
      for (const to of recipients) expect(await mailTo(to)).toHaveLength(1);
      expect((await api('/dev/faults')).body.counters.sesThrottled).toBeGreaterThan(0);
    } finally {
      await faults({ sesThrottleRate: 0 });
    }
  });

  it('moves a poison message to the DLQ after maxReceiveCount without holding up the rest of its batch', async () => {
    const url = await queueUrl('mail');
    const dlq = await queueUrl('mail-dlq');
    const good = [uniqueEmail('beside-poison'), uniqueEmail('beside-poison')];
    const poisonId = `poison-${Date.now()}`;

    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: url,
        Entries: [
          { Id: '0', MessageBody: JSON.stringify({ eventId: 'p1', template: 'competition-unsuccessful', to: good[0], language: 'ru', vars: { title: 'Рядом с ядом' } }) },
          { Id: '1', MessageBody: JSON.stringify({ poison: poisonId }) },
          { Id: '2', MessageBody: JSON.stringify({ eventId: 'p1', template: 'competition-unsuccessful', to: good[1], language: 'ru', vars: { title: 'Рядом с ядом' } }) },
        ],
      }),
    );

    for (const to of good) expect(await settledMail(to, (s) => s.includes('Рядом с ядом'), 1)).toHaveLength(1);
    const dead = await eventually(async () => {
      const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl: dlq, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
      return received.Messages?.find((m) => m.Body?.includes(poisonId));
    }, 50_000, 'the poison message in the mail DLQ');
    expect(dead.Body).toContain(poisonId);
  });
});
