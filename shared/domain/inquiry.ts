/**
 * Contact-centre inquiries (обращения): anyone asks about the МЭКС programme; the inquiry is routed to the party that
 * must answer it (the akimat of its region for regional topics, otherwise the ministry), which takes it and answers
 * within a response period counted in working days.
 *
 * @module
 */
import type { Role } from './roles.js';
import { addWorkingDays, type WorkingCalendar } from './calendar.js';
import type { Lang } from './regions.js';

export const INQUIRY_TOPICS = ['competition', 'registration', 'financing', 'project', 'other'] as const;
export type InquiryTopic = (typeof INQUIRY_TOPICS)[number];

/** Topics an akimat answers for its region; the rest (financing, other) are national and go to the ministry. */
export const REGIONAL_TOPICS: ReadonlySet<InquiryTopic> = new Set<InquiryTopic>(['competition', 'project', 'registration']);

/** `new` → `in-progress` (taken by the responsible party) → `answered`. */
export const INQUIRY_STATUSES = ['new', 'in-progress', 'answered'] as const;
export type InquiryStatus = (typeof INQUIRY_STATUSES)[number];

/** The `routedTo` of inquiries the ministry answers; otherwise `routedTo` is the KATO code of the answering akimat. */
export const MINISTRY = 'ministry';

/** Response period when the configuration says nothing. */
export const DEFAULT_RESPONSE_WORKING_DAYS = 5;

/** Bounds of the inquirer's text and of the answer, in characters. */
export const INQUIRY_TEXT_MAX = 4000;

export interface InquiryContact {
  readonly name: string;
  readonly email?: string;
  readonly phone?: string;
}

export interface InquiryAnswer {
  readonly text: string;
  readonly at: string;
  readonly by: { readonly sub: string; readonly role: Role };
}

export interface Inquiry {
  /** Time-ordered id (`newId`). */
  readonly id: string;
  readonly topic: InquiryTopic;
  /** Top-level KATO code of the region the inquiry is about; absent for national questions. */
  readonly kato?: string;
  readonly text: string;
  readonly contact: InquiryContact;
  /** The language the answer email is written in. */
  readonly language: Lang;
  readonly competitionId?: string;
  readonly projectId?: string;
  /** The responsible party: a top-level KATO code (that region's akimat) or {@link MINISTRY}. */
  readonly routedTo: string;
  readonly status: InquiryStatus;
  readonly filedAt: string;
  /** The response deadline (ISO 8601 UTC): 18:00 Almaty on the last working day of the response period. */
  readonly dueAt: string;
  readonly takenAt?: string;
  readonly takenBy?: { readonly sub: string; readonly role: Role };
  readonly answer?: InquiryAnswer;
  /** SHA-256 (base64url) of the inquirer's access token; the token itself is never stored. */
  readonly accessTokenHash: string;
}

/**
 * Who must answer an inquiry: the akimat of its region when it names one and the topic is regional (competition,
 * project, registration); otherwise the ministry.
 *
 * @param topic - the inquiry's topic
 * @param kato - the top-level KATO code of its region, if any
 * @returns the region's KATO code or {@link MINISTRY}
 */
export const routeInquiry = (topic: InquiryTopic, kato: string | undefined): string =>
  kato && REGIONAL_TOPICS.has(topic) ? kato : MINISTRY;

/**
 * The response deadline of an inquiry filed at `filedAt`: 18:00 Almaty on the `workingDays`-th working day after the
 * filing date (the filing day itself never counts), skipping weekends and Kazakhstan's holidays.
 *
 * @param filedAt - when the inquiry was filed
 * @param workingDays - the response period (default {@link DEFAULT_RESPONSE_WORKING_DAYS})
 * @param calendar - working-day data; the national calendar by default
 */
export const responseDeadline = (
  filedAt: Date,
  workingDays: number = DEFAULT_RESPONSE_WORKING_DAYS,
  calendar?: WorkingCalendar,
): Date => addWorkingDays(filedAt, workingDays, calendar);

/**
 * Whether an inquiry is overdue at `now`: still unanswered after its response deadline. An answered inquiry is never
 * overdue (whether it was answered late is `answer.at > dueAt`).
 */
export const isOverdue = (inquiry: Pick<Inquiry, 'status' | 'dueAt'>, now: Date): boolean =>
  inquiry.status !== 'answered' && now.getTime() > Date.parse(inquiry.dueAt);

/** The fields of a caller that decide what it may do with an inquiry. */
export interface InquiryActor {
  readonly role: Role;
  readonly kato?: string;
}

/** Whether `caller` is the responsible party of the inquiry: the one that takes and answers it. */
export const isResponsibleFor = (caller: InquiryActor, inquiry: Pick<Inquiry, 'routedTo'>): boolean => {
  if (caller.role === 'ministry') return inquiry.routedTo === MINISTRY;
  return caller.role === 'akimat' && caller.kato !== undefined && caller.kato === inquiry.routedTo;
};

/** Whether `caller` may read the inquiry in full: its responsible party, or the ministry (read-only for the rest). */
export const mayReadInquiry = (caller: InquiryActor, inquiry: Pick<Inquiry, 'routedTo'>): boolean =>
  caller.role === 'ministry' || isResponsibleFor(caller, inquiry);
