/**
 * The monitoring aggregator: turns a batch of domain events into counter changes and applies them once per event.
 * No AWS here: facts come from the `AggregationFactsReader` port and the counters go through the `StatsWriter` port,
 * whose one write per batch carries a conditional marker per event, so a redelivered event changes nothing.
 */
import {
  deltasFor,
  factsNeeded,
  type CompetitionFacts,
  type MonitoringEvent,
  type ProjectFacts,
  type ScopedDelta,
} from '../domain/stats.js';
import { financingSpeedDeltas } from '../domain/financing-stats.js';
import { implementationDeltas } from '../domain/implementation-stats.js';

export interface AggregationFactsReader {
  /** The competitions found among `ids` (strongly consistent: the event was written with them). */
  competitions(ids: readonly string[]): Promise<ReadonlyMap<string, CompetitionFacts>>;
  projects(ids: readonly string[]): Promise<ReadonlyMap<string, ProjectFacts>>;
}

export interface EventCounters {
  readonly eventId: string;
  readonly deltas: readonly ScopedDelta[];
}

export interface StatsWriter {
  /**
   * Applies the counters of the events in one atomic write, each event with its marker; events marked already
   * (redeliveries) are left out. Returns their ids.
   */
  apply(events: readonly EventCounters[]): Promise<{ readonly duplicates: readonly string[] }>;
}

export interface AggregationDeps {
  readonly facts: AggregationFactsReader;
  readonly writer: StatsWriter;
}

export interface AggregationOutcome {
  readonly applied: number;
  readonly duplicates: number;
  /** Events whose competition or project no longer exists: marked, nothing counted. */
  readonly withoutFacts: readonly string[];
}

const unique = (values: readonly (string | undefined)[]): string[] => [...new Set(values.filter((v): v is string => !!v))];

/**
 * Applies a batch of events to the counters: reads the facts the batch needs (two rounds at most: competitions, then
 * projects), computes each event's changes and writes them with one marker per event. A repeated event id within the
 * batch counts once.
 */
export const aggregateEvents = async (deps: AggregationDeps, events: readonly MonitoringEvent[]): Promise<AggregationOutcome> => {
  const byId = new Map<string, MonitoringEvent>();
  for (const event of events) if (!byId.has(event.eventId)) byId.set(event.eventId, event);
  const batch = [...byId.values()];
  if (batch.length === 0) return { applied: 0, duplicates: 0, withoutFacts: [] };

  const needs = batch.map((event) => ({ event, need: factsNeeded(event) }));
  const competitions = await deps.facts.competitions(unique(needs.map((n) => n.need.competitionId)));
  const projectIds = unique(needs.map(({ need }) => need.projectId ?? (need.competitionId ? competitions.get(need.competitionId)?.projectId : undefined)));
  const projects = await deps.facts.projects(projectIds);

  const withoutFacts: string[] = [];
  const counted = needs.map(({ event, need }) => {
    const competition = need.competitionId ? competitions.get(need.competitionId) : undefined;
    const projectId = need.projectId ?? competition?.projectId;
    const project = projectId ? projects.get(projectId) : undefined;
    if ((need.competitionId && !competition) || ((need.projectId || need.competitionId) && !project)) withoutFacts.push(event.eventId);
    return {
      eventId: event.eventId,
      // The programme's counters and, for financing and contract events, the financing speed's and the
      // implementation view's (items of their own).
      deltas: [
        ...deltasFor(event, { ...(competition ? { competition } : {}), ...(project ? { project } : {}) }),
        ...financingSpeedDeltas(event),
        ...implementationDeltas(event),
      ],
    };
  });
  const { duplicates } = await deps.writer.apply(counted);
  return { applied: batch.length - duplicates.length, duplicates: duplicates.length, withoutFacts };
};
