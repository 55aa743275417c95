/**
 * The ministry's implementation page (issue 14): a contract signed by both parties, a progress report with a payment
 * and a milestone that passed unmet reach the page through the stream: the region's row counts the contract, its
 * weighted progress and payment, the charts are drawn, and the overdue milestone is named with the responsible akimat
 * and official. Axe-checked like the other pages.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { passTime } from '../support/fixtures.js';
import { api, clockNow, eventually, tokenFor, uniqueBin, verifiedContractor } from '../support/local.js';
import { seedPendingContract } from '../support/contracts.js';
import { binOf, certificateFor, signWith } from '../support/signing.js';
import { DESKTOP, checkPage, launchBrowser, openPortal, signIn } from './harness.js';

const ZHAMBYL = '310000000';

/** `POST …/sign` by `token`, signed with a certificate of `bin` over the server's signing payload. */
const sign = async (token: string, contractId: string, bin: string) => {
  const payload = await api<{ payload: string }>(`/contracts/${contractId}/signing-payload`, { token, method: 'POST' });
  expect(payload.status).toBe(200);
  const signature = await signWith(await certificateFor(bin), new Uint8Array(Buffer.from(payload.body.payload, 'base64')));
  const signed = await api(`/contracts/${contractId}/sign`, { token, body: { signature } });
  expect(signed.status).toBe(200);
  return signed;
};

describe('the ministry’s implementation page', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('shows the region’s contracts, weighted progress and payments, with charts, and the overdue milestone with its official', { timeout: 120_000 }, async () => {
    // Prepare: a contract signed by both, a report with a payment, a milestone that passes unmet.
    const supplier = await verifiedContractor({ name: 'ТОО Жамбылсустрой' });
    const contract = await seedPendingContract(ZHAMBYL, { bin: supplier.bin, name: 'ТОО Жамбылсустрой' }, '800000000');
    const akimat = await tokenFor({ role: 'akimat', kato: ZHAMBYL, bin: uniqueBin() });
    const now = await clockNow();
    const soon = new Date(now.getTime() + 2 * 86_400_000).toISOString();
    const later = new Date(now.getTime() + 300 * 86_400_000).toISOString();
    const milestones = await api(`/contracts/${contract.id}/milestones`, {
      token: akimat,
      method: 'PUT',
      body: { items: [{ title: 'Проектно-сметная документация', type: 'design', dueDate: soon }, { title: 'Строительство', type: 'works', dueDate: later }] },
    });
    expect(milestones.status).toBe(200);
    await sign(supplier.token, contract.id, supplier.bin);
    await sign(akimat, contract.id, binOf(akimat)!);
    const report = await api(`/contracts/${contract.id}/reports`, { token: akimat, body: { physicalProgress: 30, paidAmount: '200000000' } });
    expect(report.status).toBe(201);
    await passTime(soon);
    const official = (await api(`/contracts/${contract.id}`)).body.responsible.name as string;
    const ministryToken = await tokenFor({ role: 'ministry' });
    await eventually(async () => {
      const page = await api(`/monitoring/implementation/overdue?region=${ZHAMBYL}`, { token: ministryToken });
      return page.body.items.some((m: { contractId: string }) => m.contractId === contract.id) ? true : undefined;
    }, 30_000, 'the overdue milestone');

    // Act
    const { context, page } = await openPortal(browser, DESKTOP);
    await signIn(page, { role: 'ministry' }, '/ministry');
    await page.getByRole('link', { name: 'Исполнение договоров' }).click();

    // Assess: the region's row, the charts, the overdue milestone named with the official.
    const row = page.locator(`[data-testid=implementation-regions] tr[data-kato="${ZHAMBYL}"]`);
    await expect.poll(() => row.count()).toBe(1);
    const cells = await row.locator('td').allInnerTexts();
    expect(Number(cells[0])).toBeGreaterThanOrEqual(1);
    expect(await page.locator('[data-testid=implementation-regions] tbody tr').count()).toBe(20);
    expect(await page.locator('svg[data-chart=implementation-progress]').count()).toBe(1);
    expect(await page.locator('svg[data-chart=implementation-paid]').count()).toBe(1);
    const overdue = page.locator(`[data-testid=implementation-overdue] tr[data-contract="${contract.id}"]`);
    await expect.poll(() => overdue.count()).toBe(1);
    const text = await overdue.innerText();
    expect(text).toContain('Проектно-сметная документация');
    expect(text).toContain(official);
    expect(text).toContain('Акимат');
    expect(await overdue.getByRole('link').getAttribute('href')).toBe(`/contracts/${contract.id}`);
    await checkPage(page, 'ministry-implementation');
    await context.close();

    // A late report meets the milestone: it leaves the list, and the region's open overdue count drops.
    const region = async () => (await api(`/monitoring/implementation`, { token: ministryToken })).body.regions.find((r: { kato: string }) => r.kato === ZHAMBYL) as { overdueMilestones: number };
    const openBefore = (await region()).overdueMilestones;
    expect((await api(`/contracts/${contract.id}/reports`, { token: akimat, body: { milestoneId: 'M1', physicalProgress: 45 } })).status).toBe(201);
    await eventually(async () => {
      const list = await api(`/monitoring/implementation/overdue?region=${ZHAMBYL}`, { token: ministryToken });
      return list.body.items.some((m: { contractId: string }) => m.contractId === contract.id) ? undefined : true;
    }, 30_000, 'the met milestone to leave the list');
    await eventually(async () => ((await region()).overdueMilestones === openBefore - 1 ? true : undefined), 30_000, 'the open overdue count to drop');
  });
});
