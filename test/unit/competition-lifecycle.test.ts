/**
 * The lifecycle table and its helpers: the generic `defineLifecycle` (refusal order, effective status), the
 * competition's table as the API states it (which action from which status, when, with which 409), and the storage
 * conditions derived from it.
 */
import { describe, expect, it } from 'vitest';
import { transitionCondition } from '../../shared/adapters/lifecycle-condition.js';
import { COMPETITION_STATUSES } from '../../shared/domain/competition.js';
import {
  allows,
  assertTransition,
  competitionLifecycle,
  effectiveStatus,
  projectStageOf,
  statusAfter,
  type CompetitionAction,
  type CompetitionState,
} from '../../shared/domain/competition-lifecycle.js';
import { defineLifecycle } from '../../shared/domain/lifecycle.js';
import { ROLES } from '../../shared/domain/roles.js';
import { ConflictError } from '../../shared/errors.js';

const ENQUIRY_END = '2026-03-03T13:00:00.000Z';
const TENDER_START = '2026-03-01T13:00:00.000Z';
const TENDER_END = '2026-03-06T13:00:00.000Z';
const OPENED_AT = '2026-03-06T14:00:00.000Z';

const published = (status: CompetitionState['status'], extra: Partial<CompetitionState> = {}): CompetitionState => ({
  status,
  enquiryPeriod: { startDate: TENDER_START, endDate: ENQUIRY_END },
  tenderPeriod: { startDate: TENDER_START, endDate: TENDER_END },
  ...extra,
});

/** One competition in every situation the lifecycle distinguishes. */
const SITUATIONS: Record<string, CompetitionState> = {
  draft: { status: 'draft' },
  clarification: published('active.clarification'),
  tendering: published('active.tendering'),
  evaluation: published('active.evaluation', { bidsOpenedAt: OPENED_AT }),
  awarded: published('active.awarded', { bidsOpenedAt: OPENED_AT }),
  complete: published('complete', { bidsOpenedAt: OPENED_AT }),
  unsuccessful: published('unsuccessful', { bidsOpenedAt: OPENED_AT }),
  cancelled: published('cancelled'),
  'cancelled draft': { status: 'cancelled' },
};

/** Instants around every edge of the periods. */
const TIMES = ['2026-02-28T00:00:00.000Z', TENDER_START, '2026-03-02T00:00:00.000Z', ENQUIRY_END, '2026-03-04T00:00:00.000Z', TENDER_END, '2026-03-07T00:00:00.000Z'].map((t) => new Date(t));

const message = (action: CompetitionAction, c: CompetitionState, now: Date): string | undefined => {
  try {
    assertTransition(action, c, now);
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).statusCode).toBe(409);
    return (error as Error).message;
  }
};

describe('defineLifecycle', () => {
  const doors = defineLifecycle({
    table: {
      open: { from: ['shut'], to: 'open', by: ['akimat'], after: 'opensAt', requires: ['unlocked'] },
      knock: { from: ['shut'], by: ['contractor'], before: 'opensAt' },
      leave: { from: ['shut', 'open'], to: 'gone', by: ['system'], after: 'closesAt', clock: true },
    },
    instants: { opensAt: (d: Door) => d.opensAt, closesAt: (d: Door) => d.closesAt },
    facts: { unlocked: (d: Door) => !d.locked },
  });
  type Door = { status: 'shut' | 'open' | 'gone'; opensAt?: string; closesAt?: string; locked?: boolean };
  const door: Door = { status: 'shut', opensAt: '2026-01-02T00:00:00.000Z', closesAt: '2026-01-03T00:00:00.000Z' };

  it('checks a required fact first, then the time window, then the status', () => {
    const early = new Date('2026-01-01T00:00:00.000Z');
    expect(doors.refusal('open', { ...door, status: 'gone', locked: true }, early)?.reason).toEqual({ kind: 'fact', fact: 'unlocked' });
    expect(doors.refusal('open', { ...door, status: 'gone' }, early)?.reason).toEqual({ kind: 'early' });
    expect(doors.refusal('open', { ...door, status: 'gone' }, new Date('2026-01-02T00:00:00.000Z'))?.reason).toEqual({ kind: 'status' });
    expect(doors.refusal('knock', door, new Date('2026-01-02T00:00:00.000Z'))?.reason).toEqual({ kind: 'late' });
    expect(doors.allows('open', door, new Date('2026-01-02T00:00:00.000Z'))).toBe(true);
  });

  it('treats an absent instant as never reached: `after` refuses, `before` allows', () => {
    const undated: Door = { status: 'shut' };
    expect(doors.refusal('open', undated, new Date())?.reason).toEqual({ kind: 'early' });
    expect(doors.allows('knock', undated, new Date())).toBe(true);
  });

  it('shows the status the clock has taken once due, and names it in a refusal', () => {
    const later = new Date('2026-01-03T00:00:00.000Z');
    expect(doors.effectiveStatus(door, new Date('2026-01-02T23:59:59.999Z'))).toBe('shut');
    expect(doors.effectiveStatus(door, later)).toBe('gone');
    expect(doors.refusal('knock', door, later)).toMatchObject({ reason: { kind: 'late' }, status: 'gone' });
  });
});

