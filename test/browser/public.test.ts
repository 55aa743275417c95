/**
 * The public journey on a phone: search and filter competitions, open one, read its periods, questions and answers
 * and amendment history; the programme summary; the sign-in and not-found pages.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, verifiedContractor } from '../support/local.js';
import { competitionFor, type PublishedCompetition } from './fixtures.js';
import { PHONE, checkPage, launchBrowser, openPortal, plain } from './harness.js';

describe('public portal on a 375-px phone', () => {
  let browser: Browser;
  let featured: PublishedCompetition;
  let other: PublishedCompetition;

  beforeAll(async () => {
    browser = await launchBrowser();
    // Prepare: two published competitions in different regions; one has a question answered and an amendment.
    featured = await competitionFor({ kato: '470000000', sector: 'water', label: 'PUB1' });
    other = await competitionFor({ kato: '110000000', sector: 'gas', label: 'PUB2' });
    const contractor = await verifiedContractor();
    const asked = await api(`/competitions/${featured.id}/questions`, { token: contractor.token, body: { text: 'Какой гарантийный срок на оборудование?' } });
    await api(`/competitions/${featured.id}/questions/${asked.body.id}/answer`, { token: featured.akimat, body: { text: 'Пять лет.' } });
    const amended = await api(`/competitions/${featured.id}`, { token: featured.akimat, method: 'PATCH', body: { description: 'Реконструкция: замена котлов, сетей и насосов.' } });
    expect(amended.status).toBe(200);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('finds a competition by region and status and opens its page', async () => {
    // Act
    const { context, page } = await openPortal(browser, PHONE);
    await page.goto('/');
    await expect.poll(() => page.locator('[data-testid=competition-card]').count()).toBeGreaterThanOrEqual(2);
    await checkPage(page, 'public-search');

    await page.locator('#filter-region').selectOption('470000000');
    await page.locator('#filter-status').selectOption('active.clarification');
    await page.getByRole('button', { name: 'Показать', exact: true }).click();
    await page.waitForURL(/region=470000000/);

    // Assess: only the Mangystau competition is listed
    const cards = page.locator('[data-testid=competition-card]');
    await expect.poll(() => cards.count()).toBe(1);
    expect(await cards.first().getAttribute('data-id')).toBe(featured.id);
    expect(await page.locator(`[data-id="${other.id}"]`).count()).toBe(0);
    await checkPage(page, 'public-search-filtered');

    await cards.first().getByRole('link').click();
    await page.waitForURL(`**/competitions/${featured.id}`);
    await expect.poll(() => page.locator('h1').textContent()).toContain('Модернизация котельной № PUB1');
    await expect.poll(() => page.locator('[data-testid=questions] li').count()).toBe(1);
    const text = plain(await page.locator('main').innerText());
    expect(text).toContain('Какой гарантийный срок на оборудование?');
    expect(text).toContain('Пять лет.');
    expect(text).toContain('Мангистауская область');
    expect(text).toContain('1 250 000 000 ₸');
    expect(await page.locator('[data-testid=version]').innerText()).toContain('Редакция 2');
    expect(plain(await page.locator('[data-testid=tender-period]').innerText())).toMatch(/\d{4} г\. в \d{2}:\d{2}/);
    expect(plain(await page.locator('[data-testid=countdown]').innerText())).toMatch(/\d+ дн\. \d{2}:\d{2}:\d{2}/);
    // The open-data record appears once the OCDS writer has processed the publication and the amendment
    await expect
      .poll(
        async () => {
          await page.reload();
          await page.waitForLoadState('networkidle');
          return page.locator('[data-testid=amendments] li').count();
        },
        { timeout: 30_000, interval: 1000 },
      )
      .toBe(1);
    expect(await page.locator('[data-testid=amendments]').innerText()).toContain('Редакция 2');
    const recordUrl = (await page.locator('[data-testid=ocds-link]').getAttribute('href'))!;
    expect(recordUrl).toMatch(new RegExp(`/ocds/records/[\\w-]+-${featured.id}$`));
    const record = await (await fetch(recordUrl)).json();
    expect(record.records[0].compiledRelease.tender.amendments).toHaveLength(1);
    await checkPage(page, 'public-competition');
    await context.close();
  });

  it('pages through the list with its cursor', async () => {
    // Prepare: more competitions in one region than one page (10) holds
    await Promise.all(Array.from({ length: 12 }, (_, i) => competitionFor({ kato: '550000000', sector: 'electricity', label: `PG${i}` })));
    const { context, page } = await openPortal(browser, PHONE);

    // Act
    await page.goto('/?region=550000000');
    await expect.poll(() => page.locator('[data-testid=competition-card]').count()).toBe(10);
    await page.getByRole('button', { name: 'Показать ещё' }).click();

    // Assess: the second page follows the first, nothing repeated, and the list ends
    await expect.poll(() => page.locator('[data-testid=competition-card]').count()).toBe(12);
    const ids = await page.locator('[data-testid=competition-card]').evaluateAll((cards) => cards.map((c) => c.getAttribute('data-id')));
    expect(new Set(ids).size).toBe(12);
    expect(await page.getByRole('button', { name: 'Показать ещё' }).count()).toBe(0);
    await context.close();
  });

  it('shows the programme summary, the sign-in page and a not-found page', async () => {
    const { context, page } = await openPortal(browser, PHONE);
    await page.goto('/summary');
    await expect.poll(() => page.locator('[data-testid=public-rating] li').count()).toBe(20);
    expect(await page.locator('[data-testid=thresholds]').textContent()).toMatch(/от 60 баллов.*от 40/);
    expect(await page.locator('svg[data-chart=stages]').getAttribute('role')).toBe('img');
    await checkPage(page, 'public-summary');
    await page.goto('/signin');
    await checkPage(page, 'sign-in');
    await page.goto('/no-such-page');
    expect(await page.locator('h1').innerText()).toBe('Страница не найдена');
    await checkPage(page, 'not-found');
    await context.close();
  });
});
