/**
 * The evaluation protocol as a PDF, in Russian and Kazakh (pdf-lib with DejaVu Sans embedded: Cyrillic and the
 * Kazakh letters ә ғ қ ң ө ұ ү һ і). The same protocol renders to the same bytes — fixed dates, a fixed font name
 * instead of pdf-lib's random suffix — so the SHA-256 the akimat signs is the SHA-256 of the published file.
 *
 * pdf-lib and fontkit are imported on the first render (the award), not at the function's cold start, from a module
 * whose specifier is a variable (`./pdf-engine.js`, or the packaged `pdf-engine.mjs` in AWS): esbuild then leaves the
 * import to run time instead of inlining 1.3 MB into the handler's bundle.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { protocolConfig } from '../config.js';
import { DISQUALIFICATION_REASONS } from '../domain/evaluation.js';
import { formatTenge } from '../domain/money.js';
import { regionByKato } from '../domain/regions.js';
import type { Protocol } from '../use-cases/evaluation.js';

/** The font: beside the handler in AWS (`PROTOCOL_FONT_FILE`, bundled by the CDK app), from npm locally. */
const fontFile = (): string => protocolConfig.fontFile ?? createRequire(import.meta.url).resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');

let fontBytes: Promise<Buffer> | undefined;

const engineModule = protocolConfig.pdfEngineModule ?? './pdf-engine.js';
type PdfEngine = typeof import('./pdf-engine.js');

const A4 = [595.28, 841.89] as const;
const MARGIN = 40;

const yesNo = (value: boolean): string => (value ? 'да / иә' : 'нет / жоқ');

const checkLines = (b: Protocol['bids'][number]): string[] => [
  `ЭЦП / ЭЦҚ: ${yesNo(b.checks.signatureValid)}; обеспечение / қамтамасыз ету: ${yesNo(b.checks.bidSecurity.present)} (не менее / кемінде ${b.checks.bidSecurity.requiredAmount} ₸)`,
  `РНУ / ЖҚТ: ${yesNo(b.checks.unscrupulous.listed)}; демпинг: ${yesNo(b.checks.abnormallyLow)}; выше сметы / сметадан жоғары: ${yesNo(b.checks.aboveEstimate)}`,
];

const decisionText = (b: Protocol['bids'][number]): string =>
  b.decision === 'qualified'
    ? 'допущена / жіберілді'
    : b.decision === 'disqualified'
      ? 'отклонена / қабылданбады'
      : 'без решения / шешімсіз';

/** Renders the protocol: every bid with its checks, decision, reasons and rank, and the winner. */
export const renderProtocol = async (protocol: Protocol): Promise<Uint8Array> => {
  const { PDFDocument, rgb, fontkit } = (await import(engineModule)) as PdfEngine;
  fontBytes ??= readFile(fontFile());
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const font = await doc.embedFont(await fontBytes, { subset: true, customName: 'DejaVuSans' });
  const dated = new Date(protocol.awardedAt);
  doc.setTitle(`Протокол итогов / Қорытындылар хаттамасы ${protocol.competition.id}`);
  doc.setSubject(`Победитель / Жеңімпаз: ${protocol.winner.bin}`);
  // The bidders' BINs, searchable without extracting the page text (which is glyph-encoded).
  doc.setKeywords(protocol.bids.map((b) => b.bin));
  doc.setLanguage('ru-KZ');
  doc.setProducer('Konkurs');
  doc.setCreator('Konkurs');
  doc.setCreationDate(dated);
  doc.setModificationDate(dated);

  let page = doc.addPage([...A4]);
  let y = A4[1] - MARGIN;
  const width = A4[0] - 2 * MARGIN;
  const write = (text: string, size = 9, indent = 0) => {
    // Greedy wrapping by words at the page width.
    const words = text.split(/\s+/);
    let line = '';
    const flush = () => {
      if (y < MARGIN + size) {
        page = doc.addPage([...A4]);
        y = A4[1] - MARGIN;
      }
      page.drawText(line, { x: MARGIN + indent, y, size, font, color: rgb(0, 0, 0) });
      y -= size * 1.4;
      line = '';
    };
    for (const word of words) {
      const candidate = line ? `${line} ${word}` : word;
      if (line && font.widthOfTextAtSize(candidate, size) > width - indent) flush();
      line = line ? `${line} ${word}` : word;
    }
    if (line) flush();
  };

  const c = protocol.competition;
  const region = regionByKato(c.kato);
  write('ПРОТОКОЛ ИТОГОВ КОНКУРСА', 14);
  write('КОНКУРС ҚОРЫТЫНДЫЛАРЫНЫҢ ХАТТАМАСЫ', 14);
  y -= 6;
  write(`Конкурс / Конкурс: ${c.id}`);
  write(`Наименование / Атауы: ${c.title.ru}${c.title.kk ? ` / ${c.title.kk}` : ''}`);
  write(`Регион / Өңір: ${region ? `${region.name.ru} / ${region.name.kk}` : c.kato}; отрасль / сала: ${c.sector}`);
  write(`Выделенная сумма / Бөлінген сома: ${formatTenge(c.estimatedValue, 'ru')}`);
  write(`Вскрытие заявок / Өтінімдерді ашу: ${c.bidsOpenedAt}`);
  write(`Дата протокола / Хаттама күні: ${protocol.awardedAt}`);
  y -= 6;
  write(`Заявки / Өтінімдер (${protocol.bids.length})`, 11);
  protocol.bids.forEach((b, i) => {
    y -= 4;
    write(
      `${i + 1}. БИН / БСН ${b.bin}: ${formatTenge(b.price, 'ru')}, подана / берілді ${b.submittedAt}${b.valid ? '' : ' — недействительна (изменение условий) / жарамсыз'}`,
      10,
    );
    for (const line of checkLines(b)) write(line, 9, 12);
    write(`Решение / Шешім: ${decisionText(b)}${b.rank ? `; место / орын: ${b.rank}` : ''}`, 9, 12);
    for (const r of b.reasons) write(`— ${DISQUALIFICATION_REASONS[r.code].ru} / ${DISQUALIFICATION_REASONS[r.code].kk}: ${r.text}`, 9, 24);
  });
  y -= 8;
  write(`Победитель / Жеңімпаз: БИН / БСН ${protocol.winner.bin}, ${formatTenge(protocol.winner.price, 'ru')}`, 11);
  return doc.save();
};
