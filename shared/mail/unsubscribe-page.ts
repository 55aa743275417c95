/**
 * The pages behind an email's unsubscribe link. Opening the link (GET) only shows a button, because mail scanners
 * follow links; the button (or the mail client's one-click POST, RFC 8058) unsubscribes.
 */
import { createHash } from 'node:crypto';
import { escapeHtml } from './templates.js';

const STYLE = 'body{font-family:sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.5}h1{font-size:1.5rem}button{font:inherit;padding:.6rem 1rem;min-height:44px}';

/**
 * The Content-Security-Policy source of the pages' one stylesheet: the policy admits exactly this style and no
 * other (no inline `style` attributes, no scripts).
 */
export const UNSUBSCRIBE_STYLE_SOURCE = `'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`;

const page = (body: string): string =>
  `<!doctype html><html lang="ru"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Konkurs</title><style>${STYLE}</style></head><body>${body}</body></html>`;

export const unsubscribePage = (token: string): string =>
  page(`<h1>Отписаться от уведомлений · Хабарламалардан бас тарту · Unsubscribe</h1>
<p>Вы больше не будете получать письма о новых конкурсах по выбранным регионам и отраслям.</p>
<p lang="kk">Таңдалған өңірлер мен салалар бойынша жаңа конкурстар туралы хаттар енді келмейді.</p>
<p lang="en">You will no longer receive emails about new competitions in your regions and sectors.</p>
<form method="post" action="?token=${encodeURIComponent(token)}"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">Отписаться · Бас тарту · Unsubscribe</button></form>`);

export const unsubscribedPage = (): string =>
  page(`<h1>Готово · Дайын · Done</h1><p>Подписки отменены. <span lang="kk">Жазылымдар тоқтатылды.</span> <span lang="en">You are unsubscribed.</span></p>`);

