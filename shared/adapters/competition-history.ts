/**
 * DynamoDB adapter of the `CompetitionHistory` port (the OCDS writer's reads): the competition item, its version
 * snapshots (`VERSION#0001…`) and its lifecycle, qualification, award and complaint events from the outbox
 * (`EVENT#…`), all from the competition's partition with strongly consistent Queries, so a job that follows its event
 * closely still sees it.
 */
import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../aws/dynamodb.js';
import type { Competition } from '../domain/competition.js';
import type { DomainEvent } from '../domain/events.js';
import { OCDS_HISTORY_EVENT_TYPES } from '../domain/ocds-release.js';
import { COMPETITION_VERSION_PREFIX, EVENT_PREFIX, keys } from '../keys.js';
import type { CompetitionHistory } from '../use-cases/ocds-publisher.js';
import { competitionStore } from './competition-store.js';
import { queryAll } from './query-all.js';
import { TABLE } from './table.js';

const STORAGE_ATTRIBUTES = ['PK', 'SK', 'kind', 'GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK', 'GSI3PK', 'GSI3SK'];

const strip = <T>(item: Record<string, unknown>): T => {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(item)) if (!STORAGE_ATTRIBUTES.includes(k)) out[k] = v;
  return out as T;
};

const queryConsistently = (input: QueryCommandInput) => queryAll(documentClient, { ...input, ConsistentRead: true });

export const competitionHistory: CompetitionHistory = {
  competition: (id) => competitionStore.get(id, true),

  versions: async (id) =>
    (
      await queryConsistently({
        TableName: TABLE,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :version)',
        ExpressionAttributeValues: { ':pk': keys.competition(id).PK, ':version': COMPETITION_VERSION_PREFIX },
      })
    ).map((item) => strip<Competition>(item)),

  events: async (id, eventId) =>
    (
      await queryConsistently({
        TableName: TABLE,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :event)',
        // Bid submissions and questions stay where they are: the writer needs the lifecycle, qualification, award and
        // complaint events (OCDS_HISTORY_EVENT_TYPES) and its own event.
        FilterExpression: `#type IN (${OCDS_HISTORY_EVENT_TYPES.map((_, i) => `:type${i}`).join(', ')}) OR eventId = :eventId`,
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: {
          ':pk': keys.competition(id).PK,
          ':event': EVENT_PREFIX,
          ...Object.fromEntries(OCDS_HISTORY_EVENT_TYPES.map((type, i) => [`:type${i}`, type])),
          ':eventId': eventId,
        },
      })
    ).map((item) => strip<DomainEvent>(item)),
};
