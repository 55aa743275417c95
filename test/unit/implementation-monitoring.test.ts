/**
 * The implementation view (issue 14) on in-memory ports: the contract events folded into the implementation counters
 * (contracts signed, value, physical progress weighted by value, paid against contracted, overdue milestones open),
 * the overdue list kept from the same events (named with the akimat and the official; met, replaced or closed
 * milestones leave it), and the bounded reads: 21 scope items, and an overdue page of at most 25, at 300 and at 30 000
 * contracts.
 */
import { describe, expect, it } from 'vitest';
import type { DomainEvent, EventType } from '../../shared/domain/events.js';
import { IMPLEMENTATION_COUNTERS, implementationDeltas, implementationFiguresOf, implementationScope } from '../../shared/domain/implementation-stats.js';
import { REGIONS } from '../../shared/domain/regions.js';
import { applyToRecord, isMonitoredEventType, NATIONAL_SCOPE, type StatsRecord } from '../../shared/domain/stats.js';
import { monitoringRoutes } from '../../shared/use-cases/monitoring-message.js';
import {
  implementationCsv,
  implementationView,
  overdueMilestonesCsv,
  overdueMilestonesView,
  trackOverdueMilestones,
} from '../../shared/use-cases/implementation-monitoring.js';
import { amendContract, checkContract, completeContract, contractSigningPayload, fileReport, setMilestones, signContract } from '../../shared/use-cases/contracts.js';
import { checkDeadlines } from '../../shared/use-cases/deadlines.js';
import { awardCompetition, awardSigningPayloadFor, decideQualification, type EvaluationDeps } from '../../shared/use-cases/evaluation.js';
import { openBidsAsAkimat } from '../../shared/use-cases/competitions.js';
import { COMPLAINT_DEFAULTS } from '../../shared/domain/complaints.js';
import type { Caller } from '../../shared/http/identity.js';
import type { ScopeStats } from '../../shared/use-cases/monitoring.js';
import { anEvent } from '../support/events.js';
import { fakeSignature } from '../support/fake-signatures.js';
import { anAkimat, T0 } from '../support/factories.js';
import { memoryPorts, type MemoryPorts } from '../support/memory/index.js';
import { memoryOverdueMilestoneStore } from '../support/memory/overdue-milestone-store.js';
import { aTenderingIn, aVerifiedBidderIn, signedBid } from '../support/memory/scenarios.js';
import { moveClockTo, useTestClock } from '../support/test-clock.js';

useTestClock(T0);

const AKIMAT_BIN = '940140000385';

const evaluationDepsOf = (ports: MemoryPorts): EvaluationDeps => ({
  competitions: ports.competitions,
  bids: ports.bids,
  qualifications: ports.evaluation.qualifications,
  awards: ports.evaluation.awards,
  register: ports.evaluation.register,
  protocols: { render: async (p) => new TextEncoder().encode(JSON.stringify(p)), store: async (c, d) => `tender/${c}/${d}/v1` },
  verifier: ports.verifier,
  periods: ports.competitionDeps.periods,
  complaints: COMPLAINT_DEFAULTS,
  checks: { abnormallyLowPercent: 70 },
});

/** A contract of 300 million signed by both parties, with two milestones (design due 1 March 2027, works 1 September). */
const activeContract = async () => {
  const ports = memoryPorts();
  const evaluation = evaluationDepsOf(ports);
  const staged = await aTenderingIn(ports);
  const akimat: Caller = { ...anAkimat(staged.project.kato), bin: AKIMAT_BIN, email: 'official@akimat.kz' };
  const bidder = aVerifiedBidderIn(ports);
  const id = staged.competition.id;
  await signedBid(ports, bidder.caller, id, '300000000');
  moveClockTo(staged.competition.tenderPeriod!.endDate);
  await openBidsAsAkimat(ports.competitionDeps, akimat, id);
  await decideQualification(evaluation, akimat, id, bidder.contractor.bin, { decision: 'qualified' });
  const { payload } = await awardSigningPayloadFor(evaluation, akimat, id, bidder.contractor.bin);
  const competition = await awardCompetition(evaluation, akimat, id, { bin: bidder.contractor.bin, signature: fakeSignature(payload, AKIMAT_BIN) });
  moveClockTo(competition.award!.complaintPeriod!.endDate);
  await checkDeadlines({ ...ports.competitionDeps, contracting: ports.contractDeps }, id);
  const contractId = (await ports.competitions.get(id))!.contractId!;
  await setMilestones(ports.contractDeps, akimat, contractId, {
    items: [
      { title: 'Строительство', type: 'works', dueDate: '2027-09-01', value: '200000000' },
      { title: 'Проект', type: 'design', dueDate: '2027-03-01' },
    ],
  });
  for (const [caller, bin] of [[bidder.caller, bidder.contractor.bin], [akimat, AKIMAT_BIN]] as const) {
    const signing = await contractSigningPayload(ports.contractDeps, caller, contractId);
    await signContract(ports.contractDeps, caller, contractId, { signature: fakeSignature(signing.payload, bin) });
  }
  return { ports, akimat, contractId, kato: staged.project.kato };
};

