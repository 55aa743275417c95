/**
 * Opaque list cursors: the DynamoDB `LastEvaluatedKey` of a page (plus any position of our own), base64url-encoded
 * JSON. A cursor that does not decode to string-valued keys (or whole non-negative positions) is refused with a 422
 * naming `cursor`.
 */
import { QueryCommand, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../aws/dynamodb.js';
import { ValidationError } from '../errors.js';

export interface Page<T> {
  readonly items: T[];
  readonly cursor?: string;
}

/** The wire shape of every list endpoint: `{ items, cursor? }`. */
export const pageBody = <T>(page: Page<T>) => ({ items: page.items, ...(page.cursor ? { cursor: page.cursor } : {}) });

export type CursorState = Record<string, string | number>;

export const encodeCursor = (state: CursorState | undefined): string | undefined =>
  state ? Buffer.from(JSON.stringify(state), 'utf8').toString('base64url') : undefined;

export const decodeCursor = (cursor: string | undefined): CursorState | undefined => {
  if (cursor === undefined || cursor === '') return undefined;
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (
      value &&
      typeof value === 'object' &&
      !Array.isArray(value) &&
      // Numbers in a cursor are positions of our own (an index into a list of partitions): whole and non-negative.
      Object.values(value).every((v) => typeof v === 'string' || (Number.isSafeInteger(v) && (v as number) >= 0))
    ) {
      return value as CursorState;
    }
  } catch {
    // fall through to the validation error
  }
  throw new ValidationError([{ path: 'query.cursor', message: 'not a cursor returned by this list' }]);
};

/**
 * Runs a Query that may start from a client's cursor: DynamoDB's refusal of a start key that does not belong to the
 * query (a tampered or foreign cursor) becomes a 422 naming `cursor` instead of a 500.
 */
export const queryWithCursor = async (command: QueryCommand, fromCursor: boolean): Promise<QueryCommandOutput> => {
  try {
    return await documentClient.send(command);
  } catch (error) {
    if (fromCursor && (error as { name?: string }).name === 'ValidationException') {
      throw new ValidationError([{ path: 'query.cursor', message: 'not a cursor returned by this list' }]);
    }
    throw error;
  }
};
