/**
 * The ministry's implementation views (issue 14): contracts signed and their value, physical progress weighted by
 * value, paid against contracted, nationally and per region (the 21 implementation scope items in one batch, whatever
 * the number of contracts), and the milestones overdue now, named with the responsible akimat and official (one page
 * of an index the aggregator keeps from the contract events: one item per overdue milestone). JSON and CSV. No AWS.
 */
import type { Page } from '../adapters/pagination.js';
import { almatyDate } from '../domain/calendar.js';
import type { EventCore } from '../domain/events.js';
import { implementationFiguresOf, implementationScope, type ImplementationFigures } from '../domain/implementation-stats.js';
import { REGIONS, type Lang } from '../domain/regions.js';
import { daysBetween, NATIONAL_SCOPE } from '../domain/stats.js';
import { toCsv, type CsvCell, heading, NATION_HEADING } from '../http/csv.js';
import type { MonitoringReader } from './monitoring.js';

/** Milestones per page of the overdue view, at most. */
export const OVERDUE_MILESTONES_PAGE_MAX = 25;

/** One overdue milestone as stored (from its `contract.milestone-overdue` event). */
export interface OverdueMilestone {
  readonly contractId: string;
  readonly milestoneId: string;
  readonly kato: string;
  readonly title: string;
  readonly contractTitle: string;
  readonly dueDate: string;
  readonly akimat: string;
  readonly official: string;
  readonly competitionId?: string;
  readonly projectId?: string;
  readonly value?: string;
  /** When the sweep reported it overdue. */
  readonly reportedAt: string;
}

export interface OverdueMilestoneStore {
  /**
   * Stores the milestone (replacing the same one: a redelivery writes it again), unless it is marked met already (the
   * report that met it was applied first: the queue does not keep the order of events).
   */
  put(milestone: OverdueMilestone): Promise<void>;
  /** Marks one milestone met: it leaves the list, and a late overdue event does not bring it back. */
  met(contractId: string, milestoneId: string, at: string): Promise<void>;
  /** Removes every overdue milestone of the contract (replaced by an amendment, completed, terminated). */
  remove(contractId: string): Promise<void>;
  /** One page, the earliest due first, of a region or the nation. */
  list(filter: { region?: string }, page: { limit: number; cursor?: string }): Promise<Page<OverdueMilestone>>;
}

/**
 * Keeps the overdue list from the contract events: a milestone reported overdue enters it; a report that meets it, an
 * amendment that replaces the milestones, the contract's completion or termination take it (them) out.
 */
export const trackOverdueMilestones = async (store: OverdueMilestoneStore, events: readonly EventCore[]): Promise<number> => {
  let changed = 0;
  for (const event of events) {
    switch (event.type) {
      case 'contract.milestone-overdue': {
        const d = event.data;
        await store.put({
          contractId: event.subject.id,
          milestoneId: d.milestoneId,
          kato: d.kato,
          title: d.title,
          contractTitle: d.contractTitle,
          dueDate: d.dueDate,
          akimat: d.akimat ?? `Акимат ${d.kato}`,
          official: d.official.name,
          ...(d.competitionId ? { competitionId: d.competitionId } : {}),
          ...(d.projectId ? { projectId: d.projectId } : {}),
          ...(d.value !== undefined ? { value: d.value } : {}),
          reportedAt: event.at,
        });
        changed += 1;
        break;
      }
      case 'contract.report-filed':
        if (event.data.milestoneId !== undefined && event.data.milestoneOverdue) {
          await store.met(event.subject.id, event.data.milestoneId, event.at);
          changed += 1;
        }
        break;
      case 'contract.amended':
        if (event.data.overdueClosed) {
          await store.remove(event.subject.id);
          changed += 1;
        }
        break;
      case 'contract.completed':
      case 'contract.terminated':
        if (event.data.overdueOpen) {
          await store.remove(event.subject.id);
          changed += 1;
        }
        break;
      default:
        break;
    }
  }
  return changed;
};

/** `GET /monitoring/implementation`: the figures nationally and per region. */
export const implementationView = async (reader: Pick<MonitoringReader, 'stats'>) => {
  const scopes = [NATIONAL_SCOPE, ...REGIONS.map((r) => r.kato)];
  const stats = await reader.stats(scopes.map(implementationScope));
  const record = (scope: string) => stats.get(implementationScope(scope))?.record ?? {};
  const national = stats.get(implementationScope(NATIONAL_SCOPE));
  return {
    ...(national?.updatedAt ? { updatedAt: national.updatedAt } : {}),
    national: implementationFiguresOf(record(NATIONAL_SCOPE)),
    regions: REGIONS.map((r) => ({ kato: r.kato, iso: r.iso, name: r.name, ...implementationFiguresOf(record(r.kato)) })),
  };
};
export type ImplementationView = Awaited<ReturnType<typeof implementationView>>;

