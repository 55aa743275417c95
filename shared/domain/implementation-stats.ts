/**
 * Implementation monitoring (issue 14): counters kept per region (`STATS#implementation:<kato>`) and nationally
 * (`STATS#implementation:KZ`), one small item per scope beside the programme's (`stats.ts`) and the financing speed's.
 * Contracts signed and their value, physical progress weighted by value (Σ value × progress, in tiyn × percent),
 * works accepted and payments, contracts completed and terminated, milestones reported overdue and still open. Every
 * counter is changed only by `ADD`, from the contract events' own data.
 *
 * @module
 */
import type { EventCore } from './events.js';
import { formatMoneyString, parseMoney } from './money.js';
import { topLevelKato } from './regions.js';
import { NATIONAL_SCOPE, type CounterDelta, type ScopedDelta, type StatsRecord } from './stats.js';

/** Scope items of the implementation view: `implementation:<kato>` and `implementation:KZ`. */
export const IMPLEMENTATION_SCOPE_PREFIX = 'implementation:';
export const implementationScope = (scope: string): string => `${IMPLEMENTATION_SCOPE_PREFIX}${scope}`;
export const isImplementationScope = (scope: string): boolean => scope.startsWith(IMPLEMENTATION_SCOPE_PREFIX);

export const implementationCounter = {
  /** Contracts signed by both parties (activated), and their value (tiyn; amendments change it). */
  signed: 'signed',
  contractedTiyn: 'contractedTiyn',
  /** Σ value (tiyn) × physical progress (0–100) over the signed contracts. */
  progressWeighted: 'progressWeighted',
  /** Works accepted and payments reported (tiyn). */
  worksTiyn: 'worksTiyn',
  paidTiyn: 'paidTiyn',
  reports: 'reports',
  completed: 'completed',
  terminated: 'terminated',
  /** Milestones reported overdue (ever), and of those not met, replaced or closed with their contract since. */
  overdueReported: 'overdueReported',
  overdueOpen: 'overdueOpen',
} as const;

/** Every counter of an implementation scope item, all zero at its creation. */
export const IMPLEMENTATION_COUNTERS: readonly string[] = Object.values(implementationCounter);

/** The contract events the implementation counters read. */
export const IMPLEMENTATION_EVENT_TYPES = [
  'contract.activated',
  'contract.report-filed',
  'contract.amended',
  'contract.milestone-overdue',
  'contract.completed',
  'contract.terminated',
] as const;

const money = (amount: string | undefined): bigint => (amount === undefined ? 0n : parseMoney(amount));

/**
 * What a contract event adds to the implementation counters, for its region and the nation:
 * - `contract.activated`: +1 signed, its value contracted (progress 0);
 * - `contract.report-filed`: works and payments; the weighted progress moves by value × (progress − progress before);
 *   a report that meets a milestone reported overdue closes it;
 * - `contract.amended`: a value change moves the value contracted and the weighted progress (at the current
 *   progress); new milestones close the overdue ones they replace;
 * - `contract.milestone-overdue`: +1 reported overdue, +1 open;
 * - `contract.completed` / `.terminated`: +1 completed / terminated; its open overdue milestones close.
 */