/** Folds the events so far into one scope's implementation record, as the aggregator does. */
const fold = (events: readonly DomainEvent[], scope: string): StatsRecord => {
  let record: StatsRecord = {};
  for (const event of events) for (const d of implementationDeltas(event)) if (d.scope === scope) record = applyToRecord(record, d.counters);
  return record;
};

describe('the implementation counters', () => {
  it('count a signed contract, move the weighted progress and payments with reports, and an amendment of the value', async () => {
    const { ports, akimat, contractId, kato } = await activeContract();
    const signed = implementationFiguresOf(fold(ports.table.allEvents(), implementationScope(kato)));
    expect(signed).toMatchObject({ contractsSigned: 1, contractedValue: '300000000', weightedProgress: 0, paidAmount: '0', paidShare: 0, overdueMilestones: 0 });

    await fileReport(ports.contractDeps, akimat, contractId, { milestoneId: 'M1', physicalProgress: 20, paidAmount: '60000000' });
    await fileReport(ports.contractDeps, akimat, contractId, { physicalProgress: 45, paidAmount: '15000000', completedWorksValue: '90000000' });
    await amendContract(ports.contractDeps, akimat, contractId, { rationale: 'Удорожание', value: '400000000' });

    const figures = implementationFiguresOf(fold(ports.table.allEvents(), implementationScope(kato)));
    // Progress 45 % of one contract, whatever its value; paid 75 of 400 million.
    expect(figures).toMatchObject({ contractsSigned: 1, contractedValue: '400000000', weightedProgress: 45, completedWorksValue: '90000000', paidAmount: '75000000', paidShare: 18.8, reports: 2 });
    expect(implementationFiguresOf(fold(ports.table.allEvents(), implementationScope(NATIONAL_SCOPE)))).toEqual(figures);
  });

  it('weigh the progress by value across contracts', () => {
    const events = [
      anEvent('contract.activated', { kato: '750000000', value: '100', competitionId: 'C1', projectId: 'P1', bin: 'B' }, { eventId: 'e1', subject: { id: 'K1' } }),
      anEvent('contract.activated', { kato: '750000000', value: '300', competitionId: 'C2', projectId: 'P2', bin: 'B' }, { eventId: 'e2', subject: { id: 'K2' } }),
      anEvent('contract.report-filed', { kato: '750000000', value: '100', physicalProgressBefore: 0, physicalProgress: 80, competitionId: 'C1', reportId: 'r' }, { eventId: 'e3', subject: { id: 'K1' } }),
      anEvent('contract.report-filed', { kato: '750000000', value: '300', physicalProgressBefore: 0, physicalProgress: 20, competitionId: 'C2', reportId: 'r' }, { eventId: 'e4', subject: { id: 'K2' } }),
    ] as DomainEvent[];
    // (100 × 80 + 300 × 20) / 400 = 35 %; the plain mean would be 50.
    expect(implementationFiguresOf(fold(events, implementationScope('750000000'))).weightedProgress).toBe(35);
  });

  it('route the contract events to the monitoring queue', () => {
    for (const type of ['contract.activated', 'contract.report-filed', 'contract.amended', 'contract.milestone-overdue', 'contract.completed', 'contract.terminated'] as EventType[]) {
      expect(isMonitoredEventType(type)).toBe(true);
      expect(monitoringRoutes(anEvent(type, {}))).toHaveLength(1);
    }
  });

  it('hold a fixed set of counters from the scope item’s creation', async () => {
    const { zeroStatsItem } = await import('../../shared/adapters/stats-store.js');
    const zero = zeroStatsItem(implementationScope(NATIONAL_SCOPE), T0);
    expect(IMPLEMENTATION_COUNTERS.every((name) => zero[name]?.N === '0')).toBe(true);
    expect(Object.keys(zero)).toHaveLength(IMPLEMENTATION_COUNTERS.length + 5);
  });
});

