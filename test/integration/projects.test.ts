/**
 * Reference data and МЭКС projects through the public API: filters served by the project indexes, full pages with
 * opaque cursors, validation naming the field, and the public view without officials' names.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Project, ProjectStage } from '../../shared/domain/project.js';
import type { Sector } from '../../shared/domain/sectors.js';
import { buildOpenApi } from '../../shared/schemas/openapi.js';
import { api, seedProject } from '../support/local.js';

// Away from the seed helper's default region; assertions about our projects are narrowed to this run's ids.
const REGION_A = '620000000';
const REGION_B = '470000000';
const run = `T${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`.toUpperCase();

const project = (n: number, kato: string, sector: Sector, stage: ProjectStage): Project => ({
  id: `${run}-${String(n).padStart(2, '0')}`,
  kato,
  sector,
  title: { kk: `Жоба ${n}`, ru: `Проект ${n}`, en: `Project ${n}` },
  value: `${n}50000000.00`,
  approvalDate: '2026-01-15',
  plannedPublicationDate: '2026-04-01',
  stage,
  readiness: 'ready',
  financing: { route: 'development-bank', status: 'approved', amount: `${n}00000000` },
  akimat: { name: { kk: 'Әкімдік', ru: 'Акимат', en: 'Akimat' }, bin: '940140000385' },
  official: { name: 'Иванов И. И.', position: 'заместитель акима' },
  ...(stage !== 'selection' ? { competitionId: `COMP-${n}`, publishedAt: '2026-03-01T09:00:00.000Z' } : {}),
});

const seeded: Project[] = [
  project(1, REGION_A, 'gas', 'selection'),
  project(2, REGION_A, 'gas', 'selection'),
  project(3, REGION_A, 'gas', 'implementation'),
  project(4, REGION_A, 'heat', 'selection'),
  project(5, REGION_A, 'heat', 'contractor-determination'),
  project(6, REGION_B, 'gas', 'selection'),
  project(7, REGION_B, 'gas', 'completed'),
];
const ours = new Set(seeded.map((p) => p.id));
const idsOf = (items: { id: string }[]) => items.map((p) => p.id);
const oursIn = (items: { id: string }[]) => idsOf(items).filter((id) => ours.has(id));
const seededIds = (where: (p: Project) => boolean) => seeded.filter(where).map((p) => p.id);

/** Reads every page of a list; each page is checked to be full unless it is the last. */
const walk = async (query: string, limit: number) => {
  const pages: any[][] = [];
  let cursor: string | undefined;
  do {
    const response = await api(`/projects?${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    pages.push(response.body.items);
    cursor = response.body.cursor;
    if (cursor) expect(response.body.items).toHaveLength(limit);
    expect(pages.length).toBeLessThan(1000);
  } while (cursor);
  return pages;
};

const responseSchemaOf = (path: string) =>
  (buildOpenApi().paths[path]!.get!.responses['200'] as any).content['application/json'].schema as object;

// Written straight to the table in the adapter's item shape (`projectItem`): the API has no project writes.
beforeAll(async () => {
  await Promise.all(seeded.map((p) => seedProject(p)));
});

describe('GET /regions', () => {
  it('lists the 20 regions with ISO codes and names in kk, ru and en, and the sectors', async () => {
    // Act
    const response = await api('/regions');

    // Assess
    expect(response.status).toBe(200);
    expect(response.body.regions).toHaveLength(20);
    for (const region of response.body.regions) {
      expect(region.kato).toMatch(/^\d{2}0{7}$/);
      expect(region.iso).toBe(`KZ-${region.kato.slice(0, 2)}`);
      for (const lang of ['kk', 'ru', 'en']) expect(region.name[lang]).toEqual(expect.any(String));
    }
    expect(response.body.regions.find((r: any) => r.kato === '750000000').name).toEqual({
      kk: 'Алматы қаласы',
      ru: 'город Алматы',
      en: 'Almaty',
    });
    expect(response.body.sectors.map((s: any) => s.code)).toEqual(['heat', 'water', 'sewerage', 'electricity', 'gas']);
    expect(response.body.sectors[2].name.ru).toBe('Водоотведение и очистка сточных вод');
    expect(new Ajv2020({ strict: false }).validate(responseSchemaOf('/regions'), response.body)).toBe(true);
  });
});

describe('GET /projects', () => {
  it.each([
    ['region, sector and stage', `region=${REGION_A}&sector=gas&stage=selection`, (p: Project) => p.kato === REGION_A && p.sector === 'gas' && p.stage === 'selection'],
    ['region and sector', `region=${REGION_A}&sector=gas`, (p: Project) => p.kato === REGION_A && p.sector === 'gas'],
    ['region and stage', `region=${REGION_A}&stage=selection`, (p: Project) => p.kato === REGION_A && p.stage === 'selection'],
    ['region', `region=${REGION_A}`, (p: Project) => p.kato === REGION_A],
    ['stage and sector nationally', 'stage=selection&sector=gas', (p: Project) => p.stage === 'selection' && p.sector === 'gas'],
    ['stage nationally', 'stage=completed', (p: Project) => p.stage === 'completed'],
    ['sector nationally', 'sector=gas', (p: Project) => p.sector === 'gas'],
    ['nothing', 'sort=none', () => true],
  ])('filtered by %s returns exactly the matching projects', async (_name, query, matches) => {
    // Prepare
    const params = new URLSearchParams(query);
    params.delete('sort');

    // Act
    const response = await api(`/projects?${params}&limit=100`);

    // Assess
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(oursIn(response.body.items).sort()).toEqual(seededIds(matches).sort());
    for (const item of response.body.items) {
      if (params.has('region')) expect(item.kato).toBe(params.get('region'));
      if (params.has('sector')) expect(item.sector).toBe(params.get('sector'));
      if (params.has('stage')) expect(item.stage).toBe(params.get('stage'));
    }
  });

  it.each([
    ['a key condition', `region=${REGION_A}`],
    ['a filter on stage', `region=${REGION_A}&stage=selection`],
    ['a filter on sector', 'sector=gas'],
    ['the national index', 'stage=selection'],
  ])('walks every page of %s with limit=2: full pages, no repeats, no gaps', async (_name, query) => {
    // Prepare: the reference, read in pages of 100 (the national index holds every project the suite seeded so far,
    // which can pass 100).
    const whole = (await walk(query, 100)).flat();

    // Act
    const pages = await walk(query, 2);

    // Assess
    const walked = pages.flat();
    expect(new Set(idsOf(walked)).size).toBe(walked.length);
    expect(idsOf(walked)).toEqual(idsOf(whole));
    expect(pages.at(-1)!.length).toBeGreaterThan(0);
  });

  it('pages through the seeded projects of a region and sector in key order', async () => {
    // Act
    const pages = await walk(`region=${REGION_A}&sector=heat`, 1);

    // Assess
    expect(pages.map((page) => oursIn(page))).toEqual([[seeded[4]!.id], [seeded[3]!.id]]);
  });

  it('returns the public view only, as documented', async () => {
    // Act
    const response = await api(`/projects?region=${REGION_B}&limit=100`);

    // Assess
    expect(response.body.items.length).toBeGreaterThan(0);
    for (const item of response.body.items) expect(item).not.toHaveProperty('official');
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    expect(ajv.validate(responseSchemaOf('/projects'), response.body), ajv.errorsText()).toBe(true);
  });

  it.each([
    ['region=123', 'query.region'],
    ['region=750000001', 'query.region'],
    ['stage=nope', 'query.stage'],
    ['sector=coal', 'query.sector'],
    ['limit=0', 'query.limit'],
    ['limit=101', 'query.limit'],
    ['limit=two', 'query.limit'],
    ['regoin=750000000', 'query.regoin'],
    ['cursor=not-a-cursor', 'query.cursor'],
  ])('refuses %s with 422 naming %s', async (query, field) => {
    // Act
    const response = await api(`/projects?${query}`);

    // Assess
    expect(response.status).toBe(422);
    expect(response.body.error).toBe('validation');
    expect(response.body.fields.map((f: any) => f.path)).toContain(field);
  });

  it("refuses another list's cursor with 422 naming cursor", async () => {
    // Prepare
    const first = await api(`/projects?region=${REGION_A}&limit=1`);
    expect(first.body.cursor).toEqual(expect.any(String));

    // Act
    const response = await api(`/projects?region=${REGION_B}&cursor=${encodeURIComponent(first.body.cursor)}`);

    // Assess
    expect(response.status).toBe(422);
    expect(response.body.fields).toEqual([expect.objectContaining({ path: 'query.cursor' })]);
  });
});

describe('GET /projects/{id}', () => {
  it("returns the project without its official's name", async () => {
    // Prepare
    const { official: _official, ...expected } = seeded[2]!;

    // Act
    const response = await api(`/projects/${seeded[2]!.id}`);

    // Assess
    expect(response.status).toBe(200);
    expect(response.body).toEqual(expected);
    expect(response.body).not.toHaveProperty('official');
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    expect(ajv.validate(responseSchemaOf('/projects/{id}'), response.body), ajv.errorsText()).toBe(true);
  });

  it('answers 404 for an unknown id', async () => {
    // Act
    const response = await api(`/projects/${run}-99`);

    // Assess
    expect(response.status).toBe(404);
    expect(response.body.error).toBe('not_found');
  });

  it('answers 422 naming the id when it cannot be a project id', async () => {
    // Act
    const response = await api(`/projects/${'x'.repeat(65)}`);

    // Assess
    expect(response.status).toBe(422);
    expect(response.body.fields).toEqual([expect.objectContaining({ path: 'path.id' })]);
  });
});

describe('GET /openapi.json', () => {
  it('serves the generated OpenAPI 3.1 document without a token', async () => {
    // Act
    const response = await api('/openapi.json');

    // Assess
    expect(response.status).toBe(200);
    expect(response.body.openapi).toBe('3.1.0');
    expect(response.body.paths['/projects/{id}'].get.operationId).toBe('getProjectsById');
  });
});
