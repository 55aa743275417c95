/**
 * Switching the language (kk / ru / en) changes every visible label, `<html lang>` and the document title, the
 * formats of money and dates (Almaty time, whatever the browser's time zone), and is remembered across reloads.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatAlmaty } from '../../shared/domain/calendar.js';
import { formatTenge } from '../../shared/domain/money.js';
import type { Lang } from '../../shared/domain/regions.js';
import { api, uniqueBin } from '../support/local.js';
import { competitionFor, type PublishedCompetition } from './fixtures.js';
import { DESKTOP, checkPage, launchBrowser, openPortal, plain, signIn } from './harness.js';

/** Elements that carry interface text (not data): every one must change with the language. */
const LABELS = [
  'h1',
  'h2',
  'h3',
  'label',
  'legend',
  'button',
  'dt',
  'th[scope=col]',
  'summary',
  'nav a',
  '.badge',
  '.hint',
  '.lead',
  '.empty',
  '.countdown',
  '.qa-label',
  '.kpi-label',
  'footer p',
  'option',
].join(', ');

const labels = (page: Page): Promise<string[]> =>
  page.locator(LABELS).evaluateAll((elements) =>
    elements
      .filter((e) => !e.closest('.lang-switch') && (e.tagName === 'OPTION' || (e as HTMLElement).checkVisibility()))
      .map((e) => `${e.tagName.toLowerCase()}: ${(e as HTMLElement).innerText ?? e.textContent}`.replace(/\s+/g, ' ').trim()),
  );

const switchTo = async (page: Page, lang: Lang): Promise<void> => {
  await page.locator(`button[data-lang=${lang}]`).click();
  await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe(lang);
};

/** The labels of one page in each language, in document order. */
const labelsByLanguage = async (page: Page): Promise<Record<Lang, string[]>> => {
  await switchTo(page, 'ru');
  const ru = await labels(page);
  await switchTo(page, 'kk');
  const kk = await labels(page);
  await switchTo(page, 'en');
  const en = await labels(page);
  await switchTo(page, 'ru');
  return { ru, kk, en };
};

/** A figure rather than words (an amount, a count): Kazakh and Russian write tenge alike; checked separately below. */
const isFigure = (text: string): boolean => /^\w+: [\d\s.,₸%—-]*$/u.test(text);

const untranslated = (all: Record<Lang, string[]>): string[] =>
  all.ru.flatMap((ru, i) => {
    const kk = all.kk[i];
    const en = all.en[i];
    if (isFigure(ru)) return [];
    return ru === kk || ru === en || kk === en ? [`${ru} | ${kk} | ${en}`] : [];
  });

