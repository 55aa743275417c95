/**
 * Matching on the in-memory ports: a publication reaches the verified subscribers of its region × sector, once each,
 * in their language, a bounded number of pages per invocation; reminders skip bidders and stop when bids close;
 * bidders hear about the opening.
 */
import { describe, expect, it } from 'vitest';
import { fanOut, SUBSCRIBER_PAGES_PER_JOB, type JobQueue } from '../../shared/use-cases/matching.js';
import { aContractor, aQuestion, KATO, T0 } from '../support/factories.js';
import { MemoryJobQueue, memoryMatchingReader, memoryPorts } from '../support/memory/index.js';
import { aPublishedIn, aTenderingIn, aVerifiedBidderIn, signedBid } from '../support/memory/scenarios.js';
import { moveClockTo, useTestClock } from '../support/test-clock.js';

useTestClock(T0);

type MatchJob = Parameters<JobQueue['sendMatch']>[0];

const job = (competitionId: string, overrides: Partial<MatchJob> = {}): MatchJob => ({
  eventId: `event-${competitionId}`,
  competitionId,
  reason: 'published',
  audience: ['subscribers'],
  ...overrides,
});

describe('subscribers', () => {
  it('reaches the verified subscribers of the region × sector only, once each, in their language, with an unsubscribe link', async () => {
    const ports = memoryPorts();
    const { competition } = await aPublishedIn(ports, { kato: KATO, sector: 'heat' });
    const here = [{ kato: KATO, sector: 'heat' as const }];
    const kk = ports.seed.contractor(aContractor({ subscriptions: here, language: 'kk' }));
    const ru = ports.seed.contractor(aContractor({ subscriptions: [...here, { kato: KATO, sector: 'water' }] }));
    ports.seed.contractor(aContractor({ subscriptions: here, status: 'pending' }));
    ports.seed.contractor(aContractor({ subscriptions: [{ kato: '750000000', sector: 'heat' }] }));
    ports.seed.contractor(aContractor({ subscriptions: [{ kato: KATO, sector: 'gas' }] }));
    const queue = new MemoryJobQueue();

    const sent = await fanOut({ reader: memoryMatchingReader(ports.table), queue }, job(competition.id));

    expect(sent).toBe(2);
    expect(queue.mails.map((m) => [m.to, m.language, m.template]).sort()).toEqual(
      [
        [kk.email, 'kk', 'competition-published'],
        [ru.email, 'ru', 'competition-published'],
      ].sort(),
    );
    expect(queue.mails.every((m) => m.unsubscribeToken !== undefined && m.eventId === `event-${competition.id}`)).toBe(true);
    expect(queue.matches).toEqual([]);
  });

  it(`reads at most ${SUBSCRIBER_PAGES_PER_JOB} pages per invocation and continues in a new job, reaching everyone once`, async () => {
    const ports = memoryPorts();
    const { competition } = await aPublishedIn(ports);
    const subscribers = Array.from({ length: 2 * SUBSCRIBER_PAGES_PER_JOB + 2 }, () =>
      ports.seed.contractor(aContractor({ subscriptions: [{ kato: KATO, sector: 'heat' }] })),
    );
    const reader = memoryMatchingReader(ports.table, 2);
    const queue = new MemoryJobQueue();

    await fanOut({ reader, queue }, job(competition.id));
    expect(queue.mails).toHaveLength(2 * SUBSCRIBER_PAGES_PER_JOB);
    expect(queue.matches).toEqual([expect.objectContaining({ audience: ['subscribers'], cursor: expect.any(Object) })]);
    await fanOut({ reader, queue }, queue.matches[0]!);

    expect(queue.mails.map((m) => m.to).sort()).toEqual(subscribers.map((c) => c.email).sort());
    expect(queue.matches).toHaveLength(1);
  });
});

describe('reminders', () => {
  it('go to subscribers who have not bid, and only while bids are accepted', async () => {
    const ports = memoryPorts();
    const { competition } = await aTenderingIn(ports);
    const subscriptions = [{ kato: KATO, sector: 'heat' as const }];
    const bidder = aVerifiedBidderIn(ports, { subscriptions });
    const idle = ports.seed.contractor(aContractor({ subscriptions }));
    await signedBid(ports, bidder.caller, competition.id, '1');
    const reader = memoryMatchingReader(ports.table);
    const queue = new MemoryJobQueue();

    await fanOut({ reader, queue }, job(competition.id, { reason: 'reminder' }));
    moveClockTo(competition.tenderPeriod!.endDate);
    await fanOut({ reader, queue }, job(competition.id, { reason: 'reminder', eventId: 'late' }));

    expect(queue.mails.map((m) => m.to)).toEqual([idle.email]);
  });
});

describe('bidders', () => {
  it('are each told about the opening once, with their own price', async () => {
    const ports = memoryPorts();
    const { competition } = await aTenderingIn(ports);
    const x = aVerifiedBidderIn(ports);
    const y = aVerifiedBidderIn(ports);
    await signedBid(ports, x.caller, competition.id, '100');
    await signedBid(ports, y.caller, competition.id, '200');
    const queue = new MemoryJobQueue();

    await fanOut({ reader: memoryMatchingReader(ports.table), queue }, job(competition.id, { reason: 'opened', audience: ['bidders'] }));

    expect(queue.mails.map((m) => [m.to, m.template, m.vars.price?.replace(/\s/g, ' ')]).sort()).toEqual(
      [
        [x.contractor.email, 'bids-opened-bidder', expect.stringContaining('100')],
        [y.contractor.email, 'bids-opened-bidder', expect.stringContaining('200')],
      ].sort(),
    );
  });
});

describe('askers', () => {
  it('are told once that a question was answered, however many they asked', async () => {
    const ports = memoryPorts();
    const { competition } = await aPublishedIn(ports);
    const asker = ports.seed.contractor(aContractor());
    ports.seed.question(aQuestion({ competitionId: competition.id, askerBin: asker.bin }));
    ports.seed.question(aQuestion({ competitionId: competition.id, askerBin: asker.bin }));
    const queue = new MemoryJobQueue();

    await fanOut({ reader: memoryMatchingReader(ports.table), queue }, job(competition.id, { reason: 'answered', audience: ['askers'] }));

    expect(queue.mails.map((m) => [m.to, m.template])).toEqual([[asker.email, 'question-answered']]);
  });
});
