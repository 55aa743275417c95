/**
 * Evaluation, award, standstill, complaints and the register on the in-memory ports: the award rule (only the lowest
 * qualified bid, ties to the earlier), the signed award and its protocol, the complaint windows, a satisfied complaint
 * reopening evaluation, and a listed BIN refused a bid.
 */
import { describe, expect, it } from 'vitest';
import { COMPLAINT_DEFAULTS, contractPossible } from '../../shared/domain/complaints.js';
import { percentOf, qualificationRequirements, rankBids } from '../../shared/domain/evaluation.js';
import { QUALIFICATION_REQUIREMENT_CODES } from '../../shared/domain/requirement-codes.js';
import { SECTOR_CODES } from '../../shared/domain/sectors.js';
import { figuresOf, foldEvents, isMonitoredEventType } from '../../shared/domain/stats.js';
import type { Caller } from '../../shared/http/identity.js';
import { ConflictError, ForbiddenError, SignatureRejectedError, ValidationError } from '../../shared/errors.js';
import { decideComplaint, fileComplaint, listComplaints, type ComplaintDeps } from '../../shared/use-cases/complaints.js';
import { openBidsAsAkimat } from '../../shared/use-cases/competitions.js';
import {
  awardCompetition,
  awardSigningPayloadFor,
  decideQualification,
  getEvaluation,
  type EvaluationDeps,
  type Protocol,
} from '../../shared/use-cases/evaluation.js';
import { addEntry, endEntry } from '../../shared/use-cases/unscrupulous.js';
import { fakeSignature } from '../support/fake-signatures.js';
import { aBid, aMinistry, anAkimat, T0 } from '../support/factories.js';
import { MemoryJobQueue, memoryMatchingReader, memoryPorts, type MemoryPorts } from '../support/memory/index.js';
import { matchRoutes, type MatchJob } from '../../shared/use-cases/match-job.js';
import { fanOut } from '../../shared/use-cases/matching.js';
import { aTenderingIn, aVerifiedBidderIn, signedBid } from '../support/memory/scenarios.js';
import { moveClockTo, useTestClock } from '../support/test-clock.js';

useTestClock(T0);

const failure = (promise: Promise<unknown>): Promise<unknown> => promise.then(() => 'no error', (error: unknown) => error);

const AKIMAT_BIN = '940140000385';

const world = () => {
  const ports = memoryPorts();
  const rendered: Protocol[] = [];
  const stored: string[] = [];
  const evaluationDeps: EvaluationDeps = {
    competitions: ports.competitions,
    bids: ports.bids,
    qualifications: ports.evaluation.qualifications,
    awards: ports.evaluation.awards,
    register: ports.evaluation.register,
    // A stand-in PDF: deterministic bytes of the protocol, as the real renderer's are.
    protocols: {
      render: async (p) => (rendered.push(p), new TextEncoder().encode(JSON.stringify(p))),
      store: async (competitionId, documentId) => (stored.push(documentId), `tender/${competitionId}/${documentId}/v1`),
    },
    verifier: ports.verifier,
    periods: ports.competitionDeps.periods,
    complaints: COMPLAINT_DEFAULTS,
    checks: { abnormallyLowPercent: 70 },
  };
  const complaintDeps: ComplaintDeps = {
    competitions: ports.competitions,
    bids: ports.bids,
    complaints: ports.evaluation.complaints,
    contractors: ports.contractors,
    bidDocuments: ports.bidDeps.bidDocuments,
    config: COMPLAINT_DEFAULTS,
  };
  return { ports, evaluationDeps, complaintDeps, rendered, stored };
};

/** A competition with three signed bids (A 300, B 250, C 400 million), opened; the akimat signs as its BIN. */
const threeBidsOpened = async (ports: MemoryPorts) => {
  const staged = await aTenderingIn(ports);
  const akimat: Caller = { ...anAkimat(staged.project.kato), bin: AKIMAT_BIN };
  const [a, b, c] = [aVerifiedBidderIn(ports), aVerifiedBidderIn(ports), aVerifiedBidderIn(ports)];
  await signedBid(ports, a.caller, staged.competition.id, '300000000');
  await signedBid(ports, b.caller, staged.competition.id, '250000000');
  await signedBid(ports, c.caller, staged.competition.id, '400000000');
  moveClockTo(staged.competition.tenderPeriod!.endDate);
  await openBidsAsAkimat(ports.competitionDeps, akimat, staged.competition.id);
  return { ...staged, akimat, a, b, c, id: staged.competition.id };
};

