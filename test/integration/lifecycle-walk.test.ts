/**
 * Walks the competition lifecycle table on DynamoDB Local: for every action and every situation a competition can be
 * in (each status, and the ones the clock makes: tendering by the clock, deadline passed with the bids sealed), the
 * action is taken or refused with 409 exactly as the table says — through the API (use case and storage together,
 * with the API's refusal message), and straight against the storage adapters (their conditions alone, no use case
 * in front of them). Competitions are seeded in their situation, one per (action, situation), with periods around
 * the development clock's now, so the walk moves no clock.
 */
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bidItem } from '../../shared/adapters/bid-store.js';
import { competitionItem } from '../../shared/adapters/competition-store.js';
import { projectItem } from '../../shared/adapters/project-store.js';
import { eventPut } from '../../shared/adapters/table.js';
import type { Competition } from '../../shared/domain/competition.js';
import type { Complaint } from '../../shared/domain/complaints.js';
import { allows, assertTransition, competitionLifecycle, projectStageOf, type CompetitionAction, type CompetitionState } from '../../shared/domain/competition-lifecycle.js';
import { competitionContractWrite, contractStore } from '../../shared/adapters/contract-store.js';
import { newContract } from '../../shared/domain/contract.js';
import { transact } from '../../shared/adapters/table.js';
import type { DomainEvent, EventPayloads, EventType } from '../../shared/domain/events.js';
import type { Project } from '../../shared/domain/project.js';
import type { ProjectRegisteredData } from '../../shared/domain/stats.js';
import { ConflictError } from '../../shared/errors.js';
import { keys } from '../../shared/keys.js';
import type { CompetitionStore } from '../../shared/use-cases/competitions.js';
import { qualifyAndAward } from '../support/evaluation.js';
import { anEvent, type EventOverrides } from '../support/events.js';
import { api, clockNow, documentClient, local, tokenFor, uniqueBin, verifiedContractor } from '../support/local.js';
import { signedBid } from '../support/signing.js';

/** A region no other test file publishes in, so the walk's events touch nobody else's figures or mailboxes. */
const KATO = '330000000';
const HOUR = 3600_000;
const WALK_ACTOR = { system: 'lifecycle-walk' } as const;
const DAY = 24 * HOUR;
const PRICE = '400000000';
const WINNER = '940140000385';

type Situation =
  | 'draft'
  | 'clarification'
  | 'tendering'
  | 'tenderingByClock'
  | 'deadlinePassed'
  | 'evaluation'
  | 'awarded'
  | 'standstillOver'
  | 'contracted'
  | 'complete'
  | 'unsuccessful'
  | 'cancelled'
  | 'cancelledDraft';

const SITUATIONS: readonly Situation[] = [
  'draft',
  'clarification',
  'tendering',
  'tenderingByClock',
  'deadlinePassed',
  'evaluation',
  'awarded',
  'standstillOver',
  'contracted',
  'complete',
  'unsuccessful',
  'cancelled',
  'cancelledDraft',
];

let now: Date;
let bidder: { bin: string; token: string };
let akimat: string;
let serial = 0;
/** The seeded competitions and projects, removed at the end so the lists other test files page through stay short. */
const seededKeys: { PK: string; SK: string }[] = [];

const iso = (offsetMs: number) => new Date(now.getTime() + offsetMs).toISOString();

