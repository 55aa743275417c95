import { describe, expect, it } from 'vitest';
import { buildDemoDataset, DEMO_FIGURES } from '../../infra/local/demo-dataset.js';
import { isValidBin } from '../../shared/domain/bin.js';
import { ID_PATTERN } from '../../shared/domain/ids.js';
import { rankRegions, ratingInputs } from '../../shared/domain/rating.js';
import { awardFlags } from '../../shared/domain/red-flags.js';
import { REGIONS } from '../../shared/domain/regions.js';
import { figuresOf, foldEvents, NATIONAL_SCOPE, type MonitoringEvent } from '../../shared/domain/stats.js';

const NOW = new Date('2026-03-04T06:00:00.000Z');

/** The counters the aggregator would compute from the dataset's events, folded in memory. */
const aggregate = (dataset: ReturnType<typeof buildDemoDataset>) => {
  const competitions = new Map(dataset.competitions.map((c) => [c.id, c]));
  const projects = new Map(dataset.projects.map((p) => [p.id, p]));
  return foldEvents(dataset.domainEvents, (event: MonitoringEvent) => {
    if (event.type === 'competition.published') return { project: projects.get(event.data.projectId as string)! };
    // Issue 14: the contract's signature moves the project (its event names the project).
    if (event.type === 'contract.activated' || event.type === 'contract.completed') return { project: projects.get(event.data.projectId)! };
    const competition = competitions.get(event.subject.id);
    return competition ? { competition, project: projects.get(competition.projectId)! } : {};
  });
};

describe('the МЭКС demo dataset', () => {
  const dataset = buildDemoDataset(NOW);
  const records = aggregate(dataset);
  const national = figuresOf(records.get(NATIONAL_SCOPE)!);

  it('reproduces the government’s figures of 4 March 2026 through the monitoring counters', () => {
    expect(national.projects.total).toBe(309);
    expect(national.projects.byStage).toMatchObject({ implementation: 34, 'contractor-determination': 130, selection: 145 });
    expect(national.value.total).toBe('974000000000');
    expect(national.financing.approved.count).toBe(144);
    expect(BigInt(national.financing.approved.amount)).toBeGreaterThan(300_000_000_000n);
    expect(national.financing.byRoute['development-bank'].approved.count).toBe(89);
    expect(national.financing.byRoute['housing-company'].approved.count).toBe(55);
    expect(national.readiness.sewerage).toMatchObject({ ready: 16, 'under-revision': 6 });
    expect(national.inquiries.total).toBeGreaterThan(800);
    expect(national.inquiries.total).toBe(DEMO_FIGURES.inquiries);
    expect(national.contractors).toMatchObject({ registered: DEMO_FIGURES.contractors, verified: DEMO_FIGURES.contractors });
  });

  it('has plausible projects in every region, titled in kk, ru and en', () => {
    expect(new Set(dataset.projects.map((p) => p.kato))).toEqual(new Set(REGIONS.map((r) => r.kato)));
    for (const project of dataset.projects) {
      expect(project.id).toMatch(ID_PATTERN);
      expect(project.title.ru.length).toBeGreaterThan(10);
      expect(project.title.kk.length).toBeGreaterThan(10);
      expect(project.title.en.length).toBeGreaterThan(10);
      expect(project.approvalDate < project.plannedPublicationDate || project.stage !== 'selection').toBe(true);
    }
    expect(dataset.contractors.every((c) => isValidBin(c.bin) && c.status === 'verified' && c.subscriptions.length > 0)).toBe(true);
  });

  it('gives the ministry’s red-flag view something to show: six of the 34 awards at 99 % of the estimate or more', () => {
    const awarded = dataset.competitions.filter((c) => c.award);
    const flagged = awarded.flatMap((c) =>
      awardFlags(
        { id: c.id, projectId: c.projectId, kato: c.kato, title: c.title.ru, estimatedValue: c.estimatedValue, tenderPeriod: c.tenderPeriod!, bids: 2, award: c.award! },
        5,
      ),
    );
    expect(awarded).toHaveLength(34);
    expect(flagged.map((f) => f.flag)).toEqual(Array.from({ length: 6 }, () => 'high-price'));
  });

  it('is led by Almaty, Karaganda region and Almaty region and closed by Mangystau and Ulytau', () => {
    const ranked = rankRegions(REGIONS.map((r) => ({ kato: r.kato, inputs: ratingInputs(figuresOf(records.get(r.kato) ?? {})) })));
    expect(ranked.slice(0, 3).map((r) => r.kato)).toEqual(DEMO_FIGURES.leaders);
    expect(ranked.slice(-2).map((r) => r.kato)).toEqual(DEMO_FIGURES.laggards);
  });

  it('is the same for the same clock and moves with the clock', () => {
    const again = buildDemoDataset(NOW);
    expect(again.entities).toEqual(dataset.entities);
    expect(again.events).toEqual(dataset.events);
    const later = buildDemoDataset(new Date(NOW.getTime() + 30 * 86_400_000));
    expect(later.projects.map((p) => p.approvalDate)).not.toEqual(dataset.projects.map((p) => p.approvalDate));
    expect(figuresOf(aggregate(later).get(NATIONAL_SCOPE)!).projects.byStage).toEqual(national.projects.byStage);
  });

  it('writes only imported history: every event is from the import actor, and every entity exists before its events', () => {
    expect(dataset.domainEvents.every((e) => 'system' in e.actor && e.actor.system === 'import')).toBe(true);
    const keys = new Set(dataset.entities.map((i) => `${i.PK}`));
    for (const e of dataset.events) expect(keys.has(String(e.PK))).toBe(true);
  });
});
