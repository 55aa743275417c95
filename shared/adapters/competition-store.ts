/**
 * DynamoDB adapter of the competition port. Every state transition is one conditional write or transaction whose
 * condition is the rule itself (the status it leaves, the deadline against server time, the version it amends), so
 * a racing request or a late checker can never apply a transition twice or after its time.
 */
import { GetCommand, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../aws/dynamodb.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import { PUBLIC_STATUSES, type Competition, type CompetitionStatus } from '../domain/competition.js';
import { projectStageOf, statusAfter } from '../domain/competition-lifecycle.js';
import type { DomainEvent } from '../domain/events.js';
import type { ProjectStage } from '../domain/project.js';
import {
  competitionIndexKeys,
  competitionPartition,
  DUE_PARTITION,
  EVENT_PREFIX,
  keys,
  PLANNED_PARTITION,
  projectIndexKeys,
  timerIndexKeys,
} from '../keys.js';
import { nextDueAt } from '../domain/timers.js';
import type {
  CompetitionFilter,
  CompetitionStore,
  IdempotencyRecord,
} from '../use-cases/competitions.js';
import { tenderDocumentItem } from './document-store.js';
import { transitionCondition, type Condition } from './lifecycle-condition.js';
import { decodeCursor, encodeCursor, queryWithCursor, type Page } from './pagination.js';
import { eventPut, TABLE, transact } from './table.js';

const ITEM_META = ['PK', 'SK', 'kind', 'GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK', 'GSI3PK', 'GSI3SK'];

const strip = <T>(item: Record<string, unknown>): T => {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(item)) if (!ITEM_META.includes(k)) out[k] = v;
  return out as T;
};

/**
 * The index attributes that follow a competition's state (its lists by region and by status, its next timer in the
 * sparse deadline index), computed from the state alone: every write of a competition writes them from here.
 */
const INDEX_ATTRIBUTES = ['GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK', 'GSI3PK', 'GSI3SK'] as const;

const indexAttributes = (c: Competition): Partial<Record<(typeof INDEX_ATTRIBUTES)[number], string>> => ({
  ...competitionIndexKeys(c),
  ...timerIndexKeys(c.id, nextDueAt(c)),
});

/** The stored item of a competition: the entity, its keys and its index attributes. */
export const competitionItem = (c: Competition): Record<string, unknown> => ({
  ...keys.competition(c.id),
  kind: 'competition',
  ...indexAttributes(c),
  ...c,
});

/**
 * The project attribute naming its one live competition (a draft or published one, neither cancelled nor
 * unsuccessful). Creating a draft sets it on condition it is absent; cancellation and an unsuccessful end remove it;
 * publication requires it to name the competition (or be absent, for drafts made before the rule). Storage-only:
 * the project store leaves it out of the Project it returns, so it is never shown.
 */
export const LIVE_COMPETITION = 'liveCompetitionId';

/** The 409 of a project that has a live competition already. */
const projectTaken = () =>
  new ConflictError('the project already has a live competition (cancel it, or wait for it to end unsuccessful, first)', [
    { path: 'projectId', message: 'the project already has a live competition' },
  ]);

/** The condition that the project's live competition, if any, is `competitionId`; `:liveId` must be bound to it. */
const liveIsOwnOrNone = `(attribute_not_exists(${LIVE_COMPETITION}) OR ${LIVE_COMPETITION} = :liveId)`;

