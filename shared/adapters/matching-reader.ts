/**
 * DynamoDB adapter of the matching reads: subscriber pages of one region × sector partition, and the bidders and
 * askers of a competition with their contact details.
 */
import { BatchGetCommand, QueryCommand, type BatchGetCommandInput, type BatchGetCommandOutput } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../aws/dynamodb.js';
import type { Lang } from '../domain/regions.js';
import { keys, subscriptionPartition } from '../keys.js';
import type { MatchingReader, Recipient } from '../use-cases/matching.js';
import { bidStore } from './bid-store.js';
import { competitionStore } from './competition-store.js';
import { projectStore } from './project-store.js';
import { questionStore } from './question-store.js';
import { TABLE } from './table.js';

/** Items per subscriber page: ~200 bytes each, so one page is a few read units. */
const SUBSCRIBER_PAGE = 500;

const toRecipient = (item: Record<string, unknown>): Recipient => ({
  bin: item.bin as string,
  email: item.email as string,
  language: item.language as Lang,
  ...(item.name ? { name: item.name as string } : {}),
  ...(item.unsubscribeToken ? { unsubscribeToken: item.unsubscribeToken as string } : {}),
});

export const matchingReader: MatchingReader = {
  getCompetition: (id) => competitionStore.get(id, true),
  getProject: (id) => projectStore.get(id),
  bids: (id) => bidStore.listBids(id),
  questions: (id) => questionStore.list(id),

  subscribers: async (kato, sector, cursor) => {
    const result = await documentClient.send(
      new QueryCommand({
        TableName: TABLE,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': subscriptionPartition(kato, sector) },
        ProjectionExpression: 'bin, email, #language, #name, unsubscribeToken',
        ExpressionAttributeNames: { '#language': 'language', '#name': 'name' },
        Limit: SUBSCRIBER_PAGE,
        ...(cursor ? { ExclusiveStartKey: cursor } : {}),
      }),
    );
    return {
      items: (result.Items ?? []).map(toRecipient),
      ...(result.LastEvaluatedKey ? { cursor: result.LastEvaluatedKey as Record<string, string> } : {}),
    };
  },

  contractors: async (bins) => {
    const recipients: Recipient[] = [];
    for (let i = 0; i < bins.length; i += 100) {
      let request: BatchGetCommandInput['RequestItems'] = {
        [TABLE]: {
          Keys: bins.slice(i, i + 100).map((bin) => ({ ...keys.contractor(bin) })),
          ProjectionExpression: 'bin, email, #language, #name',
          ExpressionAttributeNames: { '#language': 'language', '#name': 'name' },
        },
      };
      while (request && Object.keys(request).length > 0) {
        const result: BatchGetCommandOutput = await documentClient.send(new BatchGetCommand({ RequestItems: request }));
        recipients.push(...(result.Responses?.[TABLE] ?? []).map(toRecipient));
        request = result.UnprocessedKeys;
      }
    }
    return recipients;
  },
};
