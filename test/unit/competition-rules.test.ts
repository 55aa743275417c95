/**
 * The competition lifecycle on the in-memory ports: what each action may do from each status, with the conditions
 * storage puts on the writes (one live competition per project, optimistic versions, deadlines by server time).
 */
import { describe, expect, it } from 'vitest';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../shared/errors.js';
import {
  amendCompetition,
  cancelCompetition,
  competitionEvents,
  competitionView,
  createCompetition,
  getPublicCompetition,
  openBidsAsAkimat,
  publishCompetition,
} from '../../shared/use-cases/competitions.js';
import { getOwnBid } from '../../shared/use-cases/bids.js';
import { anAkimat, aMinistry, aProject, T0 } from '../support/factories.js';
import { failureOf } from '../support/outcome.js';
import { memoryPorts } from '../support/memory/index.js';
import { aDraftIn, aPublishedIn, aTenderingIn, aVerifiedBidderIn, signedBid } from '../support/memory/scenarios.js';
import { moveClockTo, useTestClock } from '../support/test-clock.js';

useTestClock(T0);

describe('drafts', () => {
  it('creates a draft for a project of the akimat’s region at selection, and claims the project', async () => {
    const ports = memoryPorts();
    const { competition, project } = await aDraftIn(ports);

    expect(competition).toMatchObject({ status: 'draft', version: 1, projectId: project.id, kato: project.kato, sector: project.sector });
    expect(ports.table.projects.get(project.id)!.liveCompetitionId).toBe(competition.id);
    expect(ports.table.eventTypes()).toEqual(['competition.created']);
  });

  it('refuses an unknown project (422 projectId), another region’s project (403) and a project past selection (409)', async () => {
    const ports = memoryPorts();
    const elsewhere = ports.seed.project(aProject({ kato: '750000000' }));
    const started = ports.seed.project(aProject({ stage: 'implementation' }));
    const input = { title: { ru: 'Х' }, estimatedValue: '1' };

    const unknown = await failureOf(createCompetition(ports.competitionDeps, anAkimat(), { ...input, projectId: 'NO-SUCH-PROJECT' }));
    const foreign = await failureOf(createCompetition(ports.competitionDeps, anAkimat(), { ...input, projectId: elsewhere.id }));
    const late = await failureOf(createCompetition(ports.competitionDeps, anAkimat(), { ...input, projectId: started.id }));

    expect(unknown).toBeInstanceOf(ValidationError);
    expect((unknown as ValidationError).fields).toEqual([expect.objectContaining({ path: 'projectId' })]);
    expect(foreign).toBeInstanceOf(ForbiddenError);
    expect(late).toBeInstanceOf(ConflictError);
    expect(ports.table.competitions.size).toBe(0);
  });

  it('allows one live competition per project, even when two drafts race; cancelling the draft frees the project', async () => {
    const ports = memoryPorts();
    const project = ports.seed.project(aProject());
    const input = { projectId: project.id, title: { ru: 'Котельная' }, estimatedValue: '1000' };

    const results = await Promise.allSettled([createCompetition(ports.competitionDeps, anAkimat(), input), createCompetition(ports.competitionDeps, anAkimat(), input)]);

    const [won] = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const [lost] = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as ConflictError] : []));
    expect(won).toBeDefined();
    expect(lost).toBeInstanceOf(ConflictError);
    expect(lost!.fields).toEqual([expect.objectContaining({ path: 'projectId' })]);
    expect(ports.table.competitions.size).toBe(1);

    await cancelCompetition(ports.competitionDeps, anAkimat(), won!.id, 'noNeed');
    await expect(createCompetition(ports.competitionDeps, anAkimat(), input)).resolves.toMatchObject({ status: 'draft' });
  });

  it('edits a draft in place (same version), refuses periods before publication and an empty change', async () => {
    const ports = memoryPorts();
    const { competition, akimat } = await aDraftIn(ports);

    const edited = await amendCompetition(ports.competitionDeps, akimat, competition.id, { description: 'Уточнение', estimatedValue: '700000000' });
    const withPeriod = await failureOf(amendCompetition(ports.competitionDeps, akimat, competition.id, { tenderPeriod: { endDate: '2027-01-01T00:00:00Z' } }));
    const empty = await failureOf(amendCompetition(ports.competitionDeps, akimat, competition.id, {}));

    expect(edited).toMatchObject({ version: 1, description: 'Уточнение', estimatedValue: '700000000', title: { ru: 'Водопровод' } });
    expect((withPeriod as ValidationError).fields).toEqual([expect.objectContaining({ path: 'tenderPeriod' })]);
    expect((empty as ValidationError).fields).toEqual([expect.objectContaining({ path: '(body)' })]);
  });

  it('sets qualification requirements from the sector’s template and the bid security on the draft, refusing codes the template lacks', async () => {
    const ports = memoryPorts();
    const project = ports.seed.project(aProject({ sector: 'water' }));
    const input = { projectId: project.id, title: { ru: 'Водопровод' }, estimatedValue: '1000' };

    const unknown = await failureOf(createCompetition(ports.competitionDeps, anAkimat(), { ...input, qualificationRequirements: ['licence', 'astrology'] }));
    const draft = await createCompetition(ports.competitionDeps, anAkimat(), {
      ...input,
      qualificationRequirements: ['noTaxArrears', 'licence', 'licence'],
      bidSecurity: { percent: '3' },
    });
    const edited = await amendCompetition(ports.competitionDeps, anAkimat(), draft.id, { qualificationRequirements: ['similarExperience'], bidSecurity: { percent: '0.5' } });

    expect((unknown as ValidationError).fields).toEqual([expect.objectContaining({ path: 'qualificationRequirements.1' })]);
    // Each code once, in the template's order (the licence of the sector comes first)
    expect(draft).toMatchObject({ qualificationRequirements: ['licence', 'noTaxArrears'], bidSecurity: { percent: '3' } });
    expect(competitionView(ports.table.competitions.get(draft.id)!)).toMatchObject({ qualificationRequirements: ['similarExperience'], bidSecurity: { percent: '0.5' } });
    expect(edited.version).toBe(1);
  });

  it('keeps drafts private: not public, and its audit log only for its akimat and ministries', async () => {
    const ports = memoryPorts();
    const { competition, akimat } = await aDraftIn(ports);

    expect(await failureOf(getPublicCompetition(ports.competitionDeps, competition.id))).toBeInstanceOf(NotFoundError);
    await expect(competitionEvents(ports.competitionDeps, akimat, competition.id, { limit: 10 })).resolves.toMatchObject({ items: [expect.objectContaining({ type: 'competition.created' })] });
    await expect(competitionEvents(ports.competitionDeps, aMinistry(), competition.id, { limit: 10 })).resolves.toBeDefined();
    expect(await failureOf(competitionEvents(ports.competitionDeps, anAkimat('750000000'), competition.id, { limit: 10 }))).toBeInstanceOf(ForbiddenError);
  });
});

