/**
 * Monitoring with the МЭКС demo dataset, through the whole pipeline of the local runtime: the dataset is written into
 * the runtime's table (entities, then their outbox events), the table stream carries the events to the dispatcher,
 * the monitoring queue to the aggregator, and the views read the counters back.
 *
 * The runtime is shared with the other test files (one after another), which leave their own projects and events in
 * the same counters. So the figures of the government's report are asserted as what the dataset ADDS: a snapshot of
 * every view before seeding, one after, and the difference (counts, tenge, and the rating recomputed from the
 * differences of its published inputs). When the runtime was empty, the absolute figures are asserted too. Everything
 * seeded here is deleted at the end, so that the contractors, subscriptions and open competitions of the dataset never
 * meet the later test files.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand, GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_FIGURES } from '../../infra/local/demo-dataset.js';
import { deleteItems, putItems, seedDemo } from '../../infra/local/seed.js';
import { createMonitoringReader, type ConsumedReading } from '../../shared/adapters/monitoring-reader.js';
import { almatyDate } from '../../shared/domain/calendar.js';
import { rankRegions, scoreOf, type RatingInputs } from '../../shared/domain/rating.js';
import { keys } from '../../shared/keys.js';
import { kpiView, overdueView, regionsView, summaryView, type MonitoringReader } from '../../shared/use-cases/monitoring.js';
import type { financingView } from '../../shared/use-cases/financing-monitoring.js';
import { implementationView } from '../../shared/use-cases/implementation-monitoring.js';
import { overdueMilestoneKeys } from '../../shared/keys.js';
import { api, clockNow, documentClient, eventually, local, tokenFor } from '../support/local.js';
import { syntheticProjects } from '../support/synthetic-projects.js';

const TABLE = 'konkurs';
const MINUTE = 60_000;

type Summary = Awaited<ReturnType<typeof summaryView>>;
type Regions = Awaited<ReturnType<typeof regionsView>>;
type FinancingSpeed = Awaited<ReturnType<typeof financingView>>;
type Implementation = Awaited<ReturnType<typeof implementationView>>;

let ministry: string;
let sqs: SQSClient;
let seeded: Awaited<ReturnType<typeof seedDemo>> | undefined;
const extra: Record<string, unknown>[] = [];
let before: { summary: Summary; regions: Regions; financing: FinancingSpeed; implementation: Implementation };
let after: { summary: Summary; regions: Regions; financing: FinancingSpeed; implementation: Implementation };

const summaryNow = async (): Promise<Summary> => {
  const response = await api<Summary>('/monitoring/summary', { token: ministry });
  expect(response.status).toBe(200);
  return response.body;
};

const financingNow = async (): Promise<FinancingSpeed> => {
  const response = await api<FinancingSpeed>('/monitoring/financing', { token: ministry });
  expect(response.status).toBe(200);
  return response.body;
};

const implementationNow = async (): Promise<Implementation> => {
  const response = await api<Implementation>('/monitoring/implementation', { token: ministry });
  expect(response.status).toBe(200);
  return response.body;
};

const regionsNow = async (): Promise<Regions> => {
  const response = await api<Regions>('/monitoring/regions', { token: ministry });
  expect(response.status).toBe(200);
  return response.body;
};

/** Messages waiting or in flight on the queues that consume events (the pipeline is idle when all are zero). */
const queueBacklog = async (): Promise<number> => {
  let total = 0;
  for (const name of ['monitoring', 'ocds', 'match', 'deadline']) {
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: `konkurs-${name}` }));
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
    );
    total += Number(Attributes?.ApproximateNumberOfMessages ?? 0) + Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0);
  }
  return total;
};

/** Waits until the queues are empty and the national figures stop moving (what earlier files left in flight). */
const settled = async (): Promise<Summary> => {
  let previous = '';
  return eventually(
    async () => {
      if ((await queueBacklog()) > 0) return undefined;
      const summary = await summaryNow();
      const { updatedAt: _updatedAt, ...figures } = summary;
      const text = JSON.stringify(figures.national);
      const stable = text === previous;
      previous = text;
      return stable ? summary : undefined;
    },
    2 * MINUTE,
    'the pipeline to settle',
  );
};

