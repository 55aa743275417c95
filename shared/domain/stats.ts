/**
 * Monitoring aggregates: the counters kept per region (`STATS#<kato>`) and nationally (`STATS#KZ`), what each domain
 * event adds to them, and the figures read back from them.
 *
 * Every counter is a top-level number attribute changed only by `ADD` (atomic, commutative), so events may be applied
 * in any order and concurrently. Money is counted in whole tiyn as `bigint` and travels as decimal strings: never a
 * binary float. Every scope item holds the same fixed set of counters from its creation ({@link STATS_COUNTERS}, all
 * zero at first), so its size, and the read capacity of every monitoring view, does not grow with the data.
 *
 * @module
 */
import { almatyDate } from './calendar.js';
import type { EventCore, EventPayloads, EventType } from './events.js';
import { INQUIRY_STATUSES, type InquiryStatus } from './inquiry.js';
import { formatMoneyString, parseMoney } from './money.js';
import {
  FINANCING_ROUTES,
  FINANCING_STATUSES,
  PROJECT_STAGES,
  READINESS,
  type FinancingRoute,
  type FinancingStatus,
  type ProjectStage,
  type Readiness,
} from './project.js';
import { topLevelKato } from './regions.js';
import { SECTOR_CODES, type Sector } from './sectors.js';

/** The scope of the national aggregate; regions use their top-level KATO code. */
export const NATIONAL_SCOPE = 'KZ';

/** Publication speed is counted per day up to this many days; slower publications count in the last bucket. */
export const MAX_PUBLICATION_DAYS = 365;

/**
 * Days from bid opening to award are counted per day up to this many (the review takes 3 working days by the Rules);
 * slower awards count in the last bucket. Kept short: the scope item must stay under 8 KB (one read unit).
 */
export const MAX_AWARD_DAYS = 13;

/** Verification time is counted per hour up to this many hours (the link's lifetime); later ones in the last bucket. */
export const MAX_VERIFICATION_HOURS = 72;

/**
 * The months the schedule counters cover (the МЭКС programme, 2024–2029). Dates outside count in the first or last
 * month: a fixed list keeps the item's size fixed.
 */
export const SCHEDULE_MONTHS: readonly string[] = (() => {
  const months: string[] = [];
  for (let year = 2024; year <= 2029; year += 1) {
    for (let month = 1; month <= 12; month += 1) months.push(`${year}-${String(month).padStart(2, '0')}`);
  }
  return months;
})();

/** Names of the counters. Dots and dashes are part of the top-level names (expressions use name placeholders). */
export const counter = {
  projects: (stage: ProjectStage) => `projects.${stage}`,
  valueTiyn: (stage: ProjectStage) => `value.${stage}`,
  financingCount: (route: FinancingRoute, status: FinancingStatus) => `financing.${route}.${status}.count`,
  financingTiyn: (route: FinancingRoute, status: FinancingStatus) => `financing.${route}.${status}.tiyn`,
  readiness: (sector: Sector, readiness: Readiness) => `readiness.${sector}.${readiness}`,
  publications: 'publication.count',
  onSchedule: 'publication.onSchedule',
  publicationDaysSum: 'publication.daysSum',
  /** Histogram: publications that took `days` days from approval (short names: 366 of them share the item). */
  publicationDays: (days: number) => `pd${days}`,
  /** Projects whose competition is scheduled in `month` (YYYY-MM). */
  plannedInMonth: (month: string) => `pm${month.replace('-', '')}`,
  /** Competitions published in `month` (YYYY-MM) and not reverted since. */
  publishedInMonth: (month: string) => `am${month.replace('-', '')}`,
  contractorsRegistered: 'contractors.registered',
  contractorsVerified: 'contractors.verified',
  verificationHoursSum: 'contractors.verificationHoursSum',
  /** Histogram: contractors verified `hours` whole hours after registering. */
  verificationHours: (hours: number) => `vh${hours}`,
  inquiries: (status: InquiryStatus) => `inquiries.${status}`,
  inquiriesAnsweredOnTime: 'inquiries.answeredOnTime',
  /** Complaints filed and satisfied (short names like the histograms': the item stays under 8 KB). */
  complaintsFiled: 'cpf',
  complaintsSatisfied: 'cps',
  /** Bids evaluated in awarded competitions, and of those disqualified (the disqualification rate). */
  awardedBids: 'awb',
  awardedDisqualified: 'awd',
  /** Histogram: awards made `days` whole days after the bids were opened. */
  openedToAwardDays: (days: number) => `oa${days}`,
} as const;

