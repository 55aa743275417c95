/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// page.evaluate() callbacks run in Chromium: the DOM types describe what they see.
/**
 * Browser-test harness: Debian's Chromium driven by playwright-core against the portal of the local runtime that the
 * global setup boots. Every page a test visits goes through `checkPage`: a full-page screenshot under
 * `test-results/screenshots/`, axe-core with no serious or critical violation, and (for phone-sized pages) no
 * horizontal scrolling.
 */
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { advanceClock, clockNow, local } from '../support/local.js';

/** The flags Debian's Chromium needs in a container (see the architecture notes). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-dev-shm-usage',
];

export const SCREENSHOT_DIR = resolve(import.meta.dirname, '..', '..', 'test-results', 'screenshots');

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

export const launchBrowser = (): Promise<Browser> =>
  chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS, headless: true });

export const PHONE = { width: 375, height: 812 } as const;

/** Uncaught errors of each page's scripts; `checkPage` requires there are none. */
const pageErrors = new WeakMap<Page, string[]>();
export const DESKTOP = { width: 1280, height: 900 } as const;

/**
 * A fresh browser context (its own storage: language, session) on the portal. The browser's time zone is UTC on
 * purpose: the portal must show Almaty time whatever the reader's clock says.
 */
export const openPortal = async (browser: Browser, viewport: { width: number; height: number } = DESKTOP): Promise<{ context: BrowserContext; page: Page }> => {
  const context = await browser.newContext({
    baseURL: local().portal,
    viewport,
    locale: 'en-US',
    timezoneId: 'UTC',
    acceptDownloads: true,
    ...(viewport.width < 500 ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
  });
  const page = await context.newPage();
  const errors: string[] = [];
  pageErrors.set(page, errors);
  page.on('pageerror', (error) => errors.push(`${page.url()}: ${error.message}`));
  return { context, page };
};

/** Text as a reader sees it: Intl's no-break and narrow no-break spaces become plain spaces. */
export const plain = (text: string | null): string => (text ?? '').replace(/[\u00a0\u202f]/g, ' ');

/** Waits until the page has no loading indicator left. */
export const settle = async (page: Page): Promise<void> => {
  await page.waitForLoadState('networkidle');
  await page.waitForFunction(() => !document.querySelector('.loading'), undefined, { timeout: 15_000 });
};

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; html: string }[];
}

/** Runs axe-core on the page as it is now; returns serious and critical violations. */
export const seriousViolations = async (page: Page): Promise<AxeViolation[]> => {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: axePath });
  const violations = await page.evaluate(async () => {
    const result = await (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: AxeViolation[] }> } }).axe.run(document, {
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, html: n.html.slice(0, 200) })) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
};

export const screenshots: string[] = [];

/**
 * The checks every page gets: a screenshot, axe-core (no serious/critical violation) and, on a phone-sized viewport,
 * no horizontal scroll.
 */
export const checkPage = async (page: Page, name: string): Promise<void> => {
  await settle(page);
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  screenshots.push(file);

  expect(pageErrors.get(page) ?? [], `script errors before ${name}`).toEqual([]);
  expect(await seriousViolations(page), `axe-core on ${name} (${page.url()})`).toEqual([]);

  const viewport = page.viewportSize();
  if (viewport && viewport.width < 500) {
    const overflow = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      clientWidth: document.documentElement.clientWidth,
      widest: [...document.querySelectorAll<HTMLElement>('body *')]
        .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
        .slice(0, 5)
        .map((e) => `${e.tagName.toLowerCase()}.${e.className} → ${Math.round(e.getBoundingClientRect().right)}px`),
    }));
    expect(overflow.scrollWidth, `horizontal scroll on ${name}: ${overflow.widest.join('; ')}`).toBeLessThanOrEqual(overflow.clientWidth);
  }
};

/** Signs in through the development sign-in page as a demo user. */
export const signIn = async (
  page: Page,
  user: { role: 'akimat' | 'contractor' | 'ministry' | 'financier'; kato?: string; bin?: string; route?: 'dbk-banks' | 'khc-bonds' },
  next?: string,
): Promise<void> => {
  await page.goto(`/signin${next ? `?next=${encodeURIComponent(next)}` : ''}`);
  await page.locator(`input[name=role][value=${user.role}]`).check();
  if (user.role === 'akimat' && user.kato) await page.locator('#signin-region').selectOption(user.kato);
  if (user.role === 'financier' && user.route) await page.locator('#signin-route').selectOption(user.route);
  if (user.role === 'contractor' && user.bin) {
    await page.locator('input[name=bin][value=other]').check();
    await page.locator('#other-bin').fill(user.bin);
  }
  await page.locator('form button[type=submit]').click();
  await page.waitForURL((url) => url.pathname !== '/signin');
  await expect.poll(() => page.locator('[data-testid=who]').count()).toBe(1);
};

/** Moves the development clock to just past `iso` (server time). */
export const passTime = async (iso: string): Promise<void> => {
  const seconds = Math.ceil((new Date(iso).getTime() - (await clockNow()).getTime()) / 1000) + 1;
  if (seconds > 0) await advanceClock(seconds);
};
