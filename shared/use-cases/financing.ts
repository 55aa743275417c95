/**
 * Financing applications: the akimat of a project's region applies; a financier of the route (the ministry for
 * `budget`) decides; a returned application is resubmitted; disbursements follow an approval. Every step is written
 * with its event (the audit log and the monitoring's source) in one transaction, conditional on the lifecycle table
 * and the version read. No AWS here: storage is the `FinancingStore` port.
 */
import { now as clockNow } from '../clock.js';
import { almatyDate } from '../domain/calendar.js';
import { makeEvent, type Actor, type DomainEvent, type EventPayloads, type FinancingFacts, type ProjectFinancingFacts } from '../domain/events.js';
import {
  DECISION_ACTION,
  financingLifecycle,
  FINANCING_REFUSALS,
  mayDecide,
  mayRead,
  projectFinancingOf,
  workingDaysFrom,
  type ApplicationDocument,
  type ApplicationRoute,
  type ApplicationStatus,
  type Decision,
  type FinancingAction,
  type FinancingApplication,
} from '../domain/financing.js';
import { newId } from '../domain/ids.js';
import { addMoney, compareMoney } from '../domain/money.js';
import type { Project } from '../domain/project.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors.js';
import type { Caller } from '../http/identity.js';
import type { Page } from '../adapters/pagination.js';

export interface FinancingFilter {
  readonly region?: string;
  readonly route?: ApplicationRoute;
  readonly status?: ApplicationStatus;
}

/** What a step writes to the project beside the application: its financing as counted, and whether it is released. */
export interface ProjectFinancingUpdate {
  readonly projectId: string;
  readonly financing: ProjectFinancingFacts;
  /** A rejection frees the project for a new application. */
  readonly release?: boolean;
}

export interface FinancingStore {
  /**
   * Stores a new application, marks its project (which must exist and hold no other application under review or
   * approved) and writes the event; ConflictError when the project holds one.
   */
  submit(app: FinancingApplication, project: ProjectFinancingUpdate, event: DomainEvent): Promise<void>;
  /**
   * Replaces the application with `next` if the stored one allows `action` (the lifecycle table) at `expectedVersion`,
   * updates the project when given, and writes the event; ConflictError otherwise.
   */
  transition(action: Exclude<FinancingAction, 'submit'>, next: FinancingApplication, expectedVersion: number, project: ProjectFinancingUpdate | undefined, event: DomainEvent): Promise<void>;
  get(id: string): Promise<FinancingApplication | undefined>;
  list(filter: FinancingFilter, page: { limit: number; cursor?: string }): Promise<Page<FinancingApplication>>;
  /** Applications awaiting a decision submitted before `before` (ISO instant), oldest first. */
  waiting(before: string, page: { limit: number; cursor?: string }): Promise<Page<FinancingApplication>>;
}

export interface FinancingDeps {
  readonly applications: FinancingStore;
  readonly projects: { get(id: string): Promise<Project | undefined> };
}

const actorOf = (caller: Caller) => ({ sub: caller.sub, role: caller.role });

/**
 * The akimat user behind a submission, to whom the decision is mailed: the address of their token, else `fallback`
 * (the project's akimat address on a submission, the previous applicant's on a resubmission).
 */
const applicantOf = (caller: Caller, fallback: string | undefined): NonNullable<FinancingApplication['applicant']> => {
  const email = caller.email ?? fallback;
  return { sub: caller.sub, ...(email ? { email } : {}) };
};

const factsOf = (app: FinancingApplication, before: ProjectFinancingFacts, after: ProjectFinancingFacts): FinancingFacts => ({
  projectId: app.projectId,
  kato: app.kato,
  route: app.route,
  amount: app.amount,
  firstSubmittedAt: app.firstSubmittedAt,
  submittedAt: app.submittedAt,
  projectFinancing: { before, after },
});

const event = <T extends 'financing.submitted' | 'financing.resubmitted' | 'financing.decided' | 'financing.disbursed'>(
  type: T,
  app: FinancingApplication,
  actor: Actor,
  at: string,
  data: EventPayloads[T],
): DomainEvent => makeEvent<'financing.submitted' | 'financing.resubmitted' | 'financing.decided' | 'financing.disbursed'>(type, { at, actor, subject: { kind: 'financing', id: app.id }, data });

/** 409 with the table's message unless the lifecycle allows `action` on `app`. */
const assertAllowed = (action: FinancingAction, app: FinancingApplication, now: Date): void => {
  if (!financingLifecycle.allows(action, app, now)) throw new ConflictError(FINANCING_REFUSALS[action](app.status));
};

export interface SubmitInput {
  readonly route: ApplicationRoute;
  readonly amount: string;
  readonly documents?: readonly ApplicationDocument[];
}

