/**
 * The monitoring views as CSV tables, with column headings and region names in the reader's language (Russian by
 * default). Amounts are whole tenge without grouping; shares are percentages with one decimal and a point.
 */
import type { Lang } from '../domain/regions.js';
import { SECTORS, type Sector } from '../domain/sectors.js';
import { toCsv, type CsvCell, heading, NATION_HEADING } from '../http/csv.js';
import type { KpiView, OverdueView, RegionsView, SummaryView } from './monitoring.js';

const h = heading;

const COLUMNS = {
  region: h('Регион', 'Өңір', 'Region'),
  kato: h('КАТО', 'КАТО', 'KATO'),
  projects: h('Проектов всего', 'Жобалар саны', 'Projects'),
  selection: h('Отбор', 'Іріктеу', 'Selection'),
  determination: h('Определение подрядчика', 'Мердігерді анықтау', 'Contractor determination'),
  implementation: h('Реализация', 'Іске асыру', 'Implementation'),
  value: h('Стоимость, тенге', 'Құны, теңге', 'Value, KZT'),
  approvedCount: h('Финансирование одобрено, проектов', 'Қаржыландыру мақұлданды, жобалар', 'Financing approved, projects'),
  approvedAmount: h('Финансирование одобрено, тенге', 'Мақұлданған қаржыландыру, теңге', 'Financing approved, KZT'),
  developmentBank: h('Через БРК и БВУ, проектов', 'ҚДБ және ЕДБ арқылы, жобалар', 'Development Bank route, projects'),
  housingCompany: h('Через КЖК, проектов', 'ҚТҮК арқылы, жобалар', 'Housing Company route, projects'),
  kosReady: h('КОС: готовы', 'КОС: дайын', 'WWTP: ready'),
  kosRevision: h('КОС: на доработке', 'КОС: пысықталуда', 'WWTP: under revision'),
  published: h('Опубликовано конкурсов', 'Жарияланған конкурстар', 'Competitions published'),
  onSchedule: h('В срок', 'Мерзімінде', 'On schedule'),
  onScheduleShare: h('В срок, %', 'Мерзімінде, %', 'On schedule, %'),
  medianDays: h('Медиана дней до публикации', 'Жариялауға дейінгі күндер медианасы', 'Median days to publication'),
  meanDays: h('Среднее дней до публикации', 'Жариялауға дейінгі орташа күндер', 'Mean days to publication'),
  inquiries: h('Обращений', 'Өтініштер', 'Inquiries'),
  answered: h('Отвечено', 'Жауап берілді', 'Answered'),
  rank: h('Место', 'Орын', 'Rank'),
  score: h('Балл', 'Балл', 'Score'),
  band: h('Зона', 'Аймақ', 'Band'),
  progress: h('Продвижение, %', 'Ілгерілеу, %', 'Progress, %'),
  speed: h('Скорость, %', 'Жылдамдық, %', 'Speed, %'),
  financing: h('Финансирование, %', 'Қаржыландыру, %', 'Financing, %'),
  project: h('Проект', 'Жоба', 'Project'),
  sector: h('Отрасль', 'Сала', 'Sector'),
  title: h('Наименование', 'Атауы', 'Title'),
  approvalDate: h('Дата одобрения', 'Мақұлдану күні', 'Approval date'),
  plannedDate: h('Плановая дата публикации', 'Жоспарланған жариялау күні', 'Planned publication date'),
  daysOverdue: h('Дней просрочки', 'Кешіктірілген күндер', 'Days overdue'),
  akimat: h('Акимат', 'Әкімдік', 'Akimat'),
  official: h('Ответственное лицо', 'Жауапты тұлға', 'Official'),
  position: h('Должность', 'Лауазымы', 'Position'),
  plannedToDate: h('План на дату', 'Күнге дейінгі жоспар', 'Planned to date'),
  publishedToDate: h('Опубликовано', 'Жарияланды', 'Published'),
  behind: h('Отставание', 'Артта қалу', 'Behind schedule'),
  execution: h('Исполнение, %', 'Орындалуы, %', 'Execution, %'),
  plannedTotal: h('План всего', 'Жоспар барлығы', 'Planned in all'),
} as const;

const NATION = NATION_HEADING;

const BANDS = { green: h('зелёная', 'жасыл', 'green'), amber: h('жёлтая', 'сары', 'amber'), red: h('красная', 'қызыл', 'red') } as const;

