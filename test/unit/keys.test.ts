import { describe, expect, it } from 'vitest';
import {
  bidIndexKeys,
  competitionIndexKeys,
  competitionPartition,
  eventSortKey,
  inquiryIndexKeys,
  inquiryPartition,
  keys,
  mailClaimPartition,
  projectIndexKeys,
  projectPartition,
} from '../../shared/keys.js';

// Stored items outlive the code: these strings are what the table already holds, so they must not change.
describe('table keys', () => {
  it('keeps the stored layout of competition partitions', () => {
    expect(keys.competitionVersion('c1', 1)).toEqual({ PK: 'COMP#c1', SK: 'VERSION#0001' });
    expect(keys.competitionVersion('c1', 12)).toEqual({ PK: 'COMP#c1', SK: 'VERSION#0012' });
    expect(keys.bid('c1', '123456789012')).toEqual({ PK: 'COMP#c1', SK: 'BID#123456789012' });
    expect(keys.question('c1', 'q1')).toEqual({ PK: 'COMP#c1', SK: 'QUESTION#q1' });
    expect(keys.event('COMP#c1', '2026-01-01T00:00:00.000Z', 'e1')).toEqual({ PK: 'COMP#c1', SK: eventSortKey('2026-01-01T00:00:00.000Z', 'e1') });
    expect(eventSortKey('2026-01-01T00:00:00.000Z', 'e1')).toBe('EVENT#2026-01-01T00:00:00.000Z#e1');
  });

  it('keeps idempotency records and mail claims where they were', () => {
    expect(keys.idempotency('akimat-1', 'k-1')).toEqual({ PK: 'IDEMP#akimat-1#k-1', SK: 'IDEMP' });
    expect(keys.mailClaim('e1', 'a@b.kz')).toEqual({ PK: 'MAIL#e1', SK: 'TO#a@b.kz' });
    expect(mailClaimPartition('e1')).toBe('MAIL#e1');
  });

  it('builds each index partition with the builder the lists query', () => {
    const competition = competitionIndexKeys({ id: 'c1', kato: '750000000', sector: 'heat', status: 'active.tendering', publishedAt: 'x' });
    expect(competition).toMatchObject({ GSI1PK: competitionPartition('750000000'), GSI2PK: competitionPartition('active.tendering') });
    expect(competition.GSI2PK).toBe('COMPS#active.tendering');
    const project = projectIndexKeys({ id: 'p1', kato: '750000000', sector: 'heat', stage: 'selection' });
    expect(project).toMatchObject({ GSI1PK: 'PROJECTS#750000000', GSI2PK: 'PROJECTS' });
    expect([projectPartition('750000000'), projectPartition()]).toEqual([project.GSI1PK, project.GSI2PK]);
    const inquiry = inquiryIndexKeys({ id: 'i1', routedTo: 'ministry', status: 'new' });
    expect([inquiryPartition('ministry'), inquiryPartition()]).toEqual([inquiry.GSI1PK, inquiry.GSI2PK]);
    expect(inquiry).toMatchObject({ GSI1PK: 'INQUIRIES#ministry', GSI2PK: 'INQUIRIES' });
    expect(bidIndexKeys({ competitionId: 'c1', bin: '123456789012' })).toEqual({ GSI1PK: 'BIDS#123456789012', GSI1SK: 'c1' });
  });
});
