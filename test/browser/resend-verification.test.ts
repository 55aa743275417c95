/**
 * A contractor whose verification email got lost asks for a new one from its profile page (issue 10): the button
 * shows while the account is unverified, the rate limit is explained, and the new link verifies the account.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { advanceClock, api, tokenFor, uniqueBin, uniqueEmail, waitForMail } from '../support/local.js';
import { checkPage, DESKTOP, launchBrowser, openPortal, signIn } from './harness.js';

describe('resending the verification email from the contractor profile', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('offers a new link while unverified, explains the rate limit, and the new link verifies', async () => {
    // Prepare: registered through the API; the first email is "lost".
    const bin = uniqueBin();
    const email = uniqueEmail('resend-browser');
    const token = await tokenFor({ role: 'contractor', bin });
    expect((await api('/contractors', { token, body: { bin, name: 'ТОО «Потерянное письмо»', email, language: 'ru' } })).status).toBe(201);
    await waitForMail(email, 1);
    const { context, page } = await openPortal(browser, DESKTOP);
    await signIn(page, { role: 'contractor', bin });
    await page.goto('/contractor');
    await expect.poll(() => page.locator('[data-testid=contractor-status]').getAttribute('data-status')).toBe('pending');

    // Act & Assess: within the first minute the limit answers, and the page says so.
    const button = page.locator('[data-testid=resend-verification]');
    await button.click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Слишком много попыток');

    // After the minute: a new email with a new link.
    await advanceClock(61);
    await button.click();
    await expect.poll(() => page.getByText('Новое письмо для подтверждения отправлено').count()).toBe(1);
    await checkPage(page, 'contractor-verification-resent');
    const mails = await waitForMail(email, 2);
    const links = mails.map((m) => /token=([\w-]+)/.exec(m.body.text ?? '')![1]!);
    expect(new Set(links).size).toBe(2);
    // The earlier link was retired: exactly one of the two verifies.
    const statuses: number[] = [];
    for (const link of links) statuses.push((await api('/contractors/verify', { body: { token: link } })).status);
    expect(statuses.sort()).toEqual([200, 422]);

    // Verified: the button is gone.
    await page.reload();
    await expect.poll(() => page.locator('[data-testid=contractor-status]').getAttribute('data-status')).toBe('verified');
    expect(await button.count()).toBe(0);
    await context.close();
  });
});
