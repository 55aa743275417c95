/**
 * Monitoring of the МЭКС programme: the ministry's views (summary, regions' rating, overdue projects, KPI against the
 * schedule), each also as a CSV download, and the public summary. Every view reads a bounded number of items.
 */
import { monitoringReader } from '../../shared/adapters/monitoring-reader.js';
import { now } from '../../shared/clock.js';
import { almatyDate } from '../../shared/domain/calendar.js';
import { httpApi } from '../../shared/http/api.js';
import { csvResponse } from '../../shared/http/csv.js';
import { parseInput } from '../../shared/http/validation.js';
import { monitoringQuery, overdueQuery } from '../../shared/schemas/monitoring.js';
import { kpiView, overdueView, publicSummaryView, regionsView, summaryView } from '../../shared/use-cases/monitoring.js';
import { kpiCsv, overdueCsv, regionsCsv, summaryCsv } from '../../shared/use-cases/monitoring-csv.js';

/** Today in Almaty: overdue and "to date" are judged by the local calendar date. */
const today = (): string => almatyDate(now());

const ok = (body: unknown) => ({ statusCode: 200, body });

export const handler = httpApi({
  'GET /monitoring/summary': async ({ query }) => {
    parseInput(monitoringQuery, query, 'query');
    return ok(await summaryView(monitoringReader, today()));
  },
  'GET /monitoring/summary.csv': async ({ query }) => {
    const { lang = 'ru' } = parseInput(monitoringQuery, query, 'query');
    const day = today();
    return csvResponse(`mex-summary-${day}.csv`, summaryCsv(await summaryView(monitoringReader, day), lang));
  },
  'GET /monitoring/regions': async ({ query }) => {
    parseInput(monitoringQuery, query, 'query');
    return ok(await regionsView(monitoringReader, today()));
  },
  'GET /monitoring/regions.csv': async ({ query }) => {
    const { lang = 'ru' } = parseInput(monitoringQuery, query, 'query');
    const day = today();
    return csvResponse(`mex-regions-${day}.csv`, regionsCsv(await regionsView(monitoringReader, day), lang));
  },
  'GET /monitoring/overdue': async ({ query }) => {
    const { limit, cursor } = parseInput(overdueQuery, query, 'query');
    return ok(await overdueView(monitoringReader, today(), { limit, ...(cursor ? { cursor } : {}) }));
  },
  'GET /monitoring/overdue.csv': async ({ query }) => {
    const { limit, cursor, lang = 'ru' } = parseInput(overdueQuery, query, 'query');
    const day = today();
    const view = await overdueView(monitoringReader, day, { limit, ...(cursor ? { cursor } : {}) });
    const response = csvResponse(`mex-overdue-${day}.csv`, overdueCsv(view, lang));
    // One page per download, like the JSON view; the next page's address travels in a Link header.
    const next: Record<string, string> = view.cursor
      ? { Link: `</monitoring/overdue.csv?cursor=${encodeURIComponent(view.cursor)}&limit=${limit}&lang=${lang}>; rel="next"` }
      : {};
    return { ...response, headers: { ...response.headers, ...next } };
  },
  'GET /monitoring/kpi': async ({ query }) => {
    parseInput(monitoringQuery, query, 'query');
    return ok(await kpiView(monitoringReader, today()));
  },
  'GET /monitoring/kpi.csv': async ({ query }) => {
    const { lang = 'ru' } = parseInput(monitoringQuery, query, 'query');
    const day = today();
    return csvResponse(`mex-kpi-${day}.csv`, kpiCsv(await kpiView(monitoringReader, day), lang));
  },
  'GET /public/summary': async () => ({
    ...ok(await publicSummaryView(monitoringReader, today())),
    // The same for everyone and at most a minute old: caches may keep it briefly.
    headers: { 'Cache-Control': 'public, max-age=60' },
  }),
});
