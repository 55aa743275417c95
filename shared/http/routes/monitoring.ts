/**
 * Routes of the monitoring function: the ministry's views of the МЭКС programme, each also as a CSV download, and the
 * public summary.
 */
import { defineRoute } from '../route.js';
import {
  kpiResponse,
  monitoringQuery,
  overdueQuery,
  overdueResponse,
  publicSummaryResponse,
  regionsResponse,
  summaryResponse,
} from '../../schemas/monitoring.js';
import { implementationResponse, overdueMilestonesQuery, overdueMilestonesResponse } from '../../schemas/implementation.js';
import { financingMonitoringResponse, redFlagSummaryResponse, redFlagsQuery, redFlagsResponse, waitingQuery, waitingResponse } from '../../schemas/financing.js';

const tags = ['monitoring'];
const ministry = ['ministry'] as const;
const csv = (description: string) =>
  ({ status: 200, contentType: 'text/csv', description, headers: { 'Content-Disposition': 'attachment; filename="<view>-<date>.csv"' } }) as const;

export const monitoringRoutes = {
  summary: defineRoute({
    method: 'GET',
    path: '/monitoring/summary',
    auth: ministry,
    summary: 'Programme totals, nationally and per region',
    description:
      'Projects and value by stage, financing by route and status, КОС readiness, publication speed (median days from ' +
      'approval to publication) and share on schedule, contractor registrations and time to verification, inquiries. ' +
      'Kept current from the table stream; reads 21 items however many projects exist. Money: tenge, decimal strings.',
    tags,
    query: monitoringQuery,
    response: { status: 200, schema: summaryResponse },
  }),
  summaryCsv: defineRoute({
    method: 'GET',
    path: '/monitoring/summary.csv',
    auth: ministry,
    summary: 'The summary as CSV (UTF-8 with BOM; headings and region names in `lang`, Russian by default)',
    tags,
    query: monitoringQuery,
    response: csv('The summary, one row per region and one national'),
  }),
  regions: defineRoute({
    method: 'GET',
    path: '/monitoring/regions',
    auth: ministry,
    summary: 'The 20 regions ranked by readiness score, with green/amber/red bands and the scoring method',
    description: 'score = 100 × (0.40 × progress + 0.25 × onSchedule + 0.15 × speed + 0.20 × financing); green ≥ 60, amber ≥ 40.',
    tags,
    query: monitoringQuery,
    response: { status: 200, schema: regionsResponse },
  }),
  regionsCsv: defineRoute({
    method: 'GET',
    path: '/monitoring/regions.csv',
    auth: ministry,
    summary: 'The regions’ rating as CSV (UTF-8 with BOM)',
    tags,
    query: monitoringQuery,
    response: csv('The rating, one row per region'),
  }),
  overdue: defineRoute({
    method: 'GET',
    path: '/monitoring/overdue',
    auth: ministry,
    summary: 'Projects whose planned publication date has passed with nothing published, oldest plan first',
    description: 'With the responsible akimat and official and the days overdue (Almaty dates). Pages of at most 25.',
    tags,
    query: overdueQuery,
    response: { status: 200, schema: overdueResponse },
  }),
  overdueCsv: defineRoute({
    method: 'GET',
    path: '/monitoring/overdue.csv',
    auth: ministry,
    summary: 'One page of overdue projects as CSV (UTF-8 with BOM); the next page is in the `Link` header',
    tags,
    query: overdueQuery,
    response: {
      ...csv('One page of overdue projects'),
      headers: { 'Content-Disposition': 'attachment; filename="mex-overdue-<date>.csv"', Link: 'The next page, when there is one: `<…>; rel="next"`' },
    },
  }),
  kpi: defineRoute({
    method: 'GET',
    path: '/monitoring/kpi',
    auth: ministry,
    summary: 'Publications against the approved schedule to date, nationally (with the monthly series) and per region',
    tags,
    query: monitoringQuery,
    response: { status: 200, schema: kpiResponse },
  }),
  kpiCsv: defineRoute({
    method: 'GET',
    path: '/monitoring/kpi.csv',
    auth: ministry,
    summary: 'The KPI report as CSV (UTF-8 with BOM)',
    tags,
    query: monitoringQuery,
    response: csv('The KPI report, one row per region and one national'),
  }),
  financing: defineRoute({
    method: 'GET',
    path: '/monitoring/financing',
    auth: ministry,
    summary: 'Financing speed per route, nationally and per region: working days to decision and to first disbursement',
    description:
      'Per route (`dbk-banks`, `khc-bonds`, `budget`): applications submitted, awaiting a decision, approved, rejected ' +
      'and returned; amounts approved and disbursed; working days (Almaty calendar) from a submission to its decision ' +
      'and from the first submission to the first disbursement (median and mean). Kept current from the table stream; ' +
      'reads 21 items however many applications exist.',
    tags,
    query: monitoringQuery,
    response: { status: 200, schema: financingMonitoringResponse },
  }),
  financingCsv: defineRoute({
    method: 'GET',
    path: '/monitoring/financing.csv',
    auth: ministry,
    summary: 'The financing speed as CSV (UTF-8 with BOM), one row per route of the nation and of each region',
    tags,
    query: monitoringQuery,
    response: csv('The financing speed'),
  }),
  financingWaiting: defineRoute({
    method: 'GET',
    path: '/monitoring/financing/waiting',
    auth: ministry,
    summary: 'Financing applications awaiting a decision longer than the configured limit (working days), oldest first',
    description: 'Named: the project, the akimat, the route, the amount and the working days waited. Pages of at most 25.',
    tags,
    query: waitingQuery,
    response: { status: 200, schema: waitingResponse },
  }),
  financingWaitingCsv: defineRoute({
    method: 'GET',
    path: '/monitoring/financing/waiting.csv',
    auth: ministry,
    summary: 'One page of the waiting applications as CSV (UTF-8 with BOM); the next page is in the `Link` header',
    tags,
    query: waitingQuery,
    response: {
      ...csv('One page of waiting applications'),
      headers: { 'Content-Disposition': 'attachment; filename="mex-financing-waiting-<date>.csv"', Link: 'The next page, when there is one: `<…>; rel="next"`' },
    },
  }),
  redFlags: defineRoute({
    method: 'GET',
    path: '/monitoring/red-flags',
    auth: ministry,
    summary: 'Red flags of competitions (after prozorro-risks), each with its competition and why',
    description:
      '`single-bidder`, `low-award` (≥ 30 % below the estimate), `high-price` (≥ 99 % of the estimate), ' +
      '`many-amendments` (≥ 3), `repeat-winner` (the same winner of ≥ N competitions in a region in a year), ' +
      '`minimum-period-one-bid`, `value-raised` (a contract amendment raised the value). Computed from the table stream into stored flags; one Query page per request.',
    tags,
    query: redFlagsQuery,
    response: { status: 200, schema: redFlagsResponse },
  }),
  redFlagSummary: defineRoute({
    method: 'GET',
    path: '/monitoring/red-flags/summary',
    auth: ministry,
    summary: 'How many competitions carry each red flag, nationally and in each region',
    description:
      'Counts of the flags `GET /monitoring/red-flags` lists: each competition counts once per flag it carries (a flag ' +
      'raised again by a later event is not counted twice). Kept with the flags from the table stream; reads 21 items ' +
      'however many competitions exist.',
    tags,
    query: monitoringQuery,
    response: { status: 200, schema: redFlagSummaryResponse },
  }),
  implementation: defineRoute({
    method: 'GET',
    path: '/monitoring/implementation',
    auth: ministry,
    summary: 'Implementation of the contracts, nationally and per region: contracts signed, value, weighted progress, paid',
    description:
      'Contracts signed by both parties and their value (amendments included), physical progress weighted by contract ' +
      'value (percent), works accepted and payments (tenge; paid as a percentage of the value contracted), contracts ' +
      'completed and terminated, milestones overdue now. Kept current from the table stream; reads 21 items however ' +
      'many contracts exist.',
    tags,
    query: monitoringQuery,
    response: { status: 200, schema: implementationResponse },
  }),
  implementationCsv: defineRoute({
    method: 'GET',
    path: '/monitoring/implementation.csv',
    auth: ministry,
    summary: 'The implementation view as CSV (UTF-8 with BOM), one row for the nation and one per region',
    tags,
    query: monitoringQuery,
    response: csv('The implementation view'),
  }),
  implementationOverdue: defineRoute({
    method: 'GET',
    path: '/monitoring/implementation/overdue',
    auth: ministry,
    summary: 'Contract milestones past their due date and not met, the earliest due first, nationally or in a region',
    description: 'Named: the contract, the milestone, the responsible akimat and official, the days overdue (Almaty dates). Pages of at most 25.',
    tags,
    query: overdueMilestonesQuery,
    response: { status: 200, schema: overdueMilestonesResponse },
  }),
  implementationOverdueCsv: defineRoute({
    method: 'GET',
    path: '/monitoring/implementation/overdue.csv',
    auth: ministry,
    summary: 'One page of the overdue milestones as CSV (UTF-8 with BOM); the next page is in the `Link` header',
    tags,
    query: overdueMilestonesQuery,
    response: {
      ...csv('One page of overdue milestones'),
      headers: { 'Content-Disposition': 'attachment; filename="mex-implementation-overdue-<date>.csv"', Link: 'The next page, when there is one: `<…>; rel="next"`' },
    },
  }),
  publicSummary: defineRoute({
    method: 'GET',
    path: '/public/summary',
    auth: 'public',
    summary: 'The programme in figures for everyone: totals, regions and their rating; no person is named',
    tags,
    response: { status: 200, schema: publicSummaryResponse },
  }),
};
