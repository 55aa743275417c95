/** Pieces shared by the public summary and the ministry dashboard: figures, rating bands, the stage pipeline. */
import { RATING_METHOD } from '../../../shared/domain/rating.js';
import { compactMoney, count, date, money, percent } from '../format.js';
import { useI18n, type MessageKey } from '../i18n/index.js';
import type { Band } from '../types.js';
import { BAND_COLORS, STAGE_COLORS, StackedBars } from './charts.js';

export const STAGES = ['selection', 'contractor-determination', 'implementation', 'completed'] as const;

export interface Tile {
  readonly key: string;
  readonly label: string;
  readonly value: string;
  readonly note?: string;
  /** The exact figure when `value` is rounded (a compact amount): shown on hover and given to the tile's note. */
  readonly full?: string;
}

export const Tiles = ({ tiles }: { tiles: readonly Tile[] }) => (
  <ul class="kpis" data-testid="tiles">
    {tiles.map((tile) => (
      <li class="kpi" key={tile.key} data-tile={tile.key}>
        <span class="kpi-value" title={tile.full}>
          {tile.value}
        </span>
        <span class="kpi-label">{tile.label}</span>
        {tile.note && <span class="hint">{tile.note}</span>}
      </li>
    ))}
  </ul>
);

/** A band as colour and words (never colour alone). */
export const BandPill = ({ band, score }: { band: Band; score?: number }) => {
  const { t, lang } = useI18n();
  return (
    <span class={`pill pill-${band}`} data-band={band}>
      <span aria-hidden="true" style={{ color: BAND_COLORS[band] }}>
        ●{' '}
      </span>
      {t(`band.${band}` as MessageKey)}
      {score !== undefined && ` · ${count(score, lang)}`}
    </span>
  );
};

/** The thresholds of the bands, as the rating method publishes them. */
export const Thresholds = () => {
  const { t } = useI18n();
  const { green, amber } = RATING_METHOD.thresholds;
  return (
    <p class="hint" data-testid="thresholds">
      {t('rating.thresholds', { green, amber })}
    </p>
  );
};

export const RatingMethod = () => {
  const { t, lang } = useI18n();
  const w = RATING_METHOD.weights;
  return (
    <details class="method">
      <summary>{t('rating.method')}</summary>
      <p>
        {t('rating.formula', {
          progress: percent(w.progress, lang),
          onSchedule: percent(w.onSchedule, lang),
          speed: percent(w.speed, lang),
          financing: percent(w.financing, lang),
          best: RATING_METHOD.speedDays.best,
          worst: RATING_METHOD.speedDays.worst,
        })}
      </p>
    </details>
  );
};

export const StagePipeline = ({ rows }: { rows: readonly { label: string; byStage: Record<string, number> }[] }) => {
  const { t, lang } = useI18n();
  return (
    <StackedBars
      id="stages"
      title={t('chart.stages.title')}
      desc={t('chart.stages.desc')}
      // The legend carries the first row's counts (the nation's): readable where the chart is small.
      segments={STAGES.map((s) => ({
        key: s,
        label: `${t(`stage.${s}` as MessageKey)}: ${count(rows[0]?.byStage[s] ?? 0, lang)}`,
        color: STAGE_COLORS[s]!,
      }))}
      rows={rows.map((r) => ({ label: r.label, values: r.byStage }))}
      format={(n) => count(n, lang)}
      normalize
    />
  );
};

export const AsOf = ({ asOf, updatedAt }: { asOf: string; updatedAt?: string | undefined }) => {
  const { t, lang } = useI18n();
  return (
    <p class="hint" data-testid="as-of">
      {t('monitoring.asOf', { date: date(asOf, lang) })}
      {updatedAt ? ` · ${t('monitoring.updated', { at: new Date(updatedAt).toISOString().slice(0, 10) === asOf ? date(asOf, lang) : date(updatedAt, lang) })}` : ''}
    </p>
  );
};

export const share = (value: number | null | undefined, lang: Parameters<typeof percent>[1]): string =>
  value === null || value === undefined ? '—' : percent(value, lang);

export const days = (value: number | null | undefined, lang: Parameters<typeof count>[1], t: (k: MessageKey, p?: Record<string, string | number>) => string): string =>
  value === null || value === undefined ? '—' : t('monitoring.days', { n: count(value, lang) });

export { money };

/** The figure card of an amount: compact on the card ("974 млрд ₸"), exact beneath it and on hover. */
export const moneyTile = (key: string, label: string, amount: string, lang: Parameters<typeof money>[1]): Tile => {
  const full = money(amount, lang);
  const value = compactMoney(amount, lang);
  return value === full ? { key, label, value } : { key, label, value, full, note: full };
};