describe('publication', () => {
  it('starts the periods now, moves the project to contractor determination and keeps version 1', async () => {
    const ports = memoryPorts();
    const { competition, project } = await aPublishedIn(ports);

    expect(competition).toMatchObject({ status: 'active.clarification', publishedAt: T0, version: 1 });
    expect(competition.enquiryPeriod!.startDate).toBe(T0);
    expect(competition.enquiryPeriod!.endDate <= competition.tenderPeriod!.startDate).toBe(true);
    expect(await ports.projects.get(project.id)).toMatchObject({ stage: 'contractor-determination', competitionId: competition.id, publishedAt: T0 });
    expect(ports.table.competitionVersions.get(competition.id)!.get(1)).toMatchObject({ status: 'active.clarification' });
  });

  it('publishes once: a repeat without a key is a 409, and only the region’s akimat may publish', async () => {
    const ports = memoryPorts();
    const { competition, akimat } = await aDraftIn(ports);

    expect(await failureOf(publishCompetition(ports.competitionDeps, anAkimat('750000000'), competition.id))).toBeInstanceOf(ForbiddenError);
    await publishCompetition(ports.competitionDeps, akimat, competition.id);
    expect(await failureOf(publishCompetition(ports.competitionDeps, akimat, competition.id))).toBeInstanceOf(ConflictError);
    expect(ports.table.eventTypes().filter((t) => t === 'competition.published')).toHaveLength(1);
  });

  it('answers ten concurrent publishes with one Idempotency-Key alike, publishing once; the key cannot serve another competition', async () => {
    const ports = memoryPorts();
    const { competition, akimat } = await aDraftIn(ports);
    const other = await aDraftIn(ports);

    const results = await Promise.all(Array.from({ length: 10 }, () => publishCompetition(ports.competitionDeps, akimat, competition.id, 'key-1')));
    const reused = await failureOf(publishCompetition(ports.competitionDeps, akimat, other.competition.id, 'key-1'));

    expect(new Set(results.map((c) => c.publishedAt))).toEqual(new Set([T0]));
    expect(ports.table.eventTypes().filter((t) => t === 'competition.published')).toHaveLength(1);
    expect((reused as ValidationError).fields).toEqual([expect.objectContaining({ path: 'headers.idempotency-key' })]);
  });
});

