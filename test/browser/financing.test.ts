/**
 * Financing in the portal: the financier of a route finds an akimat's application in its queue, approves it and
 * records a disbursement; the ministry's financing page shows the speed per route, the waiting list and red flags.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, seedProject, tokenFor } from '../support/local.js';
import { DESKTOP, checkPage, launchBrowser, openPortal, signIn } from './harness.js';

describe('financing in the portal', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('lets the route’s financier approve an application and record a disbursement; the ministry sees the financing', async () => {
    // Prepare: an akimat's application on the Development Bank route
    const project = await seedProject({
      kato: '430000000',
      financing: { route: 'budget', status: 'not-requested' },
      title: { ru: 'Водопровод села Жалагаш', kk: 'Жалағаш ауылының су құбыры', en: 'Zhalagash water supply' },
    });
    const akimat = await tokenFor({ role: 'akimat', kato: '430000000' });
    const submitted = await api(`/projects/${project.id}/financing-applications`, { token: akimat, body: { route: 'dbk-banks', amount: '450000000' } });
    expect(submitted.status).toBe(201);

    // Act: the financier signs in and decides
    const { context, page } = await openPortal(browser, DESKTOP);
    await signIn(page, { role: 'financier', route: 'dbk-banks' });
    expect(new URL(page.url()).pathname).toBe('/financier');
    const card = page.locator(`[data-testid=application-card][data-id="${submitted.body.id}"]`);
    await expect.poll(() => card.count()).toBe(1);
    expect(await card.locator('.card-title').textContent()).toBe('Водопровод села Жалагаш');
    await checkPage(page, 'financier-queue');
    await card.locator('textarea').fill('Одобрено кредитным комитетом');
    await card.locator('[data-testid=decision-form] button[type=submit]').click();

    // Assess: approved, then a disbursement
    await expect.poll(() => card.getAttribute('data-status')).toBe('approved');
    await card.locator('[data-testid=disbursement-form] input[inputmode=decimal]').fill('150000000');
    await card.locator('[data-testid=disbursement-form] button[type=submit]').click();
    await expect.poll(async () => (await api(`/financing-applications/${submitted.body.id}`, { token: akimat })).body.disbursedAmount).toBe('150000000');
    await context.close();

    // The ministry's financing page
    const ministry = await openPortal(browser, DESKTOP);
    await signIn(ministry.page, { role: 'ministry' }, '/ministry/financing');
    await expect.poll(() => ministry.page.locator('[data-testid=financing-speed] tbody tr').count()).toBe(3);
    // The speed as charts: per route, and per region for the Development Bank route (which now has a decision).
    expect(await ministry.page.locator('svg[role=img][data-chart]').count()).toBe(2);
    expect(await ministry.page.locator('svg[data-chart=financing-region-days]').count()).toBe(1);
    await checkPage(ministry.page, 'ministry-financing');

    // The ministry decides budget applications in a queue of its own.
    const budgetProject = await seedProject({ kato: '430000000', financing: { route: 'budget', status: 'not-requested' } });
    const budget = await api(`/projects/${budgetProject.id}/financing-applications`, { token: akimat, body: { route: 'budget', amount: '90000000' } });
    expect(budget.status).toBe(201);
    await ministry.page.goto('/ministry/budget-applications');
    const budgetCard = ministry.page.locator(`[data-testid=application-card][data-id="${budget.body.id}"]`);
    await expect.poll(() => budgetCard.count()).toBe(1);
    expect(await ministry.page.locator('[data-testid=application-card]').evaluateAll((cards) => cards.every((c) => c.textContent?.includes('Бюджет')))).toBe(true);
    await ministry.context.close();
  });
});
