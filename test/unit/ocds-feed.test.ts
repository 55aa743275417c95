/**
 * The OCDS change feed and writer against in-memory ports: the hold-back, the cursor across months, the bound that
 * makes concurrent writes safe (and what happens past it), idempotent publication and the slow-write warning.
 */
import { describe, expect, it } from 'vitest';
import type { Bid, Competition } from '../../shared/domain/competition.js';
import type { OcdsRelease } from '../../shared/domain/ocds-release.js';
import type { Project } from '../../shared/domain/project.js';
import { ValidationError } from '../../shared/errors.js';
import {
  decodeFeedCursor,
  encodeFeedCursor,
  nextMonth,
  readFeed,
  type FeedEntry,
  type OcdsPackageDeps,
  type OcdsReleaseReader,
} from '../../shared/use-cases/ocds-packages.js';
import { publishRelease, type OcdsPublisherDeps, type StoredRelease } from '../../shared/use-cases/ocds-publisher.js';
import { anEvent } from '../support/events.js';

const HOLD_BACK_MS = 2000;

/** A committed feed entry of a fake release. */
const entry = (writtenAt: string, n: number): FeedEntry => ({
  sortKey: `${writtenAt}#r${n}`,
  writtenAt,
  release: { id: `r${n}`, ocid: 'ocds-x-1', date: writtenAt } as unknown as OcdsRelease,
});

/** The feed partitions in memory, with the adapter's semantics (sort key order, exclusive bounds). */
class MemoryFeed implements OcdsReleaseReader {
  readonly committed: FeedEntry[] = [];
  first?: string;
  add(e: FeedEntry): void {
    this.committed.push(e);
    if (!this.first || e.writtenAt.slice(0, 7) < this.first) this.first = e.writtenAt.slice(0, 7);
  }
  firstMonth = async () => this.first;
  feed = async (month: string, after: string | undefined, before: string, limit: number) => {
    const all = this.committed
      .filter((e) => e.writtenAt.slice(0, 7) === month && (!after || e.sortKey > after) && e.sortKey < before)
      .sort((a, b) => (a.sortKey < b.sortKey ? -1 : 1));
    return { entries: all.slice(0, limit), more: all.length > limit };
  };
  releasesOf = async () => [];
}

const feedDeps = (feed: OcdsReleaseReader, clock: { ms: number }): OcdsPackageDeps => ({
  releases: feed,
  now: () => new Date(clock.ms),
  holdBackMs: HOLD_BACK_MS,
  ocidPrefix: 'ocds-x',
  meta: { apiBaseUrl: 'https://api.example', publisher: { name: 'Test' }, license: 'https://l.example', publicationPolicy: 'https://p.example' },
});

const cursorOf = (next: string): string => new URL(next).searchParams.get('cursor')!;

