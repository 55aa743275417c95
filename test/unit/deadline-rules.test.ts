/**
 * Deadlines on the in-memory ports: the sweep enqueues what is due by the sparse index; the checker applies each due
 * timer once however often, late or concurrently it runs, and never needs to run for the rules to hold.
 */
import { describe, expect, it } from 'vitest';
import { cancelCompetition, openBidsAsAkimat } from '../../shared/use-cases/competitions.js';
import { checkDeadlines, sweepDue } from '../../shared/use-cases/deadlines.js';
import { REMINDER_BEFORE_MS } from '../../shared/domain/timers.js';
import { T0 } from '../support/factories.js';
import { MemoryDeadlineQueue, memoryPorts } from '../support/memory/index.js';
import { aDraftIn, aPublishedIn, aTenderingIn, aVerifiedBidderIn, signedBid } from '../support/memory/scenarios.js';
import { moveClockTo, useTestClock } from '../support/test-clock.js';

useTestClock(T0);

const typesOf = (ports: ReturnType<typeof memoryPorts>, id: string) => ports.table.eventsOf(`COMP#${id}`).map((e) => e.type);

describe('the sweep', () => {
  it('enqueues exactly the competitions with a timer due now', async () => {
    const ports = memoryPorts();
    const due = await aPublishedIn(ports);
    await aDraftIn(ports);
    moveClockTo(due.competition.enquiryPeriod!.endDate);
    const later = await aPublishedIn(ports);
    const queue = new MemoryDeadlineQueue();

    const count = await sweepDue({ competitions: ports.competitions, queue });

    expect(count).toBe(1);
    expect(queue.enqueued).toEqual([due.competition.id]);
    expect(queue.enqueued).not.toContain(later.competition.id);
  });

  it('enqueues nothing once every timer of a competition was applied', async () => {
    const ports = memoryPorts();
    const { competition } = await aPublishedIn(ports);
    moveClockTo(competition.tenderPeriod!.endDate, 1000);
    await checkDeadlines(ports.competitionDeps, competition.id);
    const queue = new MemoryDeadlineQueue();

    expect(await sweepDue({ competitions: ports.competitions, queue })).toBe(0);
  });
});

describe('the checker', () => {
  it('starts tendering at the end of the enquiry period, once', async () => {
    const ports = memoryPorts();
    const { competition } = await aPublishedIn(ports);
    moveClockTo(competition.enquiryPeriod!.endDate);

    expect(await checkDeadlines(ports.competitionDeps, competition.id)).toEqual(['tendering']);
    expect(await checkDeadlines(ports.competitionDeps, competition.id)).toEqual([]);
    expect((await ports.competitions.get(competition.id))!.status).toBe('active.tendering');
    expect(typesOf(ports, competition.id).filter((t) => t === 'competition.tendering-started')).toHaveLength(1);
  });

  it('sends the reminder once, 24 hours before the deadline', async () => {
    const ports = memoryPorts();
    const { competition } = await aTenderingIn(ports);
    await checkDeadlines(ports.competitionDeps, competition.id);
    moveClockTo(competition.tenderPeriod!.endDate, -REMINDER_BEFORE_MS + 1000);

    expect(await checkDeadlines(ports.competitionDeps, competition.id)).toEqual(['reminder']);
    expect(await checkDeadlines(ports.competitionDeps, competition.id)).toEqual([]);
    expect(typesOf(ports, competition.id).filter((t) => t === 'competition.reminder')).toHaveLength(1);
  });

  it('applies the due timers of a run after the deadline at once: no reminder any more, the bids opened, in evaluation with a valid bid', async () => {
    const ports = memoryPorts();
    const { competition } = await aTenderingIn(ports);
    const { caller } = aVerifiedBidderIn(ports);
    await signedBid(ports, caller, competition.id, '1');
    moveClockTo(competition.tenderPeriod!.endDate, 3600_000);

    expect(await checkDeadlines(ports.competitionDeps, competition.id)).toEqual(['tendering', 'opened']);
    expect((await ports.competitions.get(competition.id))!).toMatchObject({ status: 'active.evaluation' });
    expect(typesOf(ports, competition.id)).not.toContain('competition.reminder');
  });

  it('ends a competition without bids unsuccessful at the deadline, with no akimat action', async () => {
    const ports = memoryPorts();
    const { competition, project } = await aPublishedIn(ports);
    moveClockTo(competition.tenderPeriod!.endDate);

    await checkDeadlines(ports.competitionDeps, competition.id);

    expect((await ports.competitions.get(competition.id))!).toMatchObject({ status: 'unsuccessful', bidsOpenedAt: competition.tenderPeriod!.endDate });
    expect((await ports.projects.get(project.id))!.stage).toBe('selection');
  });

  it('opens once when five checkers and the akimat race at the deadline', async () => {
    const ports = memoryPorts();
    const { competition, akimat } = await aTenderingIn(ports);
    const { caller } = aVerifiedBidderIn(ports);
    await signedBid(ports, caller, competition.id, '1');
    moveClockTo(competition.tenderPeriod!.endDate);

    await Promise.allSettled([
      ...Array.from({ length: 5 }, () => checkDeadlines(ports.competitionDeps, competition.id)),
      openBidsAsAkimat(ports.competitionDeps, akimat, competition.id),
    ]);

    expect(typesOf(ports, competition.id).filter((t) => t === 'competition.bids-opened')).toHaveLength(1);
    expect((await ports.competitions.get(competition.id))!.status).toBe('active.evaluation');
  });

  it('does nothing for a cancelled competition or one that does not exist', async () => {
    const ports = memoryPorts();
    const { competition, akimat } = await aPublishedIn(ports);
    await cancelCompetition(ports.competitionDeps, akimat, competition.id, 'noNeed');
    moveClockTo(competition.tenderPeriod!.endDate);

    expect(await checkDeadlines(ports.competitionDeps, competition.id)).toEqual([]);
    expect(await checkDeadlines(ports.competitionDeps, 'NO-SUCH')).toEqual([]);
    expect((await ports.competitions.get(competition.id))!.status).toBe('cancelled');
  });
});
