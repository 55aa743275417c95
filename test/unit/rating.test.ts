import { describe, expect, it } from 'vitest';
import { bandOf, rankRegions, RATING_METHOD, scoreOf, type RatingInputs } from '../../shared/domain/rating.js';

const inputs = (overrides: Partial<RatingInputs> = {}): RatingInputs => ({
  projects: 10,
  pastSelection: 5,
  published: 4,
  onSchedule: 2,
  publicationDaysSum: 4 * 150,
  financingApproved: 5,
  ...overrides,
});

describe('the readiness score', () => {
  it('weighs progress 40, on schedule 25, speed 15 and financing 20 points', () => {
    // Act
    const rating = scoreOf(inputs());

    // Assess: progress 0.5, on schedule 0.5, speed (240 − 150) / 180 = 0.5, financing 0.5
    expect(rating.components).toEqual({ progress: 0.5, onSchedule: 0.5, speed: 0.5, financing: 0.5 });
    expect(rating.score).toBe(50);
    expect(RATING_METHOD.weights.progress + RATING_METHOD.weights.onSchedule + RATING_METHOD.weights.speed + RATING_METHOD.weights.financing).toBeCloseTo(1, 10);
  });

  it('gives full marks to a region that is done, on time, fast and financed', () => {
    const rating = scoreOf(inputs({ pastSelection: 10, published: 10, onSchedule: 10, publicationDaysSum: 10 * 30, financingApproved: 10 }));
    expect(rating.score).toBe(100);
    expect(rating.band).toBe('green');
  });

  it('scores speed 1 at 60 days or faster and 0 at 240 days or slower, linearly between', () => {
    expect(scoreOf(inputs({ publicationDaysSum: 4 * 60 })).components.speed).toBe(1);
    expect(scoreOf(inputs({ publicationDaysSum: 4 * 10 })).components.speed).toBe(1);
    expect(scoreOf(inputs({ publicationDaysSum: 4 * 240 })).components.speed).toBe(0);
    expect(scoreOf(inputs({ publicationDaysSum: 4 * 400 })).components.speed).toBe(0);
    expect(scoreOf(inputs({ publicationDaysSum: 4 * 105 })).components.speed).toBe(0.75);
  });

  it('scores zero, not NaN, for a region without projects or publications', () => {
    const rating = scoreOf({ projects: 0, pastSelection: 0, published: 0, onSchedule: 0, publicationDaysSum: 0, financingApproved: 0 });
    expect(rating.score).toBe(0);
    expect(rating.components).toEqual({ progress: 0, onSchedule: 0, speed: 0, financing: 0 });
    expect(rating.band).toBe('red');
  });

  it('bands green from 60, amber from 40, red below', () => {
    expect(bandOf(100)).toBe('green');
    expect(bandOf(60)).toBe('green');
    expect(bandOf(59.9)).toBe('amber');
    expect(bandOf(40)).toBe('amber');
    expect(bandOf(39.9)).toBe('red');
    expect(bandOf(0)).toBe('red');
  });

  it('publishes its formula and thresholds with the numbers it uses', () => {
    expect(RATING_METHOD.formula).toContain('0.40 × progress');
    expect(RATING_METHOD.thresholds).toEqual({ green: 60, amber: 40 });
    expect(RATING_METHOD.speedDays).toEqual({ best: 60, worst: 240 });
  });
});

describe('ranking the regions', () => {
  it('ranks by score, highest first; equal scores share a rank and list in KATO order', () => {
    // Prepare
    const regions = [
      { kato: '470000000', inputs: inputs({ pastSelection: 1 }) },
      { kato: '750000000', inputs: inputs({ pastSelection: 9 }) },
      { kato: '350000000', inputs: inputs() },
      { kato: '190000000', inputs: inputs() },
    ];

    // Act
    const ranked = rankRegions(regions);

    // Assess
    expect(ranked.map((r) => [r.kato, r.rating.rank])).toEqual([
      ['750000000', 1],
      ['190000000', 2],
      ['350000000', 2],
      ['470000000', 4],
    ]);
  });
});
