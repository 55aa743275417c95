import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { zeroStatsItem } from '../../shared/adapters/stats-store.js';
import type { Actor, EventType } from '../../shared/domain/events.js';
import { IMPORT_ACTOR } from '../../shared/domain/imported-history.js';
import {
  applyToRecord,
  counter,
  deltasFor,
  figuresOf,
  histogramMedian,
  mergeDeltas,
  NATIONAL_SCOPE,
  STATS_COUNTERS,
  type MonitoringEvent,
  type ProjectFacts,
} from '../../shared/domain/stats.js';
import { csvField, toCsv, UTF8_BOM } from '../../shared/http/csv.js';
import { messagesFor } from '../../shared/use-cases/dispatch.js';
import { anEvent } from '../support/events.js';

const project: ProjectFacts = {
  id: 'P1',
  kato: '350000000',
  sector: 'sewerage',
  value: '1250000000.50',
  approvalDate: '2026-01-10',
  plannedPublicationDate: '2026-02-15',
  readiness: 'ready',
  financing: { route: 'development-bank', status: 'approved', amount: '1000000000' },
};

const event = (type: EventType, data: Record<string, unknown> = {}, at = '2026-02-10T05:00:00.000Z', id = 'C1'): MonitoringEvent =>
  anEvent(type, data, { eventId: `${type}-1`, at, subject: { id } });

const only = (deltas: ReturnType<typeof deltasFor>, scope: string) => deltas.find((d) => d.scope === scope)?.counters;

