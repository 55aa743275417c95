/**
 * Routes of the financing function: financing applications (Baiterek). The akimat of a project's region applies and
 * resubmits after a return; a financier of the application's route (the ministry for `budget`) decides and records
 * disbursements; akimats, financiers and the ministry list and read them.
 */
import { defineRoute } from '../route.js';
import {
  applicationPageResponse,
  applicationSchema,
  decisionBody,
  disbursementBody,
  financingIdParams,
  listApplicationsQuery,
  resubmitBody,
  submitApplicationBody,
} from '../../schemas/financing.js';
import { projectIdParams } from '../../schemas/projects.js';

const tags = ['financing'];
const readers = ['akimat', 'financier', 'ministry'] as const;
const deciders = ['financier', 'ministry'] as const;

export const financingRoutes = {
  submit: defineRoute({
    method: 'POST',
    path: '/projects/{id}/financing-applications',
    auth: ['akimat'],
    summary: 'The akimat of the project’s region applies for financing on a route (→ submitted)',
    description:
      '`route`: `dbk-banks` (Development Bank of Kazakhstan and second-tier banks), `khc-bonds` (Kazakhstan Housing ' +
      'Company bond purchase) or `budget` (decided by the ministry). A project holds one application under review or ' +
      'approved at a time (409); an akimat of another region is refused (403).',
    tags,
    params: projectIdParams,
    body: submitApplicationBody,
    response: { status: 201, schema: applicationSchema, headers: { Location: 'The application: `/financing-applications/{id}`' } },
    errors: ['Conflict'],
  }),
  decide: defineRoute({
    method: 'POST',
    path: '/financing-applications/{id}/decision',
    auth: deciders,
    summary: 'A financier of the application’s route (the ministry for `budget`) approves, rejects or returns it',
    description:
      'Only a submitted application is decided (409 otherwise). `amount` with an approval: at most the requested amount ' +
      '(the requested one when absent). A financier of another route, or the ministry on a Baiterek route, gets 403.',
    tags,
    params: financingIdParams,
    body: decisionBody,
    response: { status: 200, schema: applicationSchema },
    errors: ['Conflict'],
  }),
  resubmit: defineRoute({
    method: 'POST',
    path: '/financing-applications/{id}/resubmit',
    auth: ['akimat'],
    summary: 'The akimat of the region resubmits a returned application (returned → submitted)',
    tags,
    params: financingIdParams,
    body: resubmitBody,
    response: { status: 200, schema: applicationSchema },
    errors: ['Conflict'],
  }),
  disburse: defineRoute({
    method: 'POST',
    path: '/financing-applications/{id}/disbursements',
    auth: deciders,
    summary: 'A financier of the route (the ministry for `budget`) records a disbursement of an approved application',
    description: 'The total disbursed stays within the approved amount (409); the value date may not be in the future.',
    tags,
    params: financingIdParams,
    body: disbursementBody,
    response: { status: 201, schema: applicationSchema },
    errors: ['Conflict'],
  }),
  list: defineRoute({
    method: 'GET',
    path: '/financing-applications',
    auth: readers,
    summary: 'Financing applications: a financier its route’s (its queue), an akimat its region’s, the ministry all',
    description: 'Filters: `route`, `status`, `region`. Naming another route (financier) or region (akimat) is 403.',
    tags,
    query: listApplicationsQuery,
    response: { status: 200, schema: applicationPageResponse },
  }),
  get: defineRoute({
    method: 'GET',
    path: '/financing-applications/{id}',
    auth: readers,
    summary: 'One application with its decision, disbursements and timestamped history',
    tags,
    params: financingIdParams,
    response: { status: 200, schema: applicationSchema },
  }),
};
