/**
 * Items read and read capacity consumed by each ministry view, with 300 and with 30 000 projects.
 *
 * Each size gets a fresh table on the local runtime's DynamoDB Local (created from the topology, like the real one):
 * synthetic projects at selection, half of them past their planned publication date (the overdue index holds
 * 15 000 entries at the large size), and the 21 aggregate items folded in memory from the projects'
 * `project.registered` events with the aggregator's own delta function and written as the aggregator writes them.
 * The views are then called through their use cases with a reader that asks for `ReturnConsumedCapacity: TOTAL`.
 *
 * Target: every view reads at most 25 items, and the same items and capacity at both sizes.
 *
 * The section also times the writes of the МЭКС demo dataset (`npm start` on an empty store, `npm run seed`) into a
 * fresh table, as `seedDemo` makes them: entities then events, batches of 25, 8 in flight. Target: under 15 s.
 */
import { DeleteTableCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { putItems, seedDemo } from '../../infra/local/seed.js';
import { provisionTable } from '../../infra/local/provision.js';
import { createMonitoringReader, type ConsumedReading } from '../../shared/adapters/monitoring-reader.js';
import { zeroStatsItem } from '../../shared/adapters/stats-store.js';
import { almatyDate } from '../../shared/domain/calendar.js';
import { REGIONS } from '../../shared/domain/regions.js';
import { implementationDeltas, implementationScope } from '../../shared/domain/implementation-stats.js';
import { applyToRecord, foldEvents, NATIONAL_SCOPE, type StatsRecord } from '../../shared/domain/stats.js';
import { implementationView } from '../../shared/use-cases/implementation-monitoring.js';
import { kpiView, overdueView, regionsView, summaryView } from '../../shared/use-cases/monitoring.js';
import { anEvent } from '../support/events.js';
import { syntheticProjects } from '../support/synthetic-projects.js';
import { consoleTable, fixed, markdownTable, type Align, type BenchSection } from './run.js';

const SIZES = [300, 30_000] as const;
const MAX_SEED_SECONDS = 15;
const MAX_ITEMS = 25;
const DAY_MS = 86_400_000;

interface Cost {
  readonly items: number;
  readonly capacity: number;
  readonly requests: number;
}

const section: BenchSection = {
  title: 'Monitoring: items and read capacity per ministry view',
  run: async (ctx) => {
    const local = await ctx.local();
    const client = new DynamoDBClient({ endpoint: local.urls.dynamodb });
    const documents = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
    const now = new Date();
    const today = almatyDate(now);
    const results = new Map<number, Record<string, Cost>>();
    let seed: { items: number; seconds: number };
    try {
      await provisionTable(client, 'bench-monitoring-demo');
      const seeded = await seedDemo({ client: documents, tableName: 'bench-monitoring-demo', now });
      seed = { items: seeded.items, seconds: seeded.seconds };
      ctx.log(`monitoring: demo dataset: ${seed.items} items written in ${fixed(seed.seconds, 1)} s`);

      for (const size of SIZES) {
        const tableName = `bench-monitoring-${size}`;
        await provisionTable(client, tableName);
        // Half overdue (planned 1–365 days ago), half planned ahead; fixed-width fields, so equal item sizes.
        const data = syntheticProjects(size, {
          prefix: 'BENCH',
          now,
          plannedPublicationDate: (n) => almatyDate(new Date(now.getTime() + (n % 2 === 0 ? -(1 + (n % 365)) : 1 + (n % 365)) * DAY_MS)),
        });
        const started = performance.now();
        await putItems(documents, tableName, data.items.slice(0, size), {
          concurrency: 8,
          onProgress: (n) => {
            if (n % 5000 === 0) ctx.log(`monitoring: ${tableName}: ${n}/${size} projects written`);
          },
        });
        ctx.log(`monitoring: ${size} projects written in ${fixed((performance.now() - started) / 1000, 1)} s`);
        const records = foldEvents(data.events, () => ({}));
        const at = now.toISOString();
        for (const scope of [NATIONAL_SCOPE, ...REGIONS.map((r) => r.kato)]) {
          const item = zeroStatsItem(scope, at);
          for (const [name, value] of Object.entries(records.get(scope) ?? {})) item[name] = { N: value };
          await client.send(new PutItemCommand({ TableName: tableName, Item: item }));
        }

        // The implementation view's 21 items: one signed contract per project, folded as the aggregator folds them.
        const implementation = new Map<string, StatsRecord>();
        data.projects.forEach((project, n) => {
          const signed = anEvent('contract.activated', { kato: project.kato, value: project.value, competitionId: `C${n}`, projectId: project.id, bin: 'B' }, { eventId: `e${n}`, subject: { id: `K${n}` } });
          for (const d of implementationDeltas(signed)) implementation.set(d.scope, applyToRecord(implementation.get(d.scope) ?? {}, d.counters));
        });
        for (const scope of [NATIONAL_SCOPE, ...REGIONS.map((r) => r.kato)].map(implementationScope)) {
          const item = zeroStatsItem(scope, at);
          for (const [name, value] of Object.entries(implementation.get(scope) ?? {})) item[name] = { N: value };
          await client.send(new PutItemCommand({ TableName: tableName, Item: item }));
        }

        const readings: ConsumedReading[] = [];
        const reader = createMonitoringReader({ client, tableName, onConsumed: (r) => readings.push(r) });
        const measure = async (view: () => Promise<unknown>): Promise<Cost> => {
          readings.length = 0;
          await view();
          return {
            items: readings.reduce((s, r) => s + r.items, 0),
            capacity: readings.reduce((s, r) => s + r.capacityUnits, 0),
            requests: readings.length,
          };
        };
        const firstOverdue = await overdueView(reader, today, { limit: MAX_ITEMS });
        results.set(size, {
          'GET /monitoring/summary': await measure(() => summaryView(reader, today)),
          'GET /monitoring/regions': await measure(() => regionsView(reader, today)),
          'GET /monitoring/kpi': await measure(() => kpiView(reader, today)),
          'GET /monitoring/overdue (page 1)': await measure(() => overdueView(reader, today, { limit: MAX_ITEMS })),
          'GET /monitoring/overdue (page 2)': await measure(() => overdueView(reader, today, { limit: MAX_ITEMS, cursor: firstOverdue.cursor! })),
          'GET /monitoring/implementation': await measure(() => implementationView(reader)),
        });
      }
    } finally {
      // The shared DynamoDB Local serves the sections after this one (load above all): its 37,000 bench items go.
      for (const tableName of ['bench-monitoring-demo', ...SIZES.map((size) => `bench-monitoring-${size}`)]) {
        await client.send(new DeleteTableCommand({ TableName: tableName })).catch(() => undefined);
      }
      documents.destroy();
    }

    const small = results.get(SIZES[0])!;
    const large = results.get(SIZES[1])!;
    const views = Object.keys(small);
    const header = ['view', 'items (300)', 'RCU (300)', 'items (30 000)', 'RCU (30 000)', 'requests', '≤ 25 items, equal'];
    const align: Align[] = ['left', 'right', 'right', 'right', 'right', 'right', 'left'];
    const verdicts = views.map((view) => {
      const a = small[view]!;
      const b = large[view]!;
      return a.items <= MAX_ITEMS && b.items <= MAX_ITEMS && a.items === b.items && a.capacity === b.capacity;
    });
    const rows = views.map((view, i) => {
      const a = small[view]!;
      const b = large[view]!;
      return [view, String(a.items), fixed(a.capacity, 1), String(b.items), fixed(b.capacity, 1), String(b.requests), verdicts[i] ? 'PASS' : 'FAIL'];
    });
    const seedPass = seed.seconds < MAX_SEED_SECONDS;
    const pass = verdicts.every(Boolean) && seedPass;
    const most = Math.max(...views.map((v) => large[v]!.items));
    const notes = [
      '',
      'Reads measured with `ReturnConsumedCapacity: TOTAL` (eventually consistent, 0.5 RCU per 4 KB of each item read).',
      'The summary, regions and KPI views read the 21 aggregate items in one BatchGetItem; each item holds every',
      'counter from its creation (about 6 KB), so it costs 1 RCU at any count. The overdue view reads one page of the',
      'sparse `PLANNED` index (GSI3), oldest plan first. The large table holds 30 000 projects, 15 000 of them overdue.',
      '',
      markdownTable(
        ['demo dataset', 'items', 'seconds', `< ${MAX_SEED_SECONDS} s`],
        [['entities, then events; BatchWrite 25 × 8 in flight; fresh table, no stream consumers', String(seed.items), fixed(seed.seconds, 1), seedPass ? 'PASS' : 'FAIL']],
        ['left', 'right', 'right', 'left'],
      ),
    ];
    return {
      markdown: [markdownTable(header, rows, align), ...notes].join('\n'),
      console: `${consoleTable(header, rows, align)}\n\ndemo dataset: ${seed.items} items written in ${fixed(seed.seconds, 1)} s (target < ${MAX_SEED_SECONDS} s)`,
      pass,
      verdict:
        `at most ${most} items per view (target ≤ ${MAX_ITEMS}); items and RCU ${verdicts.every(Boolean) ? 'equal' : 'NOT equal'} at 300 and 30 000 ` +
        `projects; demo dataset ${seed.items} items in ${fixed(seed.seconds, 1)} s (target < ${MAX_SEED_SECONDS} s)`,
    };
  },
};

export default section;
