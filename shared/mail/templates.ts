/**
 * Email templates in kk, ru and en, each rendered to a subject, an HTML body and a plain-text body.
 *
 * Every value interpolated into HTML is escaped, and every value that reaches a header (the subject) loses its line
 * breaks and control characters, so user text (titles, names) can never inject markup or headers.
 */
import type { Lang } from '../domain/regions.js';
import type { TemplateName } from './mail-job.js';

export interface RenderedEmail {
  readonly subject: string;
  readonly html: string;
  readonly text: string;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and quoted attribute values. */
export const escapeHtml = (value: string): string => value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);

/**
 * Bidirectional formatting characters (embeddings, overrides, isolates, marks): in a subject they let a title reorder
 * the text around it (U+202E turns `…exe.pdf` into `…fdp.exe`), so they are removed, not replaced.
 */
const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** One line of plain text: no CR, LF, other control or bidi formatting characters, so it is safe in a header. */
export const headerSafe = (value: string): string =>
  value.replace(BIDI_CONTROLS, '').replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim();

type Vars = Readonly<Record<string, string | undefined>>;

interface Copy {
  readonly subject: (v: Vars) => string;
  /** Paragraphs of plain text (escaped when rendered as HTML). */
  readonly paragraphs: (v: Vars) => string[];
  readonly action: string;
}

