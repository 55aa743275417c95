/**
 * The contact centre: anyone files an inquiry and follows it with a private access token; the responsible party (the
 * akimat of its region for regional topics, else the ministry) takes it and answers it; the ministry reads them all.
 * No AWS here: storage is the `InquiryStore` port, whose conditional writes keep the status flow under concurrency.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { now as clockNow } from '../clock.js';
import { makeEvent, type Actor, type DomainEvent, type EventPayloads, type EventTypeOf } from '../domain/events.js';
import { newId } from '../domain/ids.js';
import {
  isOverdue,
  isResponsibleFor,
  mayReadInquiry,
  MINISTRY,
  responseDeadline,
  routeInquiry,
  type Inquiry,
  type InquiryContact,
  type InquiryStatus,
  type InquiryTopic,
} from '../domain/inquiry.js';
import type { Lang } from '../domain/regions.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../errors.js';
import type { Caller } from '../http/identity.js';
import type { Page } from '../adapters/pagination.js';

export interface InquiryFilter {
  /** The responsible party (`INQUIRIES#<routedTo>`); all inquiries when absent. */
  readonly routedTo?: string;
  readonly status?: InquiryStatus;
}

export interface InquiryStore {
  /** Stores a new inquiry with its `inquiry.filed` event. */
  file(inquiry: Inquiry, event: DomainEvent): Promise<void>;
  get(id: string): Promise<Inquiry | undefined>;
  /** `new` → `in-progress`, only while it is new and still routed to `routedTo`; ConflictError otherwise. */
  take(next: Inquiry, event: DomainEvent): Promise<void>;
  /** `in-progress` → `answered`, only once and only while routed to `routedTo`; ConflictError otherwise. */
  answer(next: Inquiry, event: DomainEvent): Promise<void>;
  /** Newest first within each status: `new`, then `in-progress`, then `answered`. */
  list(filter: InquiryFilter, page: { limit: number; cursor?: string }): Promise<Page<Inquiry>>;
}

export interface InquiryDeps {
  readonly inquiries: InquiryStore;
  /** Working days to answer (configuration). */
  readonly responseWorkingDays: number;
}

export interface FileInquiryInput {
  readonly topic: InquiryTopic;
  readonly kato?: string;
  readonly text: string;
  readonly contact: InquiryContact;
  readonly language?: Lang;
  readonly competitionId?: string;
  readonly projectId?: string;
}

/** SHA-256 (base64url) of an access token: the only form in which tokens are stored. */
export const hashAccessToken = (token: string): string => createHash('sha256').update(token).digest('base64url');

const event = <T extends EventTypeOf<'inquiry'>>(type: T, inquiry: Inquiry, actor: Actor, at: string, data: EventPayloads[T]): DomainEvent =>
  makeEvent<EventTypeOf<'inquiry'>>(type, { at, actor, subject: { kind: 'inquiry', id: inquiry.id }, data });

/** What the inquirer sees with its token: the status and the answer, without contact data or officials' ids. */
export const inquiryPublicView = (i: Inquiry, now: Date = clockNow()) => ({
  id: i.id,
  topic: i.topic,
  ...(i.kato ? { kato: i.kato } : {}),
  text: i.text,
  ...(i.competitionId ? { competitionId: i.competitionId } : {}),
  ...(i.projectId ? { projectId: i.projectId } : {}),
  routedTo: i.routedTo,
  status: i.status,
  filedAt: i.filedAt,
  dueAt: i.dueAt,
  overdue: isOverdue(i, now),
  ...(i.takenAt ? { takenAt: i.takenAt } : {}),
  ...(i.answer ? { answer: { text: i.answer.text, at: i.answer.at } } : {}),
});

/** What the responsible party and the ministry see: everything but the token hash. */
export const inquiryStaffView = (i: Inquiry, now: Date = clockNow()) => ({
  ...inquiryPublicView(i, now),
  contact: i.contact,
  language: i.language,
  ...(i.takenBy ? { takenBy: i.takenBy } : {}),
  ...(i.answer ? { answer: i.answer } : {}),
});

/**
 * Files an inquiry: routes it, sets its response deadline in working days and returns it with the access token (shown
 * to the inquirer once; only its hash is stored).
 */
export const fileInquiry = async (deps: InquiryDeps, input: FileInquiryInput): Promise<{ inquiry: Inquiry; accessToken: string }> => {
  const now = clockNow();
  const filedAt = now.toISOString();
  const accessToken = randomBytes(32).toString('base64url');
  const inquiry: Inquiry = {
    id: newId(),
    topic: input.topic,
    ...(input.kato ? { kato: input.kato } : {}),
    text: input.text,
    contact: input.contact,
    language: input.language ?? 'ru',
    ...(input.competitionId ? { competitionId: input.competitionId } : {}),
    ...(input.projectId ? { projectId: input.projectId } : {}),
    routedTo: routeInquiry(input.topic, input.kato),
    status: 'new',
    filedAt,
    dueAt: responseDeadline(now, deps.responseWorkingDays).toISOString(),
    accessTokenHash: hashAccessToken(accessToken),
  };
  // Monitoring counts inquiries from these fields; `kato` is null for national questions.
  await deps.inquiries.file(
    inquiry,
    event('inquiry.filed', inquiry, { system: 'contact-centre' }, filedAt, {
      kato: inquiry.kato ?? null,
      topic: inquiry.topic,
      filedAt,
      routedTo: inquiry.routedTo,
      dueAt: inquiry.dueAt,
    }),
  );
  return { inquiry, accessToken };
};

