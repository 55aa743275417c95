/**
 * The authorization matrix: every HTTP route of the topology × every kind of caller, on shared fixtures.
 *
 * Callers: anonymous, the akimat of the competition's region (A), the akimat of another region (B), the contractor
 * that owns the resources (X: the asker and bidder), another verified contractor (Y), a ministry, and a financier of
 * the `dbk-banks` route (its applications are decided by it; `khc-bonds` ones are not).
 *
 * The expected outcome of a cell comes from two hand-written tables, never from the topology the gateway and the
 * middleware read (a wrong role there must fail here). `ACCESS` says, route by route, which callers are turned away
 * before any handler logic: 401 for the anonymous caller on protected routes, 403 for a role the route does not
 * admit, `IN` for the callers it admits. For those, `CASES` says what they get: `ok(...)` when they may act (the
 * status is one of those listed and never 401/403; a 4xx from validation or from the state of the competition
 * proves authorization passed without spending the shared fixtures), `refused(...)` when a tenancy or sealing rule
 * must stop them (never 2xx).
 *
 * On top of the status, every response to anyone but X is searched for X's BIN and X's bid prices: before the bids
 * are opened, nothing anyone else can read may carry them. The questions list never carries X's BIN, not even for X.
 *
 * Mutations by permitted callers either fail validation or state checks (422/409), or act on throwaway competitions
 * (publish, cancel) or on a second competition W (X's withdrawal), so the fixtures stay as they were set up.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { httpRoutes } from '../../infra/topology.js';
import type { Role } from '../../shared/domain/roles.js';
import { createDraft, passTime, publish, throwawayCompetition } from '../support/fixtures.js';
import { api, seedProject, tokenFor, verifiedContractor, type ApiResponse } from '../support/local.js';
import { pdfBytes, sha256Hex, uploadBidDocument, uploadTenderDocument } from '../support/documents.js';
import { signedBid } from '../support/signing.js';
import { seedPendingContract } from '../support/contracts.js';

// Pavlodar and Kostanay: regions no other integration test writes competitions to.
const REGION_A = '550000000';
const REGION_B = '390000000';

/** X's bid prices: distinctive strings, so finding one in a response means it leaked. */
const PRICE_X = '987654321.37';
const PRICE_X_ON_W = '876543210.19';
/** Y's price, and the price anyone else tries to bid. */
const PRICE_Y = '765432109.55';
const PRICE_INTRUDER = '654321098.73';

const QUESTION_TEXT = 'Допускается ли привлечение субподрядчиков на монтаж?';

type CallerName = 'anonymous' | 'akimatA' | 'akimatB' | 'contractorX' | 'contractorY' | 'ministry' | 'financier';

const CALLERS: readonly { name: CallerName; label: string; role?: Role }[] = [
  { name: 'anonymous', label: 'anonymous' },
  { name: 'akimatA', label: 'akimat A (competition region)', role: 'akimat' },
  { name: 'akimatB', label: 'akimat B (other region)', role: 'akimat' },
  { name: 'contractorX', label: 'contractor X (owner)', role: 'contractor' },
  { name: 'contractorY', label: 'contractor Y (other)', role: 'contractor' },
  { name: 'ministry', label: 'ministry', role: 'ministry' },
  { name: 'financier', label: 'financier (dbk-banks)', role: 'financier' },
];

interface Fixtures {
  readonly tokens: Readonly<Record<CallerName, string | undefined>>;
  readonly x: { readonly bin: string; readonly token: string };
  readonly y: { readonly bin: string; readonly token: string };
  /** Project of competition C (region A). */
  readonly projectA: string;
  /** A region A project still at selection: drafts may be created for it. */
  readonly spareProjectA: string;
  /** A region B project at selection. */
  readonly projectB: string;
  /** Competition C: published in region A, in its tender period, X's question and X's bid. */
  readonly c: string;
  /** Competition W: published in region A, in its tender period, X's bid (which X withdraws in the matrix). */
  readonly w: string;
  /** A draft of region A. */
  readonly draft: string;
  /** X's question on C. */
  readonly questionId: string;
  /** A tender document of C (published) and one of the draft. */
  readonly docC: string;
  readonly docDraft: string;
  /** X's bid document on C, carried by X's bid: sealed until opening. */
  readonly xDoc: { readonly id: string; readonly sha256: string };
  /** A pending contract of region A whose supplier is Y (X's BIN appears nowhere it could leak from). */
  readonly contract: string;
  /** Another one, which Y refuses in the matrix. */
  readonly refusable: string;
  /** Region A financing: a project whose `dbk-banks` application is approved, and a `khc-bonds` application submitted. */
  readonly financing: { readonly project: string; readonly dbkApproved: string; readonly khcSubmitted: string };
}

/** A declared file of a type no route accepts: passes the schema, so the use case decides (after tenancy). */
const EXE = { fileName: 'setup.exe', contentType: 'application/octet-stream', size: 10, sha256: 'e'.repeat(64) };

let f: Fixtures;

