/**
 * Deadline queue: applies the due timers of each competition (tendering starts, last-chance reminder, close and
 * open the bids) with conditional writes; a repeated message finds the work done.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import * as z from 'zod/mini';
import { bidStore } from '../../shared/adapters/bid-store.js';
import { competitionStore } from '../../shared/adapters/competition-store.js';
import { projectStore } from '../../shared/adapters/project-store.js';
import { periodConfig } from '../../shared/config.js';
import { logger } from '../../shared/observability.js';
import { checkDeadlines } from '../../shared/use-cases/deadlines.js';
import { parseMessage } from '../../shared/queue/message.js';

const processor = new BatchProcessor(EventType.SQS);
const deps = { competitions: competitionStore, projects: projectStore, bids: bidStore, periods: periodConfig };
const messageSchema = z.object({ competitionId: z.string().check(z.minLength(1)) });

const handleRecord = async (record: SQSRecord): Promise<void> => {
  const { competitionId } = parseMessage(record, messageSchema, 'a deadline check');
  const done = await checkDeadlines(deps, competitionId);
  if (done.length > 0) logger.info('deadlines applied', { competitionId: competitionId, done });
};

export const handler = async (event: SQSEvent, context: Context) =>
  processPartialResponse(event, handleRecord, processor, { context, throwOnFullBatchFailure: false });
