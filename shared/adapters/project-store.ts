/**
 * DynamoDB adapter of the project port. Lists are Queries on the project indexes, never Scans:
 *
 * - by region (GSI1 `PROJECTS#<kato>` / `<sector>#<stage>#<id>`): sector and stage narrow the key condition; a stage
 *   without a sector is a filter;
 * - nationally (GSI2 `PROJECTS` / `<stage>#<sector>#<id>`): stage and sector narrow the key condition; a sector
 *   without a stage is a filter.
 */
import { GetCommand, PutCommand, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../aws/dynamodb.js';
import type { Project } from '../domain/project.js';
import { ValidationError } from '../errors.js';
import { keys, plannedIndexKeys, projectIndexKeys, projectPartition } from '../keys.js';
import type { ProjectFilter, ProjectStore } from '../use-cases/projects.js';
import { decodeCursor, encodeCursor, type CursorState, type Page } from './pagination.js';
import { TABLE } from './table.js';

/** Attributes of the stored item that are not part of the Project. */
// `liveCompetitionId` is the competition store's one-live-competition mark (see `LIVE_COMPETITION`): never shown.
const STORAGE_ATTRIBUTES = ['PK', 'SK', 'kind', 'GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK', 'GSI3PK', 'GSI3SK', 'liveCompetitionId', 'financingApplicationId'] as const;

/**
 * The table item of a project: its key, `kind: 'project'` and the index attributes of both lists. Pure, so seeders
 * and tests write exactly what the adapter writes.
 */
export const projectItem = (project: Project): Record<string, unknown> => ({
  ...project,
  ...keys.project(project.id),
  kind: 'project',
  ...projectIndexKeys(project),
  // Projects at selection with a planned date: the overdue view (monitoring) reads them through GSI3 `PLANNED`.
  ...plannedIndexKeys(project),
});

const toProject = (item: Record<string, unknown>): Project => {
  const project = { ...item };
  for (const attribute of STORAGE_ATTRIBUTES) delete project[attribute];
  return project as unknown as Project;
};

/** One Query shape: an index, its partition, an optional sort-key prefix and an optional equality filter. */
interface ListPlan {
  readonly index: 'GSI1' | 'GSI2';
  readonly partition: string;
  readonly sortKeyPrefix?: string;
  readonly filter?: { readonly attribute: 'stage' | 'sector'; readonly value: string };
}

// Sort-key prefixes of `projectIndexKeys` (shared/keys.ts); the two must change together.
const planFor = ({ region, sector, stage }: ProjectFilter): ListPlan => {
  if (region) {
    return {
      index: 'GSI1',
      partition: projectPartition(region),
      ...(sector ? { sortKeyPrefix: stage ? `${sector}#${stage}#` : `${sector}#` } : {}),
      ...(!sector && stage ? { filter: { attribute: 'stage', value: stage } } : {}),
    };
  }
  return {
    index: 'GSI2',
    partition: projectPartition(),
    ...(stage ? { sortKeyPrefix: sector ? `${stage}#${sector}#` : `${stage}#` } : {}),
    ...(!stage && sector ? { filter: { attribute: 'sector', value: sector } } : {}),
  };
};

/**
 * Items a filtered Query evaluates per request. The filter discards some of them, so asking for just the items still
 * needed would take many round trips; the cursor is the last item returned, so reading ahead loses nothing.
 */
const FILTERED_READ_BATCH = 100;

const badCursor = (): ValidationError =>
  new ValidationError([{ path: 'query.cursor', message: 'not a cursor returned by this list' }]);

/** The cursor decoded and checked to belong to this list (a cursor of another list would be refused by DynamoDB). */
const startKeyFor = (plan: ListPlan, cursor: string | undefined): CursorState | undefined => {
  const state = decodeCursor(cursor);
  if (!state) return undefined;
  const [pk, sk] = [`${plan.index}PK`, `${plan.index}SK`];
  const names = Object.keys(state).sort();
  const expected = ['PK', 'SK', pk, sk].sort();
  if (names.length !== expected.length || names.some((name, i) => name !== expected[i])) throw badCursor();
  if (Object.values(state).some((value) => typeof value !== 'string')) throw badCursor();
  if (state[pk] !== plan.partition || !String(state[sk]).startsWith(plan.sortKeyPrefix ?? '')) throw badCursor();
  return state;
};

const cursorAfter = (plan: ListPlan, item: Record<string, unknown>): string | undefined => {
  const [pk, sk] = [`${plan.index}PK`, `${plan.index}SK`];
  return encodeCursor({ PK: String(item.PK), SK: String(item.SK), [pk]: String(item[pk]), [sk]: String(item[sk]) });
};

const queryInput = (plan: ListPlan): QueryCommandInput => ({
  TableName: TABLE,
  IndexName: plan.index,
  KeyConditionExpression: plan.sortKeyPrefix ? '#pk = :pk AND begins_with(#sk, :prefix)' : '#pk = :pk',
  ...(plan.filter ? { FilterExpression: '#filter = :filter' } : {}),
  ExpressionAttributeNames: {
    '#pk': `${plan.index}PK`,
    ...(plan.sortKeyPrefix ? { '#sk': `${plan.index}SK` } : {}),
    ...(plan.filter ? { '#filter': plan.filter.attribute } : {}),
  },
  ExpressionAttributeValues: {
    ':pk': plan.partition,
    ...(plan.sortKeyPrefix ? { ':prefix': plan.sortKeyPrefix } : {}),
    ...(plan.filter ? { ':filter': plan.filter.value } : {}),
  },
});

export const projectStore: ProjectStore = {
  get: async (id) => {
    const result = await documentClient.send(new GetCommand({ TableName: TABLE, Key: keys.project(id) }));
    return result.Item ? toProject(result.Item) : undefined;
  },

  list: async (filter, { limit, cursor }): Promise<Page<Project>> => {
    const plan = planFor(filter);
    const input = queryInput(plan);
    let startKey: Record<string, unknown> | undefined = startKeyFor(plan, cursor);
    // One item beyond the page tells whether another page exists, so the last page carries no cursor (no empty
    // trailing page). Filtered Queries return fewer items than they read: keep reading until the page is full.
    const found: Record<string, unknown>[] = [];
    do {
      const wanted = limit + 1 - found.length;
      const result = await documentClient.send(
        new QueryCommand({
          ...input,
          Limit: plan.filter ? Math.max(wanted, FILTERED_READ_BATCH) : wanted,
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      found.push(...(result.Items ?? []));
      startKey = result.LastEvaluatedKey;
    } while (found.length <= limit && startKey);
    const items = found.slice(0, limit);
    const next = found.length > limit ? cursorAfter(plan, items[items.length - 1]!) : undefined;
    return { items: items.map(toProject), ...(next ? { cursor: next } : {}) };
  },

  put: async (project) => {
    await documentClient.send(new PutCommand({ TableName: TABLE, Item: projectItem(project) }));
  },
};
