/**
 * The akimat's journey: its competitions (drafts included), a draft for a project of its region, publication with an
 * Idempotency-Key, an answer to a contractor's question, an amendment, then — past the deadline on the development
 * clock — opening the bids and awarding; and a cancellation with a reason code.
 */
import type { Browser, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, seedProject, verifiedContractor } from '../support/local.js';
import { signedBid } from '../support/signing.js';
import { competitionFor } from './fixtures.js';
import { DESKTOP, checkPage, launchBrowser, openPortal, passTime, plain, signIn } from './harness.js';

const ALMATY_REGION = '190000000';

describe('akimat journey', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('creates, publishes, answers, amends, opens the bids and awards', async () => {
    // Prepare: a project of the region at selection, and one of another region the akimat must not see
    const project = await seedProject({
      kato: ALMATY_REGION,
      sector: 'sewerage',
      value: '2400000000',
      title: { ru: 'КОС посёлка Отеген батыр', kk: 'Өтеген батыр кентінің КТҚ', en: 'Otegen Batyr wastewater plant' },
    });
    const foreign = await seedProject({ kato: '350000000', sector: 'sewerage' });
    const { context, page } = await openPortal(browser, DESKTOP);
    const publishRequests: Request[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/publish')) publishRequests.push(r);
    });
    await signIn(page, { role: 'akimat', kato: ALMATY_REGION });
    expect(new URL(page.url()).pathname).toBe('/akimat');
    expect(await page.locator('[data-testid=who]').innerText()).toContain('Алматинская область');
    await checkPage(page, 'akimat-competitions-empty');

    // Draft
    await page.getByRole('link', { name: 'Новый конкурс' }).first().click();
    await expect.poll(() => page.locator(`[data-project="${project.id}"]`).count()).toBe(1);
    expect(await page.locator(`[data-project="${foreign.id}"]`).count()).toBe(0);
    await checkPage(page, 'akimat-new-project');
    await page.locator(`[data-project="${project.id}"] input`).check();
    expect(await page.locator('#new-title-ru').inputValue()).toBe('КОС посёлка Отеген батыр');
    expect(await page.locator('#new-value').inputValue()).toBe('2400000000');
    await page.locator('#new-description').fill('Строительство очистных сооружений мощностью 5 000 м³/сут.');
    // The sector's qualification requirements come ticked; the akimat drops one and asks 3 % bid security.
    await expect.poll(() => page.locator('[data-testid=new-requirements] input:checked').count()).toBe(6);
    await page.locator('[data-testid=new-requirements] input[value=equipment]').uncheck();
    await page.locator('#new-security').selectOption('3');
    await checkPage(page, 'akimat-new-filled');
    await page.getByRole('button', { name: 'Создать черновик' }).click();
    await page.waitForURL(/\/akimat\/competitions\/\w+/);
    const id = new URL(page.url()).pathname.split('/').pop()!;
    await expect.poll(() => page.locator('.badge').first().getAttribute('data-status')).toBe('draft');
    expect((await api(`/competitions/${id}`)).status).toBe(404);
    await checkPage(page, 'akimat-draft');

    // Publish, with an Idempotency-Key
    await page.getByRole('button', { name: 'Опубликовать' }).click();
    await expect.poll(() => page.locator('.badge').first().getAttribute('data-status')).toBe('active.clarification');
    expect(publishRequests).toHaveLength(1);
    expect(await publishRequests[0]!.headerValue('idempotency-key')).toMatch(new RegExp(`^publish-${id}-`));
    const published = (await api(`/competitions/${id}`)).body;
    expect(published.status).toBe('active.clarification');
    expect(published.bidSecurity).toEqual({ percent: '3' });
    expect(published.qualificationRequirements).toEqual(['licence', 'similarExperience', 'financialStability', 'noTaxArrears', 'qualifiedStaff']);
    expect((await api(`/projects/${project.id}`)).body.stage).toBe('contractor-determination');

    // A contractor asks; the akimat answers
    const contractor = await verifiedContractor();
    const asked = await api(`/competitions/${id}/questions`, { token: contractor.token, body: { text: 'Кто обеспечивает подключение к сетям?' } });
    expect(asked.status).toBe(201);
    await page.reload();
    await page.locator(`#answer-${asked.body.id}`).fill('Подключение обеспечивает акимат.');
    await page.getByRole('button', { name: 'Ответить' }).click();
    await expect.poll(() => page.locator('[data-testid=akimat-questions]').innerText()).toContain('Ответ: Подключение обеспечивает акимат.');

    // Amend: a new version
    await page.locator('#edit-description').fill('Строительство очистных сооружений мощностью 6 000 м³/сут.');
    await page.getByRole('button', { name: 'Внести изменения' }).click();
    await expect.poll(() => page.getByText('Изменения внесены').count()).toBe(1);
    expect((await api(`/competitions/${id}`)).body.version).toBe(2);
    await expect.poll(() => page.locator('[data-testid=audit]').innerText()).toContain('Внесены изменения');
    await checkPage(page, 'akimat-published');

    // Bids come in during the tender period (sealed); the deadline passes
    await passTime(published.tenderPeriod.startDate);
    const bid = await api(`/competitions/${id}/bids/me`, { token: contractor.token, method: 'PUT', body: await signedBid(contractor.token, id, '2350000000') });
    expect(bid.status).toBe(200);
    await page.reload();
    await expect.poll(() => page.getByText('Заявки запечатаны до окончания срока').count()).toBe(1);
    await passTime((await api(`/competitions/${id}`)).body.tenderPeriod.endDate);

    // Open the bids (unless the deadline checker was quicker) and award
    await page.reload();
    await expect.poll(async () => (await page.getByRole('button', { name: 'Вскрыть заявки' }).count()) + (await page.locator('[data-testid=opened-bids]').count())).toBe(1);
    if (await page.getByRole('button', { name: 'Вскрыть заявки' }).count()) await page.getByRole('button', { name: 'Вскрыть заявки' }).click();
    await expect.poll(() => page.locator('[data-testid=opened-bids] tbody tr').count()).toBe(1);
    expect(plain(await page.locator('[data-testid=opened-bids]').innerText())).toContain('2 350 000 000 ₸');
    expect(await page.locator('[data-testid=opened-bid-signer]').innerText()).toContain(`ТЕСТОВ ТЕСТ (${bid.body.signer.certificateSerial})`);
    await checkPage(page, 'akimat-bids-opened');
    // The bid is qualified (its decision form), then the first-ranked is awarded
    await page.getByRole('radio', { name: 'Допустить' }).check();
    await page.getByRole('button', { name: 'Сохранить решение' }).click();
    await expect.poll(() => page.locator('[data-testid=evaluation] [data-testid=bid-rank]').innerText()).toBe('1');
    await page.getByRole('button', { name: `Признать победителем участника с БИН ${contractor.bin}` }).click();
    // The award signs and renders the protocol PDF (its library loads on the first award).
    await expect.poll(() => page.locator('.badge').first().getAttribute('data-status'), { timeout: 30_000 }).toBe('active.awarded');
    expect((await api(`/competitions/${id}`)).body.award).toMatchObject({ bin: contractor.bin, price: '2350000000' });
    // Issue 14: the project moves to implementation when the contract is signed, not at the award.
    expect((await api(`/projects/${project.id}`)).body.stage).toBe('contractor-determination');
    await checkPage(page, 'akimat-awarded');

    // The list shows it
    await page.getByRole('link', { name: 'Конкурсы акимата' }).first().click();
    await expect.poll(() => page.locator(`[data-testid=my-competitions] [data-id="${id}"]`).count()).toBe(1);
    await checkPage(page, 'akimat-competitions');
    await context.close();
  });

  it('cancels a published competition with a reason code', async () => {
    // Prepare
    const competition = await competitionFor({ kato: ALMATY_REGION, sector: 'gas', label: 'CNL' });
    const { context, page } = await openPortal(browser, DESKTOP);
    await signIn(page, { role: 'akimat', kato: ALMATY_REGION }, `/akimat/competitions/${competition.id}`);

    // Act
    await page.locator('#cancel-reason').selectOption('fundingUnavailable');
    await page.getByRole('button', { name: 'Отменить конкурс' }).click();

    // Assess
    await expect.poll(() => page.locator('.badge').first().getAttribute('data-status')).toBe('cancelled');
    expect(await page.locator('main').innerText()).toContain('Нет финансирования');
    expect((await api(`/competitions/${competition.id}`)).body.cancellation.reason).toBe('fundingUnavailable');
    await checkPage(page, 'akimat-cancelled');
    await context.close();
  });
});
