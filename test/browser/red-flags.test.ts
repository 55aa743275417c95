/**
 * The ministry's red-flag page (issue 14): a competition awarded to its only bid at 99.5 % of the estimate reaches the
 * page through the stream. The chart counts the flags, nationally and for the chosen region; the regions' table lists
 * the region; filtering by region and flag lists the competition with why. Axe-checked like the other pages.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, eventually, tokenFor } from '../support/local.js';
import { seedFlaggedAward } from '../support/red-flags.js';
import { DESKTOP, checkPage, launchBrowser, openPortal, signIn } from './harness.js';

const KYZYLORDA = '430000000';

describe('the ministry’s red flags page', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('charts the flags nationally and per region and lists the flagged competition under the chosen region and flag', { timeout: 90_000 }, async () => {
    // Prepare: one flagged award, seen by the API.
    const { id } = await seedFlaggedAward(KYZYLORDA);
    const ministryToken = await tokenFor({ role: 'ministry' });
    await eventually(async () => {
      const flags = await api(`/monitoring/red-flags?region=${KYZYLORDA}&flag=high-price&limit=100`, { token: ministryToken });
      return flags.body.items.some((f: { competitionId: string }) => f.competitionId === id) || undefined;
    }, 30_000, 'the red flags of the award');
    const summary = (await api('/monitoring/red-flags/summary', { token: ministryToken })).body;

    // Act: the ministry opens the page.
    const { context, page } = await openPortal(browser, DESKTOP);
    await signIn(page, { role: 'ministry' }, '/ministry/red-flags');

    // Assess: the national chart (one bar per flag) and the total, the region in the table.
    const chart = page.locator('svg[data-chart=red-flags-by-flag]');
    await expect.poll(() => chart.count()).toBe(1);
    expect(await chart.locator('rect').count()).toBeGreaterThanOrEqual(7);
    expect(await page.locator('[data-testid=red-flags-total]').textContent()).toContain(String(summary.national.total));
    const row = page.locator(`[data-testid=red-flags-regions] tr[data-kato="${KYZYLORDA}"]`);
    expect(await row.count()).toBe(1);
    await checkPage(page, 'ministry-red-flags');

    // Filter: the region, then the flag; every card is of both, and the competition is among them.
    await page.locator('#red-flags-region').selectOption(KYZYLORDA);
    await page.locator('#red-flags-flag').selectOption('high-price');
    const card = page.locator(`[data-testid=red-flag-list] li[data-competition="${id}"]`);
    await expect.poll(() => card.count()).toBe(1);
    expect(await card.getAttribute('data-flag')).toBe('high-price');
    expect(await card.textContent()).toContain('99.5%');
    const cards = page.locator('[data-testid=red-flag-list] li');
    expect(await cards.evaluateAll((items) => items.every((li) => li.getAttribute('data-kato') === '430000000' && li.getAttribute('data-flag') === 'high-price'))).toBe(true);
    // The region's chart replaces the nation's; the regions' table is for the nation only.
    expect(await page.locator('h2').first().textContent()).toContain('Кызылординская');
    expect(await page.locator('[data-testid=red-flags-regions]').count()).toBe(0);
    await context.close();
  });
});
