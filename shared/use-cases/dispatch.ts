/**
 * What each domain event sets in motion: the queue messages the dispatcher sends for it. Pure: the dispatcher
 * function reads events from the table stream and sends what this returns. Which events a consumer needs, and in
 * which message, is the consumer's own business: each declares its route next to its message schema.
 */
import type { DomainEvent } from '../domain/events.js';
import { isImported } from '../domain/imported-history.js';
import { mailRoutes } from '../mail/mail-job.js';
import type { EventRoute, OutboundMessage } from '../queue/outbound.js';
import type { QueueName } from '../queues.js';
import { matchRoutes } from './match-job.js';
import { monitoringRoutes } from './monitoring-message.js';
import { ocdsRoutes } from './ocds-job.js';

/** Every consumer's routing; an event may go to several queues. A new consumer adds its route here. */
const ROUTES: readonly EventRoute[] = [mailRoutes, matchRoutes, ocdsRoutes, monitoringRoutes];

/** Queues whose messages notify people: imported history (the demo dataset, migrations) notifies nobody. */
const NOTIFICATION_QUEUES: ReadonlySet<QueueName> = new Set<QueueName>(['mail', 'match']);

export const messagesFor = (event: DomainEvent): OutboundMessage[] => {
  const messages = ROUTES.flatMap((route) => route(event));
  return isImported(event) ? messages.filter((m) => !NOTIFICATION_QUEUES.has(m.queue)) : messages;
};
