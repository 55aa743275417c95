/**
 * Tender documents and bid envelopes in the browser, with real files: the akimat uploads documents into a draft (file
 * chooser and drag-and-drop; the SHA-256 computed in the page), a new version, publishes, and amends by adding one; a
 * visitor downloads each version and gets the original bytes; a contractor puts a document into an envelope, signs
 * the bid that carries it, and after opening the akimat downloads the contractor's bytes.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Browser, Locator, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, local, verifiedContractor } from '../support/local.js';
import { competitionFor } from './fixtures.js';
import { DESKTOP, PHONE, checkPage, launchBrowser, openPortal, passTime, plain, signIn } from './harness.js';

const REGION = '470000000';

/** A file the portal accepts as a PDF: a PDF header, then random bytes (every run a new SHA-256). */
const pdfBytes = (size: number): Buffer => Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(size - 9)]);
const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/** Clicks a download link and returns the bytes the browser saved. */
const downloadBytes = async (page: Page, link: Locator): Promise<Buffer> => {
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  return readFile((await download.path())!);
};

/** Drops `bytes` as a file named `name` on the drop zone, as a file dragged from the desktop would be. */
const dropFile = async (page: Page, dropZone: string, name: string, bytes: Buffer): Promise<void> => {
  const dataTransfer = await page.evaluateHandle(
    ({ fileName, base64 }) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], fileName, { type: 'application/pdf' }));
      return transfer;
    },
    { fileName: name, base64: bytes.toString('base64') },
  );
  await page.dispatchEvent(dropZone, 'dragover', { dataTransfer });
  await page.dispatchEvent(dropZone, 'drop', { dataTransfer });
};

