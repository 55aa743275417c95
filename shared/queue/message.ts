/**
 * The body of an SQS record, parsed and validated. A body that is not JSON or does not fit the schema throws: the
 * consumer reports the record failed, so after maxReceiveCount it rests in the DLQ for a human, never silently lost.
 */
import type { SQSRecord } from 'aws-lambda';
import * as z from 'zod/mini';

export const parseMessage = <S extends z.ZodMiniType>(record: SQSRecord, schema: S, what: string): z.output<S> => {
  let body: unknown;
  try {
    body = JSON.parse(record.body);
  } catch {
    throw new Error(`message ${record.messageId} is not JSON`);
  }
  const parsed = z.safeParse(schema, body);
  if (!parsed.success) throw new Error(`message ${record.messageId} is not ${what}: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
};