const signedAward = async (deps: EvaluationDeps, akimat: Caller, id: string, bin: string) => {
  const { payload } = await awardSigningPayloadFor(deps, akimat, id, bin);
  return awardCompetition(deps, akimat, id, { bin, signature: fakeSignature(payload, akimat.bin!) });
};

describe('the qualification requirement template', () => {
  it('words, for every sector, exactly the codes drafts accept, in their order', () => {
    for (const sector of SECTOR_CODES) expect(qualificationRequirements(sector).map((r) => r.code)).toEqual(QUALIFICATION_REQUIREMENT_CODES);
  });
});

describe('the award rule', () => {
  it('ranks qualified valid bids by price, ties to the earlier bid', () => {
    const early = aBid({ bin: '111111111111', price: '100', submittedAt: '2026-12-01T06:00:00.000Z' });
    const late = aBid({ bin: '222222222222', price: '100.00', submittedAt: '2026-12-01T07:00:00.000Z' });
    const cheapest = aBid({ bin: '333333333333', price: '90' });
    const decided = (bin: string, decision: 'qualified' | 'disqualified') => ({ competitionId: 'C', bin, decision, reasons: [], decidedAt: T0, decidedBy: 'a' });

    const ranked = rankBids([late, early, cheapest], [decided(early.bin, 'qualified'), decided(late.bin, 'qualified'), decided(cheapest.bin, 'disqualified')], { bidsValidFromVersion: 1 });

    expect(ranked.map((r) => [r.bid.bin, r.rank])).toEqual([
      [cheapest.bin, undefined],
      [early.bin, 1],
      [late.bin, 2],
    ]);
  });

  it('computes bid security as a percentage rounded up to the tiyn', () => {
    expect(percentOf('250000000', '1')).toBe('2500000');
    expect(percentOf('123.45', '3')).toBe('3.71');
  });

  it('awards only the lowest qualified bid: 409 naming the first-ranked otherwise; the project stays at contractor determination until the contract is signed', async () => {
    const { ports, evaluationDeps, rendered, stored } = world();
    const { akimat, a, b, c, id, project } = await threeBidsOpened(ports);
    await decideQualification(evaluationDeps, akimat, id, a.contractor.bin, { decision: 'qualified' });
    const refused = await failure(decideQualification(evaluationDeps, akimat, id, b.contractor.bin, { decision: 'disqualified' }));
    await decideQualification(evaluationDeps, akimat, id, b.contractor.bin, { decision: 'disqualified', reasons: [{ code: 'bidSecurityMissing', text: 'Нет гарантии' }] });
    await decideQualification(evaluationDeps, akimat, id, c.contractor.bin, { decision: 'qualified' });

    const disqualified = await failure(signedAward(evaluationDeps, akimat, id, b.contractor.bin));
    const second = await failure(signedAward(evaluationDeps, akimat, id, c.contractor.bin));
    const unsigned = await failure(awardCompetition(evaluationDeps, akimat, id, { bin: a.contractor.bin }));
    const awarded = await signedAward(evaluationDeps, akimat, id, a.contractor.bin);

    expect((refused as ValidationError).fields).toEqual([expect.objectContaining({ path: 'reasons' })]);
    for (const error of [disqualified, second]) {
      expect(error).toBeInstanceOf(ConflictError);
      expect((error as ConflictError).message).toContain(a.contractor.bin);
    }
    expect(unsigned).toBeInstanceOf(SignatureRejectedError);
    expect(awarded).toMatchObject({ status: 'active.awarded', award: { id: '1', bin: a.contractor.bin, price: '300000000', status: 'active', signer: { bin: AKIMAT_BIN } } });
    expect(awarded.award!.complaintPeriod!.endDate > awarded.award!.at).toBe(true);
    expect(awarded.documents).toEqual([expect.objectContaining({ id: stored[0], documentType: 'evaluationReports' })]);
    expect(rendered.at(-1)!.bids.map((r) => r.bin)).toEqual([b.contractor.bin, a.contractor.bin, c.contractor.bin]);
    expect((await ports.projects.get(project.id))!.stage).toBe('contractor-determination');
    expect(await failure(decideQualification(evaluationDeps, akimat, id, c.contractor.bin, { decision: 'disqualified', reasons: [{ code: 'other', text: 'x' }] }))).toBeInstanceOf(ConflictError);
  });

  it('refuses an award signed over bytes a later decision changed', async () => {
    const { ports, evaluationDeps } = world();
    const { akimat, a, c, id } = await threeBidsOpened(ports);
    await decideQualification(evaluationDeps, akimat, id, a.contractor.bin, { decision: 'qualified' });
    const { payload } = await awardSigningPayloadFor(evaluationDeps, akimat, id, a.contractor.bin);
    await decideQualification(evaluationDeps, akimat, id, c.contractor.bin, { decision: 'qualified' });

    const stale = await failure(awardCompetition(evaluationDeps, akimat, id, { bin: a.contractor.bin, signature: fakeSignature(payload, AKIMAT_BIN) }));

    expect(stale).toMatchObject({ reason: 'payload_mismatch' });
  });

  it('ends unsuccessful when every bid is disqualified', async () => {
    const { ports, evaluationDeps } = world();
    const { akimat, a, b, c, id, project } = await threeBidsOpened(ports);
    const reasons = [{ code: 'qualificationNotMet' as const, text: 'Нет опыта' }];
    for (const bidder of [a, b]) await decideQualification(evaluationDeps, akimat, id, bidder.contractor.bin, { decision: 'disqualified', reasons });

    const view = await decideQualification(evaluationDeps, akimat, id, c.contractor.bin, { decision: 'disqualified', reasons });

    expect(view.status).toBe('unsuccessful');
    expect((await ports.projects.get(project.id))!.stage).toBe('selection');
  });

  it('shows the automatic checks, and the evaluation only to the region’s akimat, ministries and bidders', async () => {
    const { ports, evaluationDeps } = world();
    const { akimat, a, id } = await threeBidsOpened(ports);
    const outsider = aVerifiedBidderIn(ports);

    const view = await getEvaluation(evaluationDeps, akimat, id);

    expect(view.evaluationPeriod!.startDate).toBe((await ports.competitions.get(id))!.bidsOpenedAt);
    expect(view.bids.find((r) => r.bin === a.contractor.bin)!.checks).toEqual({
      signatureValid: true,
      bidSecurity: { present: false, requiredAmount: '3000000' },
      unscrupulous: { listed: false },
      // 300 million is below 70 % of the 500 million estimate.
      abnormallyLow: true,
      aboveEstimate: false,
    });
    expect(view.bids.find((r) => r.price === '400000000')!.checks).toMatchObject({ abnormallyLow: false, aboveEstimate: false });
    expect(await failure(getEvaluation(evaluationDeps, anAkimat('750000000'), id))).toBeInstanceOf(ForbiddenError);
    expect(await failure(getEvaluation(evaluationDeps, outsider.caller, id))).toBeInstanceOf(ForbiddenError);
    expect((await getEvaluation(evaluationDeps, aMinistry(), id)).bids).toHaveLength(3);
    expect((await getEvaluation(evaluationDeps, a.caller, id)).bids).toHaveLength(3);
  });
});