describe('readFeed', () => {
  it('returns only entries written more than the hold-back ago, and the rest once they are', async () => {
    // Prepare
    const feed = new MemoryFeed();
    const clock = { ms: Date.parse('2026-03-10T12:00:10.000Z') };
    feed.add(entry('2026-03-10T12:00:07.000Z', 1));
    feed.add(entry('2026-03-10T12:00:08.500Z', 2)); // inside the hold-back window

    // Act
    const first = await readFeed(feedDeps(feed, clock), { limit: 100 });
    clock.ms += 1000;
    const second = await readFeed(feedDeps(feed, clock), { limit: 100, cursor: cursorOf(first.next) });

    // Assess
    expect(first.package!.releases.map((r) => r.id)).toEqual(['r1']);
    expect(second.package!.releases.map((r) => r.id)).toEqual(['r2']);
    expect(second.package!.links).toEqual({ next: second.next });
    expect(second.package!.publishedDate).toBe('2026-03-10T12:00:08.500Z');
  });

  it('pages through months in write order, each entry once, starting at the first month with data', async () => {
    // Prepare
    const feed = new MemoryFeed();
    const clock = { ms: Date.parse('2026-02-01T00:00:05.000Z') };
    const times = ['2025-12-31T23:59:59.999Z', '2025-12-01T00:00:00.000Z', '2026-01-15T10:00:00.000Z', '2026-02-01T00:00:01.000Z', '2026-01-31T23:59:59.000Z'];
    times.forEach((t, i) => feed.add(entry(t, i)));

    // Act
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 10; page += 1) {
      const result = await readFeed(feedDeps(feed, clock), { limit: 2, ...(cursor ? { cursor } : {}) });
      seen.push(...(result.package?.releases.map((r) => r.date) ?? []));
      cursor = cursorOf(result.next);
    }

    // Assess
    expect(seen).toEqual([...times].sort());
    expect(decodeFeedCursor(cursor!)).toEqual({ month: '2026-02', after: '2026-02-01T00:00:01.000Z#r3' });
  });

  it('answers without a package when nothing is visible, with where to read next', async () => {
    // Prepare
    const feed = new MemoryFeed();
    const clock = { ms: Date.parse('2026-03-10T12:00:00.000Z') };

    // Act
    const empty = await readFeed(feedDeps(feed, clock), { limit: 100 });
    feed.add(entry('2026-03-10T12:00:00.500Z', 1));
    clock.ms += 3000;
    const later = await readFeed(feedDeps(feed, clock), { limit: 100, cursor: cursorOf(empty.next) });

    // Assess
    expect(empty.package).toBeUndefined();
    expect(decodeFeedCursor(cursorOf(empty.next))).toEqual({ month: '2026-03', after: '' });
    expect(later.package!.releases.map((r) => r.id)).toEqual(['r1']);
  });

  it('refuses a cursor it did not issue', async () => {
    // Act + Assess
    for (const bad of ['garbage', encodeFeedCursor({ month: '2026-13', after: '' }), encodeFeedCursor({ month: '2026-03', after: '2026-04-01T00:00:00.000Z#x' })]) {
      expect(() => decodeFeedCursor(bad)).toThrow(ValidationError);
    }
    expect(nextMonth('2025-12')).toBe('2026-01');
    expect(nextMonth('2026-09')).toBe('2026-10');
  });

  it.each([
    ['never passes a concurrent write that commits within the hold-back', 1900, false],
    ['can pass a write that outlasts the hold-back (the bound the writer warns about)', 4000, true],
  ])('%s', async (_, maxCommitDelayMs, canMiss) => {
    // Prepare: writers stamp writtenAt, then commit after a delay; a reader polls every 100 ms of the same clock.
    const feed = new MemoryFeed();
    const clock = { ms: Date.parse('2026-03-31T23:59:00.000Z') };
    let seed = 42;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const pending: { commitAt: number; e: FeedEntry }[] = [];
    const seen: string[] = [];
    let cursor: string | undefined;
    let n = 0;

    // Act: 2 simulated minutes across a month boundary.
    for (let step = 0; step < 1200; step += 1) {
      clock.ms += 100;
      for (let w = 0; w < 3; w += 1) {
        if (random() < 0.5) pending.push({ commitAt: clock.ms + Math.floor(random() * maxCommitDelayMs), e: entry(new Date(clock.ms).toISOString(), (n += 1)) });
      }
      for (const p of pending.filter((p) => p.commitAt <= clock.ms)) feed.add(p.e);
      pending.splice(0, pending.length, ...pending.filter((p) => p.commitAt > clock.ms));
      const page = await readFeed(feedDeps(feed, clock), { limit: 7, ...(cursor ? { cursor } : {}) });
      seen.push(...(page.package?.releases.map((r) => r.id) ?? []));
      cursor = cursorOf(page.next);
    }
    for (const p of pending) feed.add(p.e);
    for (let i = 0; i < 400; i += 1) {
      clock.ms += 100;
      const page = await readFeed(feedDeps(feed, clock), { limit: 500, cursor: cursor! });
      seen.push(...(page.package?.releases.map((r) => r.id) ?? []));
      cursor = cursorOf(page.next);
    }

    // Assess
    expect(new Set(seen).size).toBe(seen.length);
    const missed = feed.committed.length - seen.length;
    if (canMiss) expect(missed).toBeGreaterThan(0);
    else expect(missed).toBe(0);
  });
});

