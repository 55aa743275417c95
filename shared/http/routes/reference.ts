/**
 * Routes of the reference function: the regions and sectors lists are filtered by, and the МЭКС projects.
 */
import { defineRoute } from '../route.js';
import {
  listProjectsQuery,
  projectIdParams,
  projectPageResponse,
  projectViewSchema,
  referenceDataResponse,
} from '../../schemas/projects.js';
import { disqualificationReasonsResponse, qualificationRequirementsQuery, qualificationRequirementsResponse } from '../../schemas/evaluation.js';

const tags = ['reference'];

export const referenceRoutes = {
  regions: defineRoute({
    method: 'GET',
    path: '/regions',
    auth: 'public',
    summary: 'The 20 top-level regions (KATO, ISO 3166-2, names in kk/ru/en) and the МЭКС sectors',
    tags,
    response: { status: 200, schema: referenceDataResponse },
  }),
  projects: defineRoute({
    method: 'GET',
    path: '/projects',
    auth: 'public',
    summary: 'МЭКС projects, by region, sector and stage',
    description: 'Pages hold `limit` projects except the last; pass the returned `cursor` to read the next page.',
    tags,
    query: listProjectsQuery,
    response: { status: 200, schema: projectPageResponse },
  }),
  project: defineRoute({
    method: 'GET',
    path: '/projects/{id}',
    auth: 'public',
    summary: 'One МЭКС project',
    tags,
    params: projectIdParams,
    response: { status: 200, schema: projectViewSchema },
  }),
  qualificationRequirements: defineRoute({
    method: 'GET',
    path: '/reference/qualification-requirements',
    auth: 'public',
    summary: 'The template of qualification requirements of a sector (codes the akimat sets on a draft)',
    tags,
    query: qualificationRequirementsQuery,
    response: { status: 200, schema: qualificationRequirementsResponse },
  }),
  disqualificationReasons: defineRoute({
    method: 'GET',
    path: '/reference/disqualification-reasons',
    auth: 'public',
    summary: 'The reason codes of a disqualification',
    tags,
    response: { status: 200, schema: disqualificationReasonsResponse },
  }),
};
