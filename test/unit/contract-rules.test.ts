/**
 * Contracts on the in-memory ports (issue 14): made by the deadline checker once the standstill has passed with no
 * pending complaint (one per award, however many checkers race); signed by both parties (the supplier only with a
 * certificate of its own BIN); the second signature completes the competition and moves the project; a refusal or a
 * missed signing deadline cancels the award and lets the next-ranked bid be awarded, with a proposed register entry;
 * milestones before signing only; amendments with history; reports; overdue notices once; completion.
 */
import { describe, expect, it } from 'vitest';
import { COMPLAINT_DEFAULTS } from '../../shared/domain/complaints.js';
import { contractLifecycle, contractEffectiveStatus } from '../../shared/domain/contract-lifecycle.js';
import { ocdsContractAt } from '../../shared/domain/ocds-release.js';
import { activeEntry } from '../../shared/domain/unscrupulous.js';
import { ocdsRoutes } from '../../shared/use-cases/ocds-job.js';
import { detectRedFlags } from '../../shared/use-cases/red-flags.js';
import { memoryRedFlagStore } from '../support/memory/financing-store.js';
import { ConflictError, ForbiddenError, SignatureRejectedError, ValidationError } from '../../shared/errors.js';
import type { Caller } from '../../shared/http/identity.js';
import { decideComplaint, fileComplaint, type ComplaintDeps } from '../../shared/use-cases/complaints.js';
import { openBidsAsAkimat } from '../../shared/use-cases/competitions.js';
import {
  amendContract,
  checkContract,
  completeContract,
  contractSigningPayload,
  contractView,
  fileReport,
  refuseContract,
  setMilestones,
  signContract,
  sweepDueContracts,
} from '../../shared/use-cases/contracts.js';
import { checkDeadlines } from '../../shared/use-cases/deadlines.js';
import { awardCompetition, awardSigningPayloadFor, decideQualification, type EvaluationDeps } from '../../shared/use-cases/evaluation.js';
import { confirmEntry } from '../../shared/use-cases/unscrupulous.js';
import { fakeSignature } from '../support/fake-signatures.js';
import { aMinistry, anAkimat, T0 } from '../support/factories.js';
import { memoryPorts, type MemoryPorts } from '../support/memory/index.js';
import { aTenderingIn, aVerifiedBidderIn, signedBid } from '../support/memory/scenarios.js';
import { moveClockTo, useTestClock } from '../support/test-clock.js';

useTestClock(T0);

const failure = (promise: Promise<unknown>): Promise<unknown> => promise.then(() => 'no error', (error: unknown) => error);

const AKIMAT_BIN = '940140000385';

const evaluationDepsOf = (ports: MemoryPorts): EvaluationDeps => ({
  competitions: ports.competitions,
  bids: ports.bids,
  qualifications: ports.evaluation.qualifications,
  awards: ports.evaluation.awards,
  register: ports.evaluation.register,
  protocols: { render: async (p) => new TextEncoder().encode(JSON.stringify(p)), store: async (c, d) => `tender/${c}/${d}/v1` },
  verifier: ports.verifier,
  periods: ports.competitionDeps.periods,
  complaints: COMPLAINT_DEFAULTS,
  checks: { abnormallyLowPercent: 70 },
});

const signedAward = async (deps: EvaluationDeps, akimat: Caller, id: string, bin: string) => {
  const { payload } = await awardSigningPayloadFor(deps, akimat, id, bin);
  return awardCompetition(deps, akimat, id, { bin, signature: fakeSignature(payload, akimat.bin!) });
};

/** Two bids (A 300, B 350 million), A qualified and awarded, B qualified unless told otherwise; the clock at the award. */
const awarded = async (decisionOfB: 'qualified' | 'disqualified' = 'qualified') => {
  const ports = memoryPorts();
  const evaluation = evaluationDepsOf(ports);
  const staged = await aTenderingIn(ports);
  const akimat: Caller = { ...anAkimat(staged.project.kato), bin: AKIMAT_BIN, email: 'official@akimat.kz' };
  const [a, b] = [aVerifiedBidderIn(ports), aVerifiedBidderIn(ports)];
  const id = staged.competition.id;
  await signedBid(ports, a.caller, id, '300000000');
  await signedBid(ports, b.caller, id, '350000000');
  moveClockTo(staged.competition.tenderPeriod!.endDate);
  await openBidsAsAkimat(ports.competitionDeps, akimat, id);
  await decideQualification(evaluation, akimat, id, a.contractor.bin, { decision: 'qualified' });
  await decideQualification(
    evaluation,
    akimat,
    id,
    b.contractor.bin,
    decisionOfB === 'qualified' ? { decision: 'qualified' } : { decision: 'disqualified', reasons: [{ code: 'documentsMissing', text: 'Нет лицензии' }] },
  );
  const competition = await signedAward(evaluation, akimat, id, a.contractor.bin);
  const checker = { ...ports.competitionDeps, contracting: ports.contractDeps };
  return { ports, evaluation, akimat, a, b, id, project: staged.project, competition, checker };
};

