/**
 * The message that asks the OCDS writer for one release: a pointer to an outbox event of a published competition.
 * The writer reads the facts from the table, so the message stays small and a redelivery rebuilds the same release.
 */
import * as z from 'zod/mini';
import { isOcdsEvent, OCDS_RELEASE_EVENTS, type OcdsEventType } from '../domain/ocds-release.js';
import type { EventRoute } from '../queue/outbound.js';

export interface OcdsJob {
  readonly eventId: string;
  readonly type: OcdsEventType;
  readonly at: string;
  readonly competitionId: string;
}

export const ocdsJobSchema = z.object({
  eventId: z.string().check(z.minLength(1), z.maxLength(100)),
  type: z.enum(Object.keys(OCDS_RELEASE_EVENTS) as [OcdsEventType, ...OcdsEventType[]]),
  at: z.iso.datetime(),
  competitionId: z.string().check(z.minLength(1), z.maxLength(64)),
});

/**
 * Open data routing: every competition event that changes public data becomes one OCDS release. Drafts never do: a
 * draft cancelled before publication publishes nothing.
 */
export const ocdsRoutes: EventRoute = (event) => {
  if (!isOcdsEvent(event)) return [];
  if (event.type === 'competition.cancelled' && event.before.status === 'draft') return [];
  const job: OcdsJob = { eventId: event.eventId, type: event.type, at: event.at, competitionId: event.subject.id };
  return [{ queue: 'ocds', id: `${event.eventId}:ocds`, body: job }];
};
