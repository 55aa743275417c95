import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RESPONSE_WORKING_DAYS,
  INQUIRY_TEXT_MAX,
  isOverdue,
  isResponsibleFor,
  mayReadInquiry,
  MINISTRY,
  responseDeadline,
  routeInquiry,
} from '../../shared/domain/inquiry.js';
import { ValidationError } from '../../shared/errors.js';
import { parseInput } from '../../shared/http/validation.js';
import { fileInquiryBody, listInquiriesQuery } from '../../shared/schemas/inquiries.js';

const KARAGANDA = '350000000';
const PAVLODAR = '550000000';

/** The field paths a rejected input names. */
const rejectedPaths = (schema: Parameters<typeof parseInput>[0], value: unknown, where?: string): string[] => {
  try {
    parseInput(schema, value, where);
  } catch (error) {
    if (error instanceof ValidationError) return (error.fields ?? []).map((f) => f.path);
    throw error;
  }
  throw new Error('the input was accepted');
};

describe('routeInquiry', () => {
  it.each(['competition', 'project', 'registration'] as const)('sends a regional %s inquiry to the akimat of its region', (topic) => {
    expect(routeInquiry(topic, KARAGANDA)).toBe(KARAGANDA);
  });

  it.each(['financing', 'other'] as const)('sends a %s inquiry to the ministry even when it names a region', (topic) => {
    expect(routeInquiry(topic, KARAGANDA)).toBe(MINISTRY);
  });

  it('sends a regional topic without a region to the ministry', () => {
    expect(routeInquiry('competition', undefined)).toBe(MINISTRY);
  });
});

describe('responseDeadline', () => {
  it('defaults to 5 working days ending 18:00 Almaty, skipping Nauryz', () => {
    // Prepare: Monday 16 March 2026, 09:00 Almaty. Tue 17 – Fri 20 count; 21–25 March are days off; Thu 26 is the 5th.
    const filedAt = new Date('2026-03-16T09:00:00+05:00');

    // Act
    const due = responseDeadline(filedAt);

    // Assess
    expect(DEFAULT_RESPONSE_WORKING_DAYS).toBe(5);
    expect(due.toISOString()).toBe('2026-03-26T13:00:00.000Z');
  });

  it('skips the day carried over from 9 May', () => {
    // Friday 8 May 2026: Mon 11 May is off, so Tue 12 … Mon 18 are the five working days.
    expect(responseDeadline(new Date('2026-05-08T10:00:00+05:00')).toISOString()).toBe('2026-05-18T13:00:00.000Z');
  });

  it('counts from the Almaty date of filing, not the UTC date', () => {
    // 20:00 UTC on Thursday 2 April 2026 is already Friday 3 April in Almaty: Mon 6 – Fri 10 count.
    expect(responseDeadline(new Date('2026-04-02T20:00:00Z')).toISOString()).toBe('2026-04-10T13:00:00.000Z');
    // 12:00 UTC is still Thursday in Almaty: Fri 3, Mon 6 – Thu 9 count.
    expect(responseDeadline(new Date('2026-04-02T12:00:00Z')).toISOString()).toBe('2026-04-09T13:00:00.000Z');
  });

  it('follows the configured number of working days', () => {
    expect(responseDeadline(new Date('2026-04-02T09:00:00+05:00'), 1).toISOString()).toBe('2026-04-03T13:00:00.000Z');
    expect(responseDeadline(new Date('2026-04-02T09:00:00+05:00'), 10).toISOString()).toBe('2026-04-16T13:00:00.000Z');
  });
});

describe('isOverdue', () => {
  const dueAt = '2026-03-26T13:00:00.000Z';

  it('is not overdue up to the deadline itself', () => {
    expect(isOverdue({ status: 'new', dueAt }, new Date(dueAt))).toBe(false);
  });

  it('is overdue once the deadline has passed without an answer', () => {
    const after = new Date(Date.parse(dueAt) + 1000);
    expect(isOverdue({ status: 'new', dueAt }, after)).toBe(true);
    expect(isOverdue({ status: 'in-progress', dueAt }, after)).toBe(true);
  });

  it('is never overdue once answered', () => {
    expect(isOverdue({ status: 'answered', dueAt }, new Date('2027-01-01T00:00:00Z'))).toBe(false);
  });
});

