/**
 * МЭКС projects: what the programme funds. A project enters contractor determination when its competition is
 * published and implementation when the contract is signed by both parties (issue 14).
 */
import type { LocalizedName } from './regions.js';
import type { Sector } from './sectors.js';

export const PROJECT_STAGES = ['selection', 'contractor-determination', 'implementation', 'completed', 'cancelled'] as const;
export type ProjectStage = (typeof PROJECT_STAGES)[number];

/** Development Bank of Kazakhstan and second-tier banks | Kazakhstan Housing Company bond buyback | budget/other. */
export const FINANCING_ROUTES = ['development-bank', 'housing-company', 'budget'] as const;
export type FinancingRoute = (typeof FINANCING_ROUTES)[number];

export const FINANCING_STATUSES = ['approved', 'under-review', 'not-requested'] as const;
export type FinancingStatus = (typeof FINANCING_STATUSES)[number];

/** Readiness of a project for implementation (the КОС figures: ready / under revision). */
export const READINESS = ['ready', 'under-revision', 'in-preparation'] as const;
export type Readiness = (typeof READINESS)[number];

export interface Project {
  readonly id: string;
  /** Top-level KATO region. */
  readonly kato: string;
  readonly sector: Sector;
  readonly title: LocalizedName;
  /** Estimated value in tenge, a decimal string. */
  readonly value: string;
  /** ISO date (YYYY-MM-DD). */
  readonly approvalDate: string;
  /** ISO date the competition is scheduled to be published by. */
  readonly plannedPublicationDate: string;
  readonly stage: ProjectStage;
  readonly readiness: Readiness;
  readonly financing: { readonly route: FinancingRoute; readonly status: FinancingStatus; readonly amount?: string };
  /** The responsible akimat; `email` receives opening summaries. */
  readonly akimat: { readonly name: LocalizedName; readonly bin?: string; readonly email?: string };
  readonly official: { readonly name: string; readonly position: string };
  /** The competition that moved it past selection, once published. */
  readonly competitionId?: string;
  /** ISO timestamp of the competition's publication. */
  readonly publishedAt?: string;
}