export const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

/** Every counter of a scope item, in a fixed order. */
export const STATS_COUNTERS: readonly string[] = Object.freeze([
  ...PROJECT_STAGES.flatMap((s) => [counter.projects(s), counter.valueTiyn(s)]),
  ...FINANCING_ROUTES.flatMap((r) => FINANCING_STATUSES.flatMap((s) => [counter.financingCount(r, s), counter.financingTiyn(r, s)])),
  ...SECTOR_CODES.flatMap((sector) => READINESS.map((r) => counter.readiness(sector, r))),
  counter.publications,
  counter.onSchedule,
  counter.publicationDaysSum,
  ...range(MAX_PUBLICATION_DAYS + 1).map(counter.publicationDays),
  ...SCHEDULE_MONTHS.flatMap((m) => [counter.plannedInMonth(m), counter.publishedInMonth(m)]),
  counter.contractorsRegistered,
  counter.contractorsVerified,
  counter.verificationHoursSum,
  ...range(MAX_VERIFICATION_HOURS + 1).map(counter.verificationHours),
  ...INQUIRY_STATUSES.map(counter.inquiries),
  counter.inquiriesAnsweredOnTime,
  counter.complaintsFiled,
  counter.complaintsSatisfied,
  counter.awardedBids,
  counter.awardedDisqualified,
  ...range(MAX_AWARD_DAYS + 1).map(counter.openedToAwardDays),
]);

/** Counter changes of one scope. */
export type CounterDelta = Readonly<Record<string, bigint>>;

/** What one event adds to one scope's counters. */
export interface ScopedDelta {
  readonly scope: string;
  readonly counters: CounterDelta;
}

/** The facts of a project that the counters need; all fixed once the project is registered. */
export interface ProjectFacts {
  readonly id: string;
  readonly kato: string;
  readonly sector: Sector;
  readonly value: string;
  readonly approvalDate: string;
  readonly plannedPublicationDate: string;
  readonly readiness: Readiness;
  readonly financing: { readonly route: FinancingRoute; readonly status: FinancingStatus; readonly amount?: string };
}

/** `project.registered` data: the project's facts and the stage it enters at (`publishedAt` past selection). */
export type ProjectRegisteredData = EventPayloads['project.registered'];

/** The facts of a competition that the counters need; fixed once it is published. */
export interface CompetitionFacts {
  readonly id: string;
  readonly projectId: string;
  readonly publishedAt?: string;
}

/** The part of a domain event the aggregator reads (events of other types count nothing). */
export type MonitoringEvent = EventCore;

/** The event types that change the counters. */
export const MONITORED_EVENT_TYPES = [
  'project.registered',
  'competition.published',
  'competition.awarded',
  'competition.award-cancelled',
  'competition.cancelled',
  'competition.unsuccessful',
  'contract.activated',
  'contract.completed',
  // The red flags (the value raised by an amendment) and the implementation counters (`implementation-stats.ts`).
  'contract.amended',
  // The implementation counters only: progress, payments, overdue milestones (and the overdue list).
  'contract.report-filed',
  'contract.milestone-overdue',
  'contract.terminated',
  'complaint.filed',
  'complaint.decided',
  'contractor.registered',
  'contractor.verified',
  'inquiry.filed',
  'inquiry.taken',
  'inquiry.answered',
  // Financing applications move their project's financing between routes and statuses (and feed the financing
  // speed, `financing-stats.ts`); amendments feed the red flags (`red-flags.ts`).
  'financing.submitted',
  'financing.resubmitted',
  'financing.decided',
  'financing.disbursed',
  'competition.amended',
] as const satisfies readonly EventType[];