/** The inquiry named by `id` if `token` is its access token; an unknown id and a wrong token are the same 404. */
export const inquiryForToken = async (deps: Pick<InquiryDeps, 'inquiries'>, id: string, token: string): Promise<Inquiry> => {
  const inquiry = await deps.inquiries.get(id);
  const expected = Buffer.from(inquiry?.accessTokenHash ?? '', 'utf8');
  const given = Buffer.from(hashAccessToken(token), 'utf8');
  if (!inquiry || expected.length !== given.length || !timingSafeEqual(expected, given)) {
    throw new NotFoundError(`no inquiry ${id} with this token`);
  }
  return inquiry;
};

/** The inquiry in full, for its responsible party or the ministry. */
export const inquiryForStaff = async (deps: Pick<InquiryDeps, 'inquiries'>, caller: Caller, id: string): Promise<Inquiry> => {
  const inquiry = await deps.inquiries.get(id);
  if (!inquiry) throw new NotFoundError(`no inquiry ${id}`);
  if (!mayReadInquiry(caller, inquiry)) throw new ForbiddenError('only the responsible akimat or the ministry may read this inquiry');
  return inquiry;
};

/**
 * Lists inquiries: an akimat its own (routed to its region); the ministry everything, or one responsible party's
 * (`region`: a KATO code or `ministry`).
 */
export const listInquiries = async (
  deps: Pick<InquiryDeps, 'inquiries'>,
  caller: Caller,
  query: { region?: string; status?: InquiryStatus },
  page: { limit: number; cursor?: string },
): Promise<Page<Inquiry>> => {
  let routedTo = query.region;
  if (caller.role === 'akimat') {
    if (!caller.kato) throw new ForbiddenError('this akimat account names no region');
    if (routedTo !== undefined && routedTo !== caller.kato) throw new ForbiddenError('an akimat lists the inquiries of its own region');
    routedTo = caller.kato;
  } else if (caller.role !== 'ministry') {
    throw new ForbiddenError('inquiries are listed by akimats and the ministry');
  }
  return deps.inquiries.list({ ...(routedTo ? { routedTo } : {}), ...(query.status ? { status: query.status } : {}) }, page);
};

/** Loads an inquiry the caller must answer: it exists and is routed to the caller. */
const responsibleInquiry = async (deps: Pick<InquiryDeps, 'inquiries'>, caller: Caller, id: string): Promise<Inquiry> => {
  const inquiry = await deps.inquiries.get(id);
  if (!inquiry) throw new NotFoundError(`no inquiry ${id}`);
  if (!isResponsibleFor(caller, inquiry)) {
    throw new ForbiddenError(
      inquiry.routedTo === MINISTRY
        ? 'this inquiry is answered by the ministry'
        : 'this inquiry is answered by the akimat of its region',
    );
  }
  return inquiry;
};

/** The responsible party takes a new inquiry into work. */
export const takeInquiry = async (deps: Pick<InquiryDeps, 'inquiries'>, caller: Caller, id: string): Promise<Inquiry> => {
  const current = await responsibleInquiry(deps, caller, id);
  if (current.status !== 'new') throw new ConflictError(`only a new inquiry can be taken; this one is ${current.status}`);
  const at = clockNow().toISOString();
  const actor = { sub: caller.sub, role: caller.role };
  const next: Inquiry = { ...current, status: 'in-progress', takenAt: at, takenBy: actor };
  await deps.inquiries.take(
    next,
    event('inquiry.taken', next, actor, at, { kato: next.kato ?? null, topic: next.topic, filedAt: next.filedAt, takenAt: at, routedTo: next.routedTo }),
  );
  return next;
};

/**
 * The responsible party answers an inquiry it has taken, once; the answer is emailed (through the outbox) to the
 * inquirer's address when one was given.
 */
export const answerInquiry = async (deps: Pick<InquiryDeps, 'inquiries'>, caller: Caller, id: string, text: string): Promise<Inquiry> => {
  const current = await responsibleInquiry(deps, caller, id);
  if (current.status === 'answered') throw new ConflictError('this inquiry has been answered');
  if (current.status !== 'in-progress') throw new ConflictError('take the inquiry (POST /inquiries/{id}/take) before answering it');
  const at = clockNow().toISOString();
  const actor = { sub: caller.sub, role: caller.role };
  const next: Inquiry = { ...current, status: 'answered', answer: { text, at, by: actor } };
  const email = current.contact.email;
  // Monitoring counts `kato`, `topic`, `filedAt`, `answeredAt`; the mail relay needs the address, name and answer.
  const facts = { kato: next.kato ?? null, topic: next.topic, filedAt: next.filedAt, answeredAt: at, routedTo: next.routedTo, dueAt: next.dueAt };
  await deps.inquiries.answer(
    next,
    event('inquiry.answered', next, actor, at, email ? { ...facts, email, language: next.language, name: next.contact.name, answer: text } : facts),
  );
  return next;
};
