/**
 * Public reference data: the regions and sectors lists are filtered by, and the МЭКС projects.
 */
import { pageBody } from '../../shared/adapters/pagination.js';
import { projectStore } from '../../shared/adapters/project-store.js';
import { DISQUALIFICATION_REASONS, DISQUALIFICATION_REASON_CODES, qualificationRequirements } from '../../shared/domain/evaluation.js';
import { REGIONS } from '../../shared/domain/regions.js';
import { SECTOR_CODES, SECTORS } from '../../shared/domain/sectors.js';
import { httpApi } from '../../shared/http/api.js';
import { referenceRoutes } from '../../shared/http/routes/reference.js';
import { getProject, listProjects } from '../../shared/use-cases/projects.js';

const referenceData = {
  regions: REGIONS.map(({ kato, iso, name }) => ({ kato, iso, name })),
  sectors: SECTOR_CODES.map((code) => SECTORS[code]),
};

export const handler = httpApi(referenceRoutes, {
  // Fixed with the code: clients may cache it.
  regions: async () => ({ body: referenceData, headers: { 'Cache-Control': 'public, max-age=3600' } }),
  projects: async ({ query: { limit, cursor, ...filter } }) => {
    const page = await listProjects(projectStore, filter, { limit, ...(cursor ? { cursor } : {}) });
    return { body: pageBody(page) };
  },
  project: async ({ params }) => ({ body: await getProject(projectStore, params.id) }),
  qualificationRequirements: async ({ query }) => ({
    body: { sector: query.sector, items: qualificationRequirements(query.sector) },
    headers: { 'Cache-Control': 'public, max-age=3600' },
  }),
  disqualificationReasons: async () => ({
    body: { items: DISQUALIFICATION_REASON_CODES.map((code) => ({ code, title: DISQUALIFICATION_REASONS[code] })) },
    headers: { 'Cache-Control': 'public, max-age=3600' },
  }),
});
