/**
 * DynamoDB adapters of evaluation: qualification decisions, the award with its protocol, complaints. Each write is
 * one transaction whose conditions are the rules: decisions only in evaluation before the award (each bumps the
 * competition's evaluation revision), the award only at the revision its ranking was read at, an award complaint
 * only while the award's complaint period runs (server time), a decision only on a pending complaint.
 */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../aws/dynamodb.js';
import type { Competition } from '../domain/competition.js';
import type { Complaint } from '../domain/complaints.js';
import { projectStageOf } from '../domain/competition-lifecycle.js';
import type { Qualification } from '../domain/evaluation.js';
import { ConflictError } from '../errors.js';
import { COMPLAINT_PREFIX, complaintIndexKeys, keys, QUALIFICATION_PREFIX } from '../keys.js';
import type { ComplaintStore } from '../use-cases/complaints.js';
import type { AwardStore, QualificationStore } from '../use-cases/evaluation.js';
import { competitionItem, projectStageUpdate } from './competition-store.js';
import { tenderDocumentItem } from './document-store.js';
import { transitionCheck, transitionCondition } from './lifecycle-condition.js';
import { eventPut, TABLE, transact } from './table.js';

const ITEM_META = new Set(['PK', 'SK', 'kind', 'GSI2PK', 'GSI2SK']);
const strip = <T>(item: Record<string, unknown>): T => Object.fromEntries(Object.entries(item).filter(([k]) => !ITEM_META.has(k))) as T;

