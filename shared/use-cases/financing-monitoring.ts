/**
 * The ministry's financing views: the financing speed per route, nationally and per region (the 21 financing scope
 * items in one batch, whatever the number of applications), and the applications awaiting a decision longer than the
 * configured limit, named (one page of the sparse waiting index). JSON and CSV. No AWS here.
 */
import type { Page } from '../adapters/pagination.js';
import { almatyDate, isWorkingDay } from '../domain/calendar.js';
import type { FinancingApplication } from '../domain/financing.js';
import { financingFiguresOf, financingScope, type RouteSpeed } from '../domain/financing-stats.js';
import { REGIONS, type Lang } from '../domain/regions.js';
import { NATIONAL_SCOPE } from '../domain/stats.js';
import { toCsv, type CsvCell, heading, NATION_HEADING } from '../http/csv.js';
import type { MonitoringReader } from './monitoring.js';

/** Applications per page of the waiting view, at most. */
export const WAITING_PAGE_MAX = 25;

/** `GET /monitoring/financing`: the speed per route, nationally and per region. */
export const financingView = async (reader: Pick<MonitoringReader, 'stats'>, waitingLimitWorkingDays: number) => {
  const scopes = [NATIONAL_SCOPE, ...REGIONS.map((r) => r.kato)];
  const stats = await reader.stats(scopes.map(financingScope));
  const record = (scope: string) => stats.get(financingScope(scope))?.record ?? {};
  const national = stats.get(financingScope(NATIONAL_SCOPE));
  return {
    ...(national?.updatedAt ? { updatedAt: national.updatedAt } : {}),
    waitingLimitWorkingDays,
    national: { byRoute: financingFiguresOf(record(NATIONAL_SCOPE)) },
    regions: REGIONS.map((r) => ({ kato: r.kato, iso: r.iso, name: r.name, byRoute: financingFiguresOf(record(r.kato)) })),
  };
};
export type FinancingView = Awaited<ReturnType<typeof financingView>>;

/**
 * The latest instant a submission may have been made and still wait longer than `limit` working days today: the
 * start (Almaty midnight) of the latest local date from which more than `limit` working days have passed.
 */
export const waitingCutoff = (now: Date, limit: number): string => {
  const today = almatyDate(now);
  const previous = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) - DAY_MS).toISOString().slice(0, 10);
  // An application submitted on local date D has waited the working days after D up to today.
  let day = previous(today);
  while (countWorkingDays(day, today) <= limit) day = previous(day);
  // Submissions before the next local midnight after `day` (Almaty) are over the limit.
  const next = new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
  return new Date(`${next}T00:00:00+05:00`).toISOString();
};

const DAY_MS = 86_400_000;

/** `GET /monitoring/financing/waiting`: applications awaiting a decision longer than the limit, oldest first. */
export const waitingView = async (
  store: { waiting(before: string, page: { limit: number; cursor?: string }): Promise<Page<FinancingApplication>> },
  now: Date,
  limit: number,
  page: { limit: number; cursor?: string },
) => {
  const result = await store.waiting(waitingCutoff(now, limit), { limit: Math.min(page.limit, WAITING_PAGE_MAX), ...(page.cursor ? { cursor: page.cursor } : {}) });
  const today = almatyDate(now);
  return {
    waitingLimitWorkingDays: limit,
    items: result.items.map((a) => ({
      id: a.id,
      projectId: a.projectId,
      projectTitle: a.projectTitle,
      kato: a.kato,
      akimat: a.akimatName,
      route: a.route,
      amount: a.amount,
      submittedAt: a.submittedAt,
      // Working days waited so far (the day of submission does not count).
      workingDaysWaiting: countWorkingDays(almatyDate(new Date(a.submittedAt)), today),
    })),
    ...(result.cursor ? { cursor: result.cursor } : {}),
  };
};
export type WaitingView = Awaited<ReturnType<typeof waitingView>>;

/** Working days after local date `from` up to and including `to`. */
export const countWorkingDays = (from: string, to: string): number => {
  let n = 0;
  for (let ms = Date.parse(`${from}T00:00:00Z`) + 86_400_000; ms <= Date.parse(`${to}T00:00:00Z`); ms += 86_400_000) {
    if (isWorkingDay(new Date(ms).toISOString().slice(0, 10))) n += 1;
  }
  return n;
};