/** The akimat of the project's region applies for financing on one route: the application is `submitted`. */
export const submitApplication = async (deps: FinancingDeps, caller: Caller, projectId: string, input: SubmitInput): Promise<FinancingApplication> => {
  const project = await deps.projects.get(projectId);
  if (!project) throw new NotFoundError(`no project ${projectId}`);
  if (caller.role !== 'akimat' || caller.kato !== project.kato) throw new ForbiddenError('financing is applied for by the akimat of the project’s region');
  if (project.stage === 'cancelled') throw new ConflictError('the project is cancelled');
  if (compareMoney(input.amount, '0') <= 0) throw new ValidationError([{ path: 'amount', message: 'must be more than zero' }]);
  const now = clockNow();
  const at = now.toISOString();
  const actor = actorOf(caller);
  const app: FinancingApplication = {
    id: newId(),
    projectId,
    kato: project.kato,
    route: input.route,
    status: 'submitted',
    amount: input.amount,
    documents: input.documents ?? [],
    projectTitle: project.title.ru,
    akimatName: project.akimat.name.ru,
    firstSubmittedAt: at,
    submittedAt: at,
    disbursements: [],
    disbursedAmount: '0',
    history: [{ action: 'submit', at, by: actor, status: 'submitted', amount: input.amount }],
    applicant: applicantOf(caller, project.akimat.email),
    version: 1,
  };
  const after = projectFinancingOf(app, 'submitted');
  // Registration counted a project without a financing amount at its value: the move takes that away.
  const before = { ...project.financing, amount: project.financing.amount ?? project.value };
  await deps.applications.submit(app, { projectId, financing: after }, event('financing.submitted', app, actor, at, factsOf(app, before, after)));
  return app;
};

/** Loads an application the caller may read; 404 when it does not exist, 403 when it is not the caller's. */
export const applicationFor = async (deps: Pick<FinancingDeps, 'applications'>, caller: Caller, id: string): Promise<FinancingApplication> => {
  const app = await deps.applications.get(id);
  if (!app) throw new NotFoundError(`no financing application ${id}`);
  if (!mayRead(caller, app)) throw new ForbiddenError('only the akimat of its region, a financier of its route and the ministry may read this application');
  return app;
};

const decider = async (deps: Pick<FinancingDeps, 'applications'>, caller: Caller, id: string): Promise<FinancingApplication> => {
  const app = await deps.applications.get(id);
  if (!app) throw new NotFoundError(`no financing application ${id}`);
  if (!mayDecide(caller, app.route)) {
    throw new ForbiddenError(app.route === 'budget' ? 'budget applications are decided by the ministry' : `${app.route} applications are decided by a financier of that route`);
  }
  return app;
};

export interface DecisionInput {
  readonly decision: Decision;
  readonly amount?: string;
  readonly text: string;
}

/** A financier of the route (the ministry for `budget`) approves, rejects or returns a submitted application. */
export const decideApplication = async (deps: Pick<FinancingDeps, 'applications'>, caller: Caller, id: string, input: DecisionInput): Promise<FinancingApplication> => {
  const current = await decider(deps, caller, id);
  const now = clockNow();
  const action = DECISION_ACTION[input.decision];
  assertAllowed(action, current, now);
  if (input.amount !== undefined && input.decision !== 'approved') {
    throw new ValidationError([{ path: 'amount', message: 'an amount is given with an approval only' }]);
  }
  if (input.amount !== undefined && (compareMoney(input.amount, '0') <= 0 || compareMoney(input.amount, current.amount) > 0)) {
    throw new ValidationError([{ path: 'amount', message: `must be more than zero and at most the requested ${current.amount}` }]);
  }
  const at = now.toISOString();
  const actor = actorOf(caller);
  const approvedAmount = input.decision === 'approved' ? (input.amount ?? current.amount) : undefined;
  const next: FinancingApplication = {
    ...current,
    status: input.decision,
    decision: { decision: input.decision, ...(approvedAmount ? { amount: approvedAmount } : {}), text: input.text, at, by: actor },
    ...(approvedAmount ? { approvedAmount } : {}),
    history: [...current.history, { action, at, by: actor, status: input.decision, ...(approvedAmount ? { amount: approvedAmount } : {}), text: input.text }],
    version: current.version + 1,
  };
  const before = projectFinancingOf(current, current.status);
  const after = projectFinancingOf(next, next.status);
  await deps.applications.transition(
    action,
    next,
    current.version,
    { projectId: current.projectId, financing: after, ...(input.decision === 'rejected' ? { release: true } : {}) },
    event('financing.decided', next, actor, at, {
      ...factsOf(next, before, after),
      decision: input.decision,
      projectTitle: current.projectTitle,
      ...(current.applicant?.email ? { applicant: { email: current.applicant.email } } : {}),
      ...(approvedAmount ? { approvedAmount } : {}),
      text: input.text,
      decidedAt: at,
      workingDays: workingDaysFrom(current.submittedAt, at),
    }),
  );
  return next;
};

