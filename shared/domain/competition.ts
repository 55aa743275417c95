/**
 * Competitions (tenders), their bids and questions, after Prozorro and OCDS: the statuses and the shapes. Which
 * action may move a competition from which status, and when, is the table in `competition-lifecycle.ts`.
 */
import type { BidDocumentRef, TenderDocumentType } from './documents.js';
import type { LocalizedName } from './regions.js';
import type { Sector } from './sectors.js';
import type { Signer } from './signing.js';

export const COMPETITION_STATUSES = [
  'draft',
  'active.clarification',
  'active.tendering',
  'active.evaluation',
  'active.awarded',
  'complete',
  'unsuccessful',
  'cancelled',
] as const;
export type CompetitionStatus = (typeof COMPETITION_STATUSES)[number];

/** Statuses visible to the public (everything but drafts). */
export const PUBLIC_STATUSES = COMPETITION_STATUSES.filter((s) => s !== 'draft');

export const CANCELLATION_REASONS = [
  'noNeed',
  'fundingUnavailable',
  'documentationErrors',
  'legalViolation',
  'forceMajeure',
] as const;
export type CancellationReason = (typeof CANCELLATION_REASONS)[number];

export interface Period {
  readonly startDate: string;
  readonly endDate: string;
}

export type CompetitionTitle = Partial<LocalizedName> & { readonly ru: string };

export interface Competition {
  readonly id: string;
  readonly projectId: string;
  readonly kato: string;
  readonly sector: Sector;
  readonly title: CompetitionTitle;
  readonly description?: string;
  /** Tenge, decimal string. */
  readonly estimatedValue: string;
  /** The stored status; `effectiveStatus` adds what the clock has decided since. */
  readonly status: CompetitionStatus;
  /** 1 for the draft; +1 for every amendment after publication. */
  readonly version: number;
  /** Bids submitted against a lower version were invalidated by an amendment during tendering. */
  readonly bidsValidFromVersion: number;
  readonly enquiryPeriod?: Period;
  readonly tenderPeriod?: Period;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly publishedAt?: string;
  readonly bidsOpenedAt?: string;
  readonly cancellation?: { readonly reason: CancellationReason; readonly at: string };
  readonly award?: Award;
  /** Awards cancelled by a satisfied complaint, oldest first (the open data keeps them). */
  readonly cancelledAwards?: readonly Award[];
  /** When a satisfied award complaint reopened evaluation: the review period runs again from here. */
  readonly evaluationReopenedAt?: string;
  /** Codes of the per-sector qualification requirements the akimat set on the draft. */
  readonly qualificationRequirements?: readonly string[];
  /** Bid security as a percentage of the bid price; 1 % when absent. */
  readonly bidSecurity?: BidSecurity;
  /** Bumped by every qualification decision: an award is written only if none happened since its ranking was read. */
  readonly evaluationRevision?: number;
  /** The contract of the current award, once the standstill passed (issue 14). */
  readonly contractId?: string;
  /** Award complaints filed and not decided: while any is pending no contract can be made. */
  readonly pendingAwardComplaints?: number;
  /** When the "last chance" reminder was sent (once). */
  readonly reminderSentAt?: string;
  /** Who created it: the akimat's subject and BIN, for the audit trail. */
  readonly createdBy: string;
  /**
   * The current version of each verified tender document, kept with the competition so that every version snapshot
   * (and the OCDS release built from it) says which documents the terms consisted of.
   */
  readonly documents?: readonly CompetitionDocument[];
}

/** Bid security: a percentage of the bid price (1 % by the Law; 3 % for turnkey construction). */
export interface BidSecurity {
  /** Decimal string, e.g. `"1"` or `"3"`. */
  readonly percent: string;
}

/** The award (Prozorro's `award`): the winner, its price and the standstill during which bidders may complain. */
export interface Award {
  /** `1`, `2`… in the order of the competition's awards; absent on awards made before complaints existed (the first). */
  readonly id?: string;
  readonly bin: string;
  readonly price: string;
  readonly at: string;
  /** The standstill; absent on awards made before complaints existed. */
  readonly complaintPeriod?: Period;
  /** `cancelled` once a satisfied complaint overturned it, or the winner refused (or missed) to sign the contract. */
  readonly status?: 'active' | 'cancelled';
  /** Why a cancelled award was cancelled, when not by a complaint: the winner did not sign its contract. */
  readonly cancellation?: { readonly reason: 'contractRefused' | 'signingDeadlineMissed'; readonly at: string; readonly contractId: string };
  /** Who signed the award for the akimat, and the evaluation protocol's document. */
  readonly signer?: Signer;
  readonly protocolDocumentId?: string;
}

/** A tender document's current version, as the competition (and its OCDS release) lists it. */
export interface CompetitionDocument {
  readonly id: string;
  readonly documentType: TenderDocumentType;
  readonly title: string;
  readonly language?: string;
  readonly fileName: string;
  readonly contentType: string;
  readonly size: number;
  readonly sha256: string;
  readonly version: number;
  readonly datePublished: string;
  readonly dateModified: string;
}

export interface Bid {
  readonly competitionId: string;
  readonly bin: string;
  /** Tenge, decimal string. */
  readonly price: string;
  /** The competition version the bid was (re)confirmed against. */
  readonly competitionVersion: number;
  readonly submittedAt: string;
  readonly receiptId: string;
  /** The bid's envelopes: the caller's verified bid documents it carries (their SHA-256 is in the receipt digest). */
  readonly documents?: readonly BidDocumentRef[];
  /** Who signed the bid (absent on unsigned bids: historical data, or a pilot that relaxed the requirement). */
  readonly signer?: Signer;
  /** The detached CMS signature as submitted (base64 DER), kept as the legal record. */
  readonly signature?: string;
}

/** A bid counts only if it was confirmed after the last amendment made during tendering. */
export const isBidValid = (bid: Bid, c: Pick<Competition, 'bidsValidFromVersion'>): boolean =>
  bid.competitionVersion >= c.bidsValidFromVersion;

/** The bidders whose award was cancelled because they refused (or failed) to sign the contract: out of the running. */
export const refusedBidders = (c: Partial<Pick<Competition, 'cancelledAwards'>>): ReadonlySet<string> =>
  new Set((c.cancelledAwards ?? []).filter((a) => a.cancellation).map((a) => a.bin));

export interface Question {
  readonly id: string;
  readonly competitionId: string;
  readonly text: string;
  readonly askedAt: string;
  /** The asker; never shown to anyone but the asker. */
  readonly askerBin: string;
  readonly answer?: { readonly text: string; readonly at: string };
}
