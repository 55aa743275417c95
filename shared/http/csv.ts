/**
 * CSV downloads (RFC 4180): UTF-8 with a byte-order mark, so that spreadsheet programs read Cyrillic and Kazakh
 * letters correctly, CRLF line ends, fields quoted when they need it.
 */
import type { Lang } from '../domain/regions.js';
import type { HttpResult } from './api.js';

/** U+FEFF, written first: Excel takes a CSV without it for the local 8-bit code page and garbles Cyrillic. */
export const UTF8_BOM = '\uFEFF';

export type CsvCell = string | number | bigint | null | undefined;

/** A column heading (or a fixed name) in the three languages of the downloads. */
export type Heading = Readonly<Record<Lang, string>>;
export const heading = (ru: string, kk: string, en: string): Heading => ({ ru, kk, en });
/** The nation's row of the per-region downloads. */
export const NATION_HEADING = heading('Республика Казахстан', 'Қазақстан Республикасы', 'Republic of Kazakhstan');

/**
 * One field: quoted when it holds a comma, quote or line break; text that a spreadsheet would run as a formula (a
 * leading `=`, `+`, `-`, `@`, tab or CR that is not a number) gets a leading apostrophe.
 */
export const csvField = (cell: CsvCell): string => {
  if (cell === null || cell === undefined) return '';
  let text = String(cell);
  if (typeof cell === 'string' && /^[=+\-@\t\r]/.test(text) && !/^[+-]?\d+(\.\d+)?$/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** The whole document: BOM, a header row and the rows. */
export const toCsv = (header: readonly string[], rows: readonly (readonly CsvCell[])[]): string =>
  UTF8_BOM + [header, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';

/** A 200 response that downloads `body` as `filename`. */
export const csvResponse = (filename: string, body: string): HttpResult => ({
  statusCode: 200,
  body,
  headers: {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="${filename}"`,
  },
});