/** Update of a project's stage (with its index attributes) inside a competition transaction (also the evaluation store's). */
export const projectStageUpdate = (
  project: { id: string; kato: string; sector: string },
  stage: ProjectStage,
  set: Record<string, unknown>,
  remove: string[] = [],
  /** The competition whose live mark the project must carry (or none); the mark is set or removed with `set`/`remove`. */
  live?: string,
) => {
  const index = projectIndexKeys({ ...project, stage });
  const values: Record<string, unknown> = { ':stage': stage, ...Object.fromEntries(Object.entries(index).map(([k, v]) => [`:${k}`, v])) };
  const assignments = ['stage = :stage', ...Object.keys(index).map((k) => `${k} = :${k}`)];
  for (const [name, value] of Object.entries(set)) {
    values[`:${name}`] = value;
    assignments.push(`${name} = :${name}`);
  }
  // The schedule index (GSI3 `PLANNED`, see `plannedIndexKeys`) lists projects at selection: leaving selection takes
  // the project out of it, returning to selection puts it back (its sort key, written with the project, stays).
  const removals = [...remove];
  if (stage === 'selection') {
    values[':plannedPartition'] = PLANNED_PARTITION;
    assignments.push('GSI3PK = :plannedPartition');
  } else {
    removals.push('GSI3PK');
  }
  return {
    Update: {
      TableName: TABLE,
      Key: keys.project(project.id),
      UpdateExpression: `SET ${assignments.join(', ')}${removals.length ? ` REMOVE ${removals.join(', ')}` : ''}`,
      ConditionExpression: live === undefined ? 'attribute_exists(PK)' : `attribute_exists(PK) AND ${liveIsOwnOrNone}`,
      ExpressionAttributeValues: live === undefined ? values : { ...values, ':liveId': live },
    },
  };
};

/** `condition` with more conditions ANDed to it (their placeholders must differ from the lifecycle's). */
const and = (condition: Condition, expression: string, values: Record<string, unknown>): Condition => ({
  expression: `${condition.expression} AND ${expression}`,
  names: condition.names,
  values: { ...condition.values, ...values },
});

const put = (c: Competition, condition: Condition) => ({
  Put: {
    TableName: TABLE,
    Item: competitionItem(c),
    ConditionExpression: condition.expression,
    ExpressionAttributeValues: condition.values,
    ExpressionAttributeNames: condition.names,
  },
});

