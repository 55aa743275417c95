/**
 * Contractors: organisations registered by BIN that subscribe to regions × sectors and, once their email is verified,
 * ask questions and bid.
 */
import { almatyDate } from './calendar.js';
import type { Sector } from './sectors.js';
import type { Lang } from './regions.js';

export const LANGUAGES = ['kk', 'ru', 'en'] as const satisfies readonly Lang[];

export interface Subscription {
  readonly kato: string;
  readonly sector: Sector;
}

export type ContractorStatus = 'pending' | 'verified';

export interface Contractor {
  readonly bin: string;
  readonly name: string;
  readonly email: string;
  readonly language: Lang;
  readonly status: ContractorStatus;
  readonly subscriptions: readonly Subscription[];
  readonly registeredAt: string;
  readonly verifiedAt?: string;
  /** Random token of the one-click unsubscribe link in notification emails. */
  readonly unsubscribeToken?: string;
  /** Set when the contractor unsubscribed from notifications. */
  readonly unsubscribedAt?: string;
  /** When the last verification email was requested (registration or resend); the resend limits count from it. */
  readonly verificationSentAt?: string;
  /** The Almaty date `verificationResends` counts for. */
  readonly verificationResendDay?: string;
  /** Resends on `verificationResendDay`. */
  readonly verificationResends?: number;
  /** SHA-256 of the current verification token, so a resend retires the previous link. */
  readonly verificationTokenHash?: string;
}

/** Subscriptions without duplicates, in a stable order. */
export const normaliseSubscriptions = (subscriptions: readonly Subscription[]): Subscription[] => {
  const seen = new Map<string, Subscription>();
  for (const s of subscriptions) seen.set(`${s.kato}#${s.sector}`, { kato: s.kato, sector: s.sector });
  return [...seen.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, s]) => s);
};

/** How long a verification link stays valid. */
export const VERIFICATION_TTL_SECONDS = 72 * 3600;

/** A verification email may be resent once a minute… */
export const RESEND_INTERVAL_SECONDS = 60;
/** …and this many times per Almaty day. */
export const RESENDS_PER_DAY = 10;

const ALMATY_OFFSET = '+05:00';

/** The resend counters after one more resend at `now`, or how long to wait first. */
export type ResendDecision =
  | { readonly allowed: true; readonly day: string; readonly resends: number }
  | { readonly allowed: false; readonly retryAfterSeconds: number; readonly reason: 'interval' | 'daily' };

/**
 * Whether a pending contractor may have its verification email resent at `now`: at most once per
 * {@link RESEND_INTERVAL_SECONDS} since the last email (registration included) and {@link RESENDS_PER_DAY} times per
 * Almaty day. Storage enforces the same limits with a condition on the counters this returns.
 */
export const resendDecision = (
  c: Pick<Contractor, 'registeredAt' | 'verificationSentAt' | 'verificationResendDay' | 'verificationResends'>,
  now: Date,
): ResendDecision => {
  const last = Date.parse(c.verificationSentAt ?? c.registeredAt);
  const wait = Math.ceil((last + RESEND_INTERVAL_SECONDS * 1000 - now.getTime()) / 1000);
  if (wait > 0) return { allowed: false, retryAfterSeconds: Math.min(wait, RESEND_INTERVAL_SECONDS), reason: 'interval' };
  const day = almatyDate(now);
  const resends = c.verificationResendDay === day ? (c.verificationResends ?? 0) : 0;
  if (resends >= RESENDS_PER_DAY) {
    const nextDay = new Date(Date.parse(`${day}T00:00:00${ALMATY_OFFSET}`) + 86_400_000);
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((nextDay.getTime() - now.getTime()) / 1000)), reason: 'daily' };
  }
  return { allowed: true, day, resends: resends + 1 };
};
