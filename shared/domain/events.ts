/**
 * Domain events: written in the same transaction as the state change they describe (the outbox), they are both the
 * audit log of their entity and what the table stream carries to the dispatcher.
 */
import type { Role } from './roles.js';

export const EVENT_TYPES = [
  'contractor.registered',
  'contractor.verified',
  'contractor.verification-resent',
  'contractor.subscriptions-changed',
  'contractor.unsubscribed',
  'competition.created',
  'competition.draft-updated',
  'competition.published',
  'competition.amended',
  'competition.cancelled',
  'competition.bids-opened',
  'competition.unsuccessful',
  'competition.awarded',
  'competition.award-cancelled',
  'competition.tendering-started',
  'competition.reminder',
  'question.asked',
  'question.answered',
  'bid.submitted',
  'bid.withdrawn',
  'bid.qualification-decided',
  'complaint.filed',
  'complaint.decided',
  'registry.entry-added',
  'registry.entry-ended',
  'inquiry.filed',
  'inquiry.taken',
  'inquiry.answered',
  'project.registered',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

export type Actor = { readonly sub: string; readonly role: Role } | { readonly system: string };

export interface DomainEvent<D = Record<string, unknown>> {
  readonly eventId: string;
  readonly type: EventType;
  /** ISO 8601 UTC. */
  readonly at: string;
  readonly actor: Actor;
  readonly subject: { readonly kind: 'contractor' | 'competition' | 'inquiry' | 'project' | 'registry'; readonly id: string };
  readonly data: D;
  readonly before?: unknown;
  readonly after?: unknown;
}
