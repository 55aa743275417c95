import { describe, expect, it } from 'vitest';
import type { EventPayloads } from '../../shared/domain/events.js';
import { mailJobSchema, type MailJob } from '../../shared/mail/mail-job.js';
import { renderEmail } from '../../shared/mail/templates.js';
import { messagesFor } from '../../shared/use-cases/dispatch.js';
import { actionLink } from '../../shared/use-cases/send-mail.js';
import { anEvent } from '../support/events.js';

const answered = (data: Partial<EventPayloads['inquiry.answered']>) =>
  anEvent(
    'inquiry.answered',
    { kato: '350000000', topic: 'competition', filedAt: '2026-03-16T04:00:00.000Z', answeredAt: '2026-03-20T06:00:00.000Z', ...data },
    { eventId: '5f0c1b9e-6d0a-4a55-9b2e-1f3d1c0a7e11', at: '2026-03-20T06:00:00.000Z', actor: { sub: 'official-1', role: 'akimat' }, subject: { id: '01JQ7Z8K4M2N3P5Q6R7S8T9V0W' } },
  );

describe('messagesFor inquiry.answered', () => {
  it('mails the answer to the inquirer’s address in its language', () => {
    // Act
    // Only the mail: the same event also goes to the monitoring queue (inquiries by status).
    const messages = messagesFor(answered({ email: 'aigerim@example.kz', language: 'kk', name: 'Айгерим', answer: 'Конкурс — в апреле.' })).filter((m) => m.queue === 'mail');

    // Assess
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ queue: 'mail', id: '5f0c1b9e-6d0a-4a55-9b2e-1f3d1c0a7e11:aigerim@example.kz' });
    const job = mailJobSchema.parse(messages[0]!.body);
    expect(job).toEqual({
      eventId: '5f0c1b9e-6d0a-4a55-9b2e-1f3d1c0a7e11',
      template: 'inquiry-answered',
      to: 'aigerim@example.kz',
      language: 'kk',
      vars: { name: 'Айгерим', answer: 'Конкурс — в апреле.', inquiryId: '01JQ7Z8K4M2N3P5Q6R7S8T9V0W' },
    });
  });

  it('sends nothing when the inquirer gave no email', () => {
    expect(messagesFor(answered({})).filter((m) => m.queue === 'mail')).toEqual([]);
  });
});

describe('the inquiry-answered email', () => {
  const job: MailJob = {
    eventId: 'e1',
    template: 'inquiry-answered',
    to: 'x@example.kz',
    language: 'ru',
    vars: { name: 'Иван <script>', answer: 'Первая строка & <b>жирно</b>\nВторая строка', inquiryId: '01JQ7Z8K4M2N3P5Q6R7S8T9V0W' },
  };

  it('links to the inquiry in the portal', () => {
    expect(actionLink(job, { portalBaseUrl: 'https://konkurs.kz', apiBaseUrl: 'https://api.konkurs.kz' })).toBe(
      'https://konkurs.kz/inquiries/01JQ7Z8K4M2N3P5Q6R7S8T9V0W',
    );
  });

  it('carries the answer escaped in HTML, one paragraph per line, and nothing of it in the subject', () => {
    // Act
    const email = renderEmail('inquiry-answered', 'ru', job.vars, 'https://konkurs.kz/inquiries/1');

    // Assess
    expect(email.html).toContain('<p>Первая строка &amp; &lt;b&gt;жирно&lt;/b&gt;</p><p>Вторая строка</p>');
    expect(email.html).toContain('Иван &lt;script&gt;');
    expect(email.html).not.toContain('<script>');
    expect(email.text).toContain('Первая строка & <b>жирно</b>\n\nВторая строка');
    expect(email.subject).not.toContain('Первая');
  });

  it.each(['kk', 'ru', 'en'] as const)('exists in %s', (language) => {
    const email = renderEmail('inquiry-answered', language, job.vars, 'https://konkurs.kz/inquiries/1');
    expect(email.subject).toMatch(/^Konkurs: /);
    expect(email.text).toContain('Вторая строка');
    expect(email.text).toContain('https://konkurs.kz/inquiries/1');
  });
});
