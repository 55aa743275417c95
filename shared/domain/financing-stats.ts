/**
 * Financing speed: counters kept per region (`STATS#financing:<kato>`) and nationally (`STATS#financing:KZ`), one item
 * per scope beside the programme's (`stats.ts`), so that neither item outgrows one read unit. Per application route:
 * applications submitted, awaiting a decision, decided (by decision), working days from submission to decision and
 * from the first submission to the first disbursement (sums and per-day histograms, for the mean and the median), the
 * amounts approved and disbursed. Every counter is changed only by `ADD`, from the financing events' own data.
 *
 * @module
 */
import { APPLICATION_ROUTES, DECISIONS, type ApplicationRoute } from './financing.js';
import type { EventCore } from './events.js';
import { formatMoneyString, parseMoney } from './money.js';
import { topLevelKato } from './regions.js';
import { histogramMedian, NATIONAL_SCOPE, range, type CounterDelta, type ScopedDelta, type StatsRecord } from './stats.js';

/** Scope items of the financing speed: `financing:<kato>` and `financing:KZ`. */
export const FINANCING_SCOPE_PREFIX = 'financing:';
export const financingScope = (scope: string): string => `${FINANCING_SCOPE_PREFIX}${scope}`;
export const isFinancingScope = (scope: string): boolean => scope.startsWith(FINANCING_SCOPE_PREFIX);

/** Working days are counted per day up to this many; slower steps count in the last bucket. */
export const MAX_FINANCING_DAYS = 60;

export const financingCounter = {
  submitted: (r: ApplicationRoute) => `${r}.submitted`,
  pending: (r: ApplicationRoute) => `${r}.pending`,
  decided: (r: ApplicationRoute, decision: string) => `${r}.${decision}`,
  decisionDaysSum: (r: ApplicationRoute) => `${r}.decisionDays`,
  decisionDays: (r: ApplicationRoute, days: number) => `${r}.dd${days}`,
  approvedTiyn: (r: ApplicationRoute) => `${r}.approvedTiyn`,
  disbursedTiyn: (r: ApplicationRoute) => `${r}.disbursedTiyn`,
  firstDisbursements: (r: ApplicationRoute) => `${r}.firstDisbursements`,
  disbursementDaysSum: (r: ApplicationRoute) => `${r}.disbursementDays`,
  disbursementDays: (r: ApplicationRoute, days: number) => `${r}.fd${days}`,
};

/** Every counter of a financing scope item, all zero at its creation: its size does not grow with the data. */
export const FINANCING_COUNTERS: readonly string[] = APPLICATION_ROUTES.flatMap((r) => [
  financingCounter.submitted(r),
  financingCounter.pending(r),
  ...DECISIONS.map((d) => financingCounter.decided(r, d)),
  financingCounter.decisionDaysSum(r),
  ...range(MAX_FINANCING_DAYS + 1).map((n) => financingCounter.decisionDays(r, n)),
  financingCounter.approvedTiyn(r),
  financingCounter.disbursedTiyn(r),
  financingCounter.firstDisbursements(r),
  financingCounter.disbursementDaysSum(r),
  ...range(MAX_FINANCING_DAYS + 1).map((n) => financingCounter.disbursementDays(r, n)),
]);

const bucket = (days: number): number => Math.min(MAX_FINANCING_DAYS, Math.max(0, Math.round(days)));

/**
 * What a financing event adds to the speed counters, for its region and the nation:
 * - `financing.submitted`: submitted and pending; `financing.resubmitted`: pending again;
 * - `financing.decided`: no longer pending, the decision, its working days from the submission it decides, the amount approved;
 * - `financing.disbursed`: the amount; the first one also its working days from the first submission.
 */
