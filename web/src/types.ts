/** Wire shapes of the API responses the portal reads (see the API's `/openapi.json`). */
import type { CompetitionStatus } from '../../shared/domain/competition.js';
import type { Lang } from '../../shared/domain/regions.js';

export interface Period {
  readonly startDate: string;
  readonly endDate: string;
}

export type Title = Partial<Record<Lang, string>> & { readonly ru: string };

export interface Competition {
  readonly id: string;
  readonly projectId: string;
  readonly kato: string;
  readonly sector: string;
  readonly title: Title;
  readonly description?: string;
  readonly estimatedValue: string;
  readonly status: CompetitionStatus;
  readonly version: number;
  readonly bidsValidFromVersion: number;
  readonly enquiryPeriod?: Period;
  readonly tenderPeriod?: Period;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly publishedAt?: string;
  readonly bidsOpenedAt?: string;
  readonly bidsOpened?: boolean;
  readonly cancellation?: { readonly reason: string; readonly at: string };
  readonly award?: { readonly bin: string; readonly price: string; readonly at: string };
  /** Present once the open-data (OCDS) routes publish the competition. */
  readonly ocid?: string;
}

export interface Question {
  readonly id: string;
  readonly text: string;
  readonly askedAt: string;
  readonly answer?: { readonly text: string; readonly at: string };
}

export interface Project {
  readonly id: string;
  readonly kato: string;
  readonly sector: string;
  readonly title: Record<Lang, string>;
  readonly value: string;
  readonly approvalDate: string;
  readonly plannedPublicationDate: string;
  readonly stage: string;
  readonly readiness: string;
  readonly financing: { readonly route: string; readonly status: string; readonly amount?: string };
  readonly competitionId?: string;
}

export interface Contractor {
  readonly bin: string;
  readonly name: string;
  readonly email: string;
  readonly language: Lang;
  readonly status: 'pending' | 'verified';
  readonly subscriptions: readonly { kato: string; sector: string }[];
  readonly registeredAt: string;
  readonly verifiedAt?: string;
}

export interface Receipt {
  readonly receiptId: string;
  readonly competitionId: string;
  readonly bin: string;
  readonly price: string;
  readonly competitionVersion: number;
  readonly submittedAt: string;
  readonly deadline: string;
  readonly digest: string;
  readonly status?: 'submitted' | 'invalidated';
  /** Who signed the bid (absent on unsigned historical bids). */
  readonly signer?: { readonly commonName: string; readonly certificateSerial: string; readonly issuer: string };
  readonly signatureSha256?: string;
}

export interface OwnBid {
  readonly competitionId: string;
  readonly price: string;
  readonly submittedAt: string;
  readonly status: 'submitted' | 'invalidated';
  readonly title?: Title;
  readonly competitionStatus?: CompetitionStatus;
  readonly deadline?: string;
}

export interface OpenedBid {
  readonly bin: string;
  readonly price: string;
  readonly submittedAt: string;
  readonly valid: boolean;
  /** Who signed the bid (absent on unsigned historical bids). */
  readonly signer?: { readonly commonName: string; readonly certificateSerial: string; readonly issuer: string };
}

export interface AuditEvent {
  readonly eventId: string;
  readonly type: string;
  readonly at: string;
  readonly actor: { readonly role?: string; readonly sub?: string; readonly system?: string };
  readonly data?: Record<string, unknown>;
  readonly before?: Record<string, unknown>;
  readonly after?: Record<string, unknown>;
}

export interface CountAndAmount {
  readonly count: number;
  readonly amount: string;
}

type Names = Record<Lang, string>;

export interface RegionRef {
  readonly kato: string;
  readonly iso: string;
  readonly name: Names;
}

export interface Publication {
  readonly published: number;
  readonly onSchedule: number;
  readonly onScheduleShare: number | null;
  readonly medianDays: number | null;
  readonly meanDays: number | null;
}