export type MonitoredEventType = (typeof MONITORED_EVENT_TYPES)[number];

export const isMonitoredEventType = (type: string): type is MonitoredEventType => (MONITORED_EVENT_TYPES as readonly string[]).includes(type);

/**
 * The entities whose facts an event needs beyond its own data: competition events name only the competition (and the
 * publication its project), so the aggregator reads them first.
 */
export const factsNeeded = (event: MonitoringEvent): { competitionId?: string; projectId?: string } => {
  switch (event.type) {
    case 'competition.published':
    case 'contract.activated':
    case 'contract.completed':
      return { projectId: event.data.projectId };
    case 'competition.awarded':
    case 'competition.award-cancelled':
    case 'competition.cancelled':
    case 'competition.unsuccessful':
      return { competitionId: event.subject.id };
    default:
      return {};
  }
};

const DAY_MS = 86_400_000;

/** Whole days from one ISO date to another (negative when `to` is earlier). */
export const daysBetween = (from: string, to: string): number =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);

const clamp = (value: number, min: number, max: number): number => Math.min(max, Math.max(min, value));

/** The schedule month (YYYY-MM) of a date, clamped to {@link SCHEDULE_MONTHS}. */
export const scheduleMonth = (isoDate: string): string => {
  const month = isoDate.slice(0, 7);
  const first = SCHEDULE_MONTHS[0]!;
  const last = SCHEDULE_MONTHS[SCHEDULE_MONTHS.length - 1]!;
  return month < first ? first : month > last ? last : month;
};

class DeltaBuilder {
  private readonly counters = new Map<string, bigint>();

  add(name: string, amount: bigint | number): this {
    const value = typeof amount === 'bigint' ? amount : BigInt(amount);
    this.counters.set(name, (this.counters.get(name) ?? 0n) + value);
    return this;
  }

  build(): CounterDelta {
    return Object.fromEntries([...this.counters].filter(([, v]) => v !== 0n));
  }
}

/** Moves a project's count and value from one stage to another. */
const stageMove = (d: DeltaBuilder, project: ProjectFacts, from: ProjectStage, to: ProjectStage): void => {
  const tiyn = parseMoney(project.value);
  d.add(counter.projects(from), -1).add(counter.valueTiyn(from), -tiyn).add(counter.projects(to), 1).add(counter.valueTiyn(to), tiyn);
};

/**
 * Counts (`sign` 1) or uncounts (`sign` -1) a publication: its speed from approval (Almaty dates), whether it met the
 * planned date, and its month.
 */
const publication = (d: DeltaBuilder, project: ProjectFacts, publishedAt: string, sign: 1 | -1): void => {
  const publishedOn = almatyDate(new Date(publishedAt));
  const days = clamp(daysBetween(project.approvalDate, publishedOn), 0, MAX_PUBLICATION_DAYS);
  d.add(counter.publications, sign)
    .add(counter.publicationDaysSum, sign * days)
    .add(counter.publicationDays(days), sign)
    .add(counter.publishedInMonth(scheduleMonth(publishedOn)), sign);
  if (publishedOn <= project.plannedPublicationDate) d.add(counter.onSchedule, sign);
};

const regionScope = (kato: unknown): string | undefined => (typeof kato === 'string' ? topLevelKato(kato) : undefined);

/** The same counters for the region (when known) and the nation. */
const scoped = (kato: unknown, counters: CounterDelta): ScopedDelta[] => {
  if (Object.keys(counters).length === 0) return [];
  const region = regionScope(kato);
  return [...(region ? [{ scope: region, counters }] : []), { scope: NATIONAL_SCOPE, counters }];
};

