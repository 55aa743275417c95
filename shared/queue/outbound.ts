/**
 * What the dispatcher sends for a domain event. Each consumer declares, next to its message schema, an
 * {@link EventRoute}: the messages it needs for an event. The dispatcher only asks each route; it knows no consumer's
 * message and no consumer knows the dispatcher.
 */
import type { DomainEvent } from '../domain/events.js';
import type { QueueName } from '../queues.js';

export interface OutboundMessage {
  readonly queue: QueueName;
  /** Unique per message of an event: lets the sender batch and lets consumers recognise redeliveries. */
  readonly id: string;
  readonly body: unknown;
}

/** A consumer's routing: the messages it needs for `event`, none when the event does not concern it. Pure. */
export type EventRoute = (event: DomainEvent) => OutboundMessage[];
