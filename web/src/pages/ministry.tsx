/**
 * The ministry's dashboard: headline figures, the regions' readiness rating with its thresholds, charts (publication
 * speed, stage pipeline, financing routes, publications against the schedule), overdue projects, the KPI report, and
 * each view as a CSV download (fetched with the bearer token, saved from a blob).
 */
import { useState } from 'preact/hooks';
import { api, download } from '../api.js';
import { HBarChart, LineChart, ROUTE_COLORS, StackedBars } from '../components/charts.js';
import { AsOf, BandPill, RatingMethod, STAGES, StagePipeline, Thresholds, Tiles, days, moneyTile, share } from '../components/monitoring.js';
import { ErrorMessage, Loading, Notice, useAction, useLoad } from '../components/ui.js';
import { count, date, money, percent } from '../format.js';
import { useI18n, type MessageKey } from '../i18n/index.js';
import { sectorName } from '../reference.js';
import type { KpiView, OverdueItem, OverdueView, RegionsView, SummaryView } from '../types.js';

const ROUTES = ['development-bank', 'housing-company', 'budget'] as const;
const FINANCING_STATUSES = ['approved', 'under-review', 'not-requested'] as const;

const CsvButtons = () => {
  const { t, lang } = useI18n();
  const [saved, setSaved] = useState<string>();
  const save = useAction(async (view: 'summary' | 'regions' | 'overdue' | 'kpi') => {
    setSaved(await download(`/monitoring/${view}.csv`, `mex-${view}.csv`, { lang }));
  });
  return (
    <section class="panel" aria-labelledby="csv-title">
      <h2 id="csv-title">{t('csv.title')}</h2>
      <p class="hint">{t('csv.hint')}</p>
      <div class="downloads">
        {(['summary', 'regions', 'overdue', 'kpi'] as const).map((view) => (
          <button key={view} type="button" class="button button-secondary" data-csv={view} disabled={save.busy} onClick={() => void save.run(view)}>
            {t(`csv.${view}` as MessageKey)}
          </button>
        ))}
      </div>
      {saved && <Notice>{t('csv.saved', { name: saved })}</Notice>}
      <ErrorMessage error={save.error} />
    </section>
  );
};