const difference = (a: RatingInputs, b: RatingInputs): RatingInputs => ({
  projects: a.projects - b.projects,
  pastSelection: a.pastSelection - b.pastSelection,
  published: a.published - b.published,
  onSchedule: a.onSchedule - b.onSchedule,
  publicationDaysSum: a.publicationDaysSum - b.publicationDaysSum,
  financingApproved: a.financingApproved - b.financingApproved,
});

beforeAll(async () => {
  ministry = await tokenFor({ role: 'ministry' });
  sqs = new SQSClient({ endpoint: local().sqs, region: 'us-east-1', useQueueUrlAsEndpoint: false });
  const start = await settled();
  before = { summary: start, regions: await regionsNow(), financing: await financingNow(), implementation: await implementationNow() };

  // Act: the dataset as of the runtime's clock, written as `npm start` writes it.
  seeded = await seedDemo({ client: documentClient(), tableName: TABLE, now: await clockNow() });
  console.info(`demo dataset: ${seeded.items} items written in ${seeded.seconds.toFixed(1)} s (the benchmark measures the time)`);
  const answered = seeded.dataset.inquiries.filter((i) => i.status === 'answered').length;
  await eventually(
    async () => {
      const now = await summaryNow();
      const n = now.national;
      const b = before.summary.national;
      return n.projects.total - b.projects.total === DEMO_FIGURES.projects &&
        n.projects.byStage.implementation - b.projects.byStage.implementation === DEMO_FIGURES.implementation &&
        n.projects.byStage['contractor-determination'] - b.projects.byStage['contractor-determination'] === DEMO_FIGURES.contractorDetermination &&
        n.inquiries.byStatus.answered - b.inquiries.byStatus.answered === answered &&
        n.contractors.verified - b.contractors.verified === DEMO_FIGURES.contractors
        ? now
        : undefined;
    },
    3 * MINUTE,
    'the demo figures to reach the counters',
  );
  after = { summary: await settled(), regions: await regionsNow(), financing: await financingNow(), implementation: await implementationNow() };
}, 6 * MINUTE);

afterAll(async () => {
  // Everything the dataset (and the scale test) wrote goes, once the consumers have finished with it.
  if (seeded) {
    await eventually(async () => ((await queueBacklog()) === 0 ? true : undefined), 2 * MINUTE, 'the queues to drain').catch(() => undefined);
    // The aggregator's overdue-milestone items of the dataset's contracts go with them.
    const overdueItems = seeded.dataset.domainEvents.flatMap((e) => (e.type === 'contract.milestone-overdue' ? [{ ...overdueMilestoneKeys.milestone(e.subject.id, e.data.milestoneId) }] : []));
    await deleteItems(documentClient(), TABLE, [...seeded.dataset.events, ...seeded.dataset.entities, ...extra, ...overdueItems]);
  }
  sqs?.destroy();
}, 4 * MINUTE);