interface Request {
  readonly path: string;
  readonly method?: string;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

type Expectation = { readonly kind: 'ok' | 'refused'; readonly statuses: readonly number[] };
/** The caller may act: one of these statuses, and never 401/403. */
const ok = (...statuses: number[]): Expectation => ({ kind: 'ok', statuses });
/** The caller must not act: one of these statuses, and never 2xx. */
const refused = (...statuses: number[]): Expectation => ({ kind: 'refused', statuses });

interface Case {
  readonly variant: string;
  readonly request: (f: Fixtures, caller: CallerName) => Request | Promise<Request>;
  /** Outcomes for the callers the route's roles admit (all callers on public routes); `default` for the rest. */
  readonly expect: Partial<Record<CallerName | 'default', Expectation>>;
  /** Further assertions on a 2xx response. */
  readonly check?: (response: ApiResponse, f: Fixtures, caller: CallerName) => void | Promise<void>;
  /** Assertions on the state after the request, whatever it answered. */
  readonly after?: (f: Fixtures, caller: CallerName) => Promise<void>;
}

const ids = (response: ApiResponse): string[] => (response.body?.items ?? []).map((item: { id: string }) => item.id);

/** X's bid on C is still there, unchanged: checked after requests that might have touched it. */
const xBidOnCIntact = async (fx: Fixtures): Promise<void> => {
  const own = await api(`/competitions/${fx.c}/bids/me`, { token: fx.x.token });
  expect(own.status, JSON.stringify(own.body)).toBe(200);
  expect(own.body).toMatchObject({ bin: fx.x.bin, price: PRICE_X, status: 'submitted' });
};

const binOf = (fx: Fixtures, caller: CallerName): string | undefined =>
  caller === 'contractorX' ? fx.x.bin : caller === 'contractorY' ? fx.y.bin : undefined;

/** A fresh contact-centre inquiry: regional (routed to region A's akimat) or national (routed to the ministry). */
const freshInquiry = async (routed: 'regionA' | 'national'): Promise<{ id: string; accessToken: string }> => {
  const response = await api('/inquiries', {
    body: {
      topic: routed === 'regionA' ? 'competition' : 'financing',
      kato: REGION_A,
      text: 'Вопрос для матрицы доступа',
      contact: { name: 'Матрица', phone: '+77010000000' },
    },
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
};

/** Admitted by the route: the handler and the `CASES` table decide what the caller gets. */
const IN = 'admitted';
type Access = typeof IN | 401 | 403;

/**
 * Who the route admits, in the order of `CALLERS`: anonymous, akimat A, akimat B, contractor X, contractor Y, ministry,
 * financier.
 */
type AccessRow = readonly [Access, Access, Access, Access, Access, Access, Access];

const ANYONE: AccessRow = [IN, IN, IN, IN, IN, IN, IN];
const AKIMATS: AccessRow = [401, IN, IN, 403, 403, 403, 403];
const CONTRACTORS: AccessRow = [401, 403, 403, IN, IN, 403, 403];
const AKIMATS_AND_MINISTRY: AccessRow = [401, IN, IN, 403, 403, IN, 403];
const MINISTRY: AccessRow = [401, 403, 403, 403, 403, IN, 403];
/** The procurement's participants: akimats, contractors and ministries (financiers have no part in a competition). */
const SIGNED_IN: AccessRow = [401, IN, IN, IN, IN, IN, 403];
/** Financing applications: read by akimats (their region's), financiers (their route's) and the ministry. */
const FINANCING_READERS: AccessRow = [401, IN, IN, 403, 403, IN, IN];
/** Decisions and disbursements: a financier of the route, or the ministry for budget applications. */
const FINANCING_DECIDERS: AccessRow = [401, 403, 403, 403, 403, IN, IN];

/**
 * Who may call what, written from the product's rules (README, docs): route key → who gets past the role check.
 * Must name exactly the routes of `httpRoutes()` (checked below).
 */
const ACCESS: Readonly<Record<string, AccessRow>> = {
  'GET /health': ANYONE,
  'GET /openapi.json': ANYONE,
  'GET /regions': ANYONE,
  'GET /projects': ANYONE,
  'GET /projects/{id}': ANYONE,
  'GET /reference/qualification-requirements': ANYONE,
  'GET /reference/disqualification-reasons': ANYONE,

  'POST /contractors': CONTRACTORS,
  'POST /contractors/verify': ANYONE,
  'GET /unsubscribe': ANYONE,
  'POST /unsubscribe': ANYONE,
  'GET /contractors/me': CONTRACTORS,
  'POST /contractors/me/verification': CONTRACTORS,
  'PUT /contractors/me/subscriptions': CONTRACTORS,
  'GET /contractors/me/bids': CONTRACTORS,

  'POST /competitions': AKIMATS,
  'GET /competitions': ANYONE,
  'GET /my/competitions': AKIMATS,
  'GET /competitions/{id}': ANYONE,
  'PATCH /competitions/{id}': AKIMATS,
  'POST /competitions/{id}/publish': AKIMATS,
  'POST /competitions/{id}/cancel': AKIMATS,
  'POST /competitions/{id}/open-bids': AKIMATS,
  'POST /competitions/{id}/award': AKIMATS,
  'GET /competitions/{id}/events': AKIMATS_AND_MINISTRY,
  'POST /competitions/{id}/questions': CONTRACTORS,
  'POST /competitions/{id}/questions/{qid}/answer': AKIMATS,
  'GET /competitions/{id}/questions': ANYONE,

  'PUT /competitions/{id}/bids/me': CONTRACTORS,
  'POST /competitions/{id}/bids/me/signing-payload': CONTRACTORS,
  'GET /competitions/{id}/bids/me': CONTRACTORS,
  'DELETE /competitions/{id}/bids/me': CONTRACTORS,
  'GET /competitions/{id}/bids': AKIMATS,

  // Evaluation: the region's akimat decides; ministries and the bidders read; the ministry reviews complaints.
  'GET /competitions/{id}/evaluation': SIGNED_IN,
  'POST /competitions/{id}/bids/{bin}/qualification': AKIMATS,
  'POST /competitions/{id}/award/signing-payload': AKIMATS,
  'POST /competitions/{id}/complaints': CONTRACTORS,
  'GET /competitions/{id}/complaints': ANYONE,
  'POST /competitions/{id}/complaints/{cid}/decision': MINISTRY,
  'GET /complaints': MINISTRY,
  'POST /registry/unscrupulous': MINISTRY,
  'GET /registry/unscrupulous': ANYONE,
  'POST /registry/unscrupulous/{entryId}/end': MINISTRY,
  'POST /registry/unscrupulous/{entryId}/confirm': MINISTRY,

  // Contracts (issue 14): public to read; signed by the region's akimat and the supplier; implemented by the akimat.
  'GET /contracts/{id}': ANYONE,
  'GET /contracts': ANYONE,
  'GET /my/contracts': CONTRACTORS,
  'POST /contracts/{id}/signing-payload': [401, IN, IN, IN, IN, 403, 403],
  'POST /contracts/{id}/sign': [401, IN, IN, IN, IN, 403, 403],
  'POST /contracts/{id}/refuse': CONTRACTORS,
  'PUT /contracts/{id}/milestones': AKIMATS,
  'POST /contracts/{id}/amendments': AKIMATS,
  'POST /contracts/{id}/reports': AKIMATS,
  'POST /contracts/{id}/complete': AKIMATS,
  'POST /contracts/{id}/terminate': AKIMATS,

  'POST /competitions/{id}/documents': AKIMATS,
  'GET /competitions/{id}/documents': ANYONE,
  'GET /my/competitions/{id}/documents': AKIMATS,
  'PUT /competitions/{id}/documents/{docId}': AKIMATS,
  'POST /competitions/{id}/documents/{docId}/complete': AKIMATS,
  'GET /competitions/{id}/documents/{docId}/content': ANYONE,
  'POST /competitions/{id}/bids/me/documents': CONTRACTORS,
  'GET /competitions/{id}/bids/me/documents': CONTRACTORS,
  'POST /competitions/{id}/bids/me/documents/{docId}/complete': CONTRACTORS,
  'DELETE /competitions/{id}/bids/me/documents/{docId}': CONTRACTORS,

  'POST /inquiries': ANYONE,
  'GET /inquiries/{id}': ANYONE,
  'GET /inquiries/{id}/case': AKIMATS_AND_MINISTRY,
  'GET /inquiries': AKIMATS_AND_MINISTRY,
  'POST /inquiries/{id}/take': AKIMATS_AND_MINISTRY,
  'POST /inquiries/{id}/answer': AKIMATS_AND_MINISTRY,

  'GET /ocds/releases': ANYONE,
  'GET /ocds/releases/{ocid}': ANYONE,
  'GET /ocds/records/{ocid}': ANYONE,

  // The ministry's views name responsible officials; the public summary names no one.
  'GET /monitoring/summary': MINISTRY,
  'GET /monitoring/summary.csv': MINISTRY,
  'GET /monitoring/regions': MINISTRY,
  'GET /monitoring/regions.csv': MINISTRY,
  'GET /monitoring/overdue': MINISTRY,
  'GET /monitoring/overdue.csv': MINISTRY,
  'GET /monitoring/kpi': MINISTRY,
  'GET /monitoring/kpi.csv': MINISTRY,
  'GET /public/summary': ANYONE,

  'GET /monitoring/financing': MINISTRY,
  'GET /monitoring/financing.csv': MINISTRY,
  'GET /monitoring/financing/waiting': MINISTRY,
  'GET /monitoring/financing/waiting.csv': MINISTRY,
  'GET /monitoring/red-flags': MINISTRY,
  'GET /monitoring/red-flags/summary': MINISTRY,
  'GET /monitoring/implementation': MINISTRY,
  'GET /monitoring/implementation.csv': MINISTRY,
  'GET /monitoring/implementation/overdue': MINISTRY,
  'GET /monitoring/implementation/overdue.csv': MINISTRY,

  // Financing: the akimat applies and resubmits; the route's financier (the ministry for budget) decides.
  'POST /projects/{id}/financing-applications': AKIMATS,
  'POST /financing-applications/{id}/decision': FINANCING_DECIDERS,
  'POST /financing-applications/{id}/resubmit': AKIMATS,
  'POST /financing-applications/{id}/disbursements': FINANCING_DECIDERS,
  'GET /financing-applications': FINANCING_READERS,
  'GET /financing-applications/{id}': FINANCING_READERS,
};

/**
 * How to call each route: route key → cases. Must name exactly the routes of `httpRoutes()` (checked below).
 */
const CASES: Readonly<Record<string, readonly Case[]>> = {
  'GET /health': [{ variant: 'liveness', request: () => ({ path: '/health' }), expect: { default: ok(200) } }],

  'POST /contractors': [
    {
      variant: "registering X's BIN",
      request: (fx) => ({
        method: 'POST',
        path: '/contractors',
        body: { bin: fx.x.bin, name: 'ТОО Чужой БИН', email: 'intruder@example.kz', language: 'ru' },
      }),
      // X: already registered (authorized, conflict); Y: not its own BIN.
      expect: { contractorX: ok(409), contractorY: refused(403) },
    },
  ],
  'POST /contractors/verify': [
    {
      variant: 'unknown token',
      request: () => ({ method: 'POST', path: '/contractors/verify', body: { token: `unknown-${'x'.repeat(32)}` } }),
      expect: { default: ok(422) },
    },
  ],
  'GET /unsubscribe': [
    {
      variant: 'unknown token: the page only offers a button',
      request: () => ({ path: `/unsubscribe?token=${'u'.repeat(32)}` }),
      expect: { default: ok(200) },
    },
  ],
  'POST /unsubscribe': [
    {
      variant: 'unknown token',
      request: () => ({ method: 'POST', path: `/unsubscribe?token=${'u'.repeat(32)}`, body: {} }),
      expect: { default: ok(404) },
    },
  ],
  'GET /contractors/me': [
    {
      variant: 'own profile',
      request: () => ({ path: '/contractors/me' }),
      expect: { contractorX: ok(200), contractorY: ok(200) },
      check: (response, fx, caller) => expect(response.body.bin).toBe(binOf(fx, caller)),
    },
  ],
  'POST /contractors/me/verification': [
    {
      variant: 'resend the verification email of an own, verified account',
      request: () => ({ method: 'POST', path: '/contractors/me/verification' }),
      // X and Y are verified: authorized, nothing to resend.
      expect: { contractorX: ok(409), contractorY: ok(409) },
    },
  ],
  'PUT /contractors/me/subscriptions': [
    {
      variant: 'own subscriptions',
      request: () => ({ method: 'PUT', path: '/contractors/me/subscriptions', body: { subscriptions: [{ kato: REGION_A, sector: 'heat' }] } }),
      expect: { contractorX: ok(200), contractorY: ok(200) },
      check: (response, fx, caller) => expect(response.body.bin).toBe(binOf(fx, caller)),
    },
  ],

  'POST /competitions': [
    {
      variant: 'project of region A',
      request: (fx) => ({ method: 'POST', path: '/competitions', body: { projectId: fx.spareProjectA, title: { ru: 'Черновик A' }, estimatedValue: '1000' } }),
      expect: { akimatA: ok(201), akimatB: refused(403) },
    },
    {
      variant: 'project of region B',
      request: (fx) => ({ method: 'POST', path: '/competitions', body: { projectId: fx.projectB, title: { ru: 'Черновик B' }, estimatedValue: '1000' } }),
      expect: { akimatA: refused(403), akimatB: ok(201) },
    },
  ],
  'GET /competitions': [
    ...(
      [
        ['region A', `region=${REGION_A}`, true],
        ['region A, sector heat', `region=${REGION_A}&sector=heat`, true],
        ['region A, status active.tendering', `region=${REGION_A}&status=active.tendering`, false],
        ['sector heat', 'sector=heat', false],
        ['no filter', '', false],
      ] as const
    ).map(
      ([variant, query, listsC]): Case => ({
        variant,
        request: () => ({ path: `/competitions?limit=100${query ? `&${query}` : ''}` }),
        expect: { default: ok(200) },
        check: (response, fx) => {
          expect(ids(response)).not.toContain(fx.draft); // drafts are not public
          if (listsC) expect(ids(response)).toEqual(expect.arrayContaining([fx.c, fx.w]));
        },
      }),
    ),
    { variant: 'status draft', request: () => ({ path: '/competitions?status=draft' }), expect: { default: ok(422) } },
  ],
  'GET /my/competitions': [
    {
      variant: 'own region',
      request: () => ({ path: '/my/competitions?limit=100' }),
      expect: { akimatA: ok(200), akimatB: ok(200) },
      check: (response, fx, caller) => {
        if (caller === 'akimatA') expect(ids(response)).toEqual(expect.arrayContaining([fx.c, fx.w, fx.draft]));
        else for (const id of [fx.c, fx.w, fx.draft]) expect(ids(response)).not.toContain(id);
        for (const item of response.body.items) expect(item.kato).toBe(caller === 'akimatA' ? REGION_A : REGION_B);
      },
    },
    {
      variant: 'asking for region A',
      request: () => ({ path: `/my/competitions?limit=100&region=${REGION_A}` }),
      // The code answers a foreign region with a validation error on query.region.
      expect: { akimatA: ok(200), akimatB: refused(403, 422) },
    },
  ],
  'GET /competitions/{id}': [
    {
      variant: 'published C',
      request: (fx) => ({ path: `/competitions/${fx.c}` }),
      expect: { default: ok(200) },
      check: (response, fx) => {
        expect(response.body).toMatchObject({ id: fx.c, status: 'active.tendering', bidsOpened: false });
        expect(response.body).not.toHaveProperty('createdBy');
      },
    },
    // Drafts are hidden on the public route, from their own akimat too (it reads them through /my/competitions).
    { variant: 'draft', request: (fx) => ({ path: `/competitions/${fx.draft}` }), expect: { default: refused(404) } },
  ],
  'PATCH /competitions/{id}': [
    {
      // `{}` passes the schema; the region check comes before "nothing to change", so 422 proves tenancy passed.
      variant: 'published C, empty amendment',
      request: (fx) => ({ method: 'PATCH', path: `/competitions/${fx.c}`, body: {} }),
      expect: { akimatA: ok(422), akimatB: refused(403, 404) },
    },
    {
      variant: 'draft, description change',
      request: (fx) => ({ method: 'PATCH', path: `/competitions/${fx.draft}`, body: { description: 'Уточнённое описание' } }),
      expect: { akimatA: ok(200), akimatB: refused(403, 404) },
    },
  ],
  'POST /competitions/{id}/publish': [
    {
      variant: 'a throwaway draft of region A',
      request: async (fx) => ({ method: 'POST', path: `/competitions/${(await throwawayCompetition(fx.tokens.akimatA!, REGION_A, false)).id}/publish` }),
      expect: { akimatA: ok(200), akimatB: refused(403, 404) },
    },
    {
      variant: 'published C',
      request: (fx) => ({ method: 'POST', path: `/competitions/${fx.c}/publish` }),
      expect: { akimatA: ok(409), akimatB: refused(403, 404) },
    },
  ],
  'POST /competitions/{id}/cancel': [
    {
      variant: 'a throwaway published competition of region A',
      request: async (fx) => ({
        method: 'POST',
        path: `/competitions/${(await throwawayCompetition(fx.tokens.akimatA!, REGION_A, true)).id}/cancel`,
        body: { reason: 'noNeed' },
      }),
      expect: { akimatA: ok(200), akimatB: refused(403, 404) },
    },
  ],
  'POST /competitions/{id}/open-bids': [
    {
      variant: 'C before its deadline',
      request: (fx) => ({ method: 'POST', path: `/competitions/${fx.c}/open-bids` }),
      expect: { akimatA: ok(409), akimatB: refused(403, 404) },
    },
  ],
  'POST /competitions/{id}/award': [
    {
      variant: 'C before opening, to X',
      request: (fx) => ({ method: 'POST', path: `/competitions/${fx.c}/award`, body: { bin: fx.x.bin } }),
      expect: { akimatA: ok(409), akimatB: refused(403, 404) },
    },
  ],
  'GET /competitions/{id}/evaluation': [
    {
      variant: 'C before opening',
      request: (fx) => ({ path: `/competitions/${fx.c}/evaluation` }),
      // Sealed for everyone until opening; the other region's akimat is turned away before that.
      expect: { akimatA: ok(409), akimatB: refused(403), contractorX: ok(409), contractorY: refused(403, 409), ministry: ok(409) },
    },
  ],
  'POST /competitions/{id}/bids/{bin}/qualification': [
    {
      variant: 'C before opening, X qualified',
      request: (fx) => ({ method: 'POST', path: `/competitions/${fx.c}/bids/${fx.x.bin}/qualification`, body: { decision: 'qualified' } }),
      expect: { akimatA: ok(409), akimatB: refused(403) },
    },
  ],
  'POST /competitions/{id}/award/signing-payload': [
    {
      variant: 'C before opening, to X',
      request: (fx) => ({ method: 'POST', path: `/competitions/${fx.c}/award/signing-payload`, body: { bin: fx.x.bin } }),
      expect: { akimatA: ok(409), akimatB: refused(403) },
    },
  ],
  'POST /competitions/{id}/complaints': [
    {
      variant: 'about the award of C, which has none',
      request: (fx) => ({ method: 'POST', path: `/competitions/${fx.c}/complaints`, body: { subject: 'award', title: 'Жалоба', text: 'Итоги' } }),
      // X bid (no award to complain about yet); Y did not bid, so it may not complain about the award.
      expect: { contractorX: ok(409), contractorY: refused(403) },
    },
  ],
  'GET /competitions/{id}/complaints': [{ variant: 'C', request: (fx) => ({ path: `/competitions/${fx.c}/complaints` }), expect: { default: ok(200) } }],
  'POST /competitions/{id}/complaints/{cid}/decision': [
    {
      variant: 'unknown complaint of C',
      request: (fx) => ({ method: 'POST', path: `/competitions/${fx.c}/complaints/UNKNOWN/decision`, body: { resolution: 'declined', text: 'Нет' } }),
      expect: { ministry: ok(404) },
    },
  ],
  'GET /complaints': [{ variant: 'the queue', request: () => ({ path: '/complaints' }), expect: { ministry: ok(200) } }],
  'POST /registry/unscrupulous': [
    {
      variant: 'an entry ending before it starts',
      request: (fx) => ({
        method: 'POST',
        path: '/registry/unscrupulous',
        body: { bin: fx.y.bin, reason: 'Матрица', basis: 'Матрица', from: '2027-01-02T00:00:00Z', until: '2027-01-01T00:00:00Z' },
      }),
      expect: { ministry: ok(422) },
    },
  ],
  'GET /registry/unscrupulous': [{ variant: 'the register', request: () => ({ path: '/registry/unscrupulous' }), expect: { default: ok(200) } }],
  'POST /registry/unscrupulous/{entryId}/end': [
    { variant: 'unknown entry', request: () => ({ method: 'POST', path: '/registry/unscrupulous/UNKNOWN/end' }), expect: { ministry: ok(404) } },
  ],
  'POST /registry/unscrupulous/{entryId}/confirm': [
    { variant: 'unknown entry', request: () => ({ method: 'POST', path: '/registry/unscrupulous/UNKNOWN/confirm' }), expect: { ministry: ok(404) } },
  ],

  'GET /contracts/{id}': [{ variant: 'pending contract', request: (fx) => ({ path: `/contracts/${fx.contract}` }), expect: { default: ok(200) } }],
  'GET /my/contracts': [
    {
      variant: 'own contracts',
      request: () => ({ path: '/my/contracts' }),
      expect: { contractorX: ok(200), contractorY: ok(200) },
      // Whatever a contractor has, it is the supplier of every contract listed.
      check: (response, fx, caller) => {
        for (const item of response.body.items) expect(item.supplier.bin).toBe(binOf(fx, caller));
      },
    },
  ],
  'GET /contracts': [{ variant: 'region A, pending', request: () => ({ path: `/contracts?region=${REGION_A}&status=pending` }), expect: { default: ok(200) } }],
  'POST /contracts/{id}/signing-payload': [
    {
      variant: 'pending contract, Y the supplier',
      request: (fx) => ({ method: 'POST', path: `/contracts/${fx.contract}/signing-payload` }),
      expect: { akimatA: ok(200), akimatB: refused(403), contractorX: refused(403), contractorY: ok(200) },
    },
  ],
  'POST /contracts/{id}/sign': [
    {
      // A malformed signature: the parties get past authorization to the verifier (422); nobody else does.
      variant: 'pending contract, malformed signature',
      request: (fx) => ({ method: 'POST', path: `/contracts/${fx.contract}/sign`, body: { signature: 'AAAA' } }),
      expect: { akimatA: ok(422), akimatB: refused(403), contractorX: refused(403), contractorY: ok(422) },
    },
  ],
  'POST /contracts/{id}/refuse': [
    {
      variant: 'pending contract, Y the supplier',
      request: (fx) => ({ method: 'POST', path: `/contracts/${fx.refusable}/refuse`, body: { reason: 'Матрица' } }),
      expect: { contractorX: refused(403), contractorY: ok(200) },
    },
  ],
  'PUT /contracts/{id}/milestones': [
    {
      variant: 'pending contract',
      request: (fx) => ({ method: 'PUT', path: `/contracts/${fx.contract}/milestones`, body: { items: [{ title: 'Проект', type: 'design', dueDate: '2030-01-01' }] } }),
      expect: { akimatA: ok(200), akimatB: refused(403) },
    },
  ],
  'POST /contracts/{id}/amendments': [
    {
      variant: 'pending contract (not active yet)',
      request: (fx) => ({ method: 'POST', path: `/contracts/${fx.contract}/amendments`, body: { rationale: 'Матрица', value: '1' } }),
      expect: { akimatA: ok(409), akimatB: refused(403) },
    },
  ],
  'POST /contracts/{id}/reports': [
    {
      variant: 'pending contract (not active yet)',
      request: (fx) => ({ method: 'POST', path: `/contracts/${fx.contract}/reports`, body: { physicalProgress: 10 } }),
      expect: { akimatA: ok(409), akimatB: refused(403) },
    },
  ],
  'POST /contracts/{id}/complete': [
    { variant: 'pending contract', request: (fx) => ({ method: 'POST', path: `/contracts/${fx.contract}/complete` }), expect: { akimatA: ok(409), akimatB: refused(403) } },
  ],
  'POST /contracts/{id}/terminate': [
    {
      variant: 'pending contract',
      request: (fx) => ({ method: 'POST', path: `/contracts/${fx.contract}/terminate`, body: { reason: 'Матрица' } }),
      expect: { akimatA: ok(409), akimatB: refused(403) },
    },
  ],

  'GET /reference/qualification-requirements': [
    { variant: 'heat', request: () => ({ path: '/reference/qualification-requirements?sector=heat' }), expect: { default: ok(200) } },
  ],
  'GET /reference/disqualification-reasons': [
    { variant: 'all', request: () => ({ path: '/reference/disqualification-reasons' }), expect: { default: ok(200) } },
  ],
  'GET /competitions/{id}/events': [
    {
      variant: 'C',
      request: (fx) => ({ path: `/competitions/${fx.c}/events?limit=100` }),
      expect: { akimatA: ok(200), akimatB: refused(403, 404), ministry: ok(200) },
      check: (response) => {
        const items: { type: string; actor: Record<string, unknown>; data: Record<string, unknown> }[] = response.body.items;
        expect(items.map((e) => e.type)).toEqual(expect.arrayContaining(['competition.created', 'competition.published', 'question.asked']));
        expect(items.filter((e) => e.type.startsWith('bid.'))).toEqual([]); // sealed until opening
        for (const e of items.filter((i) => i.type === 'question.asked')) {
          expect(e.actor).toEqual({ role: 'contractor' }); // askers are anonymous
          expect(e.data).toEqual({});
        }
      },
    },
    {
      variant: 'draft',
      request: (fx) => ({ path: `/competitions/${fx.draft}/events` }),
      expect: { akimatA: ok(200), akimatB: refused(403, 404), ministry: ok(200) },
    },
  ],
  'POST /competitions/{id}/questions': [
    {
      variant: 'C after the enquiry period',
      request: (fx) => ({ method: 'POST', path: `/competitions/${fx.c}/questions`, body: { text: 'Ещё вопрос?' } }),
      expect: { contractorX: ok(409), contractorY: ok(409) },
    },
    {
      variant: 'draft',
      request: (fx) => ({ method: 'POST', path: `/competitions/${fx.draft}/questions`, body: { text: 'Вопрос к черновику?' } }),
      expect: { contractorX: refused(404), contractorY: refused(404) },
    },
  ],
  'POST /competitions/{id}/questions/{qid}/answer': [
    {
      variant: "X's question on C",
      request: (fx) => ({ method: 'POST', path: `/competitions/${fx.c}/questions/${fx.questionId}/answer`, body: { text: 'Да, с согласования акимата.' } }),
      expect: { akimatA: ok(200, 409), akimatB: refused(403, 404) },
    },
  ],
  'GET /competitions/{id}/questions': [
    {
      variant: 'C',
      request: (fx) => ({ path: `/competitions/${fx.c}/questions` }),
      expect: { default: ok(200) },
      check: (response, fx) => {
        expect(response.body.items).toEqual([expect.objectContaining({ id: fx.questionId, text: QUESTION_TEXT })]);
        expect(response.body.items[0]).not.toHaveProperty('askerBin');
        expect(JSON.stringify(response.body)).not.toContain(fx.x.bin); // not even for X
      },
    },
    { variant: 'draft', request: (fx) => ({ path: `/competitions/${fx.draft}/questions` }), expect: { default: refused(404) } },
  ],

  'PUT /competitions/{id}/bids/me': [
    {
      // X re-confirms its bid on C at the same price; Y bids on W (so Y never holds a bid on C); others aim at C.
      variant: 'own bid',
      // Contractors sign their bids (a certificate of their own BIN); other callers are refused before the body matters.
      request: async (fx, caller) => {
        const [id, price, documents] =
          caller === 'contractorX' ? [fx.c, PRICE_X, [fx.xDoc.id]] : caller === 'contractorY' ? [fx.w, PRICE_Y, undefined] : [fx.c, PRICE_INTRUDER, undefined];
        const token = fx.tokens[caller];
        return { method: 'PUT', path: `/competitions/${id}/bids/me`, body: token ? await signedBid(token, id, price, documents) : { price } };
      },
      expect: { contractorX: ok(200), contractorY: ok(200) },
      check: (response, fx, caller) => {
        if (caller === 'contractorX') expect(response.body).toMatchObject({ competitionId: fx.c, bin: fx.x.bin, price: PRICE_X });
        if (caller === 'contractorY') expect(response.body).toMatchObject({ competitionId: fx.w, bin: fx.y.bin, price: PRICE_Y });
      },
      after: (fx) => xBidOnCIntact(fx),
    },
    {
      variant: 'draft',
      request: async (fx, caller) => ({
        method: 'PUT',
        path: `/competitions/${fx.draft}/bids/me`,
        body: fx.tokens[caller] ? await signedBid(fx.tokens[caller]!, fx.draft, PRICE_INTRUDER) : { price: PRICE_INTRUDER },
      }),
      expect: { contractorX: refused(404), contractorY: refused(404) },
    },
  ],
  'POST /competitions/{id}/bids/me/signing-payload': [
    {
      // The bytes a bid signs name the caller's own BIN, whatever it asks for; nothing of X's bid is in them.
      variant: 'C',
      request: (fx) => ({ method: 'POST', path: `/competitions/${fx.c}/bids/me/signing-payload`, body: { price: PRICE_INTRUDER } }),
      expect: { contractorX: ok(200), contractorY: ok(200) },
      check: (response, fx, caller) => {
        const facts = JSON.parse(Buffer.from(response.body.payload, 'base64').toString('utf8'));
        expect(facts).toMatchObject({ competitionId: fx.c, bin: binOf(fx, caller), price: PRICE_INTRUDER });
      },
    },
    {
      variant: 'draft',
      request: (fx) => ({ method: 'POST', path: `/competitions/${fx.draft}/bids/me/signing-payload`, body: { price: PRICE_INTRUDER } }),
      expect: { contractorX: refused(404), contractorY: refused(404) },
    },
    {
      // Y names X's bid document on C: not Y's, so 422 naming `documents`; X gets the bytes that carry it.
      variant: "carrying X's document",
      request: (fx, caller) => ({
        method: 'POST',
        path: `/competitions/${fx.c}/bids/me/signing-payload`,
        body: { price: caller === 'contractorX' ? PRICE_X : PRICE_INTRUDER, documents: [fx.xDoc.id] },
      }),
      expect: { contractorX: ok(200), contractorY: refused(422) },
      check: (response, fx) =>
        expect(JSON.parse(Buffer.from(response.body.payload, 'base64').toString('utf8')).documents).toEqual([
          expect.objectContaining({ id: fx.xDoc.id, sha256: fx.xDoc.sha256 }),
        ]),
      after: (fx) => xBidOnCIntact(fx),
    },
  ],
  'GET /competitions/{id}/bids/me': [
    {
      variant: 'C',
      request: (fx) => ({ path: `/competitions/${fx.c}/bids/me` }),
      // Y has no bid on C: the `me` route reads Y's own, never X's.
      expect: { contractorX: ok(200), contractorY: ok(404) },
      check: (response, fx, caller) => {
        if (caller === 'contractorX') {
          expect(response.body).toMatchObject({ bin: fx.x.bin, price: PRICE_X, status: 'submitted' });
          expect(response.body.documents).toEqual([expect.objectContaining({ id: fx.xDoc.id, sha256: fx.xDoc.sha256, url: expect.any(String) })]);
        }
      },
    },
  ],
  'DELETE /competitions/{id}/bids/me': [
    {
      // X withdraws its bid on W; everyone else aims at C, where only X has a bid, which must survive.
      variant: 'own bid',
      request: (fx, caller) => ({ method: 'DELETE', path: `/competitions/${caller === 'contractorX' ? fx.w : fx.c}/bids/me` }),
      expect: { contractorX: ok(204), contractorY: ok(404) },
      check: async (_response, fx, caller) => {
        if (caller === 'contractorX') expect((await api(`/competitions/${fx.w}/bids/me`, { token: fx.x.token })).status).toBe(404);
      },
      after: (fx) => xBidOnCIntact(fx),
    },
  ],
  'GET /competitions/{id}/bids': [
    // Sealed: 409 for the region's akimat before opening, 403 for everyone else.
    { variant: 'C before opening', request: (fx) => ({ path: `/competitions/${fx.c}/bids` }), expect: { akimatA: refused(409), akimatB: refused(403) } },
    { variant: 'draft', request: (fx) => ({ path: `/competitions/${fx.draft}/bids` }), expect: { akimatA: refused(409), akimatB: refused(403) } },
  ],
  'POST /competitions/{id}/documents': [
    {
      variant: 'C, a file type not accepted',
      request: (fx) => ({ method: 'POST', path: `/competitions/${fx.c}/documents`, body: { documentType: 'other', title: 'Программа', ...EXE } }),
      expect: { akimatA: ok(422), akimatB: refused(403) },
    },
  ],
  'GET /competitions/{id}/documents': [
    {
      variant: 'published C',
      request: (fx) => ({ path: `/competitions/${fx.c}/documents` }),
      expect: { default: ok(200) },
      check: (response, fx) => expect(ids(response)).toEqual([fx.docC]),
    },
    { variant: 'draft', request: (fx) => ({ path: `/competitions/${fx.draft}/documents` }), expect: { default: refused(404) } },
  ],
  'GET /my/competitions/{id}/documents': [
    {
      variant: 'draft',
      request: (fx) => ({ path: `/my/competitions/${fx.draft}/documents` }),
      expect: { akimatA: ok(200), akimatB: refused(403) },
      check: (response, fx) => expect(ids(response)).toEqual([fx.docDraft]),
    },
  ],
  'PUT /competitions/{id}/documents/{docId}': [
    {
      variant: 'C, a file type not accepted',
      request: (fx) => ({ method: 'PUT', path: `/competitions/${fx.c}/documents/${fx.docC}`, body: EXE }),
      expect: { akimatA: ok(422), akimatB: refused(403) },
    },
  ],
  'POST /competitions/{id}/documents/{docId}/complete': [
    {
      variant: 'C, nothing pending',
      request: (fx) => ({ method: 'POST', path: `/competitions/${fx.c}/documents/${fx.docC}/complete` }),
      expect: { akimatA: ok(409), akimatB: refused(403) },
    },
  ],
  'GET /competitions/{id}/documents/{docId}/content': [
    // The client follows the 302 to the presigned download.
    { variant: 'published C', request: (fx) => ({ path: `/competitions/${fx.c}/documents/${fx.docC}/content` }), expect: { default: ok(200, 302) } },
    { variant: 'draft', request: (fx) => ({ path: `/competitions/${fx.draft}/documents/${fx.docDraft}/content` }), expect: { default: refused(404) } },
    // A bid document's id is no tender document: nothing presigns it through this route.
    { variant: "X's bid document", request: (fx) => ({ path: `/competitions/${fx.c}/documents/${fx.xDoc.id}/content` }), expect: { default: refused(404) } },
  ],
  'POST /competitions/{id}/bids/me/documents': [
    {
      variant: 'C, a file type not accepted',
      request: (fx) => ({ method: 'POST', path: `/competitions/${fx.c}/bids/me/documents`, body: { envelope: 'technical', title: 'Программа', ...EXE } }),
      expect: { contractorX: ok(422), contractorY: ok(422) },
    },
  ],
  'GET /competitions/{id}/bids/me/documents': [
    {
      variant: 'C',
      request: (fx) => ({ path: `/competitions/${fx.c}/bids/me/documents` }),
      expect: { contractorX: ok(200), contractorY: ok(200) },
      check: (response, fx, caller) => expect(ids(response)).toEqual(caller === 'contractorX' ? [fx.xDoc.id] : []),
    },
  ],
  'POST /competitions/{id}/bids/me/documents/{docId}/complete': [
    {
      // X's document is verified already (the answer is its view); for Y it does not exist.
      variant: "X's document",
      request: (fx) => ({ method: 'POST', path: `/competitions/${fx.c}/bids/me/documents/${fx.xDoc.id}/complete` }),
      expect: { contractorX: ok(200), contractorY: refused(404) },
    },
  ],
  'DELETE /competitions/{id}/bids/me/documents/{docId}': [
    {
      // X's current bid carries it: 409 for X; Y has no such document.
      variant: "X's document",
      request: (fx) => ({ method: 'DELETE', path: `/competitions/${fx.c}/bids/me/documents/${fx.xDoc.id}` }),
      expect: { contractorX: ok(409), contractorY: refused(404) },
      after: (fx) => xBidOnCIntact(fx),
    },
  ],
  'GET /contractors/me/bids': [
    {
      variant: 'own bids',
      request: () => ({ path: '/contractors/me/bids' }),
      expect: { contractorX: ok(200), contractorY: ok(200) },
      check: (response, fx, caller) => {
        const onC = response.body.items.filter((b: { competitionId: string }) => b.competitionId === fx.c);
        if (caller === 'contractorX') expect(onC).toEqual([expect.objectContaining({ price: PRICE_X, status: 'submitted' })]);
        else expect(onC).toEqual([]);
      },
    },
  ],

  'POST /inquiries': [
    {
      variant: 'valid inquiry',
      request: () => ({ method: 'POST', path: '/inquiries', body: { topic: 'other', text: 'Вопрос', contact: { name: 'Кто-то', phone: '+77010000001' } } }),
      expect: { default: ok(201) },
    },
  ],
  'GET /inquiries/{id}': [
    {
      variant: 'with its access token',
      request: async () => {
        const inquiry = await freshInquiry('regionA');
        return { path: `/inquiries/${inquiry.id}?token=${inquiry.accessToken}` };
      },
      expect: { default: ok(200) },
      check: (response) => expect(response.body).not.toHaveProperty('contact'),
    },
    {
      variant: 'with another token',
      request: async () => ({ path: `/inquiries/${(await freshInquiry('regionA')).id}?token=${'A'.repeat(43)}` }),
      expect: { default: refused(404) },
    },
  ],
  'GET /inquiries/{id}/case': [
    {
      variant: 'routed to region A',
      request: async () => ({ path: `/inquiries/${(await freshInquiry('regionA')).id}/case` }),
      expect: { akimatA: ok(200), akimatB: refused(403), ministry: ok(200) },
    },
  ],
  'GET /inquiries': [
    { variant: 'own', request: () => ({ path: '/inquiries?limit=100' }), expect: { akimatA: ok(200), akimatB: ok(200), ministry: ok(200) } },
    {
      variant: 'asking for region A',
      request: () => ({ path: `/inquiries?limit=100&region=${REGION_A}` }),
      expect: { akimatA: ok(200), akimatB: refused(403), ministry: ok(200) },
    },
  ],
  'POST /inquiries/{id}/take': [
    {
      variant: 'routed to region A',
      request: async () => ({ method: 'POST', path: `/inquiries/${(await freshInquiry('regionA')).id}/take` }),
      expect: { akimatA: ok(200), akimatB: refused(403), ministry: refused(403) },
    },
    {
      variant: 'national',
      request: async () => ({ method: 'POST', path: `/inquiries/${(await freshInquiry('national')).id}/take` }),
      expect: { akimatA: refused(403), akimatB: refused(403), ministry: ok(200) },
    },
  ],
  'POST /inquiries/{id}/answer': [
    {
      variant: 'routed to region A, not taken',
      request: async () => ({ method: 'POST', path: `/inquiries/${(await freshInquiry('regionA')).id}/answer`, body: { text: 'Ответ' } }),
      // 409 (take it first) proves the responsible akimat passed authorization.
      expect: { akimatA: ok(409), akimatB: refused(403), ministry: refused(403) },
    },
  ],

  'GET /regions': [{ variant: 'reference data', request: () => ({ path: '/regions' }), expect: { default: ok(200) } }],
  'GET /projects': [{ variant: 'region A', request: () => ({ path: `/projects?region=${REGION_A}&limit=100` }), expect: { default: ok(200) } }],
  'GET /projects/{id}': [
    {
      variant: 'project of C',
      request: (fx) => ({ path: `/projects/${fx.projectA}` }),
      expect: { default: ok(200) },
      check: (response, fx) => {
        expect(response.body).toMatchObject({ id: fx.projectA, stage: 'contractor-determination', competitionId: fx.c });
        expect(response.body).not.toHaveProperty('official');
      },
    },
  ],
  'GET /openapi.json': [{ variant: 'document', request: () => ({ path: '/openapi.json' }), expect: { default: ok(200) } }],

  // Open data is public; sealed bids never reach it (the final leak sweep reads these responses too).
  'GET /ocds/releases': [{ variant: 'change feed', request: () => ({ path: '/ocds/releases?limit=50' }), expect: { default: ok(200, 204) } }],
  'GET /ocds/releases/{ocid}': [
    // Written asynchronously from the outbox: C's releases may still be on their way (404).
    { variant: 'published C', request: (fx) => ({ path: `/ocds/releases/ocds-konkurs-${fx.c}` }), expect: { default: ok(200, 404) } },
    { variant: 'draft', request: (fx) => ({ path: `/ocds/releases/ocds-konkurs-${fx.draft}` }), expect: { default: refused(404) } },
  ],
  'GET /ocds/records/{ocid}': [
    { variant: 'published C', request: (fx) => ({ path: `/ocds/records/ocds-konkurs-${fx.c}` }), expect: { default: ok(200, 404) } },
    { variant: 'draft', request: (fx) => ({ path: `/ocds/records/ocds-konkurs-${fx.draft}` }), expect: { default: refused(404) } },
  ],

  // Monitoring: the ministry's views (they name responsible officials) and a public summary that names no one.
  'GET /monitoring/summary': [{ variant: 'national and regions', request: () => ({ path: '/monitoring/summary' }), expect: { ministry: ok(200) } }],
  'GET /monitoring/summary.csv': [{ variant: 'download', request: () => ({ path: '/monitoring/summary.csv' }), expect: { ministry: ok(200) } }],
  'GET /monitoring/regions': [{ variant: 'rating', request: () => ({ path: '/monitoring/regions' }), expect: { ministry: ok(200) } }],
  'GET /monitoring/regions.csv': [{ variant: 'download', request: () => ({ path: '/monitoring/regions.csv' }), expect: { ministry: ok(200) } }],
  'GET /monitoring/overdue': [{ variant: 'first page', request: () => ({ path: '/monitoring/overdue' }), expect: { ministry: ok(200) } }],
  'GET /monitoring/overdue.csv': [{ variant: 'download', request: () => ({ path: '/monitoring/overdue.csv' }), expect: { ministry: ok(200) } }],
  'GET /monitoring/kpi': [{ variant: 'against the schedule', request: () => ({ path: '/monitoring/kpi' }), expect: { ministry: ok(200) } }],
  'GET /monitoring/kpi.csv': [{ variant: 'download', request: () => ({ path: '/monitoring/kpi.csv' }), expect: { ministry: ok(200) } }],
  'GET /monitoring/financing': [{ variant: 'speed per route', request: () => ({ path: '/monitoring/financing' }), expect: { ministry: ok(200) } }],
  'GET /monitoring/financing.csv': [{ variant: 'download', request: () => ({ path: '/monitoring/financing.csv' }), expect: { ministry: ok(200) } }],
  'GET /monitoring/financing/waiting': [{ variant: 'first page', request: () => ({ path: '/monitoring/financing/waiting' }), expect: { ministry: ok(200) } }],
  'GET /monitoring/financing/waiting.csv': [{ variant: 'download', request: () => ({ path: '/monitoring/financing/waiting.csv' }), expect: { ministry: ok(200) } }],
  'GET /monitoring/red-flags': [{ variant: 'all flags', request: () => ({ path: '/monitoring/red-flags' }), expect: { ministry: ok(200) } }],
  'GET /monitoring/red-flags/summary': [{ variant: 'the counts', request: () => ({ path: '/monitoring/red-flags/summary' }), expect: { ministry: ok(200) } }],
  'GET /monitoring/implementation': [{ variant: 'per region', request: () => ({ path: '/monitoring/implementation' }), expect: { ministry: ok(200) } }],
  'GET /monitoring/implementation.csv': [{ variant: 'download', request: () => ({ path: '/monitoring/implementation.csv' }), expect: { ministry: ok(200) } }],
  'GET /monitoring/implementation/overdue': [{ variant: 'first page', request: () => ({ path: '/monitoring/implementation/overdue' }), expect: { ministry: ok(200) } }],
  'GET /monitoring/implementation/overdue.csv': [{ variant: 'download', request: () => ({ path: '/monitoring/implementation/overdue.csv' }), expect: { ministry: ok(200) } }],

  'POST /projects/{id}/financing-applications': [
    {
      variant: 'a region A project holding an approved application',
      request: (fx) => ({ method: 'POST', path: `/projects/${fx.financing.project}/financing-applications`, body: { route: 'budget', amount: '1000' } }),
      // A: authorized, but the project holds an application; B: not its region.
      expect: { akimatA: ok(409), akimatB: refused(403) },
    },
  ],
  'POST /financing-applications/{id}/decision': [
    {
      variant: 'the approved dbk-banks application',
      request: (fx) => ({ method: 'POST', path: `/financing-applications/${fx.financing.dbkApproved}/decision`, body: { decision: 'rejected', text: 'again' } }),
      // The route's financier: authorized, already decided; the ministry decides budget applications only.
      expect: { financier: ok(409), ministry: refused(403) },
    },
    {
      variant: 'a submitted khc-bonds application',
      request: (fx) => ({ method: 'POST', path: `/financing-applications/${fx.financing.khcSubmitted}/decision`, body: { decision: 'approved', text: 'not mine' } }),
      expect: { financier: refused(403), ministry: refused(403) },
      after: async (fx) => {
        const read = await api(`/financing-applications/${fx.financing.khcSubmitted}`, { token: f.tokens.ministry! });
        expect(read.body.status).toBe('submitted');
      },
    },
  ],
  'POST /financing-applications/{id}/resubmit': [
    {
      variant: 'the approved application (not returned)',
      request: (fx) => ({ method: 'POST', path: `/financing-applications/${fx.financing.dbkApproved}/resubmit`, body: {} }),
      expect: { akimatA: ok(409), akimatB: refused(403) },
    },
  ],
  'POST /financing-applications/{id}/disbursements': [
    {
      variant: 'more than approved',
      request: (fx) => ({ method: 'POST', path: `/financing-applications/${fx.financing.dbkApproved}/disbursements`, body: { amount: '999999999', date: '2026-01-01' } }),
      expect: { financier: ok(409), ministry: refused(403) },
    },
  ],
  'GET /financing-applications': [
    {
      variant: 'own scope',
      request: () => ({ path: '/financing-applications' }),
      expect: { akimatA: ok(200), akimatB: ok(200), ministry: ok(200), financier: ok(200) },
      check: (response, fx, caller) => {
        const listed = ids(response);
        if (caller === 'akimatB') expect(listed).not.toContain(fx.financing.dbkApproved);
        if (caller === 'financier') expect(listed).not.toContain(fx.financing.khcSubmitted);
      },
    },
    {
      variant: 'region A, khc-bonds',
      request: () => ({ path: `/financing-applications?region=${REGION_A}&route=khc-bonds` }),
      expect: { akimatA: ok(200), akimatB: refused(403), ministry: ok(200), financier: refused(403) },
    },
  ],
  'GET /financing-applications/{id}': [
    {
      variant: 'the dbk-banks application of region A',
      request: (fx) => ({ path: `/financing-applications/${fx.financing.dbkApproved}` }),
      expect: { akimatA: ok(200), akimatB: refused(403), ministry: ok(200), financier: ok(200) },
    },
  ],
  'GET /public/summary': [
    {
      variant: 'public figures',
      request: () => ({ path: '/public/summary' }),
      expect: { default: ok(200) },
      check: (response) => expect(JSON.stringify(response.body)).not.toContain('official'),
    },
  ],
};

/** What a caller must get: `ACCESS` turns away the callers the route does not admit; `CASES` decides for the rest. */
const expectationFor = (key: string, c: Case, caller: (typeof CALLERS)[number]): Expectation | undefined => {
  const access = ACCESS[key]?.[CALLERS.indexOf(caller)];
  if (access === undefined) return undefined;
  if (access !== IN) return refused(access);
  return c.expect[caller.name] ?? c.expect.default;
};

const describeExpectation = (e: Expectation | undefined): string =>
  e ? `${e.kind === 'ok' ? 'may act' : 'refused'}: ${e.statuses.join('|')}` : 'NO EXPECTATION';

interface Cell {
  readonly name: string;
  /** `<METHOD> <path>`, as the topology declares the route. */
  readonly key: string;
  readonly case?: Case;
  readonly caller?: (typeof CALLERS)[number];
  readonly expectation?: Expectation;
}

/** The routes that exist, as `<METHOD> <path>` keys. */
const routeKeys = (): string[] => httpRoutes().map(({ route }) => `${route.method} ${route.path}`);

/** Built by iterating the topology's routes: a route added later without a case gets a failing cell of its own. */
const cells: Cell[] = routeKeys().flatMap((key): Cell[] => {
  const cases = CASES[key];
  if (!cases?.length) return [{ name: `${key}: has a request builder in the matrix`, key }];
  return cases.flatMap((c) =>
    CALLERS.map((caller) => {
      const expectation = expectationFor(key, c, caller);
      return { name: `${key} [${c.variant}] as ${caller.label} → ${describeExpectation(expectation)}`, key, case: c, caller, expectation };
    }),
  );
});

/** Every response to someone other than X, for the final sweep. */
const seenByOthers: { cell: string; text: string }[] = [];

const leaksIn = (text: string, fx: Fixtures): string[] =>
  [
    [fx.x.bin, "X's BIN"],
    [PRICE_X, "X's price on C"],
    [PRICE_X_ON_W, "X's price on W"],
    [fx.xDoc.id, "X's bid document id"],
    [fx.xDoc.sha256, "X's bid document hash"],
  ]
    .filter(([needle]) => text.includes(needle!))
    .map(([, what]) => what!);

beforeAll(async () => {
  const [akimatA, akimatB, ministry, financier, x, y] = await Promise.all([
    tokenFor({ role: 'akimat', kato: REGION_A }),
    tokenFor({ role: 'akimat', kato: REGION_B }),
    tokenFor({ role: 'ministry' }),
    tokenFor({ role: 'financier', route: 'dbk-banks' }),
    verifiedContractor({ name: 'ТОО Участник X' }),
    verifiedContractor({ name: 'ТОО Участник Y' }),
  ]);
  const [projectA, projectW, projectDraft, spareProjectA, projectB, projectF, projectK] = await Promise.all([
    seedProject({ kato: REGION_A }),
    seedProject({ kato: REGION_A }),
    seedProject({ kato: REGION_A }),
    seedProject({ kato: REGION_A }),
    seedProject({ kato: REGION_B }),
    seedProject({ kato: REGION_A, financing: { route: 'budget', status: 'not-requested' } }),
    seedProject({ kato: REGION_A, financing: { route: 'budget', status: 'not-requested' } }),
  ]);
  const applied = async (projectId: string, route: string): Promise<string> => {
    const response = await api(`/projects/${projectId}/financing-applications`, { token: akimatA, body: { route, amount: '500000000' } });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body.id;
  };
  const dbkApproved = await applied(projectF.id, 'dbk-banks');
  const approval = await api(`/financing-applications/${dbkApproved}/decision`, { token: financier, body: { decision: 'approved', text: 'Одобрено' } });
  expect(approval.status, JSON.stringify(approval.body)).toBe(200);
  const khcSubmitted = await applied(projectK.id, 'khc-bonds');

  const c = await publish(akimatA, (await createDraft(akimatA, projectA.id, 'Конкурс C')).id);
  const w = await publish(akimatA, (await createDraft(akimatA, projectW.id, 'Конкурс W')).id);
  const draft = await createDraft(akimatA, projectDraft.id, 'Черновик D');
  // In the enquiry period: an amendment that invalidates no bid (there are none yet).
  const docC = await uploadTenderDocument(akimatA, c.id, pdfBytes('C'));
  const docDraft = await uploadTenderDocument(akimatA, draft.id, pdfBytes('D'));

  const asked = await api(`/competitions/${c.id}/questions`, { token: x.token, body: { text: QUESTION_TEXT } });
  expect(asked.status, JSON.stringify(asked.body)).toBe(201);

  // Into the tender period of both (the clock is shared and only moves forward: relative to its own now).
  await passTime([c.tenderPeriod.startDate, w.tenderPeriod.startDate].sort().at(-1)!);
  const xBytes = pdfBytes('X technical proposal');
  const xDoc = await uploadBidDocument(x.token, c.id, xBytes);
  for (const [id, price, documents] of [
    [c.id, PRICE_X, [xDoc.id]],
    [w.id, PRICE_X_ON_W, []],
  ] as const) {
    const bid = await api(`/competitions/${id}/bids/me`, { token: x.token, method: 'PUT', body: await signedBid(x.token, id, price, documents) });
    expect(bid.status, JSON.stringify(bid.body)).toBe(200);
  }

  const supplierY = { bin: y.bin, name: 'ТОО Участник Y' };
  const [contract, refusable] = [await seedPendingContract(REGION_A, supplierY), await seedPendingContract(REGION_A, supplierY)];

  f = {
    contract: contract.id,
    refusable: refusable.id,
    tokens: { anonymous: undefined, akimatA, akimatB, contractorX: x.token, contractorY: y.token, ministry, financier },
    financing: { project: projectF.id, dbkApproved, khcSubmitted },
    x: { bin: x.bin, token: x.token },
    y: { bin: y.bin, token: y.token },
    projectA: projectA.id,
    spareProjectA: spareProjectA.id,
    projectB: projectB.id,
    c: c.id,
    w: w.id,
    draft: draft.id,
    questionId: asked.body.id,
    docC: docC.id,
    docDraft: docDraft.id,
    xDoc: { id: xDoc.id, sha256: sha256Hex(xBytes) },
  };
});

describe('authorization matrix', () => {
  it('has a request builder and a row of who may call it for exactly the routes of httpRoutes()', () => {
    const routes = routeKeys().sort();
    expect(Object.keys(CASES).sort()).toEqual(routes);
    expect(Object.keys(ACCESS).sort()).toEqual(routes);
    expect(new Set(routes).size).toBe(routes.length);
  });

  it('expects nothing of a caller the access table turns away (the two tables agree)', () => {
    const contradictions = Object.entries(CASES).flatMap(([key, cases]) =>
      cases.flatMap((c) =>
        CALLERS.filter((caller, i) => ACCESS[key]?.[i] !== IN && c.expect[caller.name] !== undefined).map((caller) => `${key} [${c.variant}]: ${caller.label}`),
      ),
    );
    expect(contradictions).toEqual([]);
  });

  it.each(cells.map((cell) => [cell.name, cell] as const))('%s', async (_name, cell) => {
    expect(cell.case, `no request builder for ${cell.key}: add it to CASES`).toBeDefined();
    const { case: c, caller, expectation } = cell;
    expect(expectation, `no expectation for ${caller!.label}: ACCESS must name the route, and CASES what an admitted caller gets`).toBeDefined();

    const request = await c!.request(f, caller!.name);
    const token = f.tokens[caller!.name];
    const response = await api(request.path, {
      method: request.method ?? cell.key.split(' ')[0]!,
      ...(token ? { token } : {}),
      ...(request.body !== undefined ? { body: request.body } : {}),
      ...(request.headers ? { headers: request.headers } : {}),
    });
    const detail = `${response.status} ${JSON.stringify(response.body)?.slice(0, 500)}`;

    expect(expectation!.statuses, detail).toContain(response.status);
    if (expectation!.kind === 'ok') expect([401, 403], detail).not.toContain(response.status);
    else expect(response.status >= 200 && response.status < 300, detail).toBe(false);

    // Sealed and anonymous: nothing anyone but X reads carries X's BIN or X's prices.
    if (caller!.name !== 'contractorX') {
      const text = typeof response.body === 'string' ? response.body : (JSON.stringify(response.body) ?? '');
      seenByOthers.push({ cell: cell.name, text });
      expect(leaksIn(text, f), detail).toEqual([]);
    }
    if (response.status >= 200 && response.status < 300) await c!.check?.(response, f, caller!.name);
    await c!.after?.(f, caller!.name);
  });
});

describe('sealed bids after the matrix', () => {
  it("keeps X's bid on C unchanged and sealed", async () => {
    await xBidOnCIntact(f);
    const sealed = await api(`/competitions/${f.c}/bids`, { token: f.tokens.akimatA! });
    expect(sealed.status).toBe(409);
    expect(sealed.body.error).toBe('conflict');
  });

  it('showed no response to anyone but X that carries X’s BIN or bid prices', () => {
    const leaks = seenByOthers.flatMap(({ cell, text }) => leaksIn(text, f).map((what) => `${cell}: ${what}`));
    expect(seenByOthers.length).toBeGreaterThan(100);
    expect(leaks).toEqual([]);
  });
});

describe('drafts stay private', () => {
  // Fails today: cancelling a draft that was never published turns it into a public `cancelled` competition (title,
  // description, estimated value), readable anonymously and listed by GET /competitions. Reported, not fixed here.
  it('keeps a draft cancelled before publication out of every public read', async () => {
    const draft = await throwawayCompetition(f.tokens.akimatA!, REGION_A, false);
    const cancelled = await api(`/competitions/${draft.id}/cancel`, { token: f.tokens.akimatA!, body: { reason: 'noNeed' } });
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);

    const one = await api(`/competitions/${draft.id}`);
    const questions = await api(`/competitions/${draft.id}/questions`);
    const list = await api(`/competitions?region=${REGION_A}&status=cancelled&limit=100`);

    expect({ one: one.status, questions: questions.status }, JSON.stringify(one.body)).toEqual({ one: 404, questions: 404 });
    expect(ids(list)).not.toContain(draft.id);
  });
});
