/**
 * SES feedback: bounce, complaint and send notifications of the configuration set (SNS → SQS). Permanent bounces and
 * complaints put the address on the suppression list; the mailer never writes to it again. A send confirms its entry
 * in the mail ledger, so an email whose mailer died between SES and its own ledger write is not sent twice.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { mailLedger } from '../../shared/adapters/mail-ledger.js';
import { suppressionList } from '../../shared/adapters/suppression-list.js';
import { nowIso } from '../../shared/clock.js';
import { logger } from '../../shared/observability.js';
import { addressesToSuppress, EVENT_HEADER, sentMail } from '../../shared/mail/ses-feedback.js';

const processor = new BatchProcessor(EventType.SQS);

const handleRecord = async (record: SQSRecord): Promise<void> => {
  const outer = JSON.parse(record.body) as { Message?: string };
  // Raw message delivery off: SNS wraps the SES event in its own envelope.
  const notification = JSON.parse(typeof outer.Message === 'string' ? outer.Message : record.body) as unknown;
  const sent = sentMail(notification, EVENT_HEADER);
  if (sent) {
    for (const recipient of sent.recipients) await mailLedger.confirmSent(sent.eventId, recipient, sent.messageId);
    return;
  }
  for (const { email, reason } of addressesToSuppress(notification)) {
    await suppressionList.suppress(email, reason, nowIso());
    logger.info('address suppressed', { reason });
  }
};

export const handler = async (event: SQSEvent, context: Context) =>
  processPartialResponse(event, handleRecord, processor, { context, throwOnFullBatchFailure: false });
