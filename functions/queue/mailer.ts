/**
 * Mail queue → SES v2. One message is one email; each is sent once per (event, recipient) through the mail ledger,
 * never to a suppressed address, and paced to this container's share of the configured SES rate. Throttled or
 * failed sends are reported as partial batch failures and come back after the visibility timeout.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { parseMessage } from '../../shared/queue/message.js';
import { mailLedger } from '../../shared/adapters/mail-ledger.js';
import { sesSender } from '../../shared/adapters/ses-sender.js';
import { suppressionList } from '../../shared/adapters/suppression-list.js';
import { config, mailPacingConfig } from '../../shared/config.js';
import { mailJobSchema } from '../../shared/mail/mail-job.js';
import { createPacer } from '../../shared/mail/pacer.js';
import { logger } from '../../shared/observability.js';
import { sendMailJob } from '../../shared/use-cases/send-mail.js';

const processor = new BatchProcessor(EventType.SQS);
const links = { portalBaseUrl: config.PORTAL_BASE_URL, apiBaseUrl: config.API_BASE_URL };
const pacing = mailPacingConfig();
const pacer = createPacer(pacing.emailsPerSecond, pacing.concurrency);
const deps = { ledger: mailLedger, sender: sesSender, links, suppressions: suppressionList, pace: () => pacer.next() };

const handleRecord = async (record: SQSRecord): Promise<void> => {
  const job = parseMessage(record, mailJobSchema, 'a mail job');
  const outcome = await sendMailJob(deps, job);
  logger.debug('mail job done', { eventId: job.eventId, template: job.template, outcome });
};

export const handler = async (event: SQSEvent, context: Context) =>
  processPartialResponse(event, handleRecord, processor, {
    context,
    // One after another: the pacer spaces the sends.
    processInParallel: false,
    throwOnFullBatchFailure: false,
  });