describe('overdue milestones', () => {
  it('enter the list named with the akimat and the official, once however often redelivered, and leave it when met', async () => {
    const { ports, akimat, contractId, kato } = await activeContract();
    const overdue = memoryOverdueMilestoneStore();
    const now = moveClockTo('2027-03-11T06:00:00.000Z');
    await checkContract(ports.contractDeps, contractId);
    const events = ports.table.allEvents();
    await trackOverdueMilestones(overdue.store, events);
    await trackOverdueMilestones(overdue.store, events);

    const view = await overdueMilestonesView(overdue.store, now, { region: kato }, { limit: 25 });
    expect(view.items).toEqual([
      expect.objectContaining({ contractId, milestoneId: 'M1', title: 'Проект', kato, daysOverdue: 10, official: expect.any(String), akimat: expect.any(String) }),
    ]);
    const official = (await ports.contracts.get(contractId))!.responsible!.name;
    expect(view.items[0]!.official).toBe(official);
    expect(overdueMilestonesCsv(view, 'en')).toContain(official);
    expect(implementationFiguresOf(fold(events, implementationScope(kato)))).toMatchObject({ overdueMilestones: 1, overdueReported: 1 });

    await fileReport(ports.contractDeps, akimat, contractId, { milestoneId: 'M1', physicalProgress: 10 });
    await trackOverdueMilestones(overdue.store, ports.table.allEvents().filter((e) => e.type === 'contract.report-filed'));

    expect((await overdueMilestonesView(overdue.store, now, {}, { limit: 25 })).items).toEqual([]);
    expect(implementationFiguresOf(fold(ports.table.allEvents(), implementationScope(kato)))).toMatchObject({ overdueMilestones: 0, overdueReported: 1 });
  });

  it('stay out of the list when the report that met one is applied before its overdue notice (the queue keeps no order)', async () => {
    const { ports, akimat, contractId } = await activeContract();
    const overdue = memoryOverdueMilestoneStore();
    moveClockTo('2027-03-11T06:00:00.000Z');
    await checkContract(ports.contractDeps, contractId);
    await fileReport(ports.contractDeps, akimat, contractId, { milestoneId: 'M1', physicalProgress: 10 });
    const events = ports.table.allEvents();

    await trackOverdueMilestones(overdue.store, [...events].reverse());

    expect(overdue.items.size).toBe(0);
  });

  it('leave the list when the contract is completed with them open', async () => {
    const { ports, akimat, contractId, kato } = await activeContract();
    const overdue = memoryOverdueMilestoneStore();
    moveClockTo('2027-09-02T06:00:00.000Z');
    await checkContract(ports.contractDeps, contractId);
    await completeContract(ports.contractDeps, akimat, contractId);
    await trackOverdueMilestones(overdue.store, ports.table.allEvents());

    expect(overdue.items.size).toBe(0);
    expect(implementationFiguresOf(fold(ports.table.allEvents(), implementationScope(kato)))).toMatchObject({ overdueMilestones: 0, overdueReported: 2, completed: 1 });
  });
});

describe('bounded reads', () => {
  /** `n` signed contracts spread over the regions, folded into the 21 scope records; a reader that counts items read. */
  const world = (n: number) => {
    const records = new Map<string, StatsRecord>();
    for (let i = 0; i < n; i += 1) {
      const kato = REGIONS[i % REGIONS.length]!.kato;
      const event = anEvent('contract.activated', { kato, value: '1000000', competitionId: `C${i}`, projectId: `P${i}`, bin: 'B' }, { eventId: `e${i}`, subject: { id: `K${i}` } });
      for (const d of implementationDeltas(event)) records.set(d.scope, applyToRecord(records.get(d.scope) ?? {}, d.counters));
    }
    let itemsRead = 0;
    const reader = {
      stats: async (scopes: readonly string[]) => {
        const found = new Map<string, ScopeStats>();
        for (const scope of scopes) {
          const record = records.get(scope);
          if (record) found.set(scope, { record });
        }
        itemsRead += scopes.length;
        return found;
      },
    };
    return { reader, read: () => itemsRead };
  };

  it('reads 21 items for the implementation view at 300 and at 30 000 contracts', async () => {
    const small = world(300);
    const large = world(30_000);
    const [a, b] = [await implementationView(small.reader), await implementationView(large.reader)];

    expect([small.read(), large.read()]).toEqual([21, 21]);
    expect([a.national.contractsSigned, b.national.contractsSigned]).toEqual([300, 30_000]);
    expect(b.regions.reduce((sum, r) => sum + r.contractsSigned, 0)).toBe(30_000);
    expect(implementationCsv(b, 'ru').split('\r\n').filter(Boolean)).toHaveLength(22);
  });

  it('reads at most 25 overdue milestones a page, however many there are or are asked for', async () => {
    const overdue = memoryOverdueMilestoneStore();
    for (let i = 0; i < 300; i += 1) {
      await overdue.store.put({ contractId: `K${String(i).padStart(5, '0')}`, milestoneId: 'M1', kato: '750000000', title: 'Этап', contractTitle: 'Договор', dueDate: '2027-01-01T00:00:00.000Z', akimat: 'Акимат', official: 'Иванов', reportedAt: T0 });
    }
    const first = await overdueMilestonesView(overdue.store, new Date('2027-02-01T00:00:00.000Z'), {}, { limit: 100 });
    const second = await overdueMilestonesView(overdue.store, new Date('2027-02-01T00:00:00.000Z'), {}, { limit: 100, cursor: first.cursor! });

    expect(overdue.reads).toEqual([25, 25]);
    expect(first.items[0]!.contractId).toBe('K00000');
    expect(second.items[0]!.contractId).toBe('K00025');
  });
});

