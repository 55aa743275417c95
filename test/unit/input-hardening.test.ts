/**
 * Issue 10, the rules where they live: malformed money, path parameters, list limits, cursors, content types,
 * period bounds, title merges, email subjects and the publication snapshot. Each case once answered 500 or was
 * accepted; here it must be a 4xx naming the field (or the documented behaviour).
 */
import type { APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { decodeCursor } from '../../shared/adapters/pagination.js';
import type { Competition } from '../../shared/domain/competition.js';
import { resendDecision } from '../../shared/domain/contractor.js';
import { isPositiveMoney } from '../../shared/domain/money.js';
import { MAX_DAYS_AHEAD, periodEndProblem } from '../../shared/domain/periods.js';
import { ValidationError } from '../../shared/errors.js';
import { httpApi, type HttpEvent } from '../../shared/http/api.js';
import { checkPathParams } from '../../shared/http/path-params.js';
import { defineRoute } from '../../shared/http/route.js';
import { parseInput } from '../../shared/http/validation.js';
import { headerSafe, renderEmail } from '../../shared/mail/templates.js';
import { amendCompetitionBody, bidBody, createCompetitionBody, listCompetitionsQuery, pageQuery } from '../../shared/schemas/competitions.js';
import { listInquiriesQuery } from '../../shared/schemas/inquiries.js';
import { overdueQuery } from '../../shared/schemas/monitoring.js';
import { ocdsFeedQuery } from '../../shared/schemas/ocds.js';
import { listProjectsQuery } from '../../shared/schemas/projects.js';
import { amendCompetition, type CompetitionDeps, type CompetitionStore } from '../../shared/use-cases/competitions.js';
import { messagesFor } from '../../shared/use-cases/dispatch.js';
import type { MatchJob } from '../../shared/use-cases/match-job.js';
import { fanOut, type MatchingReader } from '../../shared/use-cases/matching.js';
import type { MailJob } from '../../shared/mail/mail-job.js';
import { anEvent } from '../support/events.js';

/** The fields a ValidationError names, or a failure message when `act` does not throw one. */
const namedFields = (act: () => unknown): string[] => {
  try {
    act();
  } catch (error) {
    if (error instanceof ValidationError) return (error.fields ?? []).map((f) => f.path);
    throw error;
  }
  return ['(accepted)'];
};

/** A small deterministic generator (mulberry32): the same strings on every run, so a failure reproduces. */
const random = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const MALFORMED_AMOUNTS: unknown[] = [
  '-5', '1e9', '0.001', 'NaN', '', ' 100', '100 ', '+5', '0x10', '1,000', '1 000', '01', '00', '.5', '5.', '5.000',
  'Infinity', '-0', '0', '0.0', '0.00', '1234567890123456', '99999999999999999999', '١٠٠', '１００', '5\n', '5e-2',
  'null', 'true', '₸100', '100₸', '1_000', '\u200b100', 'x'.repeat(10_000),
  5, 0, -5, 1e9, 0.5, NaN, null, true, false, [], ['100'], {}, { amount: '100' },
];

/** Random strings over the characters of amounts and their usual typos: most are malformed, some are valid. */
const generatedAmounts = (count: number): string[] => {
  const next = random(10);
  const alphabet = '0123456789.-+eE ,_x\u00a0';
  return Array.from({ length: count }, () => {
    const length = Math.floor(next() * 22);
    return Array.from({ length }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
  });
};

describe('malformed money answers 422 naming the field (never a throwing refinement)', () => {
  const bodies = [
    ['bid price', (v: unknown) => parseInput(bidBody, { price: v }), 'price'],
    ['draft estimatedValue', (v: unknown) => parseInput(createCompetitionBody, { projectId: 'p1', title: { ru: 'Т' }, estimatedValue: v }), 'estimatedValue'],
    ['amendment estimatedValue', (v: unknown) => parseInput(amendCompetitionBody, { estimatedValue: v }), 'estimatedValue'],
  ] as const;

  it.each(bodies.flatMap(([name, parse, field]) => MALFORMED_AMOUNTS.map((amount) => [name, JSON.stringify(amount)?.slice(0, 40), amount, parse, field] as const)))(
    '%s %s',
    (_name, _shown, amount, parse, field) => {
      expect(namedFields(() => parse(amount))).toEqual([field]);
    },
  );

  it.each(bodies)('%s: 500 generated strings are either accepted as positive amounts or refused naming the field', (_name, parse, field) => {
    for (const amount of generatedAmounts(500)) {
      const fields = namedFields(() => parse(amount));
      expect(fields, JSON.stringify(amount)).toEqual(isPositiveMoney(amount) ? ['(accepted)'] : [field]);
    }
  });

  it.each(['1', '0.01', '125000000.50', '999999999999999.99'])('accepts the well-formed amount %s', (amount) => {
    expect(parseInput(bidBody, { price: amount })).toEqual({ price: amount });
  });
});

describe('bid security on the draft', () => {
  const draft = (percent: unknown) => parseInput(createCompetitionBody, { projectId: 'p1', title: { ru: 'Т' }, estimatedValue: '1', bidSecurity: { percent } });

  it.each([['0'], ['3.5'], ['10'], ['1,5'], ['-1'], [''], [1], [null]])('refuses %j naming bidSecurity.percent', (percent) => {
    expect(namedFields(() => draft(percent))).toEqual(['bidSecurity.percent']);
  });

  it.each([['1'], ['0.5'], ['3']])('accepts %j', (percent) => {
    expect(draft(percent)).toMatchObject({ bidSecurity: { percent } });
  });
});

describe('path parameters', () => {
  it.each([
    ['id', 'x'.repeat(2_100)],
    ['id', ''],
    ['id', '../etc'],
    ['id', 'a b'],
    ['id', 'abc#def'],
    ['id', '-leading'],
    ['id', 'é'],
    ['qid', 'q'.repeat(1_025)],
    ['ocid', 'ocds-konkurs-' + 'A'.repeat(120)],
    ['ocid', 'ocds_konkurs'],
    ['anything', 'x'.repeat(129)],
  ])('refuses %s = %j with 422 naming path.%s', (name, value) => {
    expect(namedFields(() => checkPathParams({ [name]: value }))).toEqual([`path.${name}`]);
  });

  it('names every offending parameter of a route', () => {
    expect(namedFields(() => checkPathParams({ id: 'x'.repeat(65), qid: 'a/b' }))).toEqual(['path.id', 'path.qid']);
  });

  it.each<Record<string, string>>([
    { id: '01JCX4Q8ZP6M2V9T3R7K' },
    { id: 'proj-0001', qid: '01JCX4Q8ZP6M2V9T3R7K' },
    { ocid: 'ocds-konkurs-01JCX4Q8ZP6M2V9T3R7K' },
  ])('accepts %j', (params) => {
    expect(() => checkPathParams(params)).not.toThrow();
  });
});

describe('one limit rule for every list', () => {
  const lists = [
    ['/competitions', listCompetitionsQuery, 100],
    ['/competitions/{id}/events', pageQuery, 100],
    ['/projects', listProjectsQuery, 100],
    ['/inquiries', listInquiriesQuery, 100],
    ['/ocds/releases', ocdsFeedQuery, 500],
    ['/monitoring/overdue', overdueQuery, 25],
  ] as const;

  it.each(lists.flatMap(([route, schema, max]) =>
    ['0x10', '1e2', ' 5', '5 ', '05', '0', '-1', '+5', '5.0', '', 'ten', String(max + 1), '99999', '0b11'].map((limit) => [route, limit, schema] as const),
  ))('%s refuses limit=%j naming query.limit', (_route, limit, schema) => {
    expect(namedFields(() => parseInput(schema, { limit }, 'query'))).toEqual(['query.limit']);
  });

  it.each(lists)('%s accepts 1, the maximum and no limit at all', (_route, schema, max) => {
    expect((parseInput(schema, { limit: '1' }, 'query') as { limit?: number }).limit).toBe(1);
    expect((parseInput(schema, { limit: String(max) }, 'query') as { limit?: number }).limit).toBe(max);
    expect(typeof (parseInput(schema, {}, 'query') as { limit?: number }).limit).toBe('number');
  });
});

describe('cursors', () => {
  const cursor = (state: unknown) => Buffer.from(JSON.stringify(state), 'utf8').toString('base64url');

  it.each([{ s: 1.5 }, { s: -1 }, { s: 1e300 }, { k: { PK: 'x' } }, [1], 'text', null])('refuses the forged cursor %j naming query.cursor', (state) => {
    expect(namedFields(() => decodeCursor(cursor(state)))).toEqual(['query.cursor']);
  });

  it('decodes a cursor of string keys and whole positions', () => {
    expect(decodeCursor(cursor({ s: 2, k: '{"PK":"x"}' }))).toEqual({ s: 2, k: '{"PK":"x"}' });
  });
});

describe('the HTTP chain', () => {
  let reached = 0;
  // Routes shaped like the real ones: a public read with an id, a form-taking POST, a JSON-only POST.
  const routes = {
    read: defineRoute({ method: 'GET', path: '/competitions/{id}', auth: 'public', summary: 'read', tags: [], response: { status: 200 } }),
    form: defineRoute({ method: 'POST', path: '/unsubscribe', auth: 'public', summary: 'form', tags: [], acceptsForm: true, body: z.unknown(), response: { status: 200 } }),
    json: defineRoute({ method: 'POST', path: '/inquiries', auth: 'public', summary: 'json', tags: [], body: z.unknown(), response: { status: 201 } }),
  };
  const handler = httpApi(routes, {
    read: async () => {
        reached += 1;
      return { body: { ok: true } };
      },
    form: async ({ body }) => ({ body: { got: body } }),
    json: async ({ body }) => ({ body: { got: body } }),
  });
  const invoke = async (routeKey: string, options: { params?: Record<string, string>; body?: string; contentType?: string } = {}) => {
    const event = {
      version: '2.0',
      routeKey,
      rawPath: '/',
      rawQueryString: '',
      headers: options.contentType ? { 'content-type': options.contentType } : {},
      ...(options.params ? { pathParameters: options.params } : {}),
      ...(options.body !== undefined ? { body: options.body, isBase64Encoded: false } : {}),
      requestContext: { http: { method: routeKey.split(' ')[0] }, routeKey },
    } as unknown as HttpEvent;
    const result = (await handler(event, {} as Context)) as Exclude<APIGatewayProxyResultV2, string>;
    return { status: result.statusCode, body: JSON.parse(result.body ?? 'null') as { error?: string; fields?: { path: string }[] } };
  };

  it('answers 422 naming path.id for an over-long id, before the route runs', async () => {
    reached = 0;
    const response = await invoke('GET /competitions/{id}', { params: { id: 'x'.repeat(2_100) } });
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ error: 'validation', fields: [{ path: 'path.id' }] });
    expect(reached).toBe(0);
  });

  it.each(['application/x-www-form-urlencoded', 'text/plain', 'multipart/form-data; boundary=x'])('answers 415 to a %s body on a JSON route', async (contentType) => {
    const response = await invoke('POST /inquiries', { body: 'a=1', contentType });
    expect(response.status).toBe(415);
    expect(response.body.error).toBe('unsupported_media_type');
  });

  it('still reads form bodies where the route takes them (one-click unsubscribe)', async () => {
    const response = await invoke('POST /unsubscribe', { body: 'List-Unsubscribe=One-Click', contentType: 'application/x-www-form-urlencoded' });
    expect(response).toEqual({ status: 200, body: { got: { 'List-Unsubscribe': 'One-Click' } } });
  });
});

