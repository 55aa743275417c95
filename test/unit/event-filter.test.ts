import { describe, expect, it } from 'vitest';
import { checkFilterPattern, passesFilters } from '../../infra/local/event-filter.js';
import { functions, type FilterPattern } from '../../infra/topology.js';

const streamRecord = (eventName: string, newImage?: Record<string, unknown>) => ({
  eventName,
  eventSource: 'aws:dynamodb',
  dynamodb: { Keys: { PK: { S: 'X' } }, ...(newImage ? { NewImage: newImage } : {}), SequenceNumber: '1' },
});

describe('local event filtering (Lambda FilterCriteria)', () => {
  const dispatchFilters = functions.dispatch.stream.filters;

  it('delivers an inserted outbox event to dispatch', () => {
    // Act
    const delivered = passesFilters(dispatchFilters, streamRecord('INSERT', { kind: { S: 'event' }, type: { S: 'competition.published' } }));

    // Assess
    expect(delivered).toBe(true);
  });

  it.each([
    ['a mail ledger claim', streamRecord('INSERT', { kind: { S: 'mail' } })],
    ['an OCDS release', streamRecord('INSERT', { kind: { S: 'release' } })],
    ['a monitoring counter update', streamRecord('MODIFY', { kind: { S: 'stats' } })],
    ['an event item modified', streamRecord('MODIFY', { kind: { S: 'event' } })],
    ['a TTL delete (no new image)', streamRecord('REMOVE')],
    ['an item without kind', streamRecord('INSERT', { PK: { S: 'X' } })],
  ])('drops %s before dispatch is invoked', (_what, record) => {
    // Act
    const delivered = passesFilters(dispatchFilters, record);

    // Assess
    expect(delivered).toBe(false);
  });

  it('delivers everything without filters, and a record matching any one of several patterns', () => {
    // Prepare
    const patterns: FilterPattern[] = [{ eventName: ['REMOVE'] }, { dynamodb: { NewImage: { kind: { S: [{ prefix: 'ev' }] } } } }];

    // Act / Assess
    expect(passesFilters(undefined, streamRecord('MODIFY'))).toBe(true);
    expect(passesFilters(patterns, streamRecord('REMOVE'))).toBe(true);
    expect(passesFilters(patterns, streamRecord('MODIFY', { kind: { S: 'event' } }))).toBe(true);
    expect(passesFilters(patterns, streamRecord('MODIFY', { kind: { S: 'mail' } }))).toBe(false);
  });

  it('evaluates exists and anything-but as Lambda does', () => {
    // Prepare
    const withoutKind: FilterPattern = { dynamodb: { NewImage: { kind: [{ exists: false }] } } };
    const notMail: FilterPattern = { dynamodb: { NewImage: { kind: { S: [{ 'anything-but': ['mail'] }] } } } };

    // Act / Assess
    expect(passesFilters([withoutKind], streamRecord('INSERT', { PK: { S: 'X' } }))).toBe(true);
    expect(passesFilters([withoutKind], streamRecord('INSERT', { kind: { S: 'event' } }))).toBe(false);
    expect(passesFilters([notMail], streamRecord('INSERT', { kind: { S: 'event' } }))).toBe(true);
    expect(passesFilters([notMail], streamRecord('INSERT', { kind: { S: 'mail' } }))).toBe(false);
  });

  it('refuses a rule it cannot evaluate exactly (rather than match differently from Lambda)', () => {
    // Act / Assess
    expect(() => checkFilterPattern({ dynamodb: { SizeBytes: [{ numeric: ['>', 10] } as never] } })).toThrow(/unsupported rule/);
    expect(() => checkFilterPattern({ eventName: 'INSERT' as never })).toThrow(/array of values/);
  });
});