const RatingTable = ({ view }: { view: RegionsView }) => {
  const { t, lang } = useI18n();
  return (
    <section class="panel" aria-labelledby="rating-title">
      <h2 id="rating-title">{t('rating.title')}</h2>
      <Thresholds />
      <RatingMethod />
      <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="rating-title">
        <table data-testid="rating">
          <caption class="visually-hidden">{t('rating.title')}</caption>
          <thead>
            <tr>
              <th scope="col" class="num">{t('rating.rank')}</th>
              <th scope="col">{t('search.region')}</th>
              <th scope="col">{t('rating.score')}</th>
              <th scope="col" class="num">{t('monitoring.projects')}</th>
              <th scope="col" class="num">{t('monitoring.published')}</th>
              <th scope="col" class="num">{t('rating.onSchedule')}</th>
              <th scope="col" class="num">{t('rating.meanDays')}</th>
              <th scope="col" class="num">{t('monitoring.financingApproved')}</th>
            </tr>
          </thead>
          <tbody>
            {view.regions.map((r) => (
              <tr key={r.kato} data-kato={r.kato} data-band={r.band}>
                <td class="num">{r.rank}</td>
                <th scope="row">{r.name[lang]}</th>
                <td>
                  <BandPill band={r.band} score={r.score} />
                </td>
                <td class="num">{count(r.projects, lang)}</td>
                <td class="num">{count(r.published, lang)}</td>
                <td class="num">{share(r.onScheduleShare, lang)}</td>
                <td class="num">{days(r.meanDays, lang, t)}</td>
                <td class="num">{count(r.financingApproved.count, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
};

const Charts = ({ summary, regions, kpi }: { summary: SummaryView; regions: RegionsView; kpi: KpiView }) => {
  const { t, lang } = useI18n();
  const speed = regions.regions
    .filter((r) => r.meanDays !== null)
    .sort((a, b) => (a.meanDays ?? 0) - (b.meanDays ?? 0))
    .map((r) => ({ label: r.name[lang], value: r.meanDays ?? 0, display: days(r.meanDays, lang, t) }));
  const best = regions.method.speedDays?.best ?? 60;
  const worst = regions.method.speedDays?.worst ?? 240;
  const byRoute = summary.national.financing.byRoute;
  return (
    <div class="charts">
      <section class="panel chart" aria-labelledby="chart-speed">
        <h2 id="chart-speed">{t('chart.speed.title')}</h2>
        {speed.length ? (
          <HBarChart
            id="speed"
            title={t('chart.speed.title')}
            desc={t('chart.speed.desc', { best, worst })}
            rows={speed}
            reference={[
              { value: best, label: t('monitoring.days', { n: best }) },
              { value: worst, label: t('monitoring.days', { n: worst }) },
            ]}
          />
        ) : (
          <p class="empty">{t('chart.speed.none')}</p>
        )}
      </section>
      <section class="panel chart" aria-labelledby="chart-stages">
        <h2 id="chart-stages">{t('chart.stages.title')}</h2>
        <StagePipeline
          rows={[
            { label: t('monitoring.allRegions'), byStage: summary.national.projects.byStage },
            ...summary.regions
              .filter((r) => r.projects.total > 0)
              .sort((a, b) => b.projects.total - a.projects.total)
              .map((r) => ({ label: r.name[lang], byStage: r.projects.byStage })),
          ]}
        />
      </section>
      <section class="panel chart" aria-labelledby="chart-financing">
        <h2 id="chart-financing">{t('chart.financing.title')}</h2>
        <StackedBars
          id="financing"
          title={t('chart.financing.title')}
          desc={t('chart.financing.desc')}
          segments={FINANCING_STATUSES.map((s) => ({ key: s, label: t(`financing.status.${s}` as MessageKey), color: ROUTE_COLORS[s]! }))}
          rows={ROUTES.map((route) => ({
            label: t(`financing.route.${route}` as MessageKey),
            values: Object.fromEntries(FINANCING_STATUSES.map((s) => [s, byRoute[route]?.[s]?.count ?? 0])),
          }))}
          format={(n) => count(n, lang)}
        />
        <ul class="plain-list" data-testid="financing-amounts">
          {ROUTES.map((route) => (
            <li key={route}>
              {t(`financing.route.${route}` as MessageKey)}: {t('chart.financing.approvedAmount', { amount: money(byRoute[route]?.approved?.amount ?? '0', lang), n: count(byRoute[route]?.approved?.count ?? 0, lang) })}
            </li>
          ))}
        </ul>
      </section>
      <section class="panel chart" aria-labelledby="chart-schedule">
        <h2 id="chart-schedule">{t('chart.schedule.title')}</h2>
        <LineChart
          id="schedule"
          title={t('chart.schedule.title')}
          desc={t('chart.schedule.desc')}
          labels={kpi.national.months.map((m) => m.month)}
          series={[
            { key: 'planned', label: t('kpi.planned'), color: '#5f7285', dashed: true, values: kpi.national.months.map((m) => m.plannedCumulative) },
            { key: 'published', label: t('kpi.published'), color: '#0b4f8a', values: kpi.national.months.map((m) => m.publishedCumulative) },
          ]}
        />
      </section>
    </div>
  );
};

const OverdueSection = () => {
  const { t, lang } = useI18n();
  const [items, setItems] = useState<OverdueItem[]>([]);
  const [cursor, setCursor] = useState<string>();
  const first = useLoad(async () => {
    const page = await api<OverdueView>('/monitoring/overdue');
    setItems([...page.items]);
    setCursor(page.cursor);
    return page;
  }, []);
  const more = useAction(async () => {
    const page = await api<OverdueView>('/monitoring/overdue', { query: { cursor } });
    setItems((current) => [...current, ...page.items]);
    setCursor(page.cursor);
  });
  return (
    <section class="panel" aria-labelledby="overdue-title">
      <h2 id="overdue-title">{t('overdue.title')}</h2>
      <p class="hint">{t('overdue.hint')}</p>
      {first.loading && !first.data && <Loading />}
      <ErrorMessage error={first.error ?? more.error} />
      {first.data && items.length === 0 && <p class="empty">{t('overdue.none')}</p>}
      {items.length > 0 && (
        <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="overdue-title">
          <table data-testid="overdue">
            <caption class="visually-hidden">{t('overdue.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('newCompetition.project')}</th>
                <th scope="col">{t('search.region')}</th>
                <th scope="col">{t('search.sector')}</th>
                <th scope="col">{t('overdue.planned')}</th>
                <th scope="col" class="num">{t('overdue.days')}</th>
                <th scope="col" class="num">{t('competition.value')}</th>
                <th scope="col">{t('overdue.responsible')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((p) => (
                <tr key={p.projectId} data-project={p.projectId}>
                  <th scope="row">{p.title[lang]}</th>
                  <td>{p.region[lang]}</td>
                  <td>{sectorName(p.sector, lang)}</td>
                  <td>{date(p.plannedPublicationDate, lang)}</td>
                  <td class="num">{count(p.daysOverdue, lang)}</td>
                  <td class="num">{money(p.value, lang)}</td>
                  <td>
                    {p.akimat[lang]}
                    <br />
                    {/* The official's name and position are data (as the import gives them), not interface text. */}
                    <span class="official">
                      {p.official.name}, {p.official.position}
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {cursor && (
        <button type="button" class="button button-secondary" disabled={more.busy} onClick={() => void more.run()}>
          {t('search.more')}
        </button>
      )}
    </section>
  );
};

const KpiSection = ({ kpi }: { kpi: KpiView }) => {
  const { t, lang } = useI18n();
  const execution = (v: number | null) => (v === null ? '—' : percent(v, lang));
  return (
    <section class="panel" aria-labelledby="kpi-title">
      <h2 id="kpi-title">{t('kpi.title')}</h2>
      <p class="hint">{t('kpi.hint', { month: kpi.month })}</p>
      <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="kpi-title">
        <table data-testid="kpi">
          <caption class="visually-hidden">{t('kpi.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('search.region')}</th>
              <th scope="col" class="num">{t('kpi.plannedToDate')}</th>
              <th scope="col" class="num">{t('kpi.publishedToDate')}</th>
              <th scope="col" class="num">{t('kpi.onSchedule')}</th>
              <th scope="col" class="num">{t('kpi.behind')}</th>
              <th scope="col" class="num">{t('kpi.execution')}</th>
            </tr>
          </thead>
          <tbody>
            <tr class="total" data-kato="KZ">
              <th scope="row">{t('monitoring.allRegions')}</th>
              <td class="num">{count(kpi.national.plannedToDate, lang)}</td>
              <td class="num">{count(kpi.national.publishedToDate, lang)}</td>
              <td class="num">{count(kpi.national.onSchedule, lang)}</td>
              <td class="num">{count(kpi.national.behind, lang)}</td>
              <td class="num">{execution(kpi.national.execution)}</td>
            </tr>
            {[...kpi.regions]
              .sort((a, b) => b.behind - a.behind)
              .map((r) => (
                <tr key={r.kato} data-kato={r.kato}>
                  <th scope="row">{r.name[lang]}</th>
                  <td class="num">{count(r.plannedToDate, lang)}</td>
                  <td class="num">{count(r.publishedToDate, lang)}</td>
                  <td class="num">{count(r.onSchedule, lang)}</td>
                  <td class="num">{count(r.behind, lang)}</td>
                  <td class="num">{execution(r.execution)}</td>
                </tr>
              ))}
          </tbody>
        </table>
      </div>
    </section>
  );
};

export const MinistryPage = () => {
  const { t, lang } = useI18n();
  const data = useLoad(
    async () => {
      const [summary, regions, kpi] = await Promise.all([
        api<SummaryView>('/monitoring/summary'),
        api<RegionsView>('/monitoring/regions'),
        api<KpiView>('/monitoring/kpi'),
      ]);
      return { summary, regions, kpi };
    },
    [],
  );
  const d = data.data;
  const n = d?.summary.national;
  return (
    <section aria-labelledby="ministry-title">
      <h1 id="ministry-title" tabIndex={-1}>
        {t('ministry.title')}
      </h1>
      <p class="lead">{t('ministry.lead')}</p>
      {data.loading && !d && <Loading />}
      <ErrorMessage error={data.error} />
      {d && n && (
        <>
          <AsOf asOf={d.summary.asOf} updatedAt={d.summary.updatedAt} />
          <h2>{t('monitoring.figures')}</h2>
          <Tiles
            tiles={[
              { key: 'projects', label: t('monitoring.projects'), value: count(n.projects.total, lang), note: STAGES.map((s) => `${t(`stage.${s}` as MessageKey)}: ${count(n.projects.byStage[s] ?? 0, lang)}`).join(' · ') },
              moneyTile('value', t('monitoring.value'), n.value.total, lang),
              { key: 'financing', label: t('monitoring.financingApproved'), value: count(n.financing.approved.count, lang), note: money(n.financing.approved.amount, lang) },
              { key: 'kos', label: t('monitoring.kosReady'), value: count(n.kos.ready, lang), note: t('monitoring.kosRevision', { n: count(n.kos.underRevision, lang) }) },
              { key: 'published', label: t('monitoring.published'), value: count(n.publication.published, lang), note: t('monitoring.onScheduleShare', { share: share(n.publication.onScheduleShare, lang) }) },
              { key: 'speed', label: t('monitoring.medianDays'), value: days(n.publication.medianDays, lang, t) },
              { key: 'contractors', label: t('monitoring.contractors'), value: count(n.contractors.verified, lang), note: t('monitoring.registered', { n: count(n.contractors.registered, lang) }) },
              { key: 'inquiries', label: t('monitoring.inquiries'), value: count(n.inquiries.total, lang) },
            ]}
          />
          <RatingTable view={d.regions} />
          <Charts summary={d.summary} regions={d.regions} kpi={d.kpi} />
          <OverdueSection />
          <KpiSection kpi={d.kpi} />
          <CsvButtons />
        </>
      )}
    </section>
  );
};
