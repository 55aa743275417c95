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
  publicSummary: defineRoute({
    method: 'GET',
    path: '/public/summary',
    auth: 'public',
    summary: 'The programme in figures for everyone: totals, regions and their rating; no person is named',
    tags,
    response: { status: 200, schema: publicSummaryResponse },
  }),
};