describe('languages', () => {
  let browser: Browser;
  let competition: PublishedCompetition;
  let inquiry: { id: string; accessToken: string };

  beforeAll(async () => {
    browser = await launchBrowser();
    competition = await competitionFor({ kato: '630000000', sector: 'electricity', value: '1234567.5', label: 'LNG' });
    const filed = await api('/inquiries', { body: { topic: 'financing', text: 'Как подать заявку на финансирование?', contact: { name: 'Ерлан', phone: '+77012345678' } } });
    if (filed.status !== 201) throw new Error(`inquiry refused: ${JSON.stringify(filed.body)}`);
    inquiry = filed.body;
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('translates every label of the public pages and the sign-in page', async () => {
    const { context, page } = await openPortal(browser, DESKTOP);
    for (const path of ['/', `/competitions/${competition.id}`, '/summary', '/inquiries/new', `/inquiries/${inquiry.id}?token=${inquiry.accessToken}`, '/inquiries/NO-SUCH-INQUIRY', '/signin', '/no-such-page']) {
      await page.goto(path);
      await page.waitForLoadState('networkidle');
      const all = await labelsByLanguage(page);
      expect(all.kk.length, `${path}: same elements in kk`).toBe(all.ru.length);
      expect(all.en.length, `${path}: same elements in en`).toBe(all.ru.length);
      expect(all.ru.length, path).toBeGreaterThan(5);
      expect(untranslated(all), `${path}: labels that did not change`).toEqual([]);
    }
    await context.close();
  });

  it('translates the signed-in pages of each role', async () => {
    const { context, page } = await openPortal(browser, DESKTOP);
    await signIn(page, { role: 'akimat', kato: '630000000' });
    for (const path of ['/akimat', `/akimat/competitions/${competition.id}`, '/akimat/new', '/akimat/inquiries', '/akimat/financing']) {
      await page.goto(path);
      await page.waitForLoadState('networkidle');
      const all = await labelsByLanguage(page);
      expect(all.kk.length, path).toBe(all.ru.length);
      expect(all.en.length, path).toBe(all.ru.length);
      expect(untranslated(all), `${path}: labels that did not change`).toEqual([]);
    }
    await signIn(page, { role: 'contractor', bin: uniqueBin() });
    for (const path of ['/contractor', '/contractor/register', '/contractor/bids', '/contractor/contracts', `/competitions/${competition.id}`]) {
      await page.goto(path);
      await page.waitForLoadState('networkidle');
      const all = await labelsByLanguage(page);
      expect(all.kk.length, path).toBe(all.ru.length);
      expect(untranslated(all), `${path}: labels that did not change`).toEqual([]);
    }
    await signIn(page, { role: 'ministry' });
    for (const path of ['/ministry', '/ministry/complaints', '/ministry/registry', '/ministry/inquiries', `/ministry/inquiries/${inquiry.id}`, '/ministry/implementation', '/ministry/red-flags']) {
      await page.goto(path);
      await page.waitForLoadState('networkidle');
      const all = await labelsByLanguage(page);
      expect(untranslated(all), `${path}: labels that did not change`).toEqual([]);
    }
    await context.close();
  });

  it('writes money and Almaty dates in the format of each language, and remembers the choice', async () => {
    // Prepare: the formats the shared domain module gives with full ICU data (Node), the reference for the browser
    const published = new Date(competition.body.publishedAt);
    const { context, page } = await openPortal(browser, DESKTOP);
    await page.goto(`/competitions/${competition.id}`);
    await page.waitForLoadState('networkidle');

    const seen: Record<string, Record<string, string>> = {};
    for (const lang of ['ru', 'kk', 'en'] as const) {
      // Act
      await switchTo(page, lang);
      seen[lang] = {
        title: await page.locator('h1').innerText(),
        value: plain(await page.locator('[data-testid=value]').textContent()),
        published: plain(await page.locator('[data-testid=published-at]').textContent()),
        documentTitle: await page.title(),
      };
      // Assess
      expect(seen[lang]!.value).toBe(plain(formatTenge('1234567.5', lang)));
      expect(seen[lang]!.published).toBe(plain(formatAlmaty(published, lang)));
      await checkPage(page, `competition-${lang}`);
    }
    expect(seen.ru).toMatchObject({ value: '1 234 567,50 ₸', title: 'Модернизация котельной № LNG' });
    expect(seen.kk).toMatchObject({ value: '1 234 567,50 ₸', title: '№ LNG қазандықты жаңғырту' });
    expect(seen.en).toMatchObject({ value: '₸1,234,567.50', title: 'Boiler house No. LNG modernisation' });
    expect(seen.ru!.published).toMatch(/^\d{1,2} [а-я]+ \d{4} г\. в \d{2}:\d{2}$/);
    expect(seen.kk!.published).toMatch(/^\d{4} ж\. \d{1,2} [а-яәғқңөұүһі]+, \d{2}:\d{2}$/);
    expect(seen.en!.published).toMatch(/^\d{1,2} [A-Z][a-z]+ \d{4} at \d{2}:\d{2}$/);
    expect(new Set([seen.ru!.documentTitle, seen.kk!.documentTitle, seen.en!.documentTitle]).size).toBe(3);

    // The choice survives a reload (localStorage)
    await switchTo(page, 'kk');
    await page.reload();
    await page.waitForLoadState('networkidle');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('kk');
    expect(await page.locator('button[data-lang=kk]').getAttribute('aria-pressed')).toBe('true');
    expect(await page.locator('h1').innerText()).toBe('№ LNG қазандықты жаңғырту');
    await context.close();
  });
});
