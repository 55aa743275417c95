/**
 * The МЭКС contact centre in the portal. On a 375-px phone: anyone files an inquiry and follows it with the link it
 * gets (and, in the same browser, with the answer email's token-less link; elsewhere, with the access code); the
 * region's akimat sees it in its queue with its deadline, takes it and answers; the inquirer then reads the answer.
 * On a desktop: the ministry's queue of national inquiries, taken and answered in English, and an akimat's inquiry
 * the ministry only oversees.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { inquiryItem } from '../../shared/adapters/inquiry-store.js';
import { formatAlmaty } from '../../shared/domain/calendar.js';
import type { Inquiry } from '../../shared/domain/inquiry.js';
import { hashAccessToken } from '../../shared/use-cases/inquiries.js';
import { api, clockNow, documentClient, uniqueEmail } from '../support/local.js';
import { competitionFor } from './fixtures.js';
import { DESKTOP, PHONE, checkPage, launchBrowser, openPortal, plain, signIn } from './harness.js';

// Zhambyl region: no other browser test files inquiries there.
const KATO = '310000000';

/** An inquiry filed weeks ago and never answered, written as the demo data writes it: past its deadline. */
const overdueInquiry = async (): Promise<Inquiry> => {
  const now = (await clockNow()).getTime();
  const inquiry: Inquiry = {
    id: `OLD${Date.now().toString(36).toUpperCase()}`,
    topic: 'other',
    text: 'Where is the schedule of the programme published?',
    contact: { name: 'Asel', phone: '+77015554433' },
    language: 'en',
    routedTo: 'ministry',
    status: 'new',
    filedAt: new Date(now - 20 * 86_400_000).toISOString(),
    dueAt: new Date(now - 13 * 86_400_000).toISOString(),
    accessTokenHash: hashAccessToken('never-shown-token-of-an-old-inquiry'),
  };
  await documentClient().send(new PutCommand({ TableName: 'konkurs', Item: inquiryItem(inquiry) }));
  return inquiry;
};

const statusOf = (page: Page) => page.locator('[data-testid=inquiry] [data-status], [data-testid=inquiry-case] [data-status]').first().getAttribute('data-status');

