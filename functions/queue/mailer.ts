/**
 * Mail queue → SES v2. One message is one email; each is sent once per (event, recipient) through the mail ledger.
 * Throttled or failed sends are reported as partial batch failures and come back after the visibility timeout.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import * as z from 'zod/mini';
import { mailLedger } from '../../shared/adapters/mail-ledger.js';
import { sesSender } from '../../shared/adapters/ses-sender.js';
import { config } from '../../shared/config.js';
import { mailJobSchema } from '../../shared/mail/mail-job.js';
import { logger } from '../../shared/observability.js';
import { sendMailJob } from '../../shared/use-cases/send-mail.js';

const processor = new BatchProcessor(EventType.SQS);
const links = { portalBaseUrl: config.PORTAL_BASE_URL, apiBaseUrl: config.API_BASE_URL };

const handleRecord = async (record: SQSRecord): Promise<void> => {
  let body: unknown;
  try {
    body = JSON.parse(record.body);
  } catch {
    throw new Error(`message ${record.messageId} is not JSON`);
  }
  const parsed = z.safeParse(mailJobSchema, body);
  if (!parsed.success) throw new Error(`message ${record.messageId} is not a mail job: ${z.prettifyError(parsed.error)}`);
  const outcome = await sendMailJob({ ledger: mailLedger, sender: sesSender, links }, parsed.data);
  logger.debug('mail job done', { eventId: parsed.data.eventId, outcome });
};

export const handler = async (event: SQSEvent, context: Context) =>
  processPartialResponse(event, handleRecord, processor, { context, throwOnFullBatchFailure: false });
