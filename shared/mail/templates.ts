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

/** One line of plain text: no CR, LF or other control characters, so it is safe in a header. */
export const headerSafe = (value: string): string =>
  value.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim();

interface Copy {
  readonly subject: (v: Record<string, string>) => string;
  /** Paragraphs of plain text; `{link}` marks where the action link goes. */
  readonly paragraphs: (v: Record<string, string>) => string[];
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
};

/** Renders a template for one recipient; `link` is the action link (already absolute). */
export const renderEmail = (
  template: TemplateName,
  language: Lang,
  vars: Record<string, string>,
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