const h = heading;

const ROUTE_NAMES = {
  'dbk-banks': h('БРК и БВУ', 'ҚДБ және ЕДБ', 'DBK and banks'),
  'khc-bonds': h('КЖК (облигации)', 'ҚТҮК (облигациялар)', 'KHC bonds'),
  budget: h('Бюджет', 'Бюджет', 'Budget'),
} as const;

const SPEED_COLUMNS = [
  h('Регион', 'Өңір', 'Region'),
  h('КАТО', 'КАТО', 'KATO'),
  h('Маршрут', 'Бағыт', 'Route'),
  h('Подано заявок', 'Берілген өтінімдер', 'Submitted'),
  h('Ожидают решения', 'Шешім күтуде', 'Awaiting decision'),
  h('Одобрено', 'Мақұлданды', 'Approved'),
  h('Отклонено', 'Қабылданбады', 'Rejected'),
  h('Возвращено', 'Қайтарылды', 'Returned'),
  h('Одобрено, тенге', 'Мақұлданды, теңге', 'Approved, KZT'),
  h('Выплачено, тенге', 'Төленді, теңге', 'Disbursed, KZT'),
  h('Медиана раб. дней до решения', 'Шешімге дейінгі жұмыс күндерінің медианасы', 'Median working days to decision'),
  h('Среднее раб. дней до решения', 'Шешімге дейінгі орташа жұмыс күндері', 'Mean working days to decision'),
  h('Медиана раб. дней до первой выплаты', 'Алғашқы төлемге дейінгі медиана', 'Median working days to first disbursement'),
  h('Среднее раб. дней до первой выплаты', 'Алғашқы төлемге дейінгі орташа', 'Mean working days to first disbursement'),
];

const NATION = NATION_HEADING;

const speedRows = (name: string, kato: string, byRoute: Record<string, RouteSpeed>, lang: Lang): CsvCell[][] =>
  (Object.keys(ROUTE_NAMES) as (keyof typeof ROUTE_NAMES)[]).map((route) => {
    const s = byRoute[route]!;
    return [
      name,
      kato,
      ROUTE_NAMES[route][lang],
      s.submitted,
      s.pending,
      s.approved,
      s.rejected,
      s.returned,
      s.approvedAmount,
      s.disbursedAmount,
      s.decision.medianWorkingDays,
      s.decision.meanWorkingDays,
      s.firstDisbursement.medianWorkingDays,
      s.firstDisbursement.meanWorkingDays,
    ];
  });

/** `financing.csv`: the nation, then each region; one row per route. */
export const financingCsv = (view: FinancingView, lang: Lang): string =>
  toCsv(
    SPEED_COLUMNS.map((c) => c[lang]),
    [...speedRows(NATION[lang], '', view.national.byRoute, lang), ...view.regions.flatMap((r) => speedRows(r.name[lang], r.kato, r.byRoute, lang))],
  );

const WAITING_COLUMNS = [
  h('Заявка', 'Өтінім', 'Application'),
  h('Проект', 'Жоба', 'Project'),
  h('Наименование', 'Атауы', 'Title'),
  h('КАТО', 'КАТО', 'KATO'),
  h('Акимат', 'Әкімдік', 'Akimat'),
  h('Маршрут', 'Бағыт', 'Route'),
  h('Сумма, тенге', 'Сомасы, теңге', 'Amount, KZT'),
  h('Подана', 'Берілді', 'Submitted at'),
  h('Ожидает, раб. дней', 'Күтуде, жұмыс күні', 'Waiting, working days'),
];

/** `financing/waiting.csv`: one page of the waiting applications. */
export const waitingCsv = (view: WaitingView, lang: Lang): string =>
  toCsv(
    WAITING_COLUMNS.map((c) => c[lang]),
    view.items.map((a) => [a.id, a.projectId, a.projectTitle, a.kato, a.akimat, ROUTE_NAMES[a.route][lang], a.amount, a.submittedAt, a.workingDaysWaiting]),
  );
