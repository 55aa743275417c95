/**
 * `/ministry/implementation`: the implementation of the contracts, nationally and per region (contracts signed, their
 * value, physical progress weighted by value, paid against contracted), with charts, and the milestones overdue now,
 * named with the responsible akimat and official. Every figure comes from `GET /monitoring/implementation` (21 items)
 * and one page of `GET /monitoring/implementation/overdue`.
 */
import { api, download } from '../api.js';
import { HBarChart } from '../components/charts.js';
import { ErrorMessage, Loading, useAction, useLoad } from '../components/ui.js';
import { date, money } from '../format.js';
import { useI18n } from '../i18n/index.js';
import { Link } from '../router.js';
import type { ImplementationView, OverdueMilestonesView } from '../types.js';

const pct = (n: number | null): string => (n === null ? '—' : `${n.toFixed(1)} %`);

export const MinistryImplementationPage = () => {
  const { t, lang } = useI18n();
  const view = useLoad(() => api<ImplementationView>('/monitoring/implementation'), []);
  const overdue = useLoad(() => api<OverdueMilestonesView>('/monitoring/implementation/overdue'), []);
  const csv = useAction(() => download('/monitoring/implementation.csv', 'mex-implementation.csv', { lang }));
  const overdueCsv = useAction(() => download('/monitoring/implementation/overdue.csv', 'mex-implementation-overdue.csv', { lang }));
  const regions = view.data?.regions.filter((r) => r.contractsSigned > 0) ?? [];
  return (
    <section>
      <h1 tabIndex={-1}>{t('implementation.title')}</h1>
      {view.loading && <Loading />}
      <ErrorMessage error={view.error} />
      {view.data && (
        <>
          <dl class="card-facts" data-testid="implementation-national">
            <div>
              <dt>{t('implementation.signed')}</dt>
              <dd data-figure="signed">{view.data.national.contractsSigned}</dd>
            </div>
            <div>
              <dt>{t('implementation.value')}</dt>
              <dd data-figure="value">{money(view.data.national.contractedValue, lang)}</dd>
            </div>
            <div>
              <dt>{t('implementation.progress')}</dt>
              <dd data-figure="progress">{pct(view.data.national.weightedProgress)}</dd>
            </div>
            <div>
              <dt>{t('implementation.paid')}</dt>
              <dd data-figure="paid">
                {money(view.data.national.paidAmount, lang)} ({pct(view.data.national.paidShare)})
              </dd>
            </div>
            <div>
              <dt>{t('implementation.overdue')}</dt>
              <dd data-figure="overdue">{view.data.national.overdueMilestones}</dd>
            </div>
          </dl>
          <table data-testid="implementation-regions">
            <caption>{t('implementation.regions.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('implementation.region')}</th>
                <th scope="col">{t('implementation.signed')}</th>
                <th scope="col">{t('implementation.value')}</th>
                <th scope="col">{t('implementation.progress')}</th>
                <th scope="col">{t('implementation.paid')}</th>
                <th scope="col">{t('implementation.paidShare')}</th>
                <th scope="col">{t('implementation.overdue')}</th>
              </tr>
            </thead>
            <tbody>
              {view.data.regions.map((r) => (
                <tr key={r.kato} data-kato={r.kato}>
                  <th scope="row">{r.name[lang]}</th>
                  <td>{r.contractsSigned}</td>
                  <td>{money(r.contractedValue, lang)}</td>
                  <td>{pct(r.weightedProgress)}</td>
                  <td>{money(r.paidAmount, lang)}</td>
                  <td>{pct(r.paidShare)}</td>
                  <td>{r.overdueMilestones}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h2>{t('implementation.chart.progress.title')}</h2>
          <HBarChart
            id="implementation-progress"
            title={t('implementation.chart.progress.title')}
            desc={t('implementation.chart.progress.desc')}
            max={100}
            rows={regions
              .map((r) => ({ label: r.name[lang], value: r.weightedProgress ?? 0, display: pct(r.weightedProgress) }))
              .sort((a, b) => b.value - a.value)}
          />
          <h2>{t('implementation.chart.paid.title')}</h2>
          <HBarChart
            id="implementation-paid"
            title={t('implementation.chart.paid.title')}
            desc={t('implementation.chart.paid.desc')}
            max={100}
            color="#2f6b3a"
            rows={regions.map((r) => ({ label: r.name[lang], value: r.paidShare ?? 0, display: pct(r.paidShare) })).sort((a, b) => b.value - a.value)}
          />
          <p>
            <button type="button" class="button button-secondary" disabled={csv.busy} onClick={() => void csv.run()}>
              {t('implementation.csv')}
            </button>
          </p>
        </>
      )}
      <h2>{t('implementation.overdue.title')}</h2>
      <ErrorMessage error={overdue.error} />
      {overdue.data && overdue.data.items.length === 0 && <p>{t('implementation.overdue.none')}</p>}
      {overdue.data && overdue.data.items.length > 0 && (
        <>
          <table data-testid="implementation-overdue">
            <caption>{t('implementation.overdue.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('implementation.overdue.contract')}</th>
                <th scope="col">{t('implementation.overdue.milestone')}</th>
                <th scope="col">{t('implementation.overdue.due')}</th>
                <th scope="col">{t('implementation.overdue.days')}</th>
                <th scope="col">{t('implementation.overdue.akimat')}</th>
                <th scope="col">{t('implementation.overdue.official')}</th>
              </tr>
            </thead>
            <tbody>
              {overdue.data.items.map((m) => (
                <tr key={`${m.contractId}-${m.milestoneId}`} data-contract={m.contractId}>
                  <td>
                    <Link href={`/contracts/${m.contractId}`}>{m.contractTitle}</Link>
                  </td>
                  <td>{m.title}</td>
                  <td>{date(m.dueDate, lang)}</td>
                  <td>{m.daysOverdue}</td>
                  <td>{m.akimat}</td>
                  <td>{m.official}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p>
            <button type="button" class="button button-secondary" disabled={overdueCsv.busy} onClick={() => void overdueCsv.run()}>
              {t('implementation.overdue.csv')}
            </button>
          </p>
        </>
      )}
    </section>
  );
};
