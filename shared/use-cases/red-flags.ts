/**
 * Red flags from the event stream: the aggregator hands each batch of monitoring events here; an award or an
 * amendment reads its competition (one item and a count of its bids: bounded by the data model) and stores the flags
 * it raises, one item per (competition, flag), so a redelivery writes the same items again. The ministry reads them
 * with one Query page. No AWS here: storage is the `RedFlagStore` port.
 */
import type { Page } from '../adapters/pagination.js';
import { almatyDate } from '../domain/calendar.js';
import type { EventCore } from '../domain/events.js';
import { amendmentFlag, awardFlags, RED_FLAGS, repeatWinnerFlag, valueRaisedFlag, type CompetitionRiskFacts, type RedFlag, type RedFlagName } from '../domain/red-flags.js';
import { REGIONS } from '../domain/regions.js';
import { NATIONAL_SCOPE } from '../domain/stats.js';

export interface RedFlagStore {
  /** The competition's facts (strongly consistent), or undefined when it is gone. */
  competition(id: string): Promise<CompetitionRiskFacts | undefined>;
  /**
   * Stores each flag (replacing the same competition's same flag); a flag new to its competition also counts once in
   * its region's and the national counters, in the same write.
   */
  put(flags: readonly RedFlag[]): Promise<void>;
  /** The counters: per scope (a region's KATO or `KZ`, the nation), how many competitions carry each flag. */
  counts(): Promise<ReadonlyMap<string, Partial<Record<RedFlagName, number>>>>;
  /** Adds the competition to the winner's wins in the region and year (idempotent); returns the competitions won. */
  tallyWin(kato: string, year: string, bin: string, competitionId: string): Promise<readonly string[]>;
  list(filter: { region?: string; flag?: RedFlagName }, page: { limit: number; cursor?: string }): Promise<Page<RedFlag>>;
}

export interface RedFlagDeps {
  readonly flags: RedFlagStore;
  /** The legal minimum of the tender period (working days). */
  readonly minimumTenderWorkingDays: number;
  /** Wins in a region in a year that make a winner repeated. */
  readonly repeatWins: number;
}

/** Computes and stores the flags the events raise; other events change nothing. */
export const detectRedFlags = async (deps: RedFlagDeps, events: readonly EventCore[]): Promise<number> => {
  let stored = 0;
  for (const event of events) {
    if (event.type === 'contract.amended') {
      // Issue 14: the contract's value raised by an amendment flags its competition.
      const raised = event.data.value;
      const competition = raised ? await deps.flags.competition(event.data.competitionId) : undefined;
      const flag = competition && raised ? valueRaisedFlag(competition, { id: event.data.amendmentId, ...raised, at: event.at }) : undefined;
      if (flag) {
        await deps.flags.put([flag]);
        stored += 1;
      }
      continue;
    }
    if (event.type !== 'competition.awarded' && event.type !== 'competition.amended') continue;
    const competition = await deps.flags.competition(event.subject.id);
    if (!competition) continue;
    const flags: RedFlag[] = [];
    if (event.type === 'competition.amended') {
      const flag = amendmentFlag(competition, event.data.version, event.at);
      if (flag) flags.push(flag);
    } else {
      // The award as the event recorded it (a later cancellation does not unsay the flags of this award).
      const award = { bin: event.data.bin, price: event.data.price, at: event.at };
      const facts = { ...competition, award };
      flags.push(...awardFlags(facts, deps.minimumTenderWorkingDays));
      const year = almatyDate(new Date(event.at)).slice(0, 4);
      const wins = await deps.flags.tallyWin(competition.kato, year, award.bin, competition.id);
      const repeat = repeatWinnerFlag(facts, wins.length, year, deps.repeatWins);
      if (repeat) flags.push(repeat);
      // The win that reaches the threshold flags the earlier wins too (later ones flag themselves).
      if (wins.length === deps.repeatWins) {
        for (const id of wins.filter((w) => w !== competition.id)) {
          const earlier = await deps.flags.competition(id);
          const flag = earlier?.award ? repeatWinnerFlag(earlier, wins.length, year, deps.repeatWins) : undefined;
          if (flag) flags.push(flag);
        }
      }
    }
    if (flags.length > 0) await deps.flags.put(flags);
    stored += flags.length;
  }
  return stored;
};

/** `GET /monitoring/red-flags`: one page, by flag then competition, of a region or the nation. */
export const redFlagsView = async (deps: Pick<RedFlagDeps, 'flags'>, filter: { region?: string; flag?: RedFlagName }, page: { limit: number; cursor?: string }) => {
  const result = await deps.flags.list(filter, page);
  return { items: result.items, ...(result.cursor ? { cursor: result.cursor } : {}) };
};

const byFlagOf = (counts: Partial<Record<RedFlagName, number>> | undefined) => {
  const byFlag = Object.fromEntries(RED_FLAGS.map((f) => [f, counts?.[f] ?? 0])) as Record<RedFlagName, number>;
  return { total: RED_FLAGS.reduce((sum, f) => sum + byFlag[f], 0), byFlag };
};

/**
 * `GET /monitoring/red-flags/summary`: how many competitions carry each flag, nationally and in each of the 20 regions
 * (one Query of 21 counter items however many competitions and flags exist).
 */
export const redFlagSummaryView = async (deps: Pick<RedFlagDeps, 'flags'>) => {
  const counts = await deps.flags.counts();
  return {
    national: byFlagOf(counts.get(NATIONAL_SCOPE)),
    regions: REGIONS.map((r) => ({ kato: r.kato, iso: r.iso, name: r.name, ...byFlagOf(counts.get(r.kato)) })),
  };
};
export type RedFlagSummaryView = Awaited<ReturnType<typeof redFlagSummaryView>>;