describe('the standstill and complaints', () => {
  const awardedWorld = async () => {
    const w = world();
    const opened = await threeBidsOpened(w.ports);
    for (const bidder of [opened.a, opened.b, opened.c]) await decideQualification(w.evaluationDeps, opened.akimat, opened.id, bidder.contractor.bin, { decision: 'qualified' });
    const awarded = await signedAward(w.evaluationDeps, opened.akimat, opened.id, opened.b.contractor.bin);
    return { ...w, ...opened, awarded };
  };
  const complaint = { subject: 'award' as const, title: 'Несогласие', text: 'Победитель не имеет лицензии' };

  it('takes a losing bidder’s complaint during the standstill, not after it, not from non-bidders or the winner', async () => {
    const { ports, complaintDeps, a, b, id, awarded } = await awardedWorld();
    const stranger = aVerifiedBidderIn(ports);

    const filed = await fileComplaint(complaintDeps, a.caller, id, complaint);
    const fromStranger = await failure(fileComplaint(complaintDeps, stranger.caller, id, complaint));
    const fromWinner = await failure(fileComplaint(complaintDeps, b.caller, id, complaint));
    moveClockTo(awarded.award!.complaintPeriod!.endDate);
    const late = await failure(fileComplaint(complaintDeps, a.caller, id, complaint));

    expect(filed).toMatchObject({ status: 'pending', subject: 'award', awardId: '1', author: { bin: a.contractor.bin } });
    expect(fromStranger).toBeInstanceOf(ForbiddenError);
    expect(fromWinner).toBeInstanceOf(ForbiddenError);
    expect(late).toBeInstanceOf(ConflictError);
    expect((await listComplaints(complaintDeps, id))[0]).not.toHaveProperty('authorSub');
  });

  it('lets a complaint refer to its author’s verified documents of the competition only, naming any other', async () => {
    const { ports, complaintDeps, a, c, id } = await awardedWorld();
    const document = (docId: string, bin: string, status: 'active' | 'pending') => ({
      id: docId,
      competitionId: id,
      bin,
      envelope: 'qualification' as const,
      title: 'Лицензия',
      status,
      file: { version: 1, fileName: 'licence.pdf', contentType: 'application/pdf', size: 10, sha256: 'a'.repeat(64), key: `bids/${id}/${bin}/${docId}`, uploadedAt: T0 },
      createdAt: T0,
    });
    for (const d of [document('own', a.contractor.bin, 'active'), document('unverified', a.contractor.bin, 'pending'), document('theirs', c.contractor.bin, 'active')]) {
      ports.table.bidDocuments.set(`${id}/${d.bin}/${d.id}`, d as never);
    }

    const refused = await failure(fileComplaint(complaintDeps, a.caller, id, { ...complaint, documents: ['own', 'unverified', 'theirs'] }));
    const filed = await fileComplaint(complaintDeps, a.caller, id, { ...complaint, documents: ['own'] });

    expect((refused as ValidationError).fields!.map((f) => f.path)).toEqual(['documents.1', 'documents.2']);
    expect(filed.documents).toEqual(['own']);
    expect(await listComplaints(complaintDeps, id)).toHaveLength(1);
  });

  it('blocks the contract while a complaint is pending; declined → possible once the period ends', async () => {
    const { ports, complaintDeps, a, id, awarded } = await awardedWorld();
    const filed = await fileComplaint(complaintDeps, a.caller, id, complaint);
    const end = new Date(awarded.award!.complaintPeriod!.endDate);

    expect(contractPossible((await ports.competitions.get(id))!, end)).toBe(false);
    await decideComplaint(complaintDeps, aMinistry(), id, filed.id, { resolution: 'declined', text: 'Лицензия есть' });
    expect(contractPossible((await ports.competitions.get(id))!, new Date(end.getTime() - 1))).toBe(false);
    expect(contractPossible((await ports.competitions.get(id))!, end)).toBe(true);
    expect(await failure(decideComplaint(complaintDeps, aMinistry(), id, filed.id, { resolution: 'satisfied', text: 'again' }))).toBeInstanceOf(ConflictError);
  });

  it('satisfied → the award is cancelled, evaluation reopens, a new award starts a new standstill', async () => {
    const { ports, complaintDeps, evaluationDeps, akimat, a, b, id, project } = await awardedWorld();
    const filed = await fileComplaint(complaintDeps, a.caller, id, complaint);

    await decideComplaint(complaintDeps, aMinistry(), id, filed.id, { resolution: 'satisfied', text: 'Лицензии нет' });
    const reopened = (await ports.competitions.get(id))!;
    await decideQualification(evaluationDeps, akimat, id, b.contractor.bin, { decision: 'disqualified', reasons: [{ code: 'qualificationNotMet', text: 'Нет лицензии' }] });
    moveClockTo(new Date(Date.now() + 3600_000).toISOString());
    const again = await signedAward(evaluationDeps, akimat, id, a.contractor.bin);

    expect(reopened).toMatchObject({ status: 'active.evaluation', cancelledAwards: [{ id: '1', bin: b.contractor.bin, status: 'cancelled' }] });
    expect(reopened.award).toBeUndefined();
    expect((await ports.projects.get(project.id))!.stage).toBe('contractor-determination');
    expect(again.award).toMatchObject({ id: '2', bin: a.contractor.bin });
    expect(again.award!.complaintPeriod!.startDate > reopened.evaluationReopenedAt!).toBe(true);
    expect(ports.table.eventTypes()).toEqual(expect.arrayContaining(['complaint.filed', 'complaint.decided', 'competition.award-cancelled']));
  });

  it('only the ministry decides', async () => {
    const { complaintDeps, akimat, a, id } = await awardedWorld();
    const filed = await fileComplaint(complaintDeps, a.caller, id, complaint);

    expect(await failure(decideComplaint(complaintDeps, akimat, id, filed.id, { resolution: 'declined', text: 'x' }))).toBeInstanceOf(ForbiddenError);
  });

  it('takes tender complaints from verified contractors until the cut-off before the deadline', async () => {
    const { ports, complaintDeps } = world();
    const { competition } = await aTenderingIn(ports);
    const contractor = aVerifiedBidderIn(ports);
    const tender = { subject: 'tender' as const, title: 'Условия', text: 'Завышены требования' };

    expect(await fileComplaint(complaintDeps, contractor.caller, competition.id, tender)).toMatchObject({ status: 'pending', subject: 'tender' });
    moveClockTo(new Date(new Date(competition.tenderPeriod!.endDate).getTime() - 3600_000).toISOString());
    expect(await failure(fileComplaint(complaintDeps, contractor.caller, competition.id, tender))).toBeInstanceOf(ConflictError);
  });
});

