/**
 * DynamoDB adapter of the suppression list: addresses SES reported as bouncing permanently or complaining.
 */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../aws/dynamodb.js';
import { keys } from '../keys.js';
import type { SuppressionList } from '../use-cases/send-mail.js';
import { TABLE } from './table.js';

export const suppressionList: SuppressionList & {
  suppress(email: string, reason: string, at: string): Promise<void>;
} = {
  isSuppressed: async (email) => {
    const result = await documentClient.send(new GetCommand({ TableName: TABLE, Key: keys.suppression(email), ProjectionExpression: 'PK' }));
    return result.Item !== undefined;
  },
  suppress: async (email, reason, at) => {
    await documentClient.send(
      new PutCommand({ TableName: TABLE, Item: { ...keys.suppression(email), kind: 'suppression', email: email.toLowerCase(), reason, at } }),
    );
  },
};
