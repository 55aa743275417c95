/**
 * The МЭКС contact centre on the local runtime: an inquiry is filed by anyone, routed to the party that must answer
 * it, taken and answered; the inquirer follows it with its access token and receives the answer by email; the status
 * flow and tenancy hold; invalid input is named field by field; an unanswered inquiry becomes overdue once the
 * development clock passes its response deadline.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { MINISTRY, responseDeadline } from '../../shared/domain/inquiry.js';
import { EVENT_PREFIX, keys } from '../../shared/keys.js';
import { passTime } from '../support/fixtures.js';
import { api, documentClient, eventually, tokenFor, uniqueEmail, waitForMail, type ApiResponse } from '../support/local.js';

// Zhambyl and Mangystau: regions no other integration test files inquiries for.
const REGION = '310000000';
const OTHER_REGION = '470000000';

const ANSWER = 'Конкурс будет объявлен в апреле.\nДокументация — на портале <b>Konkurs</b> & в акимате.';

let akimat: string;
let otherAkimat: string;
let ministry: string;

beforeAll(async () => {
  [akimat, otherAkimat, ministry] = await Promise.all([
    tokenFor({ role: 'akimat', kato: REGION }),
    tokenFor({ role: 'akimat', kato: OTHER_REGION }),
    tokenFor({ role: 'ministry' }),
  ]);
});

const file = async (body: Record<string, unknown>): Promise<ApiResponse> => {
  const response = await api('/inquiries', { body });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response;
};

/** Whether a list (followed page by page) holds `id`; lists read an index, so callers retry with `eventually`. */
const listHolds = async (token: string, query: string, id: string): Promise<boolean> => {
  let cursor: string | undefined;
  for (let page = 0; page < 50; page += 1) {
    const response = await api(`/inquiries?limit=100${query ? `&${query}` : ''}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    if (response.body.items.some((item: { id: string }) => item.id === id)) return true;
    cursor = response.body.cursor;
    if (!cursor) return false;
  }
  return false;
};

const appearsIn = (token: string, query: string, id: string) =>
  eventually(async () => ((await listHolds(token, query, id)) ? true : undefined), 10_000, `${id} in /inquiries?${query}`);

const eventsOf = async (id: string): Promise<{ type: string; data: Record<string, unknown> }[]> => {
  const result = await documentClient().send(
    new QueryCommand({
      TableName: 'konkurs',
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :event)',
      ExpressionAttributeValues: { ':pk': keys.inquiry(id).PK, ':event': EVENT_PREFIX },
    }),
  );
  return (result.Items ?? []) as { type: string; data: Record<string, unknown> }[];
};

describe('contact-centre inquiries', () => {
  it('routes a regional inquiry to its akimat, which takes and answers it; the inquirer sees the answer and gets it by email', async () => {
    // Prepare
    const email = uniqueEmail('inquirer');

    // File: anyone, no token.
    const filed = await file({
      topic: 'competition',
      kato: REGION,
      text: 'Когда объявят конкурс на реконструкцию котельной в Таразе?',
      contact: { name: 'Айгерим <Тест>', email, phone: '+7 701 234 56 78' },
      language: 'ru',
    });
    const { id, accessToken } = filed.body as { id: string; accessToken: string };
    expect(filed.body).toMatchObject({ topic: 'competition', kato: REGION, routedTo: REGION, status: 'new', overdue: false });
    expect(filed.body.dueAt).toBe(responseDeadline(new Date(filed.body.filedAt), 5).toISOString());
    expect(filed.body).not.toHaveProperty('contact');
    expect(filed.headers.get('location')).toBe(`/inquiries/${id}`);
    expect(accessToken).toMatch(/^[\w-]{43}$/);

    // Only the hash of the token is stored.
    const [stored] = (
      await documentClient().send(new QueryCommand({ TableName: 'konkurs', KeyConditionExpression: 'PK = :pk AND SK = :sk', ExpressionAttributeValues: { ':pk': keys.inquiry(id).PK, ':sk': keys.inquiry(id).SK } }))
    ).Items ?? [];
    expect(JSON.stringify(stored)).not.toContain(accessToken);

    // The inquirer follows it with the token; a wrong or missing token learns nothing.
    const followed = await api(`/inquiries/${id}?token=${accessToken}`);
    expect(followed.status).toBe(200);
    expect(followed.body).toMatchObject({ id, status: 'new', routedTo: REGION });
    expect(followed.body).not.toHaveProperty('contact');
    expect((await api(`/inquiries/${id}?token=${'A'.repeat(43)}`)).status).toBe(404);
    const missing = await api(`/inquiries/${id}`);
    expect(missing.status).toBe(422);
    expect(missing.body.fields).toEqual([expect.objectContaining({ path: 'query.token' })]);

    // Routed to the region's akimat: it lists it; another region's akimat does not; the ministry sees it read-only.
    await appearsIn(akimat, 'status=new', id);
    expect(await listHolds(otherAkimat, '', id)).toBe(false);
    expect((await api(`/inquiries?region=${REGION}`, { token: otherAkimat })).status).toBe(403);
    await appearsIn(ministry, `region=${REGION}&status=new`, id);
    expect(await listHolds(ministry, `region=${MINISTRY}`, id)).toBe(false);
    const asMinistry = await api(`/inquiries/${id}/case`, { token: ministry });
    expect(asMinistry.status).toBe(200);
    expect(asMinistry.body.contact).toEqual({ name: 'Айгерим <Тест>', email, phone: '+7 701 234 56 78' });
    expect(asMinistry.body).not.toHaveProperty('accessTokenHash');
    expect((await api(`/inquiries/${id}/take`, { token: ministry, method: 'POST' })).status).toBe(403);

    // Another region's akimat may neither read, take nor answer it.
    expect((await api(`/inquiries/${id}/case`, { token: otherAkimat })).status).toBe(403);
    expect((await api(`/inquiries/${id}/take`, { token: otherAkimat, method: 'POST' })).status).toBe(403);
    expect((await api(`/inquiries/${id}/answer`, { token: otherAkimat, body: { text: 'Чужой ответ' } })).status).toBe(403);

    // Status flow: take first, then answer, once.
    const early = await api(`/inquiries/${id}/answer`, { token: akimat, body: { text: ANSWER } });
    expect(early.status).toBe(409);
    const taken = await api(`/inquiries/${id}/take`, { token: akimat, method: 'POST' });
    expect(taken.status, JSON.stringify(taken.body)).toBe(200);
    expect(taken.body).toMatchObject({ status: 'in-progress', takenBy: { role: 'akimat' } });
    expect((await api(`/inquiries/${id}/take`, { token: akimat, method: 'POST' })).status).toBe(409);
    const answered = await api(`/inquiries/${id}/answer`, { token: akimat, body: { text: ANSWER } });
    expect(answered.status, JSON.stringify(answered.body)).toBe(200);
    expect(answered.body).toMatchObject({ status: 'answered', answer: { text: ANSWER, by: { role: 'akimat' } }, overdue: false });
    const again = await api(`/inquiries/${id}/answer`, { token: akimat, body: { text: 'Второй ответ' } });
    expect(again.status).toBe(409);
    expect(again.body.error).toBe('conflict');

    // The inquirer sees the answer with its token, and receives it by email, escaped.
    const seen = await api(`/inquiries/${id}?token=${accessToken}`);
    expect(seen.body).toMatchObject({ status: 'answered', answer: { text: ANSWER } });
    expect(seen.body.answer).not.toHaveProperty('by');
    // The mailer is paced to the SES rate: behind a backlog from other files the email can take a while.
    const [mail] = await waitForMail(email, 1, 45_000);
    expect(mail!.subject).toContain('обращение');
    expect(mail!.body.text).toContain('Конкурс будет объявлен в апреле.');
    expect(mail!.body.text).toContain(`/inquiries/${id}`);
    expect(mail!.body.html).toContain('&lt;b&gt;Konkurs&lt;/b&gt; &amp; в акимате');
    expect(mail!.body.html).toContain('Айгерим &lt;Тест&gt;');
    expect(mail!.body.html).not.toContain('<b>Konkurs</b>');
    await appearsIn(akimat, 'status=answered', id);

    // The outbox: one event per transition, with the fields monitoring counts.
    const events = await eventsOf(id);
    expect(events.map((e) => e.type).sort()).toEqual(['inquiry.answered', 'inquiry.filed', 'inquiry.taken']);
    expect(events.find((e) => e.type === 'inquiry.filed')!.data).toMatchObject({ kato: REGION, topic: 'competition', filedAt: filed.body.filedAt, routedTo: REGION });
    expect(events.find((e) => e.type === 'inquiry.answered')!.data).toMatchObject({
      kato: REGION,
      topic: 'competition',
      filedAt: filed.body.filedAt,
      answeredAt: answered.body.answer.at,
      email,
      language: 'ru',
    });
  });

  it('routes national topics, and regional topics without a region, to the ministry, which answers them', async () => {
    // Prepare / Act
    const financing = await file({ topic: 'financing', kato: REGION, text: 'Как получить финансирование через БРК?', contact: { name: 'Ерлан', phone: '+77012345678' } });
    const noRegion = await file({ topic: 'competition', text: 'Где смотреть все конкурсы?', contact: { name: 'Ерлан', email: uniqueEmail('national') } });

    // Assess
    expect(financing.body.routedTo).toBe(MINISTRY);
    expect(noRegion.body.routedTo).toBe(MINISTRY);
    await appearsIn(ministry, `region=${MINISTRY}&status=new`, financing.body.id);
    expect(await listHolds(akimat, '', financing.body.id)).toBe(false);
    expect((await api(`/inquiries/${financing.body.id}/case`, { token: akimat })).status).toBe(403);
    expect((await api(`/inquiries/${financing.body.id}/take`, { token: akimat, method: 'POST' })).status).toBe(403);

    expect((await api(`/inquiries/${financing.body.id}/take`, { token: ministry, method: 'POST' })).status).toBe(200);
    const answered = await api(`/inquiries/${financing.body.id}/answer`, { token: ministry, body: { text: 'Через акимат области.' } });
    expect(answered.status).toBe(200);
    expect(answered.body.answer.by.role).toBe('ministry');
    const national = (await eventsOf(financing.body.id)).find((e) => e.type === 'inquiry.filed')!;
    expect(national.data).toMatchObject({ kato: REGION, topic: 'financing', routedTo: MINISTRY });
    const noRegionFiled = (await eventsOf(noRegion.body.id)).find((e) => e.type === 'inquiry.filed')!;
    expect(noRegionFiled.data.kato).toBeNull();
  });

  it('refuses invalid inquiries with 422 naming each field, and oversized bodies with 413', async () => {
    // Act
    const invalid = await api('/inquiries', {
      body: {
        topic: 'weather',
        kato: '999999999',
        text: 'x'.repeat(4001),
        contact: { name: 'Аноним', email: 'not-an-email' },
        unexpected: 1,
      },
    });
    const noContact = await api('/inquiries', { body: { topic: 'other', text: 'Вопрос', contact: { name: 'Аноним' } } });
    const huge = await api('/inquiries', { body: { topic: 'other', text: 'x'.repeat(30_000), contact: { name: 'A', phone: '+77012345678' } } });

    // Assess
    expect(invalid.status).toBe(422);
    expect(invalid.body.fields.map((f: { path: string }) => f.path)).toEqual(
      expect.arrayContaining(['topic', 'kato', 'text', 'contact.email', 'unexpected']),
    );
    expect(noContact.status).toBe(422);
    expect(noContact.body.fields).toEqual([expect.objectContaining({ path: 'contact' })]);
    expect(huge.status).toBe(413);

    const { body: filed } = await file({ topic: 'project', kato: REGION, text: 'Статус проекта?', contact: { name: 'Б', phone: '+77012345679' } });
    expect((await api(`/inquiries/${filed.id}/take`, { token: akimat, method: 'POST' })).status).toBe(200);
    const blank = await api(`/inquiries/${filed.id}/answer`, { token: akimat, body: { text: '   ' } });
    expect(blank.status).toBe(422);
    expect(blank.body.fields).toEqual([expect.objectContaining({ path: 'text' })]);
    const badStatus = await api('/inquiries?status=closed', { token: akimat });
    expect(badStatus.status).toBe(422);
    expect(badStatus.body.fields).toEqual([expect.objectContaining({ path: 'query.status' })]);
  });

  it('becomes overdue once the clock passes the response deadline unanswered; an answered inquiry does not', async () => {
    // Prepare
    const open = await file({ topic: 'registration', kato: REGION, text: 'Как зарегистрироваться подрядчиком?', contact: { name: 'В', phone: '+77012345670' } });
    const done = await file({ topic: 'registration', kato: REGION, text: 'Нужна ли ЭЦП?', contact: { name: 'Г', phone: '+77012345671' } });
    expect((await api(`/inquiries/${done.body.id}/take`, { token: akimat, method: 'POST' })).status).toBe(200);
    expect((await api(`/inquiries/${done.body.id}/answer`, { token: akimat, body: { text: 'Да.' } })).status).toBe(200);
    expect((await api(`/inquiries/${open.body.id}?token=${open.body.accessToken}`)).body.overdue).toBe(false);

    // Act
    await passTime([open.body.dueAt, done.body.dueAt].sort().at(-1)!);

    // Assess
    const late = await api(`/inquiries/${open.body.id}?token=${open.body.accessToken}`);
    expect(late.body).toMatchObject({ status: 'new', overdue: true });
    expect((await api(`/inquiries/${open.body.id}/case`, { token: akimat })).body.overdue).toBe(true);
    expect((await api(`/inquiries/${done.body.id}?token=${done.body.accessToken}`)).body).toMatchObject({ status: 'answered', overdue: false });
    // Still answerable after the deadline: late, not lost.
    expect((await api(`/inquiries/${open.body.id}/take`, { token: akimat, method: 'POST' })).body).toMatchObject({ status: 'in-progress', overdue: true });
  });
});
