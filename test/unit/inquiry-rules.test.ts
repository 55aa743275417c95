/**
 * Contact-centre inquiries on the in-memory ports: routing, the private access token, who takes and answers (the
 * responsible party only, each step once, in order, also under concurrency), who lists what, and when one is overdue.
 */
import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../shared/domain/events.js';
import { isOverdue, MINISTRY } from '../../shared/domain/inquiry.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../../shared/errors.js';
import {
  answerInquiry,
  fileInquiry,
  inquiryForStaff,
  inquiryForToken,
  inquiryPublicView,
  listInquiries,
  takeInquiry,
} from '../../shared/use-cases/inquiries.js';
import { aBin, aContractorCaller, anAkimat, aMinistry, anInquiry, KATO, T0 } from '../support/factories.js';
import { failureOf } from '../support/outcome.js';
import { memoryPorts } from '../support/memory/index.js';
import { moveClockTo, useTestClock } from '../support/test-clock.js';

useTestClock(T0);

const regional = { topic: 'competition', kato: KATO, text: 'Когда объявят конкурс?', contact: { name: 'Айгерим', email: 'aigerim@example.kz' } } as const;

describe('filing', () => {
  it.each([
    ['a regional topic with a region', { topic: 'competition', kato: KATO }, KATO],
    ['a national topic with a region', { topic: 'financing', kato: KATO }, MINISTRY],
    ['a regional topic without a region', { topic: 'project' }, MINISTRY],
  ] as const)('routes %s to its responsible party', async (_label, input, routedTo) => {
    const ports = memoryPorts();
    const { inquiry } = await fileInquiry(ports.inquiryDeps, { ...regional, ...input, ...(input.topic === 'project' ? { kato: undefined } : {}) });
    expect(inquiry).toMatchObject({ routedTo, status: 'new', filedAt: T0 });
    expect(inquiry.dueAt > T0).toBe(true);
  });

  it('follows an inquiry with its token only; the token itself is never stored', async () => {
    const ports = memoryPorts();
    const { inquiry, accessToken } = await fileInquiry(ports.inquiryDeps, regional);

    await expect(inquiryForToken(ports.inquiryDeps, inquiry.id, accessToken)).resolves.toMatchObject({ id: inquiry.id });
    expect(await failureOf(inquiryForToken(ports.inquiryDeps, inquiry.id, 'A'.repeat(43)))).toBeInstanceOf(NotFoundError);
    expect(await failureOf(inquiryForToken(ports.inquiryDeps, 'NO-SUCH', accessToken))).toBeInstanceOf(NotFoundError);
    expect(JSON.stringify([...ports.table.inquiries.values(), ...ports.table.allEvents()])).not.toContain(accessToken);
    expect(inquiryPublicView(inquiry)).not.toHaveProperty('contact');
  });
});

describe('taking and answering', () => {
  it('lets only the responsible party take and answer, in that order, once each', async () => {
    const ports = memoryPorts();
    const { inquiry } = await fileInquiry(ports.inquiryDeps, regional);
    const akimat = anAkimat(KATO);

    for (const stranger of [anAkimat('750000000'), aMinistry()]) {
      expect(await failureOf(takeInquiry(ports.inquiryDeps, stranger, inquiry.id))).toBeInstanceOf(ForbiddenError);
      expect(await failureOf(answerInquiry(ports.inquiryDeps, stranger, inquiry.id, 'x'))).toBeInstanceOf(ForbiddenError);
    }
    expect(await failureOf(answerInquiry(ports.inquiryDeps, akimat, inquiry.id, 'Рано'))).toBeInstanceOf(ConflictError);
    await takeInquiry(ports.inquiryDeps, akimat, inquiry.id);
    expect(await failureOf(takeInquiry(ports.inquiryDeps, akimat, inquiry.id))).toBeInstanceOf(ConflictError);
    const answered = await answerInquiry(ports.inquiryDeps, akimat, inquiry.id, 'В апреле.');
    expect(await failureOf(answerInquiry(ports.inquiryDeps, akimat, inquiry.id, 'Ещё раз'))).toBeInstanceOf(ConflictError);

    expect(answered).toMatchObject({ status: 'answered', answer: { text: 'В апреле.', by: { role: 'akimat' } } });
    const answeredEvent = ports.table.allEvents().find((e) => e.type === 'inquiry.answered')!;
    expect(answeredEvent.data).toMatchObject({ email: 'aigerim@example.kz', answer: 'В апреле.', language: 'ru' });
    expect(ports.table.eventTypes()).toEqual(['inquiry.filed', 'inquiry.taken', 'inquiry.answered']);
  });

  it('takes once when two officials race', async () => {
    const ports = memoryPorts();
    const inquiry = ports.seed.inquiry(anInquiry());

    const results = await Promise.allSettled([takeInquiry(ports.inquiryDeps, anAkimat(), inquiry.id), takeInquiry(ports.inquiryDeps, anAkimat(), inquiry.id)]);

    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(results.find((r) => r.status === 'rejected')!.reason).toBeInstanceOf(ConflictError);
  });

  it('has storage refuse a transition when the inquiry is no longer routed as it was read', async () => {
    const ports = memoryPorts();
    const inquiry = ports.seed.inquiry(anInquiry());
    // The port is called directly: the facts of the event do not matter to the write's conditions.
    const event = { eventId: 'e1', type: 'inquiry.taken', at: T0, actor: { system: 'test' }, subject: { kind: 'inquiry', id: inquiry.id }, data: {} } as DomainEvent;

    expect(await failureOf(ports.inquiries.take({ ...inquiry, routedTo: MINISTRY, status: 'in-progress' }, event))).toBeInstanceOf(ConflictError);
    expect((await ports.inquiries.get(inquiry.id))!.status).toBe('new');
  });
});

