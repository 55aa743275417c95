/**
 * DynamoDB adapter of the financing port. An application is one item (`FINAPP#<id>` / `FINAPP`), put whole with every
 * change so that its index attributes follow its status: by region (GSI1 `FINAPPS#<kato>` / `<route>#<status>#<id>`),
 * nationally (GSI2 `FINAPPS` / `<route>#<status>#<kato>#<id>`) and, while it awaits a decision, the sparse waiting
 * index (GSI3 `FINWAIT` / `<submittedAt>#<id>`). Every change is conditional on the lifecycle table's statuses and the
 * version read, and is written with its event (and the project's financing) in one transaction. No Scan anywhere.
 */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../aws/dynamodb.js';
import type { FinancingApplication } from '../domain/financing.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import { FINANCING_WAITING_PARTITION, financingIndexKeys, financingKeys, financingPartition, keys } from '../keys.js';
import type { FinancingFilter, FinancingStore, ProjectFinancingUpdate } from '../use-cases/financing.js';
import { financingTransitionCondition } from './lifecycle-condition.js';
import { decodeCursor, encodeCursor, queryWithCursor, type Page } from './pagination.js';
import { eventPut, TABLE, transact } from './table.js';

const ITEM_META = new Set(['PK', 'SK', 'kind', 'GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK', 'GSI3PK', 'GSI3SK']);

/** The project attribute naming the application that holds it (one under review or approved at a time). */
export const FINANCING_APPLICATION_MARK = 'financingApplicationId';

const toApplication = (item: Record<string, unknown>): FinancingApplication =>
  Object.fromEntries(Object.entries(item).filter(([k]) => !ITEM_META.has(k))) as unknown as FinancingApplication;

/** The stored item of an application. Pure, so the demo-data seeder writes exactly what this adapter writes. */
export const financingApplicationItem = (app: FinancingApplication): Record<string, unknown> => ({
  ...financingKeys.application(app.id),
  kind: 'financing-application',
  ...financingIndexKeys(app),
  ...app,
});

const projectUpdate = (applicationId: string, update: ProjectFinancingUpdate, first: boolean) => ({
  Update: {
    TableName: TABLE,
    Key: keys.project(update.projectId),
    UpdateExpression: update.release ? 'SET #financing = :financing REMOVE #mark' : 'SET #financing = :financing, #mark = :id',
    ConditionExpression: first ? 'attribute_exists(PK) AND attribute_not_exists(#mark)' : '#mark = :id',
    ExpressionAttributeNames: { '#financing': 'financing', '#mark': FINANCING_APPLICATION_MARK },
    ExpressionAttributeValues: { ':financing': update.financing, ':id': applicationId },
  },
});

const badCursor = (): ValidationError => new ValidationError([{ path: 'query.cursor', message: 'not a cursor returned by this list' }]);

interface ListPlan {
  readonly index: 'GSI1' | 'GSI2';
  readonly partition: string;
  readonly prefix?: string;
  readonly statusFilter?: string;
}

// Sort-key prefixes of `financingIndexKeys` (shared/keys.ts); the two must change together.
const planFor = ({ region, route, status }: FinancingFilter): ListPlan => ({
  index: region ? 'GSI1' : 'GSI2',
  partition: financingPartition(region),
  ...(route ? { prefix: status ? `${route}#${status}#` : `${route}#` } : {}),
  ...(!route && status ? { statusFilter: status } : {}),
});

/** Items a filtered Query evaluates per request (the cursor is the last item returned: reading ahead loses nothing). */
const FILTERED_READ_BATCH = 100;