/** `GET /monitoring/implementation/overdue`: the milestones overdue now, the earliest due first, with days overdue. */
export const overdueMilestonesView = async (
  store: Pick<OverdueMilestoneStore, 'list'>,
  now: Date,
  filter: { region?: string },
  page: { limit: number; cursor?: string },
) => {
  const result = await store.list(filter, { limit: Math.min(page.limit, OVERDUE_MILESTONES_PAGE_MAX), ...(page.cursor ? { cursor: page.cursor } : {}) });
  const today = almatyDate(now);
  return {
    items: result.items.map((m) => ({
      contractId: m.contractId,
      milestoneId: m.milestoneId,
      kato: m.kato,
      title: m.title,
      contractTitle: m.contractTitle,
      dueDate: m.dueDate,
      akimat: m.akimat,
      official: m.official,
      ...(m.competitionId ? { competitionId: m.competitionId } : {}),
      ...(m.projectId ? { projectId: m.projectId } : {}),
      ...(m.value !== undefined ? { value: m.value } : {}),
      // Almaty calendar days from the due date to today.
      daysOverdue: Math.max(0, daysBetween(almatyDate(new Date(m.dueDate)), today)),
    })),
    ...(result.cursor ? { cursor: result.cursor } : {}),
  };
};
export type OverdueMilestonesView = Awaited<ReturnType<typeof overdueMilestonesView>>;

const h = heading;

const NATION = NATION_HEADING;

const IMPLEMENTATION_COLUMNS = [
  h('Регион', 'Өңір', 'Region'),
  h('КАТО', 'КАТО', 'KATO'),
  h('Договоров подписано', 'Қол қойылған шарттар', 'Contracts signed'),
  h('Сумма договоров, тенге', 'Шарттар сомасы, теңге', 'Contracted, KZT'),
  h('Физический прогресс (взвешенный), %', 'Физикалық прогресс (салмақталған), %', 'Physical progress (weighted), %'),
  h('Принято работ, тенге', 'Қабылданған жұмыстар, теңге', 'Works accepted, KZT'),
  h('Оплачено, тенге', 'Төленді, теңге', 'Paid, KZT'),
  h('Оплачено от суммы договоров, %', 'Шарттар сомасынан төленгені, %', 'Paid of contracted, %'),
  h('Завершено', 'Аяқталды', 'Completed'),
  h('Расторгнуто', 'Бұзылды', 'Terminated'),
  h('Просроченные этапы', 'Мерзімі өткен кезеңдер', 'Overdue milestones'),
];

const implementationRow = (name: string, kato: string, f: ImplementationFigures): CsvCell[] => [
  name,
  kato,
  f.contractsSigned,
  f.contractedValue,
  f.weightedProgress,
  f.completedWorksValue,
  f.paidAmount,
  f.paidShare,
  f.completed,
  f.terminated,
  f.overdueMilestones,
];

/** `implementation.csv`: the nation, then each region. */
export const implementationCsv = (view: ImplementationView, lang: Lang): string =>
  toCsv(
    IMPLEMENTATION_COLUMNS.map((c) => c[lang]),
    [implementationRow(NATION[lang], '', view.national), ...view.regions.map((r) => implementationRow(r.name[lang], r.kato, r))],
  );

const OVERDUE_COLUMNS = [
  h('Договор', 'Шарт', 'Contract'),
  h('Наименование договора', 'Шарттың атауы', 'Contract title'),
  h('Этап', 'Кезең', 'Milestone'),
  h('КАТО', 'КАТО', 'KATO'),
  h('Акимат', 'Әкімдік', 'Akimat'),
  h('Ответственное лицо', 'Жауапты тұлға', 'Responsible official'),
  h('Срок', 'Мерзімі', 'Due date'),
  h('Просрочено, дней', 'Мерзімі өтті, күн', 'Days overdue'),
];

/** `implementation/overdue.csv`: one page of the overdue milestones. */
export const overdueMilestonesCsv = (view: OverdueMilestonesView, lang: Lang): string =>
  toCsv(
    OVERDUE_COLUMNS.map((c) => c[lang]),
    view.items.map((m) => [m.contractId, m.contractTitle, m.title, m.kato, m.akimat, m.official, m.dueDate, m.daysOverdue]),
  );
