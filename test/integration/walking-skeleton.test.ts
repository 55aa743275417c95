/**
 * The walking skeleton: one API write travels table → stream → dispatch → SQS → mailer → SES and arrives in the
 * local mailbox, and its link completes the journey.
 */
import { describe, expect, it } from 'vitest';
import { api, tokenFor, uniqueBin, uniqueEmail, waitForMail } from '../support/local.js';

describe('walking skeleton: registration email through the outbox', () => {
  it('answers /health with the table reachable', async () => {
    const response = await api('/health');
    expect(response.status).toBe(200);
    expect(response.body.status).toBe('ok');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('delivers the verification email through stream, queue and mailer, and its token verifies the account', async () => {
    // Prepare
    const bin = uniqueBin();
    const email = uniqueEmail('skeleton');
    const token = await tokenFor({ role: 'contractor', bin });

    // Act
    const registered = await api('/contractors', {
      token,
      body: { bin, name: 'ТОО «Жылу Құрылыс»', email, language: 'kk', subscriptions: [{ kato: '350000000', sector: 'heat' }] },
    });
    const [mail] = await waitForMail(email);

    // Assess
    expect(registered.status).toBe(201);
    expect(registered.body).toMatchObject({ bin, status: 'pending' });
    expect(mail!.subject).toContain('растаңыз');
    const link = /(http:\/\/\S+token=([\w-]+))/.exec(mail!.body.text!)!;
    expect(mail!.body.html).toContain(link[1]!.replace(/&/g, '&amp;'));
    const verified = await api('/contractors/verify', { body: { token: link[2] } });
    expect(verified.status).toBe(200);
    expect(verified.body.status).toBe('verified');
    expect((await api('/contractors/me', { token })).body).toMatchObject({ bin, status: 'verified' });
    // The token is single-use.
    const again = await api('/contractors/verify', { body: { token: link[2] } });
    expect(again.status).toBe(422);
    expect(again.body.fields[0].path).toBe('token');
  });

  it('registers a BIN once', async () => {
    const bin = uniqueBin();
    const token = await tokenFor({ role: 'contractor', bin });
    const body = { bin, name: 'ТОО Первый', email: uniqueEmail(), language: 'ru' };
    expect((await api('/contractors', { token, body })).status).toBe(201);
    const second = await api('/contractors', { token, body: { ...body, name: 'ТОО Второй' } });
    expect(second.status).toBe(409);
    expect(second.body.message).toContain('already registered');
  });
});
