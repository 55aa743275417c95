/**
 * The register of unscrupulous participants (реестр недобросовестных участников, РНУ): a BIN listed by the ministry
 * for a period cannot bid; an entry may be ended early. A bidder listed after it bid is flagged at opening.
 */
export interface UnscrupulousEntry {
  readonly id: string;
  readonly bin: string;
  readonly reason: string;
  /** The legal basis (court decision, act number). */
  readonly basis: string;
  /** ISO date-times: listed from `from` (inclusive) until `until` (exclusive). */
  readonly from: string;
  readonly until: string;
  readonly createdAt: string;
  readonly createdBy: string;
  /** Set when the ministry ended the entry before `until`. */
  readonly endedAt?: string;
  /**
   * `proposed`: put forward by the platform when a winner refused (or failed) to sign its contract; it bars nobody
   * until the ministry confirms it (`confirmedAt`). Absent on entries the ministry made itself (in force as made).
   */
  readonly status?: 'proposed' | 'confirmed';
  readonly confirmedAt?: string;
  /** The contract whose refusal the proposal is about. */
  readonly contractId?: string;
  readonly competitionId?: string;
}

/** Whether the entry bars its BIN at `now`. */
export const isEntryActive = (e: UnscrupulousEntry, now: Date): boolean => {
  const iso = now.toISOString();
  return e.status !== 'proposed' && e.from <= iso && iso < e.until && !(e.endedAt && e.endedAt <= iso);
};

/** The entry barring a BIN at `now`, if any. */
export const activeEntry = (entries: readonly UnscrupulousEntry[], now: Date): UnscrupulousEntry | undefined =>
  entries.find((e) => isEntryActive(e, now));

/** How long a confirmed proposal bars the BIN: 24 months (the Law's term for evading a contract). */
export const PROPOSAL_MONTHS = 24;

/** The period of a proposal confirmed at `at`. */
export const proposalPeriod = (at: Date): { from: string; until: string } => {
  const until = new Date(at);
  until.setUTCMonth(until.getUTCMonth() + PROPOSAL_MONTHS);
  return { from: at.toISOString(), until: until.toISOString() };
};
