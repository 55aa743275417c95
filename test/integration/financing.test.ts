/**
 * Financing applications on the local runtime, through the API, the table stream, the monitoring queue and the
 * aggregator: an application from submission to approval and disbursement changes the financing views (the
 * programme summary's financing by route, the financing speed); a financier of another route cannot decide it (403);
 * an application left waiting is named; and an award with one bid raises red flags, read back by the ministry.
 *
 * The runtime is shared with the other files, so the views are asserted as differences from a snapshot.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { financingKeys } from '../../shared/keys.js';
import { seedFlaggedAward } from '../support/red-flags.js';
import { advanceClock, api, clockNow, documentClient, eventually, local, mailTo, seedProject, tokenFor, uniqueEmail } from '../support/local.js';

// Turkistan region: no other integration test files financing there.
const REGION = '610000000';
const OTHER_REGION = '390000000';

let akimat: string;
let otherAkimat: string;
let dbk: string;
let khc: string;
let ministry: string;

beforeAll(async () => {
  [akimat, otherAkimat, dbk, khc, ministry] = await Promise.all([
    tokenFor({ role: 'akimat', kato: REGION }),
    tokenFor({ role: 'akimat', kato: OTHER_REGION }),
    tokenFor({ role: 'financier', route: 'dbk-banks' }),
    tokenFor({ role: 'financier', route: 'khc-bonds' }),
    tokenFor({ role: 'ministry' }),
  ]);
});

const financingView = async () => {
  const response = await api('/monitoring/financing', { token: ministry });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body;
};

const summary = async () => {
  const response = await api('/monitoring/summary', { token: ministry });
  expect(response.status).toBe(200);
  return response.body;
};

const regionOf = (view: any) => view.regions.find((r: { kato: string }) => r.kato === REGION).byRoute['dbk-banks'];

describe('the financier’s token', () => {
  it('carries the route it serves (custom:route); the development identity provider refuses one without', async () => {
    const refused = await api('/dev/token', { body: { role: 'financier' } });
    expect(refused.status).toBe(422);
    expect(refused.body.fields).toEqual([expect.objectContaining({ path: 'route' })]);
    expect((await api('/dev/token', { body: { role: 'financier', route: 'budget' } })).status).toBe(422);
    const claims = JSON.parse(Buffer.from(dbk.split('.')[1]!, 'base64url').toString('utf8'));
    expect(claims).toMatchObject({ 'cognito:groups': ['financier'], 'custom:route': 'dbk-banks' });
  });
});

describe('a financing application from submission to disbursement', () => {
  it('is decided by a financier of its route only, and changes the financing views', async () => {
    const project = await seedProject({ kato: REGION, value: '2400000000', financing: { route: 'budget', status: 'not-requested' } });
    const [beforeView, beforeSummary] = await Promise.all([financingView(), summary()]);

    // The akimat of another region may not apply; the akimat of the region does.
    const refused = await api(`/projects/${project.id}/financing-applications`, { token: otherAkimat, body: { route: 'dbk-banks', amount: '2000000000' } });
    expect(refused.status).toBe(403);
    const submitted = await api(`/projects/${project.id}/financing-applications`, {
      token: akimat,
      body: { route: 'dbk-banks', amount: '2000000000', documents: [{ title: 'Заявка на финансирование', sha256: 'a'.repeat(64) }] },
    });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
    expect(submitted.headers.get('location')).toBe(`/financing-applications/${submitted.body.id}`);
    expect(submitted.body).toMatchObject({ status: 'submitted', route: 'dbk-banks', kato: REGION, amount: '2000000000' });
    const id: string = submitted.body.id;
    const second = await api(`/projects/${project.id}/financing-applications`, { token: akimat, body: { route: 'khc-bonds', amount: '1' } });
    expect(second.status).toBe(409);

    // The financier's queue: its route's submitted applications; another route's financier neither lists nor decides.
    const queue = await api(`/financing-applications?route=dbk-banks&status=submitted&region=${REGION}`, { token: dbk });
    expect(queue.status).toBe(200);
    expect(queue.body.items.map((a: { id: string }) => a.id)).toContain(id);
    expect((await api('/financing-applications?route=dbk-banks', { token: khc })).status).toBe(403);
    const stranger = await api(`/financing-applications/${id}/decision`, { token: khc, body: { decision: 'approved', text: 'Одобрено' } });
    expect(stranger.status, JSON.stringify(stranger.body)).toBe(403);
    expect((await api(`/financing-applications/${id}/decision`, { token: ministry, body: { decision: 'approved', text: 'x' } })).status).toBe(403);
    expect((await api(`/financing-applications/${id}`, { token: dbk })).body.status).toBe('submitted');

    // Approved by the route's financier, then a first disbursement.
    const approved = await api(`/financing-applications/${id}/decision`, { token: dbk, body: { decision: 'approved', amount: '1800000000', text: 'Одобрено кредитным комитетом' } });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', approvedAmount: '1800000000', decision: { decision: 'approved', text: 'Одобрено кредитным комитетом' } });
    const today = (await clockNow()).toISOString().slice(0, 10);
    const tooMuch = await api(`/financing-applications/${id}/disbursements`, { token: dbk, body: { amount: '1800000000.01', date: today } });
    expect(tooMuch.status).toBe(409);
    const disbursed = await api(`/financing-applications/${id}/disbursements`, { token: dbk, body: { amount: '600000000', date: today } });
    expect(disbursed.status, JSON.stringify(disbursed.body)).toBe(201);
    expect(disbursed.body).toMatchObject({ disbursedAmount: '600000000', disbursements: [{ amount: '600000000', date: today }] });

    // Every step timestamped in the history, and audited as an event in the application's partition.
    const read = await api(`/financing-applications/${id}`, { token: akimat });
    expect(read.body.history.map((s: { action: string }) => s.action)).toEqual(['submit', 'approve', 'disburse']);
    expect(read.body.history.every((s: { at: string; by: { sub: string } }) => s.at && s.by.sub)).toBe(true);
    const audit = await documentClient().send(
      new QueryCommand({ TableName: 'konkurs', KeyConditionExpression: 'PK = :pk AND begins_with(SK, :e)', ExpressionAttributeValues: { ':pk': financingKeys.application(id).PK, ':e': 'EVENT#' } }),
    );
    expect(audit.Items!.map((e) => e.type)).toEqual(['financing.submitted', 'financing.decided', 'financing.disbursed']);
    expect((await api(`/financing-applications/${id}`, { token: otherAkimat })).status).toBe(403);

    // The views follow through the stream: the speed (per route, region and nation) and the summary's financing.
    const afterView = await eventually(async () => {
      const view = await financingView();
      return view.national.byRoute['dbk-banks'].firstDisbursement.count > beforeView.national.byRoute['dbk-banks'].firstDisbursement.count ? view : undefined;
    }, 30_000, 'the financing speed to count the disbursement');
    const [b, a] = [beforeView.national.byRoute['dbk-banks'], afterView.national.byRoute['dbk-banks']];
    expect({
      submitted: a.submitted - b.submitted,
      pending: a.pending - b.pending,
      approved: a.approved - b.approved,
      decisions: a.decision.count - b.decision.count,
      approvedAmount: BigInt(a.approvedAmount) - BigInt(b.approvedAmount),
      disbursedAmount: BigInt(a.disbursedAmount) - BigInt(b.disbursedAmount),
    }).toEqual({ submitted: 1, pending: 0, approved: 1, decisions: 1, approvedAmount: 1_800_000_000n, disbursedAmount: 600_000_000n });
    expect(regionOf(afterView).approved - regionOf(beforeView).approved).toBe(1);
    expect(a.decision.medianWorkingDays).not.toBeNull();

    const afterSummary = await eventually(async () => {
      const s = await summary();
      return s.national.financing.byRoute['development-bank'].approved.count > beforeSummary.national.financing.byRoute['development-bank'].approved.count ? s : undefined;
    }, 30_000, 'the summary to count the approval');
    const route = (s: any) => s.national.financing.byRoute['development-bank'].approved;
    expect(route(afterSummary).count - route(beforeSummary).count).toBe(1);
    expect(BigInt(route(afterSummary).amount) - BigInt(route(beforeSummary).amount)).toBe(1_800_000_000n);

    const csv = await api('/monitoring/financing.csv?lang=en', { token: ministry });
    expect(csv.status).toBe(200);
    expect(csv.body).toContain('Median working days to decision');
  });

  it('lets the akimat resubmit a returned application, and names applications waiting too long', async () => {
    const project = await seedProject({ kato: REGION, financing: { route: 'budget', status: 'not-requested' } });
    const submitted = await api(`/projects/${project.id}/financing-applications`, { token: akimat, body: { route: 'khc-bonds', amount: '700000000' } });
    expect(submitted.status).toBe(201);
    const id: string = submitted.body.id;
    const returned = await api(`/financing-applications/${id}/decision`, { token: khc, body: { decision: 'returned', text: 'Приложите ПСД' } });
    expect(returned.body.status).toBe('returned');
    expect((await api(`/financing-applications/${id}/resubmit`, { token: otherAkimat, body: {} })).status).toBe(403);
    const resubmitted = await api(`/financing-applications/${id}/resubmit`, { token: akimat, body: { documents: [{ title: 'ПСД' }] } });
    expect(resubmitted.status, JSON.stringify(resubmitted.body)).toBe(200);
    expect(resubmitted.body).toMatchObject({ status: 'submitted', documents: [{ title: 'ПСД' }] });

    // Three weeks later (more than the 10 working days configured by default) it is named in the waiting view.
    await advanceClock(21 * 86_400);
    const waiting = await eventually(async () => {
      const response = await api('/monitoring/financing/waiting', { token: ministry });
      expect(response.status).toBe(200);
      const found = response.body.items.find((a: { id: string }) => a.id === id);
      return found ?? (response.body.cursor ? undefined : null);
    }, 10_000, 'the waiting application');
    expect(waiting).toMatchObject({ id, projectTitle: project.title.ru, route: 'khc-bonds', kato: REGION });
    expect(waiting.workingDaysWaiting).toBeGreaterThan(10);
    const csv = await api('/monitoring/financing/waiting.csv', { token: ministry });
    expect(csv.status).toBe(200);
    expect(csv.body).toContain(id);
  });
});

describe('decision emails', () => {
  it('mail each decision once to the akimat user who applied (or resubmitted), in the decision’s words', async () => {
    // Prepare: an akimat user whose token carries an address, another one of the same akimat who resubmits.
    const applicantEmail = uniqueEmail('financing-applicant');
    const resubmitterEmail = uniqueEmail('financing-resubmitter');
    const [applicant, resubmitter] = await Promise.all([
      tokenFor({ role: 'akimat', kato: REGION, email: applicantEmail }),
      tokenFor({ role: 'akimat', kato: REGION, email: resubmitterEmail }),
    ]);
    const project = await seedProject({ kato: REGION, financing: { route: 'budget', status: 'not-requested' } });
    const title = project.title.ru;
    const subject = `Решение по заявке на финансирование: ${title}`;
    const submitted = await api(`/projects/${project.id}/financing-applications`, { token: applicant, body: { route: 'dbk-banks', amount: '900000000' } });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
    const id: string = submitted.body.id;
    expect(submitted.body).not.toHaveProperty('applicant');

    // Act: returned (to the applicant), resubmitted by a colleague, approved for less (to the colleague).
    const returned = await api(`/financing-applications/${id}/decision`, { token: dbk, body: { decision: 'returned', text: 'Приложите заключение <экспертизы>' } });
    expect(returned.status, JSON.stringify(returned.body)).toBe(200);
    const [returnMail] = await eventually(async () => {
      const mails = (await mailTo(applicantEmail)).filter((m) => m.subject === subject);
      return mails.length > 0 ? mails : undefined;
    }, 20_000, 'the return email');
    expect((await api(`/financing-applications/${id}/resubmit`, { token: resubmitter, body: {} })).status).toBe(200);
    expect((await api(`/financing-applications/${id}/decision`, { token: dbk, body: { decision: 'approved', amount: '850000000', text: 'Одобрено' } })).status).toBe(200);
    const [approvalMail] = await eventually(async () => {
      const mails = (await mailTo(resubmitterEmail)).filter((m) => m.subject === subject);
      return mails.length > 0 ? mails : undefined;
    }, 20_000, 'the approval email');

    // Assess: what each says, where its button leads, and that each decision was mailed once, to one person.
    expect(returnMail!.body.text).toContain('возвращена на доработку');
    expect(returnMail!.body.text).toContain('Приложите заключение <экспертизы>');
    expect(returnMail!.body.text).toContain('Доработайте заявку и подайте её повторно.');
    expect(returnMail!.body.html).toContain('Приложите заключение &lt;экспертизы&gt;');
    expect(returnMail!.body.text).toContain('/akimat/financing');
    expect(approvalMail!.body.text).toContain('одобрена');
    expect(approvalMail!.body.text).toMatch(/Одобренная сумма: 850\s000\s000\s₸/);
    await advanceClock(60);
    const settled = async () => [...(await mailTo(applicantEmail)), ...(await mailTo(resubmitterEmail))].filter((m) => m.subject === subject);
    expect((await settled()).map((m) => m.destination.to[0])).toEqual([applicantEmail, resubmitterEmail]);
  });
});

describe('red flags', () => {
  it('flags an award with one bid at 99 % of the estimate, with its competition and why, for ministries only', async () => {
    const competition = await seedFlaggedAward(REGION);

    const flags = await eventually(async () => {
      const response = await api(`/monitoring/red-flags?region=${REGION}&limit=100`, { token: ministry });
      expect(response.status).toBe(200);
      const mine = response.body.items.filter((f: { competitionId: string }) => f.competitionId === competition.id);
      return mine.length >= 3 ? mine : undefined;
    }, 30_000, 'the red flags of the award');
    expect(flags.map((f: { flag: string }) => f.flag).sort()).toEqual(['high-price', 'minimum-period-one-bid', 'single-bidder']);
    expect(flags.find((f: { flag: string }) => f.flag === 'high-price').why).toContain('99.5%');

    const filtered = await api(`/monitoring/red-flags?flag=single-bidder&limit=100`, { token: ministry });
    expect(filtered.body.items.every((f: { flag: string }) => f.flag === 'single-bidder')).toBe(true);
    expect((await api('/monitoring/red-flags', { token: akimat })).status).toBe(403);
    expect((await api('/monitoring/red-flags', { token: dbk })).status).toBe(403);

    // The counts: the region's row and the nation hold at least these three (other tests flag the region too).
    const summary = await api('/monitoring/red-flags/summary', { token: ministry });
    expect(summary.status).toBe(200);
    expect(summary.body.regions).toHaveLength(20);
    const row = summary.body.regions.find((r: { kato: string }) => r.kato === REGION);
    for (const flag of ['high-price', 'minimum-period-one-bid', 'single-bidder']) {
      expect(row.byFlag[flag]).toBeGreaterThanOrEqual(1);
      expect(summary.body.national.byFlag[flag]).toBeGreaterThanOrEqual(row.byFlag[flag]);
    }
    expect((await api('/monitoring/red-flags/summary', { token: akimat })).status).toBe(403);
  });

  it('counts a flag once on DynamoDB Local however often it is written, in the same transaction as the flag', async () => {
    // The adapter alone, on a scope no region has, so the counts are exactly this test's.
    process.env.AWS_ENDPOINT_URL_DYNAMODB = local().dynamodb;
    const { redFlagStore } = await import('../../shared/adapters/red-flag-store.js');
    const scope = `T${Date.now()}`;
    const flag = (competitionId: string, name: 'single-bidder' | 'value-raised', why: string) => ({
      competitionId,
      projectId: 'P',
      kato: scope,
      title: 'Проверка счётчиков',
      flag: name,
      why,
      at: new Date().toISOString(),
      estimatedValue: '1000',
    });
    await redFlagStore.put([flag(`${scope}-1`, 'single-bidder', 'one bid')]);
    await redFlagStore.put([flag(`${scope}-1`, 'single-bidder', 'one bid (redelivered)'), flag(`${scope}-1`, 'value-raised', '+10 %')]);
    await redFlagStore.put([flag(`${scope}-1`, 'value-raised', '+20 %'), flag(`${scope}-2`, 'value-raised', '+5 %')]);

    expect((await redFlagStore.counts()).get(scope)).toEqual({ 'single-bidder': 1, 'value-raised': 2 });
    const listed = await redFlagStore.list({ region: scope }, { limit: 10 });
    expect(listed.items.map((f) => [f.competitionId, f.flag, f.why])).toEqual([
      [`${scope}-1`, 'single-bidder', 'one bid (redelivered)'],
      [`${scope}-1`, 'value-raised', '+20 %'],
      [`${scope}-2`, 'value-raised', '+5 %'],
    ]);
  });
});

describe('the lifecycle table on DynamoDB Local', () => {
  type Status = 'submitted' | 'returned' | 'approved' | 'rejected';
  type Action = 'approve' | 'reject' | 'return' | 'resubmit' | 'disburse';

  /** A fresh application of REGION brought to `status` through the API. */
  const applicationIn = async (status: Status): Promise<string> => {
    const project = await seedProject({ kato: REGION, financing: { route: 'budget', status: 'not-requested' } });
    const created = await api(`/projects/${project.id}/financing-applications`, { token: akimat, body: { route: 'dbk-banks', amount: '1000000' } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id: string = created.body.id;
    if (status !== 'submitted') {
      const decided = await api(`/financing-applications/${id}/decision`, { token: dbk, body: { decision: status, text: 'walk' } });
      expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    }
    return id;
  };

  const take = async (action: Action, id: string) => {
    const today = (await clockNow()).toISOString().slice(0, 10);
    switch (action) {
      case 'resubmit':
        return api(`/financing-applications/${id}/resubmit`, { token: akimat, body: {} });
      case 'disburse':
        return api(`/financing-applications/${id}/disbursements`, { token: dbk, body: { amount: '1000', date: today } });
      default: {
        const decision = { approve: 'approved', reject: 'rejected', return: 'returned' }[action];
        return api(`/financing-applications/${id}/decision`, { token: dbk, body: { decision, text: 'walk' } });
      }
    }
  };

  it('takes or refuses (409) every action from every status exactly as financingLifecycle says', async () => {
    const { financingLifecycle } = await import('../../shared/domain/financing.js');
    const outcomes: string[] = [];
    const expected: string[] = [];
    for (const status of ['submitted', 'returned', 'approved', 'rejected'] as const) {
      for (const action of ['approve', 'reject', 'return', 'resubmit', 'disburse'] as const) {
        const id = await applicationIn(status);
        const response = await take(action, id);
        outcomes.push(`${status} × ${action}: ${response.status}`);
        const allowed = financingLifecycle.table[action].from.includes(status);
        expected.push(`${status} × ${action}: ${allowed ? (action === 'disburse' ? 201 : 200) : 409}`);
      }
    }
    expect(outcomes).toEqual(expected);
  });

  it('takes one of two decisions sent at once', async () => {
    const id = await applicationIn('submitted');
    const [a, b] = await Promise.all([take('approve', id), take('reject', id)]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const audit = await documentClient().send(
      new QueryCommand({ TableName: 'konkurs', KeyConditionExpression: 'PK = :pk AND begins_with(SK, :e)', ExpressionAttributeValues: { ':pk': financingKeys.application(id).PK, ':e': 'EVENT#' } }),
    );
    expect(audit.Items!.filter((e) => e.type === 'financing.decided')).toHaveLength(1);
  });
});