/** Past the standstill, and the checker has run: the contract. */
const contracted = async (decisionOfB: 'qualified' | 'disqualified' = 'qualified') => {
  const w = await awarded(decisionOfB);
  moveClockTo(w.competition.award!.complaintPeriod!.endDate);
  expect(await checkDeadlines(w.checker, w.id)).toEqual(['contract']);
  const contractId = (await w.ports.competitions.get(w.id))!.contractId!;
  return { ...w, contractId };
};

const sign = async (ports: MemoryPorts, caller: Caller, id: string, bin = caller.bin!) => {
  const { payload } = await contractSigningPayload(ports.contractDeps, caller, id);
  return signContract(ports.contractDeps, caller, id, { signature: fakeSignature(payload, bin) });
};

describe('the contract table', () => {
  it('shows a pending contract past its signing deadline as cancelled (the clock decides)', () => {
    const c = { status: 'pending' as const, signingDeadline: '2027-01-10T00:00:00.000Z' };
    expect(contractEffectiveStatus(c, new Date('2027-01-09T00:00:00.000Z'))).toBe('pending');
    expect(contractEffectiveStatus(c, new Date('2027-01-10T00:00:00.000Z'))).toBe('cancelled');
    expect(contractLifecycle.allows('setMilestones', { ...c, signatures: [{}] }, new Date('2027-01-09T00:00:00.000Z'))).toBe(false);
  });
});

describe('making the contract', () => {
  it('is made once the standstill has passed, once per award, however many checkers race', async () => {
    const w = await awarded();
    expect(await checkDeadlines(w.checker, w.id)).toEqual([]);
    moveClockTo(w.competition.award!.complaintPeriod!.endDate);

    const results = await Promise.all([1, 2, 3, 4].map(() => checkDeadlines(w.checker, w.id)));

    expect(results.flat()).toEqual(['contract']);
    expect(w.ports.contracts.contracts.size).toBe(1);
    const [contract] = [...w.ports.contracts.contracts.values()];
    expect(contract).toMatchObject({ status: 'pending', competitionId: w.id, awardId: '1', value: '300000000', supplier: { bin: w.a.contractor.bin, name: w.a.contractor.name } });
    expect((await w.ports.competitions.get(w.id))!.contractId).toBe(contract!.id);
    expect((await w.ports.projects.get(w.project.id))!.stage).toBe('contractor-determination');
  });

  it('waits while an award complaint is pending; made when it is declined', async () => {
    const w = await awarded();
    const complaints: ComplaintDeps = {
      competitions: w.ports.competitions,
      bids: w.ports.bids,
      bidDocuments: w.ports.bidDeps.bidDocuments,
      complaints: w.ports.evaluation.complaints,
      contractors: w.ports.contractors,
      config: COMPLAINT_DEFAULTS,
    };
    const complaint = await fileComplaint(complaints, w.b.caller, w.id, { subject: 'award', title: 'Несогласие', text: 'Текст' });
    moveClockTo(w.competition.award!.complaintPeriod!.endDate);

    expect(await checkDeadlines(w.checker, w.id)).toEqual([]);
    await decideComplaint(complaints, aMinistry(), w.id, complaint.id, { resolution: 'declined', text: 'Нет оснований' });
    expect(await checkDeadlines(w.checker, w.id)).toEqual(['contract']);
  });
});