describe('periods are bounded', () => {
  const now = new Date('2026-12-01T10:00:00Z');

  it('refuses an end more than a year ahead, accepts one within it', () => {
    expect(periodEndProblem(new Date('9999-12-31T23:59:59Z'), now)).toMatch(/at most 365 days/);
    expect(periodEndProblem(new Date(now.getTime() + (MAX_DAYS_AHEAD + 1) * 86_400_000), now)).toBeDefined();
    expect(periodEndProblem(new Date(now.getTime() + (MAX_DAYS_AHEAD - 1) * 86_400_000), now)).toBeUndefined();
    expect(periodEndProblem(new Date(now.getTime() + 40 * 86_400_000), now, 30)).toMatch(/at most 30 days/);
  });
});

const competition = (over: Partial<Competition> = {}): Competition => ({
  id: '01JCX4Q8ZP6M2V9T3R7K',
  projectId: 'p1',
  kato: '750000000',
  sector: 'heat',
  title: { ru: 'Теплосеть', kk: 'Жылу желісі', en: 'Heating network' },
  estimatedValue: '1000000',
  status: 'draft',
  version: 1,
  bidsValidFromVersion: 1,
  createdAt: '2026-12-01T09:00:00.000Z',
  updatedAt: '2026-12-01T09:00:00.000Z',
  createdBy: 'akimat:750000000',
  ...over,
});

