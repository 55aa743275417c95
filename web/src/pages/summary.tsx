/** The public summary of the МЭКС programme (GET /public/summary): figures, stage pipeline, the regions' rating. */
import { api } from '../api.js';
import { AsOf, BandPill, RatingMethod, StagePipeline, Thresholds, Tiles, days, moneyTile, share } from '../components/monitoring.js';
import { ErrorMessage, Loading, useLoad } from '../components/ui.js';
import { count, money } from '../format.js';
import { useI18n } from '../i18n/index.js';
import type { PublicSummary } from '../types.js';

export const SummaryPage = () => {
  const { t, lang } = useI18n();
  const summary = useLoad(() => api<PublicSummary>('/public/summary'), []);
  const s = summary.data;
  const n = s?.national;
  return (
    <section aria-labelledby="summary-title">
      <h1 id="summary-title" tabIndex={-1}>
        {t('summary.title')}
      </h1>
      <p class="lead">{t('summary.lead')}</p>
      {summary.loading && !s && <Loading />}
      {summary.error !== undefined && <p class="empty">{t('summary.unavailable')}</p>}
      <ErrorMessage error={summary.error} />
      {s && n && (
        <>
          <AsOf asOf={s.asOf} updatedAt={s.updatedAt} />
          <h2>{t('monitoring.figures')}</h2>
          <Tiles
            tiles={[
              { key: 'projects', label: t('monitoring.projects'), value: count(n.projects.total, lang) },
              moneyTile('value', t('monitoring.value'), n.value.total, lang),
              ...(n.financing
                ? [{ key: 'financing', label: t('monitoring.financingApproved'), value: count(n.financing.approved.count, lang), note: money(n.financing.approved.amount, lang) }]
                : []),
              ...(n.kos
                ? [{ key: 'kos', label: t('monitoring.kosReady'), value: count(n.kos.ready, lang), note: t('monitoring.kosRevision', { n: count(n.kos.underRevision, lang) }) }]
                : []),
              ...(n.publication
                ? [
                    { key: 'published', label: t('monitoring.published'), value: count(n.publication.published, lang), note: t('monitoring.onScheduleShare', { share: share(n.publication.onScheduleShare, lang) }) },
                    { key: 'speed', label: t('monitoring.medianDays'), value: days(n.publication.medianDays, lang, t) },
                  ]
                : []),
              ...(n.contractors ? [{ key: 'contractors', label: t('monitoring.contractors'), value: count(n.contractors.verified, lang), note: t('monitoring.registered', { n: count(n.contractors.registered, lang) }) }] : []),
              ...(n.inquiries ? [{ key: 'inquiries', label: t('monitoring.inquiries'), value: count(n.inquiries.total, lang), note: t('monitoring.answered', { n: count(n.inquiries.answered, lang) }) }] : []),
            ]}
          />
          <section class="panel" aria-labelledby="summary-stages">
            <h2 id="summary-stages">{t('chart.stages.title')}</h2>
            <StagePipeline rows={[{ label: t('monitoring.allRegions'), byStage: n.projects.byStage }]} />
          </section>
          <section class="panel" aria-labelledby="summary-rating">
            <h2 id="summary-rating">{t('rating.title')}</h2>
            <Thresholds />
            <RatingMethod />
            <ol class="rating-list" data-testid="public-rating">
              {[...s.regions]
                .sort((a, b) => a.rating.rank - b.rating.rank)
                .map((r) => (
                  <li key={r.kato} data-kato={r.kato}>
                    <span class="rating-rank">{r.rating.rank}</span>
                    <span class="rating-name">{r.name[lang]}</span>
                    <BandPill band={r.rating.band} score={r.rating.score} />
                    <span class="hint">
                      {t('monitoring.projectsN', { n: count(r.projects.total, lang) })} · {money(r.value, lang)}
                    </span>
                  </li>
                ))}
            </ol>
          </section>
        </>
      )}
    </section>
  );
};