/** The stored competition of a situation; periods lie hours away from now, so the walk's own duration changes nothing. */
const stateOf = (situation: Situation): CompetitionState & Partial<Competition> => {
  const open = { enquiryPeriod: { startDate: iso(-HOUR), endDate: iso(DAY) }, tenderPeriod: { startDate: iso(-HOUR), endDate: iso(3 * DAY) }, publishedAt: iso(-HOUR) };
  const tendering = { enquiryPeriod: { startDate: iso(-2 * DAY), endDate: iso(-HOUR) }, tenderPeriod: { startDate: iso(-2 * DAY), endDate: iso(3 * DAY) }, publishedAt: iso(-2 * DAY) };
  const closed = { enquiryPeriod: { startDate: iso(-5 * DAY), endDate: iso(-3 * DAY) }, tenderPeriod: { startDate: iso(-5 * DAY), endDate: iso(-HOUR) }, publishedAt: iso(-5 * DAY) };
  const opened = { ...closed, bidsOpenedAt: iso(-HOUR / 2) };
  switch (situation) {
    case 'draft':
      return { status: 'draft' };
    case 'clarification':
      return { status: 'active.clarification', ...open };
    case 'tendering':
      return { status: 'active.tendering', ...tendering };
    case 'tenderingByClock':
      return { status: 'active.clarification', ...tendering };
    case 'deadlinePassed':
      return { status: 'active.tendering', ...closed };
    case 'evaluation':
      return { status: 'active.evaluation', ...opened };
    case 'awarded':
    case 'complete':
      // Another bidder won; the walking bidder may complain during the standstill.
      return {
        status: situation === 'awarded' ? 'active.awarded' : 'complete',
        ...opened,
        award: { id: '1', bin: WINNER, price: PRICE, at: iso(-HOUR / 4), complaintPeriod: { startDate: iso(-HOUR / 4), endDate: iso(3 * DAY) } },
      };
    case 'standstillOver':
    case 'contracted':
      // The standstill passed with no complaint: the contract may be made (and, `contracted`, it was).
      return {
        status: 'active.awarded',
        ...opened,
        award: { id: '1', bin: WINNER, price: PRICE, at: iso(-HOUR / 3), complaintPeriod: { startDate: iso(-HOUR / 3), endDate: iso(-HOUR / 4) } },
        ...(situation === 'contracted' ? { contractId: `K${Date.now().toString(36).toUpperCase()}` } : {}),
      };
    case 'unsuccessful':
      return { status: 'unsuccessful', ...opened };
    case 'cancelled':
      return { status: 'cancelled', ...open, cancellation: { reason: 'noNeed', at: iso(-HOUR / 2) } };
    case 'cancelledDraft':
      return { status: 'cancelled', cancellation: { reason: 'noNeed', at: iso(-HOUR / 2) } };
  }
};

interface Seeded {
  readonly competition: Competition;
  readonly questionId: string;
}

/**
 * Writes a competition in `situation` with what every action needs beside it: its project (holding it as its live
 * competition, at the stage its status implies, registered with the monitoring figures as it stands, so that what the
 * walk then does to it keeps them consistent), the walking contractor's valid bid, and an unanswered question.
 */
