/**
 * `/ministry/red-flags`: the red flags of competitions (after prozorro-risks). A chart of how many competitions carry
 * each flag, nationally or in the chosen region, and the regions' table (`GET /monitoring/red-flags/summary`, 21
 * items); below, the flagged competitions themselves, filtered by region and flag, a page at a time, each with why
 * (`GET /monitoring/red-flags?region=&flag=&cursor=`).
 */
import { useState } from 'preact/hooks';
import { RED_FLAGS, type RedFlagName } from '../../../shared/domain/red-flags.js';
import { api } from '../api.js';
import { HBarChart } from '../components/charts.js';
import { ErrorMessage, Loading, useLoad, PagedListEnd, usePagedList } from '../components/ui.js';
import { date, money } from '../format.js';
import { useI18n, type MessageKey } from '../i18n/index.js';
import { sortedRegions } from '../reference.js';
import { Link } from '../router.js';
import type { RedFlagSummaryView, RedFlagsView } from '../types.js';

const FLAGS = RED_FLAGS;
type Flag = RedFlagName;
type Item = RedFlagsView['items'][number];

export const MinistryRedFlagsPage = () => {
  const { t, lang } = useI18n();
  const summary = useLoad(() => api<RedFlagSummaryView>('/monitoring/red-flags/summary'), []);
  const [region, setRegion] = useState('');
  const [flag, setFlag] = useState<Flag | ''>('');
  const list = usePagedList<Item>(
    (cursor) => api<RedFlagsView>('/monitoring/red-flags', { query: { region: region || undefined, flag: flag || undefined, limit: '25', cursor } }),
    [region, flag],
  );
  const { items, loading, error } = list;

  const scope = summary.data && (region ? summary.data.regions.find((r) => r.kato === region) : summary.data.national);
  const scopeName = region ? (summary.data?.regions.find((r) => r.kato === region)?.name[lang] ?? region) : t('redFlags.nation');
  const flaggedRegions = summary.data?.regions.filter((r) => r.total > 0).sort((a, b) => b.total - a.total) ?? [];
  const flagName = (f: Flag) => t(`financing.flag.${f}` as MessageKey);

  return (
    <section>
      <h1 tabIndex={-1}>{t('financing.flags.title')}</h1>
      <p class="lead">{t('redFlags.lead')}</p>
      <div class="filters filters-inline">
        <div class="field">
          <label for="red-flags-region">{t('redFlags.region')}</label>
          <select id="red-flags-region" value={region} onChange={(e) => setRegion((e.currentTarget as HTMLSelectElement).value)}>
            <option value="">{t('redFlags.nation')}</option>
            {sortedRegions(lang).map((r) => (
              <option key={r.kato} value={r.kato}>
                {r.name[lang]}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="red-flags-flag">{t('redFlags.flag')}</label>
          <select id="red-flags-flag" value={flag} onChange={(e) => setFlag((e.currentTarget as HTMLSelectElement).value as Flag | '')}>
            <option value="">{t('redFlags.anyFlag')}</option>
            {FLAGS.map((f) => (
              <option key={f} value={f}>
                {flagName(f)}
              </option>
            ))}
          </select>
        </div>
      </div>
      {summary.loading && <Loading />}
      <ErrorMessage error={summary.error} />
      {scope && (
        <>
          <h2>{t('redFlags.chart.title', { scope: scopeName })}</h2>
          <p data-testid="red-flags-total">{t('redFlags.total', { count: scope.total })}</p>
          <HBarChart
            id="red-flags-by-flag"
            title={t('redFlags.chart.title', { scope: scopeName })}
            desc={t('redFlags.chart.desc')}
            rows={FLAGS.map((f) => ({ label: flagName(f), value: scope.byFlag[f], display: String(scope.byFlag[f]) }))}
          />
        </>
      )}
      {!region && flaggedRegions.length > 0 && (
        <table data-testid="red-flags-regions">
          <caption>{t('redFlags.regions.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('redFlags.region')}</th>
              <th scope="col">{t('redFlags.regions.total')}</th>
              {FLAGS.map((f) => (
                <th key={f} scope="col">
                  {flagName(f)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {flaggedRegions.map((r) => (
              <tr key={r.kato} data-kato={r.kato}>
                <th scope="row">{r.name[lang]}</th>
                <td>{r.total}</td>
                {FLAGS.map((f) => (
                  <td key={f}>{r.byFlag[f]}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>{t('redFlags.list.title')}</h2>
      <ErrorMessage error={error} />
      {!loading && !error && items.length === 0 && <p class="empty">{t('financing.flags.none')}</p>}
      <ul class="cards" data-testid="red-flag-list">
        {items.map((f) => (
          <li key={`${f.competitionId}-${f.flag}`} class="card" data-flag={f.flag} data-competition={f.competitionId} data-kato={f.kato}>
            <p class="card-title">
              <Link href={`/competitions/${encodeURIComponent(f.competitionId)}`}>{f.title}</Link>
            </p>
            <p>
              <strong>{flagName(f.flag)}</strong> · {date(f.at, lang)}
            </p>
            <p lang="en">{f.why}</p>
            <p>
              {t('redFlags.estimate')}: {money(f.estimatedValue, lang)}
              {f.price && (
                <>
                  {' '}
                  · {t('redFlags.price')}: {money(f.price, lang)}
                </>
              )}
              {f.winnerBin && (
                <>
                  {' '}
                  · {t('redFlags.winner')}: {f.winnerBin}
                </>
              )}
            </p>
          </li>
        ))}
      </ul>
      <PagedListEnd list={list} />
    </section>
  );
};
