/**
 * Financing applications on the in-memory ports: who applies, who decides which route (a financier of another route
 * is refused), the lifecycle (submitted → approved | rejected | returned; returned → resubmitted; disbursements after
 * approval, within the approved amount), races, the counters the events move, the waiting list and the red flags.
 */
import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../shared/domain/events.js';
import { financingLifecycle } from '../../shared/domain/financing.js';
import { financingFiguresOf, financingSpeedDeltas } from '../../shared/domain/financing-stats.js';
import { amendmentFlag, awardFlags, type CompetitionRiskFacts } from '../../shared/domain/red-flags.js';
import { applyToRecord, deltasFor, figuresOf, type StatsRecord } from '../../shared/domain/stats.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../shared/errors.js';
import type { Caller } from '../../shared/http/identity.js';
import {
  decideApplication,
  listApplications,
  recordDisbursement,
  resubmitApplication,
  submitApplication,
  type FinancingDeps,
} from '../../shared/use-cases/financing.js';
import { waitingCutoff, waitingView } from '../../shared/use-cases/financing-monitoring.js';
import { detectRedFlags, redFlagSummaryView } from '../../shared/use-cases/red-flags.js';
import { anAkimat, aMinistry, aProject, KATO, T0 } from '../support/factories.js';
import { memoryFinancingStore, memoryRedFlagStore } from '../support/memory/financing-store.js';
import { memoryPorts } from '../support/memory/index.js';
import { failureOf } from '../support/outcome.js';
import { moveClockTo, useTestClock } from '../support/test-clock.js';

useTestClock(T0);

const dbk: Caller = { sub: 'financier:dbk', role: 'financier', route: 'dbk-banks' };
const khc: Caller = { sub: 'financier:khc', role: 'financier', route: 'khc-bonds' };

const world = () => {
  const ports = memoryPorts();
  const financing = memoryFinancingStore(ports.table);
  const deps: FinancingDeps = { applications: financing.store, projects: ports.projects };
  const project = ports.seed.project(aProject({ financing: { route: 'budget', status: 'not-requested' } }));
  return { ports, financing, deps, project, akimat: anAkimat(KATO) };
};

/** Folds the events written so far into a region's programme and financing-speed records, as the aggregator does. */
const fold = (events: readonly DomainEvent[]) => {
  let programme: StatsRecord = {};
  let speed: StatsRecord = {};
  for (const event of events) {
    for (const d of deltasFor(event)) if (d.scope === KATO) programme = applyToRecord(programme, d.counters);
    for (const d of financingSpeedDeltas(event)) if (d.scope === `financing:${KATO}`) speed = applyToRecord(speed, d.counters);
  }
  return { programme: figuresOf(programme).financing, speed: financingFiguresOf(speed) };
};

