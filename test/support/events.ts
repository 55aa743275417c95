/**
 * Domain events for unit tests. A rule reads a few fields of an event's data, so a test gives just those: `data` is
 * partial here, and only here (producers build complete events with `makeEvent`, which the compiler checks).
 */
import type { Actor, DomainEvent, EventPayloads, EventType, SubjectKind } from '../../shared/domain/events.js';

const SUBJECTS: Readonly<Record<string, SubjectKind>> = { contractor: 'contractor', inquiry: 'inquiry', project: 'project' };

export interface EventOverrides {
  readonly eventId?: string;
  readonly at?: string;
  readonly actor?: Actor;
  readonly subject?: { readonly kind?: SubjectKind; readonly id: string };
  readonly before?: unknown;
  readonly after?: unknown;
}

/** An event of `type` about competition (or contractor, inquiry, project) `C1`, with `data` as given. */
export const anEvent = <T extends EventType>(type: T, data: Partial<EventPayloads[T]> = {}, overrides: EventOverrides = {}): DomainEvent<T> => {
  const { subject, ...rest } = overrides;
  return {
    eventId: 'e1',
    type,
    at: '2026-01-01T00:00:00.000Z',
    actor: { system: 'test' },
    subject: { kind: subject?.kind ?? SUBJECTS[type.split('.')[0]!] ?? 'competition', id: subject?.id ?? 'C1' },
    data,
    ...rest,
  } as unknown as DomainEvent<T>;
};