describe('monitoring of evaluation', () => {
  it('counts complaints filed and satisfied, the disqualification rate and the days from opening to award per region', async () => {
    const w = world();
    const opened = await threeBidsOpened(w.ports);
    await decideQualification(w.evaluationDeps, opened.akimat, opened.id, opened.a.contractor.bin, { decision: 'qualified' });
    await decideQualification(w.evaluationDeps, opened.akimat, opened.id, opened.b.contractor.bin, { decision: 'disqualified', reasons: [{ code: 'other', text: 'x' }] });
    moveClockTo(new Date(Date.parse((await w.ports.competitions.get(opened.id))!.bidsOpenedAt!) + 2 * 86_400_000 + 1000).toISOString());
    await signedAward(w.evaluationDeps, opened.akimat, opened.id, opened.a.contractor.bin);
    const filed = await fileComplaint(w.complaintDeps, opened.c.caller, opened.id, { subject: 'award', title: 'Несогласие', text: 'Текст' });
    await decideComplaint(w.complaintDeps, aMinistry(), opened.id, filed.id, { resolution: 'satisfied', text: 'Да' });
    const project = { ...opened.project, value: opened.project.value };
    const competition = { id: opened.id, projectId: project.id, publishedAt: opened.competition.publishedAt! };
    const events = w.ports.table.allEvents().filter((e) => isMonitoredEventType(e.type) && e.type !== 'competition.published');

    const records = foldEvents(events, () => ({ project, competition }));
    const figures = figuresOf(records.get(project.kato)!);

    expect(figures.evaluation).toEqual({ complaintsFiled: 1, complaintsSatisfied: 1, disqualificationRate: 0.3333, medianDaysOpeningToAward: 2 });
    // The award moved the project to implementation; the satisfied complaint moved it back.
    expect(figures.projects.byStage).toMatchObject({ implementation: 0, 'contractor-determination': 0 });
  });
});