const seed = async (situations: readonly Situation[]): Promise<Seeded[]> => {
  const seeded = situations.map((situation) => {
    const id = `WALK${Date.now().toString(36).toUpperCase()}${String((serial += 1)).padStart(4, '0')}`;
    const state = stateOf(situation);
    const competition: Competition = {
      id,
      projectId: `P${id}`,
      kato: KATO,
      sector: 'water',
      title: { ru: `Обход жизненного цикла: ${situation}` },
      estimatedValue: '500000000',
      version: 1,
      bidsValidFromVersion: 1,
      createdAt: iso(-6 * DAY),
      updatedAt: iso(-HOUR / 4),
      createdBy: 'walk',
      ...state,
    };
    // The project follows its competition (issue 14: implementation once the contract is signed, `complete`).
    const stage: Project['stage'] = !competition.publishedAt ? 'selection' : projectStageOf(competition.status);
    const project: Project = {
      id: competition.projectId,
      kato: KATO,
      sector: 'water',
      title: { ru: `Водопровод ${id}`, kk: `Су құбыры ${id}`, en: `Water main ${id}` },
      value: '600000000',
      approvalDate: '2026-01-15',
      plannedPublicationDate: '2026-12-31',
      stage,
      readiness: 'ready',
      financing: { route: 'budget', status: 'approved', amount: '600000000' },
      akimat: { name: { ru: 'Акимат области Жетісу', kk: 'Жетісу облысының әкімдігі', en: 'Zhetisu Region Akimat' } },
      official: { name: 'Walk Official', position: 'Deputy akim' },
    };
    const registered: ProjectRegisteredData = {
      kato: project.kato,
      sector: project.sector,
      stage,
      value: project.value,
      readiness: project.readiness,
      financing: project.financing,
      approvalDate: project.approvalDate,
      plannedPublicationDate: project.plannedPublicationDate,
      ...(stage !== 'selection' ? { publishedAt: competition.publishedAt } : {}),
    };
    const registration: DomainEvent = {
      eventId: `${project.id}-registered`,
      type: 'project.registered',
      at: iso(-6 * DAY),
      actor: WALK_ACTOR,
      subject: { kind: 'project', id: project.id },
      data: { ...registered },
    };
    const questionId = `Q${id}`;
    // Out of the sparse deadline index: the checker must not move a walked competition while the walk looks at it.
    const { GSI3PK: _due, GSI3SK: _dueAt, ...walked } = competitionItem(competition);
    const items = [
      walked,
      { ...projectItem(project), liveCompetitionId: competition.id },
      eventPut(keys.project(project.id).PK, registration).Put!.Item!,
      bidItem({ competitionId: id, bin: bidder.bin, price: PRICE, competitionVersion: 1, submittedAt: iso(-DAY), receiptId: `R${id}` }),
      { ...keys.question(id, questionId), kind: 'question', id: questionId, competitionId: id, text: 'Вопрос обхода', askedAt: iso(-DAY), askerBin: bidder.bin },
    ];
    seededKeys.push(keys.competition(id), keys.project(project.id));
    return { competition, questionId, items };
  });
  const items = seeded.flatMap((s) => s.items);
  await Promise.all(items.map((Item) => documentClient().send(new PutCommand({ TableName: 'konkurs', Item }))));
  return seeded.map(({ competition, questionId }) => ({ competition, questionId }));
};

/**
 * One competition per case the table allows (taking the action changes it), and one per situation shared by every
 * case the table refuses there (a refusal changes nothing; were one to write, its own case would fail already).
 */
const competitionsFor = async (cases: readonly { situation: Situation; allowed: boolean }[]): Promise<Seeded[]> => {
  const fresh = cases.filter((c) => c.allowed).map((c) => c.situation);
  const seeded = await seed([...fresh, ...SITUATIONS]);
  const shared = new Map(SITUATIONS.map((situation, i) => [situation, seeded[fresh.length + i]!]));
  let next = 0;
  return cases.map((c) => (c.allowed ? seeded[next++]! : shared.get(c.situation)!));
};

/** The API's answer the table implies: 2xx when allowed, else 409 with the table's message (404 where drafts are private). */
const expectedOutcome = (action: CompetitionAction, c: Competition, publicRoute: boolean): { status: 'ok' } | { status: number; message?: string } => {
  if (allows(action, c, now)) return { status: 'ok' };
  if (publicRoute && !c.publishedAt) return { status: 404 };
  try {
    assertTransition(action, c, now);
  } catch (error) {
    return { status: 409, message: (error as Error).message };
  }
  throw new Error(`${action} is refused but has no message`);
};

