/**
 * DynamoDB adapter of the question port: questions live in their competition's partition.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../aws/dynamodb.js';
import { ConflictError, ForbiddenError } from '../errors.js';
import type { Question } from '../domain/competition.js';
import { keys, QUESTION_PREFIX } from '../keys.js';
import type { QuestionStore } from '../use-cases/questions.js';
import { transitionCheck } from './lifecycle-condition.js';
import { queryAll } from './query-all.js';
import { eventPut, TABLE, transact } from './table.js';

const toQuestion = (item: Record<string, unknown>): Question => ({
  id: item.id as string,
  competitionId: item.competitionId as string,
  text: item.text as string,
  askedAt: item.askedAt as string,
  askerBin: item.askerBin as string,
  ...(item.answer ? { answer: item.answer as Question['answer'] & object } : {}),
});

export const questionStore: QuestionStore = {
  ask: async (question, now, event) => {
    await transact(
      [
        transitionCheck(question.competitionId, 'askQuestion', now),
        {
          ConditionCheck: {
            TableName: TABLE,
            Key: keys.contractor(question.askerBin),
            ConditionExpression: '#status = :verified',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':verified': 'verified' },
          },
        },
        { Put: { TableName: TABLE, Item: { ...keys.question(question.competitionId, question.id), kind: 'question', ...question } } },
        eventPut(keys.competition(question.competitionId).PK, event),
      ],
      (index) =>
        index === 1
          ? new ForbiddenError('only a registered contractor with a verified email may ask questions')
          : new ConflictError('the enquiry period has ended'),
    );
  },

  answer: async (competitionId, questionId, answer, event) => {
    await transact(
      [
        transitionCheck(competitionId, 'answerQuestion', answer.at),
        {
          Update: {
            TableName: TABLE,
            Key: keys.question(competitionId, questionId),
            UpdateExpression: 'SET answer = :answer',
            ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(answer)',
            ExpressionAttributeValues: { ':answer': answer },
          },
        },
        eventPut(keys.competition(competitionId).PK, event),
      ],
      (index) => new ConflictError(index === 1 ? 'this question has been answered' : 'the competition is no longer open'),
    );
  },

  get: async (competitionId, questionId) => {
    const result = await documentClient.send(
      new GetCommand({ TableName: TABLE, Key: keys.question(competitionId, questionId), ConsistentRead: true }),
    );
    return result.Item ? toQuestion(result.Item) : undefined;
  },

  list: async (competitionId) =>
    (
      await queryAll(documentClient, {
        TableName: TABLE,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :q)',
        ExpressionAttributeValues: { ':pk': keys.competition(competitionId).PK, ':q': QUESTION_PREFIX },
      })
    ).map(toQuestion),
};
