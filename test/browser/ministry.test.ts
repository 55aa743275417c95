/**
 * The ministry's dashboard: headline figures as the monitoring API reports them, the regions' rating with its
 * thresholds, the SVG charts, an overdue project, the KPI report, and CSV downloads made with the bearer token.
 */
import { readFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, eventually, seedProject, tokenFor } from '../support/local.js';
import { competitionFor } from './fixtures.js';
import { DESKTOP, checkPage, launchBrowser, openPortal, plain, signIn } from './harness.js';

describe('ministry dashboard', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('shows the rating, charts, overdue projects and KPI, and downloads CSV', async () => {
    // Prepare: a project whose planned publication passed with nothing published, and a publication
    const overdue = await seedProject({
      kato: '620000000',
      sector: 'sewerage',
      plannedPublicationDate: '2026-01-31',
      title: { ru: 'КОС города Сатпаев', kk: 'Сәтбаев қаласының КТҚ', en: 'Satpayev wastewater plant' },
    });
    await competitionFor({ kato: '750000000', sector: 'heat', label: 'MIN' });
    const ministry = await tokenFor({ role: 'ministry' });
    const summary = await eventually(async () => {
      const response = await api('/monitoring/summary', { token: ministry });
      return response.status === 200 && response.body.national.publication.published >= 1 ? response.body : undefined;
    }, 30_000, 'the publication to reach the monitoring counters');

    // Act
    const { context, page } = await openPortal(browser, DESKTOP);
    await signIn(page, { role: 'ministry' });
    expect(new URL(page.url()).pathname).toBe('/ministry');
    await expect.poll(() => page.locator('[data-testid=rating] tbody tr').count()).toBe(20);

    // Assess: the figures are the API's, formatted
    expect(plain(await page.locator('[data-tile=projects] .kpi-value').textContent())).toBe(
      new Intl.NumberFormat('ru-RU').format(summary.national.projects.total).replace(/[\u00a0\u202f]/g, ' '),
    );
    expect(Number(await page.locator('[data-tile=published] .kpi-value').textContent())).toBeGreaterThanOrEqual(1);
    expect(await page.locator('[data-testid=thresholds]').textContent()).toMatch(/от 60 баллов.*от 40/);
    const bands = await page.locator('[data-testid=rating] tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-band')));
    expect(bands.every((b) => b === 'green' || b === 'amber' || b === 'red')).toBe(true);
    expect(await page.locator('svg[role=img][data-chart]').count()).toBe(4);
    for (const chart of ['speed', 'stages', 'financing', 'schedule']) {
      expect(await page.locator(`svg[data-chart=${chart}] title`).textContent(), chart).toBeTruthy();
    }
    await expect.poll(() => page.locator(`[data-testid=overdue] [data-project="${overdue.id}"]`).count()).toBe(1);
    expect(await page.locator(`[data-testid=overdue] [data-project="${overdue.id}"]`).innerText()).toContain('КОС города Сатпаев');
    expect(await page.locator('[data-testid=kpi] tbody tr').count()).toBe(21);
    await checkPage(page, 'ministry-dashboard');

    // CSV downloads carry the bearer token (fetch + blob) and the interface language
    const [regionsCsv] = await Promise.all([page.waitForEvent('download'), page.locator('[data-csv=regions]').click()]);
    expect(regionsCsv.suggestedFilename()).toMatch(/\.csv$/);
    const regionsText = await readFile((await regionsCsv.path())!, 'utf8');
    expect(regionsText.charCodeAt(0)).toBe(0xfeff);
    expect(regionsText.trim().split(/\r\n/)).toHaveLength(21);
    expect(regionsText).toContain('Карагандинская область');

    const [overdueCsv] = await Promise.all([page.waitForEvent('download'), page.locator('[data-csv=overdue]').click()]);
    expect(await readFile((await overdueCsv.path())!, 'utf8')).toContain('КОС города Сатпаев');
    await expect.poll(() => page.getByText(/Файл .*\.csv сохранён/).count()).toBe(1);

    await page.locator('button[data-lang=en]').click();
    const [kpiCsv] = await Promise.all([page.waitForEvent('download'), page.locator('[data-csv=kpi]').click()]);
    expect(await readFile((await kpiCsv.path())!, 'utf8')).toContain('Karaganda Region');
    await checkPage(page, 'ministry-dashboard-en');
    await context.close();
  });
});