const COPY: Record<TemplateName, Record<Lang, Copy>> = {
  'verify-email': {
    ru: {
      subject: () => 'Konkurs: подтвердите адрес электронной почты',
      paragraphs: (v) => [
        `Здравствуйте, ${v.name}!`,
        'Вы зарегистрировали организацию на платформе конкурсов МЭКС. Чтобы задавать вопросы и подавать заявки, подтвердите адрес электронной почты.',
      ],
      action: 'Подтвердить адрес',
    },
    kk: {
      subject: () => 'Konkurs: электрондық пошта мекенжайын растаңыз',
      paragraphs: (v) => [
        `Сәлеметсіз бе, ${v.name}!`,
        'Сіз ұйымды МЭКС конкурстар платформасында тіркедіңіз. Сұрақ қою және өтінім беру үшін электрондық пошта мекенжайын растаңыз.',
      ],
      action: 'Мекенжайды растау',
    },
    en: {
      subject: () => 'Konkurs: confirm your email address',
      paragraphs: (v) => [
        `Hello, ${v.name}!`,
        'You registered your organisation on the МЭКС competition platform. Confirm your email address to ask questions and submit bids.',
      ],
      action: 'Confirm address',
    },
  },
  'competition-published': {
    ru: {
      subject: (v) => `Новый конкурс: ${v.title}`,
      paragraphs: (v) => [`Опубликован конкурс «${v.title}» (${v.region}, ${v.sector}).`, `Ориентировочная стоимость: ${v.value}.`, `Приём заявок до ${v.deadline}.`],
      action: 'Открыть конкурс',
    },
    kk: {
      subject: (v) => `Жаңа конкурс: ${v.title}`,
      paragraphs: (v) => [`«${v.title}» конкурсы жарияланды (${v.region}, ${v.sector}).`, `Болжамды құны: ${v.value}.`, `Өтінімдер ${v.deadline} дейін қабылданады.`],
      action: 'Конкурсты ашу',
    },
    en: {
      subject: (v) => `New competition: ${v.title}`,
      paragraphs: (v) => [`The competition “${v.title}” was published (${v.region}, ${v.sector}).`, `Estimated value: ${v.value}.`, `Bids are accepted until ${v.deadline}.`],
      action: 'Open the competition',
    },
  },
  'competition-amended': {
    ru: {
      subject: (v) => `Изменения в конкурсе: ${v.title}`,
      paragraphs: (v) => [`Условия конкурса «${v.title}» изменены (редакция ${v.version}).`, `Срок подачи заявок: ${v.deadline}.`, ...(v.documents ? [`Документы: ${v.documents}.`] : []), ...(v.bidsInvalidated === 'true' ? ['Поданные заявки нужно подтвердить заново.'] : [])],
      action: 'Посмотреть изменения',
    },
    kk: {
      subject: (v) => `Конкурстағы өзгерістер: ${v.title}`,
      paragraphs: (v) => [`«${v.title}» конкурсының шарттары өзгертілді (${v.version}-редакция).`, `Өтінім беру мерзімі: ${v.deadline}.`, ...(v.documents ? [`Құжаттар: ${v.documents}.`] : []), ...(v.bidsInvalidated === 'true' ? ['Берілген өтінімдерді қайта растау қажет.'] : [])],
      action: 'Өзгерістерді қарау',
    },
    en: {
      subject: (v) => `Competition amended: ${v.title}`,
      paragraphs: (v) => [`The terms of “${v.title}” were amended (version ${v.version}).`, `Bids are accepted until ${v.deadline}.`, ...(v.documents ? [`Documents: ${v.documents}.`] : []), ...(v.bidsInvalidated === 'true' ? ['Submitted bids must be confirmed again.'] : [])],
      action: 'See the changes',
    },
  },
  'question-answered': {
    ru: {
      subject: (v) => `Ответ на вопрос по конкурсу: ${v.title}`,
      paragraphs: (v) => [`Вопрос: ${v.question}`, `Ответ акимата: ${v.answer}`],
      action: 'Все вопросы и ответы',
    },
    kk: {
      subject: (v) => `Конкурс бойынша сұраққа жауап: ${v.title}`,
      paragraphs: (v) => [`Сұрақ: ${v.question}`, `Әкімдіктің жауабы: ${v.answer}`],
      action: 'Барлық сұрақтар мен жауаптар',
    },
    en: {
      subject: (v) => `Question answered: ${v.title}`,
      paragraphs: (v) => [`Question: ${v.question}`, `The akimat's answer: ${v.answer}`],
      action: 'All questions and answers',
    },
  },
  'competition-cancelled': {
    ru: { subject: (v) => `Конкурс отменён: ${v.title}`, paragraphs: (v) => [`Конкурс «${v.title}» отменён. Причина: ${v.reason}.`], action: 'Открыть конкурс' },
    kk: { subject: (v) => `Конкурс тоқтатылды: ${v.title}`, paragraphs: (v) => [`«${v.title}» конкурсы тоқтатылды. Себебі: ${v.reason}.`], action: 'Конкурсты ашу' },
    en: { subject: (v) => `Competition cancelled: ${v.title}`, paragraphs: (v) => [`The competition “${v.title}” was cancelled. Reason: ${v.reason}.`], action: 'Open the competition' },
  },
  'deadline-reminder': {
    ru: { subject: (v) => `Последний день подачи заявок: ${v.title}`, paragraphs: (v) => [`Приём заявок по конкурсу «${v.title}» закончится ${v.deadline}. Вы ещё не подали заявку.`], action: 'Подать заявку' },
    kk: { subject: (v) => `Өтінім берудің соңғы күні: ${v.title}`, paragraphs: (v) => [`«${v.title}» конкурсы бойынша өтінімдер қабылдау ${v.deadline} аяқталады. Сіз әлі өтінім бермедіңіз.`], action: 'Өтінім беру' },
    en: { subject: (v) => `Last chance to bid: ${v.title}`, paragraphs: (v) => [`Bids for “${v.title}” close at ${v.deadline}. You have not bid yet.`], action: 'Submit a bid' },
  },
  'bids-opened-akimat': {
    ru: { subject: (v) => `Заявки вскрыты: ${v.title}`, paragraphs: (v) => [`Срок подачи заявок по конкурсу «${v.title}» истёк ${v.deadline}.`, `Действительных заявок: ${v.count}.`, ...(v.bids ? v.bids.split('\n') : [])], action: 'Перейти к оценке' },
    kk: { subject: (v) => `Өтінімдер ашылды: ${v.title}`, paragraphs: (v) => [`«${v.title}» конкурсы бойынша өтінім беру мерзімі ${v.deadline} аяқталды.`, `Жарамды өтінімдер: ${v.count}.`, ...(v.bids ? v.bids.split('\n') : [])], action: 'Бағалауға өту' },
    en: { subject: (v) => `Bids opened: ${v.title}`, paragraphs: (v) => [`The deadline for “${v.title}” passed at ${v.deadline}.`, `Valid bids: ${v.count}.`, ...(v.bids ? v.bids.split('\n') : [])], action: 'Go to evaluation' },
  },
  'bids-opened-bidder': {
    ru: { subject: (v) => `Заявки вскрыты: ${v.title}`, paragraphs: (v) => [`Срок подачи заявок по конкурсу «${v.title}» истёк. Заявки вскрыты, идёт оценка.`, `Ваша заявка: ${v.price}.`], action: 'Открыть конкурс' },
    kk: { subject: (v) => `Өтінімдер ашылды: ${v.title}`, paragraphs: (v) => [`«${v.title}» конкурсы бойынша өтінім беру мерзімі аяқталды. Өтінімдер ашылды, бағалау жүріп жатыр.`, `Сіздің өтініміңіз: ${v.price}.`], action: 'Конкурсты ашу' },
    en: { subject: (v) => `Bids opened: ${v.title}`, paragraphs: (v) => [`The deadline for “${v.title}” has passed. The bids were opened and are being evaluated.`, `Your bid: ${v.price}.`], action: 'Open the competition' },
  },
  'competition-awarded': {
    ru: { subject: (v) => `Итоги конкурса: ${v.title}`, paragraphs: (v) => [v.won === 'true' ? `Ваша заявка признана победившей: ${v.price}.` : `Победитель конкурса «${v.title}»: ${v.winner}, ${v.price}.`], action: 'Открыть конкурс' },
    kk: { subject: (v) => `Конкурс қорытындысы: ${v.title}`, paragraphs: (v) => [v.won === 'true' ? `Сіздің өтініміңіз жеңімпаз деп танылды: ${v.price}.` : `«${v.title}» конкурсының жеңімпазы: ${v.winner}, ${v.price}.`], action: 'Конкурсты ашу' },
    en: { subject: (v) => `Competition result: ${v.title}`, paragraphs: (v) => [v.won === 'true' ? `Your bid won: ${v.price}.` : `The winner of “${v.title}”: ${v.winner}, ${v.price}.`], action: 'Open the competition' },
  },
  'competition-unsuccessful': {
    ru: { subject: (v) => `Конкурс не состоялся: ${v.title}`, paragraphs: (v) => [`Конкурс «${v.title}» признан несостоявшимся: действительных заявок нет.`], action: 'Открыть конкурс' },
    kk: { subject: (v) => `Конкурс өтпеді: ${v.title}`, paragraphs: (v) => [`«${v.title}» конкурсы өтпеді деп танылды: жарамды өтінімдер жоқ.`], action: 'Конкурсты ашу' },
    en: { subject: (v) => `Competition unsuccessful: ${v.title}`, paragraphs: (v) => [`The competition “${v.title}” ended without a valid bid.`], action: 'Open the competition' },
  },
  // A complaint's title and the decision's text are the author's and the reviewing body's own words: escaped paragraphs.
  'complaint-filed': {
    ru: { subject: (v) => `Подана жалоба: ${v.title}`, paragraphs: (v) => [`По конкурсу «${v.title}» подана жалоба (${v.complaintSubject === 'award' ? 'на итоги' : 'на условия конкурса'}) от ${v.authorName}: «${v.complaintTitle}».`, 'Пока жалоба на итоги не рассмотрена, договор не может быть заключён.'], action: 'Открыть конкурс' },
    kk: { subject: (v) => `Шағым берілді: ${v.title}`, paragraphs: (v) => [`«${v.title}» конкурсы бойынша ${v.authorName} шағым берді (${v.complaintSubject === 'award' ? 'қорытындыға' : 'конкурс шарттарына'}): «${v.complaintTitle}».`, 'Қорытындыға шағым қаралғанша шарт жасалмайды.'], action: 'Конкурсты ашу' },
    en: { subject: (v) => `Complaint filed: ${v.title}`, paragraphs: (v) => [`${v.authorName} filed a complaint about ${v.complaintSubject === 'award' ? 'the award' : 'the conditions'} of “${v.title}”: “${v.complaintTitle}”.`, 'While an award complaint is pending no contract can be made.'], action: 'Open the competition' },
  },
  'complaint-decided': {
    ru: { subject: (v) => `Решение по жалобе: ${v.title}`, paragraphs: (v) => [`Жалоба «${v.complaintTitle}» по конкурсу «${v.title}»: ${({ satisfied: 'удовлетворена', declined: 'отклонена', invalid: 'оставлена без рассмотрения' } as Record<string, string>)[v.resolution ?? ''] ?? v.resolution}.`, v.decision ?? ''], action: 'Открыть конкурс' },
    kk: { subject: (v) => `Шағым бойынша шешім: ${v.title}`, paragraphs: (v) => [`«${v.title}» конкурсы бойынша «${v.complaintTitle}» шағымы: ${({ satisfied: 'қанағаттандырылды', declined: 'қабылданбады', invalid: 'қараусыз қалдырылды' } as Record<string, string>)[v.resolution ?? ''] ?? v.resolution}.`, v.decision ?? ''], action: 'Конкурсты ашу' },
    en: { subject: (v) => `Complaint decided: ${v.title}`, paragraphs: (v) => [`The complaint “${v.complaintTitle}” about “${v.title}” was ${({ satisfied: 'satisfied', declined: 'declined', invalid: 'left unexamined (invalid)' } as Record<string, string>)[v.resolution ?? ''] ?? v.resolution}.`, v.decision ?? ''], action: 'Open the competition' },
  },
  // Sent once per overdue milestone to the official responsible for the contract (the akimat user who signed it).
  'milestone-overdue': {
    ru: {
      subject: (v) => `Просрочен этап договора: ${v.title}`,
      paragraphs: (v) => [`${v.name}, этап «${v.milestone}» договора по проекту «${v.title}» должен был быть выполнен к ${v.dueDate} и не выполнен.`, 'Внесите отчёт о ходе работ или изменение договора.'],
      action: 'Открыть договор',
    },
    kk: {
      subject: (v) => `Шарт кезеңінің мерзімі өтті: ${v.title}`,
      paragraphs: (v) => [`${v.name}, «${v.title}» жобасы бойынша шарттың «${v.milestone}» кезеңі ${v.dueDate} дейін орындалуы тиіс еді, бірақ орындалмады.`, 'Жұмыс барысы туралы есеп немесе шартқа өзгеріс енгізіңіз.'],
      action: 'Шартты ашу',
    },
    en: {
      subject: (v) => `Contract milestone overdue: ${v.title}`,
      paragraphs: (v) => [`${v.name}, the milestone “${v.milestone}” of the contract for “${v.title}” was due by ${v.dueDate} and is not met.`, 'File a progress report or an amendment.'],
      action: 'Open the contract',
    },
  },
  // To the akimat user who applied. The decision's text is the financier's own words: an escaped paragraph.
  'financing-decided': {
    ru: {
      subject: (v) => `Решение по заявке на финансирование: ${v.title}`,
      paragraphs: (v) => [
        `Заявка на финансирование проекта «${v.title}» (${FINANCING_ROUTE_NAMES.ru[v.route ?? ''] ?? v.route}, ${v.amount}) ${({ approved: 'одобрена', rejected: 'отклонена', returned: 'возвращена на доработку' } as Record<string, string>)[v.decision ?? ''] ?? v.decision}.`,
        ...(v.approvedAmount ? [`Одобренная сумма: ${v.approvedAmount}.`] : []),
        `Комментарий: ${v.text}`,
        ...(v.decision === 'returned' ? ['Доработайте заявку и подайте её повторно.'] : []),
      ],
      action: 'Открыть заявки',
    },
    kk: {
      subject: (v) => `Қаржыландыру өтінімі бойынша шешім: ${v.title}`,
      paragraphs: (v) => [
        `«${v.title}» жобасын қаржыландыру өтінімі (${FINANCING_ROUTE_NAMES.kk[v.route ?? ''] ?? v.route}, ${v.amount}) ${({ approved: 'мақұлданды', rejected: 'қабылданбады', returned: 'пысықтауға қайтарылды' } as Record<string, string>)[v.decision ?? ''] ?? v.decision}.`,
        ...(v.approvedAmount ? [`Мақұлданған сома: ${v.approvedAmount}.`] : []),
        `Түсініктеме: ${v.text}`,
        ...(v.decision === 'returned' ? ['Өтінімді пысықтап, қайта беріңіз.'] : []),
      ],
      action: 'Өтінімдерді ашу',
    },
    en: {
      subject: (v) => `Financing decision: ${v.title}`,
      paragraphs: (v) => [
        `The financing application for “${v.title}” (${FINANCING_ROUTE_NAMES.en[v.route ?? ''] ?? v.route}, ${v.amount}) was ${({ approved: 'approved', rejected: 'rejected', returned: 'returned for changes' } as Record<string, string>)[v.decision ?? ''] ?? v.decision}.`,
        ...(v.approvedAmount ? [`Approved amount: ${v.approvedAmount}.`] : []),
        `Comment: ${v.text}`,
        ...(v.decision === 'returned' ? ['Revise the application and submit it again.'] : []),
      ],
      action: 'Open the applications',
    },
  },
  // The answer is the official's own text: one paragraph per line, escaped like every paragraph; never in the subject.
  'inquiry-answered': {
    ru: {
      subject: () => 'Konkurs: ответ на ваше обращение в контакт-центр МЭКС',
      paragraphs: (v) => [
        `Здравствуйте, ${v.name}!`,
        'На ваше обращение в контакт-центр МЭКС дан ответ:',
        ...answerLines(v.answer),
        'Статус обращения можно проверить по ссылке ниже с кодом доступа, выданным при подаче.',
      ],
      action: 'Открыть обращение',
    },
    kk: {
      subject: () => 'Konkurs: МЭКС байланыс орталығына жолдаған өтінішіңізге жауап',
      paragraphs: (v) => [
        `Сәлеметсіз бе, ${v.name}!`,
        'МЭКС байланыс орталығына жолдаған өтінішіңізге жауап берілді:',
        ...answerLines(v.answer),
        'Өтініштің күйін төмендегі сілтеме бойынша, өтініш берген кезде алған қолжетімділік кодымен тексеруге болады.',
      ],
      action: 'Өтінішті ашу',
    },
    en: {
      subject: () => 'Konkurs: your МЭКС contact-centre inquiry has been answered',
      paragraphs: (v) => [
        `Hello, ${v.name}!`,
        'Your inquiry to the МЭКС contact centre has been answered:',
        ...answerLines(v.answer),
        'Follow your inquiry at the link below with the access code you received when you filed it.',
      ],
      action: 'Open your inquiry',
    },
  },
};

