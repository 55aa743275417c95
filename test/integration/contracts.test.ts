/**
 * Contracts on the local runtime (issue 14): the standstill passes (development clock) and the deadline checker makes
 * the contract `pending`; the supplier cannot sign with another BIN's certificate; both parties sign → `active`, the
 * competition `complete`, the project in implementation; a report moves the progress; a missed milestone is overdue and
 * its official is emailed once; completion completes the project. A refusal, and separately a missed signing deadline,
 * cancel the award (a register entry is proposed for the ministry) and let the next-ranked bid be awarded.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { qualify, signedAward } from '../support/evaluation.js';
import { passTime } from '../support/fixtures.js';
import { advanceClock, api, clockNow, documentClient, eventually, mailTo, seedProject, tokenFor, uniqueBin, uniqueEmail, verifiedContractor } from '../support/local.js';
import { ocdsErrors } from '../support/ocds-schemas.js';
import { binOf, certificateFor, devCertificate, signedBid, signWith } from '../support/signing.js';

const KATO = '550000000';

interface ImplementationRow {
  kato: string;
  contractsSigned: number;
  contractedValue: string;
  weightedProgress: number | null;
  paidAmount: string;
  reports: number;
  overdueMilestones: number;
}

/** Tenge decimal strings as whole tenge (the amounts here are whole). */
const tenge = (amount: string): bigint => BigInt(amount.split('.')[0]!);

interface Bidder {
  bin: string;
  token: string;
}

/** Two (or more) signed bids, all qualified, the cheapest awarded; returns once the standstill has passed and the contract exists. */
const contracted = async (prices: readonly string[], officialEmail = uniqueEmail('official')) => {
  const project = await seedProject({ kato: KATO, sector: 'water', akimat: { name: { ru: 'Акимат Павлодарской области', kk: 'Павлодар облысының әкімдігі', en: 'Pavlodar Region Akimat' }, email: officialEmail } });
  const akimat = await tokenFor({ role: 'akimat', kato: KATO, bin: uniqueBin() });
  const draft = await api('/competitions', { token: akimat, body: { projectId: project.id, title: { ru: 'Водопровод', kk: 'Су құбыры' }, estimatedValue: '900000000' } });
  const id = draft.body.id as string;
  const published = await api(`/competitions/${id}/publish`, { token: akimat, method: 'POST' });
  await passTime(published.body.tenderPeriod.startDate);
  const bidders: Bidder[] = [];
  for (const price of prices) {
    const bidder = await verifiedContractor();
    const bid = await api(`/competitions/${id}/bids/me`, { token: bidder.token, method: 'PUT', body: await signedBid(bidder.token, id, price) });
    expect(bid.status).toBe(200);
    bidders.push(bidder);
  }
  await passTime(published.body.tenderPeriod.endDate);
  expect([200, 409]).toContain((await api(`/competitions/${id}/open-bids`, { token: akimat, method: 'POST' })).status);
  for (const b of bidders) expect((await qualify(akimat, id, b.bin, 'qualified')).status).toBe(200);
  const award = await signedAward(akimat, id, bidders[0]!.bin);
  expect(award.status).toBe(200);
  // Issue 14: the award keeps the project at contractor determination.
  expect((await api(`/projects/${project.id}`)).body.stage).toBe('contractor-determination');
  expect(award.body.contractId).toBeUndefined();
  await passTime(award.body.award.complaintPeriod.endDate);
  const contractId = await eventually(async () => (await api(`/competitions/${id}`)).body.contractId as string | undefined, 20_000, 'the contract');
  return { id, akimat, bidders, project, contractId, officialEmail };
};

/**
 * `POST …/sign` by `token`, signed with a certificate of `bin` over the server's signing payload (the head's, unless
 * `role` asks for an employee's certificate, which may not bind the organisation).
 */
