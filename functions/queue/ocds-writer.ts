/**
 * OCDS queue → releases. One message names one outbox event of a competition; the writer builds that event's OCDS
 * release from the table and writes it with its change-feed entry, once (a redelivery keeps the first write). A
 * failed record is reported as a partial batch failure and comes back after the visibility timeout.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { parseMessage } from '../../shared/queue/message.js';
import { bidStore } from '../../shared/adapters/bid-store.js';
import { competitionHistory } from '../../shared/adapters/competition-history.js';
import { contractorStore } from '../../shared/adapters/contractor-store.js';
import { ocdsStore } from '../../shared/adapters/ocds-store.js';
import { contractStore } from '../../shared/adapters/contract-store.js';
import { projectStore } from '../../shared/adapters/project-store.js';
import { now } from '../../shared/clock.js';
import { ocdsConfig } from '../../shared/config.js';
import { logger } from '../../shared/observability.js';
import { ocdsJobSchema } from '../../shared/use-cases/ocds-job.js';
import { publishRelease, type OcdsPublisherDeps } from '../../shared/use-cases/ocds-publisher.js';

const processor = new BatchProcessor(EventType.SQS);

const deps: OcdsPublisherDeps = {
  history: competitionHistory,
  projects: projectStore,
  bids: bidStore,
  contractors: contractorStore,
  releases: ocdsStore,
  contracts: contractStore,
  now,
  holdBackMs: ocdsConfig.holdBackMs,
  ocidPrefix: ocdsConfig.ocidPrefix,
  apiBaseUrl: ocdsConfig.apiBaseUrl,
  warn: (message, details) => logger.warn(message, details),
};

const handleRecord = async (record: SQSRecord): Promise<void> => {
  const job = parseMessage(record, ocdsJobSchema, 'an OCDS job');
  const outcome = await publishRelease(deps, job);
  logger.debug('OCDS job done', { eventId: job.eventId, type: job.type, outcome });
};

export const handler = async (event: SQSEvent, context: Context) =>
  processPartialResponse(event, handleRecord, processor, { context, throwOnFullBatchFailure: false });
