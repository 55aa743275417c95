/**
 * Contractors: organisations registered by BIN that subscribe to regions × sectors and, once their email is verified,
 * ask questions and bid.
 */
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
}

/** Subscriptions without duplicates, in a stable order. */
export const normaliseSubscriptions = (subscriptions: readonly Subscription[]): Subscription[] => {
  const seen = new Map<string, Subscription>();
  for (const s of subscriptions) seen.set(`${s.kato}#${s.sector}`, { kato: s.kato, sector: s.sector });
  return [...seen.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, s]) => s);
};

/** How long a verification link stays valid. */
export const VERIFICATION_TTL_SECONDS = 72 * 3600;