const registered = (data: ProjectRegisteredData, id: string): CounterDelta => {
  const d = new DeltaBuilder();
  const tiyn = parseMoney(data.value);
  const financed = data.financing.amount !== undefined ? parseMoney(data.financing.amount) : tiyn;
  d.add(counter.projects(data.stage), 1)
    .add(counter.valueTiyn(data.stage), tiyn)
    .add(counter.financingCount(data.financing.route, data.financing.status), 1)
    .add(counter.financingTiyn(data.financing.route, data.financing.status), financed)
    .add(counter.readiness(data.sector, data.readiness), 1)
    .add(counter.plannedInMonth(scheduleMonth(data.plannedPublicationDate)), 1);
  const pastSelection = data.stage === 'contractor-determination' || data.stage === 'implementation' || data.stage === 'completed';
  if (pastSelection && data.publishedAt) publication(d, { ...data, id }, data.publishedAt, 1);
  return d.build();
};

const HOUR_MS = 3_600_000;

/**
 * What an event adds to the counters, per scope. Pure: `facts` holds the competition and project the event concerns
 * (see {@link factsNeeded}); an event whose facts are missing adds nothing.
 *
 * - `project.registered`: the project at its stage, its value, financing (count and amount), readiness and schedule month;
 * - `competition.published`: selection → contractor determination, and a publication (speed, on schedule, month);
 * - `competition.awarded`: the bids evaluated, disqualified, days from opening (the project stays at contractor
 *   determination until the contract is signed);
 * - `competition.award-cancelled`: nothing (the project never left contractor determination);
 * - `contract.activated`: contractor determination → implementation (both parties signed);
 * - `contract.completed`: implementation → completed;
 * - `complaint.filed` / `.decided`: complaints filed, and satisfied;
 * - `competition.cancelled` / `.unsuccessful` after publication: back to selection, the publication uncounted;
 * - `contractor.registered` / `.verified`: national registrations, verifications and time to verify;
 * - `inquiry.filed` / `.taken` / `.answered`: inquiries by status (new → in-progress → answered), answered on time.
 */