describe('signing', () => {
  it('takes the supplier’s signature only with its own BIN, and the region’s akimat; both → active, competition complete, project in implementation', async () => {
    const { ports, akimat, a, b, id, project, contractId } = await contracted();

    expect(await failure(sign(ports, a.caller, contractId, b.contractor.bin))).toBeInstanceOf(SignatureRejectedError);
    expect(await failure(sign(ports, b.caller, contractId))).toBeInstanceOf(ForbiddenError);
    expect(await failure(sign(ports, { ...anAkimat('710000000'), bin: AKIMAT_BIN }, contractId))).toBeInstanceOf(ForbiddenError);
    const first = await sign(ports, a.caller, contractId);
    expect(first.status).toBe('pending');
    expect(await failure(sign(ports, a.caller, contractId))).toBeInstanceOf(ConflictError);
    expect(await failure(setMilestones(ports.contractDeps, akimat, contractId, { items: [{ title: 'X', type: 'works', dueDate: '2030-01-01' }] }))).toBeInstanceOf(ConflictError);
    const second = await sign(ports, akimat, contractId);

    expect(second).toMatchObject({ status: 'active', responsible: { email: 'official@akimat.kz' } });
    expect(second.dateSigned).toBeDefined();
    expect((await ports.competitions.get(id))!.status).toBe('complete');
    expect((await ports.projects.get(project.id))!.stage).toBe('implementation');
    expect(ports.table.eventTypes()).toEqual(expect.arrayContaining(['contract.created', 'contract.signed', 'contract.activated']));
    expect(contractView(second).signatures.map((s) => s.party)).toEqual(['supplier', 'buyer']);
    expect(JSON.stringify(contractView(second))).not.toContain('official@akimat.kz');
  });

  it("refuses a contract signature by an employee's certificate: only the head or an authorised signatory binds the organisation", async () => {
    const { ports, a, contractId } = await contracted();
    const { payload } = await contractSigningPayload(ports.contractDeps, a.caller, contractId);

    const refused = await failure(signContract(ports.contractDeps, a.caller, contractId, { signature: fakeSignature(payload, a.contractor.bin, 'employee') }));
    expect(refused).toBeInstanceOf(SignatureRejectedError);
    expect((refused as SignatureRejectedError).reason).toBe('no_signing_authority');
    const signed = await signContract(ports.contractDeps, a.caller, contractId, { signature: fakeSignature(payload, a.contractor.bin, 'signatory') });
    expect(signed.signatures).toHaveLength(1);
  });

  it('refuses a signature over the old bytes once the milestones changed', async () => {
    const { ports, akimat, a, contractId } = await contracted();
    const { payload } = await contractSigningPayload(ports.contractDeps, a.caller, contractId);
    await setMilestones(ports.contractDeps, akimat, contractId, { items: [{ title: 'Проект', type: 'design', dueDate: '2030-01-01' }] });

    expect(await failure(signContract(ports.contractDeps, a.caller, contractId, { signature: fakeSignature(payload, a.contractor.bin) }))).toBeInstanceOf(SignatureRejectedError);
  });
});

