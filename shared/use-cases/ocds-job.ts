/**
 * The message that asks the OCDS writer for one release: a pointer to an outbox event of a published competition.
 * The writer reads the facts from the table, so the message stays small and a redelivery rebuilds the same release.
 */
import * as z from 'zod/mini';
import { isOcdsEvent, OCDS_CONTRACT_EVENTS, OCDS_RELEASE_EVENTS, type OcdsContractEventType, type OcdsEventType } from '../domain/ocds-release.js';
import type { EventRoute } from '../queue/outbound.js';
import { deferred } from '../schemas/deferred.js';

export interface OcdsJob {
  readonly eventId: string;
  readonly type: OcdsEventType | OcdsContractEventType;
  readonly at: string;
  readonly competitionId: string;
  /** A contract event's contract (issue 14): the release adds `contracts` to the competition's. */
  readonly contractId?: string;
}

const OCDS_JOB_TYPES = [...Object.keys(OCDS_RELEASE_EVENTS), ...Object.keys(OCDS_CONTRACT_EVENTS)] as [OcdsEventType | OcdsContractEventType, ...(OcdsEventType | OcdsContractEventType)[]];

export const ocdsJobSchema = deferred(() => z.object({
  eventId: z.string().check(z.minLength(1), z.maxLength(100)),
  type: z.enum(OCDS_JOB_TYPES),
  at: z.iso.datetime(),
  competitionId: z.string().check(z.minLength(1), z.maxLength(64)),
  contractId: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
}));

/**
 * Open data routing: every competition event that changes public data becomes one OCDS release. Drafts never do: a
 * draft cancelled before publication publishes nothing.
 */
export const ocdsRoutes: EventRoute = (event) => {
  switch (event.type) {
    case 'contract.activated':
    case 'contract.amended':
    case 'contract.report-filed':
    case 'contract.completed':
    case 'contract.terminated': {
      const job: OcdsJob = { eventId: event.eventId, type: event.type, at: event.at, competitionId: event.data.competitionId, contractId: event.subject.id };
      return [{ queue: 'ocds', id: `${event.eventId}:ocds`, body: job }];
    }
    default:
      break;
  }
  if (!isOcdsEvent(event)) return [];
  if (event.type === 'competition.cancelled' && event.before.status === 'draft') return [];
  const job: OcdsJob = { eventId: event.eventId, type: event.type, at: event.at, competitionId: event.subject.id };
  return [{ queue: 'ocds', id: `${event.eventId}:ocds`, body: job }];
};
