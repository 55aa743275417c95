/**
 * History imported into the platform rather than lived on it: the demo dataset, a migration of projects approved
 * before the platform existed. Its events are real outbox events (the audit log and the monitoring counters take them
 * in like any other), but they happened long ago: nobody is notified of them.
 */
import type { DomainEvent } from './events.js';

/** The actor of every imported event. */
export const IMPORT_ACTOR = Object.freeze({ system: 'import' }) satisfies DomainEvent['actor'];

/** Whether an event records imported history (see {@link IMPORT_ACTOR}). */
export const isImported = (event: Pick<DomainEvent, 'actor'>): boolean =>
  'system' in event.actor && event.actor.system === IMPORT_ACTOR.system;