describe('amendments', () => {
  it('in the enquiry period: a new version, the bids untouched (there can be none yet)', async () => {
    const ports = memoryPorts();
    const { competition, akimat } = await aPublishedIn(ports);

    const amended = await amendCompetition(ports.competitionDeps, akimat, competition.id, { estimatedValue: '600000000' });

    expect(amended).toMatchObject({ version: 2, bidsValidFromVersion: 1, estimatedValue: '600000000' });
    expect(amended.tenderPeriod).toEqual(competition.tenderPeriod);
    expect(ports.table.competitionVersions.get(competition.id)!.has(2)).toBe(true);
  });

  it('during tendering: invalidates the bids, extends a near deadline, and a bid confirmed again counts', async () => {
    const ports = memoryPorts();
    const { competition, akimat } = await aTenderingIn(ports);
    const { caller } = aVerifiedBidderIn(ports);
    await signedBid(ports, caller, competition.id, '450000000');
    moveClockTo(competition.tenderPeriod!.endDate, -3600_000);

    const amended = await amendCompetition(ports.competitionDeps, akimat, competition.id, { estimatedValue: '520000000' });

    expect(amended).toMatchObject({ version: 2, bidsValidFromVersion: 2 });
    expect(amended.tenderPeriod!.endDate > competition.tenderPeriod!.endDate).toBe(true);
    expect(await getOwnBid(ports.bidDeps, caller, competition.id)).toMatchObject({ status: 'invalidated', competitionVersion: 1 });
    const event = ports.table.eventsOf(`COMP#${competition.id}`).find((e) => e.type === 'competition.amended')!;
    expect(event.data).toMatchObject({ version: 2, bidsInvalidated: true });

    await signedBid(ports, caller, competition.id, '450000000');
    expect(await getOwnBid(ports.bidDeps, caller, competition.id)).toMatchObject({ status: 'submitted', competitionVersion: 2 });
  });

  it('refuses a new deadline that is not later than the current one, or beyond the limit, naming tenderPeriod.endDate', async () => {
    const ports = memoryPorts();
    const { competition, akimat } = await aPublishedIn(ports);

    const earlier = await failureOf(amendCompetition(ports.competitionDeps, akimat, competition.id, { tenderPeriod: { endDate: competition.tenderPeriod!.startDate } }));
    const tooFar = await failureOf(amendCompetition(ports.competitionDeps, akimat, competition.id, { tenderPeriod: { endDate: '9999-12-31T23:59:59Z' } }));

    for (const error of [earlier, tooFar]) expect((error as ValidationError).fields).toEqual([expect.objectContaining({ path: 'tenderPeriod.endDate' })]);
  });

  it('lets one of two concurrent amendments win; the other is told the competition changed', async () => {
    const ports = memoryPorts();
    const { competition, akimat } = await aPublishedIn(ports);

    const results = await Promise.allSettled([
      amendCompetition(ports.competitionDeps, akimat, competition.id, { estimatedValue: '1' }),
      amendCompetition(ports.competitionDeps, akimat, competition.id, { estimatedValue: '2' }),
    ]);

    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(results.find((r) => r.status === 'rejected')!.reason).toBeInstanceOf(ConflictError);
    expect((await ports.competitions.get(competition.id))!.version).toBe(2);
  });

  it('refuses an amendment after the deadline, by server time, with no checker having run', async () => {
    const ports = memoryPorts();
    const { competition, akimat } = await aPublishedIn(ports);
    moveClockTo(competition.tenderPeriod!.endDate);

    expect(await failureOf(amendCompetition(ports.competitionDeps, akimat, competition.id, { description: 'поздно' }))).toBeInstanceOf(ConflictError);
    expect((await ports.competitions.get(competition.id))!.status).toBe('active.clarification');
  });
});