const sign = async (token: string, contractId: string, bin: string, role?: 'employee') => {
  const payload = await api<{ payload: string; sha256: string }>(`/contracts/${contractId}/signing-payload`, { token, method: 'POST' });
  if (payload.status !== 200) return payload;
  const certificate = role ? await devCertificate(bin, { role }) : await certificateFor(bin);
  const signature = await signWith(certificate, new Uint8Array(Buffer.from(payload.body.payload, 'base64')));
  return api(`/contracts/${contractId}/sign`, { token, body: { signature } });
};

describe('a contract from the standstill to completion', () => {
  it('is made pending, signed by both (never with another BIN’s certificate), implemented with reports and overdue notices, and completed', { timeout: 120_000 }, async () => {
    const { id, akimat, bidders, project, contractId, officialEmail } = await contracted(['400000000', '450000000']);
    const [a, b] = bidders as [Bidder, Bidder];

    // Pending, shaped as the issue spells it.
    const pending = await api(`/contracts/${contractId}`);
    expect(pending.status).toBe(200);
    expect(pending.body).toMatchObject({
      id: contractId,
      competitionId: id,
      projectId: project.id,
      status: 'pending',
      value: '400000000',
      supplier: { bin: a.bin },
      buyer: { kato: KATO },
      signatures: [],
      milestones: [],
    });
    expect(pending.body.signingDeadline > (await clockNow()).toISOString()).toBe(true);
    expect((await api(`/contracts?region=${KATO}&status=pending`)).body.items.map((c: { id: string }) => c.id)).toContain(contractId);
    // "My contracts": the supplier's list has it, another bidder's does not.
    const mine = await api(`/my/contracts`, { token: a.token });
    expect(mine.status).toBe(200);
    expect(mine.body.items.find((c: { id: string }) => c.id === contractId)).toMatchObject({ status: 'pending', supplier: { bin: a.bin } });
    expect((await api(`/my/contracts`, { token: b.token })).body.items.map((c: { id: string }) => c.id)).not.toContain(contractId);

    // Milestones before signing: the first due in two days.
    const now = await clockNow();
    const soon = new Date(now.getTime() + 2 * 86_400_000).toISOString();
    const later = new Date(now.getTime() + 200 * 86_400_000).toISOString();
    const milestones = await api(`/contracts/${contractId}/milestones`, {
      token: akimat,
      method: 'PUT',
      body: { items: [{ title: 'Проект', type: 'design', dueDate: soon }, { title: 'Строительство', type: 'works', dueDate: later, value: '300000000' }] },
    });
    expect(milestones.status).toBe(200);
    expect(milestones.body.milestones.map((m: { id: string; status: string }) => [m.id, m.status])).toEqual([['M1', 'scheduled'], ['M2', 'scheduled']]);

    // The supplier cannot sign with another BIN's certificate; another bidder cannot sign at all.
    const foreign = await sign(a.token, contractId, uniqueBin());
    expect(foreign.status).toBe(422);
    expect(JSON.stringify(foreign.body)).toContain('signature');
    expect(foreign.body.reason).toBe('not_this_organisation');
    // Nor with an employee's certificate of the right BIN: a contract needs the head or an authorised signatory.
    const employee = await sign(a.token, contractId, a.bin, 'employee');
    expect(employee.status).toBe(422);
    expect(employee.body).toMatchObject({ reason: 'no_signing_authority', fields: [{ path: 'signature' }] });
    expect((await sign(b.token, contractId, b.bin)).status).toBe(403);

    // The ministry's implementation view of the region before the signature (counters shared with other tests: deltas).
    const ministry = await tokenFor({ role: 'ministry' });
    const regionRow = async () => {
      const view = await api('/monitoring/implementation', { token: ministry });
      expect(view.status).toBe(200);
      return view.body.regions.find((r: { kato: string }) => r.kato === KATO) as ImplementationRow;
    };
    const start = await regionRow();

    // Both sign: active; the competition complete; the project in implementation.
    const bySupplier = await sign(a.token, contractId, a.bin);
    expect(bySupplier.status).toBe(200);
    expect(bySupplier.body).toMatchObject({ status: 'pending', signatures: [{ party: 'supplier', signer: { bin: a.bin } }] });
    expect((await sign(a.token, contractId, a.bin)).status).toBe(409);
    const byBuyer = await sign(akimat, contractId, binOf(akimat)!);
    expect(byBuyer.status).toBe(200);
    expect(byBuyer.body).toMatchObject({ status: 'active', signatures: [{ party: 'supplier' }, { party: 'buyer' }] });
    expect(byBuyer.body.dateSigned).toBeDefined();
    // Each party's CMS is kept as submitted, in an item of its own; the contract item, rewritten by every later change,
    // holds the signers only.
    const stored = await documentClient().send(new GetCommand({ TableName: 'konkurs', Key: { PK: `CONTRACT#${contractId}`, SK: 'CONTRACT' } }));
    expect(stored.Item!.signatures).toHaveLength(2);
    for (const signature of stored.Item!.signatures as Record<string, unknown>[]) expect(signature).not.toHaveProperty('cms');
    for (const party of ['supplier', 'buyer']) {
      const kept = await documentClient().send(new GetCommand({ TableName: 'konkurs', Key: { PK: `CONTRACT#${contractId}`, SK: `SIGNATURE#${party}` } }));
      const signer = (stored.Item!.signatures as { party: string; signer: { signatureSha256: string } }[]).find((s) => s.party === party)!.signer;
      expect(createHash('sha256').update(Buffer.from(kept.Item!.cms as string, 'base64')).digest('hex')).toBe(signer.signatureSha256);
    }
    expect((await api(`/competitions/${id}`)).body.status).toBe('complete');
    expect((await api(`/projects/${project.id}`)).body.stage).toBe('implementation');
    // Milestones now change only through an amendment, which keeps the history.
    expect((await api(`/contracts/${contractId}/milestones`, { token: akimat, method: 'PUT', body: { items: [{ title: 'X', type: 'works', dueDate: later }] } })).status).toBe(409);
    const amended = await api(`/contracts/${contractId}/amendments`, { token: akimat, body: { rationale: 'Удорожание материалов', value: '420000000' } });
    expect(amended.status).toBe(201);
    expect(amended.body).toMatchObject({ value: '420000000', amendments: [{ id: '1', value: { before: '400000000', after: '420000000' } }] });
    // The raise is a red flag for the ministry.
    const flagged = await eventually(async () => {
      const flags = await api(`/monitoring/red-flags?region=${KATO}&flag=value-raised`, { token: ministry });
      return flags.body.items.find((f: { competitionId: string }) => f.competitionId === id);
    }, 20_000, 'the value-raised red flag');
    expect(flagged.why).toContain('from 400000000 to 420000000');

    // A report moves the progress.
    const report = await api(`/contracts/${contractId}/reports`, { token: akimat, body: { milestoneId: 'M2', physicalProgress: 35, completedWorksValue: '120000000', paidAmount: '100000000' } });
    expect(report.status).toBe(201);
    expect(report.body.progress).toEqual({ physicalProgress: 35, completedWorksValue: '120000000', paidAmount: '100000000' });
    expect(report.body.milestones.find((m: { id: string }) => m.id === 'M2').status).toBe('met');
    expect((await api(`/contracts/${contractId}/reports`, { token: await tokenFor({ role: 'akimat', kato: '470000000', bin: uniqueBin() }), body: { physicalProgress: 50 } })).status).toBe(403);

    // The implementation view took in the signature, the amendment and the report: one more contract, its value,
    // the payment, and the progress weighted by value.
    const implemented = await eventually(async () => {
      const row = await regionRow();
      return row.contractsSigned === start.contractsSigned + 1 && tenge(row.paidAmount) === tenge(start.paidAmount) + 100_000_000n && row.reports === start.reports + 1 ? row : undefined;
    }, 20_000, 'the implementation view to count the contract and its report');
    expect(tenge(implemented.contractedValue) - tenge(start.contractedValue)).toBe(420_000_000n);
    const startValue = Number(tenge(start.contractedValue));
    const expectedProgress = ((start.weightedProgress ?? 0) * startValue + 35 * 420_000_000) / (startValue + 420_000_000);
    expect(Math.abs(implemented.weightedProgress! - expectedProgress)).toBeLessThanOrEqual(0.1);
    const csv = await api('/monitoring/implementation.csv?lang=en', { token: ministry });
    expect(csv.status).toBe(200);
    expect(String(csv.body)).toContain('Physical progress (weighted), %');

    // The first milestone passes unmet: overdue, and its official is emailed once.
    await passTime(soon);
    const overdue = await eventually(async () => {
      const c = await api(`/contracts/${contractId}`);
      return c.body.milestones.find((m: { id: string; status: string }) => m.id === 'M1' && m.status === 'overdue');
    }, 20_000, 'the overdue milestone');
    expect(overdue).toBeDefined();
    // (The same address got the opening summary earlier: the akimat's contact.)
    const overdueMails = async () => (await mailTo(officialEmail)).filter((m) => m.subject.includes('Просрочен этап договора'));
    const [mail] = await eventually(async () => ((await overdueMails()).length > 0 ? overdueMails() : undefined), 20_000, 'the overdue email');
    expect(mail!.body.text).toContain('«Проект»');
    // The ministry sees the overdue milestone named with the responsible akimat and official.
    const official = (await api(`/contracts/${contractId}`)).body.responsible.name as string;
    const listed = await eventually(async () => {
      const page = await api(`/monitoring/implementation/overdue?region=${KATO}`, { token: ministry });
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(25);
      return page.body.items.find((m: { contractId: string; milestoneId: string }) => m.contractId === contractId && m.milestoneId === 'M1');
    }, 20_000, 'the overdue milestone in the ministry’s list');
    expect(listed).toMatchObject({ title: 'Проект', kato: KATO, akimat: 'Акимат Павлодарской области', official });
    expect((await regionRow()).overdueMilestones).toBeGreaterThanOrEqual(1);
    expect((await api('/monitoring/implementation/overdue?limit=26', { token: ministry })).status).toBe(422);
    // Later sweeps find the notice sent: no second email.
    await advanceClock(120);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(await overdueMails()).toHaveLength(1);

    // Complete → the project completed.
    const completed = await api(`/contracts/${contractId}/complete`, { token: akimat, method: 'POST' });
    expect(completed.status).toBe(200);
    expect(completed.body.status).toBe('completed');
    expect((await api(`/projects/${project.id}`)).body.stage).toBe('completed');
    // Completed, its open overdue milestone leaves the ministry's list.
    await eventually(async () => {
      const page = await api(`/monitoring/implementation/overdue?region=${KATO}`, { token: ministry });
      return page.body.items.some((m: { contractId: string }) => m.contractId === contractId) ? undefined : true;
    }, 20_000, 'the overdue milestone to leave the list');
    expect((await api(`/contracts/${contractId}/terminate`, { token: akimat, body: { reason: 'поздно' } })).status).toBe(409);

    // Open data: the contract, its milestones and payments (implementation), valid against the official schema.
    const releases = await eventually(async () => {
      const found = await api(`/ocds/releases/ocds-konkurs-${id}`);
      const tags = found.status === 200 ? found.body.releases.map((r: { tag: string[] }) => r.tag[0]) : [];
      return ['contract', 'contractAmendment', 'implementation', 'contractTermination'].every((t) => tags.includes(t)) ? found.body : undefined;
    }, 20_000, 'the contract releases');
    expect(ocdsErrors('releasePackage', releases)).toEqual([]);
    const signed = releases.releases.find((r: { tag: string[] }) => r.tag[0] === 'contract');
    expect(signed.contracts[0]).toMatchObject({ id: `${id}-contract-1`, awardID: `${id}-award-1`, status: 'active', value: { amount: 400000000, currency: 'KZT' } });
    const closed = releases.releases.find((r: { tag: string[] }) => r.tag[0] === 'contractTermination');
    expect(closed.contracts[0]).toMatchObject({ status: 'terminated', value: { amount: 420000000 } });
    expect(closed.contracts[0].implementation.transactions).toEqual([expect.objectContaining({ value: { amount: 100000000, currency: 'KZT' } })]);
    expect(closed.contracts[0].milestones.map((m: { id: string; status: string }) => [m.id, m.status])).toEqual([['M1', 'notMet'], ['M2', 'met']]);
  });
});

