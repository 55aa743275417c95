/**
 * The contract page (issue 14): the akimat sets a milestone before signing; the awarded contractor signs its pending
 * contract in the portal (development signer); the akimat of the region signs it and it is in force; the akimat
 * reports progress (the milestone met) and completes it.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, verifiedContractor } from '../support/local.js';
import { seedPendingContract } from '../support/contracts.js';
import { DESKTOP, checkPage, launchBrowser, openPortal, plain, signIn } from './harness.js';

const PAVLODAR = '550000000';

describe('contract page', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('takes a milestone, the supplier’s and the akimat’s signatures, a report, and completion', async () => {
    const supplier = await verifiedContractor({ name: 'ТОО Водострой' });
    const contract = await seedPendingContract(PAVLODAR, { bin: supplier.bin, name: 'ТОО Водострой' });
    const path = `/contracts/${contract.id}`;

    // The akimat sets a milestone before anyone signs.
    const asAkimat = await openPortal(browser, DESKTOP);
    await signIn(asAkimat.page, { role: 'akimat', kato: PAVLODAR }, path);
    await expect.poll(() => asAkimat.page.locator('[data-testid=contract-status]').getAttribute('data-status')).toBe('pending');
    await asAkimat.page.locator('#milestone-title').fill('Проектно-сметная документация');
    await asAkimat.page.locator('#milestone-type').selectOption('design');
    await asAkimat.page.locator('#milestone-due').fill('2030-01-15');
    await asAkimat.page.getByRole('button', { name: 'Добавить этап' }).click();
    await expect.poll(() => asAkimat.page.locator('[data-testid=contract-milestones] tbody tr').count()).toBe(1);
    await checkPage(asAkimat.page, 'contract-pending-akimat');

    // The supplier signs.
    const asSupplier = await openPortal(browser, DESKTOP);
    await signIn(asSupplier.page, { role: 'contractor', bin: supplier.bin }, path);
    await expect.poll(() => asSupplier.page.locator('[data-testid=contract-milestones] tbody tr').count()).toBe(1);
    await checkPage(asSupplier.page, 'contract-pending-supplier');
    await asSupplier.page.getByRole('button', { name: 'Подписать договор' }).click();
    // Signing looks for NCALayer first, then takes the development certificate: allow it the time the award gets.
    await expect.poll(() => asSupplier.page.locator('[data-testid=contract-signatures] li').count(), { timeout: 30_000 }).toBe(1);
    expect(await asSupplier.page.locator('[data-testid=contract-signatures]').innerText()).toContain('Поставщик');
    expect(await asSupplier.page.getByRole('button', { name: 'Подписать договор' }).count()).toBe(0);
    // "My contracts" lists it with its status and a link back to its page.
    await asSupplier.page.getByRole('link', { name: 'Мои договоры' }).click();
    const mine = asSupplier.page.locator(`[data-testid=my-contracts] tr[data-id="${contract.id}"]`);
    await expect.poll(() => mine.count()).toBe(1);
    expect(await mine.getAttribute('data-status')).toBe('pending');
    expect(await mine.getByRole('link').getAttribute('href')).toBe(path);
    await checkPage(asSupplier.page, 'my-contracts');
    await asSupplier.context.close();

    // The akimat signs: in force; then a report and completion.
    await asAkimat.page.reload();
    await asAkimat.page.getByRole('button', { name: 'Подписать договор' }).click();
    await expect.poll(() => asAkimat.page.locator('[data-testid=contract-status]').getAttribute('data-status'), { timeout: 30_000 }).toBe('active');
    await expect.poll(() => asAkimat.page.locator('[data-testid=contract-signatures] li').count()).toBe(2);
    expect((await api(`/competitions/${contract.competitionId}`)).body.status).toBe('complete');
    await asAkimat.page.locator('#report-progress').fill('40');
    await asAkimat.page.locator('#report-paid').fill('1 000 000');
    await asAkimat.page.locator('#report-milestone').selectOption({ label: 'Проектно-сметная документация' });
    await asAkimat.page.getByRole('button', { name: 'Внести отчёт' }).click();
    await expect.poll(() => asAkimat.page.locator('[data-testid=contract-milestones] tbody tr').first().getAttribute('data-status')).toBe('met');
    expect(plain(await asAkimat.page.locator('main').innerText())).toContain('40 % выполнено, оплачено 1 000 000 ₸');
    await checkPage(asAkimat.page, 'contract-active');
    await asAkimat.page.getByRole('button', { name: 'Договор исполнен' }).click();
    await expect.poll(() => asAkimat.page.locator('[data-testid=contract-status]').getAttribute('data-status')).toBe('completed');
    expect((await api(`/contracts/${contract.id}`)).body).toMatchObject({ status: 'completed', signatures: [{ party: 'supplier' }, { party: 'buyer' }], progress: { physicalProgress: 40, paidAmount: '1000000' } });
    await asAkimat.context.close();
  });
});