describe('contact-centre inquiries in the portal', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('files an inquiry, follows it by its link, and reads the answer the akimat gives from its queue (375 px)', async () => {
    const email = uniqueEmail('inquirer');
    const question = 'Когда объявят конкурс на реконструкцию котельной в Таразе?';
    const answer = 'Конкурс будет объявлен в апреле.\nДокументация — на портале.';

    // File: anyone, from the navigation; a contact is required.
    const inquirer = await openPortal(browser, PHONE);
    const page = inquirer.page;
    await page.goto('/');
    await page.locator('nav').getByRole('link', { name: 'Контакт-центр' }).click();
    await expect.poll(() => page.url()).toMatch(/\/inquiries\/new$/);
    await page.locator('#inquiry-topic').selectOption('competition');
    await page.locator('#inquiry-region').selectOption(KATO);
    await page.locator('#inquiry-text').fill(question);
    await page.locator('#inquiry-name').fill('Айгерим');
    await page.getByRole('button', { name: 'Отправить обращение' }).click();
    await expect.poll(() => page.locator('#inquiry-contact-error').textContent()).toContain('почту или телефон');
    expect(await page.locator('#inquiry-email').getAttribute('aria-invalid')).toBe('true');
    await checkPage(page, 'inquiry-new-invalid');
    await page.locator('#inquiry-email').fill(email);
    await page.locator('#inquiry-phone').fill('+7 701 234 56 78');
    await page.getByRole('button', { name: 'Отправить обращение' }).click();
    await expect.poll(() => page.locator('[data-testid=inquiry-filed]').textContent()).toContain('Акимат: Жамбылская область');
    await checkPage(page, 'inquiry-filed');
    const followHref = (await page.locator('[data-testid=follow-link]').getAttribute('href'))!;
    const [, id, token] = /^\/inquiries\/([\w-]+)\?token=([\w-]+)$/.exec(followHref) ?? [];
    expect(id, followHref).toBeTruthy();
    const filed = await api(`/inquiries/${id}?token=${token}`);
    expect(filed.status).toBe(200);
    expect(filed.body).toMatchObject({ topic: 'competition', kato: KATO, routedTo: KATO, status: 'new', text: question });
    expect(plain(await page.locator('[data-testid=inquiry-filed]').textContent())).toContain(plain(formatAlmaty(new Date(filed.body.dueAt), 'ru')));

    // Follow: the link shows the status and the deadline.
    await page.locator('[data-testid=follow-link]').click();
    await expect.poll(() => statusOf(page)).toBe('new');
    expect(await page.locator('[data-testid=inquiry-text]').textContent()).toBe(question);
    expect(plain(await page.locator('[data-testid=due]').textContent())).toBe(plain(formatAlmaty(new Date(filed.body.dueAt), 'ru')));
    expect(await page.getByText('Ответа пока нет.').count()).toBe(1);
    await checkPage(page, 'inquiry-follow-new');

    // The akimat of the region: its queue shows the inquiry with its deadline; it takes it and answers.
    const official = await openPortal(browser, PHONE);
    const staff = official.page;
    await signIn(staff, { role: 'akimat', kato: KATO });
    await staff.locator('nav').getByRole('link', { name: 'Обращения' }).click();
    const card = staff.locator(`[data-testid=inquiry-card][data-id="${id}"]`);
    await expect.poll(() => card.count(), { timeout: 15_000 }).toBe(1);
    expect(await card.getAttribute('data-status')).toBe('new');
    expect(plain(await card.locator('[data-testid=card-due]').textContent())).toBe(plain(formatAlmaty(new Date(filed.body.dueAt), 'ru')));
    await checkPage(staff, 'inquiry-queue-akimat');
    await staff.locator('#inquiries-status').selectOption('answered');
    await expect.poll(() => staff.getByText('Обращений нет.').count()).toBe(1);
    await staff.locator('#inquiries-status').selectOption('new');
    await card.getByRole('link').click();
    await expect.poll(() => statusOf(staff)).toBe('new');
    expect(await staff.locator('[data-testid=inquiry-case]').textContent()).toContain(email);
    await checkPage(staff, 'inquiry-case-akimat-new');
    await staff.getByRole('button', { name: 'Взять в работу' }).click();
    await expect.poll(() => statusOf(staff)).toBe('in-progress');
    await staff.locator('#inquiry-reply').fill(answer);
    await checkPage(staff, 'inquiry-case-akimat-answering');
    await staff.getByRole('button', { name: 'Отправить ответ' }).click();
    await expect.poll(() => statusOf(staff)).toBe('answered');
    expect(await staff.getByText('Ответ отправлен.').count()).toBe(1);
    expect(await staff.locator('#inquiry-reply').count()).toBe(0);
    await checkPage(staff, 'inquiry-case-akimat-answered');
    await official.context.close();

    // The inquirer sees the answer; in this browser the email's link (no token in it) opens the inquiry too.
    await page.reload();
    await expect.poll(() => statusOf(page)).toBe('answered');
    expect(await page.locator('[data-testid=inquiry-answer]').textContent()).toBe(answer);
    await checkPage(page, 'inquiry-follow-answered');
    await page.goto(`/inquiries/${id}`);
    await expect.poll(() => statusOf(page)).toBe('answered');
    await inquirer.context.close();

    // In another browser the token-less link asks for the access code; a wrong one finds nothing.
    const elsewhere = await openPortal(browser, PHONE);
    await elsewhere.page.goto(`/inquiries/${id}`);
    await elsewhere.page.locator('#inquiry-code').fill('A'.repeat(43));
    await elsewhere.page.getByRole('button', { name: 'Показать обращение' }).click();
    await expect.poll(() => elsewhere.page.getByText('Обращение не найдено').count()).toBe(1);
    await checkPage(elsewhere.page, 'inquiry-follow-wrong-code');
    await elsewhere.page.locator('#inquiry-code').fill(token!);
    await elsewhere.page.getByRole('button', { name: 'Показать обращение' }).click();
    await expect.poll(() => statusOf(elsewhere.page)).toBe('answered');
    await elsewhere.context.close();
  });

  it('lets the ministry take and answer national inquiries, and oversee the akimats’ (desktop, English)', async () => {
    // Prepare: a national (financing) inquiry and a regional one, filed through the API.
    const national = await api('/inquiries', {
      body: { topic: 'financing', kato: KATO, text: 'How does the Development Bank finance a water project?', contact: { name: 'Erlan', phone: '+77012345678' }, language: 'en' },
    });
    const regional = await api('/inquiries', {
      body: { topic: 'project', kato: KATO, text: 'Is the Taraz sewerage project approved?', contact: { name: 'Dana', email: uniqueEmail('dana') } },
    });
    expect([national.status, regional.status]).toEqual([201, 201]);
    expect(national.body.routedTo).toBe('ministry');
    const late = await overdueInquiry();

    const { context, page } = await openPortal(browser, DESKTOP);
    await signIn(page, { role: 'ministry' });
    await page.locator('button[data-lang=en]').click();
    await page.locator('nav').getByRole('link', { name: 'Inquiries' }).click();
    const card = page.locator(`[data-testid=inquiry-card][data-id="${national.body.id}"]`);
    await expect.poll(() => card.count(), { timeout: 15_000 }).toBe(1);
    expect(await page.locator(`[data-testid=inquiry-card][data-id="${regional.body.id}"]`).count()).toBe(0);
    expect(await card.textContent()).toContain('The ministry');
    expect(await card.locator('[data-testid=overdue]').count()).toBe(0);
    const lateCard = page.locator(`[data-testid=inquiry-card][data-id="${late.id}"]`);
    expect(await lateCard.locator('[data-testid=overdue]').textContent()).toBe('Overdue');
    expect(plain(await lateCard.locator('[data-testid=card-due]').textContent())).toBe(plain(formatAlmaty(new Date(late.dueAt), 'en')));
    await checkPage(page, 'inquiry-queue-ministry');

    // Take and answer the national one.
    await card.getByRole('link').click();
    await expect.poll(() => statusOf(page)).toBe('new');
    await page.getByRole('button', { name: 'Take into work' }).click();
    await expect.poll(() => statusOf(page)).toBe('in-progress');
    await page.locator('#inquiry-reply').fill('Through the regional akimat: it applies to the Development Bank of Kazakhstan.');
    await page.getByRole('button', { name: 'Send the answer' }).click();
    await expect.poll(() => statusOf(page)).toBe('answered');
    await checkPage(page, 'inquiry-case-ministry-answered');
    const seen = await api(`/inquiries/${national.body.id}?token=${national.body.accessToken}`);
    expect(seen.body).toMatchObject({ status: 'answered', answer: { text: 'Through the regional akimat: it applies to the Development Bank of Kazakhstan.' } });

    // The akimat's inquiry: listed under its akimat, readable, but not the ministry's to take.
    await page.getByRole('link', { name: 'All inquiries' }).click();
    await page.locator('#inquiries-party').selectOption(KATO);
    const regionalCard = page.locator(`[data-testid=inquiry-card][data-id="${regional.body.id}"]`);
    await expect.poll(() => regionalCard.count(), { timeout: 15_000 }).toBe(1);
    await regionalCard.getByRole('link').click();
    await expect.poll(() => statusOf(page)).toBe('new');
    expect(await page.getByText('Another party answers this inquiry (Akimat: Zhambyl Region)').count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Take into work' }).count()).toBe(0);
    await checkPage(page, 'inquiry-case-ministry-oversight');
    await context.close();
  });

  it('files an inquiry about a competition from its page, routed to its region', async () => {
    const competition = await competitionFor({ kato: KATO, sector: 'water', label: 'INQ' });
    const { context, page } = await openPortal(browser, PHONE);
    await page.goto(`/competitions/${competition.id}`);
    await page.locator('[data-testid=ask-contact-centre]').click();
    await expect.poll(() => page.locator('[data-testid=inquiry-competition]').textContent()).toContain(competition.id);
    expect(await page.locator('#inquiry-region').inputValue()).toBe(KATO);
    await checkPage(page, 'inquiry-new-about-competition');
    await page.locator('#inquiry-text').fill('Можно ли подать заявку консорциумом?');
    await page.locator('#inquiry-name').fill('ТОО «Вопрос»');
    await page.locator('#inquiry-phone').fill('+7 727 111 22 33');
    await page.getByRole('button', { name: 'Отправить обращение' }).click();
    await expect.poll(() => page.locator('[data-testid=inquiry-filed]').count()).toBe(1);
    const [, id, token] = /^\/inquiries\/([\w-]+)\?token=([\w-]+)$/.exec((await page.locator('[data-testid=follow-link]').getAttribute('href'))!) ?? [];
    expect((await api(`/inquiries/${id}?token=${token}`)).body).toMatchObject({ topic: 'competition', kato: KATO, routedTo: KATO, competitionId: competition.id });
    await context.close();
  });
});