/** The API routes, each with the action of the table that decides it. */
const ROUTES: readonly {
  readonly name: string;
  readonly decidedBy: (c: CompetitionState) => CompetitionAction;
  readonly publicRoute?: true;
  readonly call: (s: Seeded, allowed: boolean) => Promise<{ status: number; body: any }>;
}[] = [
  {
    name: 'PATCH /competitions/{id}',
    // The same request edits a draft or amends a published competition.
    decidedBy: (c) => (allows('editDraft', c, now) ? 'editDraft' : 'amend'),
    call: (s) => api(`/competitions/${s.competition.id}`, { token: akimat, method: 'PATCH', body: { description: 'Изменение при обходе' } }),
  },
  { name: 'POST …/publish', decidedBy: () => 'publish', call: (s) => api(`/competitions/${s.competition.id}/publish`, { token: akimat, method: 'POST' }) },
  {
    name: 'POST …/documents',
    decidedBy: () => 'changeTenderDocuments',
    call: (s) =>
      api(`/competitions/${s.competition.id}/documents`, {
        token: akimat,
        body: { documentType: 'technicalSpecifications', title: 'ТЗ', fileName: 'tz.pdf', contentType: 'application/pdf', size: 1024, sha256: 'a'.repeat(64) },
      }),
  },
  { name: 'POST …/cancel', decidedBy: () => 'cancel', call: (s) => api(`/competitions/${s.competition.id}/cancel`, { token: akimat, body: { reason: 'noNeed' } }) },
  {
    name: 'POST …/questions',
    decidedBy: () => 'askQuestion',
    publicRoute: true,
    call: (s) => api(`/competitions/${s.competition.id}/questions`, { token: bidder.token, body: { text: 'Новый вопрос обхода' } }),
  },
  {
    name: 'POST …/questions/{qid}/answer',
    decidedBy: () => 'answerQuestion',
    call: (s) => api(`/competitions/${s.competition.id}/questions/${s.questionId}/answer`, { token: akimat, body: { text: 'Ответ обхода' } }),
  },
  {
    name: 'PUT …/bids/me',
    decidedBy: () => 'submitBid',
    publicRoute: true,
    // Signed only where the bid is accepted: a refused one is refused before its signature is looked at.
    call: async (s, allowed) =>
      api(`/competitions/${s.competition.id}/bids/me`, { token: bidder.token, method: 'PUT', body: allowed ? await signedBid(bidder.token, s.competition.id, '390000000') : { price: '390000000' } }),
  },
  { name: 'DELETE …/bids/me', decidedBy: () => 'withdrawBid', publicRoute: true, call: (s) => api(`/competitions/${s.competition.id}/bids/me`, { token: bidder.token, method: 'DELETE' }) },
  {
    name: 'POST …/bids/me/documents',
    decidedBy: () => 'changeBidDocuments',
    publicRoute: true,
    call: (s) =>
      api(`/competitions/${s.competition.id}/bids/me/documents`, {
        token: bidder.token,
        body: { envelope: 'technical', title: 'Техническое предложение', fileName: 'offer.pdf', contentType: 'application/pdf', size: 1024, sha256: 'b'.repeat(64) },
      }),
  },
  { name: 'POST …/open-bids', decidedBy: () => 'openBids', call: (s) => api(`/competitions/${s.competition.id}/open-bids`, { token: akimat, method: 'POST' }) },
  {
    name: 'POST …/bids/{bin}/qualification',
    decidedBy: () => 'qualify',
    call: (s) => api(`/competitions/${s.competition.id}/bids/${bidder.bin}/qualification`, { token: akimat, body: { decision: 'qualified' } }),
  },
  {
    name: 'POST …/award',
    decidedBy: () => 'award',
    // Where the table allows it, the walking bidder's bid is qualified first and the award signed (issue 13).
    call: (s, allowed) => (allowed ? qualifyAndAward(akimat, s.competition.id, bidder.bin) : api(`/competitions/${s.competition.id}/award`, { token: akimat, body: { bin: bidder.bin } })),
  },
];

const walkEvent = <T extends EventType>(type: T, id: string, data: Partial<EventPayloads[T]> = {}, change: Pick<EventOverrides, 'before' | 'after'> = {}): DomainEvent<T> =>
  anEvent(type, data, { eventId: crypto.randomUUID(), at: now.toISOString(), actor: WALK_ACTOR, subject: { kind: 'competition', id }, ...change });

beforeAll(async () => {
  now = await clockNow();
  // With its organisation's BIN: the award is signed.
  akimat = await tokenFor({ role: 'akimat', kato: KATO, bin: uniqueBin() });
  bidder = await verifiedContractor();
});

afterAll(async () => {
  await Promise.all(seededKeys.map((Key) => documentClient().send(new DeleteCommand({ TableName: 'konkurs', Key }))));
});

