/**
 * The contract page (issue 14): the awarded contractor signs its pending contract in the portal (development signer),
 * then the akimat of the region signs it and it is in force; both signatures shown, the competition links it.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, verifiedContractor } from '../support/local.js';
import { seedPendingContract } from '../support/contracts.js';
import { DESKTOP, checkPage, launchBrowser, openPortal, signIn } from './harness.js';

const PAVLODAR = '550000000';

describe('contract page', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('is signed by the supplier and then by the akimat, and is in force', async () => {
    const supplier = await verifiedContractor({ name: 'ТОО Водострой' });
    const contract = await seedPendingContract(PAVLODAR, { bin: supplier.bin, name: 'ТОО Водострой' });

    const asSupplier = await openPortal(browser, DESKTOP);
    await signIn(asSupplier.page, { role: 'contractor', bin: supplier.bin }, `/contracts/${contract.id}`);
    await expect.poll(() => asSupplier.page.locator('[data-testid=contract-status]').getAttribute('data-status')).toBe('pending');
    await checkPage(asSupplier.page, 'contract-pending');
    await asSupplier.page.getByRole('button', { name: 'Подписать договор' }).click();
    await expect.poll(() => asSupplier.page.locator('[data-testid=contract-signatures] li').count()).toBe(1);
    expect(await asSupplier.page.locator('[data-testid=contract-signatures]').innerText()).toContain('Поставщик');
    expect(await asSupplier.page.getByRole('button', { name: 'Подписать договор' }).count()).toBe(0);
    await asSupplier.context.close();

    const asAkimat = await openPortal(browser, DESKTOP);
    await signIn(asAkimat.page, { role: 'akimat', kato: PAVLODAR }, `/contracts/${contract.id}`);
    await asAkimat.page.getByRole('button', { name: 'Подписать договор' }).click();
    await expect.poll(() => asAkimat.page.locator('[data-testid=contract-status]').getAttribute('data-status')).toBe('active');
    await expect.poll(() => asAkimat.page.locator('[data-testid=contract-signatures] li').count()).toBe(2);
    await checkPage(asAkimat.page, 'contract-active');
    expect((await api(`/contracts/${contract.id}`)).body).toMatchObject({ status: 'active', signatures: [{ party: 'supplier' }, { party: 'buyer' }] });
    expect((await api(`/competitions/${contract.competitionId}`)).body.status).toBe('complete');
    await asAkimat.context.close();
  });
});