describe('complaint emails', () => {
  it('tell the akimat and the reviewing body of a filing, and every bidder of the decision', async () => {
    const w = world();
    const opened = await threeBidsOpened(w.ports);
    w.ports.table.projects.get(opened.project.id)!.project = { ...opened.project, akimat: { ...opened.project.akimat, email: 'akimat@example.kz' } };
    for (const bidder of [opened.a, opened.b, opened.c]) await decideQualification(w.evaluationDeps, opened.akimat, opened.id, bidder.contractor.bin, { decision: 'qualified' });
    await signedAward(w.evaluationDeps, opened.akimat, opened.id, opened.b.contractor.bin);
    const filed = await fileComplaint(w.complaintDeps, opened.a.caller, opened.id, { subject: 'award', title: 'Несогласие', text: 'Текст' });
    await decideComplaint(w.complaintDeps, aMinistry(), opened.id, filed.id, { resolution: 'declined', text: 'Требования соблюдены' });
    const mailsOf = async (type: 'complaint.filed' | 'complaint.decided') => {
      const queue = new MemoryJobQueue();
      const event = w.ports.table.allEvents().find((e) => e.type === type)!;
      for (const message of matchRoutes(event)) {
        await fanOut({ reader: memoryMatchingReader(w.ports.table), queue, reviewerEmail: 'complaints@minenergy.kz' }, message.body as MatchJob);
      }
      return queue.mails;
    };

    const onFiling = await mailsOf('complaint.filed');
    const onDecision = await mailsOf('complaint.decided');

    expect(onFiling.map((m) => [m.to, m.template]).sort()).toEqual([
      ['akimat@example.kz', 'complaint-filed'],
      ['complaints@minenergy.kz', 'complaint-filed'],
    ]);
    expect(onFiling[0]!.vars).toMatchObject({ complaintTitle: 'Несогласие', complaintSubject: 'award' });
    expect(onDecision).toHaveLength(3);
    expect(onDecision.every((m) => m.template === 'complaint-decided' && m.vars.resolution === 'declined')).toBe(true);
  });
});

