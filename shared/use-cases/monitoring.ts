/**
 * The ministry's monitoring views and the public summary. Each view reads a bounded number of items whatever the size
 * of the programme: the 21 aggregate items (20 regions and the nation) in one batch, or one page (≤ 25) of the
 * schedule index. No AWS here: storage is the `MonitoringReader` port.
 */
import type { Page } from '../adapters/pagination.js';
import type { Project } from '../domain/project.js';
import { rankRegions, ratingInputs, RATING_METHOD, type RankedRating, type RatingInputs } from '../domain/rating.js';
import { REGIONS, type LocalizedName } from '../domain/regions.js';
import { daysBetween, figuresOf, NATIONAL_SCOPE, type Figures, type StatsRecord } from '../domain/stats.js';

/** Overdue projects per page, at most. */
export const OVERDUE_PAGE_MAX = 25;

export interface ScopeStats {
  readonly record: StatsRecord;
  /** When the counters last changed. */
  readonly updatedAt?: string;
}

export interface MonitoringReader {
  /** The aggregate items of these scopes, in one batch; a scope without an item is absent from the map. */
  stats(scopes: readonly string[]): Promise<ReadonlyMap<string, ScopeStats>>;
  /** Projects at selection planned for publication before `before` (YYYY-MM-DD), oldest plan first, one page. */
  overdue(before: string, page: { readonly limit: number; readonly cursor?: string }): Promise<Page<Project>>;
}

/** Every scope a national view reads: the nation, then the 20 regions in KATO order. */
export const ALL_SCOPES: readonly string[] = [NATIONAL_SCOPE, ...REGIONS.map((r) => r.kato)];

const EMPTY: ScopeStats = { record: {} };

const load = async (reader: MonitoringReader) => {
  const stats = await reader.stats(ALL_SCOPES);
  const national = stats.get(NATIONAL_SCOPE) ?? EMPTY;
  return {
    updatedAt: national.updatedAt,
    national: figuresOf(national.record),
    regions: REGIONS.map((region) => ({ region, figures: figuresOf((stats.get(region.kato) ?? EMPTY).record) })),
  };
};

/** The headline figures of a scope. */
const headline = (f: Figures) => ({
  projects: f.projects,
  value: f.value,
  financing: f.financing,
  /** Sewerage and wastewater treatment plants (КОС): readiness for implementation. */
  kos: {
    ready: f.readiness.sewerage.ready,
    underRevision: f.readiness.sewerage['under-revision'],
    inPreparation: f.readiness.sewerage['in-preparation'],
  },
  readiness: f.readiness,
  publication: {
    published: f.publication.published,
    onSchedule: f.publication.onSchedule,
    onScheduleShare: f.publication.onScheduleShare,
    medianDays: f.publication.medianDays,
    meanDays: f.publication.meanDays,
  },
  inquiries: f.inquiries,
  evaluation: f.evaluation,
});

export type Headline = ReturnType<typeof headline>;

const regionRef = (r: { kato: string; iso: string; name: LocalizedName }) => ({ kato: r.kato, iso: r.iso, name: r.name });

/** `GET /monitoring/summary`: national and per-region totals. */
export const summaryView = async (reader: MonitoringReader, today: string) => {
  const { updatedAt, national, regions } = await load(reader);
  return {
    asOf: today,
    ...(updatedAt ? { updatedAt } : {}),
    national: {
      ...headline(national),
      contractors: national.contractors,
    },
    regions: regions.map(({ region, figures }) => ({ ...regionRef(region), ...headline(figures) })),
  };
};

export type SummaryView = Awaited<ReturnType<typeof summaryView>>;

/** A region's row in the rating. */
const ratedRow = (region: { kato: string; iso: string; name: LocalizedName }, figures: Figures, inputs: RatingInputs, rating: RankedRating) => ({
  rank: rating.rank,
  ...regionRef(region),
  score: rating.score,
  band: rating.band,
  components: rating.components,
  /** The counts the score is computed from, so anyone can recompute it with the published method. */
  inputs,
  projects: figures.projects.total,
  byStage: figures.projects.byStage,
  value: figures.value.total,
  published: figures.publication.published,
  onSchedule: figures.publication.onSchedule,
  onScheduleShare: figures.publication.onScheduleShare,
  medianDays: figures.publication.medianDays,
  meanDays: figures.publication.meanDays,
  financingApproved: figures.financing.approved,
  kos: { ready: figures.readiness.sewerage.ready, underRevision: figures.readiness.sewerage['under-revision'] },
  inquiries: figures.inquiries.total,
});

const rate = (regions: { region: (typeof REGIONS)[number]; figures: Figures }[]) =>
  rankRegions(regions.map(({ region, figures }) => ({ kato: region.kato, region, figures, inputs: ratingInputs(figures) })));