describe('the lifecycle table, walked through the API', () => {
  it('takes or refuses every route’s action in every situation as the table says, with its message', { timeout: 60_000 }, async () => {
    const cases = ROUTES.flatMap((route) =>
      SITUATIONS.map((situation) => ({ route, situation, allowed: allows(route.decidedBy(stateOf(situation)), stateOf(situation), now) })),
    );
    const seeded = await competitionsFor(cases);
    const walk = async ({ route, situation }: (typeof cases)[number], i: number) => {
      const s = seeded[i]!;
      const action = route.decidedBy(s.competition);
      const expected = expectedOutcome(action, s.competition, !!route.publicRoute);
      const response = await route.call(s, expected.status === 'ok');
      const actual = response.status < 300 ? { status: 'ok' } : { status: response.status, ...(response.status === 409 ? { message: response.body?.message } : {}) };
      return { what: `${route.name} (${action}) in ${situation}`, actual, expected };
    };
    // In batches, so the gateway's admission control (8 in flight per function, 5 s wait) never answers 503.
    const outcomes: Awaited<ReturnType<typeof walk>>[] = [];
    for (let start = 0; start < cases.length; start += 40) {
      outcomes.push(...(await Promise.all(cases.slice(start, start + 40).map((c, j) => walk(c, start + j)))));
    }
    expect(outcomes.map((o) => [o.what, o.actual])).toEqual(outcomes.map((o) => [o.what, o.expected]));
    // The walk is not vacuous: both outcomes occur for every route.
    for (const route of ROUTES) {
      const mine = outcomes.filter((o) => o.what.startsWith(`${route.name} (`));
      expect(new Set(mine.map((o) => o.expected.status === 'ok')), route.name).toEqual(new Set([true, false]));
    }
  });
});

/** A complaint by the walking bidder about `c`'s award (id `1`) or its conditions. */
const walkComplaint = (c: Competition, subject: 'award' | 'tender'): Complaint => ({
  id: `${subject === 'award' ? 'CA' : 'CT'}${c.id}`,
  competitionId: c.id,
  kato: c.kato,
  subject,
  ...(subject === 'award' ? { awardId: '1' } : {}),
  title: 'Жалоба обхода',
  text: 'Текст',
  author: { bin: bidder.bin, name: 'Обход' },
  authorSub: 'walk',
  status: 'pending',
  filedAt: now.toISOString(),
  reviewDueAt: iso(3 * DAY),
});

