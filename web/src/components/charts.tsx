/**
 * Plain SVG charts (no chart library): horizontal bars, stacked bars and a cumulative line chart. Each is an image
 * with a title and a description for assistive technology; the numbers are also in the tables beside them.
 */
import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';

const INK = '#1b1f24';
const MUTED = '#4a5560';
const GRID = '#c9d1d9';

/** Labels longer than the label column are cut; the full names are in the legend or the table beside the chart. */
const clip = (label: string): string => (label.length > 29 ? `${label.slice(0, 28)}…` : label);

const useIds = (prefix: string) => {
  const id = useId();
  return { title: `${prefix}-${id}-title`, desc: `${prefix}-${id}-desc` };
};

const Frame = ({ id, title, desc, width, height, children }: { id: string; title: string; desc: string; width: number; height: number; children: ComponentChildren }) => {
  const ids = useIds(id);
  return (
    <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${ids.title} ${ids.desc}`} data-chart={id} preserveAspectRatio="xMinYMin meet">
      <title id={ids.title}>{title}</title>
      <desc id={ids.desc}>{desc}</desc>
      {children}
    </svg>
  );
};

export interface BarRow {
  readonly label: string;
  readonly value: number;
  readonly display: string;
  readonly color?: string;
}

/** One horizontal bar per row, with optional vertical reference lines (thresholds). */
export const HBarChart = ({
  id,
  title,
  desc,
  rows,
  max,
  reference = [],
  color = '#0b4f8a',
}: {
  id: string;
  title: string;
  desc: string;
  rows: readonly BarRow[];
  max?: number;
  reference?: readonly { value: number; label: string }[];
  color?: string;
}) => {
  const width = 640;
  const labelWidth = 230;
  const valueWidth = 90;
  const barHeight = 18;
  const gap = 8;
  const top = reference.length ? 22 : 6;
  const height = top + rows.length * (barHeight + gap) + 6;
  const top_ = Math.max(max ?? 0, ...rows.map((r) => r.value), ...reference.map((r) => r.value), 1);
  const plot = width - labelWidth - valueWidth;
  const x = (v: number) => labelWidth + (v / top_) * plot;
  return (
    <Frame id={id} title={title} desc={desc} width={width} height={height}>
      {reference.map((r) => (
        <g key={r.label}>
          <line x1={x(r.value)} x2={x(r.value)} y1={top - 4} y2={height - 4} stroke={MUTED} stroke-dasharray="4 3" />
          <text x={x(r.value)} y={12} font-size="11" fill={MUTED} text-anchor="middle">
            {r.label}
          </text>
        </g>
      ))}
      {rows.map((row, i) => {
        const y = top + i * (barHeight + gap);
        return (
          <g key={row.label}>
            <text x={labelWidth - 8} y={y + barHeight * 0.72} font-size="12" fill={INK} text-anchor="end">
              {clip(row.label)}
            </text>
            <rect x={labelWidth} y={y} width={Math.max(0, x(row.value) - labelWidth)} height={barHeight} fill={row.color ?? color} rx="2" />
            <text x={x(row.value) + 6} y={y + barHeight * 0.72} font-size="12" fill={INK}>
              {row.display}
            </text>
          </g>
        );
      })}
    </Frame>
  );
};

export interface Segment {
  readonly key: string;
  readonly label: string;
  readonly color: string;
}

/** One stacked horizontal bar per row; segment widths are shares of the row's total (or of `scale`). */
export const StackedBars = ({
  id,
  title,
  desc,
  segments,
  rows,
  format,
  normalize = false,
}: {
  id: string;
  title: string;
  desc: string;
  segments: readonly Segment[];
  rows: readonly { label: string; values: Readonly<Record<string, number>> }[];
  format: (n: number) => string;
  /** Each bar as 100 % of its own row (the mix), rather than on one scale (the sizes). */
  normalize?: boolean;
}) => {
  const width = 640;
  const labelWidth = 230;
  const totalWidth = 60;
  const barHeight = 20;
  const gap = 8;
  const height = rows.length * (barHeight + gap) + 4;
  const totalOf = (r: { values: Readonly<Record<string, number>> }) => segments.reduce((sum, s) => sum + Math.max(0, r.values[s.key] ?? 0), 0);
  const widest = Math.max(1, ...rows.map(totalOf));
  const plot = width - labelWidth - totalWidth;
  return (
    <figure class="chart">
      <Frame id={id} title={title} desc={desc} width={width} height={height}>
        {rows.map((row, i) => {
          const y = i * (barHeight + gap) + 2;
          let offset = labelWidth;
          const total = totalOf(row);
          const scale = normalize ? Math.max(1, total) : widest;
          return (
            <g key={row.label}>
              <text x={labelWidth - 8} y={y + barHeight * 0.72} font-size="12" fill={INK} text-anchor="end">
                {clip(row.label)}
              </text>
              {segments.map((s) => {
                const w = (Math.max(0, row.values[s.key] ?? 0) / scale) * plot;
                const rect = w > 0 ? <rect key={s.key} x={offset} y={y} width={w} height={barHeight} fill={s.color} stroke="#fff" stroke-width="1" /> : null;
                offset += w;
                return rect;
              })}
              <text x={offset + 6} y={y + barHeight * 0.72} font-size="12" fill={INK}>
                {format(total)}
              </text>
            </g>
          );
        })}
      </Frame>
      <Legend segments={segments} />
    </figure>
  );
};

export const Legend = ({ segments }: { segments: readonly Segment[] }) => (
  <ul class="legend">
    {segments.map((s) => (
      <li key={s.key}>
        <span class="swatch" style={{ background: s.color }} aria-hidden="true" />
        {s.label}
      </li>
    ))}
  </ul>
);

/** Cumulative series over months, e.g. planned against actual publications. */
export const LineChart = ({
  id,
  title,
  desc,
  labels,
  series,
}: {
  id: string;
  title: string;
  desc: string;
  labels: readonly string[];
  series: readonly { key: string; label: string; color: string; dashed?: boolean; values: readonly number[] }[];
}) => {
  const width = 640;
  const height = 240;
  const left = 44;
  const right = 32;
  const top = 10;
  const bottom = 34;
  const max = Math.max(1, ...series.flatMap((s) => s.values));
  const n = Math.max(1, labels.length - 1);
  const x = (i: number) => left + (i / n) * (width - left - right);
  const y = (v: number) => top + (1 - v / max) * (height - top - bottom);
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => Math.round(max * f));
  const every = Math.max(1, Math.ceil(labels.length / 8));
  return (
    <figure class="chart">
      <Frame id={id} title={title} desc={desc} width={width} height={height}>
        {ticks.map((t) => (
          <g key={t}>
            <line x1={left} x2={width - right} y1={y(t)} y2={y(t)} stroke={GRID} />
            <text x={left - 6} y={y(t) + 4} font-size="11" fill={MUTED} text-anchor="end">
              {t}
            </text>
          </g>
        ))}
        {labels.map((label, i) =>
          i % every === 0 || i === labels.length - 1 ? (
            <text key={label} x={x(i)} y={height - bottom + 16} font-size="11" fill={MUTED} text-anchor="middle">
              {label}
            </text>
          ) : null,
        )}
        {series.map((s) => (
          <polyline
            key={s.key}
            fill="none"
            stroke={s.color}
            stroke-width="2.5"
            stroke-dasharray={s.dashed ? '6 4' : undefined}
            points={s.values.map((v, i) => `${x(i)},${y(v)}`).join(' ')}
          />
        ))}
      </Frame>
      <Legend segments={series.map((s) => ({ key: s.key, label: s.label, color: s.color }))} />
    </figure>
  );
};

/** Colours of the project stages, distinguishable and at least 3:1 against white. */
export const STAGE_COLORS: Readonly<Record<string, string>> = {
  selection: '#5f7285',
  'contractor-determination': '#b36b00',
  implementation: '#0b4f8a',
  completed: '#2e7d32',
};

export const ROUTE_COLORS: Readonly<Record<string, string>> = {
  approved: '#2e7d32',
  'under-review': '#b36b00',
  'not-requested': '#5f7285',
};

export const BAND_COLORS: Readonly<Record<string, string>> = { green: '#2e7d32', amber: '#b36b00', red: '#b3261e' };