/** The akimat of the region resubmits a returned application, possibly with a new amount and documents. */
export const resubmitApplication = async (
  deps: Pick<FinancingDeps, 'applications'>,
  caller: Caller,
  id: string,
  input: { amount?: string; documents?: readonly ApplicationDocument[]; text?: string },
): Promise<FinancingApplication> => {
  const current = await deps.applications.get(id);
  if (!current) throw new NotFoundError(`no financing application ${id}`);
  if (caller.role !== 'akimat' || caller.kato !== current.kato) throw new ForbiddenError('an application is resubmitted by the akimat of its region');
  const now = clockNow();
  assertAllowed('resubmit', current, now);
  if (input.amount !== undefined && compareMoney(input.amount, '0') <= 0) throw new ValidationError([{ path: 'amount', message: 'must be more than zero' }]);
  const at = now.toISOString();
  const actor = actorOf(caller);
  const amount = input.amount ?? current.amount;
  const next: FinancingApplication = {
    ...current,
    status: 'submitted',
    amount,
    documents: input.documents ?? current.documents,
    submittedAt: at,
    history: [...current.history, { action: 'resubmit', at, by: actor, status: 'submitted', amount, ...(input.text ? { text: input.text } : {}) }],
    applicant: applicantOf(caller, current.applicant?.email),
    version: current.version + 1,
  };
  const before = projectFinancingOf(current, current.status);
  const after = projectFinancingOf(next, next.status);
  await deps.applications.transition('resubmit', next, current.version, { projectId: current.projectId, financing: after }, event('financing.resubmitted', next, actor, at, factsOf(next, before, after)));
  return next;
};

/** A financier of the route (the ministry for `budget`) records a disbursement; the total stays within the approval. */
export const recordDisbursement = async (
  deps: Pick<FinancingDeps, 'applications'>,
  caller: Caller,
  id: string,
  input: { amount: string; date: string },
): Promise<FinancingApplication> => {
  const current = await decider(deps, caller, id);
  const now = clockNow();
  assertAllowed('disburse', current, now);
  if (compareMoney(input.amount, '0') <= 0) throw new ValidationError([{ path: 'amount', message: 'must be more than zero' }]);
  const disbursedAmount = addMoney(current.disbursedAmount, input.amount);
  if (compareMoney(disbursedAmount, current.approvedAmount ?? current.amount) > 0) {
    throw new ConflictError(`disbursements would exceed the approved ${current.approvedAmount}: ${current.disbursedAmount} disbursed so far`);
  }
  const at = now.toISOString();
  if (input.date > almatyDate(now)) {
    throw new ValidationError([{ path: 'date', message: 'a disbursement is recorded once made: the date may not be in the future' }]);
  }
  const actor = actorOf(caller);
  const next: FinancingApplication = {
    ...current,
    disbursements: [...current.disbursements, { amount: input.amount, date: input.date, recordedAt: at, by: actor }],
    disbursedAmount,
    history: [...current.history, { action: 'disburse', at, by: actor, status: current.status, amount: input.amount }],
    version: current.version + 1,
  };
  const financing = projectFinancingOf(current, current.status);
  await deps.applications.transition(
    'disburse',
    next,
    current.version,
    undefined,
    event('financing.disbursed', next, actor, at, {
      ...factsOf(next, financing, financing),
      disbursement: { amount: input.amount, date: input.date },
      first: current.disbursements.length === 0,
      workingDaysFromSubmission: workingDaysFrom(current.firstSubmittedAt, at),
    }),
  );
  return next;
};

/**
 * Lists applications: a financier those of its route; an akimat those of its region; the ministry all. Naming another
 * route (financier) or region (akimat) is 403.
 */
export const listApplications = async (
  deps: Pick<FinancingDeps, 'applications'>,
  caller: Caller,
  filter: FinancingFilter,
  page: { limit: number; cursor?: string },
): Promise<Page<FinancingApplication>> => {
  let { region, route } = filter;
  if (caller.role === 'financier') {
    if (!caller.route) throw new ForbiddenError('this financier account names no route');
    if (route !== undefined && route !== caller.route) throw new ForbiddenError(`a financier lists the applications of its route (${caller.route})`);
    route = caller.route;
  } else if (caller.role === 'akimat') {
    if (!caller.kato) throw new ForbiddenError('this akimat account names no region');
    if (region !== undefined && region !== caller.kato) throw new ForbiddenError('an akimat lists the applications of its own region');
    region = caller.kato;
  } else if (caller.role !== 'ministry') {
    throw new ForbiddenError('financing applications are listed by akimats, financiers and the ministry');
  }
  return deps.applications.list({ ...(region ? { region } : {}), ...(route ? { route } : {}), ...(filter.status ? { status: filter.status } : {}) }, page);
};

/** An application as the API shows it. */
export const applicationView = (app: FinancingApplication) => {
  // The applicant's address is for the decision email only, like a contract official's.
  const { version: _version, applicant: _applicant, ...view } = app;
  return view;
};
