/**
 * The DynamoDB document client, created once per execution environment.
 *
 * No endpoint here: the SDK reads `AWS_ENDPOINT_URL_DYNAMODB` (local runtime) or resolves the regional endpoint.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export const dynamodb = new DynamoDBClient({});

export const documentClient = DynamoDBDocumentClient.from(dynamodb, {
  marshallOptions: { removeUndefinedValues: true, convertEmptyValues: false },
  unmarshallOptions: { wrapNumbers: false },
});