describe('the lifecycle table, walked against the storage adapters alone', () => {
  let stores: {
    competitions: CompetitionStore;
    bids: typeof import('../../shared/adapters/bid-store.js').bidStore;
    questions: typeof import('../../shared/adapters/question-store.js').questionStore;
    documents: typeof import('../../shared/adapters/document-store.js').documentStore;
    evaluation: typeof import('../../shared/adapters/evaluation-store.js');
  };

  beforeAll(async () => {
    // The adapters' client finds DynamoDB Local through the SDK's endpoint variable, as the local runtime's does.
    process.env.AWS_ENDPOINT_URL_DYNAMODB = local().dynamodb;
    stores = {
      competitions: (await import('../../shared/adapters/competition-store.js')).competitionStore,
      bids: (await import('../../shared/adapters/bid-store.js')).bidStore,
      questions: (await import('../../shared/adapters/question-store.js')).questionStore,
      documents: (await import('../../shared/adapters/document-store.js')).documentStore,
      evaluation: await import('../../shared/adapters/evaluation-store.js'),
    };
  });

  /** The storage write of each action that has one, made with no use case checking anything first. */
  const WRITES: { readonly [A in Exclude<CompetitionAction, 'create' | 'changeTenderDocuments'>]: (s: Seeded) => Promise<unknown> } = {
    editDraft: ({ competition: c }) => stores.competitions.replace({ ...c, description: 'walk', updatedAt: now.toISOString() }, c, walkEvent('competition.draft-updated', c.id), { action: 'editDraft', now: now.toISOString() }),
    amend: ({ competition: c }) =>
      stores.competitions.replace({ ...c, description: 'walk', version: c.version + 1, updatedAt: now.toISOString() }, c, walkEvent('competition.amended', c.id), { action: 'amend', now: now.toISOString() }),
    startTendering: ({ competition: c }) =>
      stores.competitions.replace({ ...c, status: 'active.tendering', updatedAt: now.toISOString() }, c, walkEvent('competition.tendering-started', c.id), { action: 'startTendering', now: now.toISOString() }),
    remind: ({ competition: c }) =>
      stores.competitions.replace({ ...c, reminderSentAt: now.toISOString(), updatedAt: now.toISOString() }, c, walkEvent('competition.reminder', c.id), { action: 'remind', now: now.toISOString() }),
    publish: ({ competition: c }) =>
      stores.competitions.publish(
        { ...c, status: 'active.clarification', publishedAt: now.toISOString() },
        c,
        walkEvent('competition.published', c.id, { projectId: c.projectId, kato: c.kato, sector: c.sector }),
      ),
    cancel: ({ competition: c }) => stores.competitions.cancel({ ...c, status: 'cancelled', cancellation: { reason: 'noNeed', at: now.toISOString() } }, c, walkEvent('competition.cancelled', c.id, { reason: 'noNeed' }, { before: { status: c.status }, after: { status: 'cancelled' } })),
    openBids: ({ competition: c }) => stores.competitions.openBids(c.id, now.toISOString(), walkEvent('competition.bids-opened', c.id)),
    markUnsuccessful: ({ competition: c }) => stores.competitions.markUnsuccessful(c, walkEvent('competition.unsuccessful', c.id)),
    award: ({ competition: c }) =>
      stores.evaluation.awardStore.award(
        { ...c, status: 'active.awarded', award: { id: '1', bin: bidder.bin, price: PRICE, at: now.toISOString() } },
        c,
        walkEvent('competition.awarded', c.id),
        { id: `PR${c.id}`, competitionId: c.id, documentType: 'evaluationReports', title: 'Протокол', files: [], createdAt: now.toISOString() },
      ),
    qualify: ({ competition: c }) =>
      stores.evaluation.qualificationStore.decide(
        { competitionId: c.id, bin: bidder.bin, decision: 'qualified', reasons: [], decidedAt: now.toISOString(), decidedBy: 'walk' },
        c,
        walkEvent('bid.qualification-decided', c.id),
      ),
    fileAwardComplaint: ({ competition: c }) => stores.evaluation.complaintStore.file(walkComplaint(c, 'award'), c, walkEvent('complaint.filed', c.id)),
    fileTenderComplaint: ({ competition: c }) => stores.evaluation.complaintStore.file(walkComplaint(c, 'tender'), c, walkEvent('complaint.filed', c.id)),
    // A pending complaint about the award is in place (written as the complaint store writes it), then satisfied.
    cancelAward: async ({ competition: c }) => {
      const pending = walkComplaint(c, 'award');
      await documentClient().send(new PutCommand({ TableName: 'konkurs', Item: { ...keys.complaint(c.id, pending.id), kind: 'complaint', ...pending } }));
      const { award: _award, ...rest } = c;
      return stores.evaluation.complaintStore.decide(
        { ...pending, status: 'satisfied', decision: { resolution: 'satisfied', text: 'walk', at: now.toISOString() } },
        c,
        walkEvent('complaint.decided', c.id),
        { next: { ...rest, status: 'active.evaluation', evaluationReopenedAt: now.toISOString() }, event: walkEvent('competition.award-cancelled', c.id) },
      );
    },
    // Contracts (issue 14): the contract made after the standstill (one per award), signed (complete) or refused.
    makeContract: async ({ competition: c }) => {
      const contract = newContract({ id: `K${c.id}`, competition: { ...c, award: c.award ?? { id: '1', bin: WINNER, price: PRICE, at: now.toISOString() } }, supplierName: 'Walk', buyerName: 'Walk', now }, { signingWorkingDays: 5 });
      seededKeys.push(keys.contract(contract.id));
      return contractStore.create(contract, c, anEvent('contract.created', {}, { eventId: crypto.randomUUID(), at: now.toISOString(), actor: WALK_ACTOR, subject: { kind: 'contract', id: contract.id } }));
    },
    contractSigned: ({ competition: c }) =>
      transact([competitionContractWrite({ ...c, status: 'complete', updatedAt: now.toISOString() }, c, 'contractSigned', now.toISOString())], () => new ConflictError('refused')),
    contractRefused: ({ competition: c }) => {
      const { award: _award, contractId: _contractId, ...rest } = c;
      return transact([competitionContractWrite({ ...rest, status: 'active.evaluation', updatedAt: now.toISOString() }, c, 'contractRefused', now.toISOString())], () => new ConflictError('refused'));
    },
    askQuestion: ({ competition: c }) =>
      stores.questions.ask({ id: `N${c.id}`, competitionId: c.id, text: 'Вопрос', askedAt: now.toISOString(), askerBin: bidder.bin }, now.toISOString(), walkEvent('question.asked', c.id)),
    answerQuestion: ({ competition: c, questionId }) => stores.questions.answer(c.id, questionId, { text: 'Ответ', at: now.toISOString() }, walkEvent('question.answered', c.id)),
    submitBid: ({ competition: c }) =>
      stores.bids.put({ competitionId: c.id, bin: bidder.bin, price: '380000000', competitionVersion: 1, submittedAt: now.toISOString(), receiptId: `S${c.id}` }, now.toISOString(), walkEvent('bid.submitted', c.id)),
    withdrawBid: ({ competition: c }) => stores.bids.withdraw(c.id, bidder.bin, now.toISOString(), walkEvent('bid.withdrawn', c.id)),
    changeBidDocuments: ({ competition: c }) =>
      stores.documents.createBid(
        {
          id: `D${c.id}`,
          competitionId: c.id,
          bin: bidder.bin,
          envelope: 'technical',
          title: 'Предложение',
          status: 'pending',
          file: { version: 1, fileName: 'offer.pdf', contentType: 'application/pdf', size: 1024, sha256: 'c'.repeat(64), storageKey: `pending/walk-${c.id}`, uploadedAt: now.toISOString() },
          expiresAt: Math.floor(now.getTime() / 1000) + 3600,
          createdAt: now.toISOString(),
        },
        now.toISOString(),
      ),
  };

  it('writes or refuses with 409 in every situation exactly as the table says', { timeout: 60_000 }, async () => {
    const actions = Object.keys(WRITES) as (keyof typeof WRITES)[];
    const cases = actions.flatMap((action) => SITUATIONS.map((situation) => ({ action, situation, allowed: allows(action, stateOf(situation), now) })));
    const seeded = await competitionsFor(cases);
    const outcomes = await Promise.all(
      cases.map(async ({ action, situation }, i) => {
        const s = seeded[i]!;
        const actual = await WRITES[action](s).then(
          () => 'written',
          (error: unknown) => (error instanceof ConflictError ? 'refused' : `failed: ${String(error)}`),
        );
        return { what: `${action} in ${situation}`, actual, expected: allows(action, s.competition, now) ? 'written' : 'refused' };
      }),
    );
    expect(outcomes.map((o) => [o.what, o.actual])).toEqual(outcomes.map((o) => [o.what, o.expected]));
    for (const action of actions) expect(new Set(outcomes.filter((o) => o.what.startsWith(`${action} in`)).map((o) => o.expected)), action).toEqual(new Set(['written', 'refused']));
  });

  it('covers every action of the table but creation and the pending tender upload (whose write has no competition condition)', () => {
    expect([...Object.keys(WRITES), 'create', 'changeTenderDocuments'].sort()).toEqual([...competitionLifecycle.actions].sort());
  });
});
