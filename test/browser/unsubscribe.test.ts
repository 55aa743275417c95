/**
 * The unsubscribe link of a notification email, opened in Chromium: the page (served by the API, no scripts) shows
 * a button; clicking it posts the form to the same URL and the contractor's subscriptions are gone. The page's
 * Content-Security-Policy stays strict (no scripts, no frames, forms only to itself).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, eventually, mailTo, verifiedContractor } from '../support/local.js';
import { competitionFor } from './fixtures.js';
import { PHONE, SCREENSHOT_DIR, launchBrowser, openPortal, seriousViolations } from './harness.js';

// West Kazakhstan × gas networks: no other browser test subscribes or publishes there.
const KATO = '270000000';
const SECTOR = 'gas';

describe('unsubscribe link in a browser', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('unsubscribes with the button of the page the email links to', async () => {
    // Prepare: a verified subscriber gets a publication notification with its unsubscribe link.
    const contractor = await verifiedContractor({ subscriptions: [{ kato: KATO, sector: SECTOR }] });
    await competitionFor({ kato: KATO, sector: SECTOR, label: 'UNS' });
    const notice = await eventually(
      async () => (await mailTo(contractor.email)).find((m) => m.subject.includes('UNS')),
      45_000,
      'the publication notification',
    );
    const link = /Отписаться: (\S+)/.exec(notice.body.text ?? '')?.[1];
    expect(link, 'unsubscribe link in the email').toMatch(/\/unsubscribe\?token=/);
    expect((await api('/contractors/me', { token: contractor.token })).body.subscriptions).toHaveLength(1);

    // Act: open the link and click the button, as a reader would.
    const { context, page } = await openPortal(browser, PHONE);
    const blocked: string[] = [];
    page.on('console', (message) => {
      if (/blocked|sandbox|content security policy/i.test(message.text())) blocked.push(message.text());
    });
    const opened = await page.goto(link!);
    expect(opened!.status()).toBe(200);
    const csp = opened!.headers()['content-security-policy'] ?? '';
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'unsubscribe-page.png'), fullPage: true });
    const [posted] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes('/unsubscribe'), { timeout: 10_000 }),
      page.getByRole('button', { name: /Unsubscribe/ }).click(),
    ]);

    // Assess: the POST went through, the page says so, and the subscriptions are gone.
    expect(posted.status()).toBe(200);
    await expect.poll(() => page.locator('h1').textContent()).toContain('Done');
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'unsubscribe-done.png'), fullPage: true });
    expect(blocked).toEqual([]);
    expect((await api('/contractors/me', { token: contractor.token })).body.subscriptions).toEqual([]);

    // The policy stays strict: no scripts, frames or plugins; forms post only to the page's own origin.
    expect(csp).toMatch(/default-src 'none'/);
    expect(csp).toContain(`form-action 'self' ${new URL(link!).origin};`);
    expect(csp).toMatch(/frame-ancestors 'none'/);
    expect(csp).not.toMatch(/script-src|unsafe-inline/);
    await context.close();

    // Accessible too (axe needs its script, which the page's policy rightly refuses: checked with the policy off).
    const audit = await browser.newContext({ bypassCSP: true });
    const auditPage = await audit.newPage();
    await auditPage.goto(link!);
    expect(await seriousViolations(auditPage)).toEqual([]);
    await audit.close();
  });
});
