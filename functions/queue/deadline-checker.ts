/**
 * Deadline queue: applies the due timers of each competition (tendering starts, last-chance reminder, close and
 * open the bids) with conditional writes; a repeated message finds the work done.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import * as z from 'zod/mini';
import { bidStore } from '../../shared/adapters/bid-store.js';
import { competitionStore } from '../../shared/adapters/competition-store.js';
import { contractStore } from '../../shared/adapters/contract-store.js';
import { contractorStore } from '../../shared/adapters/contractor-store.js';
import { qualificationStore } from '../../shared/adapters/evaluation-store.js';
import { projectStore } from '../../shared/adapters/project-store.js';
import { contractConfig, periodConfig } from '../../shared/config.js';
import { checkContract } from '../../shared/use-cases/contracts.js';
import { logger } from '../../shared/observability.js';
import { checkDeadlines } from '../../shared/use-cases/deadlines.js';
import { parseMessage } from '../../shared/queue/message.js';
import { deferred } from '../../shared/schemas/deferred.js';

const processor = new BatchProcessor(EventType.SQS);
const contracting = { contracts: contractStore, projects: projectStore, contractors: contractorStore, config: contractConfig };
const deps = { competitions: competitionStore, projects: projectStore, bids: bidStore, periods: periodConfig, contracting };
// A competition's timers, or a contract's (its signing deadline, its milestones).
const messageSchema = deferred(() => z.union([z.object({ competitionId: z.string().check(z.minLength(1)) }), z.object({ contractId: z.string().check(z.minLength(1)) })]));

const handleRecord = async (record: SQSRecord): Promise<void> => {
  const message = parseMessage(record, messageSchema, 'a deadline check');
  if ('contractId' in message) {
    const done = await checkContract({ contracts: contractStore, competitions: competitionStore, bids: bidStore, qualifications: qualificationStore }, message.contractId);
    if (done.length > 0) logger.info('contract deadlines applied', { contractId: message.contractId, done });
    return;
  }
  const done = await checkDeadlines(deps, message.competitionId);
  if (done.length > 0) logger.info('deadlines applied', { competitionId: message.competitionId, done });
};

export const handler = async (event: SQSEvent, context: Context) =>
  processPartialResponse(event, handleRecord, processor, { context, throwOnFullBatchFailure: false });
