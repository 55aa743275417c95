/**
 * Issue 10 on the wire (local runtime): one live competition per project with exact counters, resending the
 * verification email under its rate limit, and the input defects that answered 500 or were accepted (money, ids,
 * limits, cursors, content types, unknown routes, periods, title merges, the development identity's BIN check).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createDraft, publish } from '../support/fixtures.js';
import { advanceClock, api, eventually, mailTo, seedProject, tokenFor, uniqueBin, uniqueEmail, verifiedContractor, waitForMail } from '../support/local.js';

/** North Kazakhstan: no other test file works in this region, so its counters move only with this file's requests. */
const KATO = '590000000';

let akimat: string;
let ministry: string;

beforeAll(async () => {
  [akimat, ministry] = await Promise.all([tokenFor({ role: 'akimat', kato: KATO }), tokenFor({ role: 'ministry' })]);
});

/** The figures of one project's publication: the region's publications and its projects by stage. */
const figures = async () => {
  const summary = (await api('/monitoring/summary', { token: ministry })).body;
  const region = summary.regions.find((r: { kato: string }) => r.kato === KATO);
  return {
    published: region.publication.published as number,
    determining: (region.projects.byStage['contractor-determination'] ?? 0) as number,
  };
};

const fieldsOf = (body: { fields?: { path: string }[] }) => (body.fields ?? []).map((f) => f.path);

describe('one live competition per project', () => {
  it('answers 201 then 409 naming projectId, counts the project once, and frees it on cancellation', async () => {
    // Prepare
    const project = await seedProject({ kato: KATO, sector: 'gas' });
    const before = await figures();

    // Act: three drafts for one project, then publish what was created.
    const attempts = [];
    for (const label of ['first', 'second', 'third']) {
      attempts.push(await api('/competitions', { token: akimat, body: { projectId: project.id, title: { ru: `Газопровод ${label}` }, estimatedValue: '1000000' } }));
    }
    const published = await publish(akimat, attempts[0]!.body.id);

    // Assess
    expect(attempts.map((a) => a.status)).toEqual([201, 409, 409]);
    for (const refused of attempts.slice(1)) {
      expect(refused.body).toMatchObject({ error: 'conflict' });
      expect(fieldsOf(refused.body)).toEqual(['projectId']);
    }
    expect((await api(`/projects/${project.id}`)).body.competitionId).toBe(published.id);
    const moved = await eventually(async () => {
      const now = await figures();
      return now.published > before.published ? now : undefined;
    });
    expect(moved.published - before.published).toBe(1);
    expect(moved.determining - before.determining).toBe(1);

    // Act: cancellation frees the project; a new competition may be created (and only one).
    const cancelled = await api(`/competitions/${published.id}/cancel`, { token: akimat, body: { reason: 'documentationErrors' } });
    const again = await api('/competitions', { token: akimat, body: { projectId: project.id, title: { ru: 'Газопровод, снова' }, estimatedValue: '1000000' } });
    const twice = await api('/competitions', { token: akimat, body: { projectId: project.id, title: { ru: 'Газопровод, ещё раз' }, estimatedValue: '1000000' } });

    // Assess
    expect(cancelled.status).toBe(200);
    expect((await api(`/projects/${project.id}`)).body.competitionId).toBeUndefined();
    expect(again.status).toBe(201);
    expect(twice.status).toBe(409);
    expect(fieldsOf(twice.body)).toEqual(['projectId']);
    // A cancelled draft frees its project too.
    expect((await api(`/competitions/${again.body.id}/cancel`, { token: akimat, body: { reason: 'noNeed' } })).status).toBe(200);
    expect((await api('/competitions', { token: akimat, body: { projectId: project.id, title: { ru: 'Газопровод, третий' }, estimatedValue: '1' } })).status).toBe(201);
  });
});

