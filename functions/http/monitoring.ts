/**
 * Monitoring of the МЭКС programme: the ministry's views (summary, regions' rating, overdue projects, KPI against the
 * schedule), each also as a CSV download, and the public summary. Every view reads a bounded number of items.
 */
import { monitoringReader } from '../../shared/adapters/monitoring-reader.js';
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
  publicSummary: async () => ({
    body: await publicSummaryView(monitoringReader, today()),
    // The same for everyone and at most a minute old: caches may keep it briefly.
    headers: { 'Cache-Control': 'public, max-age=60' },
  }),
});