describe('tender documents and bid envelopes in the browser', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('the akimat uploads, versions and publishes documents; a visitor downloads every version byte for byte', async () => {
    const competition = await competitionFor({ kato: REGION, sector: 'water', draft: true, label: 'DOC' });
    // Larger than one hashing chunk (4 MB), so the page hashes it in steps.
    const design = pdfBytes(5 * 1024 * 1024 + 123);
    const designV2 = pdfBytes(300_000);
    const specification = pdfBytes(40_000);
    const { context, page } = await openPortal(browser, DESKTOP);
    await signIn(page, { role: 'akimat', kato: REGION });
    await page.goto(`/akimat/competitions/${competition.id}`);
    await expect.poll(() => page.locator('[data-testid=document-add]').count()).toBe(1);
    const addForm = page.locator('[data-testid=document-add]');

    // A file type the platform does not take is refused at the file, by the API, before any byte is sent
    await page.locator('#document-add-title').fill('Смета');
    await page.locator('#document-add-file').setInputFiles({ name: 'смета.exe', mimeType: 'application/x-msdownload', buffer: Buffer.from('MZ') });
    await addForm.getByRole('button', { name: 'Загрузить' }).click();
    await expect.poll(() => page.locator('#document-add-file-error').count()).toBe(1);
    expect(await page.locator('#document-add-file-error').innerText()).toContain('Файлы такого типа не принимаются');
    expect(await page.locator('#document-add-file').getAttribute('aria-invalid')).toBe('true');
    await checkPage(page, 'documents-akimat-refused');

    // The file chooser: the project design (ПСД) in Russian
    await page.locator('#document-add-type').selectOption('projectDesign');
    await page.locator('#document-add-title').fill('ПСД: водопровод, том 1');
    await page.locator('#document-add-language').selectOption('ru');
    await page.locator('#document-add-file').setInputFiles({ name: 'ПСД том 1.pdf', mimeType: 'application/pdf', buffer: design });
    expect(await page.locator('#document-add-file-error').count()).toBe(0);
    await addForm.getByRole('button', { name: 'Загрузить' }).click();
    await expect.poll(() => page.getByText('Документ загружен и проверен.').count(), { timeout: 30_000 }).toBe(1);
    await expect.poll(() => page.locator('[data-testid=akimat-documents] > li').count()).toBe(1);
    expect(await page.locator('[data-testid=akimat-documents]').innerText()).toContain(sha256(design));

    // Drag and drop: the technical specification
    await page.locator('#document-add-type').selectOption('technicalSpecifications');
    await page.locator('#document-add-title').fill('Техническая спецификация');
    await dropFile(page, '[data-testid=document-add-file-drop]', 'spec.pdf', specification);
    await expect.poll(() => page.locator('[data-testid=document-add-file-chosen]').innerText()).toContain('spec.pdf');
    await addForm.getByRole('button', { name: 'Загрузить' }).click();
    await expect.poll(() => page.locator('[data-testid=akimat-documents] > li').count(), { timeout: 30_000 }).toBe(2);
    await checkPage(page, 'documents-akimat-draft');

    // A new version of the project design; the first stays listed
    const designEntry = page.locator('[data-testid=akimat-documents] > li', { hasText: 'ПСД: водопровод, том 1' });
    await designEntry.getByRole('button', { name: 'Новая версия документа «ПСД: водопровод, том 1»' }).click();
    await designEntry.locator('input[type=file]').setInputFiles({ name: 'ПСД том 1 (ред. 2).pdf', mimeType: 'application/pdf', buffer: designV2 });
    await designEntry.getByRole('button', { name: 'Загрузить' }).click();
    await expect.poll(() => page.getByText('Новая версия загружена и проверена.').count(), { timeout: 30_000 }).toBe(1);
    await expect.poll(() => designEntry.innerText()).toContain('версия 2');
    expect(await designEntry.innerText()).toContain('Прежние версии (1)');
    // The akimat's own links work on the draft, before anything is public
    expect(sha256(await downloadBytes(page, designEntry.locator('.document-file [data-testid=document-link]')))).toBe(sha256(designV2));

    // Publish
    await page.getByRole('button', { name: 'Опубликовать' }).click();
    await expect.poll(() => page.locator('.badge').first().getAttribute('data-status')).toBe('active.clarification');
    const published = (await api(`/competitions/${competition.id}`)).body;
    expect(published.version).toBe(1);
    await checkPage(page, 'documents-akimat-published');

    // After publication a new document is an amendment: the competition's version moves on
    expect(await page.locator('section[aria-labelledby=akimat-documents-title]').innerText()).toContain('изменение условий конкурса');
    await page.locator('#document-add-type').selectOption('clarifications');
    await page.locator('#document-add-title').fill('Разъяснение № 1');
    await page.locator('#document-add-file').setInputFiles({ name: 'разъяснение.pdf', mimeType: 'application/pdf', buffer: pdfBytes(10_000) });
    await addForm.getByRole('button', { name: 'Загрузить' }).click();
    await expect.poll(() => page.locator('[data-testid=akimat-documents] > li').count(), { timeout: 30_000 }).toBe(3);
    await expect.poll(async () => (await api(`/competitions/${competition.id}`)).body.version).toBe(2);
    // The competition's amendment history names the document that changed
    await page.goto(`/competitions/${competition.id}`);
    await expect.poll(() => page.locator('[data-testid=amendments]').innerText()).toContain('Документы · Разъяснение № 1 (версия 1)');
    await context.close();

    // A visitor (on a phone) downloads the current and the earlier version of the design, and the specification
    const visitor = await openPortal(browser, PHONE);
    await visitor.page.goto(`/competitions/${competition.id}`);
    await expect.poll(() => visitor.page.locator('[data-testid=documents] > li').count()).toBe(3);
    const publicDesign = visitor.page.locator('[data-testid=documents] > li', { hasText: 'ПСД: водопровод, том 1' });
    expect(plain(await publicDesign.innerText())).toContain('Проектно-сметная документация (ПСД) · Русский');
    await publicDesign.locator('summary').click();
    await checkPage(visitor.page, 'documents-public');
    const current = await downloadBytes(visitor.page, publicDesign.locator('.document-file [data-testid=document-link]'));
    expect(current.equals(designV2)).toBe(true);
    const earlier = await downloadBytes(visitor.page, publicDesign.locator('.document-versions [data-testid=document-link]'));
    expect(earlier.length).toBe(design.length);
    expect(earlier.equals(design)).toBe(true);
    const publicSpecification = visitor.page.locator('[data-testid=documents] > li', { hasText: 'Техническая спецификация' });
    expect((await downloadBytes(visitor.page, publicSpecification.locator('[data-testid=document-link]'))).equals(specification)).toBe(true);
    await visitor.context.close();
  });

  it('a contractor signs a bid carrying an envelope document; after opening the akimat downloads the same bytes', async () => {
    const competition = await competitionFor({ kato: REGION, sector: 'heat', label: 'ENV' });
    const contractor = await verifiedContractor();
    const technical = pdfBytes(700_000);
    await passTime(competition.body.tenderPeriod.startDate);

    const { context, page } = await openPortal(browser, PHONE);
    await signIn(page, { role: 'contractor', bin: contractor.bin });
    await page.goto(`/competitions/${competition.id}`);
    await expect.poll(() => page.locator('[data-testid=envelope-add]').count()).toBe(1);
    await checkPage(page, 'documents-envelopes-empty');

    // Bytes altered on their way to the storage: the server hashes what it stored, refuses it, and the page says so
    // at the file
    const addForm = page.locator('[data-testid=envelope-add]');
    let tampered = false;
    await page.route(`${local().s3}/**`, (route: Route) => {
      if (tampered || route.request().method() !== 'PUT') return route.continue();
      tampered = true;
      return route.continue({ postData: pdfBytes(technical.length) });
    });
    await page.locator('#envelope-add-title').fill('Техническое предложение');
    await page.locator('#envelope-add-file').setInputFiles({ name: 'техпредложение.pdf', mimeType: 'application/pdf', buffer: technical });
    await addForm.getByRole('button', { name: 'Загрузить' }).click();
    await expect.poll(() => page.locator('#envelope-add-file-error').count(), { timeout: 30_000 }).toBe(1);
    expect(await page.locator('#envelope-add-file-error').innerText()).toContain('Сохранённый файл не совпал с SHA-256, вычисленной здесь');
    expect(await page.locator('#envelope-add-file-error').innerText()).toContain(`not the declared ${sha256(technical)}`);
    await checkPage(page, 'documents-envelopes-sha256-refused');

    // Upload into the technical envelope; a verified document is included in the bid unless unticked
    await page.locator('#envelope-add-envelope').selectOption('technical');
    await page.locator('#envelope-add-title').fill('Техническое предложение');
    await page.locator('#envelope-add-file').setInputFiles({ name: 'техпредложение.pdf', mimeType: 'application/pdf', buffer: technical });
    await addForm.getByRole('button', { name: 'Загрузить' }).click();
    await expect.poll(() => page.locator('[data-testid=envelope-documents] > li').count(), { timeout: 30_000 }).toBe(1);
    const include = page.getByRole('checkbox', { name: 'Включить в заявку: Техническое предложение' });
    expect(await include.isChecked()).toBe(true);
    await checkPage(page, 'documents-envelopes');

    // Sign and submit: what is signed names the document and its SHA-256
    await page.locator('#bid-price').fill('1 190 000 000');
    await page.getByRole('button', { name: 'Подать заявку' }).click();
    await expect.poll(() => page.locator('[data-testid=bid-signing-documents]').count(), { timeout: 15_000 }).toBe(1);
    const signed = await page.locator('[data-testid=bid-signing-documents]').innerText();
    expect(signed).toContain('техпредложение.pdf');
    expect(signed).toContain(sha256(technical));
    await page.locator('[data-testid=bid-sign]').click();
    await expect.poll(() => page.locator('[data-testid=bid-documents] [data-testid=document-link]').count(), { timeout: 15_000 }).toBe(1);
    expect(await page.locator('[data-testid=envelope-documents]').innerText()).toContain('в текущей заявке');
    // The bid carries the document: it cannot be deleted while the bid does
    expect(await page.getByRole('button', { name: 'Удалить «Техническое предложение»' }).count()).toBe(0);
    await checkPage(page, 'documents-bid-submitted');
    const own = (await api(`/competitions/${competition.id}/bids/me`, { token: contractor.token })).body;
    expect(own.documents).toMatchObject([{ envelope: 'technical', fileName: 'техпредложение.pdf', sha256: sha256(technical), size: technical.length }]);
    await context.close();

    // Past the deadline the akimat opens the bids and downloads the contractor's document
    await passTime(competition.body.tenderPeriod.endDate);
    const akimat = await openPortal(browser, DESKTOP);
    await signIn(akimat.page, { role: 'akimat', kato: REGION });
    await akimat.page.goto(`/akimat/competitions/${competition.id}`);
    const openButton = akimat.page.getByRole('button', { name: 'Вскрыть заявки' });
    await expect.poll(async () => (await openButton.count()) + (await akimat.page.locator('[data-testid=opened-bids]').count()), { timeout: 15_000 }).toBe(1);
    if (await openButton.count()) await openButton.click();
    await expect.poll(() => akimat.page.locator('[data-testid=opened-bid-documents] [data-testid=document-link]').count(), { timeout: 15_000 }).toBe(1);
    expect(await akimat.page.locator('[data-testid=opened-bid-documents]').innerText()).toContain('Техническая часть: техпредложение.pdf');
    await checkPage(akimat.page, 'documents-opened-bids');
    const received = await downloadBytes(akimat.page, akimat.page.locator('[data-testid=opened-bid-documents] [data-testid=document-link]'));
    expect(received.equals(technical)).toBe(true);
    await akimat.context.close();
  });
});
