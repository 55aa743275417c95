/**
 * GET /openapi.json: the API's OpenAPI 3.1 document, generated from the route definitions.
 */
import { httpApi } from '../../shared/http/api.js';
import { openapiRoutes } from '../../shared/http/routes/openapi.js';
import { buildOpenApi } from '../../shared/schemas/openapi.js';

// Built on the first request and kept for the container's life: converting every schema at init would lengthen
// each cold start (the import-time budget of docs/benchmarks.md). The unit tests build and validate the same
// document, so a schema that cannot be documented fails there, long before a request.
let document: ReturnType<typeof buildOpenApi> | undefined;

export const handler = httpApi(openapiRoutes, {
  document: async () => ({
    body: (document ??= buildOpenApi()),
    headers: { 'Cache-Control': 'public, max-age=300' },
  }),
});