const header = (lang: Lang, names: readonly (keyof typeof COLUMNS)[]) => names.map((n) => COLUMNS[n][lang]);

const percent = (share: number | null | undefined): CsvCell => (share === null || share === undefined ? '' : (share * 100).toFixed(1));

type SummaryScope = SummaryView['regions'][number] | SummaryView['national'];

const summaryRow = (name: string, kato: string, s: SummaryScope): CsvCell[] => [
  name,
  kato,
  s.projects.total,
  s.projects.byStage.selection,
  s.projects.byStage['contractor-determination'],
  s.projects.byStage.implementation,
  s.value.total,
  s.financing.approved.count,
  s.financing.approved.amount,
  s.financing.byRoute['development-bank'].approved.count,
  s.financing.byRoute['housing-company'].approved.count,
  s.kos.ready,
  s.kos.underRevision,
  s.publication.published,
  s.publication.onSchedule,
  percent(s.publication.onScheduleShare),
  s.publication.medianDays,
  s.inquiries.total,
  s.inquiries.byStatus.answered,
];

/** `summary.csv`: the nation, then each region. */
export const summaryCsv = (view: SummaryView, lang: Lang): string =>
  toCsv(
    header(lang, [
      'region', 'kato', 'projects', 'selection', 'determination', 'implementation', 'value', 'approvedCount', 'approvedAmount',
      'developmentBank', 'housingCompany', 'kosReady', 'kosRevision', 'published', 'onSchedule', 'onScheduleShare', 'medianDays',
      'inquiries', 'answered',
    ]),
    [summaryRow(NATION[lang], '', view.national), ...view.regions.map((r) => summaryRow(r.name[lang], r.kato, r))],
  );

/** `regions.csv`: the rating, best first. */
export const regionsCsv = (view: RegionsView, lang: Lang): string =>
  toCsv(
    header(lang, [
      'rank', 'region', 'kato', 'score', 'band', 'progress', 'onScheduleShare', 'speed', 'financing', 'projects', 'selection',
      'determination', 'implementation', 'value', 'published', 'onSchedule', 'medianDays', 'meanDays', 'approvedCount', 'kosReady',
      'kosRevision', 'inquiries',
    ]),
    view.regions.map((r) => [
      r.rank,
      r.name[lang],
      r.kato,
      r.score.toFixed(1),
      BANDS[r.band][lang],
      percent(r.components.progress),
      percent(r.components.onSchedule),
      percent(r.components.speed),
      percent(r.components.financing),
      r.projects,
      r.byStage.selection,
      r.byStage['contractor-determination'],
      r.byStage.implementation,
      r.value,
      r.published,
      r.onSchedule,
      r.medianDays,
      r.meanDays,
      r.financingApproved.count,
      r.kos.ready,
      r.kos.underRevision,
      r.inquiries,
    ]),
  );

const sectorName = (sector: Sector, lang: Lang): string => SECTORS[sector]?.name[lang] ?? sector;

/** `overdue.csv`: one page of overdue projects with the responsible akimat and official. */
export const overdueCsv = (view: OverdueView, lang: Lang): string =>
  toCsv(
    header(lang, ['project', 'region', 'kato', 'sector', 'title', 'value', 'approvalDate', 'plannedDate', 'daysOverdue', 'akimat', 'official', 'position']),
    view.items.map((p) => [
      p.projectId,
      p.region[lang],
      p.kato,
      sectorName(p.sector, lang),
      p.title[lang],
      p.value,
      p.approvalDate,
      p.plannedPublicationDate,
      p.daysOverdue,
      p.akimat[lang],
      p.official.name,
      p.official.position,
    ]),
  );

type KpiScope = Omit<KpiView['regions'][number], 'kato' | 'iso' | 'name'>;

const kpiRow = (name: string, kato: string, k: KpiScope): CsvCell[] => [
  name,
  kato,
  k.plannedToDate,
  k.publishedToDate,
  k.onSchedule,
  k.behind,
  percent(k.execution),
  k.plannedTotal,
];

/** `kpi.csv`: publications against the schedule, the nation then each region. */
export const kpiCsv = (view: KpiView, lang: Lang): string =>
  toCsv(
    header(lang, ['region', 'kato', 'plannedToDate', 'publishedToDate', 'onSchedule', 'behind', 'execution', 'plannedTotal']),
    [kpiRow(NATION[lang], '', view.national), ...view.regions.map((r) => kpiRow(r.name[lang], r.kato, r))],
  );
