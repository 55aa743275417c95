/**
 * Match queue → mail queue: one message per event to fan out (or per continuation page of subscribers).
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { complaintConfig } from '../../shared/config.js';
import { parseMessage } from '../../shared/queue/message.js';
import { jobQueue } from '../../shared/adapters/job-queue.js';
import { matchingReader } from '../../shared/adapters/matching-reader.js';
import { logger } from '../../shared/observability.js';
import { matchJobSchema } from '../../shared/use-cases/match-job.js';
import { fanOut } from '../../shared/use-cases/matching.js';

const processor = new BatchProcessor(EventType.SQS);

const handleRecord = async (record: SQSRecord): Promise<void> => {
  const job = parseMessage(record, matchJobSchema, 'a match job');
  const count = await fanOut({ reader: matchingReader, queue: jobQueue, ...(complaintConfig.reviewerEmail ? { reviewerEmail: complaintConfig.reviewerEmail } : {}) }, job);
  logger.debug('fanned out', { eventId: job.eventId, reason: job.reason, mails: count });
};

export const handler = async (event: SQSEvent, context: Context) =>
  processPartialResponse(event, handleRecord, processor, { context, throwOnFullBatchFailure: false });
