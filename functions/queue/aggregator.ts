/**
 * Monitoring queue → the counters of `STATS#<kato>` and `STATS#KZ`. The whole batch is first applied in one
 * transaction (one write per batch, not per event); if that fails, each record is applied on its own so that only the
 * records that really fail are reported and retried. Either way every event lands once, with its marker.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import * as z from 'zod/mini';
import { aggregationFactsReader, statsWriter } from '../../shared/adapters/stats-store.js';
import { logger } from '../../shared/observability.js';
import { aggregateEvents, monitoringMessageSchema, type MonitoringMessage } from '../../shared/use-cases/aggregate-stats.js';

const processor = new BatchProcessor(EventType.SQS);
const deps = { facts: aggregationFactsReader, writer: statsWriter };

const parse = (record: SQSRecord): MonitoringMessage => {
  let body: unknown;
  try {
    body = JSON.parse(record.body);
  } catch {
    throw new Error(`message ${record.messageId} is not JSON`);
  }
  const parsed = z.safeParse(monitoringMessageSchema, body);
  if (!parsed.success) throw new Error(`message ${record.messageId} is not a monitoring event: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
};

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
      const outcome = await aggregateEvents(deps, [parse(record)]);
      if (outcome.withoutFacts.length) logger.warn('event without its competition or project', { eventIds: outcome.withoutFacts });
    },
    processor,
    { context, throwOnFullBatchFailure: false },
  );
};