export const deltasFor = (
  event: MonitoringEvent,
  facts: { readonly competition?: CompetitionFacts; readonly project?: ProjectFacts } = {},
): ScopedDelta[] => {
  const { project, competition } = facts;
  const d = new DeltaBuilder();
  switch (event.type) {
    case 'project.registered': {
      return scoped(event.data.kato, registered(event.data, event.subject.id));
    }
    case 'competition.published': {
      if (!project) return [];
      stageMove(d, project, 'selection', 'contractor-determination');
      publication(d, project, event.at, 1);
      return scoped(project.kato, d.build());
    }
    case 'competition.awarded': {
      if (!project) return [];
      // Issue 14: the project moves at the contract's signature, not at the award.
      const { evaluated } = event.data;
      if (evaluated) {
        d.add(counter.awardedBids, evaluated.bids)
          .add(counter.awardedDisqualified, evaluated.disqualified)
          .add(counter.openedToAwardDays(clamp(evaluated.openedToAwardDays, 0, MAX_AWARD_DAYS)), 1);
      }
      return scoped(project.kato, d.build());
    }
    case 'competition.award-cancelled':
      // A satisfied complaint reopened evaluation: the project was still at contractor determination.
      return [];
    case 'contract.activated': {
      if (!project) return [];
      stageMove(d, project, 'contractor-determination', 'implementation');
      return scoped(project.kato, d.build());
    }
    case 'contract.completed': {
      if (!project) return [];
      stageMove(d, project, 'implementation', 'completed');
      return scoped(project.kato, d.build());
    }
    case 'complaint.filed':
      return scoped(event.data.kato, d.add(counter.complaintsFiled, 1).build());
    case 'complaint.decided':
      return event.data.resolution === 'satisfied' ? scoped(event.data.kato, d.add(counter.complaintsSatisfied, 1).build()) : [];
    case 'competition.cancelled':
    case 'competition.unsuccessful': {
      // A draft cancelled before publication never moved its project.
      if (!project || !competition?.publishedAt) return [];
      stageMove(d, project, 'contractor-determination', 'selection');
      publication(d, project, competition.publishedAt, -1);
      return scoped(project.kato, d.build());
    }
    case 'contractor.registered':
      return [{ scope: NATIONAL_SCOPE, counters: d.add(counter.contractorsRegistered, 1).build() }];
    case 'contractor.verified': {
      const { registeredAt, verifiedAt } = event.data;
      d.add(counter.contractorsVerified, 1);
      if (registeredAt && verifiedAt) {
        const hours = clamp(Math.floor((Date.parse(verifiedAt) - Date.parse(registeredAt)) / HOUR_MS), 0, MAX_VERIFICATION_HOURS);
        d.add(counter.verificationHours(hours), 1).add(counter.verificationHoursSum, hours);
      }
      return [{ scope: NATIONAL_SCOPE, counters: d.build() }];
    }
    case 'financing.submitted':
    case 'financing.resubmitted':
    case 'financing.decided': {
      // The project's financing as counted since registration moves with its application (amounts: tiyn).
      const { before, after } = event.data.projectFinancing;
      d.add(counter.financingCount(before.route, before.status), -1)
        .add(counter.financingTiyn(before.route, before.status), -parseMoney(before.amount ?? '0'))
        .add(counter.financingCount(after.route, after.status), 1)
        .add(counter.financingTiyn(after.route, after.status), parseMoney(after.amount ?? '0'));
      return scoped(event.data.kato, d.build());
    }
    case 'inquiry.filed':
      return scoped(event.data.kato, d.add(counter.inquiries('new'), 1).build());
    case 'inquiry.taken':
      return scoped(event.data.kato, d.add(counter.inquiries('new'), -1).add(counter.inquiries('in-progress'), 1).build());
    case 'inquiry.answered': {
      // The inquiry store answers only taken inquiries (condition `status = in-progress`).
      const { answeredAt, dueAt } = event.data;
      d.add(counter.inquiries('in-progress'), -1).add(counter.inquiries('answered'), 1);
      if (answeredAt && dueAt && Date.parse(answeredAt) <= Date.parse(dueAt)) d.add(counter.inquiriesAnsweredOnTime, 1);
      return scoped(event.data.kato, d.build());
    }
    default:
      return [];
  }
};

/** Sums the deltas of several events per scope, dropping counters that cancel out (one update per scope item). */
export const mergeDeltas = (deltas: readonly ScopedDelta[]): Map<string, Map<string, bigint>> => {
  const merged = new Map<string, Map<string, bigint>>();
  for (const { scope, counters } of deltas) {
    const into = merged.get(scope) ?? new Map<string, bigint>();
    merged.set(scope, into);
    for (const [name, value] of Object.entries(counters)) into.set(name, (into.get(name) ?? 0n) + value);
  }
  for (const [scope, counters] of merged) {
    for (const [name, value] of counters) if (value === 0n) counters.delete(name);
    if (counters.size === 0) merged.delete(scope);
  }
  return merged;
};

/** A scope item's counters as read back: decimal strings by name (a missing counter is zero). */
export type StatsRecord = Readonly<Record<string, string>>;

/** Adds stats records counter by counter (a whole scope folded in memory: the seeder's check, the benchmark). */
export const applyToRecord = (record: StatsRecord, counters: ReadonlyMap<string, bigint> | CounterDelta): StatsRecord => {
  const next: Record<string, string> = { ...record };
  const entries = counters instanceof Map ? [...counters] : Object.entries(counters);
  for (const [name, value] of entries) next[name] = (BigInt(next[name] ?? '0') + value).toString();
  return next;
};