export const financingStore: FinancingStore = {
  submit: async (app, project, event) => {
    await transact(
      [
        { Put: { TableName: TABLE, Item: financingApplicationItem(app), ConditionExpression: 'attribute_not_exists(PK)' } },
        projectUpdate(app.id, project, true),
        eventPut(financingKeys.application(app.id).PK, event),
      ],
      (index) =>
        index === 1
          ? new ConflictError('this project already has a financing application under review or approved')
          : new ConflictError('an application with this id exists'),
    );
  },

  transition: async (action, next, expectedVersion, project, event) => {
    const condition = financingTransitionCondition(action, expectedVersion);
    await transact(
      [
        {
          Put: {
            TableName: TABLE,
            Item: financingApplicationItem(next),
            ConditionExpression: condition.expression,
            ExpressionAttributeNames: condition.names,
            ExpressionAttributeValues: condition.values,
          },
        },
        ...(project ? [projectUpdate(next.id, project, false)] : []),
        eventPut(financingKeys.application(next.id).PK, event),
      ],
      (index) => (index === 0 ? new ConflictError('the application changed meanwhile; read it again') : new NotFoundError('the project no longer holds this application')),
    );
  },

  get: async (id) => {
    const result = await documentClient.send(new GetCommand({ TableName: TABLE, Key: financingKeys.application(id), ConsistentRead: true }));
    return result.Item ? toApplication(result.Item) : undefined;
  },

  list: async (filter, { limit, cursor }): Promise<Page<FinancingApplication>> => {
    const plan = planFor(filter);
    const [pk, sk] = [`${plan.index}PK`, `${plan.index}SK`];
    const state = decodeCursor(cursor);
    if (state && (state[pk] !== plan.partition || !String(state[sk] ?? '').startsWith(plan.prefix ?? ''))) throw badCursor();
    let startKey: Record<string, unknown> | undefined = state;
    const found: Record<string, unknown>[] = [];
    do {
      const wanted = limit + 1 - found.length;
      const result = await queryWithCursor(
        new QueryCommand({
          TableName: TABLE,
          IndexName: plan.index,
          KeyConditionExpression: plan.prefix ? '#pk = :pk AND begins_with(#sk, :prefix)' : '#pk = :pk',
          ...(plan.statusFilter ? { FilterExpression: '#status = :status' } : {}),
          ExpressionAttributeNames: { '#pk': pk, ...(plan.prefix ? { '#sk': sk } : {}), ...(plan.statusFilter ? { '#status': 'status' } : {}) },
          ExpressionAttributeValues: { ':pk': plan.partition, ...(plan.prefix ? { ':prefix': plan.prefix } : {}), ...(plan.statusFilter ? { ':status': plan.statusFilter } : {}) },
          Limit: plan.statusFilter ? Math.max(wanted, FILTERED_READ_BATCH) : wanted,
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
        startKey !== undefined,
      );
      found.push(...(result.Items ?? []));
      startKey = result.LastEvaluatedKey;
    } while (found.length <= limit && startKey);
    const items = found.slice(0, limit);
    const last = items[items.length - 1];
    const next = found.length > limit && last ? encodeCursor({ PK: String(last.PK), SK: String(last.SK), [pk]: String(last[pk]), [sk]: String(last[sk]) }) : undefined;
    return { items: items.map(toApplication), ...(next ? { cursor: next } : {}) };
  },

  waiting: async (before, { limit, cursor }) => {
    const state = decodeCursor(cursor);
    if (state && (state.GSI3PK !== FINANCING_WAITING_PARTITION || !(String(state.GSI3SK) < before))) throw badCursor();
    const result = await queryWithCursor(
      new QueryCommand({
        TableName: TABLE,
        IndexName: 'GSI3',
        KeyConditionExpression: 'GSI3PK = :pk AND GSI3SK < :before',
        ExpressionAttributeValues: { ':pk': FINANCING_WAITING_PARTITION, ':before': before },
        Limit: limit,
        ...(state ? { ExclusiveStartKey: state } : {}),
      }),
      state !== undefined,
    );
    const last = result.LastEvaluatedKey as Record<string, string> | undefined;
    return { items: (result.Items ?? []).map(toApplication), ...(last ? { cursor: encodeCursor(last)! } : {}) };
  },
};