describe('the register of unscrupulous participants', () => {
  it('refuses a bid from a listed BIN naming the entry; ending the entry lets it bid again', async () => {
    const { ports } = world();
    const { competition } = await aTenderingIn(ports);
    const bidder = aVerifiedBidderIn(ports);
    const entry = await addEntry(ports.evaluation.register, aMinistry(), {
      bin: bidder.contractor.bin,
      reason: 'Неисполнение договора',
      basis: 'Решение суда № 1',
      from: new Date(Date.now() - 1000).toISOString(),
      until: new Date(Date.now() + 365 * 86_400_000).toISOString(),
    });

    const refused = await failure(signedBid(ports, bidder.caller, competition.id, '100000000'));
    await endEntry(ports.evaluation.register, aMinistry(), entry.id);
    const receipt = await signedBid(ports, bidder.caller, competition.id, '100000000');

    expect(refused).toBeInstanceOf(ForbiddenError);
    expect((refused as ForbiddenError).message).toContain(entry.id);
    expect(receipt.bin).toBe(bidder.contractor.bin);
    expect(await failure(endEntry(ports.evaluation.register, aMinistry(), entry.id))).toBeInstanceOf(ConflictError);
  });

  it('flags at opening a bidder listed after it bid', async () => {
    const { ports, evaluationDeps } = world();
    const { competition, akimat } = await aTenderingIn(ports);
    const bidder = aVerifiedBidderIn(ports);
    await signedBid(ports, bidder.caller, competition.id, '100000000');
    const entry = await addEntry(ports.evaluation.register, aMinistry(), {
      bin: bidder.contractor.bin,
      reason: 'Неисполнение договора',
      basis: 'Решение суда № 2',
      from: new Date().toISOString(),
      until: new Date(Date.now() + 365 * 86_400_000).toISOString(),
    });
    moveClockTo(competition.tenderPeriod!.endDate);
    await openBidsAsAkimat(ports.competitionDeps, akimat, competition.id);

    const view = await getEvaluation(evaluationDeps, akimat, competition.id);

    expect(view.bids[0]!.checks.unscrupulous).toEqual({ listed: true, entryId: entry.id });
    expect(view.bids[0]!.checks.abnormallyLow).toBe(true);
  });

  it('refuses a period that ends before it starts, naming until', async () => {
    const { ports } = world();
    const error = await failure(addEntry(ports.evaluation.register, aMinistry(), { bin: '940140000385', reason: 'r', basis: 'b', from: T0, until: T0 }));
    expect((error as ValidationError).fields).toEqual([expect.objectContaining({ path: 'until' })]);
  });
});
