/**
 * Every HTTP route of the API, by the function that serves it (the topology's function names, in its order). For the
 * topology, the OpenAPI document and the tests; a function's handler imports only its own module, so its bundle
 * carries only its own routes.
 */
import type { RouteDefinition, RouteTable } from '../route.js';
import { bidsRoutes } from './bids.js';
import { competitionsRoutes } from './competitions.js';
import { contractorsRoutes } from './contractors.js';
import { contractsRoutes } from './contracts.js';
import { documentsRoutes } from './documents.js';
import { evaluationRoutes } from './evaluation.js';
import { financingRoutes } from './financing.js';
import { healthRoutes } from './health.js';
import { inquiriesRoutes } from './inquiries.js';
import { monitoringRoutes } from './monitoring.js';
import { ocdsRoutes } from './ocds.js';
import { openapiRoutes } from './openapi.js';
import { referenceRoutes } from './reference.js';

export const routesByFunction = {
  health: healthRoutes,
  contractors: contractorsRoutes,
  competitions: competitionsRoutes,
  bids: bidsRoutes,
  evaluation: evaluationRoutes,
  documents: documentsRoutes,
  reference: referenceRoutes,
  inquiries: inquiriesRoutes,
  openapi: openapiRoutes,
  ocds: ocdsRoutes,
  monitoring: monitoringRoutes,
  contracts: contractsRoutes,
  financing: financingRoutes,
} as const satisfies Record<string, RouteTable>;

export type HttpFunctionName = keyof typeof routesByFunction;

/** Every route with the function that serves it, in declaration order. */
export const allRoutes = (): { fn: HttpFunctionName; route: RouteDefinition }[] =>
  (Object.entries(routesByFunction) as [HttpFunctionName, RouteTable][]).flatMap(([fn, table]) =>
    Object.values(table).map((route) => ({ fn, route })),
  );
