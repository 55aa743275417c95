/**
 * Every minute: enqueue the competitions whose timers are due (sparse index GSI3) on the deadline queue.
 */
import type { ScheduledEvent } from 'aws-lambda';
import { competitionStore } from '../../shared/adapters/competition-store.js';
import { contractStore } from '../../shared/adapters/contract-store.js';
import { sendBatches } from '../../shared/adapters/job-queue.js';
import { queueUrl } from '../../shared/config.js';
import { logger } from '../../shared/observability.js';
import { sweepDueContracts } from '../../shared/use-cases/contracts.js';
import { sweepDue } from '../../shared/use-cases/deadlines.js';

const queue = {
  enqueue: (ids: readonly string[]) => sendBatches(queueUrl('deadline'), ids.map((competitionId) => ({ competitionId }))),
  enqueueContracts: (ids: readonly string[]) => sendBatches(queueUrl('deadline'), ids.map((contractId) => ({ contractId }))),
};

export const handler = async (event: ScheduledEvent): Promise<{ enqueued: number }> => {
  const enqueued = (await sweepDue({ competitions: competitionStore, queue })) + (await sweepDueContracts({ contracts: contractStore, queue }));
  if (enqueued > 0) logger.info('deadline sweep', { scheduledAt: event.time, enqueued });
  return { enqueued };
};
