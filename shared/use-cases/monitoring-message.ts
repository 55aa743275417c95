/**
 * The message the dispatcher sends to the `monitoring` queue, and which events need one: the event without its actor
 * and before/after snapshots, for the events that change the counters.
 */
import * as z from 'zod/mini';
import { isMonitoredEventType, type MonitoringEvent } from '../domain/stats.js';
import type { EventRoute } from '../queue/outbound.js';
import { deferred } from '../schemas/deferred.js';

/** The envelope the aggregator checks; `data` is the event's own, typed where the event was made. */
export const monitoringMessageSchema = deferred(() => z.object({
  eventId: z.string().check(z.minLength(1), z.maxLength(200)),
  type: z.string().check(z.minLength(1)),
  at: z.string().check(z.minLength(1)),
  subject: z.object({ kind: z.string(), id: z.string().check(z.minLength(1)) }),
  data: z.record(z.string(), z.unknown()),
}));

/**
 * A checked message as the event it was made from. Its one producer is {@link monitoringRoutes}, which copies a typed
 * event; the aggregator ignores types it does not count, so an unknown type changes nothing.
 */
export const monitoringEventOf = (message: z.infer<typeof monitoringMessageSchema>): MonitoringEvent => message as unknown as MonitoringEvent;

/** The monitoring queue's routing: one message per event that changes the counters. */
export const monitoringRoutes: EventRoute = (event) => {
  if (!isMonitoredEventType(event.type)) return [];
  const { actor: _actor, before: _before, after: _after, ...message } = event;
  const body: MonitoringEvent = message;
  return [{ queue: 'monitoring', id: `${event.eventId}:monitoring`, body }];
};