export const competitionStore: CompetitionStore = {
  get: async (id, consistent = false) => {
    const result = await documentClient.send(
      new GetCommand({ TableName: TABLE, Key: keys.competition(id), ConsistentRead: consistent }),
    );
    return result.Item ? strip<Competition>(result.Item) : undefined;
  },

  createDraft: async (c, event) => {
    await transact(
      [
        { Put: { TableName: TABLE, Item: competitionItem(c), ConditionExpression: 'attribute_not_exists(PK)' } },
        eventPut(keys.competition(c.id).PK, event),
        // One live competition per project: the draft claims the project, or the whole creation fails.
        {
          Update: {
            TableName: TABLE,
            Key: keys.project(c.projectId),
            UpdateExpression: `SET ${LIVE_COMPETITION} = :id`,
            ConditionExpression: `attribute_exists(PK) AND attribute_not_exists(${LIVE_COMPETITION}) AND #stage = :selection`,
            ExpressionAttributeNames: { '#stage': 'stage' },
            ExpressionAttributeValues: { ':id': c.id, ':selection': 'selection' },
          },
        },
      ],
      (index) => (index === 2 ? projectTaken() : new ConflictError('a competition with this id exists')),
    );
  },

  /** Replaces the competition if the action is allowed and it is still at `expected`: optimistic, condition-checked. */
  replace: async (next, expected, event, options) => {
    const condition = and(
      transitionCondition(options.action, options.now),
      '#status = :expectedStatus AND version = :expectedVersion AND updatedAt = :expectedUpdatedAt',
      { ':expectedStatus': expected.status, ':expectedVersion': expected.version, ':expectedUpdatedAt': expected.updatedAt },
    );
    await transact(
      [
        put(next, condition),
        eventPut(keys.competition(next.id).PK, event),
        ...(options.snapshot
          ? [{ Put: { TableName: TABLE, Item: { ...keys.competitionVersion(next.id, next.version), kind: 'competition-version', ...options.snapshot } } }]
          : []),
        // A tender document becoming current: still at the version before, with its pending upload not taken.
        ...(options.document
          ? [
              {
                Put: {
                  TableName: TABLE,
                  Item: tenderDocumentItem(options.document),
                  ConditionExpression: 'size(files) = :files AND attribute_exists(pending)',
                  ExpressionAttributeValues: { ':files': options.document.files.length - 1 },
                },
              },
            ]
          : []),
      ],
      (index) =>
        index === 0
          ? new ConflictError('the competition changed meanwhile or its deadline has passed; reload and try again')
          : new ConflictError('conflicting write'),
    );
  },

  publish: async (next, expected, event, idempotency) => {
    await transact(
      [
        put(next, and(transitionCondition('publish', event.at), 'version = :version', { ':version': expected.version })),
        projectStageUpdate(
          { id: next.projectId, kato: next.kato, sector: next.sector },
          projectStageOf(next.status),
          { competitionId: next.id, publishedAt: next.publishedAt, [LIVE_COMPETITION]: next.id },
          [],
          next.id,
        ),
        {
          Put: {
            TableName: TABLE,
            Item: { ...keys.competitionVersion(next.id, 1), kind: 'competition-version', ...next },
          },
        },
        eventPut(keys.competition(next.id).PK, event),
        ...(idempotency
          ? [{ Put: { TableName: TABLE, Item: { ...keys.idempotency(idempotency.scope, idempotency.key), kind: 'idempotency', ...idempotency }, ConditionExpression: 'attribute_not_exists(PK)' } }]
          : []),
      ],
      (index) =>
        index === 0
          ? new ConflictError('only a draft can be published; this competition is already published')
          : index === 4
            ? new ConflictError('this Idempotency-Key was used by a request in progress')
            : index === 1
              ? projectTaken()
              : new NotFoundError('the project of this competition no longer exists'),
    );
  },

  cancel: async (next, expected, event) => {
    // A cancelled draft frees its project if it holds it; a draft made before the one-live rule may not (the
    // condition then keeps the transaction from removing another competition's mark).
    const frees = expected.status !== 'draft' || (await liveCompetitionOf(next.projectId)) === next.id;
    await transact(
      [
        put(next, and(transitionCondition('cancel', event.at), 'version = :version', { ':version': expected.version })),
        eventPut(keys.competition(next.id).PK, event),
        ...(expected.status !== 'draft'
          ? [projectStageUpdate({ id: next.projectId, kato: next.kato, sector: next.sector }, projectStageOf(next.status), {}, ['competitionId', 'publishedAt', LIVE_COMPETITION], next.id)]
          : frees
            ? [releaseDraftProject(next)]
            : []),
      ],
      (index) =>
        index === 2
          ? new ConflictError('the project changed meanwhile; reload and try again')
          : new ConflictError(`a competition in status ${expected.status} cannot be cancelled (or it changed meanwhile)`),
    );
  },

  openBids: async (id, openedAt, event) => {
    const competition = await competitionStore.get(id, true);
    if (!competition) throw new NotFoundError('no such competition');
    const condition = transitionCondition('openBids', openedAt);
    // Opened: the index attributes follow the new state (no timer is left, so it leaves the sparse deadline index).
    const index = indexAttributes({ ...competition, status: statusAfter('openBids'), bidsOpenedAt: openedAt, updatedAt: openedAt });
    const set = INDEX_ATTRIBUTES.filter((a) => index[a] !== undefined);
    const remove = INDEX_ATTRIBUTES.filter((a) => index[a] === undefined);
    await transact(
      [
        {
          Update: {
            TableName: TABLE,
            Key: keys.competition(id),
            UpdateExpression: `SET #status = :evaluation, bidsOpenedAt = :openedAt, updatedAt = :openedAt, ${set.map((a) => `${a} = :${a}`).join(', ')}${remove.length ? ` REMOVE ${remove.join(', ')}` : ''}`,
            ConditionExpression: condition.expression,
            ExpressionAttributeNames: condition.names,
            ExpressionAttributeValues: {
              ...condition.values,
              ':evaluation': statusAfter('openBids'),
              ':openedAt': openedAt,
              ...Object.fromEntries(set.map((a) => [`:${a}`, index[a]])),
            },
          },
        },
        eventPut(keys.competition(id).PK, event),
      ],
      () => new ConflictError('the bids cannot be opened: the deadline has not passed, or they were opened already'),
    );
  },

  markUnsuccessful: async (c, event) => {
    const next: Competition = { ...c, status: statusAfter('markUnsuccessful'), updatedAt: event.at };
    await transact(
      [
        put(next, transitionCondition('markUnsuccessful', event.at)),
        projectStageUpdate({ id: c.projectId, kato: c.kato, sector: c.sector }, projectStageOf(next.status), {}, ['competitionId', 'publishedAt', LIVE_COMPETITION], c.id),
        eventPut(keys.competition(c.id).PK, event),
      ],
      () => new ConflictError('the competition is no longer in evaluation'),
    );
  },

  list: async (filter, page) => list(filter, page),

  events: async (id, page) => {
    const start = decodeCursor(page.cursor);
    const result = await queryWithCursor(
      new QueryCommand({
        TableName: TABLE,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :event)',
        ExpressionAttributeValues: { ':pk': keys.competition(id).PK, ':event': EVENT_PREFIX },
        Limit: page.limit,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
      start !== undefined,
    );
    return {
      items: (result.Items ?? []).map((i) => strip<DomainEvent>(i)),
      ...(result.LastEvaluatedKey ? { cursor: encodeCursor(result.LastEvaluatedKey as Record<string, string>)! } : {}),
    };
  },

  findDue: async (now, cursor) => {
    const result = await documentClient.send(
      new QueryCommand({
        TableName: TABLE,
        IndexName: 'GSI3',
        // '~' sorts after every id character: everything due at or before `now`.
        KeyConditionExpression: 'GSI3PK = :due AND GSI3SK <= :now',
        ExpressionAttributeValues: { ':due': DUE_PARTITION, ':now': `${now}#~` },
        ProjectionExpression: 'id, GSI3SK',
        Limit: 500,
        ...(cursor ? { ExclusiveStartKey: cursor } : {}),
      }),
    );
    return {
      ids: (result.Items ?? []).map((i) => i.id as string),
      ...(result.LastEvaluatedKey ? { cursor: result.LastEvaluatedKey as Record<string, string> } : {}),
    };
  },

  findIdempotency: async (scope, key) => {
    const result = await documentClient.send(
      new GetCommand({ TableName: TABLE, Key: keys.idempotency(scope, key), ConsistentRead: true }),
    );
    return result.Item ? strip<IdempotencyRecord>(result.Item) : undefined;
  },
};

/** The project's live competition mark (consistent read), or undefined. */
const liveCompetitionOf = async (projectId: string): Promise<string | undefined> => {
  const result = await documentClient.send(
    new GetCommand({ TableName: TABLE, Key: keys.project(projectId), ProjectionExpression: LIVE_COMPETITION, ConsistentRead: true }),
  );
  const value = result.Item?.[LIVE_COMPETITION];
  return typeof value === 'string' ? value : undefined;
};

/** Removes a cancelled draft's live mark from its project, on condition the mark is still the draft's. */
const releaseDraftProject = (c: Competition) => ({
  Update: {
    TableName: TABLE,
    Key: keys.project(c.projectId),
    UpdateExpression: `REMOVE ${LIVE_COMPETITION}`,
    ConditionExpression: `${LIVE_COMPETITION} = :liveId`,
    ExpressionAttributeValues: { ':liveId': c.id },
  },
});

/**
 * Lists competitions with key conditions only where the filters allow it:
 * region → GSI1 (`COMPS#<kato>`, `begins_with <sector>#<status>#`); status → GSI2 (`COMPS#<status>`,
 * `begins_with <kato>#<sector>#`); neither → GSI2 walked status by status (the cursor remembers which).
 * A filter the key cannot express (region + status without sector, sector alone) becomes a FilterExpression.
 */
const list = async (filter: CompetitionFilter, page: { limit: number; cursor?: string }): Promise<Page<Competition>> => {
  const state = decodeCursor(page.cursor) ?? {};
  const statuses: readonly CompetitionStatus[] = filter.status ? [filter.status] : filter.includeDrafts ? ['draft', ...PUBLIC_STATUSES] : PUBLIC_STATUSES;
  const items: Competition[] = [];
  // With a region every status lives in one partition (one query); without, one partition per status.
  const partitions: (CompetitionStatus | undefined)[] = filter.region ? [filter.status] : [...statuses];
  let statusIndex = typeof state.s === 'number' ? state.s : 0;
  let startKey: Record<string, string> | undefined;
  try {
    if (state.s !== undefined && (typeof state.s !== 'number' || state.s >= partitions.length)) throw new Error();
    startKey = typeof state.k === 'string' ? (JSON.parse(state.k) as Record<string, string>) : undefined;
    if (startKey !== undefined && (typeof startKey !== 'object' || startKey === null || Array.isArray(startKey))) throw new Error();
  } catch {
    throw new ValidationError([{ path: 'query.cursor', message: 'not a cursor returned by this list' }]);
  }

  const queryFor = (status: CompetitionStatus | undefined): QueryCommandInput => {
    const values: Record<string, unknown> = {};
    const filters: string[] = [];
    const names: Record<string, string> = {};
    let key: string;
    let index: string;
    if (filter.region) {
      index = 'GSI1';
      values[':pk'] = competitionPartition(filter.region);
      if (filter.sector) {
        values[':prefix'] = `${filter.sector}#${status ? `${status}#` : ''}`;
        key = 'GSI1PK = :pk AND begins_with(GSI1SK, :prefix)';
      } else {
        key = 'GSI1PK = :pk';
      }
      if (status && !filter.sector) {
        filters.push('#status = :status');
        values[':status'] = status;
        names['#status'] = 'status';
      } else if (!status) {
        const allowed = statuses;
        allowed.forEach((s, i) => (values[`:a${i}`] = s));
        filters.push(`#status IN (${allowed.map((_, i) => `:a${i}`).join(', ')})`);
        names['#status'] = 'status';
      }
      if (!filter.includeDrafts) filters.push('attribute_exists(publishedAt)');
    } else {
      index = 'GSI2';
      values[':pk'] = competitionPartition(status!);
      key = 'GSI2PK = :pk';
      if (filter.sector) {
        filters.push('sector = :sector');
        values[':sector'] = filter.sector;
      }
    }
    return {
      TableName: TABLE,
      IndexName: index,
      KeyConditionExpression: key,
      ExpressionAttributeValues: values,
      ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
      ...(filters.length ? { FilterExpression: filters.join(' AND ') } : {}),
      ScanIndexForward: false,
    };
  };

  while (statusIndex < partitions.length && items.length < page.limit) {
    const result = await queryWithCursor(
      new QueryCommand({ ...queryFor(partitions[statusIndex]), Limit: page.limit - items.length, ...(startKey ? { ExclusiveStartKey: startKey } : {}) }),
      startKey !== undefined,
    );
    items.push(...(result.Items ?? []).map((i) => strip<Competition>(i)));
    if (result.LastEvaluatedKey) startKey = result.LastEvaluatedKey as Record<string, string>;
    else {
      statusIndex += 1;
      startKey = undefined;
    }
  }
  const more = statusIndex < partitions.length;
  return {
    items,
    ...(more ? { cursor: encodeCursor({ s: statusIndex, ...(startKey ? { k: JSON.stringify(startKey) } : {}) })! } : {}),
  };
};
