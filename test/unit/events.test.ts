import { describe, expect, it } from 'vitest';
import { makeEvent } from '../../shared/domain/events.js';
import { IMPORT_ACTOR } from '../../shared/domain/imported-history.js';

describe('makeEvent', () => {
  it('builds the stored shape: id, type, time, actor, subject, data, and the snapshots only when given', () => {
    // Act
    const event = makeEvent('competition.awarded', {
      at: '2026-03-04T06:00:00.000Z',
      actor: { sub: 'akimat-1', role: 'akimat' },
      subject: { kind: 'competition', id: 'C1' },
      data: { bin: '123456789012', price: '1000000' },
      before: { status: 'active.evaluation' },
    });

    // Assess: the outbox item spreads the event, so its keys (and their order) are the stored attributes.
    expect(Object.keys(event)).toEqual(['eventId', 'type', 'at', 'actor', 'subject', 'data', 'before']);
    expect(event.eventId).toMatch(/^[0-9a-f-]{36}$/);
    expect(event).toMatchObject({ type: 'competition.awarded', data: { bin: '123456789012', price: '1000000' } });
  });

  it('keeps a given id, so imported history is reproducible', () => {
    const event = makeEvent('project.registered', {
      eventId: 'P1-registered',
      at: '2026-01-10T06:00:00.000Z',
      actor: IMPORT_ACTOR,
      subject: { kind: 'project', id: 'P1' },
      data: {
        kato: '350000000',
        sector: 'heat',
        value: '1000',
        approvalDate: '2026-01-10',
        plannedPublicationDate: '2026-02-15',
        readiness: 'ready',
        financing: { route: 'budget', status: 'approved' },
        stage: 'selection',
      },
    });
    expect(event.eventId).toBe('P1-registered');
    expect('before' in event || 'after' in event).toBe(false);
  });

  it('refuses, at compile time, data its consumers do not read and subjects of another kind', () => {
    const fields = { at: '2026-03-04T06:00:00.000Z', actor: { system: 'test' } } as const;
    // @ts-expect-error `price` is the awarded price's name: a renamed field breaks the producer, not the counters.
    makeEvent('competition.awarded', { ...fields, subject: { kind: 'competition', id: 'C1' }, data: { bin: '1', amount: '1' } });
    // @ts-expect-error a contractor event is about a contractor.
    makeEvent('contractor.verified', { ...fields, subject: { kind: 'competition', id: 'C1' }, data: { registeredAt: 'a', verifiedAt: 'b' } });
  });
});