describe('publishRelease', () => {
  const project: Project = {
    id: 'P1',
    kato: '750000000',
    sector: 'water',
    title: { ru: 'Водопровод', kk: 'Су құбыры', en: 'Water main' },
    value: '500000000',
    approvalDate: '2026-01-10',
    plannedPublicationDate: '2026-03-01',
    stage: 'contractor-determination',
    readiness: 'ready',
    financing: { route: 'housing-company', status: 'approved' },
    akimat: { name: { ru: 'Акимат города Алматы', kk: 'Алматы қаласының әкімдігі', en: 'Almaty City Akimat' } },
    official: { name: 'X', position: 'Y' },
  };
  const at = '2026-03-02T09:00:00.000Z';
  const competition: Competition = {
    id: 'C1',
    projectId: 'P1',
    kato: '750000000',
    sector: 'water',
    title: { ru: 'Водопровод' },
    estimatedValue: '500000000',
    status: 'active.clarification',
    version: 1,
    bidsValidFromVersion: 1,
    enquiryPeriod: { startDate: at, endDate: '2026-03-04T09:00:00.000Z' },
    tenderPeriod: { startDate: '2026-03-04T09:00:00.000Z', endDate: '2026-03-11T09:00:00.000Z' },
    createdAt: at,
    updatedAt: at,
    publishedAt: at,
    createdBy: 's',
  };
  const published = anEvent('competition.published', {}, { at, actor: { sub: 's', role: 'akimat' } });
  const job = { eventId: 'e1', type: 'competition.published', at, competitionId: 'C1' } as const;

  const deps = (overrides: Partial<OcdsPublisherDeps> & { stored?: Map<string, StoredRelease>; delayMs?: number } = {}) => {
    const stored = overrides.stored ?? new Map<string, StoredRelease>();
    const warnings: unknown[] = [];
    const listedBids: string[] = [];
    const result: OcdsPublisherDeps = {
      history: {
        competition: async () => competition,
        versions: async () => [competition],
        events: async () => [published],
      },
      projects: { get: async () => project },
      bids: { listBids: async (id: string): Promise<Bid[]> => (listedBids.push(id), []) },
      contractors: { get: async () => undefined },
      releases: {
        noteMonth: async () => undefined,
        put: async (entry) => {
          await new Promise((resolve) => setTimeout(resolve, overrides.delayMs ?? 0));
          if (stored.has(entry.releaseId)) return 'exists';
          stored.set(entry.releaseId, entry);
          return 'written';
        },
      },
      now: () => new Date(),
      holdBackMs: HOLD_BACK_MS,
      ocidPrefix: 'ocds-x',
      apiBaseUrl: 'https://api.example',
      warn: (message, details) => warnings.push({ message, details }),
      ...overrides,
    };
    return { deps: result, stored, warnings, listedBids };
  };

  it('writes the release once: a redelivered job finds it and keeps the first write', async () => {
    // Prepare
    const { deps: d, stored, listedBids } = deps();

    // Act
    const first = await publishRelease(d, job);
    const again = await publishRelease(d, job);

    // Assess
    expect([first, again]).toEqual(['written', 'exists']);
    expect([...stored.keys()]).toEqual(['ocds-x-C1-e1']);
    expect(stored.get('ocds-x-C1-e1')!.release).toMatchObject({ ocid: 'ocds-x-C1', tag: ['tender'] });
    expect(listedBids).toEqual([]); // sealed: bids are not even read before opening
  });

  it('warns when a write takes more than half the hold-back', async () => {
    // Prepare
    const { deps: d, warnings } = deps({ holdBackMs: 100, delayMs: 80 });

    // Act
    await publishRelease(d, job);

    // Assess
    expect(warnings).toEqual([expect.objectContaining({ message: expect.stringContaining('half the hold-back') })]);
  });

  it("publishes, from the opening on, the documents each valid bid item carries, read with the bids", async () => {
    // Prepare
    const openedAt = '2026-03-11T09:00:00.000Z';
    const opened = anEvent('competition.bids-opened', {}, { eventId: 'e2', at: openedAt });
    const document = { id: 'BD1', envelope: 'financial', title: 'Ценовое предложение', fileName: 'price.pdf', sha256: 'ab'.repeat(32), size: 10, contentType: 'application/pdf' } as const;
    const bid: Bid = { competitionId: 'C1', bin: '961141000023', price: '450000000', competitionVersion: 1, submittedAt: openedAt, receiptId: 'R1', documents: [document] };
    const { deps: d, stored } = deps({
      history: { competition: async () => ({ ...competition, bidsOpenedAt: openedAt }), versions: async () => [competition], events: async () => [published, opened] },
      bids: { listBids: async () => [bid] },
    });

    // Act
    await publishRelease(d, { eventId: 'e2', type: 'competition.bids-opened', at: openedAt, competitionId: 'C1' });

    // Assess
    expect(stored.get('ocds-x-C1-e2')!.release.bids!.details[0]!.documents).toEqual([
      { id: 'BD1', documentType: 'submissionDocuments', title: 'Ценовое предложение', format: 'application/pdf', envelope: 'financial', hash: `sha256:${'ab'.repeat(32)}` },
    ]);
  });

  it('publishes the award with the decisions, award and complaints its events record up to it, whatever happened later', async () => {
    // Prepare
    const openedAt = '2026-03-11T09:00:00.000Z';
    const awardedAt = '2026-03-13T09:00:00.000Z';
    const later = '2026-03-14T09:00:00.000Z';
    const [winner, loser] = ['961141000023', '950140000385'];
    const bidOf = (bin: string, price: string): Bid => ({ competitionId: 'C1', bin, price, competitionVersion: 1, submittedAt: openedAt, receiptId: `R-${bin}` });
    const history = [
      published,
      anEvent('competition.bids-opened', {}, { eventId: 'e-open', at: openedAt }),
      anEvent('bid.qualification-decided', { bin: loser, decision: 'disqualified', reasons: [{ code: 'other', text: 'x' }] }, { eventId: 'e-q1', at: '2026-03-12T09:00:00.000Z' }),
      anEvent('bid.qualification-decided', { bin: winner, decision: 'qualified', reasons: [] }, { eventId: 'e-q2', at: '2026-03-12T10:00:00.000Z' }),
      anEvent('competition.awarded', { bin: winner, price: '450000000', awardId: '1', complaintPeriod: { startDate: awardedAt, endDate: later }, protocol: { id: 'PROT', sha256: 'cd'.repeat(32) } }, { eventId: 'e-award', at: awardedAt }),
      // After the award: a complaint, and a satisfied decision that cancelled the award.
      anEvent('complaint.filed', { complaintId: 'K1', subject: 'award', title: 'T', text: 'D', authorBin: loser, authorName: 'L', kato: '350000000', reviewDueAt: later, awardId: '1' }, { eventId: 'e-k1', at: later }),
      anEvent('competition.award-cancelled', { awardId: '1', bin: winner, complaintId: 'K1' }, { eventId: 'e-cancel', at: later }),
    ];
    const current: Competition = { ...competition, status: 'active.evaluation', bidsOpenedAt: openedAt, evaluationReopenedAt: later };
    const { deps: d, stored } = deps({
      history: { competition: async () => current, versions: async () => [competition], events: async () => history },
      bids: { listBids: async () => [bidOf(winner, '450000000'), bidOf(loser, '440000000')] },
    });

    // Act
    await publishRelease(d, { eventId: 'e-award', type: 'competition.awarded', at: awardedAt, competitionId: 'C1' });
    await publishRelease(d, { eventId: 'e-cancel', type: 'competition.award-cancelled', at: later, competitionId: 'C1' });

    // Assess
    const award = stored.get('ocds-x-C1-e-award')!.release;
    expect(award.bids!.details.map((b) => [b.id, b.status])).toEqual([[`R-${loser}`, 'disqualified'], [`R-${winner}`, 'valid']]);
    expect(award.awards).toEqual([expect.objectContaining({ status: 'active', complaintPeriod: { startDate: awardedAt, endDate: later } })]);
    expect(award.awards![0]).not.toHaveProperty('complaints');
    expect(award.tender.documents!.map((doc) => doc.id)).toEqual(['PROT']);
    const cancellation = stored.get('ocds-x-C1-e-cancel')!.release;
    expect(cancellation.tag).toEqual(['awardCancellation']);
    expect(cancellation.awards).toEqual([expect.objectContaining({ status: 'cancelled', complaints: [expect.objectContaining({ id: 'K1', status: 'pending' })] })]);
  });

  it('publishes nothing for a competition that was never published', async () => {
    // Prepare
    const draft = { ...competition, status: 'cancelled' as const, publishedAt: undefined };
    const { deps: d, stored } = deps({
      history: { competition: async () => draft as unknown as Competition, versions: async () => [], events: async () => [] },
    });

    // Act
    const outcome = await publishRelease(d, { ...job, type: 'competition.cancelled' });

    // Assess
    expect(outcome).toBe('skipped');
    expect(stored.size).toBe(0);
  });
});
