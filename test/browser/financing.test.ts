/**
 * Financing in the portal: the financier of a route finds an akimat's application in its queue, approves it and
 * records a disbursement; the ministry's financing page shows the speed per route, the waiting list and red flags.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, eventually, seedProject, tokenFor } from '../support/local.js';
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

  it('lets the akimat apply for a project’s financing, read why it was returned and resubmit it', { timeout: 60_000 }, async () => {
    // Prepare: a project of the region without financing.
    const project = await seedProject({
      kato: '430000000',
      financing: { route: 'budget', status: 'not-requested' },
      title: { ru: 'Канализация посёлка Тасбогет', kk: 'Тасбөгет кентінің кәрізі', en: 'Tasboget sewerage' },
      value: '780000000',
    });
    const akimatToken = await tokenFor({ role: 'akimat', kato: '430000000' });

    // Act: the akimat applies in the portal on the Housing Company route for less than the project's value.
    const { context, page } = await openPortal(browser, DESKTOP);
    await signIn(page, { role: 'akimat', kato: '430000000' }, '/akimat/financing');
    const projectSelect = page.locator('#apply-project');
    await expect.poll(() => projectSelect.locator(`option[value="${project.id}"]`).count()).toBe(1);
    await projectSelect.selectOption(project.id);
    expect(await page.locator('#apply-amount').inputValue()).toBe('780000000');
    await page.locator('#apply-route').selectOption('khc-bonds');
    await page.locator('#apply-amount').fill('700 000 000');
    await page.locator('[data-testid=apply-form] button[type=submit]').click();

    // Assess: the application is submitted as typed, and listed.
    const applications = async () => (await api(`/financing-applications?region=430000000&route=khc-bonds&limit=100`, { token: akimatToken })).body.items as { id: string; projectId: string; status: string; amount: string }[];
    const submitted = await eventually(async () => (await applications()).find((a) => a.projectId === project.id), 10_000, 'the application');
    expect(submitted).toMatchObject({ status: 'submitted', amount: '700000000' });
    const card = page.locator(`[data-testid=akimat-applications] [data-testid=application-card][data-id="${submitted.id}"]`);
    expect(await card.getAttribute('data-status')).toBe('submitted');
    expect(await card.locator('[data-testid=decision-form]').count()).toBe(0);
    await checkPage(page, 'akimat-financing');

    // The Housing Company returns it with a reason; the akimat reads it and resubmits with a new amount.
    const khc = await tokenFor({ role: 'financier', route: 'khc-bonds' });
    const returned = await api(`/financing-applications/${submitted.id}/decision`, { token: khc, body: { decision: 'returned', text: 'Приложите заключение госэкспертизы' } });
    expect(returned.status).toBe(200);
    await page.reload();
    const returnedCard = page.locator(`[data-testid=application-card][data-id="${submitted.id}"]`);
    await expect.poll(() => returnedCard.getAttribute('data-status')).toBe('returned');
    expect(await returnedCard.locator('[data-testid=decision-text]').textContent()).toContain('Приложите заключение госэкспертизы');
    await returnedCard.locator('[data-testid=resubmit-form] input[inputmode=decimal]').fill('650000000');
    await returnedCard.locator('[data-testid=resubmit-form] textarea').fill('Заключение приложено');
    await returnedCard.locator('[data-testid=resubmit-form] button[type=submit]').click();
    await expect.poll(() => returnedCard.getAttribute('data-status')).toBe('submitted');
    expect((await api(`/financing-applications/${submitted.id}`, { token: akimatToken })).body).toMatchObject({ status: 'submitted', amount: '650000000' });
    await context.close();
  });
});
