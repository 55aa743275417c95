/**
 * The paged Query loop, written once: follows `LastEvaluatedKey` until the key condition is exhausted. For reads
 * bounded by the data model (a competition's bids, questions, versions, documents, releases); lists that clients page
 * through return a cursor instead (see `pagination.ts`).
 *
 * The client is a parameter so that tools with a client of their own (benchmarks on a dedicated table) share the loop.
 */
import { QueryCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';

export const queryAll = async (client: DynamoDBDocumentClient, input: QueryCommandInput): Promise<Record<string, unknown>[]> => {
  const items: Record<string, unknown>[] = [];
  let start = input.ExclusiveStartKey;
  do {
    const page = await client.send(new QueryCommand({ ...input, ...(start ? { ExclusiveStartKey: start } : {}) }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
};