describe('the ministry summary with the demo dataset', () => {
  it('adds exactly the figures of the government’s report of 4 March 2026', () => {
    const n = after.summary.national;
    const b = before.summary.national;
    const tenge = (x: string) => BigInt(x.split('.')[0]!);

    expect(n.projects.total - b.projects.total).toBe(309);
    expect(n.projects.byStage.implementation - b.projects.byStage.implementation).toBe(34);
    expect(n.projects.byStage['contractor-determination'] - b.projects.byStage['contractor-determination']).toBe(130);
    expect(n.projects.byStage.selection - b.projects.byStage.selection).toBe(145);
    expect(tenge(n.value.total) - tenge(b.value.total)).toBe(974_000_000_000n);
    expect(n.financing.approved.count - b.financing.approved.count).toBe(144);
    expect(tenge(n.financing.approved.amount) - tenge(b.financing.approved.amount)).toBeGreaterThan(300_000_000_000n);
    expect(n.financing.byRoute['development-bank'].approved.count - b.financing.byRoute['development-bank'].approved.count).toBe(89);
    expect(n.financing.byRoute['housing-company'].approved.count - b.financing.byRoute['housing-company'].approved.count).toBe(55);
    expect(n.kos.ready - b.kos.ready).toBe(16);
    expect(n.kos.underRevision - b.kos.underRevision).toBe(6);
    expect(n.inquiries.total - b.inquiries.total).toBeGreaterThan(800);
    expect(n.contractors.registered - b.contractors.registered).toBe(120);
  });

  it('takes the financing from applications that went through the workflow: 89 DBK and banks, 55 Housing Company', () => {
    // The financing speed counts nothing but the applications' events: its approvals are the summary's.
    const route = (view: FinancingSpeed, r: 'dbk-banks' | 'khc-bonds') => view.national.byRoute[r];
    const added = (r: 'dbk-banks' | 'khc-bonds') => ({
      approved: route(after.financing, r).approved - route(before.financing, r).approved,
      decisions: route(after.financing, r).decision.count - route(before.financing, r).decision.count,
      disbursements: route(after.financing, r).firstDisbursement.count - route(before.financing, r).firstDisbursement.count,
    });
    expect(added('dbk-banks').approved).toBe(89);
    expect(added('khc-bonds').approved).toBe(55);
    expect(added('dbk-banks').decisions + added('khc-bonds').decisions).toBeGreaterThan(144);
    expect(added('dbk-banks').disbursements + added('khc-bonds').disbursements).toBeGreaterThan(0);
    expect(after.financing.national.byRoute['dbk-banks'].decision.medianWorkingDays).not.toBeNull();
  });

  it('adds the 34 contracts’ implementation: value, weighted progress, payments, and the overdue milestones named with their officials', async () => {
    const contracts = seeded!.dataset.entities.filter((e) => e.kind === 'contract') as unknown as { id: string; value: string; milestones: { metAt?: string; overdueNotifiedAt?: string }[] }[];
    const overdue = contracts.filter((c) => c.milestones.some((m) => m.overdueNotifiedAt && !m.metAt));
    const tenge = (x: string) => BigInt(x.split('.')[0]!);
    const value = contracts.reduce((sum, c) => sum + tenge(c.value), 0n);
    // The counters may still be taking in the contract events when the programme's figures are in.
    const now = await eventually(async () => {
      const view = await implementationNow();
      const b = before.implementation.national;
      return view.national.contractsSigned - b.contractsSigned === 34 && view.national.reports - b.reports === 68 && view.national.overdueReported - b.overdueReported === overdue.length ? view : undefined;
    }, 2 * MINUTE, 'the implementation counters to take in the dataset');
    expect(tenge(now.national.contractedValue) - tenge(before.implementation.national.contractedValue)).toBe(value);
    expect(overdue.length).toBeGreaterThanOrEqual(5);
    expect(now.regions.reduce((sum, r) => sum + r.contractsSigned, 0)).toBe(now.national.contractsSigned);
    if (before.implementation.national.contractsSigned === 0) {
      expect(now.national.weightedProgress).toBeGreaterThan(10);
      expect(now.national.paidShare).toBeGreaterThan(10);
    }

    // The overdue list names each with its akimat and official (the region's, in the dataset), 25 at most a page.
    const listed = new Map<string, { official: string; akimat: string }>();
    let cursor: string | undefined;
    do {
      const page = await api(`/monitoring/implementation/overdue${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`, { token: ministry });
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(25);
      for (const m of page.body.items) listed.set(m.contractId, m);
      cursor = page.body.cursor;
    } while (cursor);
    const officials = new Map(seeded!.dataset.projects.map((p) => [p.kato, p.official.name]));
    for (const c of overdue) {
      const kato = (seeded!.dataset.entities.find((e) => e.kind === 'contract' && e.id === c.id) as unknown as { kato: string }).kato;
      expect(listed.get(c.id)).toMatchObject({ official: officials.get(kato), akimat: expect.stringContaining('Акимат') });
    }
  }, 3 * MINUTE);

  it('shows the figures themselves when the runtime held nothing else', () => {
    if (before.summary.national.projects.total !== 0 || before.summary.national.inquiries.total !== 0) return;
    // Other test files publish at the same time: each moves a project from selection to contractor determination.
    const { total, byStage } = after.summary.national.projects;
    expect({ total, implementation: byStage.implementation }).toEqual({ total: 309, implementation: 34 });
    expect(byStage['contractor-determination']! + byStage.selection!).toBe(130 + 145);
    expect(byStage['contractor-determination']).toBeGreaterThanOrEqual(130);
    expect(after.summary.national.value.total).toBe('974000000000');
    expect(after.regions.regions.slice(0, 3).map((r) => r.kato)).toEqual(DEMO_FIGURES.leaders);
    expect(after.regions.regions.slice(-2).map((r) => r.kato)).toEqual(DEMO_FIGURES.laggards);
  });

  it('covers all 20 regions, each with projects of the dataset', () => {
    const gained = after.summary.regions.map((r, i) => r.projects.total - before.summary.regions[i]!.projects.total);
    expect(after.summary.regions).toHaveLength(20);
    expect(gained.every((n) => n > 0)).toBe(true);
    expect(gained.reduce((a, b) => a + b, 0)).toBe(309);
  });

  it('computes the publication speed median and the share on schedule', () => {
    const publication = after.summary.national.publication;
    expect(publication.published).toBeGreaterThanOrEqual(164);
    expect(publication.medianDays).toBeGreaterThan(0);
    expect(publication.onScheduleShare).toBeGreaterThan(0);
    expect(publication.onScheduleShare).toBeLessThan(1);
    expect(after.summary.national.contractors.medianVerificationHours).not.toBeNull();
  });
});