describe('who answers and who reads', () => {
  const regional = { routedTo: KARAGANDA };
  const national = { routedTo: MINISTRY };

  it('makes the akimat of the region responsible for its regional inquiries', () => {
    expect(isResponsibleFor({ role: 'akimat', kato: KARAGANDA }, regional)).toBe(true);
    expect(mayReadInquiry({ role: 'akimat', kato: KARAGANDA }, regional)).toBe(true);
  });

  it('keeps another region’s akimat out', () => {
    expect(isResponsibleFor({ role: 'akimat', kato: PAVLODAR }, regional)).toBe(false);
    expect(mayReadInquiry({ role: 'akimat', kato: PAVLODAR }, regional)).toBe(false);
    expect(isResponsibleFor({ role: 'akimat' }, regional)).toBe(false);
  });

  it('makes the ministry responsible for national inquiries only, and lets it read everything', () => {
    expect(isResponsibleFor({ role: 'ministry' }, national)).toBe(true);
    expect(isResponsibleFor({ role: 'ministry' }, regional)).toBe(false);
    expect(mayReadInquiry({ role: 'ministry' }, regional)).toBe(true);
  });

  it('gives akimats no part in national inquiries and contractors none at all', () => {
    expect(mayReadInquiry({ role: 'akimat', kato: KARAGANDA }, national)).toBe(false);
    expect(mayReadInquiry({ role: 'contractor' }, regional)).toBe(false);
    expect(isResponsibleFor({ role: 'contractor', kato: KARAGANDA }, regional)).toBe(false);
  });
});

describe('fileInquiryBody', () => {
  const valid = {
    topic: 'competition',
    kato: KARAGANDA,
    text: 'Когда будет объявлен конкурс по котельной?',
    contact: { name: 'Айгерим', email: 'aigerim@example.kz' },
  };

  it('accepts an inquiry with a phone only, and trims its text', () => {
    const parsed = parseInput(fileInquiryBody, { ...valid, text: '  вопрос  ', contact: { name: 'Ерлан', phone: '+7 (701) 234-56-78' } });
    expect(parsed.text).toBe('вопрос');
    expect(parsed.contact.phone).toBe('+7 (701) 234-56-78');
  });

  it('accepts a national inquiry without a region', () => {
    const { kato: _kato, ...national } = valid;
    expect(parseInput(fileInquiryBody, { ...national, topic: 'financing' }).kato).toBeUndefined();
  });

  it('requires an email or a phone, naming contact', () => {
    expect(rejectedPaths(fileInquiryBody, { ...valid, contact: { name: 'Аноним' } })).toEqual(['contact']);
  });

  it('names each invalid field', () => {
    const paths = rejectedPaths(fileInquiryBody, {
      topic: 'weather',
      kato: '351010000',
      text: 'x'.repeat(INQUIRY_TEXT_MAX + 1),
      contact: { name: '', email: 'not-an-email', phone: '12' },
      competitionId: '../etc',
      extra: true,
    });
    expect(paths).toEqual(
      expect.arrayContaining(['topic', 'kato', 'text', 'contact.name', 'contact.email', 'contact.phone', 'competitionId', 'extra']),
    );
  });

  it('refuses blank text', () => {
    expect(rejectedPaths(fileInquiryBody, { ...valid, text: '   ' })).toEqual(['text']);
  });
});

describe('listInquiriesQuery', () => {
  it('takes a region or the ministry as the responsible party', () => {
    expect(parseInput(listInquiriesQuery, { region: MINISTRY }, 'query').region).toBe(MINISTRY);
    expect(parseInput(listInquiriesQuery, { region: KARAGANDA, status: 'new' }, 'query')).toMatchObject({ region: KARAGANDA, status: 'new', limit: 20 });
  });

  it('refuses an unknown status or region', () => {
    expect(rejectedPaths(listInquiriesQuery, { status: 'closed', region: '123' }, 'query')).toEqual(
      expect.arrayContaining(['query.status', 'query.region']),
    );
  });
});