describe('a winner that does not sign', () => {
  it('refuses: the award is cancelled, the next-ranked bid may be awarded, a register entry is proposed until the ministry confirms it', async () => {
    const { ports, evaluation, akimat, a, b, id, contractId } = await contracted();
    expect(await failure(refuseContract(ports.contractDeps, b.caller, contractId, { reason: 'x' }))).toBeInstanceOf(ForbiddenError);

    const refused = await refuseContract(ports.contractDeps, a.caller, contractId, { reason: 'Нет ресурсов' });

    expect(refused).toMatchObject({ status: 'cancelled', refusal: { by: 'supplier' } });
    const reopened = (await ports.competitions.get(id))!;
    expect(reopened).toMatchObject({ status: 'active.evaluation', cancelledAwards: [{ bin: a.contractor.bin, cancellation: { reason: 'contractRefused', contractId } }] });
    expect(reopened.contractId).toBeUndefined();
    expect(String(await failure(signedAward(evaluation, akimat, id, a.contractor.bin)))).toContain(b.contractor.bin);
    const next = await signedAward(evaluation, akimat, id, b.contractor.bin);
    expect(next.award).toMatchObject({ id: '2', bin: b.contractor.bin });
    const [proposal] = await ports.evaluation.register.listByBin(a.contractor.bin);
    expect(proposal).toMatchObject({ status: 'proposed', contractId });
    expect(activeEntry([proposal!], new Date())).toBeUndefined();
    const confirmed = await confirmEntry(ports.evaluation.register, aMinistry(), proposal!.id);
    expect(activeEntry([confirmed], new Date())).toBeDefined();
    expect(await failure(confirmEntry(ports.evaluation.register, aMinistry(), proposal!.id))).toBeInstanceOf(ConflictError);
  });

  it('ends the competition unsuccessful when the refusal leaves no bid to award, freeing the project', async () => {
    const { ports, a, id, project, contractId } = await contracted('disqualified');

    await refuseContract(ports.contractDeps, a.caller, contractId, { reason: 'Нет ресурсов' });

    const ended = (await ports.competitions.get(id))!;
    expect(ended).toMatchObject({ status: 'unsuccessful', cancelledAwards: [{ bin: a.contractor.bin, cancellation: { reason: 'contractRefused' } }] });
    expect(ports.table.eventTypes()).toEqual(expect.arrayContaining(['contract.refused', 'competition.award-cancelled', 'competition.unsuccessful']));
    const freed = (await ports.projects.get(project.id))!;
    expect(freed.competitionId).toBeUndefined();
    expect(freed.stage).toBe('selection');
  });

  it('ends unsuccessful when, after a refusal, the akimat disqualifies the only other bid', async () => {
    const { ports, evaluation, akimat, a, b, id, contractId } = await contracted();
    await refuseContract(ports.contractDeps, a.caller, contractId, { reason: 'Нет ресурсов' });
    expect((await ports.competitions.get(id))!.status).toBe('active.evaluation');

    await decideQualification(evaluation, akimat, id, b.contractor.bin, { decision: 'disqualified', reasons: [{ code: 'documentsMissing', text: 'Нет лицензии' }] });

    expect((await ports.competitions.get(id))!.status).toBe('unsuccessful');
  });

  it('misses the signing deadline: the sweep counts it as refusal, once', async () => {
    const { ports, id, contractId, a } = await contracted();
    const contract = (await ports.contracts.get(contractId))!;
    moveClockTo(contract.signingDeadline);
    expect(await failure(sign(ports, a.caller, contractId))).toBeInstanceOf(ConflictError);

    const enqueued: string[] = [];
    await sweepDueContracts({ contracts: ports.contracts, queue: { enqueueContracts: async (ids) => void enqueued.push(...ids) } });
    const done = await Promise.all(enqueued.map((cid) => checkContract(ports.contractDeps, cid)));
    expect(await checkContract(ports.contractDeps, contractId)).toEqual([]);

    expect(done.flat()).toEqual(['signing-deadline-missed']);
    expect((await ports.contracts.get(contractId))!.refusal).toMatchObject({ by: 'deadline' });
    expect((await ports.competitions.get(id))!.cancelledAwards![0]!.cancellation!.reason).toBe('signingDeadlineMissed');
  });
});

describe('implementation', () => {
  const active = async () => {
    const w = await contracted();
    await setMilestones(w.ports.contractDeps, w.akimat, w.contractId, {
      items: [
        { title: 'Строительство', type: 'works', dueDate: '2027-09-01', value: '200000000' },
        { title: 'Проект', type: 'design', dueDate: '2027-03-01' },
      ],
    });
    await sign(w.ports, w.a.caller, w.contractId);
    await sign(w.ports, w.akimat, w.contractId);
    return w;
  };

  it('refuses milestones worth more than the contract', async () => {
    const { ports, akimat, contractId } = await contracted();
    expect(await failure(setMilestones(ports.contractDeps, akimat, contractId, { items: [{ title: 'X', type: 'payment', dueDate: '2030-01-01', value: '300000000.01' }] }))).toBeInstanceOf(ValidationError);
  });

  it('amends with history, reports move the progress and mark a milestone met', async () => {
    const { ports, akimat, contractId } = await active();
    const amended = await amendContract(ports.contractDeps, akimat, contractId, { rationale: 'Удорожание', value: '320000000' });
    expect(amended.amendments).toEqual([expect.objectContaining({ id: '1', value: { before: '300000000', after: '320000000' } })]);
    expect(await failure(fileReport(ports.contractDeps, akimat, contractId, { milestoneId: 'M9', physicalProgress: 5 }))).toBeInstanceOf(ValidationError);

    const reported = await fileReport(ports.contractDeps, akimat, contractId, { milestoneId: 'M1', physicalProgress: 20, paidAmount: '50000000' });
    const again = await fileReport(ports.contractDeps, akimat, contractId, { physicalProgress: 45, paidAmount: '25000000', completedWorksValue: '90000000' });

    expect(reported.milestones.find((m) => m.id === 'M1')!.metAt).toBeDefined();
    expect(again.progress).toEqual({ physicalProgress: 45, completedWorksValue: '90000000', paidAmount: '75000000' });
  });

  it('finds a missed milestone overdue once, naming the official who signed; completion completes the project', async () => {
    const { ports, akimat, contractId, project } = await active();
    moveClockTo('2027-03-01T00:00:00.000Z');

    const first = await Promise.all([checkContract(ports.contractDeps, contractId), checkContract(ports.contractDeps, contractId)]);
    const later = await checkContract(ports.contractDeps, contractId);

    expect([...first.flat(), ...later]).toEqual(['overdue:M1']);
    const overdue = ports.table.allEvents().filter((e) => e.type === 'contract.milestone-overdue');
    expect(overdue).toEqual([expect.objectContaining({ data: expect.objectContaining({ milestoneId: 'M1', official: expect.objectContaining({ email: 'official@akimat.kz' }) }) })]);
    expect(contractView((await ports.contracts.get(contractId))!).milestones.map((m) => [m.id, m.status])).toEqual([['M1', 'overdue'], ['M2', 'scheduled']]);

    await completeContract(ports.contractDeps, akimat, contractId);
    expect((await ports.projects.get(project.id))!.stage).toBe('completed');
    expect(await failure(fileReport(ports.contractDeps, akimat, contractId, { physicalProgress: 100 }))).toBeInstanceOf(ConflictError);
  });
});