export const implementationDeltas = (event: EventCore): ScopedDelta[] => {
  const counters = new Map<string, bigint>();
  const add = (name: string, value: number | bigint) => counters.set(name, (counters.get(name) ?? 0n) + BigInt(value));
  let kato: string | undefined;
  switch (event.type) {
    case 'contract.activated':
      kato = event.data.kato;
      add(implementationCounter.signed, 1);
      add(implementationCounter.contractedTiyn, parseMoney(event.data.value));
      break;
    case 'contract.report-filed': {
      const d = event.data;
      kato = d.kato;
      add(implementationCounter.reports, 1);
      add(implementationCounter.worksTiyn, money(d.completedWorksValue));
      add(implementationCounter.paidTiyn, money(d.paidAmount));
      if (d.value !== undefined && d.physicalProgressBefore !== undefined) {
        add(implementationCounter.progressWeighted, parseMoney(d.value) * BigInt(Math.round(d.physicalProgress - d.physicalProgressBefore)));
      }
      if (d.milestoneOverdue) add(implementationCounter.overdueOpen, -1);
      break;
    }
    case 'contract.amended': {
      const d = event.data;
      if (d.kato === undefined) return [];
      kato = d.kato;
      if (d.value) {
        const change = parseMoney(d.value.after) - parseMoney(d.value.before);
        add(implementationCounter.contractedTiyn, change);
        add(implementationCounter.progressWeighted, change * BigInt(Math.round(d.physicalProgress ?? 0)));
      }
      if (d.overdueClosed) add(implementationCounter.overdueOpen, -d.overdueClosed);
      break;
    }
    case 'contract.milestone-overdue':
      kato = event.data.kato;
      add(implementationCounter.overdueReported, 1);
      add(implementationCounter.overdueOpen, 1);
      break;
    case 'contract.completed':
    case 'contract.terminated':
      kato = event.data.kato;
      add(event.type === 'contract.completed' ? implementationCounter.completed : implementationCounter.terminated, 1);
      if (event.data.overdueOpen) add(implementationCounter.overdueOpen, -event.data.overdueOpen);
      break;
    default:
      return [];
  }
  const delta: CounterDelta = Object.fromEntries([...counters].filter(([, v]) => v !== 0n));
  if (Object.keys(delta).length === 0) return [];
  const region = topLevelKato(kato);
  return [
    ...(region ? [{ scope: implementationScope(region), counters: delta }] : []),
    { scope: implementationScope(NATIONAL_SCOPE), counters: delta },
  ];
};

const count = (record: StatsRecord, name: string): number => Number(record[name] ?? '0');
const tiyn = (record: StatsRecord, name: string): bigint => BigInt(record[name] ?? '0');
const tenge = (amount: bigint): string => (amount < 0n ? `-${formatMoneyString(-amount)}` : formatMoneyString(amount));

/** A ratio of bigints as a number with `decimals` decimals (exact integer arithmetic, then one division). */
const ratio = (part: bigint, whole: bigint, scale: number, decimals: number): number | null => {
  if (whole <= 0n) return null;
  const factor = 10n ** BigInt(decimals);
  // Rounded half up on the scaled value.
  const scaled = (part * BigInt(scale) * factor * 2n + whole) / (whole * 2n);
  return Number(scaled) / Number(factor);
};

export interface ImplementationFigures {
  /** Contracts signed by both parties, and their value (tenge, decimal string; amendments included). */
  readonly contractsSigned: number;
  readonly contractedValue: string;
  /** Physical progress weighted by contract value, percent with one decimal (null without contracts). */
  readonly weightedProgress: number | null;
  /** Works accepted and payments made (tenge), and payments as a percentage of the value contracted. */
  readonly completedWorksValue: string;
  readonly paidAmount: string;
  readonly paidShare: number | null;
  readonly reports: number;
  readonly completed: number;
  readonly terminated: number;
  /** Milestones overdue now (reported overdue, not met, replaced or closed since), and ever reported overdue. */
  readonly overdueMilestones: number;
  readonly overdueReported: number;
}

/** The implementation figures of one scope, read from its counters. */
export const implementationFiguresOf = (record: StatsRecord): ImplementationFigures => {
  const contracted = tiyn(record, implementationCounter.contractedTiyn);
  const paid = tiyn(record, implementationCounter.paidTiyn);
  return {
    contractsSigned: count(record, implementationCounter.signed),
    contractedValue: tenge(contracted),
    weightedProgress: ratio(tiyn(record, implementationCounter.progressWeighted), contracted, 1, 1),
    completedWorksValue: tenge(tiyn(record, implementationCounter.worksTiyn)),
    paidAmount: tenge(paid),
    paidShare: ratio(paid, contracted, 100, 1),
    reports: count(record, implementationCounter.reports),
    completed: count(record, implementationCounter.completed),
    terminated: count(record, implementationCounter.terminated),
    overdueMilestones: Math.max(0, count(record, implementationCounter.overdueOpen)),
    overdueReported: count(record, implementationCounter.overdueReported),
  };
};