describe('the regions’ readiness rating', () => {
  it('ranks Almaty, Karaganda region and Almaty region first and Mangystau and Ulytau last on what the dataset adds', () => {
    // Prepare: each region's published rating inputs, minus what was there before the dataset.
    const was = new Map(before.regions.regions.map((r) => [r.kato, r.inputs]));
    const added = after.regions.regions.map((r) => ({ kato: r.kato, inputs: difference(r.inputs, was.get(r.kato)!) }));

    // Act
    const ranked = rankRegions(added);

    // Assess
    expect(ranked.slice(0, 3).map((r) => r.kato)).toEqual(DEMO_FIGURES.leaders);
    expect(ranked.slice(-2).map((r) => r.kato)).toEqual(DEMO_FIGURES.laggards);
  });

  it('publishes its method, and every score follows from the row’s own inputs', () => {
    const view = after.regions;
    expect(view.method.thresholds).toEqual({ green: 60, amber: 40 });
    expect(view.regions).toHaveLength(20);
    for (const row of view.regions) {
      expect(scoreOf(row.inputs).score).toBe(row.score);
      expect(row.band).toBe(row.score >= 60 ? 'green' : row.score >= 40 ? 'amber' : 'red');
    }
    expect(view.regions.map((r) => r.rank)).toEqual([...view.regions.map((r) => r.rank)].sort((a, b) => a - b));
  });
});