describe('the demo dataset', () => {
  it('gives the 34 signed contracts progress reports with payments, and some design milestones overdue with their official', async () => {
    const { buildDemoDataset } = await import('../../infra/local/demo-dataset.js');
    const dataset = buildDemoDataset(new Date('2026-03-04T06:00:00.000Z'));
    let record: StatsRecord = {};
    for (const e of dataset.domainEvents) for (const d of implementationDeltas(e)) if (d.scope === implementationScope(NATIONAL_SCOPE)) record = applyToRecord(record, d.counters);
    const figures = implementationFiguresOf(record);

    expect(figures).toMatchObject({ contractsSigned: 34, reports: 68 });
    expect(figures.weightedProgress).toBeGreaterThan(10);
    expect(figures.paidShare).toBeGreaterThan(10);
    expect(figures.overdueMilestones).toBeGreaterThanOrEqual(5);
    // The stored contracts say the same: reports, met or overdue milestones, and a pointer for "my contracts".
    const contracts = dataset.entities.filter((e) => e.kind === 'contract') as unknown as import('../../shared/domain/contract.js').Contract[];
    expect(contracts).toHaveLength(34);
    expect(contracts.every((c) => c.reports?.length === 2 && c.progress!.physicalProgress > 0)).toBe(true);
    expect(contracts.filter((c) => c.milestones[0]!.overdueNotifiedAt && !c.milestones[0]!.metAt)).toHaveLength(figures.overdueMilestones);
    expect(dataset.entities.filter((e) => e.kind === 'supplier-contract')).toHaveLength(34);
    const overdue = dataset.domainEvents.filter((e): e is DomainEvent<'contract.milestone-overdue'> => e.type === 'contract.milestone-overdue');
    expect(overdue.every((e) => e.data.official.name.length > 0 && e.data.akimat!.startsWith('Акимат'))).toBe(true);
  });
});

describe('my contracts', () => {
  it('lists the calling contractor’s contracts only, and only for a contractor', async () => {
    const { ports, contractId } = await activeContract();
    const contract = (await ports.contracts.get(contractId))!;
    const { myContracts } = await import('../../shared/use-cases/contracts.js');
    const supplier: Caller = { sub: 'contractor:s', role: 'contractor', bin: contract.supplier.bin };

    expect((await myContracts(ports.contractDeps, supplier, { limit: 20 })).items.map((c) => [c.id, c.status])).toEqual([[contractId, 'active']]);
    expect((await myContracts(ports.contractDeps, { ...supplier, bin: '000000000000' }, { limit: 20 })).items).toEqual([]);
    await expect(myContracts(ports.contractDeps, anAkimat(contract.kato), { limit: 20 })).rejects.toThrow(/contractor/);
  });
});

describe('keys', () => {
  it('pins the stored strings of the overdue milestones and the supplier’s contract pointers', async () => {
    const k = await import('../../shared/keys.js');
    expect(k.overdueMilestoneKeys.milestone('K1', 'M1')).toEqual({ PK: 'CONTRACT#K1', SK: 'OVERDUE#M1' });
    expect(k.overdueMilestoneIndexKeys({ contractId: 'K1', milestoneId: 'M1', kato: '750000000', dueDate: '2027-03-01T00:00:00.000Z' })).toEqual({
      GSI1PK: 'OVERDUEMS#750000000',
      GSI1SK: '2027-03-01T00:00:00.000Z#K1#M1',
      GSI2PK: 'OVERDUEMS',
      GSI2SK: '2027-03-01T00:00:00.000Z#K1#M1',
    });
    expect(k.keys.supplierContract('123456789012', 'K1')).toEqual({ PK: 'CONTRACTOR#123456789012', SK: 'CONTRACT#K1' });
    expect(implementationScope(NATIONAL_SCOPE)).toBe('implementation:KZ');
  });
});
