/**
 * Contact-centre inquiries in the portal: the API's views of an inquiry, and the access tokens of the inquiries
 * filed from this browser (kept in localStorage, so the link of the answer email, which names no token, opens here).
 */
import { INQUIRY_STATUSES, INQUIRY_TEXT_MAX, INQUIRY_TOPICS, MINISTRY, type InquiryStatus, type InquiryTopic } from '../../shared/domain/inquiry.js';
import type { Lang } from '../../shared/domain/regions.js';
import type { Role } from './session.js';

export { INQUIRY_STATUSES, INQUIRY_TEXT_MAX, INQUIRY_TOPICS, MINISTRY };
export type { InquiryStatus, InquiryTopic };

/** What the inquirer sees with its access token (`GET /inquiries/{id}?token=`). */
export interface InquiryPublic {
  readonly id: string;
  readonly topic: InquiryTopic;
  readonly kato?: string;
  readonly text: string;
  readonly competitionId?: string;
  readonly projectId?: string;
  /** A top-level KATO code (that akimat answers) or `ministry`. */
  readonly routedTo: string;
  readonly status: InquiryStatus;
  readonly filedAt: string;
  readonly dueAt: string;
  readonly overdue: boolean;
  readonly takenAt?: string;
  readonly answer?: { readonly text: string; readonly at: string };
}

export interface FiledInquiry extends InquiryPublic {
  /** Shown once, at filing. */
  readonly accessToken: string;
}

/** What the responsible akimat and the ministry see (`GET /inquiries`, `/inquiries/{id}/case`). */
export interface InquiryStaff extends Omit<InquiryPublic, 'answer'> {
  readonly contact: { readonly name: string; readonly email?: string; readonly phone?: string };
  readonly language: Lang;
  readonly takenBy?: { readonly sub: string; readonly role: Role };
  readonly answer?: { readonly text: string; readonly at: string; readonly by: { readonly sub: string; readonly role: Role } };
}

const KEY = 'konkurs.inquiries';
/** The newest tokens are kept; older ones still work through their links. */
const KEPT = 50;

const stored = (): Record<string, string> => {
  try {
    const value = JSON.parse(localStorage.getItem(KEY) ?? '{}') as unknown;
    return value && typeof value === 'object' ? (value as Record<string, string>) : {};
  } catch {
    return {};
  }
};

/** Remembers the access token of an inquiry filed (or opened with its link) in this browser. */
export const rememberInquiryToken = (id: string, token: string): void => {
  const entries = Object.entries(stored()).filter(([key]) => key !== id);
  localStorage.setItem(KEY, JSON.stringify(Object.fromEntries([...entries.slice(-(KEPT - 1)), [id, token]])));
};

export const rememberedInquiryToken = (id: string): string | undefined => stored()[id];

/** The portal link with which the inquirer follows its inquiry. */
export const followLink = (id: string, token: string): string =>
  `${location.origin}/inquiries/${encodeURIComponent(id)}?token=${encodeURIComponent(token)}`;
