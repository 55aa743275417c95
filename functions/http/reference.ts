/**
 * Public reference data: the regions and sectors lists are filtered by, and the МЭКС projects.
 */
import { pageBody } from '../../shared/adapters/pagination.js';
import { projectStore } from '../../shared/adapters/project-store.js';
import { REGIONS } from '../../shared/domain/regions.js';
import { SECTOR_CODES, SECTORS } from '../../shared/domain/sectors.js';
import { httpApi } from '../../shared/http/api.js';
import { parseInput } from '../../shared/http/validation.js';
import { listProjectsQuery, projectIdParams } from '../../shared/schemas/projects.js';
import { getProject, listProjects } from '../../shared/use-cases/projects.js';

const referenceData = {
  regions: REGIONS.map(({ kato, iso, name }) => ({ kato, iso, name })),
  sectors: SECTOR_CODES.map((code) => SECTORS[code]),
};

export const handler = httpApi({
  // Fixed with the code: clients may cache it.
  'GET /regions': async () => ({
    statusCode: 200,
    body: referenceData,
    headers: { 'Cache-Control': 'public, max-age=3600' },
  }),
  'GET /projects': async ({ query }) => {
    const { limit, cursor, ...filter } = parseInput(listProjectsQuery, query, 'query');
    const page = await listProjects(projectStore, filter, { limit, ...(cursor ? { cursor } : {}) });
    return { statusCode: 200, body: pageBody(page) };
  },
  'GET /projects/{id}': async ({ params }) => {
    const { id } = parseInput(projectIdParams, params, 'path');
    return { statusCode: 200, body: await getProject(projectStore, id) };
  },
});