const count = (record: StatsRecord, name: string): number => Number(record[name] ?? '0');
const tiyn = (record: StatsRecord, name: string): bigint => BigInt(record[name] ?? '0');
/** Tenge as a decimal string; a (transiently) negative sum shows as its sign and magnitude. */
const tenge = (amount: bigint): string => (amount < 0n ? `-${formatMoneyString(-amount)}` : formatMoneyString(amount));

/**
 * The median of a histogram given as counts per bucket value (0, 1, 2, …): the middle value, or the mean of the two
 * middle values for an even total. `null` when the histogram is empty.
 */
export const histogramMedian = (counts: readonly number[]): number | null => {
  const total = counts.reduce((a, b) => a + Math.max(0, b), 0);
  if (total === 0) return null;
  const valueAt = (position: number): number => {
    let seen = 0;
    for (let value = 0; value < counts.length; value += 1) {
      seen += Math.max(0, counts[value]!);
      if (seen > position) return value;
    }
    return counts.length - 1;
  };
  return (valueAt(Math.floor((total - 1) / 2)) + valueAt(Math.ceil((total - 1) / 2))) / 2;
};

const round = (value: number, decimals: number): number => Number(value.toFixed(decimals));
const share = (part: number, whole: number): number | null => (whole > 0 ? round(part / whole, 4) : null);

export interface CountAndAmount {
  readonly count: number;
  /** Tenge, decimal string. */
  readonly amount: string;
}

/** The figures of one scope, read from its counters. */
export interface Figures {
  readonly projects: { readonly total: number; readonly byStage: Record<ProjectStage, number> };
  /** Tenge, decimal strings; the total leaves out cancelled projects. */
  readonly value: { readonly total: string; readonly byStage: Record<ProjectStage, string> };
  readonly financing: {
    readonly approved: CountAndAmount;
    readonly byRoute: Record<FinancingRoute, Record<FinancingStatus, CountAndAmount>>;
  };
  readonly readiness: Record<Sector, Record<Readiness, number>>;
  readonly publication: {
    /** Competitions published (and not cancelled or unsuccessful since). */
    readonly published: number;
    /** Of those, published on or before the planned date. */
    readonly onSchedule: number;
    readonly onScheduleShare: number | null;
    /** Days from approval to publication (Almaty dates), median from the per-day histogram. */
    readonly medianDays: number | null;
    readonly meanDays: number | null;
    /** Sum of the days of all publications (the mean's numerator; additive across scopes and snapshots). */
    readonly totalDays: number;
  };
  readonly schedule: {
    /** Projects scheduled per month (YYYY-MM), months with any. */
    readonly plannedByMonth: Record<string, number>;
    /** Publications per month (YYYY-MM), months with any. */
    readonly publishedByMonth: Record<string, number>;
  };
  readonly contractors: {
    readonly registered: number;
    readonly verified: number;
    readonly medianVerificationHours: number | null;
  };
  readonly inquiries: {
    readonly total: number;
    readonly byStatus: Record<InquiryStatus, number>;
    readonly answeredOnTime: number;
  };
  readonly evaluation: {
    readonly complaintsFiled: number;
    readonly complaintsSatisfied: number;
    /** Disqualified bids over the bids evaluated in awarded competitions (every award, cancelled ones included). */
    readonly disqualificationRate: number | null;
    readonly medianDaysOpeningToAward: number | null;
  };
}

const byKeys = <K extends string, V>(list: readonly K[], f: (k: K) => V): Record<K, V> =>
  Object.fromEntries(list.map((k) => [k, f(k)])) as Record<K, V>;

