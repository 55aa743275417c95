/**
 * The regions' readiness rating: one score from 0 to 100 per region, ranked, with green/amber/red bands in the manner
 * of the EU Single Market Scoreboard. The method is published with every rating ({@link RATING_METHOD}) so anyone can
 * recompute a region's score from its figures.
 *
 * score = 100 × (0.40 × progress + 0.25 × onSchedule + 0.15 × speed + 0.20 × financing), one decimal, where
 * - progress   = projects past selection (contractor determination, implementation, completed) / projects;
 * - onSchedule = competitions published on or before the planned date / competitions published;
 * - speed      = (240 − mean days from approval to publication) / (240 − 60), clamped to 0..1
 *                (60 days or faster scores 1, 240 days or slower 0);
 * - financing  = projects with approved financing / projects.
 * A region without projects, or without publications for the two publication terms, scores 0 on those terms.
 * Bands: green ≥ 60, amber ≥ 40, red below. Rank 1 is the highest score; equal scores share a rank.
 *
 * The mean (not the median) of the speed keeps the term additive, like the Scoreboard's decision-speed indicator.
 *
 * @module
 */
import type { Figures } from './stats.js';

export const RATING_METHOD = Object.freeze({
  formula: 'score = 100 × (0.40 × progress + 0.25 × onSchedule + 0.15 × speed + 0.20 × financing)',
  weights: Object.freeze({ progress: 0.4, onSchedule: 0.25, speed: 0.15, financing: 0.2 }),
  terms: Object.freeze({
    progress: 'projects past selection (contractor determination, implementation, completed) / projects',
    onSchedule: 'competitions published on or before the planned publication date / competitions published',
    speed: '(240 − mean days from approval to publication) / (240 − 60), clamped to 0..1',
    financing: 'projects with approved financing / projects',
  }),
  speedDays: Object.freeze({ best: 60, worst: 240 }),
  thresholds: Object.freeze({ green: 60, amber: 40 }),
});

export type Band = 'green' | 'amber' | 'red';

/** The counts a score is computed from; all additive, so they can be summed or subtracted across snapshots. */
export interface RatingInputs {
  /** Projects not cancelled. */
  readonly projects: number;
  readonly pastSelection: number;
  readonly published: number;
  readonly onSchedule: number;
  /** Sum over publications of the days from approval to publication. */
  readonly publicationDaysSum: number;
  readonly financingApproved: number;
}

export interface Rating {
  readonly score: number;
  readonly band: Band;
  /** Each term in 0..1 before weighting. */
  readonly components: { readonly progress: number; readonly onSchedule: number; readonly speed: number; readonly financing: number };
}

export interface RankedRating extends Rating {
  readonly rank: number;
}

/** The rating inputs of a scope's figures. */
export const ratingInputs = (figures: Figures): RatingInputs => {
  const stages = figures.projects.byStage;
  const published = figures.publication.published;
  return {
    projects: figures.projects.total,
    pastSelection: stages['contractor-determination'] + stages.implementation + stages.completed,
    published,
    onSchedule: figures.publication.onSchedule,
    publicationDaysSum: figures.publication.totalDays,
    financingApproved: figures.financing.approved.count,
  };
};

const clamp01 = (value: number): number => Math.min(1, Math.max(0, value));
const ratio = (part: number, whole: number): number => (whole > 0 ? clamp01(part / whole) : 0);
const round = (value: number, decimals: number): number => Number(value.toFixed(decimals));

/** The band of a score. */
export const bandOf = (score: number): Band =>
  score >= RATING_METHOD.thresholds.green ? 'green' : score >= RATING_METHOD.thresholds.amber ? 'amber' : 'red';

/** The score of one region (see the module comment for the formula). */
export const scoreOf = (inputs: RatingInputs): Rating => {
  const { best, worst } = RATING_METHOD.speedDays;
  const meanDays = inputs.published > 0 ? inputs.publicationDaysSum / inputs.published : undefined;
  const components = {
    progress: ratio(inputs.pastSelection, inputs.projects),
    onSchedule: ratio(inputs.onSchedule, inputs.published),
    speed: meanDays === undefined ? 0 : clamp01((worst - meanDays) / (worst - best)),
    financing: ratio(inputs.financingApproved, inputs.projects),
  };
  const w = RATING_METHOD.weights;
  const score = round(
    100 * (w.progress * components.progress + w.onSchedule * components.onSchedule + w.speed * components.speed + w.financing * components.financing),
    1,
  );
  return {
    score,
    band: bandOf(score),
    components: {
      progress: round(components.progress, 4),
      onSchedule: round(components.onSchedule, 4),
      speed: round(components.speed, 4),
      financing: round(components.financing, 4),
    },
  };
};

/**
 * Scores and ranks regions: highest score first; equal scores share a rank (1, 2, 2, 4) and list in KATO order.
 *
 * @returns the regions in rank order, each with its rating
 */
export const rankRegions = <R extends { readonly kato: string; readonly inputs: RatingInputs }>(
  regions: readonly R[],
): (R & { readonly rating: RankedRating })[] => {
  const scored = regions.map((region) => ({ region, rating: scoreOf(region.inputs) }));
  scored.sort((a, b) => b.rating.score - a.rating.score || a.region.kato.localeCompare(b.region.kato));
  let rank = 0;
  return scored.map(({ region, rating }, i) => {
    if (i === 0 || rating.score !== scored[i - 1]!.rating.score) rank = i + 1;
    return { ...region, rating: { ...rating, rank } };
  });
};
