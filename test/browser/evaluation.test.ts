/**
 * Evaluation, award, complaints and the register in the browser (issue 13): the akimat sees each bid's automatic
 * checks, disqualifies one with a reason code, qualifies the others and awards the first-ranked with its signature,
 * then sees the protocol (a PDF) and the standstill; a losing bidder sees its result and complains during the
 * standstill, the complaint is public, the ministry declines it from its queue, and a complaint after the standstill
 * shows the API's refusal; a contractor complains about the tender conditions; after a satisfied award complaint the
 * akimat sees the award cancelled, decides again and awards the next bid; the ministry lists a BIN in the register
 * and ends the entry early.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { qualify, signedAward } from '../support/evaluation.js';
import { api, clockNow, tokenFor, uniqueBin, verifiedContractor } from '../support/local.js';
import { signedBid } from '../support/signing.js';
import { competitionFor } from './fixtures.js';
import { DESKTOP, PHONE, checkPage, launchBrowser, openPortal, passTime, plain, signIn } from './harness.js';

const REGION = '630000000';

interface Bidder {
  readonly bin: string;
  readonly token: string;
}

/** A published competition with one signed bid per price (in this order), past its deadline with the bids opened. */
const openedWithBids = async (prices: readonly string[], label: string) => {
  const competition = await competitionFor({ kato: REGION, sector: 'heat', value: '900000000', label });
  await passTime(competition.body.tenderPeriod.startDate);
  const bidders: Bidder[] = [];
  for (const price of prices) {
    const bidder = await verifiedContractor();
    const bid = await api(`/competitions/${competition.id}/bids/me`, { token: bidder.token, method: 'PUT', body: await signedBid(bidder.token, competition.id, price) });
    expect(bid.status).toBe(200);
    bidders.push(bidder);
  }
  await passTime(competition.body.tenderPeriod.endDate);
  const opened = await api(`/competitions/${competition.id}/open-bids`, { token: competition.akimat, method: 'POST' });
  // The deadline checker may have opened them first.
  expect([200, 409]).toContain(opened.status);
  return { ...competition, bidders };
};