/** Reads the figures of one scope from its counters. */
export const figuresOf = (record: StatsRecord): Figures => {
  const counted: ProjectStage[] = PROJECT_STAGES.filter((s) => s !== 'cancelled');
  const byRoute = byKeys(FINANCING_ROUTES, (route) =>
    byKeys(FINANCING_STATUSES, (status) => ({
      count: count(record, counter.financingCount(route, status)),
      amount: tenge(tiyn(record, counter.financingTiyn(route, status))),
    })),
  );
  const published = count(record, counter.publications);
  const onSchedule = count(record, counter.onSchedule);
  const verified = count(record, counter.contractorsVerified);
  const months = (name: (m: string) => string) =>
    Object.fromEntries(SCHEDULE_MONTHS.map((m) => [m, count(record, name(m))] as const).filter(([, n]) => n !== 0));
  const inquiries = byKeys(INQUIRY_STATUSES, (s) => count(record, counter.inquiries(s)));
  return {
    projects: {
      total: counted.reduce((sum, s) => sum + count(record, counter.projects(s)), 0),
      byStage: byKeys(PROJECT_STAGES, (s) => count(record, counter.projects(s))),
    },
    value: {
      total: tenge(counted.reduce((sum, s) => sum + tiyn(record, counter.valueTiyn(s)), 0n)),
      byStage: byKeys(PROJECT_STAGES, (s) => tenge(tiyn(record, counter.valueTiyn(s)))),
    },
    financing: {
      approved: {
        count: FINANCING_ROUTES.reduce((sum, r) => sum + count(record, counter.financingCount(r, 'approved')), 0),
        amount: tenge(FINANCING_ROUTES.reduce((sum, r) => sum + tiyn(record, counter.financingTiyn(r, 'approved')), 0n)),
      },
      byRoute,
    },
    readiness: byKeys(SECTOR_CODES, (sector) => byKeys(READINESS, (r) => count(record, counter.readiness(sector, r)))),
    publication: {
      published,
      onSchedule,
      onScheduleShare: share(onSchedule, published),
      medianDays: histogramMedian(range(MAX_PUBLICATION_DAYS + 1).map((d) => count(record, counter.publicationDays(d)))),
      meanDays: published > 0 ? round(count(record, counter.publicationDaysSum) / published, 1) : null,
      totalDays: count(record, counter.publicationDaysSum),
    },
    schedule: { plannedByMonth: months(counter.plannedInMonth), publishedByMonth: months(counter.publishedInMonth) },
    contractors: {
      registered: count(record, counter.contractorsRegistered),
      verified,
      medianVerificationHours: histogramMedian(range(MAX_VERIFICATION_HOURS + 1).map((h) => count(record, counter.verificationHours(h)))),
    },
    inquiries: {
      total: INQUIRY_STATUSES.reduce((sum, s) => sum + inquiries[s], 0),
      byStatus: inquiries,
      answeredOnTime: count(record, counter.inquiriesAnsweredOnTime),
    },
    evaluation: {
      complaintsFiled: count(record, counter.complaintsFiled),
      complaintsSatisfied: count(record, counter.complaintsSatisfied),
      disqualificationRate: share(count(record, counter.awardedDisqualified), count(record, counter.awardedBids)),
      medianDaysOpeningToAward: histogramMedian(range(MAX_AWARD_DAYS + 1).map((d) => count(record, counter.openedToAwardDays(d)))),
    },
  };
};

/**
 * Folds events into scope records in memory, exactly as the aggregator applies them one by one (the demo dataset's
 * check and the benchmark's fixtures use it; the aggregator itself writes through DynamoDB).
 *
 * @param events - the events, in any order
 * @param factsOf - the competition and project an event concerns (see {@link factsNeeded})
 */
export const foldEvents = (
  events: Iterable<MonitoringEvent>,
  factsOf: (event: MonitoringEvent) => { competition?: CompetitionFacts; project?: ProjectFacts },
): Map<string, StatsRecord> => {
  const records = new Map<string, StatsRecord>();
  for (const event of events) {
    for (const { scope, counters } of deltasFor(event, factsOf(event))) records.set(scope, applyToRecord(records.get(scope) ?? {}, counters));
  }
  return records;
};
