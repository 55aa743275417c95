/**
 * SES v2 adapter of the email sender. Throttling answers become `ThrottledError` so the consumer retries them.
 */
import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { ses } from '../aws/ses.js';
import { config } from '../config.js';
import { ThrottledError, type EmailSender } from '../use-cases/send-mail.js';

const THROTTLING = new Set(['TooManyRequestsException', 'LimitExceededException', 'ThrottlingException', 'Throttling']);

export const sesSender: EmailSender = {
  send: async (email) => {
    try {
      const result = await ses.send(
        new SendEmailCommand({
          FromEmailAddress: config.MAIL_FROM,
          Destination: { ToAddresses: [email.to] },
          ...(config.SES_CONFIGURATION_SET ? { ConfigurationSetName: config.SES_CONFIGURATION_SET } : {}),
          Content: {
            Simple: {
              Subject: { Data: email.subject, Charset: 'UTF-8' },
              Body: { Html: { Data: email.html, Charset: 'UTF-8' }, Text: { Data: email.text, Charset: 'UTF-8' } },
              ...(Object.keys(email.headers).length
                ? { Headers: Object.entries(email.headers).map(([Name, Value]) => ({ Name, Value })) }
                : {}),
            },
          },
        }),
      );
      return result.MessageId ?? '';
    } catch (error) {
      const name = (error as { name?: string }).name ?? '';
      if (THROTTLING.has(name) || (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 429) {
        throw new ThrottledError(`SES throttled the send: ${name}`);
      }
      throw error;
    }
  },
};