describe('POST /contractors/me/verification', () => {
  it('resends the verification email with a new link, at most once a minute (429 + Retry-After), and 409 once verified', async () => {
    // Prepare
    const bin = uniqueBin();
    const email = uniqueEmail('resend');
    const token = await tokenFor({ role: 'contractor', bin });
    const registered = await api('/contractors', { token, body: { bin, name: `ТОО Повтор ${bin}`, email, language: 'kk' } });
    expect(registered.status).toBe(201);
    const linkOf = (text: string | undefined) => /token=([\w-]+)/.exec(text ?? '')![1]!;
    const first = linkOf((await waitForMail(email, 1))[0]!.body.text);

    // Act & Assess: right after registration, the minute has not passed.
    const early = await api('/contractors/me/verification', { token, method: 'POST' });
    expect(early.status).toBe(429);
    expect(early.body).toMatchObject({ error: 'too_many_requests' });
    const wait = Number(early.headers.get('retry-after'));
    expect(wait).toBeGreaterThanOrEqual(1);
    expect(wait).toBeLessThanOrEqual(60);

    await advanceClock(wait + 1);
    const resent = await api('/contractors/me/verification', { token, method: 'POST' });
    expect(resent.status).toBe(202);
    expect(resent.body).toMatchObject({ email, resendsToday: 1, resendsLeftToday: 9 });
    const again = await api('/contractors/me/verification', { token, method: 'POST' });
    expect(again.status).toBe(429);
    expect(Number(again.headers.get('retry-after'))).toBeGreaterThan(0);

    const mails = await waitForMail(email, 2);
    expect(mails).toHaveLength(2);
    const second = linkOf(mails.find((m) => linkOf(m.body.text) !== first)!.body.text);
    expect(second).not.toBe(first);
    expect((await api('/contractors/verify', { body: { token: first } })).status).toBe(422);
    expect((await api('/contractors/verify', { body: { token: second } })).status).toBe(200);

    await advanceClock(61);
    const verified = await api('/contractors/me/verification', { token, method: 'POST' });
    expect(verified.status).toBe(409);
  });

  it('is for a registered contractor only', async () => {
    const token = await tokenFor({ role: 'contractor', bin: uniqueBin() });
    expect((await api('/contractors/me/verification', { token, method: 'POST' })).status).toBe(404);
    expect((await api('/contractors/me/verification', { token: akimat, method: 'POST' })).status).toBe(403);
  });
});

describe('malformed input answers 4xx naming the field, never 500', () => {
  it.each(['-5', '1e9', '0.001', 'NaN', '', ' 100', '1234567890123456', 5])('a bid price %j → 422 naming price', async (price) => {
    const contractor = await tokenFor({ role: 'contractor', bin: '940140000385' });
    const response = await api('/competitions/01JCX4Q8ZP6M2V9T3R7K/bids/me', { token: contractor, method: 'PUT', body: { price } });
    expect(response.status).toBe(422);
    expect(fieldsOf(response.body)).toEqual(['price']);
  });

  it('estimatedValue of a draft and of an amendment → 422 naming estimatedValue', async () => {
    const project = await seedProject({ kato: KATO });
    const created = await api('/competitions', { token: akimat, body: { projectId: project.id, title: { ru: 'Деньги' }, estimatedValue: '1e9' } });
    expect(created.status).toBe(422);
    expect(fieldsOf(created.body)).toEqual(['estimatedValue']);
    const draft = await createDraft(akimat, project.id, 'Деньги');
    const amended = await api(`/competitions/${draft.id}`, { token: akimat, method: 'PATCH', body: { estimatedValue: '-5' } });
    expect(amended.status).toBe(422);
    expect(fieldsOf(amended.body)).toEqual(['estimatedValue']);
  });

  it.each([
    ['GET', `/competitions/${'x'.repeat(2_100)}`, 'path.id'],
    ['GET', `/competitions/${'x'.repeat(2_100)}/questions`, 'path.id'],
    ['POST', `/competitions/01JCX4Q8ZP6M2V9T3R7K/questions/${'q'.repeat(1_100)}/answer`, 'path.qid'],
    ['GET', `/projects/${'p'.repeat(300)}`, 'path.id'],
    ['GET', `/inquiries/${'i'.repeat(300)}?token=${'t'.repeat(30)}`, 'path.id'],
    ['GET', `/ocds/records/${'o'.repeat(300)}`, 'path.ocid'],
  ])('%s %s… → 422 naming %s', async (method, path, field) => {
    const response = await api(path, { token: akimat, method, ...(method === 'POST' ? { body: { text: 'ответ' } } : {}) });
    expect(response.status).toBe(422);
    expect(fieldsOf(response.body)).toEqual([field]);
  });

  it.each(['/competitions', '/projects', '/ocds/releases', '/inquiries', '/monitoring/overdue'])('%s refuses limit=0x10, 1e2 and " 5" naming query.limit', async (path) => {
    for (const limit of ['0x10', '1e2', ' 5']) {
      const response = await api(`${path}?limit=${encodeURIComponent(limit)}`, { token: ministry });
      expect(response.status, `${path} limit=${limit}`).toBe(422);
      expect(fieldsOf(response.body)).toEqual(['query.limit']);
    }
    expect((await api(`${path}?limit=5`, { token: ministry })).status).toBeLessThan(300);
  });

  it('a forged cursor {"s":1.5} → 422 naming query.cursor', async () => {
    const cursor = Buffer.from(JSON.stringify({ s: 1.5 })).toString('base64url');
    const response = await api(`/competitions?cursor=${cursor}`);
    expect(response.status).toBe(422);
    expect(fieldsOf(response.body)).toEqual(['query.cursor']);
  });

  it('a form-encoded body on a JSON route → 415', async () => {
    const response = await api('/inquiries', { raw: 'topic=other&text=hello', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(response.status).toBe(415);
    expect(response.body).toMatchObject({ error: 'unsupported_media_type' });
  });

  it('an unknown route → 404 with the documented { error, message } body', async () => {
    const response = await api('/no/such/route');
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ error: 'not_found', message: 'Not Found' });
  });

  it('/dev/token names the BIN rule that failed', async () => {
    const response = await api('/dev/token', { body: { role: 'contractor', bin: '940140000386' } });
    expect(response.status).toBe(422);
    expect(response.body.fields).toEqual([{ path: 'bin', message: expect.stringMatching(/check digit/) }]);
    const short = await api('/dev/token', { body: { role: 'contractor', bin: '94014' } });
    expect(short.body.fields).toEqual([{ path: 'bin', message: expect.stringMatching(/12 digits/) }]);
  });
});