describe('a winner that does not sign', () => {
  let ministry: string;
  beforeAll(async () => {
    ministry = await tokenFor({ role: 'ministry' });
  });

  it('refuses: the award is cancelled, the next-ranked bid is awarded, and a register entry is proposed for the ministry', { timeout: 120_000 }, async () => {
    const { id, akimat, bidders, contractId } = await contracted(['300000000', '350000000']);
    const [a, b] = bidders as [Bidder, Bidder];
    expect((await api(`/contracts/${contractId}/refuse`, { token: b.token, body: { reason: 'не победитель' } })).status).toBe(403);

    const refused = await api(`/contracts/${contractId}/refuse`, { token: a.token, body: { reason: 'Нет ресурсов' } });

    expect(refused.status).toBe(200);
    expect(refused.body).toMatchObject({ status: 'cancelled', refusal: { by: 'supplier', reason: 'Нет ресурсов' } });
    const competition = (await api(`/competitions/${id}`)).body;
    expect(competition.status).toBe('active.evaluation');
    expect(competition.contractId).toBeUndefined();
    expect(competition.cancelledAwards).toEqual([expect.objectContaining({ bin: a.bin, status: 'cancelled', cancellation: expect.objectContaining({ reason: 'contractRefused', contractId }) })]);
    const again = await signedAward(akimat, id, a.bin);
    expect(again.status).toBe(409);
    expect(again.body.message).toContain(b.bin);
    const next = await signedAward(akimat, id, b.bin);
    expect(next.status).toBe(200);
    expect(next.body.award).toMatchObject({ id: '2', bin: b.bin });
    // The proposal bars nobody until the ministry confirms it.
    const proposed = (await api(`/registry/unscrupulous?bin=${a.bin}`)).body.items;
    expect(proposed).toEqual([expect.objectContaining({ status: 'proposed', active: false, contractId })]);
    const confirmed = await api(`/registry/unscrupulous/${proposed[0].id}/confirm`, { token: ministry, method: 'POST' });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({ status: 'confirmed', active: true });
    // Open data: the refused award is cancelled, the next-ranked one active.
    const record = await eventually(async () => {
      const found = await api(`/ocds/records/ocds-konkurs-${id}`);
      const awards = found.status === 200 ? found.body.records[0].compiledRelease.awards ?? [] : [];
      return awards.length === 2 ? found.body : undefined;
    }, 20_000, 'both awards in the record');
    expect(ocdsErrors('recordPackage', record)).toEqual([]);
    expect(record.records[0].compiledRelease.awards.map((aw: { id: string; status: string }) => [aw.id, aw.status])).toEqual([
      [`${id}-award-1`, 'cancelled'],
      [`${id}-award-2`, 'active'],
    ]);
  });

  it('misses the signing deadline: counted as refusal, the next-ranked bid is awarded', { timeout: 120_000 }, async () => {
    const { id, akimat, bidders, contractId } = await contracted(['300000000', '350000000']);
    const [a, b] = bidders as [Bidder, Bidder];
    const contract = (await api(`/contracts/${contractId}`)).body;

    await passTime(contract.signingDeadline);

    const cancelled = await eventually(async () => {
      const c = (await api(`/contracts/${contractId}`)).body;
      return c.refusal ? c : undefined;
    }, 20_000, 'the refusal by the clock');
    expect(cancelled).toMatchObject({ status: 'cancelled', refusal: { by: 'deadline' } });
    expect((await sign(a.token, contractId, a.bin)).status).toBe(409);
    const competition = (await api(`/competitions/${id}`)).body;
    expect(competition.status).toBe('active.evaluation');
    expect(competition.cancelledAwards[0].cancellation.reason).toBe('signingDeadlineMissed');
    expect((await signedAward(akimat, id, b.bin)).status).toBe(200);
    expect((await api(`/registry/unscrupulous?bin=${a.bin}`)).body.items).toEqual([expect.objectContaining({ status: 'proposed', active: false })]);
  });
});
