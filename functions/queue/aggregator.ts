/**
 * Monitoring queue → the counters of `STATS#<kato>` and `STATS#KZ`. The whole batch is first applied in one
 * transaction (one write per batch, not per event); if that fails, each record is applied on its own so that only the
 * records that really fail are reported and retried. Either way every event lands once, with its marker.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { overdueMilestoneStore } from '../../shared/adapters/overdue-milestone-store.js';
import { redFlagStore } from '../../shared/adapters/red-flag-store.js';
import { aggregationFactsReader, statsWriter } from '../../shared/adapters/stats-store.js';
import { financingConfig, periodConfig } from '../../shared/config.js';
import type { MonitoringEvent } from '../../shared/domain/stats.js';
import { logger } from '../../shared/observability.js';
import { parseMessage } from '../../shared/queue/message.js';
import { aggregateEvents } from '../../shared/use-cases/aggregate-stats.js';
import { trackOverdueMilestones } from '../../shared/use-cases/implementation-monitoring.js';
import { detectRedFlags, type RedFlagDeps } from '../../shared/use-cases/red-flags.js';
import { monitoringEventOf, monitoringMessageSchema } from '../../shared/use-cases/monitoring-message.js';

const processor = new BatchProcessor(EventType.SQS);
const deps = { facts: aggregationFactsReader, writer: statsWriter };
// Red flags from the same events (awards, amendments): stored per competition and flag, so a redelivery rewrites them.
const redFlagDeps: RedFlagDeps = { flags: redFlagStore, minimumTenderWorkingDays: periodConfig.tenderWorkingDays, repeatWins: financingConfig.repeatWins };

const parse = (record: SQSRecord): MonitoringEvent => monitoringEventOf(parseMessage(record, monitoringMessageSchema, 'a monitoring event'));

/** Applies every well-formed record of the batch at once; returns the message ids done (none if the write failed). */
const applyBatch = async (records: readonly SQSRecord[]): Promise<Set<string>> => {
  const parsed = records.flatMap((record) => {
    try {
      return [{ record, message: parse(record) }];
    } catch {
      return [];
    }
  });
  if (parsed.length < 2) return new Set();
  try {
    const outcome = await aggregateEvents(deps, parsed.map((p) => p.message));
    await detectRedFlags(redFlagDeps, parsed.map((p) => p.message));
    // The implementation view's overdue milestones, from the same contract events (idempotent puts and deletes).
    await trackOverdueMilestones(overdueMilestoneStore, parsed.map((p) => p.message));
    if (outcome.withoutFacts.length) logger.warn('events without their competition or project', { eventIds: outcome.withoutFacts });
    logger.debug('batch aggregated', { applied: outcome.applied, duplicates: outcome.duplicates });
    return new Set(parsed.map((p) => p.record.messageId));
  } catch (error) {
    logger.warn('batch write failed; applying the records one by one', { error: error as Error });
    return new Set();
  }
};

export const handler = async (event: SQSEvent, context: Context) => {
  const done = await applyBatch(event.Records);
  return processPartialResponse(
    event,
    async (record: SQSRecord) => {
      if (done.has(record.messageId)) return;
      const message = parse(record);
      const outcome = await aggregateEvents(deps, [message]);
      await detectRedFlags(redFlagDeps, [message]);
      await trackOverdueMilestones(overdueMilestoneStore, [message]);
      if (outcome.withoutFacts.length) logger.warn('event without its competition or project', { eventIds: outcome.withoutFacts });
    },
    processor,
    { context, throwOnFullBatchFailure: false },
  );
};
