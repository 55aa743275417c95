/**
 * Wire shapes of the API responses the portal reads: the output types of the response schemas the routes declare
 * (`shared/http/routes/`), the same ones `GET /openapi.json` publishes and the integration tests hold every response
 * to. Type-only imports: nothing of the schemas reaches the portal's bundle.
 */
import type * as z from 'zod/mini';
import type {
  auditPageResponse,
  bidReceiptResponse,
  competitionViewSchema,
  openedBidsResponse,
  ownBidResponse,
  ownBidsResponse,
  questionViewSchema,
} from '../../shared/schemas/competitions.js';
import type { contractorViewResponse } from '../../shared/schemas/contractors.js';
import type { contractSchema } from '../../shared/schemas/contracts.js';
import type {
  complaintListResponse,
  complaintQueueResponse,
  disqualificationReasonsResponse,
  evaluationResponse,
  qualificationRequirementsResponse,
  registerEntrySchema,
  registerPageResponse,
} from '../../shared/schemas/evaluation.js';
import type { kpiResponse, overdueResponse, publicSummaryResponse, regionsResponse, summaryResponse } from '../../shared/schemas/monitoring.js';
import type { projectViewSchema } from '../../shared/schemas/projects.js';
import type { implementationResponse, overdueMilestonesResponse } from '../../shared/schemas/implementation.js';
import type { applicationSchema, financingMonitoringResponse, redFlagSummaryResponse, redFlagsResponse, waitingResponse } from '../../shared/schemas/financing.js';

type ItemOf<S extends z.ZodMiniType> = z.output<S> extends { items: (infer I)[] } ? I : never;

export type Competition = z.output<typeof competitionViewSchema>;
export type Question = z.output<typeof questionViewSchema>;
export type Project = z.output<typeof projectViewSchema>;
export type Contractor = z.output<typeof contractorViewResponse>;
/** The receipt of `PUT …/bids/me`; `GET …/bids/me` adds whether an amendment invalidated the bid. */
export type Receipt = z.output<typeof bidReceiptResponse> & Partial<Pick<z.output<typeof ownBidResponse>, 'status'>>;
export type OwnBid = ItemOf<typeof ownBidsResponse>;
export type OpenedBid = ItemOf<typeof openedBidsResponse>;
export type AuditEvent = ItemOf<typeof auditPageResponse>;

export type EvaluationView = z.output<typeof evaluationResponse>;
export type EvaluatedBid = EvaluationView['bids'][number];
export type Complaint = ItemOf<typeof complaintListResponse>;
export type QueuedComplaint = ItemOf<typeof complaintQueueResponse>;
export type DisqualificationReason = ItemOf<typeof disqualificationReasonsResponse>;
export type QualificationRequirement = ItemOf<typeof qualificationRequirementsResponse>;
export type RegisterEntry = z.output<typeof registerEntrySchema>;
export type RegisterPage = z.output<typeof registerPageResponse>;

export type SummaryView = z.output<typeof summaryResponse>;
export type RegionsView = z.output<typeof regionsResponse>;
export type Band = RegionsView['regions'][number]['band'];
export type OverdueView = z.output<typeof overdueResponse>;
export type OverdueItem = OverdueView['items'][number];
export type KpiView = z.output<typeof kpiResponse>;
export type PublicSummary = z.output<typeof publicSummaryResponse>;
/** A contract (issue 14). */
export type Contract = z.output<typeof contractSchema>;

export type FinancingApplication = z.output<typeof applicationSchema>;
export type FinancingSpeedView = z.output<typeof financingMonitoringResponse>;
export type WaitingView = z.output<typeof waitingResponse>;
export type RedFlagsView = z.output<typeof redFlagsResponse>;
export type RedFlagSummaryView = z.output<typeof redFlagSummaryResponse>;
export type ImplementationView = z.output<typeof implementationResponse>;
export type OverdueMilestonesView = z.output<typeof overdueMilestonesResponse>;
