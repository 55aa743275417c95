/**
 * The ministry's dashboard: headline figures as the monitoring API reports them, the regions' rating with its
 * thresholds, the SVG charts, an overdue project, the KPI report, and CSV downloads made with the bearer token.
 */
import { readFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatTenge } from '../../shared/domain/money.js';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { eventPut } from '../../shared/adapters/table.js';
import { makeEvent } from '../../shared/domain/events.js';
import { IMPORT_ACTOR } from '../../shared/domain/imported-history.js';
import type { Project } from '../../shared/domain/project.js';
import { keys } from '../../shared/keys.js';
import { api, documentClient, eventually, seedProject, tokenFor } from '../support/local.js';
import { competitionFor } from './fixtures.js';
import { DESKTOP, checkPage, launchBrowser, openPortal, plain, signIn } from './harness.js';

/** A project with its `project.registered` event, as the import writes them: the monitoring counters count it. */
const registeredProject = async (overrides: Partial<Project>): Promise<Project> => {
  const project = await seedProject(overrides);
  const data = {
    kato: project.kato,
    sector: project.sector,
    stage: project.stage,
    value: project.value,
    readiness: project.readiness,
    financing: project.financing,
    approvalDate: project.approvalDate,
    plannedPublicationDate: project.plannedPublicationDate,
  };
  const event = makeEvent('project.registered', { eventId: `${project.id}-registered`, at: new Date().toISOString(), actor: IMPORT_ACTOR, subject: { kind: 'project', id: project.id }, data });
  await documentClient().send(new PutCommand({ TableName: 'konkurs', Item: eventPut(keys.project(project.id).PK, event).Put!.Item! }));
  return project;
};

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
    // The programme's scale: with it the total value reads "974 000 000 000 ₸" and more, wider than its card.
    await registeredProject({ kato: '190000000', sector: 'water', value: '974000000000', plannedPublicationDate: '2027-06-30' });
    const ministry = await tokenFor({ role: 'ministry' });
    const summary = await eventually(async () => {
      const response = await api('/monitoring/summary', { token: ministry });
      const { national } = response.body ?? {};
      return response.status === 200 && national.publication.published >= 1 && Number(national.value.total) >= 974e9 ? response.body : undefined;
    }, 30_000, 'the publication and the projects to reach the monitoring counters');

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
    // Every figure fits its card at 1280 px; the total value is compact on the card and exact beneath and on hover.
    const overflowing = await page
      .locator('[data-testid=tiles] .kpi')
      .evaluateAll((tiles) => tiles.filter((t) => t.scrollWidth > t.clientWidth).map((t) => `${t.getAttribute('data-tile')}: ${t.scrollWidth} > ${t.clientWidth}`));
    expect(overflowing).toEqual([]);
    const exactValue = plain(formatTenge(summary.national.value.total, 'ru'));
    expect(plain(await page.locator('[data-tile=value] .kpi-value').textContent())).toMatch(/^\d+(,\d)? млрд ₸$/);
    expect(plain(await page.locator('[data-tile=value] .kpi-value').getAttribute('title'))).toBe(exactValue);
    expect(plain(await page.locator('[data-tile=value] .hint').textContent())).toBe(exactValue);
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
