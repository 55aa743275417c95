/**
 * Red flags of a competition, after ProzorroUKR/prozorro-risks: signs a ministry should look at, each with the
 * competition and why. Pure: the facts come from the stored competition when its events arrive.
 *
 * - `single-bidder`: one bid at the award;
 * - `low-award`: the award at least 30 % below the estimate;
 * - `high-price`: the awarded price at least 99 % of the estimate;
 * - `many-amendments`: 3 amendments or more;
 * - `repeat-winner`: the same winner of N competitions or more in a region in a calendar year (N configured);
 * - `minimum-period-one-bid`: the tender period at the legal minimum, and one bid;
 * - `value-raised`: the contract's value raised by an amendment (issue 14, from the contract amendment event).
 */
import { workingDaysBetween } from './calendar.js';
import { parseMoney } from './money.js';

export const RED_FLAGS = ['single-bidder', 'low-award', 'high-price', 'many-amendments', 'repeat-winner', 'minimum-period-one-bid', 'value-raised'] as const;
export type RedFlagName = (typeof RED_FLAGS)[number];

/** Thresholds of the rules (percent of the estimate; amendments). */
export const RED_FLAG_RULES = Object.freeze({ lowAwardPercent: 30, highPricePercent: 99, amendments: 3 });

export interface RedFlag {
  readonly competitionId: string;
  readonly projectId: string;
  readonly kato: string;
  readonly title: string;
  readonly flag: RedFlagName;
  /** Why, in words (English), with the figures. */
  readonly why: string;
  /** When the fact that raised it happened (the award, the amendment). */
  readonly at: string;
  readonly estimatedValue: string;
  readonly price?: string;
  readonly winnerBin?: string;
}

/** What the rules read of a competition. */
export interface CompetitionRiskFacts {
  readonly id: string;
  readonly projectId: string;
  readonly kato: string;
  /** Russian title. */
  readonly title: string;
  readonly estimatedValue: string;
  readonly tenderPeriod?: { readonly startDate: string; readonly endDate: string };
  /** Current bids (withdrawn ones are gone). */
  readonly bids: number;
  readonly award?: { readonly bin: string; readonly price: string; readonly at: string };
}

const percentOf = (part: string, whole: string): number => Number((parseMoney(part) * 10_000n) / parseMoney(whole)) / 100;

/** The flags an award raises: bidders, price against the estimate, the period with one bid. */
export const awardFlags = (c: CompetitionRiskFacts, minimumTenderWorkingDays: number): RedFlag[] => {
  if (!c.award || parseMoney(c.estimatedValue) <= 0n) return [];
  const base = { competitionId: c.id, projectId: c.projectId, kato: c.kato, title: c.title, at: c.award.at, estimatedValue: c.estimatedValue, price: c.award.price, winnerBin: c.award.bin };
  const flags: RedFlag[] = [];
  const share = percentOf(c.award.price, c.estimatedValue);
  // Compared exactly in tiyn: price × 100 against estimate × threshold.
  const price = parseMoney(c.award.price) * 100n;
  const estimate = parseMoney(c.estimatedValue);
  if (c.bids === 1) flags.push({ ...base, flag: 'single-bidder', why: `one bid: awarded to the only bidder ${c.award.bin}` });
  if (price <= estimate * BigInt(100 - RED_FLAG_RULES.lowAwardPercent)) {
    flags.push({ ...base, flag: 'low-award', why: `awarded at ${share}% of the estimate (${c.award.price} of ${c.estimatedValue}): ${RED_FLAG_RULES.lowAwardPercent}% or more below` });
  }
  if (price >= estimate * BigInt(RED_FLAG_RULES.highPricePercent)) {
    flags.push({ ...base, flag: 'high-price', why: `awarded at ${share}% of the estimate (${c.award.price} of ${c.estimatedValue}): ${RED_FLAG_RULES.highPricePercent}% or more` });
  }
  if (c.bids === 1 && c.tenderPeriod) {
    const days = workingDaysBetween(new Date(c.tenderPeriod.startDate), new Date(c.tenderPeriod.endDate));
    if (days <= minimumTenderWorkingDays) {
      flags.push({ ...base, flag: 'minimum-period-one-bid', why: `tender period of ${days} working days (the legal minimum is ${minimumTenderWorkingDays}) and one bid` });
    }
  }
  return flags;
};

/** The flag of an amendment that brings the count to the threshold or above (`version` − 1 amendments). */
export const amendmentFlag = (c: CompetitionRiskFacts, version: number, at: string): RedFlag | undefined => {
  const amendments = version - 1;
  if (amendments < RED_FLAG_RULES.amendments) return undefined;
  return {
    competitionId: c.id,
    projectId: c.projectId,
    kato: c.kato,
    title: c.title,
    at,
    estimatedValue: c.estimatedValue,
    flag: 'many-amendments',
    why: `${amendments} amendments (${RED_FLAG_RULES.amendments} or more)`,
  };
};

/** The flag of a competition whose winner has won `wins` competitions in its region this year, when `wins` ≥ `threshold`. */
export const repeatWinnerFlag = (c: CompetitionRiskFacts, wins: number, year: string, threshold: number): RedFlag | undefined => {
  if (!c.award || wins < threshold) return undefined;
  return {
    competitionId: c.id,
    projectId: c.projectId,
    kato: c.kato,
    title: c.title,
    at: c.award.at,
    estimatedValue: c.estimatedValue,
    price: c.award.price,
    winnerBin: c.award.bin,
    flag: 'repeat-winner',
    why: `${c.award.bin} won ${wins} competitions in this region in ${year} (${threshold} or more)`,
  };
};

/** The flag of a contract amendment that raised the value (`before` → `after`, tenge). */
export const valueRaisedFlag = (
  c: CompetitionRiskFacts,
  amendment: { readonly id: string; readonly before: string; readonly after: string; readonly at: string },
): RedFlag | undefined => {
  if (parseMoney(amendment.after) <= parseMoney(amendment.before)) return undefined;
  return {
    competitionId: c.id,
    projectId: c.projectId,
    kato: c.kato,
    title: c.title,
    at: amendment.at,
    estimatedValue: c.estimatedValue,
    price: amendment.after,
    ...(c.award ? { winnerBin: c.award.bin } : {}),
    flag: 'value-raised',
    why: `contract amendment ${amendment.id} raised the value from ${amendment.before} to ${amendment.after} (+${Number(((parseMoney(amendment.after) - parseMoney(amendment.before)) * 10_000n) / parseMoney(amendment.before)) / 100}%)`,
  };
};