describe('open data', () => {
  it('publishes the contract as it stood at the event: value before a later amendment, milestones by then, payments as transactions', async () => {
    const { ports, akimat, a, contractId } = await contracted();
    await setMilestones(ports.contractDeps, akimat, contractId, { items: [{ title: 'Проект', type: 'design', dueDate: '2027-03-01' }, { title: 'Оплата', type: 'payment', dueDate: '2027-12-01' }] });
    await sign(ports, a.caller, contractId);
    const signed = await sign(ports, akimat, contractId);
    moveClockTo('2027-02-01T00:00:00.000Z');
    const reported = await fileReport(ports.contractDeps, akimat, contractId, { milestoneId: 'M1', physicalProgress: 30, paidAmount: '50000000' });
    moveClockTo('2027-04-01T00:00:00.000Z');
    const amended = await amendContract(ports.contractDeps, akimat, contractId, { rationale: 'Удорожание', value: '310000000' });
    const parties = { buyer: { id: 'B', name: 'Акимат' }, supplier: { id: 'S', name: 'ТОО' } };

    const atSigning = ocdsContractAt(amended, signed.dateSigned!, parties);
    const atReport = ocdsContractAt(amended, reported.updatedAt, parties);
    const now = ocdsContractAt(amended, amended.updatedAt, parties);

    expect(atSigning).toMatchObject({ status: 'active', value: { amount: 300000000 }, milestones: [{ id: 'M1', status: 'scheduled', type: 'delivery' }, { id: 'M2', type: 'financing' }] });
    expect(atSigning.implementation?.transactions).toBeUndefined();
    expect(atReport.implementation?.transactions).toEqual([expect.objectContaining({ value: { amount: 50000000, currency: 'KZT' }, payer: parties.buyer, payee: parties.supplier })]);
    expect(atReport.milestones![0]).toMatchObject({ status: 'met' });
    expect(now).toMatchObject({ value: { amount: 310000000 }, amendments: [{ id: 'contract-1', rationale: 'Удорожание' }] });
    expect(ocdsRoutes(ports.table.allEvents().find((e) => e.type === 'contract.activated')!)).toEqual([
      expect.objectContaining({ queue: 'ocds', body: expect.objectContaining({ type: 'contract.activated', contractId, competitionId: amended.competitionId }) }),
    ]);
  });
});

describe('red flags', () => {
  it('flags the competition whose contract value an amendment raised, not one that lowered it', async () => {
    const { ports, akimat, a, contractId, id } = await contracted();
    await sign(ports, a.caller, contractId);
    await sign(ports, akimat, contractId);
    await amendContract(ports.contractDeps, akimat, contractId, { rationale: 'Экономия', value: '290000000' });
    await amendContract(ports.contractDeps, akimat, contractId, { rationale: 'Удорожание', value: '330000000' });
    const facts = new Map([[id, { id, projectId: 'P', kato: '750000000', title: 'Водопровод', estimatedValue: '400000000', bids: 2 }]]);
    const { store, flags } = memoryRedFlagStore(facts);

    const stored = await detectRedFlags({ flags: store, minimumTenderWorkingDays: 5, repeatWins: 3 }, ports.table.allEvents().filter((e) => e.type === 'contract.amended'));

    expect(stored).toBe(1);
    expect([...flags.values()]).toEqual([
      expect.objectContaining({ competitionId: id, flag: 'value-raised', price: '330000000', why: 'contract amendment 2 raised the value from 290000000 to 330000000 (+13.79%)' }),
    ]);
  });
});
