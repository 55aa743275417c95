/**
 * Match queue → mail queue: one message per event to fan out (or per continuation page of subscribers).
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import * as z from 'zod/mini';
import { jobQueue } from '../../shared/adapters/job-queue.js';
import { matchingReader } from '../../shared/adapters/matching-reader.js';
import { logger } from '../../shared/observability.js';
import { fanOut, matchJobSchema } from '../../shared/use-cases/matching.js';

const processor = new BatchProcessor(EventType.SQS);

const handleRecord = async (record: SQSRecord): Promise<void> => {
  const parsed = z.safeParse(matchJobSchema, JSON.parse(record.body));
  if (!parsed.success) throw new Error(`message ${record.messageId} is not a match job: ${z.prettifyError(parsed.error)}`);
  const count = await fanOut({ reader: matchingReader, queue: jobQueue }, parsed.data);
  logger.debug('fanned out', { eventId: parsed.data.eventId, reason: parsed.data.reason, mails: count });
};

export const handler = async (event: SQSEvent, context: Context) =>
  processPartialResponse(event, handleRecord, processor, { context, throwOnFullBatchFailure: false });