describe('evaluation, award and complaints in the browser', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('the ministry lists a BIN in the register of unscrupulous participants and ends the entry early', async () => {
    const bin = uniqueBin();
    const { context, page } = await openPortal(browser, DESKTOP);
    await signIn(page, { role: 'ministry' });
    await page.getByRole('link', { name: 'РНУ' }).click();
    await expect.poll(() => page.locator('[data-testid=registry-add]').count()).toBe(1);
    await checkPage(page, 'registry-empty-or-listed');

    // Add: from today (the form's default) for a year
    const now = await clockNow();
    const nextYear = new Date(now.getTime() + 365 * 86_400_000).toISOString().slice(0, 10);
    await page.locator('#registry-bin').fill(bin);
    await page.locator('#registry-reason').fill('Неисполнение договора на строительство котельной');
    await page.locator('#registry-basis').fill('Решение суда № 2-1234/2026');
    await page.locator('#registry-until').fill(nextYear);
    await page.getByRole('button', { name: 'Включить в реестр' }).last().click();
    await expect.poll(() => page.getByText(`БИН ${bin} включён в реестр.`).count()).toBe(1);
    const row = page.locator(`[data-testid=registry] tr[data-bin="${bin}"]`);
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.innerText()).toContain('Решение суда № 2-1234/2026');
    expect(await row.locator('[data-testid=registry-status]').innerText()).toBe('Действует');
    // The public register says the same
    const listed = await api(`/registry/unscrupulous?bin=${bin}`);
    expect(listed.body.items).toMatchObject([{ bin, active: true, basis: 'Решение суда № 2-1234/2026' }]);
    await checkPage(page, 'registry-listed');

    // End it early
    await row.getByRole('button', { name: `Исключить досрочно запись БИН ${bin}` }).click();
    await expect.poll(() => page.getByText(`Запись БИН ${bin} завершена.`).count()).toBe(1);
    await expect.poll(() => row.locator('[data-testid=registry-status]').innerText()).toContain('Исключён досрочно');
    expect(await row.getByRole('button').count()).toBe(0);
    expect((await api(`/registry/unscrupulous?bin=${bin}`)).body.items).toMatchObject([{ bin, active: false, endedAt: expect.any(String) }]);
    await checkPage(page, 'registry-ended');

    // In Kazakh and English too
    await page.locator('button[data-lang=kk]').click();
    expect(await page.locator('h1').innerText()).toBe('Жосықсыз қатысушылар тізілімі');
    expect(await row.locator('[data-testid=registry-status]').innerText()).toContain('Мерзімінен бұрын шығарылды');
    await page.locator('button[data-lang=en]').click();
    expect(await page.locator('h1').innerText()).toBe('Register of unscrupulous participants');
    expect(await row.locator('[data-testid=registry-status]').innerText()).toContain('Ended early');
    await page.locator('button[data-lang=ru]').click();
    await context.close();
  });

  it('the akimat disqualifies a bid with a reason, awards the first-ranked with its signature and sees the protocol', async () => {
    // Prepare: A 500, B 450, C 600 million; B is the cheapest but will be disqualified
    const { id, bidders } = await openedWithBids(['500000000', '450000000', '600000000'], 'EVA');
    const [a, b, c] = bidders as [Bidder, Bidder, Bidder];
    const { context, page } = await openPortal(browser, DESKTOP);
    await signIn(page, { role: 'akimat', kato: REGION }, `/akimat/competitions/${id}`);

    // Every bid with its automatic checks, cheapest first, none ranked yet
    const table = page.locator('[data-testid=evaluation]');
    await expect.poll(() => table.locator('tbody tr').count(), { timeout: 15_000 }).toBe(3);
    expect(await table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-bin')))).toEqual([b.bin, a.bin, c.bin]);
    const rowOf = (bin: string) => table.locator(`tbody tr[data-bin="${bin}"]`);
    const checksOfB = plain(await rowOf(b.bin).locator('[data-testid=bid-checks]').innerText());
    expect(checksOfB).toContain('Подпись ЭЦП действительна');
    // 1 % of 450 000 000 ₸ by default, and no security envelope in this bid
    expect(checksOfB).toContain('Нет обеспечения заявки (требуется не менее 4 500 000 ₸)');
    expect(checksOfB).toContain('Не в реестре недобросовестных участников');
    expect(checksOfB).toContain('Цена в пределах выделенной суммы');
    expect(await rowOf(b.bin).locator('[data-testid=bid-decision]').innerText()).toContain('Решения нет');
    expect(await page.getByRole('button', { name: /Признать победителем/ }).count()).toBe(0);
    expect(await page.locator('[data-testid=evaluation-period]').innerText()).toContain('Срок рассмотрения');
    await checkPage(page, 'evaluation-akimat-opened');

    // Disqualify B with a reason code and a text
    await page.locator('#decision-bin').selectOption(b.bin);
    await page.getByRole('radio', { name: 'Отклонить' }).check();
    await page.locator('#decision-reason').selectOption('bidSecurityMissing');
    await page.locator('#decision-text').fill('Не представлена банковская гарантия');
    await page.getByRole('button', { name: 'Сохранить решение' }).click();
    await expect.poll(() => rowOf(b.bin).locator('[data-testid=bid-decision]').innerText()).toContain('Отклонена');
    const decisionOfB = await rowOf(b.bin).locator('[data-testid=bid-decision]').innerText();
    expect(decisionOfB).toContain('Нет обеспечения заявки или оно недостаточно: Не представлена банковская гарантия');

    // Qualify A and C: A (500) ranks first, C second
    for (const bidder of [a, c]) {
      await page.locator('#decision-bin').selectOption(bidder.bin);
      await page.getByRole('radio', { name: 'Допустить' }).check();
      await page.getByRole('button', { name: 'Сохранить решение' }).click();
      await expect.poll(() => rowOf(bidder.bin).locator('[data-testid=bid-decision]').innerText()).toContain('Допущена');
    }
    expect(await rowOf(a.bin).locator('[data-testid=bid-rank]').innerText()).toBe('1');
    expect(await rowOf(c.bin).locator('[data-testid=bid-rank]').innerText()).toBe('2');
    expect(await rowOf(b.bin).locator('[data-testid=bid-rank]').innerText()).toBe('—');
    // The audit log records the decisions
    await expect.poll(async () => (await page.locator('[data-testid=audit]').innerText()).split('Решение по заявке').length - 1).toBe(3);
    // Only the first-ranked can be awarded
    expect(await page.getByRole('button', { name: /Признать победителем/ }).count()).toBe(1);
    expect(await page.getByRole('button', { name: `Признать победителем участника с БИН ${a.bin}` }).count()).toBe(1);
    await checkPage(page, 'evaluation-akimat-decided');

    // Award, signed with the akimat's certificate: the protocol and the standstill follow
    await page.getByRole('button', { name: `Признать победителем участника с БИН ${a.bin}` }).click();
    await expect.poll(() => page.locator('.badge').first().getAttribute('data-status'), { timeout: 30_000 }).toBe('active.awarded');
    const award = page.locator('[data-testid=award]');
    await expect.poll(() => award.count()).toBe(1);
    expect(plain(await award.locator('[data-testid=award-winner]').innerText())).toBe(`БИН ${a.bin}, цена 500 000 000 ₸`);
    const protocolLink = award.locator('a[data-testid=protocol-link]');
    await expect.poll(() => protocolLink.count(), { timeout: 15_000 }).toBe(1);
    expect(await protocolLink.innerText()).toMatch(/^protocol-.+\.pdf$/);
    const competition = (await api(`/competitions/${id}`)).body;
    expect(await award.locator('[data-testid=standstill]').innerText()).toContain('—');
    expect(competition.award.complaintPeriod.endDate > competition.award.complaintPeriod.startDate).toBe(true);
    expect(await award.locator('[data-testid=countdown]').innerText()).toContain('До окончания срока обжалования');
    // The link gives the PDF the award published
    const pdf = await fetch((await protocolLink.getAttribute('href'))!);
    expect(pdf.status).toBe(200);
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
    // Decisions are closed after the award
    expect(await page.locator('[data-testid=decision-form]').count()).toBe(0);
    expect(await page.getByRole('button', { name: /Признать победителем/ }).count()).toBe(0);
    await checkPage(page, 'evaluation-akimat-awarded');
    await context.close();
  });

  it('a losing bidder complains about the award during the standstill; it is public; the ministry decides it; a late complaint is refused', async () => {
    // Prepare: A 300 (winner), B 350 million, both qualified, A awarded by the akimat
    const { id, bidders } = await openedWithBids(['300000000', '350000000'], 'CMP');
    const [a, b] = bidders as [Bidder, Bidder];
    // The region's akimat signs for its organisation: a token carrying its BIN
    const akimat = await tokenFor({ role: 'akimat', kato: REGION, bin: uniqueBin() });
    expect((await qualify(akimat, id, a.bin, 'qualified')).status).toBe(200);
    expect((await qualify(akimat, id, b.bin, 'qualified')).status).toBe(200);
    const awarded = await signedAward(akimat, id, a.bin);
    expect(awarded.status).toBe(200);
    const period = awarded.body.award.complaintPeriod as { startDate: string; endDate: string };

    // The loser sees its result on the competition page (on a phone)
    const loser = await openPortal(browser, PHONE);
    await signIn(loser.page, { role: 'contractor', bin: b.bin }, `/competitions/${id}`);
    const result = loser.page.locator('[data-testid=bidder-result]');
    await expect.poll(() => result.count(), { timeout: 15_000 }).toBe(1);
    expect(await result.locator('[data-testid=result-outcome]').innerText()).toBe('Победителем признана другая заявка.');
    expect(await result.locator('[data-testid=result-decision]').innerText()).toContain('Допущена');
    expect(await loser.page.locator('[data-testid=countdown]').first().innerText()).toContain('До окончания срока обжалования');

    // It files a complaint about the award
    const form = loser.page.locator('[data-testid=complaint-form]');
    await expect.poll(() => form.count()).toBe(1);
    await checkPage(loser.page, 'complaint-loser-result');
    await loser.page.locator('#complaint-title').fill('Несогласие с итогами');
    await loser.page.locator('#complaint-text').fill('Победитель не имеет лицензии I категории.');
    await loser.page.getByRole('button', { name: 'Отправить жалобу' }).click();
    await expect.poll(() => loser.page.getByText('Жалоба подана.', { exact: false }).count()).toBe(1);
    const mine = loser.page.locator('[data-testid=complaints] > li');
    await expect.poll(() => mine.count()).toBe(1);
    expect(await mine.innerText()).toContain('На рассмотрении');
    await checkPage(loser.page, 'complaint-filed');
    const complaintId = await mine.getAttribute('data-complaint-id');

    // Anyone sees it on the public page, with the author's organisation
    const visitor = await openPortal(browser, DESKTOP);
    await visitor.page.goto(`/competitions/${id}`);
    const publicEntry = visitor.page.locator(`[data-testid=complaints] > li[data-complaint-id="${complaintId}"]`);
    await expect.poll(() => publicEntry.count(), { timeout: 15_000 }).toBe(1);
    const publicText = plain(await publicEntry.innerText());
    expect(publicText).toContain('Несогласие с итогами');
    expect(publicText).toContain('На итоги');
    expect(publicText).toContain(`БИН ${b.bin}`);
    expect(publicText).toContain('На рассмотрении');
    expect(await visitor.page.locator('[data-testid=complaint-form]').count()).toBe(0);
    await checkPage(visitor.page, 'complaint-public');

    // The ministry decides it in its queue
    const ministry = await openPortal(browser, DESKTOP);
    await signIn(ministry.page, { role: 'ministry' });
    await ministry.page.getByRole('link', { name: 'Жалобы' }).click();
    const queued = ministry.page.locator(`[data-testid=complaint-queue] > li[data-complaint-id="${complaintId}"]`);
    await expect.poll(() => queued.count(), { timeout: 15_000 }).toBe(1);
    expect(await queued.innerText()).toContain('решение до');
    // The queue names the competition by its title, linking to it
    expect(await queued.getByRole('link', { name: 'Модернизация котельной № CMP' }).getAttribute('href')).toBe(`/competitions/${id}`);
    await checkPage(ministry.page, 'complaint-queue');
    await queued.getByRole('radio', { name: 'Отклонить' }).check();
    await queued.getByRole('textbox', { name: 'Текст решения' }).fill('Лицензия победителя представлена в квалификационном конверте.');
    await queued.getByRole('button', { name: 'Вынести решение' }).click();
    await expect.poll(() => ministry.page.getByText('Решение по жалобе «Несогласие с итогами» вынесено: Отклонена.').count()).toBe(1);
    expect(await queued.count()).toBe(0);
    await ministry.context.close();

    // The public page shows the decision
    await visitor.page.reload();
    await expect.poll(() => publicEntry.locator('[data-testid=complaint-decision]').count(), { timeout: 15_000 }).toBe(1);
    expect(await publicEntry.innerText()).toContain('Отклонена');
    expect(await publicEntry.locator('[data-testid=complaint-decision]').innerText()).toContain('Лицензия победителя представлена в квалификационном конверте.');
    await visitor.context.close();

    // After the standstill the API refuses a complaint still typed on an open page: the page says so
    await passTime(period.endDate);
    await loser.page.locator('#complaint-title').fill('Повторная жалоба');
    await loser.page.locator('#complaint-text').fill('Прошу пересмотреть итоги.');
    await loser.page.getByRole('button', { name: 'Отправить жалобу' }).click();
    const refusal = loser.page.locator('[data-testid=complaint-form] [role=alert]');
    await expect.poll(() => refusal.count()).toBe(1);
    expect(await refusal.innerText()).toContain('Действие сейчас невозможно');
    expect(await refusal.innerText()).toContain(`the complaint period of the award ended at ${period.endDate}`);
    expect((await api(`/competitions/${id}/complaints`)).body.items).toHaveLength(1);
    // Reloaded, the page no longer offers the form, and says the period is over
    await loser.page.reload();
    await expect.poll(() => loser.page.locator('[data-testid=standstill-over]').count(), { timeout: 15_000 }).toBe(1);
    expect(await loser.page.locator('[data-testid=complaint-form]').count()).toBe(0);
    await loser.context.close();
  });
  it('a contractor complains about the tender conditions while the competition is open; the decision is public', async () => {
    const competition = await competitionFor({ kato: REGION, sector: 'water', label: 'TND' });
    const contractor = await verifiedContractor();
    const { context, page } = await openPortal(browser, DESKTOP);
    await signIn(page, { role: 'contractor', bin: contractor.bin }, `/competitions/${competition.id}`);
    const form = page.locator('[data-testid=complaint-form]');
    await expect.poll(() => form.count(), { timeout: 15_000 }).toBe(1);
    // The default bid security is stated to bidders
    expect(plain(await page.locator('[data-testid=bid-security]').innerText())).toContain('Обеспечение заявки: 1 % от цены заявки');
    // Only the tender conditions can be complained about before any award
    expect(await form.innerText()).toContain('Жалобу на условия конкурса можно подать');
    expect(await form.getByRole('radio').count()).toBe(0);
    await page.locator('#complaint-title').fill('Завышенные требования к опыту');
    await page.locator('#complaint-text').fill('Требование о 10 годах опыта ограничивает конкуренцию.');
    await page.getByRole('button', { name: 'Отправить жалобу' }).click();
    const entry = page.locator('[data-testid=complaints] > li');
    await expect.poll(() => entry.count()).toBe(1);
    expect(plain(await entry.innerText())).toContain('На условия конкурса');
    expect(await entry.innerText()).toContain('На рассмотрении');
    await checkPage(page, 'complaint-tender');
    await context.close();

    // The reviewing body leaves it without review; everyone sees the decision
    const ministry = await tokenFor({ role: 'ministry' });
    const [filed] = (await api(`/competitions/${competition.id}/complaints`)).body.items;
    const decided = await api(`/competitions/${competition.id}/complaints/${filed.id}/decision`, { token: ministry, body: { resolution: 'invalid', text: 'Жалоба подана без обоснования.' } });
    expect(decided.status).toBe(200);
    const visitor = await openPortal(browser, PHONE);
    await visitor.page.goto(`/competitions/${competition.id}`);
    await expect.poll(() => visitor.page.locator('[data-testid=complaint-decision]').count(), { timeout: 15_000 }).toBe(1);
    expect(await visitor.page.locator('[data-testid=complaints] > li').innerText()).toContain('Оставлена без рассмотрения');
    expect(await visitor.page.locator('[data-testid=complaint-decision]').innerText()).toContain('Жалоба подана без обоснования.');
    await visitor.context.close();
  });

  it('after a satisfied award complaint the akimat sees the award cancelled, decides again and awards the next bid', async () => {
    // Prepare: A 300 (awarded), B 350 million; B complains and the ministry satisfies it
    const { id, bidders } = await openedWithBids(['300000000', '350000000'], 'SAT');
    const [a, b] = bidders as [Bidder, Bidder];
    const akimat = await tokenFor({ role: 'akimat', kato: REGION, bin: uniqueBin() });
    await qualify(akimat, id, a.bin, 'qualified');
    await qualify(akimat, id, b.bin, 'qualified');
    expect((await signedAward(akimat, id, a.bin)).status).toBe(200);
    const complaint = await api(`/competitions/${id}/complaints`, { token: b.token, body: { subject: 'award', title: 'Нет лицензии', text: 'У победителя нет лицензии.' } });
    expect(complaint.status).toBe(201);
    const ministry = await tokenFor({ role: 'ministry' });
    const satisfied = await api(`/competitions/${id}/complaints/${complaint.body.id}/decision`, { token: ministry, body: { resolution: 'satisfied', text: 'Лицензия отсутствует.' } });
    expect(satisfied.status).toBe(200);

    // Act: the akimat's page shows the cancelled award and evaluation again
    const { context, page } = await openPortal(browser, DESKTOP);
    await signIn(page, { role: 'akimat', kato: REGION }, `/akimat/competitions/${id}`);
    await expect.poll(() => page.locator('[data-testid=award-cancelled]').count(), { timeout: 15_000 }).toBe(1);
    expect(await page.locator('.badge').first().getAttribute('data-status')).toBe('active.evaluation');
    expect(await page.locator('[data-testid=award-cancelled]').innerText()).toContain(`победитель БИН ${a.bin}`);
    expect(await page.locator('[data-testid=award-cancelled]').innerText()).toContain('Рассмотрение заявок возобновлено');
    await checkPage(page, 'evaluation-reopened');
    await page.locator('#decision-bin').selectOption(a.bin);
    await page.getByRole('radio', { name: 'Отклонить' }).check();
    await page.locator('#decision-reason').selectOption('qualificationNotMet');
    await page.locator('#decision-text').fill('Нет лицензии I категории (решение по жалобе).');
    await page.getByRole('button', { name: 'Сохранить решение' }).click();
    const table = page.locator('[data-testid=evaluation]');
    await expect.poll(() => table.locator(`tr[data-bin="${b.bin}"] [data-testid=bid-rank]`).innerText()).toBe('1');
    await page.getByRole('button', { name: `Признать победителем участника с БИН ${b.bin}` }).click();

    // Assess: the new award, its own protocol and standstill
    await expect.poll(() => page.locator('.badge').first().getAttribute('data-status'), { timeout: 30_000 }).toBe('active.awarded');
    expect(plain(await page.locator('[data-testid=award-winner]').innerText())).toBe(`БИН ${b.bin}, цена 350 000 000 ₸`);
    await expect.poll(() => page.locator('a[data-testid=protocol-link]').count(), { timeout: 15_000 }).toBe(1);
    expect(await page.locator('a[data-testid=protocol-link]').innerText()).toMatch(/-2\.pdf$/);
    expect(await page.locator('[data-testid=cancelled-awards]').innerText()).toContain(a.bin);
    await context.close();
  });
});