describe('what each event adds to the counters', () => {
  it('counts a registered project at its stage in its region and nationally, with value in tiyn', () => {
    // Act
    const deltas = deltasFor(event('project.registered', { ...project, stage: 'selection' }, '2026-01-10T06:00:00.000Z', 'P1'));

    // Assess
    expect(deltas.map((d) => d.scope)).toEqual(['350000000', NATIONAL_SCOPE]);
    expect(only(deltas, NATIONAL_SCOPE)).toEqual({
      [counter.projects('selection')]: 1n,
      [counter.valueTiyn('selection')]: 125_000_000_050n,
      [counter.financingCount('development-bank', 'approved')]: 1n,
      [counter.financingTiyn('development-bank', 'approved')]: 100_000_000_000n,
      [counter.readiness('sewerage', 'ready')]: 1n,
      [counter.plannedInMonth('2026-02')]: 1n,
    });
  });

  it('moves a project to contractor determination on publication and counts the publication speed in Almaty days', () => {
    // 2026-02-09 20:00 UTC is 2026-02-10 in Almaty: 31 days after approval, before the planned date.
    const counters = only(deltasFor(event('competition.published', { projectId: 'P1' }, '2026-02-09T20:00:00.000Z'), { project }), '350000000');
    expect(counters).toMatchObject({
      [counter.projects('selection')]: -1n,
      [counter.projects('contractor-determination')]: 1n,
      [counter.valueTiyn('contractor-determination')]: 125_000_000_050n,
      [counter.publications]: 1n,
      [counter.onSchedule]: 1n,
      [counter.publicationDays(31)]: 1n,
      [counter.publicationDaysSum]: 31n,
      [counter.publishedInMonth('2026-02')]: 1n,
    });
  });

  it('counts a publication after the planned date as late', () => {
    const counters = only(deltasFor(event('competition.published', { projectId: 'P1' }, '2026-03-01T05:00:00.000Z'), { project }), NATIONAL_SCOPE)!;
    expect(counters[counter.publications]).toBe(1n);
    expect(counters[counter.onSchedule]).toBeUndefined();
  });

  it('takes the publication back when a published competition is cancelled, and ignores a cancelled draft', () => {
    const competition = { id: 'C1', projectId: 'P1', publishedAt: '2026-02-10T05:00:00.000Z' };
    const published = deltasFor(event('competition.published', { projectId: 'P1' }, competition.publishedAt), { project });
    const cancelled = deltasFor(event('competition.cancelled'), { project, competition });
    expect(mergeDeltas([...published, ...cancelled]).size).toBe(0);
    expect(deltasFor(event('competition.cancelled'), { project, competition: { id: 'C1', projectId: 'P1' } })).toEqual([]);
  });

  it('keeps an awarded project at contractor determination; the signed contract moves it to implementation, completion to completed', () => {
    expect(only(deltasFor(event('competition.awarded'), { project, competition: { id: 'C1', projectId: 'P1' } }), NATIONAL_SCOPE)).toBeUndefined();
    const facts = { competitionId: 'C1', projectId: 'P1', kato: project.kato, bin: '940140000385', value: '1' };
    expect(only(deltasFor(event('contract.activated', facts), { project }), NATIONAL_SCOPE)).toEqual({
      [counter.projects('contractor-determination')]: -1n,
      [counter.valueTiyn('contractor-determination')]: -125_000_000_050n,
      [counter.projects('implementation')]: 1n,
      [counter.valueTiyn('implementation')]: 125_000_000_050n,
    });
    expect(only(deltasFor(event('contract.completed', facts), { project }), NATIONAL_SCOPE)).toEqual({
      [counter.projects('implementation')]: -1n,
      [counter.valueTiyn('implementation')]: -125_000_000_050n,
      [counter.projects('completed')]: 1n,
      [counter.valueTiyn('completed')]: 125_000_000_050n,
    });
  });

  it('adds nothing when the facts of a competition event are missing', () => {
    expect(deltasFor(event('competition.published', { projectId: 'P1' }))).toEqual([]);
  });

  it('counts contractors nationally with the whole hours to verification', () => {
    expect(deltasFor(event('contractor.registered'))).toEqual([{ scope: NATIONAL_SCOPE, counters: { [counter.contractorsRegistered]: 1n } }]);
    const verified = deltasFor(event('contractor.verified', { registeredAt: '2026-02-01T10:00:00.000Z', verifiedAt: '2026-02-01T13:59:00.000Z' }));
    expect(verified).toEqual([
      { scope: NATIONAL_SCOPE, counters: { [counter.contractorsVerified]: 1n, [counter.verificationHours(3)]: 1n, [counter.verificationHoursSum]: 3n } },
    ]);
  });

  it('follows inquiries from new through in progress to answered, on time or late; national ones only nationally', () => {
    const facts = { kato: '750000000', topic: 'competition', filedAt: '2026-02-01T05:00:00.000Z', dueAt: '2026-02-06T13:00:00.000Z' };
    const all = [
      ...deltasFor(event('inquiry.filed', facts)),
      ...deltasFor(event('inquiry.taken', { ...facts, takenAt: '2026-02-02T05:00:00.000Z' })),
      ...deltasFor(event('inquiry.answered', { ...facts, answeredAt: '2026-02-03T05:00:00.000Z' })),
    ];
    expect(Object.fromEntries(mergeDeltas(all).get('750000000')!)).toEqual({
      [counter.inquiries('answered')]: 1n,
      [counter.inquiriesAnsweredOnTime]: 1n,
    });
    expect(deltasFor(event('inquiry.filed', { ...facts, kato: null })).map((d) => d.scope)).toEqual([NATIONAL_SCOPE]);
  });
});

describe('figures read back from the counters', () => {
  it('computes the median from the per-day histogram, exact for odd and even totals', () => {
    expect(histogramMedian([])).toBeNull();
    expect(histogramMedian([0, 0, 3])).toBe(2);
    expect(histogramMedian([1, 0, 0, 1])).toBe(1.5);
    expect(histogramMedian([2, 1, 0, 5])).toBe(3);
  });

  it('adds money exactly beyond 2^53 tiyn and shows tenge as decimal strings', () => {
    // Prepare: 974 bn tenge = 9.74e13 tiyn, plus 50 tiyn
    const record = applyToRecord({}, { [counter.valueTiyn('selection')]: 97_400_000_000_000n, [counter.projects('selection')]: 1n });
    const more = applyToRecord(record, { [counter.valueTiyn('selection')]: 9_007_199_254_740_993n, [counter.projects('selection')]: 1n });

    // Act
    const figures = figuresOf(more);

    // Assess
    expect(figures.value.total).toBe('91045992547409.93');
    expect(figures.projects.total).toBe(2);
  });
});