export const financingSpeedDeltas = (event: EventCore): ScopedDelta[] => {
  const counters = new Map<string, bigint>();
  const add = (name: string, value: number | bigint) => counters.set(name, (counters.get(name) ?? 0n) + BigInt(value));
  let kato: string | undefined;
  switch (event.type) {
    case 'financing.submitted':
      kato = event.data.kato;
      add(financingCounter.submitted(event.data.route), 1);
      add(financingCounter.pending(event.data.route), 1);
      break;
    case 'financing.resubmitted':
      kato = event.data.kato;
      add(financingCounter.pending(event.data.route), 1);
      break;
    case 'financing.decided': {
      const { route, decision, workingDays, approvedAmount } = event.data;
      kato = event.data.kato;
      add(financingCounter.pending(route), -1);
      add(financingCounter.decided(route, decision), 1);
      add(financingCounter.decisionDaysSum(route), workingDays);
      add(financingCounter.decisionDays(route, bucket(workingDays)), 1);
      if (approvedAmount) add(financingCounter.approvedTiyn(route), parseMoney(approvedAmount));
      break;
    }
    case 'financing.disbursed': {
      const { route, disbursement, first, workingDaysFromSubmission } = event.data;
      kato = event.data.kato;
      add(financingCounter.disbursedTiyn(route), parseMoney(disbursement.amount));
      if (first) {
        add(financingCounter.firstDisbursements(route), 1);
        add(financingCounter.disbursementDaysSum(route), workingDaysFromSubmission);
        add(financingCounter.disbursementDays(route, bucket(workingDaysFromSubmission)), 1);
      }
      break;
    }
    default:
      return [];
  }
  const delta: CounterDelta = Object.fromEntries([...counters].filter(([, v]) => v !== 0n));
  if (Object.keys(delta).length === 0) return [];
  const region = topLevelKato(kato);
  return [...(region ? [{ scope: financingScope(region), counters: delta }] : []), { scope: financingScope(NATIONAL_SCOPE), counters: delta }];
};

const count = (record: StatsRecord, name: string): number => Number(record[name] ?? '0');
const tenge = (record: StatsRecord, name: string): string => {
  const tiyn = BigInt(record[name] ?? '0');
  return tiyn < 0n ? `-${formatMoneyString(-tiyn)}` : formatMoneyString(tiyn);
};
const mean = (sum: number, n: number): number | null => (n > 0 ? Number((sum / n).toFixed(1)) : null);

export interface RouteSpeed {
  readonly submitted: number;
  /** Awaiting a decision now (submitted or resubmitted, not decided since). */
  readonly pending: number;
  readonly approved: number;
  readonly rejected: number;
  readonly returned: number;
  /** Tenge, decimal strings. */
  readonly approvedAmount: string;
  readonly disbursedAmount: string;
  /** Working days from a submission to its decision (every decision, returns included). */
  readonly decision: { readonly count: number; readonly medianWorkingDays: number | null; readonly meanWorkingDays: number | null };
  /** Working days from the first submission to the first disbursement. */
  readonly firstDisbursement: { readonly count: number; readonly medianWorkingDays: number | null; readonly meanWorkingDays: number | null };
}

/** The financing speed of one scope, per route, read from its counters. */
export const financingFiguresOf = (record: StatsRecord): Record<ApplicationRoute, RouteSpeed> =>
  Object.fromEntries(
    APPLICATION_ROUTES.map((r) => {
      const decisions = DECISIONS.reduce((sum, d) => sum + count(record, financingCounter.decided(r, d)), 0);
      const first = count(record, financingCounter.firstDisbursements(r));
      const speed: RouteSpeed = {
        submitted: count(record, financingCounter.submitted(r)),
        pending: count(record, financingCounter.pending(r)),
        approved: count(record, financingCounter.decided(r, 'approved')),
        rejected: count(record, financingCounter.decided(r, 'rejected')),
        returned: count(record, financingCounter.decided(r, 'returned')),
        approvedAmount: tenge(record, financingCounter.approvedTiyn(r)),
        disbursedAmount: tenge(record, financingCounter.disbursedTiyn(r)),
        decision: {
          count: decisions,
          medianWorkingDays: histogramMedian(range(MAX_FINANCING_DAYS + 1).map((n) => count(record, financingCounter.decisionDays(r, n)))),
          meanWorkingDays: mean(count(record, financingCounter.decisionDaysSum(r)), decisions),
        },
        firstDisbursement: {
          count: first,
          medianWorkingDays: histogramMedian(range(MAX_FINANCING_DAYS + 1).map((n) => count(record, financingCounter.disbursementDays(r, n)))),
          meanWorkingDays: mean(count(record, financingCounter.disbursementDaysSum(r)), first),
        },
      };
      return [r, speed];
    }),
  ) as Record<ApplicationRoute, RouteSpeed>;