describe('applying', () => {
  it('lets the akimat of the project’s region apply, once per project while under review or approved', async () => {
    const w = world();
    const app = await submitApplication(w.deps, w.akimat, w.project.id, { route: 'dbk-banks', amount: '900000000' });
    expect(app).toMatchObject({ status: 'submitted', route: 'dbk-banks', amount: '900000000', kato: KATO, submittedAt: T0 });
    expect(app.history).toEqual([expect.objectContaining({ action: 'submit', at: T0, status: 'submitted' })]);
    expect(w.ports.table.projects.get(w.project.id)!.project.financing).toEqual({ route: 'development-bank', status: 'under-review', amount: '900000000' });

    expect(await failureOf(submitApplication(w.deps, w.akimat, w.project.id, { route: 'khc-bonds', amount: '1' }))).toBeInstanceOf(ConflictError);
    expect(await failureOf(submitApplication(w.deps, anAkimat('750000000'), w.project.id, { route: 'budget', amount: '1' }))).toBeInstanceOf(ForbiddenError);
    expect(await failureOf(submitApplication(w.deps, w.akimat, 'NO-SUCH', { route: 'budget', amount: '1' }))).toBeInstanceOf(NotFoundError);
  });

  it('keeps one application per project when two are filed at once', async () => {
    const w = world();
    const outcomes = await Promise.allSettled([
      submitApplication(w.deps, w.akimat, w.project.id, { route: 'dbk-banks', amount: '1000' }),
      submitApplication(w.deps, w.akimat, w.project.id, { route: 'khc-bonds', amount: '1000' }),
    ]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    expect(w.financing.applications.size).toBe(1);
  });
});

describe('deciding', () => {
  it('is for a financier of the application’s route, or the ministry for budget; anyone else gets 403', async () => {
    const w = world();
    const app = await submitApplication(w.deps, w.akimat, w.project.id, { route: 'dbk-banks', amount: '1000' });
    for (const stranger of [khc, aMinistry(), w.akimat, { ...dbk, route: undefined }]) {
      expect(await failureOf(decideApplication(w.deps, stranger, app.id, { decision: 'approved', text: 'ok' }))).toBeInstanceOf(ForbiddenError);
    }
    const approved = await decideApplication(w.deps, dbk, app.id, { decision: 'approved', amount: '800', text: 'approved in part' });
    expect(approved).toMatchObject({ status: 'approved', approvedAmount: '800', decision: { decision: 'approved', by: { sub: dbk.sub, role: 'financier' } } });
    expect(await failureOf(decideApplication(w.deps, dbk, app.id, { decision: 'rejected', text: 'again' }))).toBeInstanceOf(ConflictError);

    const other = world();
    const budget = await submitApplication(other.deps, other.akimat, other.project.id, { route: 'budget', amount: '1000' });
    expect(await failureOf(decideApplication(other.deps, dbk, budget.id, { decision: 'approved', text: 'x' }))).toBeInstanceOf(ForbiddenError);
    await expect(decideApplication(other.deps, aMinistry(), budget.id, { decision: 'approved', text: 'budget' })).resolves.toMatchObject({ status: 'approved' });
  });

  it('refuses an approved amount above the requested one, and an amount with a refusal', async () => {
    const w = world();
    const app = await submitApplication(w.deps, w.akimat, w.project.id, { route: 'khc-bonds', amount: '1000' });
    expect(await failureOf(decideApplication(w.deps, khc, app.id, { decision: 'approved', amount: '1000.01', text: 'x' }))).toBeInstanceOf(ValidationError);
    expect(await failureOf(decideApplication(w.deps, khc, app.id, { decision: 'rejected', amount: '10', text: 'x' }))).toBeInstanceOf(ValidationError);
    expect(w.financing.applications.get(app.id)!.status).toBe('submitted');
  });

  it('takes one of two decisions made at once', async () => {
    const w = world();
    const app = await submitApplication(w.deps, w.akimat, w.project.id, { route: 'dbk-banks', amount: '1000' });
    const outcomes = await Promise.allSettled([
      decideApplication(w.deps, dbk, app.id, { decision: 'approved', text: 'yes' }),
      decideApplication(w.deps, { ...dbk, sub: 'financier:dbk-2' }, app.id, { decision: 'rejected', text: 'no' }),
    ]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    expect(w.ports.table.allEvents().filter((e) => e.type === 'financing.decided')).toHaveLength(1);
  });

  it('returns to the akimat, which resubmits; a rejection frees the project for a new application', async () => {
    const w = world();
    const app = await submitApplication(w.deps, w.akimat, w.project.id, { route: 'dbk-banks', amount: '1000' });
    moveClockTo('2026-12-03T06:00:00.000Z');
    await decideApplication(w.deps, dbk, app.id, { decision: 'returned', text: 'add the feasibility study' });
    expect(await failureOf(resubmitApplication(w.deps, anAkimat('750000000'), app.id, {}))).toBeInstanceOf(ForbiddenError);
    moveClockTo('2026-12-04T06:00:00.000Z');
    const again = await resubmitApplication(w.deps, w.akimat, app.id, { amount: '1200', documents: [{ title: 'ТЭО' }] });
    expect(again).toMatchObject({ status: 'submitted', amount: '1200', firstSubmittedAt: T0, submittedAt: '2026-12-04T06:00:00.000Z' });
    expect(await failureOf(resubmitApplication(w.deps, w.akimat, app.id, {}))).toBeInstanceOf(ConflictError);
    await decideApplication(w.deps, dbk, app.id, { decision: 'rejected', text: 'not eligible' });
    expect(w.ports.table.projects.get(w.project.id)!.project.financing.status).toBe('not-requested');
    await expect(submitApplication(w.deps, w.akimat, w.project.id, { route: 'budget', amount: '1000' })).resolves.toMatchObject({ status: 'submitted' });
    expect(w.financing.applications.get(app.id)!.history.map((s) => s.action)).toEqual(['submit', 'return', 'resubmit', 'reject']);
  });
});

describe('disbursements', () => {
  it('follow an approval, stay within the approved amount, and the first one is marked for the speed', async () => {
    const w = world();
    const app = await submitApplication(w.deps, w.akimat, w.project.id, { route: 'dbk-banks', amount: '1000' });
    expect(await failureOf(recordDisbursement(w.deps, dbk, app.id, { amount: '10', date: '2026-12-01' }))).toBeInstanceOf(ConflictError);
    await decideApplication(w.deps, dbk, app.id, { decision: 'approved', amount: '600', text: 'ok' });
    expect(await failureOf(recordDisbursement(w.deps, khc, app.id, { amount: '10', date: '2026-12-01' }))).toBeInstanceOf(ForbiddenError);
    await recordDisbursement(w.deps, dbk, app.id, { amount: '400', date: '2026-12-01' });
    expect(await failureOf(recordDisbursement(w.deps, dbk, app.id, { amount: '200.01', date: '2026-12-01' }))).toBeInstanceOf(ConflictError);
    expect(await failureOf(recordDisbursement(w.deps, dbk, app.id, { amount: '1', date: '2027-01-01' }))).toBeInstanceOf(ValidationError);
    const done = await recordDisbursement(w.deps, dbk, app.id, { amount: '200', date: '2026-12-01' });
    expect(done).toMatchObject({ disbursedAmount: '600', status: 'approved' });
    const disbursed = w.ports.table.allEvents().filter((e): e is DomainEvent<'financing.disbursed'> => e.type === 'financing.disbursed');
    expect(disbursed.map((e) => e.data.first)).toEqual([true, false]);
  });
});

describe('lists', () => {
  it('give a financier its route only, an akimat its region only, the ministry everything', async () => {
    const w = world();
    const other = w.ports.seed.project(aProject({ financing: { route: 'budget', status: 'not-requested' } }));
    await submitApplication(w.deps, w.akimat, w.project.id, { route: 'dbk-banks', amount: '1000' });
    await submitApplication(w.deps, w.akimat, other.id, { route: 'khc-bonds', amount: '1000' });
    const page = { limit: 10 };
    expect((await listApplications(w.deps, dbk, {}, page)).items.map((a) => a.route)).toEqual(['dbk-banks']);
    expect(await failureOf(listApplications(w.deps, dbk, { route: 'khc-bonds' }, page))).toBeInstanceOf(ForbiddenError);
    expect(await failureOf(listApplications(w.deps, w.akimat, { region: '750000000' }, page))).toBeInstanceOf(ForbiddenError);
    expect((await listApplications(w.deps, aMinistry(), { status: 'submitted' }, page)).items).toHaveLength(2);
  });
});

describe('monitoring', () => {
  it('moves the project’s financing between routes and statuses and counts the working days', async () => {
    const w = world();
    const app = await submitApplication(w.deps, w.akimat, w.project.id, { route: 'dbk-banks', amount: '1000' });
    // Tuesday 1 December 2026 → Friday 4 December: 3 working days (the day of submission does not count); to Tuesday
    // 8 December, 5.
    moveClockTo('2026-12-04T06:00:00.000Z');
    await decideApplication(w.deps, dbk, app.id, { decision: 'approved', text: 'ok' });
    moveClockTo('2026-12-08T06:00:00.000Z');
    await recordDisbursement(w.deps, dbk, app.id, { amount: '500', date: '2026-12-08' });

    const { programme, speed } = fold(w.ports.table.allEvents());
    // The registration's count (budget, not requested) is not among these events: only the moves are.
    expect(programme.byRoute['development-bank'].approved).toEqual({ count: 1, amount: '1000' });
    expect(programme.byRoute['development-bank']['under-review']).toEqual({ count: 0, amount: '0' });
    expect(programme.byRoute.budget['not-requested']).toEqual({ count: -1, amount: '-1250000000' });
    expect(speed['dbk-banks']).toMatchObject({
      submitted: 1,
      pending: 0,
      approved: 1,
      approvedAmount: '1000',
      disbursedAmount: '500',
      decision: { count: 1, medianWorkingDays: 3, meanWorkingDays: 3 },
      firstDisbursement: { count: 1, medianWorkingDays: 5 },
    });
    expect(speed['khc-bonds'].submitted).toBe(0);
  });

  it('names the applications waiting longer than the limit, oldest first', async () => {
    const w = world();
    const old = await submitApplication(w.deps, w.akimat, w.project.id, { route: 'khc-bonds', amount: '1000' });
    moveClockTo('2026-12-10T06:00:00.000Z');
    const other = w.ports.seed.project(aProject({ financing: { route: 'budget', status: 'not-requested' } }));
    await submitApplication(w.deps, w.akimat, other.id, { route: 'budget', amount: '1000' });
    // On 15 December (Tuesday) the first has waited 10 working days (16 December is a holiday: not reached), the second 3.
    const now = moveClockTo('2026-12-15T06:00:00.000Z');
    const view = await waitingView(w.financing.store, now, 5, { limit: 25 });
    expect(view.items.map((a) => [a.id, a.workingDaysWaiting])).toEqual([[old.id, 10]]);
    expect(view.items[0]).toMatchObject({ projectTitle: w.project.title.ru, route: 'khc-bonds' });
    expect((await waitingView(w.financing.store, now, 2, { limit: 25 })).items).toHaveLength(2);
    expect(waitingCutoff(now, 10) <= old.submittedAt).toBe(true);
  });

  it('keeps the lifecycle table and the refusals in step', () => {
    expect(financingLifecycle.allows('disburse', { status: 'approved' } as never, new Date())).toBe(true);
    expect(financingLifecycle.allows('resubmit', { status: 'rejected' } as never, new Date())).toBe(false);
  });
});

describe('red flags', () => {
  const competition = (overrides: Partial<CompetitionRiskFacts> = {}): CompetitionRiskFacts => ({
    id: 'C1',
    projectId: 'P1',
    kato: KATO,
    title: 'Котельная',
    estimatedValue: '1000000',
    tenderPeriod: { startDate: '2026-12-03T13:00:00.000Z', endDate: '2026-12-10T13:00:00.000Z' },
    bids: 2,
    award: { bin: '123456789012', price: '900000', at: T0 },
    ...overrides,
  });

  it('flags one bidder, a price ≥ 99 % or ≥ 30 % below the estimate, and the minimum period with one bid', () => {
    expect(awardFlags(competition(), 5)).toEqual([]);
    expect(awardFlags(competition({ bids: 1, award: { bin: 'B', price: '990000', at: T0 } }), 5).map((f) => f.flag)).toEqual([
      'single-bidder',
      'high-price',
      'minimum-period-one-bid',
    ]);
    expect(awardFlags(competition({ award: { bin: 'B', price: '700000', at: T0 } }), 5).map((f) => f.flag)).toEqual(['low-award']);
    expect(awardFlags(competition({ award: { bin: 'B', price: '700000.01', at: T0 } }), 5)).toEqual([]);
    expect(awardFlags(competition({ bids: 1, tenderPeriod: { startDate: '2026-12-01T13:00:00.000Z', endDate: '2026-12-14T13:00:00.000Z' } }), 5).map((f) => f.flag)).toEqual([
      'single-bidder',
    ]);
  });

  it('flags the third amendment', () => {
    expect(amendmentFlag(competition(), 3, T0)).toBeUndefined();
    expect(amendmentFlag(competition(), 4, T0)).toMatchObject({ flag: 'many-amendments', why: '3 amendments (3 or more)' });
  });

  it('flags every competition of a winner once it wins N in a region in a year, redeliveries counted once', async () => {
    const facts = new Map(['C1', 'C2', 'C3'].map((id) => [id, competition({ id, award: { bin: 'W', price: '900000', at: T0 } })]));
    const { store, flags } = memoryRedFlagStore(facts);
    const deps = { flags: store, minimumTenderWorkingDays: 5, repeatWins: 3 };
    const award = (id: string): DomainEvent =>
      ({ eventId: `e-${id}`, type: 'competition.awarded', at: T0, actor: { system: 't' }, subject: { kind: 'competition', id }, data: { bin: 'W', price: '900000' } }) as DomainEvent;
    await detectRedFlags(deps, [award('C1'), award('C2'), award('C1')]);
    expect([...flags.values()].filter((f) => f.flag === 'repeat-winner')).toHaveLength(0);
    await detectRedFlags(deps, [award('C3')]);
    expect([...flags.values()].filter((f) => f.flag === 'repeat-winner').map((f) => f.competitionId).sort()).toEqual(['C1', 'C2', 'C3']);
  });

  it('counts each competition once per flag it carries, nationally and in its region, however often its events come', async () => {
    const facts = new Map([
      ['C1', competition({ id: 'C1', bids: 1, award: { bin: 'W', price: '995000', at: T0 } })],
      ['C2', competition({ id: 'C2', award: { bin: 'V', price: '600000', at: T0 } })],
    ]);
    const { store } = memoryRedFlagStore(facts);
    const deps = { flags: store, minimumTenderWorkingDays: 5, repeatWins: 3 };
    const award = (id: string, n: number): DomainEvent =>
      ({ eventId: `e-${id}-${n}`, type: 'competition.awarded', at: T0, actor: { system: 't' }, subject: { kind: 'competition', id }, data: facts.get(id)!.award }) as DomainEvent;

    await detectRedFlags(deps, [award('C1', 1), award('C2', 1), award('C1', 2)]);
    await detectRedFlags(deps, [award('C1', 1)]);
    const summary = await redFlagSummaryView(deps);

    // C1: one bid at 99.5 %, minimum period → three flags; C2: 40 % below the estimate → one.
    expect(summary.national).toEqual({
      total: 4,
      byFlag: { 'single-bidder': 1, 'low-award': 1, 'high-price': 1, 'many-amendments': 0, 'repeat-winner': 0, 'minimum-period-one-bid': 1, 'value-raised': 0 },
    });
    expect(summary.regions).toHaveLength(20);
    expect(summary.regions.find((r) => r.kato === KATO)).toMatchObject({ total: 4, byFlag: summary.national.byFlag });
    expect(summary.regions.filter((r) => r.kato !== KATO).every((r) => r.total === 0)).toBe(true);
  });
});

describe('the financing scope item', () => {
  it('holds every financing counter from its creation and stays under 8 KB however large the counts', async () => {
    const { zeroStatsItem } = await import('../../shared/adapters/stats-store.js');
    const { FINANCING_COUNTERS } = await import('../../shared/domain/financing-stats.js');
    const zero = zeroStatsItem('financing:750000000', '2026-03-04T00:00:00.000Z');
    const bytes = (item: Record<string, { S?: string; N?: string }>) =>
      Object.entries(item).reduce((sum, [name, v]) => sum + Buffer.byteLength(name) + (v.S !== undefined ? Buffer.byteLength(v.S) : 1 + Math.ceil((v.N!.replace(/^0+/, '').length || 1) / 2)), 0);
    const full = Object.fromEntries(Object.entries(zero).map(([n, v]) => [n, v.N === undefined ? v : { N: /Tiyn/.test(n) ? '99999999999999999' : '9999999' }]));
    expect(FINANCING_COUNTERS.every((name) => zero[name]?.N === '0')).toBe(true);
    expect(bytes(full)).toBeLessThan(8192);
  });
});

describe('the demo dataset', () => {
  it('takes its approved financing from applications that went through the workflow: 89 dbk-banks, 55 khc-bonds', async () => {
    const { buildDemoDataset } = await import('../../infra/local/demo-dataset.js');
    const dataset = buildDemoDataset(new Date('2026-03-04T06:00:00.000Z'));
    // Projects enter with no financing requested: every approval is an application's decision.
    const registered = dataset.domainEvents.filter((e): e is DomainEvent<'project.registered'> => e.type === 'project.registered');
    expect(registered.filter((e) => e.data.financing.status !== 'not-requested')).toEqual([]);
    const approvals = dataset.domainEvents.filter((e): e is DomainEvent<'financing.decided'> => e.type === 'financing.decided' && e.data.decision === 'approved');
    const byRoute = (route: string) => approvals.filter((e) => e.data.route === route).length;
    expect([approvals.length, byRoute('dbk-banks'), byRoute('khc-bonds')]).toEqual([144, 89, 55]);
    // Each approved application was submitted first, decided after, and is stored with its history and the project's mark.
    const applications = dataset.entities.filter((e) => e.kind === 'financing-application') as unknown as (FinancingApplicationLike & Record<string, unknown>)[];
    const approved = applications.filter((a) => a.status === 'approved');
    expect(approved).toHaveLength(144);
    for (const a of approved) {
      expect(a.history[0]!.action).toBe('submit');
      expect(a.history.at(-1)!.action === 'approve' || a.history.at(-1)!.action === 'disburse').toBe(true);
      expect(a.firstSubmittedAt < a.decision!.at).toBe(true);
    }
    const marked = dataset.entities.filter((e) => e.kind === 'project' && e.financingApplicationId);
    expect(marked).toHaveLength(applications.length);
    expect(dataset.domainEvents.filter((e) => e.type === 'financing.disbursed').length).toBeGreaterThan(20);
  });
});

type FinancingApplicationLike = import('../../shared/domain/financing.js').FinancingApplication;

describe('keys', () => {
  it('pins the stored strings of the financing and red-flag keys', async () => {
    const k = await import('../../shared/keys.js');
    expect(k.financingKeys.application('A1')).toEqual({ PK: 'FINAPP#A1', SK: 'FINAPP' });
    expect(k.financingIndexKeys({ id: 'A1', kato: KATO, route: 'dbk-banks', status: 'submitted', submittedAt: T0 })).toEqual({
      GSI1PK: `FINAPPS#${KATO}`,
      GSI1SK: 'dbk-banks#submitted#A1',
      GSI2PK: 'FINAPPS',
      GSI2SK: `dbk-banks#submitted#${KATO}#A1`,
      GSI3PK: 'FINWAIT',
      GSI3SK: `${T0}#A1`,
    });
    // Decided applications leave the waiting index.
    expect(k.financingIndexKeys({ id: 'A1', kato: KATO, route: 'budget', status: 'approved', submittedAt: T0 })).not.toHaveProperty('GSI3PK');
    expect(k.redFlagKeys.flag('C1', 'single-bidder')).toEqual({ PK: 'COMP#C1', SK: 'REDFLAG#single-bidder' });
    expect(k.redFlagKeys.winnerTally(KATO, '2026', '123456789012')).toEqual({ PK: `WINS#${KATO}#2026`, SK: 'BIN#123456789012' });
    expect(k.redFlagIndexKeys({ competitionId: 'C1', kato: KATO, flag: 'high-price' })).toEqual({
      GSI1PK: `REDFLAGS#${KATO}`,
      GSI1SK: 'high-price#C1',
      GSI2PK: 'REDFLAGS',
      GSI2SK: `high-price#${KATO}#C1`,
    });
  });

  it('writes the lifecycle rows into the storage condition', async () => {
    const { financingTransitionCondition } = await import('../../shared/adapters/lifecycle-condition.js');
    expect(financingTransitionCondition('approve', 3)).toEqual({
      expression: '#status IN (:s0) AND #version = :version',
      names: { '#status': 'status', '#version': 'version' },
      values: { ':s0': 'submitted', ':version': 3 },
    });
    expect(financingTransitionCondition('resubmit', 2).values[':s0']).toBe('returned');
    expect(financingTransitionCondition('disburse', 5).values[':s0']).toBe('approved');
    expect(() => financingTransitionCondition('submit', 1)).toThrow();
  });
});