describe('the aggregate item', () => {
  /** DynamoDB's item size: names plus values; a number takes 1 byte plus 1 per two significant digits. */
  const itemBytes = (item: Record<string, AttributeValue>): number =>
    Object.entries(item).reduce((sum, [name, value]) => {
      if (value.S !== undefined) return sum + Buffer.byteLength(name) + Buffer.byteLength(value.S);
      const digits = value.N!.replace(/^-/, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '').length || 1;
      return sum + Buffer.byteLength(name) + 1 + Math.ceil(digits / 2);
    }, 0);

  it('holds every counter from its creation and stays within 4–8 KB however large the counts, so a read costs 1 unit', () => {
    // Prepare
    const zero = zeroStatsItem('750000000', '2026-03-04T00:00:00.000Z');
    const full = Object.fromEntries(
      Object.entries(zero).map(([name, value]) => [name, value.N === undefined ? value : { N: /tiyn|^value\./.test(name) ? '99999999999999999' : '9999999' }]),
    );

    // Assess
    expect(STATS_COUNTERS.every((name) => zero[name]?.N === '0')).toBe(true);
    expect(itemBytes(zero)).toBeGreaterThan(4096);
    expect(itemBytes(full)).toBeLessThan(8192);
  });
});

describe('routing to the monitoring queue', () => {
  const domainEvent = (type: EventType, actor: Actor = { sub: 'u', role: 'akimat' }) =>
    anEvent(type, { projectId: 'P1', kato: '350000000', sector: 'heat' }, { eventId: 'e-1', at: '2026-03-04T05:00:00.000Z', actor });

  it('sends each counted event to the monitoring queue once, without its before/after snapshots', () => {
    const monitoring = messagesFor({ ...domainEvent('competition.published'), before: { status: 'draft' } }).filter((m) => m.queue === 'monitoring');
    expect(monitoring).toEqual([
      {
        queue: 'monitoring',
        id: 'e-1:monitoring',
        body: { eventId: 'e-1', type: 'competition.published', at: '2026-03-04T05:00:00.000Z', subject: { kind: 'competition', id: 'C1' }, data: { projectId: 'P1', kato: '350000000', sector: 'heat' } },
      },
    ]);
    expect(messagesFor(domainEvent('question.asked')).filter((m) => m.queue === 'monitoring')).toEqual([]);
    // Amendments count no figure but raise red flags (≥ 3 amendments), computed by the same consumer.
    expect(messagesFor(domainEvent('competition.amended')).filter((m) => m.queue === 'monitoring')).toHaveLength(1);
  });

  it('counts imported history but notifies nobody of it', () => {
    const queues = messagesFor(domainEvent('competition.published', IMPORT_ACTOR)).map((m) => m.queue);
    expect(queues).toContain('monitoring');
    expect(queues).not.toContain('match');
    expect(queues).not.toContain('mail');
    expect(messagesFor(domainEvent('competition.published')).map((m) => m.queue)).toContain('match');
  });
});

describe('CSV downloads', () => {
  it('start with the UTF-8 byte-order mark and keep Cyrillic and Kazakh letters as they are', () => {
    const csv = toCsv(['Регион', 'Өңір'], [['Карагандинская область', 'Қарағанды облысы']]);
    expect(csv.startsWith(UTF8_BOM)).toBe(true);
    expect(Buffer.from(csv, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(csv).toBe(`${UTF8_BOM}Регион,Өңір\r\nКарагандинская область,Қарағанды облысы\r\n`);
  });

  it('quotes fields with commas, quotes or line breaks and defuses formulas', () => {
    expect(csvField('Стоимость, тенге')).toBe('"Стоимость, тенге"');
    expect(csvField('ТОО «Су» "Арнасы"')).toBe('"ТОО «Су» ""Арнасы"""');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('-12')).toBe('-12');
    expect(csvField(null)).toBe('');
  });
});