describe('reading', () => {
  it('lists an akimat’s own region only; the ministry lists any; contractors none', async () => {
    const ports = memoryPorts();
    const mine = ports.seed.inquiry(anInquiry());
    const theirs = ports.seed.inquiry(anInquiry({ kato: '750000000' }));
    const national = ports.seed.inquiry(anInquiry({ topic: 'financing', routedTo: MINISTRY }));

    const own = await listInquiries(ports.inquiryDeps, anAkimat(), {}, { limit: 100 });
    const all = await listInquiries(ports.inquiryDeps, aMinistry(), {}, { limit: 100 });

    expect(own.items.map((i) => i.id)).toEqual([mine.id]);
    expect(all.items.map((i) => i.id).sort()).toEqual([mine.id, theirs.id, national.id].sort());
    expect(await failureOf(listInquiries(ports.inquiryDeps, anAkimat(), { region: '750000000' }, { limit: 100 }))).toBeInstanceOf(ForbiddenError);
    expect(await failureOf(listInquiries(ports.inquiryDeps, aContractorCaller(aBin()), {}, { limit: 100 }))).toBeInstanceOf(ForbiddenError);
    expect(await failureOf(inquiryForStaff(ports.inquiryDeps, anAkimat('750000000'), mine.id))).toBeInstanceOf(ForbiddenError);
    await expect(inquiryForStaff(ports.inquiryDeps, aMinistry(), mine.id)).resolves.toMatchObject({ contact: mine.contact });
  });

  it('lists new ones first, newest first within a status', async () => {
    const ports = memoryPorts();
    const older = ports.seed.inquiry(anInquiry({ id: '01A' }));
    const newer = ports.seed.inquiry(anInquiry({ id: '01B' }));
    const taken = ports.seed.inquiry(anInquiry({ id: '01C', status: 'in-progress' }));

    const page = await listInquiries(ports.inquiryDeps, anAkimat(), {}, { limit: 2 });
    const rest = await listInquiries(ports.inquiryDeps, anAkimat(), {}, { limit: 2, cursor: page.cursor! });

    expect([...page.items, ...rest.items].map((i) => i.id)).toEqual([newer.id, older.id, taken.id]);
    expect(rest.cursor).toBeUndefined();
  });

  it('is overdue once the clock passes the deadline unanswered; never once answered', async () => {
    const ports = memoryPorts();
    const { inquiry } = await fileInquiry(ports.inquiryDeps, regional);

    expect(isOverdue(inquiry, moveClockTo(inquiry.dueAt))).toBe(false);
    expect(inquiryPublicView(inquiry, moveClockTo(inquiry.dueAt, 1)).overdue).toBe(true);
    await takeInquiry(ports.inquiryDeps, anAkimat(), inquiry.id);
    const answered = await answerInquiry(ports.inquiryDeps, anAkimat(), inquiry.id, 'Поздно, но ответ');
    expect(inquiryPublicView(answered).overdue).toBe(false);
  });
});