/** All items of a competition's partition under a sort-key prefix (paged until done: a few dozen items at most). */
const queryPrefix = async <T>(competitionId: string, prefix: string): Promise<T[]> => {
  const items: T[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const result = await documentClient.send(
      new QueryCommand({
        TableName: TABLE,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.competition(competitionId).PK, ':prefix': prefix },
        ConsistentRead: true,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    items.push(...(result.Items ?? []).map((i) => strip<T>(i)));
    start = result.LastEvaluatedKey;
  } while (start);
  return items;
};

const competitionKey = (id: string) => keys.competition(id);

export const qualificationStore: QualificationStore = {
  list: (competitionId) => queryPrefix<Qualification>(competitionId, QUALIFICATION_PREFIX),

  decide: async (q, competition, event) => {
    const qualify = transitionCondition('qualify', event.at);
    await transact(
      [
        {
          Update: {
            TableName: TABLE,
            Key: competitionKey(competition.id),
            UpdateExpression: 'SET evaluationRevision = if_not_exists(evaluationRevision, :zero) + :one',
            ConditionExpression: qualify.expression,
            ExpressionAttributeNames: qualify.names,
            ExpressionAttributeValues: { ...qualify.values, ':zero': 0, ':one': 1 },
          },
        },
        { Put: { TableName: TABLE, Item: { ...keys.qualification(q.competitionId, q.bin), kind: 'qualification', ...q } } },
        eventPut(competitionKey(competition.id).PK, event),
      ],
      () => new ConflictError('decisions are taken in evaluation, before the award; the competition changed meanwhile'),
    );
  },
};

export const awardStore: AwardStore = {
  award: async (next, expected, event, protocol) => {
    const revision = expected.evaluationRevision;
    const award = transitionCondition('award', event.at);
    await transact(
      [
        {
          Put: {
            TableName: TABLE,
            Item: competitionItem(next),
            ConditionExpression: `${award.expression} AND ${revision === undefined ? 'attribute_not_exists(evaluationRevision)' : 'evaluationRevision = :revision'}`,
            ExpressionAttributeNames: award.names,
            ExpressionAttributeValues: { ...award.values, ...(revision === undefined ? {} : { ':revision': revision }) },
          },
        },
        projectStageUpdate({ id: next.projectId, kato: next.kato, sector: next.sector }, projectStageOf(next.status), { awardedAt: next.award!.at }),
        eventPut(competitionKey(next.id).PK, event),
        { Put: { TableName: TABLE, Item: tenderDocumentItem(protocol), ConditionExpression: 'attribute_not_exists(PK)' } },
      ],
      () => new ConflictError('the competition was awarded, or a decision changed the ranking, meanwhile; reload and try again'),
    );
  },
};

const complaintItem = (c: Complaint) => ({ ...keys.complaint(c.competitionId, c.id), kind: 'complaint', ...complaintIndexKeys(c), ...c });

/** The competition still takes complaints of `c`'s subject at `c.filedAt`; an award complaint counts as pending on it. */
const complaintWindow = (c: Complaint, competition: Competition) => {
  if (c.subject === 'tender') return transitionCheck(competition.id, 'fileTenderComplaint', c.filedAt);
  const filing = transitionCondition('fileAwardComplaint', c.filedAt);
  return {
    Update: {
      TableName: TABLE,
      Key: competitionKey(competition.id),
      UpdateExpression: 'SET pendingAwardComplaints = if_not_exists(pendingAwardComplaints, :zero) + :one',
      ConditionExpression: `${filing.expression} AND award.id = :awardId`,
      ExpressionAttributeNames: filing.names,
      ExpressionAttributeValues: { ...filing.values, ':zero': 0, ':one': 1, ':awardId': c.awardId },
    },
  };
};

export const complaintStore: ComplaintStore = {
  file: async (complaint, competition, event) => {
    await transact(
      [
        complaintWindow(complaint, competition),
        { Put: { TableName: TABLE, Item: complaintItem(complaint), ConditionExpression: 'attribute_not_exists(PK)' } },
        eventPut(competitionKey(competition.id).PK, event),
      ],
      () => new ConflictError('the competition no longer accepts this complaint'),
    );
  },

  get: async (competitionId, id) => {
    const result = await documentClient.send(new GetCommand({ TableName: TABLE, Key: keys.complaint(competitionId, id), ConsistentRead: true }));
    return result.Item ? strip<Complaint>(result.Item) : undefined;
  },

  list: (competitionId) => queryPrefix<Complaint>(competitionId, COMPLAINT_PREFIX),

  decide: async (next, competition, event, reopened) => {
    const cancel = transitionCondition('cancelAward', event.at);
    const competitionWrite = reopened
      ? [
          {
            Put: {
              TableName: TABLE,
              Item: competitionItem(reopened.next),
              // The count it was read at: a complaint filed meanwhile must not be lost by this whole-item write.
              ConditionExpression: `${cancel.expression} AND award.id = :awardId AND ${
                competition.pendingAwardComplaints === undefined ? 'attribute_not_exists(pendingAwardComplaints)' : 'pendingAwardComplaints = :pending'
              }`,
              ExpressionAttributeNames: cancel.names,
              ExpressionAttributeValues: {
                ...cancel.values,
                ':awardId': next.awardId,
                ...(competition.pendingAwardComplaints === undefined ? {} : { ':pending': competition.pendingAwardComplaints }),
              },
            },
          },
          // The award moved the project to implementation; evaluation starts again at contractor determination.
          projectStageUpdate({ id: competition.projectId, kato: competition.kato, sector: competition.sector }, projectStageOf(reopened.next.status), {}, ['awardedAt']),
          eventPut(competitionKey(competition.id).PK, reopened.event),
        ]
      : next.subject === 'award'
        ? [
            {
              Update: {
                TableName: TABLE,
                Key: competitionKey(competition.id),
                UpdateExpression: 'SET pendingAwardComplaints = pendingAwardComplaints - :one',
                ConditionExpression: 'pendingAwardComplaints > :zero',
                ExpressionAttributeValues: { ':zero': 0, ':one': 1 },
              },
            },
          ]
        : [];
    await transact(
      [
        {
          Put: {
            TableName: TABLE,
            Item: complaintItem(next),
            ConditionExpression: '#status = :pending',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':pending': 'pending' },
          },
        },
        eventPut(competitionKey(competition.id).PK, event),
        ...competitionWrite,
      ],
      () => new ConflictError('the complaint or its competition changed meanwhile; reload and try again'),
    );
  },

  listPending: async () => {
    const items: Complaint[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const result = await documentClient.send(
        new QueryCommand({
          TableName: TABLE,
          IndexName: 'GSI2',
          KeyConditionExpression: 'GSI2PK = :pk',
          ExpressionAttributeValues: { ':pk': complaintIndexKeys({ id: '', status: 'pending', reviewDueAt: '' }).GSI2PK },
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      items.push(...(result.Items ?? []).map((i) => strip<Complaint>(i)));
      start = result.LastEvaluatedKey;
    } while (start);
    return items;
  },
};
