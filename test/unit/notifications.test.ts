/**
 * Pure rules of the notification path: escaping, routing of events, pacing, SES feedback, timers.
 */
import { describe, expect, it } from 'vitest';
import { renderEmail, headerSafe } from '../../shared/mail/templates.js';
import { createPacer } from '../../shared/mail/pacer.js';
import { addressesToSuppress } from '../../shared/mail/ses-feedback.js';
import { TEMPLATE_NAMES } from '../../shared/mail/mail-job.js';
import { messagesFor } from '../../shared/use-cases/dispatch.js';
import { dueTimers, nextDueAt, pendingTimers } from '../../shared/domain/timers.js';
import type { EventType } from '../../shared/domain/events.js';
import { anEvent } from '../support/events.js';

const evil = '<img src=x onerror=alert(1)>"\'&\r\nBcc: victim@example.kz';

describe('email templates', () => {
  it.each(TEMPLATE_NAMES.flatMap((t) => (['kk', 'ru', 'en'] as const).map((l) => [t, l] as const)))(
    '%s (%s) escapes every value in HTML and keeps the subject on one line',
    (template, language) => {
      const vars = Object.fromEntries(
        ['name', 'title', 'region', 'sector', 'value', 'deadline', 'question', 'answer', 'reason', 'winner', 'price', 'count', 'bids', 'version', 'text', 'amount', 'approvedAmount'].map((k) => [k, evil]),
      );
      const email = renderEmail(template, language, vars, 'https://portal.example/c/1?a=1&b=2', 'https://api.example/unsubscribe?token=t');
      expect(email.subject).not.toMatch(/[\r\n]/);
      expect(email.html).not.toContain('<img');
      expect(email.html).not.toContain('onerror=alert(1)>');
      expect(email.html).toContain('https://portal.example/c/1?a=1&amp;b=2');
      expect(email.text).toContain('https://portal.example/c/1?a=1&b=2');
    },
  );

  it('strips control characters and line breaks from header values', () => {
    expect(headerSafe('a\r\nBcc: x@y\u0000z\u2028w')).toBe('a Bcc: x@y z w');
  });
});

const event = (type: EventType, data: Record<string, unknown> = {}, before?: unknown) => anEvent(type, data, before ? { before } : {});

describe('dispatch routing', () => {
  it('fans a publication out to the subscribers of its region × sector through the matcher', () => {
    const messages = messagesFor(event('competition.published')).filter((m) => m.queue === 'match');
    expect(messages).toHaveLength(1);
    expect(messages[0]!.body).toMatchObject({ eventId: 'e1', competitionId: 'C1', reason: 'published', audience: ['subscribers'] });
  });

  it('tells bidders and akimat about the opening, and nobody about a draft cancelled before publication', () => {
    expect(messagesFor(event('competition.bids-opened')).find((m) => m.queue === 'match')!.body).toMatchObject({ audience: ['akimat', 'bidders'] });
    expect(messagesFor(event('competition.cancelled', {}, { status: 'draft' })).filter((m) => m.queue === 'match')).toEqual([]);
    expect(messagesFor(event('competition.cancelled', {}, { status: 'active.tendering' })).filter((m) => m.queue === 'match')).toHaveLength(1);
  });

  it('mails a financing decision to the akimat user who applied, with the amounts in tenge, and to nobody without an address', () => {
    const decided = (data: Record<string, unknown>) =>
      messagesFor(
        anEvent('financing.decided', { projectId: 'P1', projectTitle: 'Водопровод', route: 'khc-bonds', amount: '700000000', decision: 'approved', approvedAmount: '650000000.5', text: 'Одобрено', ...data }, { subject: { kind: 'financing', id: 'F1' } }),
      ).filter((m) => m.queue === 'mail' || m.queue === 'match');
    const [message, ...others] = decided({ applicant: { email: 'akimat.user@example.kz' } });
    expect(others).toEqual([]);
    expect(message).toMatchObject({ queue: 'mail', id: 'e1:akimat.user@example.kz' });
    expect(message!.body).toMatchObject({ template: 'financing-decided', to: 'akimat.user@example.kz', language: 'ru', vars: { title: 'Водопровод', decision: 'approved', route: 'khc-bonds', text: 'Одобрено', applicationId: 'F1' } });
    const { vars } = message!.body as { vars: Record<string, string> };
    expect(vars.amount).toMatch(/^700\s000\s000\s₸$/);
    expect(vars.approvedAmount).toMatch(/^650\s000\s000,50\s₸$/);
    expect(decided({})).toEqual([]);
  });

  it('sends nothing for events nobody is told about', () => {
    expect(messagesFor(event('competition.draft-updated')).filter((m) => m.queue === 'match' || m.queue === 'mail')).toEqual([]);
  });
});

describe('pacer', () => {
  it('spaces sends so that concurrent containers together stay at the configured rate', async () => {
    let now = 0;
    const waits: number[] = [];
    const pacer = createPacer(10, 2, { now: () => now, sleep: async (ms) => { waits.push(ms); now += ms; } });
    for (let i = 0; i < 5; i += 1) await pacer.next();
    // 10/s shared by 2 containers: 200 ms apart in each.
    expect(waits).toEqual([200, 200, 200, 200]);
  });
});

describe('SES feedback', () => {
  it('suppresses permanent bounces and complaints, not transient bounces', () => {
    expect(addressesToSuppress({ eventType: 'Bounce', bounce: { bounceType: 'Permanent', bouncedRecipients: [{ emailAddress: 'a@x.kz' }] } })).toEqual([{ email: 'a@x.kz', reason: 'bounce' }]);
    expect(addressesToSuppress({ eventType: 'Bounce', bounce: { bounceType: 'Transient', bouncedRecipients: [{ emailAddress: 'a@x.kz' }] } })).toEqual([]);
    expect(addressesToSuppress({ notificationType: 'Complaint', complaint: { complainedRecipients: [{ emailAddress: 'b@x.kz' }] } })).toEqual([{ email: 'b@x.kz', reason: 'complaint' }]);
  });
});

describe('timers', () => {
  const competition = {
    status: 'active.clarification' as const,
    enquiryPeriod: { startDate: '2026-03-02T05:00:00.000Z', endDate: '2026-03-04T13:00:00.000Z' },
    tenderPeriod: { startDate: '2026-03-04T13:00:00.000Z', endDate: '2026-03-11T13:00:00.000Z' },
  };

  it('orders tendering, reminder (24 h before) and deadline', () => {
    expect(pendingTimers(competition).map((t) => [t.kind, t.dueAt])).toEqual([
      ['tendering', '2026-03-04T13:00:00.000Z'],
      ['reminder', '2026-03-10T13:00:00.000Z'],
      ['deadline', '2026-03-11T13:00:00.000Z'],
    ]);
  });

  it('drops the reminder once sent and every timer once the bids are opened', () => {
    expect(nextDueAt({ ...competition, status: 'active.tendering', reminderSentAt: 'x' })).toBe('2026-03-11T13:00:00.000Z');
    expect(nextDueAt({ ...competition, bidsOpenedAt: 'x' })).toBeUndefined();
    expect(nextDueAt({ ...competition, status: 'cancelled' })).toBeUndefined();
  });

  it('finds every due timer of a late sweep at once', () => {
    expect(dueTimers(competition, new Date('2026-03-12T00:00:00Z')).map((t) => t.kind)).toEqual(['tendering', 'reminder', 'deadline']);
  });
});
