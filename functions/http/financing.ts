/**
 * Financing applications: the akimat applies and resubmits, the financier of the route (the ministry for `budget`)
 * decides and records disbursements; akimats, financiers and the ministry list and read them.
 */
import { financingStore } from '../../shared/adapters/financing-store.js';
import { pageBody } from '../../shared/adapters/pagination.js';
import { projectStore } from '../../shared/adapters/project-store.js';
import { httpApi } from '../../shared/http/api.js';
import { financingRoutes } from '../../shared/http/routes/financing.js';
import {
  applicationFor,
  applicationView,
  decideApplication,
  listApplications,
  recordDisbursement,
  resubmitApplication,
  submitApplication,
  type FinancingDeps,
} from '../../shared/use-cases/financing.js';

const deps: FinancingDeps = { applications: financingStore, projects: projectStore };

export const handler = httpApi(financingRoutes, {
  submit: async ({ caller, params, body }) => {
    const app = await submitApplication(deps, caller, params.id, body);
    return { body: applicationView(app), headers: { Location: `/financing-applications/${app.id}` } };
  },
  decide: async ({ caller, params, body }) => ({ body: applicationView(await decideApplication(deps, caller, params.id, body)) }),
  resubmit: async ({ caller, params, body }) => ({ body: applicationView(await resubmitApplication(deps, caller, params.id, body)) }),
  disburse: async ({ caller, params, body }) => ({ body: applicationView(await recordDisbursement(deps, caller, params.id, body)) }),
  list: async ({ caller, query: q }) => {
    const page = await listApplications(
      deps,
      caller,
      { ...(q.region ? { region: q.region } : {}), ...(q.route ? { route: q.route } : {}), ...(q.status ? { status: q.status } : {}) },
      { limit: q.limit, ...(q.cursor ? { cursor: q.cursor } : {}) },
    );
    return { body: pageBody({ ...page, items: page.items.map(applicationView) }) };
  },
  get: async ({ caller, params }) => ({ body: applicationView(await applicationFor(deps, caller, params.id)) }),
});
