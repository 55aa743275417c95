/**
 * What each domain event sets in motion: the queue messages the dispatcher sends for it. Pure: the dispatcher
 * function reads events from the table stream and sends what this returns.
 */
import type { DomainEvent } from '../domain/events.js';
import type { MailJob } from '../mail/mail-job.js';
import type { QueueName } from '../../infra/topology.js';
import type { Lang } from '../domain/regions.js';

export interface OutboundMessage {
  readonly queue: QueueName;
  /** Unique per message of an event: lets the sender batch and lets consumers recognise redeliveries. */
  readonly id: string;
  readonly body: unknown;
}

const mail = (job: MailJob): OutboundMessage => ({ queue: 'mail', id: `${job.eventId}:${job.to}`, body: job });

export const messagesFor = (event: DomainEvent): OutboundMessage[] => {
  switch (event.type) {
    case 'contractor.registered': {
      const data = event.data as { name: string; email: string; language: Lang; verificationToken: string };
      return [
        mail({
          eventId: event.eventId,
          template: 'verify-email',
          to: data.email,
          language: data.language,
          bin: event.subject.id,
          vars: { name: data.name, token: data.verificationToken },
        }),
      ];
    }
    default:
      return [];
  }
};
