/**
 * What each domain event sets in motion: the queue messages the dispatcher sends for it. Pure: the dispatcher
 * function reads events from the table stream and sends what this returns.
 */
import type { DomainEvent } from '../domain/events.js';
import type { MailJob } from '../mail/mail-job.js';
import type { QueueName } from '../queues.js';
import type { Lang } from '../domain/regions.js';
import type { Audience, MatchJob, Reason } from './matching.js';
import { ocdsRoutes } from './ocds-job.js';
import { monitoringRoutes } from './aggregate-stats.js';
import { isImported } from '../domain/imported-history.js';
import { SNAPSHOT_FACTS } from '../domain/publication-snapshot.js';

export interface OutboundMessage {
  readonly queue: QueueName;
  /** Unique per message of an event: lets the sender batch and lets consumers recognise redeliveries. */
  readonly id: string;
  readonly body: unknown;
}

const mail = (job: MailJob): OutboundMessage => ({ queue: 'mail', id: `${job.eventId}:${job.to}`, body: job });

/** Direct emails: one recipient known from the event itself. */
const directMail = (event: DomainEvent): OutboundMessage[] => {
  switch (event.type) {
    case 'contractor.registered':
    case 'contractor.verification-resent': {
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
    case 'inquiry.answered': {
      // Only inquiries filed with an email are answered by mail; the others follow it with their access token.
      const data = event.data as { email?: string; language?: Lang; name?: string; answer?: string };
      if (!data.email) return [];
      return [
        mail({
          eventId: event.eventId,
          template: 'inquiry-answered',
          to: data.email,
          language: data.language ?? 'ru',
          vars: { name: data.name ?? '', answer: data.answer ?? '', inquiryId: event.subject.id },
        }),
      ];
    }
    default:
      return [];
  }
};

const match = (event: DomainEvent, reason: Reason, audience: Audience[], facts?: Record<string, string>): OutboundMessage => {
  const job: MatchJob = { eventId: event.eventId, competitionId: event.subject.id, reason, audience, ...(facts ? { facts } : {}) };
  return { queue: 'match', id: `${event.eventId}:match`, body: job };
};

/**
 * What was published, from the event's `after` snapshot: the matcher reads the competition later, when an amendment
 * may already have changed it, and the publication email must say what was published (the amendment has its own).
 */
const publishedFacts = (event: DomainEvent): Record<string, string> | undefined => {
  const after = event.after as { title?: unknown; estimatedValue?: unknown; tenderPeriod?: { endDate?: unknown } } | undefined;
  if (!after || typeof after.title !== 'object' || after.title === null) return undefined;
  return {
    [SNAPSHOT_FACTS.title]: JSON.stringify(after.title),
    ...(typeof after.estimatedValue === 'string' ? { [SNAPSHOT_FACTS.value]: after.estimatedValue } : {}),
    ...(typeof after.tenderPeriod?.endDate === 'string' ? { [SNAPSHOT_FACTS.deadline]: after.tenderPeriod.endDate } : {}),
  };
};

/** Notifications to contractors concerned by a competition event, fanned out by the matcher. */
const fanOutRoutes = (event: DomainEvent): OutboundMessage[] => {
  const data = event.data as Record<string, unknown>;
  switch (event.type) {
    case 'competition.published':
      return [match(event, 'published', ['subscribers'], publishedFacts(event))];
    case 'competition.amended':
      return [
        match(event, 'amended', ['subscribers', 'bidders'], {
          bidsInvalidated: String(data.bidsInvalidated === true),
          // What changed, for the email: the documents added or replaced, by title and version.
          ...(Array.isArray(data.documents) && data.documents.length
            ? { documents: (data.documents as { title: string; version: number }[]).map((d) => `${d.title} (v${d.version})`).join('; ') }
            : {}),
        }),
      ];
    case 'question.answered':
      return [match(event, 'answered', ['subscribers', 'askers'], { question: String(data.question ?? ''), answer: String(data.answer ?? '') })];
    case 'competition.cancelled':
      // A draft cancelled before publication concerns nobody outside the akimat.
      return (event.before as { status?: string } | undefined)?.status === 'draft'
        ? []
        : [match(event, 'cancelled', ['subscribers', 'bidders', 'askers'])];
    case 'competition.reminder':
      return [match(event, 'reminder', ['subscribers'])];
    case 'competition.bids-opened':
      return [match(event, 'opened', ['akimat', 'bidders'])];
    case 'competition.awarded':
      return [match(event, 'awarded', ['bidders'])];
    case 'competition.unsuccessful':
      return [match(event, 'unsuccessful', ['bidders'])];
    default:
      return [];
  }
};

/**
 * Every consumer's routing, each a function of the event; an event may go to several queues. A new consumer adds its
 * routing function to this list.
 */
const ROUTES: readonly ((event: DomainEvent) => OutboundMessage[])[] = [directMail, fanOutRoutes, ocdsRoutes, monitoringRoutes];

/** Queues whose messages notify people: imported history (the demo dataset, migrations) notifies nobody. */
const NOTIFICATION_QUEUES: ReadonlySet<QueueName> = new Set<QueueName>(['mail', 'match']);

export const messagesFor = (event: DomainEvent): OutboundMessage[] => {
  const messages = ROUTES.flatMap((route) => route(event));
  return isImported(event) ? messages.filter((m) => !NOTIFICATION_QUEUES.has(m.queue)) : messages;
};
