/**
 * Financing applications (Baiterek): the akimat of a project's region applies for financing on one route; a financier
 * of that route (the ministry for `budget`) approves, rejects or returns it; a returned application is resubmitted by
 * the akimat; an approved one receives disbursements up to the approved amount.
 *
 * The lifecycle is data ({@link financingLifecycle}): use cases assert it, the DynamoDB adapter's conditions are read
 * from it (`shared/adapters/lifecycle-condition.ts`), the portal may import it. Pure: no clock, no I/O.
 */
import { workingDaysBetween } from './calendar.js';
import { defineLifecycle } from './lifecycle.js';
import type { FinancingRoute, FinancingStatus } from './project.js';
import type { FinancierRoute, Role } from './roles.js';

/** The routes an application is filed on: Development Bank and banks, Housing Company bonds, the budget. */
export const APPLICATION_ROUTES = ['dbk-banks', 'khc-bonds', 'budget'] as const;
export type ApplicationRoute = (typeof APPLICATION_ROUTES)[number];

export const APPLICATION_STATUSES = ['submitted', 'approved', 'rejected', 'returned'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export const DECISIONS = ['approved', 'rejected', 'returned'] as const;
export type Decision = (typeof DECISIONS)[number];

/** The project's financing route (the monitoring counters' names, public since the summary) of an application route. */
export const PROJECT_ROUTE: Readonly<Record<ApplicationRoute, FinancingRoute>> = {
  'dbk-banks': 'development-bank',
  'khc-bonds': 'housing-company',
  budget: 'budget',
};

export interface ApplicationDocument {
  readonly title: string;
  readonly sha256?: string;
}

export interface Disbursement {
  /** Tenge, decimal string. */
  readonly amount: string;
  /** The value date (YYYY-MM-DD). */
  readonly date: string;
  readonly recordedAt: string;
  readonly by: { readonly sub: string; readonly role: Role };
}

/** One step of the application's history: who did what, when. */
export interface ApplicationStep {
  readonly action: FinancingAction;
  readonly at: string;
  readonly by: { readonly sub: string; readonly role: Role };
  readonly status: ApplicationStatus;
  readonly amount?: string;
  readonly text?: string;
}

export interface FinancingApplication {
  readonly id: string;
  readonly projectId: string;
  /** The project's region (top-level KATO). */
  readonly kato: string;
  readonly route: ApplicationRoute;
  readonly status: ApplicationStatus;
  /** Requested, tenge. */
  readonly amount: string;
  readonly documents: readonly ApplicationDocument[];
  /** What the waiting list names: the project's title (Russian) and the responsible akimat. */
  readonly projectTitle: string;
  readonly akimatName: string;
  /** The first submission, and the latest (a resubmission after a return). */
  readonly firstSubmittedAt: string;
  readonly submittedAt: string;
  readonly decision?: { readonly decision: Decision; readonly amount?: string; readonly text: string; readonly at: string; readonly by: { readonly sub: string; readonly role: Role } };
  /** Tenge, once approved. */
  readonly approvedAmount?: string;
  readonly disbursements: readonly Disbursement[];
  /** Tenge, the sum of the disbursements. */
  readonly disbursedAmount: string;
  readonly history: readonly ApplicationStep[];
  /**
   * The akimat user who submitted it, or resubmitted it last (from the token): the decision is mailed to their address
   * (the project's akimat address when the token has none). Absent on applications filed before it was recorded;
   * never in the API's view.
   */
  readonly applicant?: { readonly sub: string; readonly email?: string };
  /** Bumped by every change: the storage condition of the next one. */
  readonly version: number;
}

export type FinancingAction = 'submit' | 'approve' | 'reject' | 'return' | 'resubmit' | 'disburse';

export type FinancingEventType = 'financing.submitted' | 'financing.decided' | 'financing.resubmitted' | 'financing.disbursed';

/** The lifecycle table: every action, the statuses it starts from, where it leads, who takes it, what it writes. */
export const financingLifecycle = defineLifecycle<ApplicationStatus, FinancingAction, never, never, FinancingEventType, FinancingApplication>({
  table: {
    submit: { from: [], to: 'submitted', by: ['akimat'], emits: 'financing.submitted' },
    approve: { from: ['submitted'], to: 'approved', by: ['financier', 'ministry'], emits: 'financing.decided' },
    reject: { from: ['submitted'], to: 'rejected', by: ['financier', 'ministry'], emits: 'financing.decided' },
    return: { from: ['submitted'], to: 'returned', by: ['financier', 'ministry'], emits: 'financing.decided' },
    resubmit: { from: ['returned'], to: 'submitted', by: ['akimat'], emits: 'financing.resubmitted' },
    disburse: { from: ['approved'], by: ['financier', 'ministry'], emits: 'financing.disbursed' },
  },
  instants: {},
  facts: {},
});

export const DECISION_ACTION: Readonly<Record<Decision, 'approve' | 'reject' | 'return'>> = {
  approved: 'approve',
  rejected: 'reject',
  returned: 'return',
};

/** The 409 message of each action refused for its status. */
export const FINANCING_REFUSALS: Readonly<Record<FinancingAction, (status: ApplicationStatus) => string>> = {
  submit: () => 'this project already has a financing application under review or approved',
  approve: (s) => `only a submitted application can be decided; this one is ${s}`,
  reject: (s) => `only a submitted application can be decided; this one is ${s}`,
  return: (s) => `only a submitted application can be decided; this one is ${s}`,
  resubmit: (s) => `only a returned application can be resubmitted; this one is ${s}`,
  disburse: (s) => `disbursements are recorded on approved applications only; this one is ${s}`,
};

/**
 * Who decides an application (and records its disbursements): a financier serving its route, or the ministry for
 * `budget`. A financier of another route, or the ministry on a Baiterek route, may not.
 */
export const mayDecide = (caller: { readonly role: Role; readonly route?: FinancierRoute }, route: ApplicationRoute): boolean =>
  route === 'budget' ? caller.role === 'ministry' : caller.role === 'financier' && caller.route === route;

/** Who may read an application: the akimat of its region, its deciders, and the ministry (which monitors all). */
export const mayRead = (caller: { readonly role: Role; readonly kato?: string; readonly route?: FinancierRoute }, app: Pick<FinancingApplication, 'kato' | 'route'>): boolean =>
  caller.role === 'ministry' || (caller.role === 'akimat' && caller.kato === app.kato) || mayDecide(caller, app.route);

/** The project's financing as the monitoring counts it (route and status), for an application in `status`. */
export const projectFinancingOf = (
  app: Pick<FinancingApplication, 'route' | 'amount' | 'approvedAmount'>,
  status: ApplicationStatus,
): { readonly route: FinancingRoute; readonly status: FinancingStatus; readonly amount?: string } => {
  const route = PROJECT_ROUTE[app.route];
  switch (status) {
    case 'approved':
      return { route, status: 'approved', amount: app.approvedAmount ?? app.amount };
    case 'rejected':
      // The amount stays on record: the counters subtract exactly what they added.
      return { route, status: 'not-requested', amount: app.amount };
    default:
      return { route, status: 'under-review', amount: app.amount };
  }
};

/** Working days (Almaty calendar) from one instant to another: the financing speed's unit. */
export const workingDaysFrom = (from: string, to: string): number => Math.max(0, workingDaysBetween(new Date(from), new Date(to)));
