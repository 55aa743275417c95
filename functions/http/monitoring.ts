/**
 * Monitoring of the МЭКС programme: the ministry's views (summary, regions' rating, overdue projects, KPI against the
 * schedule), each also as a CSV download, and the public summary. Every view reads a bounded number of items.
 */
import { financingStore } from '../../shared/adapters/financing-store.js';
import { monitoringReader } from '../../shared/adapters/monitoring-reader.js';
import { overdueMilestoneStore } from '../../shared/adapters/overdue-milestone-store.js';
import { redFlagStore } from '../../shared/adapters/red-flag-store.js';
import { financingConfig } from '../../shared/config.js';
import { financingCsv, financingView, waitingCsv, waitingView } from '../../shared/use-cases/financing-monitoring.js';
import { implementationCsv, implementationView, overdueMilestonesCsv, overdueMilestonesView } from '../../shared/use-cases/implementation-monitoring.js';
import { redFlagSummaryView, redFlagsView } from '../../shared/use-cases/red-flags.js';
import { now } from '../../shared/clock.js';
import { almatyDate } from '../../shared/domain/calendar.js';
import { httpApi } from '../../shared/http/api.js';
import { csvResponse } from '../../shared/http/csv.js';
import { monitoringRoutes } from '../../shared/http/routes/monitoring.js';
import { kpiView, overdueView, publicSummaryView, regionsView, summaryView } from '../../shared/use-cases/monitoring.js';
import { kpiCsv, overdueCsv, regionsCsv, summaryCsv } from '../../shared/use-cases/monitoring-csv.js';

/** Today in Almaty: overdue and "to date" are judged by the local calendar date. */
const today = (): string => almatyDate(now());

export const handler = httpApi(monitoringRoutes, {
  summary: async () => ({ body: await summaryView(monitoringReader, today()) }),
  summaryCsv: async ({ query: { lang = 'ru' } }) => {
    const day = today();
    return csvResponse(`mex-summary-${day}.csv`, summaryCsv(await summaryView(monitoringReader, day), lang));
  },
  regions: async () => ({ body: await regionsView(monitoringReader, today()) }),
  regionsCsv: async ({ query: { lang = 'ru' } }) => {
    const day = today();
    return csvResponse(`mex-regions-${day}.csv`, regionsCsv(await regionsView(monitoringReader, day), lang));
  },
  overdue: async ({ query: { limit, cursor } }) => ({
    body: await overdueView(monitoringReader, today(), { limit, ...(cursor ? { cursor } : {}) }),
  }),
  overdueCsv: async ({ query: { limit, cursor, lang = 'ru' } }) => {
    const day = today();
    const view = await overdueView(monitoringReader, day, { limit, ...(cursor ? { cursor } : {}) });
    const response = csvResponse(`mex-overdue-${day}.csv`, overdueCsv(view, lang));
    // One page per download, like the JSON view; the next page's address travels in a Link header.
    const next: Record<string, string> = view.cursor
      ? { Link: `</monitoring/overdue.csv?cursor=${encodeURIComponent(view.cursor)}&limit=${limit}&lang=${lang}>; rel="next"` }
      : {};
    return { ...response, headers: { ...response.headers, ...next } };
  },
  kpi: async () => ({ body: await kpiView(monitoringReader, today()) }),
  kpiCsv: async ({ query: { lang = 'ru' } }) => {
    const day = today();
    return csvResponse(`mex-kpi-${day}.csv`, kpiCsv(await kpiView(monitoringReader, day), lang));
  },
  financing: async () => ({ body: await financingView(monitoringReader, financingConfig.waitingWorkingDays) }),
  financingCsv: async ({ query: { lang = 'ru' } }) =>
    csvResponse(`mex-financing-${today()}.csv`, financingCsv(await financingView(monitoringReader, financingConfig.waitingWorkingDays), lang)),
  financingWaiting: async ({ query: { limit, cursor } }) => ({
    body: await waitingView(financingStore, now(), financingConfig.waitingWorkingDays, { limit, ...(cursor ? { cursor } : {}) }),
  }),
  financingWaitingCsv: async ({ query: { limit, cursor, lang = 'ru' } }) => {
    const view = await waitingView(financingStore, now(), financingConfig.waitingWorkingDays, { limit, ...(cursor ? { cursor } : {}) });
    const response = csvResponse(`mex-financing-waiting-${today()}.csv`, waitingCsv(view, lang));
    const next: Record<string, string> = view.cursor
      ? { Link: `</monitoring/financing/waiting.csv?cursor=${encodeURIComponent(view.cursor)}&limit=${limit}&lang=${lang}>; rel="next"` }
      : {};
    return { ...response, headers: { ...response.headers, ...next } };
  },
  redFlags: async ({ query: { region, flag, limit, cursor } }) => ({
    body: await redFlagsView({ flags: redFlagStore }, { ...(region ? { region } : {}), ...(flag ? { flag } : {}) }, { limit, ...(cursor ? { cursor } : {}) }),
  }),
  redFlagSummary: async () => ({ body: await redFlagSummaryView({ flags: redFlagStore }) }),
  implementation: async () => ({ body: await implementationView(monitoringReader) }),
  implementationCsv: async ({ query: { lang = 'ru' } }) => csvResponse(`mex-implementation-${today()}.csv`, implementationCsv(await implementationView(monitoringReader), lang)),
  implementationOverdue: async ({ query: { region, limit, cursor } }) => ({
    body: await overdueMilestonesView(overdueMilestoneStore, now(), region ? { region } : {}, { limit, ...(cursor ? { cursor } : {}) }),
  }),
  implementationOverdueCsv: async ({ query: { region, limit, cursor, lang = 'ru' } }) => {
    const view = await overdueMilestonesView(overdueMilestoneStore, now(), region ? { region } : {}, { limit, ...(cursor ? { cursor } : {}) });
    const response = csvResponse(`mex-implementation-overdue-${today()}.csv`, overdueMilestonesCsv(view, lang));
    const regionParam = region ? `&region=${region}` : '';
    const next: Record<string, string> = view.cursor
      ? { Link: `</monitoring/implementation/overdue.csv?cursor=${encodeURIComponent(view.cursor)}&limit=${limit}&lang=${lang}${regionParam}>; rel="next"` }
      : {};
    return { ...response, headers: { ...response.headers, ...next } };
  },
  publicSummary: async () => ({
    body: await publicSummaryView(monitoringReader, today()),
    // The same for everyone and at most a minute old: caches may keep it briefly.
    headers: { 'Cache-Control': 'public, max-age=60' },
  }),
});