/** `GET /monitoring/regions`: the 20 regions in rating order, with the method the scores follow. */
export const regionsView = async (reader: MonitoringReader, today: string) => {
  const { updatedAt, regions } = await load(reader);
  return {
    asOf: today,
    ...(updatedAt ? { updatedAt } : {}),
    method: RATING_METHOD,
    regions: rate(regions).map(({ region, figures, inputs, rating }) => ratedRow(region, figures, inputs, rating)),
  };
};

export type RegionsView = Awaited<ReturnType<typeof regionsView>>;

/** `GET /monitoring/overdue`: projects past their planned publication date with nothing published, oldest first. */
export const overdueView = async (reader: MonitoringReader, today: string, page: { limit: number; cursor?: string }) => {
  const result = await reader.overdue(today, { limit: Math.min(page.limit, OVERDUE_PAGE_MAX), ...(page.cursor ? { cursor: page.cursor } : {}) });
  return {
    asOf: today,
    items: result.items.map((p) => ({
      projectId: p.id,
      kato: p.kato,
      region: REGIONS.find((r) => r.kato === p.kato)?.name ?? { kk: p.kato, ru: p.kato, en: p.kato },
      sector: p.sector,
      title: p.title,
      value: p.value,
      approvalDate: p.approvalDate,
      plannedPublicationDate: p.plannedPublicationDate,
      daysOverdue: daysBetween(p.plannedPublicationDate, today),
      akimat: p.akimat.name,
      official: { name: p.official.name, position: p.official.position },
    })),
    ...(result.cursor ? { cursor: result.cursor } : {}),
  };
};

export type OverdueView = Awaited<ReturnType<typeof overdueView>>;

/** Planned and actual publications to date of a scope (the schedule is kept per month). */
const kpiOf = (f: Figures, month: string) => {
  const upTo = (byMonth: Record<string, number>) =>
    Object.entries(byMonth).reduce((sum, [m, n]) => (m <= month ? sum + n : sum), 0);
  const plannedToDate = upTo(f.schedule.plannedByMonth);
  const publishedToDate = upTo(f.schedule.publishedByMonth);
  return {
    plannedToDate,
    publishedToDate,
    onSchedule: f.publication.onSchedule,
    behind: Math.max(0, plannedToDate - publishedToDate),
    execution: plannedToDate > 0 ? Number((publishedToDate / plannedToDate).toFixed(4)) : null,
    plannedTotal: Object.values(f.schedule.plannedByMonth).reduce((a, b) => a + b, 0),
  };
};

const monthSeries = (f: Figures, month: string) => {
  const months = [...new Set([...Object.keys(f.schedule.plannedByMonth), ...Object.keys(f.schedule.publishedByMonth), month])].sort();
  let planned = 0;
  let published = 0;
  return months.map((m) => {
    planned += f.schedule.plannedByMonth[m] ?? 0;
    published += f.schedule.publishedByMonth[m] ?? 0;
    return {
      month: m,
      planned: f.schedule.plannedByMonth[m] ?? 0,
      published: f.schedule.publishedByMonth[m] ?? 0,
      plannedCumulative: planned,
      publishedCumulative: published,
    };
  });
};

/**
 * `GET /monitoring/kpi`: publications against the approved schedule, nationally and per region. The plan to date
 * counts projects scheduled in any month up to and including the current one; the actual counts competitions
 * published (and not cancelled or unsuccessful since); on schedule counts those published by their planned date.
 */
export const kpiView = async (reader: MonitoringReader, today: string) => {
  const { updatedAt, national, regions } = await load(reader);
  const month = today.slice(0, 7);
  return {
    asOf: today,
    month,
    ...(updatedAt ? { updatedAt } : {}),
    national: { ...kpiOf(national, month), months: monthSeries(national, month) },
    regions: regions.map(({ region, figures }) => ({ ...regionRef(region), ...kpiOf(figures, month) })),
  };
};

export type KpiView = Awaited<ReturnType<typeof kpiView>>;

/** `GET /public/summary`: the programme's figures for everyone: totals, regions and their rating; no person named. */
export const publicSummaryView = async (reader: MonitoringReader, today: string) => {
  const { updatedAt, national, regions } = await load(reader);
  const rated = new Map(rate(regions).map(({ kato, rating }) => [kato, rating]));
  return {
    asOf: today,
    ...(updatedAt ? { updatedAt } : {}),
    national: {
      projects: national.projects,
      value: national.value,
      financing: { approved: national.financing.approved },
      kos: headline(national).kos,
      publication: headline(national).publication,
      contractors: { registered: national.contractors.registered, verified: national.contractors.verified },
      inquiries: { total: national.inquiries.total, answered: national.inquiries.byStatus.answered },
    },
    regions: regions.map(({ region, figures }) => {
      const rating = rated.get(region.kato)!;
      return {
        ...regionRef(region),
        projects: figures.projects,
        value: figures.value.total,
        rating: { rank: rating.rank, score: rating.score, band: rating.band },
      };
    }),
  };
};