const storeHolding = (held: Competition) => {
  const written: Competition[] = [];
  const store = {
    get: async () => held,
    replace: async (next: Competition) => {
      written.push(next);
    },
  } as unknown as CompetitionStore;
  const deps: CompetitionDeps = {
    competitions: store,
    projects: { get: async () => undefined },
    bids: { listBids: async () => [] },
    periods: { enquiryWorkingDays: 2, tenderWorkingDays: 5, reviewWorkingDays: 3, awardWorkingDays: 10 },
  };
  return { deps, written };
};

const akimat = { sub: 'akimat:750000000', role: 'akimat' as const, kato: '750000000' };

describe('amending a competition', () => {
  it('merges a title given in one language with the other languages', async () => {
    const { deps, written } = storeHolding(competition());
    const next = await amendCompetition(deps, akimat, '01JCX4Q8ZP6M2V9T3R7K', { title: { ru: 'Новая теплосеть' } });
    expect(next.title).toEqual({ ru: 'Новая теплосеть', kk: 'Жылу желісі', en: 'Heating network' });
    expect(written[0]!.title).toEqual(next.title);
  });

  it('refuses a deadline in the year 9999 naming tenderPeriod.endDate', async () => {
    const published = competition({
      status: 'active.clarification',
      publishedAt: new Date(Date.now() - 3_600_000).toISOString(),
      enquiryPeriod: { startDate: new Date(Date.now() - 3_600_000).toISOString(), endDate: new Date(Date.now() + 2 * 86_400_000).toISOString() },
      tenderPeriod: { startDate: new Date(Date.now() + 2 * 86_400_000).toISOString(), endDate: new Date(Date.now() + 9 * 86_400_000).toISOString() },
    });
    const { deps, written } = storeHolding(published);
    const error = await amendCompetition(deps, akimat, published.id, { tenderPeriod: { endDate: '9999-12-31T23:59:59Z' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fields).toEqual([expect.objectContaining({ path: 'tenderPeriod.endDate' })]);
    expect(written).toHaveLength(0);
  });
});

describe('email subjects', () => {
  it.each(['\u202e', '\u202a', '\u202b', '\u202c', '\u202d', '\u2066', '\u2067', '\u2068', '\u2069', '\u200e', '\u200f', '\u061c'])(
    'strip the bidi control U+%s',
    (control) => {
      const title = `Счёт${control}fdp.exe`;
      expect(headerSafe(title)).toBe('Счётfdp.exe');
      expect(renderEmail('competition-published', 'ru', { title }, 'https://portal.example/c/1').subject).toBe('Новый конкурс: Счётfdp.exe');
    },
  );
});

describe('a publication email sent after an amendment', () => {
  it('says what was published, not the amended title', async () => {
    // Prepare: the published event carries the competition as published; the matcher reads it once amended.
    const published = competition({ status: 'active.clarification', publishedAt: '2026-12-01T10:00:00.000Z', tenderPeriod: { startDate: '2026-12-03T13:00:00.000Z', endDate: '2026-12-10T13:00:00.000Z' } });
    const amended: Competition = { ...published, title: { ru: 'Изменённое название' }, estimatedValue: '2000000', version: 2 };
    const event = anEvent(
      'competition.published',
      {},
      {
        at: '2026-12-01T10:00:00.000Z',
        actor: { sub: 'akimat:750000000', role: 'akimat' },
        subject: { id: published.id },
        before: { status: 'draft' },
        after: published,
      },
    );
    const job = messagesFor(event).find((m) => m.queue === 'match')!.body as MatchJob;
    const mails: MailJob[] = [];
    const reader = {
      getCompetition: async () => amended,
      subscribers: async () => ({ items: [{ email: 'c@example.kz', language: 'ru' as const, bin: '940140000385', unsubscribeToken: 'tttttttttttttttttttt' }] }),
      bids: async () => [],
      questions: async () => [],
      contractors: async () => [],
      getProject: async () => undefined,
    } as MatchingReader;

    // Act
    await fanOut({ reader, queue: { sendMail: async (jobs) => void mails.push(...jobs), sendMatch: async () => undefined } }, job);

    // Assess
    expect(mails).toHaveLength(1);
    expect(mails[0]!.vars.title).toBe('Теплосеть');
    expect(mails[0]!.vars.value).toMatch(/^1\s000\s000\s₸$/);
    expect(Object.keys(mails[0]!.vars)).not.toContain('publishedTitle');
  });
});

describe('resending the verification email', () => {
  const registered = { registeredAt: '2026-12-01T10:00:00.000Z' };
  const at = (iso: string) => new Date(iso);

  it('waits a minute after the registration email, then allows a resend', () => {
    expect(resendDecision(registered, at('2026-12-01T10:00:20.000Z'))).toEqual({ allowed: false, retryAfterSeconds: 40, reason: 'interval' });
    expect(resendDecision(registered, at('2026-12-01T10:01:00.000Z'))).toEqual({ allowed: true, day: '2026-12-01', resends: 1 });
  });

  it('allows ten resends per Almaty day, then says how long until midnight in Almaty', () => {
    const tenToday = { ...registered, verificationSentAt: '2026-12-01T12:00:00.000Z', verificationResendDay: '2026-12-01', verificationResends: 10 };
    // 13:00 UTC is 18:00 in Almaty: six hours to the next Almaty day.
    expect(resendDecision(tenToday, at('2026-12-01T13:00:00.000Z'))).toEqual({ allowed: false, retryAfterSeconds: 6 * 3600, reason: 'daily' });
    expect(resendDecision(tenToday, at('2026-12-01T19:00:00.000Z'))).toEqual({ allowed: true, day: '2026-12-02', resends: 1 });
    expect(resendDecision({ ...tenToday, verificationResends: 9 }, at('2026-12-01T13:00:00.000Z'))).toEqual({ allowed: true, day: '2026-12-01', resends: 10 });
  });
});