describe('the overdue projects', () => {
  it('lists projects past their planned date with nothing published, oldest first, with the responsible akimat and official', async () => {
    // Act
    const page = await api('/monitoring/overdue', { token: ministry });

    // Assess
    expect(page.status).toBe(200);
    expect(page.body.items.length).toBe(25);
    expect(page.body.cursor).toEqual(expect.any(String));
    const dates = page.body.items.map((i: { plannedPublicationDate: string }) => i.plannedPublicationDate);
    expect(dates).toEqual([...dates].sort());
    for (const item of page.body.items) {
      expect(item.plannedPublicationDate < page.body.asOf).toBe(true);
      expect(item.daysOverdue).toBeGreaterThan(0);
      expect(item.akimat.ru).toMatch(/^Акимат /);
      expect(item.official.name.length).toBeGreaterThan(0);
    }
    const next = await api(`/monitoring/overdue?cursor=${encodeURIComponent(page.body.cursor)}`, { token: ministry });
    expect(next.status).toBe(200);
    expect(next.body.items[0].plannedPublicationDate >= dates.at(-1)).toBe(true);
  });

  it('drops a project when its competition is published and lists it again when the competition is cancelled', async () => {
    // Prepare: the dataset's most overdue project, as its akimat.
    const overdue = seeded!.dataset.projects
      .filter((p) => p.stage === 'selection' && p.plannedPublicationDate < after.summary.asOf)
      .sort((a, b) => a.plannedPublicationDate.localeCompare(b.plannedPublicationDate))[0]!;
    const akimat = await tokenFor({ role: 'akimat', kato: overdue.kato });
    const listed = async () => {
      const ids: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await api(`/monitoring/overdue${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`, { token: ministry });
        ids.push(...page.body.items.map((i: { projectId: string }) => i.projectId));
        cursor = page.body.cursor;
      } while (cursor);
      return ids.includes(overdue.id);
    };
    expect(await listed()).toBe(true);
    const draft = await api('/competitions', { token: akimat, body: { projectId: overdue.id, title: overdue.title, estimatedValue: overdue.value } });
    expect(draft.status).toBe(201);

    // Act & Assess
    expect((await api(`/competitions/${draft.body.id}/publish`, { token: akimat, method: 'POST' })).status).toBe(200);
    expect(await listed()).toBe(false);
    expect((await api(`/competitions/${draft.body.id}/cancel`, { token: akimat, body: { reason: 'documentationErrors' } })).status).toBe(200);
    expect(await listed()).toBe(true);
    // The counters saw both: the project is back at selection, the publication taken back.
    await eventually(async () => {
      const now = (await summaryNow()).national;
      return now.projects.byStage.selection === after.summary.national.projects.byStage.selection &&
        now.publication.published === after.summary.national.publication.published
        ? true
        : undefined;
    });
    const written = await documentClient().send(new QueryCommand({ TableName: TABLE, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': keys.competition(draft.body.id).PK } }));
    extra.push(...(written.Items ?? []));
  });
});

describe('the KPI report against the schedule', () => {
  it('counts planned and actual publications to date, nationally and per region', async () => {
    const response = await api('/monitoring/kpi', { token: ministry });
    expect(response.status).toBe(200);
    const { national, regions } = response.body;
    expect(national.publishedToDate).toBe(after.summary.national.publication.published);
    expect(national.plannedToDate).toBeGreaterThan(0);
    expect(national.onSchedule).toBeLessThanOrEqual(national.publishedToDate);
    expect(regions).toHaveLength(20);
    expect(regions.reduce((sum: number, r: { plannedTotal: number }) => sum + r.plannedTotal, 0)).toBe(national.plannedTotal);
    expect(national.months.at(-1).plannedCumulative).toBe(national.plannedTotal);
  });
});

describe('CSV downloads', () => {
  const download = async (path: string) => {
    const response = await fetch(`${local().api}${path}`, { headers: { authorization: `Bearer ${ministry}` } });
    return { response, bytes: Buffer.from(await response.arrayBuffer()) };
  };

  it.each(['summary', 'regions', 'overdue', 'kpi'])('%s.csv is UTF-8 with a BOM, an attachment, with Cyrillic region names', async (view) => {
    const { response, bytes } = await download(`/monitoring/${view}.csv`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(new RegExp(`^attachment; filename="mex-${view}-\\d{4}-\\d{2}-\\d{2}\\.csv"$`));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    expect(text).toMatch(/^(Регион|Место|Проект),/);
    // Whichever regions the first rows name (the overdue page depends on the clock the other tests moved).
    expect(text).toMatch(/\p{Script=Cyrillic}+ская область|область \p{Script=Cyrillic}+|город \p{Script=Cyrillic}+/u);
  });

  it('writes the headings and names in Kazakh on request', async () => {
    const { bytes } = await download('/monitoring/summary.csv?lang=kk');
    const text = bytes.subarray(3).toString('utf8');
    expect(text.split('\r\n')[0]).toMatch(/^Өңір,/);
    expect(text).toContain('Қарағанды облысы');
    expect(text).toContain('Қазақстан Республикасы');
  });
});

describe('who may see what', () => {
  it('keeps the ministry views for the ministry', async () => {
    expect((await api('/monitoring/summary')).status).toBe(401);
    const akimat = await tokenFor({ role: 'akimat', kato: '350000000' });
    expect((await api('/monitoring/overdue', { token: akimat })).status).toBe(403);
    expect((await api('/monitoring/regions.csv', { token: await tokenFor({ role: 'contractor', bin: '940140000385' }) })).status).toBe(403);
  });

  it('shows everyone the public summary, naming no official', async () => {
    const response = await api('/public/summary');
    expect(response.status).toBe(200);
    expect(response.body.national.projects.total).toBe(after.summary.national.projects.total);
    expect(response.body.regions).toHaveLength(20);
    const text = JSON.stringify(response.body);
    expect(text).not.toContain('official');
    for (const project of seeded!.dataset.projects.slice(0, 20)) expect(text).not.toContain(project.official.name);
  });
});

describe('reads bounded by the views, not by the data', () => {
  const measure = async (reader: MonitoringReader, readings: ConsumedReading[], today: string) => {
    const cost = async (view: () => Promise<unknown>) => {
      readings.length = 0;
      await view();
      return { items: readings.reduce((s, r) => s + r.items, 0), capacity: readings.reduce((s, r) => s + r.capacityUnits, 0) };
    };
    return {
      summary: await cost(() => summaryView(reader, today)),
      regions: await cost(() => regionsView(reader, today)),
      kpi: await cost(() => kpiView(reader, today)),
      overdue: await cost(() => overdueView(reader, today, { limit: 25 })),
      implementation: await cost(() => implementationView(reader)),
    };
  };

  it('consumes the same read capacity with 1 500 more projects as with the demo dataset alone', async () => {
    // Prepare
    const readings: ConsumedReading[] = [];
    const client = new DynamoDBClient({ endpoint: local().dynamodb });
    const reader = createMonitoringReader({ client, tableName: TABLE, onConsumed: (r) => readings.push(r) });
    const now = await clockNow();
    const today = almatyDate(now);
    const small = await measure(reader, readings, today);
    const totalBefore = (await summaryNow()).national.projects.total;

    // Act: 1 500 more projects at selection, all overdue since yesterday (after the listed ones in plan order).
    const more = syntheticProjects(1500, { prefix: `SCALE${now.getTime().toString(36).toUpperCase()}`, now, plannedPublicationDate: almatyDate(new Date(now.getTime() - 86_400_000)) });
    await putItems(documentClient(), TABLE, more.items.slice(0, more.projects.length));
    await putItems(documentClient(), TABLE, more.items.slice(more.projects.length));
    extra.push(...more.items);
    await eventually(async () => ((await summaryNow()).national.projects.total === totalBefore + 1500 ? true : undefined), 3 * MINUTE, 'the counters to take in 1 500 projects');
    const large = await measure(reader, readings, today);

    // Assess
    expect(large).toEqual(small);
    expect(small.summary.items).toBe(21);
    // One batch of the 21 implementation keys: regions without a contract yet have no item to return.
    expect(small.implementation.items).toBeGreaterThan(0);
    expect(small.implementation.items).toBeLessThanOrEqual(21);
    expect(small.overdue.items).toBe(25);
    for (const view of Object.values(small)) expect(view.items).toBeLessThanOrEqual(25);
    client.destroy();
  }, 5 * MINUTE);
});