/** The financing routes as a decision email names them. */
const FINANCING_ROUTE_NAMES: Record<Lang, Record<string, string>> = {
  ru: { 'dbk-banks': 'Банк развития Казахстана и банки второго уровня', 'khc-bonds': 'облигации через Казахстанскую жилищную компанию', budget: 'бюджетное финансирование' },
  kk: { 'dbk-banks': 'Қазақстанның Даму Банкі және екінші деңгейлі банктер', 'khc-bonds': 'Қазақстан тұрғын үй компаниясы арқылы облигациялар', budget: 'бюджеттік қаржыландыру' },
  en: { 'dbk-banks': 'Development Bank of Kazakhstan and second-tier banks', 'khc-bonds': 'bonds through the Kazakhstan Housing Company', budget: 'budget financing' },
};

/** An answer's non-empty lines, each its own paragraph. */
function answerLines(answer: string | undefined): string[] {
  return (answer ?? '').split(/\r?\n/).map((line) => line.trim()).filter(Boolean);
}

/** Renders a template for one recipient; `link` is the action link (already absolute). */
export const renderEmail = (
  template: TemplateName,
  language: Lang,
  vars: Vars,
  link: string,
  unsubscribeUrl?: string,
): RenderedEmail => {
  const copy = COPY[template][language];
  const paragraphs = copy.paragraphs(vars);
  const footer = unsubscribeUrl ? { ru: 'Отписаться', kk: 'Жазылымнан бас тарту', en: 'Unsubscribe' }[language] : undefined;
  const html = [
    '<!doctype html><html><body style="font-family:sans-serif">',
    ...paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
    `<p><a href="${escapeHtml(link)}">${escapeHtml(copy.action)}</a></p>`,
    ...(footer && unsubscribeUrl ? [`<p style="font-size:small"><a href="${escapeHtml(unsubscribeUrl)}">${escapeHtml(footer)}</a></p>`] : []),
    '</body></html>',
  ].join('');
  const text = [...paragraphs, `${copy.action}: ${link}`, ...(footer ? [`${footer}: ${unsubscribeUrl}`] : [])].join('\n\n');
  return { subject: headerSafe(copy.subject(vars)), html, text };
};