describe('cancellation', () => {
  it.each(['enquiry', 'tendering', 'evaluation'] as const)('cancels in %s with a reason; the project returns to selection; nothing more is possible', async (phase) => {
    const ports = memoryPorts();
    const { competition, akimat, project } = await aPublishedIn(ports);
    if (phase === 'tendering') moveClockTo(competition.tenderPeriod!.startDate);
    if (phase === 'evaluation') moveClockTo(competition.tenderPeriod!.endDate);

    const cancelled = await cancelCompetition(ports.competitionDeps, akimat, competition.id, 'fundingUnavailable');

    expect(cancelled).toMatchObject({ status: 'cancelled', cancellation: { reason: 'fundingUnavailable' } });
    const stored = (await ports.projects.get(project.id))!;
    expect(stored.stage).toBe('selection');
    expect(stored).not.toHaveProperty('competitionId');
    expect(ports.table.projects.get(project.id)!.liveCompetitionId).toBeUndefined();
    expect(await failureOf(cancelCompetition(ports.competitionDeps, akimat, competition.id, 'noNeed'))).toBeInstanceOf(ConflictError);
    expect(await failureOf(amendCompetition(ports.competitionDeps, akimat, competition.id, { description: 'x' }))).toBeInstanceOf(ConflictError);
    expect(await failureOf(publishCompetition(ports.competitionDeps, akimat, competition.id))).toBeInstanceOf(ConflictError);
  });

  it('cancels once when two cancellations race', async () => {
    const ports = memoryPorts();
    const { competition, akimat } = await aPublishedIn(ports);

    const results = await Promise.allSettled([
      cancelCompetition(ports.competitionDeps, akimat, competition.id, 'noNeed'),
      cancelCompetition(ports.competitionDeps, akimat, competition.id, 'forceMajeure'),
    ]);

    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(ports.table.eventTypes().filter((t) => t === 'competition.cancelled')).toHaveLength(1);
  });
});

describe('opening', () => {
  it('opens the bids only after the deadline, once', async () => {
    const ports = memoryPorts();
    const { competition, akimat } = await aTenderingIn(ports);
    const { caller } = aVerifiedBidderIn(ports);
    await signedBid(ports, caller, competition.id, '400000000');

    expect(await failureOf(openBidsAsAkimat(ports.competitionDeps, akimat, competition.id))).toBeInstanceOf(ConflictError);
    moveClockTo(competition.tenderPeriod!.endDate);
    const summary = await openBidsAsAkimat(ports.competitionDeps, akimat, competition.id);

    expect(summary).toMatchObject({ validBids: 1, openedNow: true, competition: { status: 'active.evaluation', bidsOpenedAt: competition.tenderPeriod!.endDate } });
    expect(await failureOf(openBidsAsAkimat(ports.competitionDeps, akimat, competition.id))).toBeInstanceOf(ConflictError);
    expect(await failureOf(openBidsAsAkimat(ports.competitionDeps, anAkimat('750000000'), competition.id))).toBeInstanceOf(ForbiddenError);
  });

  it('ends unsuccessful when no valid bid came, and the project returns to selection', async () => {
    const ports = memoryPorts();
    const { competition, akimat, project } = await aTenderingIn(ports);
    const { caller } = aVerifiedBidderIn(ports);
    await signedBid(ports, caller, competition.id, '400000000');
    // The amendment invalidates the only bid.
    await amendCompetition(ports.competitionDeps, akimat, competition.id, { description: 'Изменение' });
    moveClockTo((await ports.competitions.get(competition.id))!.tenderPeriod!.endDate);

    const summary = await openBidsAsAkimat(ports.competitionDeps, akimat, competition.id);

    expect(summary).toMatchObject({ validBids: 0, competition: { status: 'unsuccessful' } });
    expect((await ports.projects.get(project.id))!.stage).toBe('selection');
    expect(ports.table.projects.get(project.id)!.liveCompetitionId).toBeUndefined();
  });
});

describe('the status anyone sees', () => {
  it('follows the periods by server time before any checker ran', async () => {
    const ports = memoryPorts();
    const { competition } = await aPublishedIn(ports);

    moveClockTo(competition.tenderPeriod!.startDate);
    expect(competitionView((await ports.competitions.get(competition.id))!).status).toBe('active.tendering');
    moveClockTo(competition.tenderPeriod!.endDate);
    expect(competitionView((await ports.competitions.get(competition.id))!)).toMatchObject({ status: 'active.evaluation', bidsOpened: false });
    expect((await ports.competitions.get(competition.id))!.status).toBe('active.clarification');
  });
});