export interface Headline {
  readonly projects: { readonly total: number; readonly byStage: Record<string, number> };
  readonly value: { readonly total: string; readonly byStage: Record<string, string> };
  readonly financing: { readonly approved: CountAndAmount; readonly byRoute: Record<string, Record<string, CountAndAmount>> };
  readonly kos: { readonly ready: number; readonly underRevision: number; readonly inPreparation: number };
  readonly publication: Publication;
  readonly inquiries: { readonly total: number; readonly byStatus?: Record<string, number> };
}

/** `GET /monitoring/summary`. */
export interface SummaryView {
  readonly asOf: string;
  readonly updatedAt?: string;
  readonly national: Headline & { readonly contractors: { readonly registered: number; readonly verified: number; readonly medianVerificationHours: number | null } };
  readonly regions: readonly (Headline & RegionRef)[];
}

export type Band = 'green' | 'amber' | 'red';

/** `GET /monitoring/regions`. */
export interface RegionsView {
  readonly asOf: string;
  readonly updatedAt?: string;
  readonly method: {
    readonly formula: string;
    readonly weights: Record<string, number>;
    readonly thresholds: { readonly green: number; readonly amber: number };
    readonly speedDays?: { readonly best: number; readonly worst: number };
  };
  readonly regions: readonly (RegionRef & {
    readonly rank: number;
    readonly score: number;
    readonly band: Band;
    readonly components: { readonly progress: number; readonly onSchedule: number; readonly speed: number; readonly financing: number };
    readonly projects: number;
    readonly byStage: Record<string, number>;
    readonly value: string;
    readonly published: number;
    readonly onSchedule: number;
    readonly onScheduleShare: number | null;
    readonly medianDays: number | null;
    readonly meanDays: number | null;
    readonly financingApproved: CountAndAmount;
    readonly kos: { readonly ready: number; readonly underRevision: number };
    readonly inquiries: number;
  })[];
}

export interface OverdueItem {
  readonly projectId: string;
  readonly kato: string;
  readonly region: Names;
  readonly sector: string;
  readonly title: Names;
  readonly value: string;
  readonly approvalDate: string;
  readonly plannedPublicationDate: string;
  readonly daysOverdue: number;
  readonly akimat: Names;
  readonly official: { readonly name: string; readonly position: string };
}

/** `GET /monitoring/overdue`. */
export interface OverdueView {
  readonly asOf: string;
  readonly items: readonly OverdueItem[];
  readonly cursor?: string;
}

export interface KpiRow {
  readonly plannedToDate: number;
  readonly publishedToDate: number;
  readonly onSchedule: number;
  readonly behind: number;
  readonly execution: number | null;
  readonly plannedTotal: number;
}

/** `GET /monitoring/kpi`. */
export interface KpiView {
  readonly asOf: string;
  readonly month: string;
  readonly updatedAt?: string;
  readonly national: KpiRow & {
    readonly months: readonly { month: string; planned: number; published: number; plannedCumulative: number; publishedCumulative: number }[];
  };
  readonly regions: readonly (RegionRef & KpiRow)[];
}

/** `GET /public/summary`. */
export interface PublicSummary {
  readonly asOf: string;
  readonly updatedAt?: string;
  readonly national: {
    readonly projects: { readonly total: number; readonly byStage: Record<string, number> };
    readonly value: { readonly total: string; readonly byStage: Record<string, string> };
    readonly financing?: { readonly approved: CountAndAmount };
    readonly kos?: { readonly ready: number; readonly underRevision: number; readonly inPreparation: number };
    readonly publication?: Publication;
    readonly contractors?: { readonly registered: number; readonly verified: number };
    readonly inquiries?: { readonly total: number; readonly answered: number };
  };
  readonly regions: readonly (RegionRef & {
    readonly projects: { readonly total: number; readonly byStage: Record<string, number> };
    readonly value: string;
    readonly rating: { readonly rank: number; readonly score: number; readonly band: Band };
  })[];
}