describe('amendments', () => {
  it('a title given in one language merges with the others; a deadline in 9999 → 422 naming tenderPeriod.endDate', async () => {
    const project = await seedProject({ kato: KATO, sector: 'water' });
    const draft = await api('/competitions', { token: akimat, body: { projectId: project.id, title: { ru: 'Водовод', kk: 'Су құбыры', en: 'Water main' }, estimatedValue: '1000' } });
    const renamed = await api(`/competitions/${draft.body.id}`, { token: akimat, method: 'PATCH', body: { title: { ru: 'Новый водовод' } } });
    expect(renamed.status).toBe(200);
    expect(renamed.body.title).toEqual({ ru: 'Новый водовод', kk: 'Су құбыры', en: 'Water main' });

    await publish(akimat, draft.body.id);
    const far = await api(`/competitions/${draft.body.id}`, { token: akimat, method: 'PATCH', body: { tenderPeriod: { endDate: '9999-12-31T23:59:59Z' } } });
    expect(far.status).toBe(422);
    expect(fieldsOf(far.body)).toEqual(['tenderPeriod.endDate']);
  });
});

describe('a publication email sent after an amendment', () => {
  it('says what was published; the amendment has its own email', async () => {
    // Prepare: a subscriber of the region × sector (a sector no other test of this file publishes in).
    const subscriber = await verifiedContractor({ subscriptions: [{ kato: KATO, sector: 'electricity' }] });
    const project = await seedProject({ kato: KATO, sector: 'electricity' });
    const draft = await createDraft(akimat, project.id, 'Подстанция как опубликовано');

    // Act: amend right after publishing, before the matcher reads the competition.
    await publish(akimat, draft.id);
    const amended = await api(`/competitions/${draft.id}`, { token: akimat, method: 'PATCH', body: { title: { ru: 'Подстанция после изменения' } } });
    expect(amended.status).toBe(200);

    // Assess
    const mails = await eventually(async () => {
      const found = (await mailTo(subscriber.email)).filter((m) => m.subject.includes('Подстанция'));
      return found.length >= 2 ? found : undefined;
    }, 30_000, 'publication and amendment emails');
    const subjects = mails.map((m) => m.subject).sort();
    expect(subjects).toEqual(['Изменения в конкурсе: Подстанция после изменения', 'Новый конкурс: Подстанция как опубликовано']);
  });
});