describe('the competition table', () => {
  it('names only known statuses and roles, and every status-changing action leads somewhere new', () => {
    for (const action of competitionLifecycle.actions) {
      const row = competitionLifecycle.table[action];
      for (const s of [...row.from, ...(row.to ? [row.to] : [])]) expect(COMPETITION_STATUSES).toContain(s);
      for (const taker of row.by) expect([...ROLES, 'system']).toContain(taker);
    }
    expect(statusAfter('publish')).toBe('active.clarification');
    expect(statusAfter('openBids')).toBe('active.evaluation');
  });

  it('moves the project with its competition: to contractor determination on publication, back to selection when it fails', () => {
    expect(projectStageOf(statusAfter('create'))).toBe('selection');
    expect(projectStageOf(statusAfter('publish'))).toBe('contractor-determination');
    expect(projectStageOf(statusAfter('openBids'))).toBe('contractor-determination');
    // Issue 14: the award keeps the project at contractor determination; the signed contract moves it on.
    expect(projectStageOf(statusAfter('award'))).toBe('contractor-determination');
    expect(projectStageOf(statusAfter('contractSigned'))).toBe('implementation');
    expect(projectStageOf(statusAfter('contractRefused'))).toBe('contractor-determination');
    expect(projectStageOf(statusAfter('cancel'))).toBe('selection');
    expect(projectStageOf(statusAfter('markUnsuccessful'))).toBe('selection');
    expect(projectStageOf(statusAfter('cancelAward'))).toBe('contractor-determination');
  });

  it.each([
    ['draft', ['editDraft', 'publish', 'changeTenderDocuments', 'cancel']],
    ['clarification', ['amend', 'changeTenderDocuments', 'cancel', 'askQuestion', 'answerQuestion', 'submitBid', 'withdrawBid', 'changeBidDocuments', 'remind', 'fileTenderComplaint']],
    ['evaluation', ['cancel', 'markUnsuccessful', 'qualify', 'award']],
    ['awarded', []],
    ['complete', []],
    ['unsuccessful', []],
    ['cancelled', []],
  ])('allows exactly these actions in %s during the enquiry period', (situation, expected) => {
    const now = new Date('2026-03-02T00:00:00.000Z');
    const allowed = competitionLifecycle.actions.filter((a) => allows(a, SITUATIONS[situation]!, now));
    expect(allowed.sort()).toEqual([...expected].sort());
  });

  it('after the enquiry period: tendering starts, questions close, bids and amendments go on', () => {
    const now = new Date('2026-03-04T00:00:00.000Z');
    const c = SITUATIONS.clarification!;
    expect(effectiveStatus(c, now)).toBe('active.tendering');
    expect(allows('startTendering', c, now)).toBe(true);
    expect(allows('startTendering', SITUATIONS.tendering!, now)).toBe(false);
    expect(message('askQuestion', c, now)).toBe(`questions are accepted until the end of the enquiry period ${ENQUIRY_END}`);
    expect(message('submitBid', c, now)).toBeUndefined();
    expect(message('amend', c, now)).toBeUndefined();
  });

  it('at the deadline: the competition shows evaluation, the bids may be opened and nothing else changes', () => {
    const now = new Date(TENDER_END);
    for (const c of [SITUATIONS.clarification!, SITUATIONS.tendering!]) {
      expect(effectiveStatus(c, now)).toBe('active.evaluation');
      expect(message('submitBid', c, now)).toBe(`the deadline for bids passed at ${TENDER_END}`);
      expect(message('amend', c, now)).toBe('a competition in status active.evaluation cannot be amended');
      expect(message('answerQuestion', c, now)).toBe('questions can be answered while the competition is open; it is active.evaluation');
      expect(message('award', c, now)).toBe('a competition can be awarded only in evaluation after its bids were opened; it is active.evaluation');
      expect(message('openBids', c, now)).toBeUndefined();
      expect(message('cancel', c, now)).toBeUndefined();
    }
  });

  it('refuses with the API’s messages', () => {
    const before = new Date('2026-02-28T00:00:00.000Z');
    expect(message('submitBid', SITUATIONS.clarification!, before)).toBe(`bids are accepted from ${TENDER_START} until the deadline ${TENDER_END}`);
    expect(message('submitBid', SITUATIONS.cancelled!, new Date('2026-03-02T00:00:00.000Z'))).toBe('bids are not accepted in status cancelled');
    expect(message('openBids', SITUATIONS.evaluation!, TIMES[6]!)).toBe(`the bids were opened at ${OPENED_AT}`);
    expect(message('openBids', SITUATIONS.draft!, TIMES[6]!)).toBe('the bids can be opened only after the deadline (not published)');
    expect(message('openBids', SITUATIONS.cancelled!, TIMES[6]!)).toBe('a competition in status cancelled has no bids to open');
    expect(message('publish', SITUATIONS.cancelled!, TIMES[0]!)).toBe('only a draft can be published; this competition is cancelled');
    expect(message('cancel', SITUATIONS.awarded!, TIMES[0]!)).toBe('a competition in status active.awarded cannot be cancelled');
    expect(message('changeTenderDocuments', SITUATIONS.tendering!, TIMES[6]!)).toBe('the documents of a competition in status active.evaluation cannot change');
    expect(message('changeBidDocuments', SITUATIONS.tendering!, TIMES[6]!)).toBe(`bid documents change only inside the tender period (until ${TENDER_END})`);
  });

  it('gives the same answer on the effective status (the portal’s view) as on the stored one, for every action but the clock’s', () => {
    const actions = competitionLifecycle.actions.filter((a) => !('clock' in competitionLifecycle.table[a]));
    for (const c of Object.values(SITUATIONS)) {
      for (const now of TIMES) {
        const view = { ...c, status: effectiveStatus(c, now) };
        for (const action of actions) expect([action, allows(action, view, now)]).toEqual([action, allows(action, c, now)]);
      }
    }
  });
});

describe('storage conditions from the table', () => {
  it('states the statuses, the time window and the facts of an action', () => {
    expect(transitionCondition('submitBid', TENDER_END)).toEqual({
      expression: '#status IN (:s0, :s1) AND tenderPeriod.startDate <= :now AND (attribute_not_exists(tenderPeriod.endDate) OR tenderPeriod.endDate > :now)',
      names: { '#status': 'status' },
      values: { ':s0': 'active.clarification', ':s1': 'active.tendering', ':now': TENDER_END },
    });
    expect(transitionCondition('award', TENDER_END)).toEqual({
      expression: '#status IN (:s0) AND attribute_exists(bidsOpenedAt)',
      names: { '#status': 'status' },
      values: { ':s0': 'active.evaluation' },
    });
  });

  it('has no condition for creation, which has no status to start from', () => {
    expect(() => transitionCondition('create', TENDER_END)).toThrow(/no status/);
  });
});
