/**
 * The message that asks the matcher to notify the contractors concerned by a competition event, and which events
 * need one. The matcher reads the competition and the audience itself; the job carries only what the event alone
 * knows (what was published, the answered question, what an amendment changed).
 */
import * as z from 'zod/mini';
import type { DomainEvent } from '../domain/events.js';
import { SNAPSHOT_FACTS } from '../domain/publication-snapshot.js';
import type { EventRoute, OutboundMessage } from '../queue/outbound.js';
import { deferred } from '../schemas/deferred.js';

/** `reviewer`: the reviewing body's complaints address (configuration). */
export const AUDIENCES = ['subscribers', 'bidders', 'askers', 'akimat', 'reviewer'] as const;
export type Audience = (typeof AUDIENCES)[number];

export const REASONS = ['published', 'amended', 'answered', 'cancelled', 'reminder', 'opened', 'awarded', 'unsuccessful', 'complaintFiled', 'complaintDecided'] as const;
export type Reason = (typeof REASONS)[number];

export const matchJobSchema = deferred(() => z.object({
  eventId: z.string().check(z.minLength(1)),
  competitionId: z.string().check(z.minLength(1)),
  reason: z.enum(REASONS),
  audience: z.array(z.enum(AUDIENCES)),
  /** Facts of the event the emails need (the answered question, the amendment's version…). */
  facts: z.optional(z.record(z.string(), z.string())),
  /** Continuation of the subscriber pages. */
  cursor: z.optional(z.record(z.string(), z.string())),
}));
export type MatchJob = z.infer<typeof matchJobSchema>;

const match = (event: DomainEvent, reason: Reason, audience: Audience[], facts?: Record<string, string>): OutboundMessage => {
  const job: MatchJob = { eventId: event.eventId, competitionId: event.subject.id, reason, audience, ...(facts ? { facts } : {}) };
  return { queue: 'match', id: `${event.eventId}:match`, body: job };
};

/**
 * What was published, from the event's `after` snapshot: the matcher reads the competition later, when an amendment
 * may already have changed it, and the publication email must say what was published (the amendment has its own).
 */
const publishedFacts = (event: DomainEvent<'competition.published'>): Record<string, string> | undefined => {
  const { after } = event;
  if (!after) return undefined;
  return {
    [SNAPSHOT_FACTS.title]: JSON.stringify(after.title),
    [SNAPSHOT_FACTS.value]: after.estimatedValue,
    ...(after.tenderPeriod ? { [SNAPSHOT_FACTS.deadline]: after.tenderPeriod.endDate } : {}),
  };
};

/** The match queue's routing: notifications to contractors concerned by a competition event. */
export const matchRoutes: EventRoute = (event) => {
  switch (event.type) {
    case 'competition.published':
      return [match(event, 'published', ['subscribers'], publishedFacts(event))];
    case 'competition.amended': {
      const { documents } = event.data;
      return [
        match(event, 'amended', ['subscribers', 'bidders'], {
          bidsInvalidated: String(event.data.bidsInvalidated),
          // What changed, for the email: the documents added or replaced, by title and version.
          ...(documents?.length ? { documents: documents.map((d) => `${d.title} (v${d.version})`).join('; ') } : {}),
        }),
      ];
    }
    case 'question.answered':
      return [match(event, 'answered', ['subscribers', 'askers'], { question: event.data.question, answer: event.data.answer })];
    case 'competition.cancelled':
      // A draft cancelled before publication concerns nobody outside the akimat.
      return event.before.status === 'draft' ? [] : [match(event, 'cancelled', ['subscribers', 'bidders', 'askers'])];
    case 'competition.reminder':
      return [match(event, 'reminder', ['subscribers'])];
    case 'competition.bids-opened':
      return [match(event, 'opened', ['akimat', 'bidders'])];
    case 'competition.awarded':
      return [match(event, 'awarded', ['bidders'])];
    case 'competition.unsuccessful':
      return [match(event, 'unsuccessful', ['bidders'])];
    case 'complaint.filed':
      return [
        match(event, 'complaintFiled', ['akimat', 'reviewer'], { complaintTitle: event.data.title, complaintSubject: event.data.subject, authorName: event.data.authorName }),
      ];
    case 'complaint.decided':
      return [match(event, 'complaintDecided', ['bidders'], { complaintTitle: event.data.title, resolution: event.data.resolution, decision: event.data.text })];
    default:
      return [];
  }
};
