/**
 * GET /openapi.json: the API's OpenAPI 3.1 document, generated from the topology and the request schemas.
 */
import { httpApi } from '../../shared/http/api.js';
import { buildOpenApi } from '../../shared/schemas/openapi.js';

// Built once per container, at init: a schema that cannot be documented fails the cold start, not a request.
const document = buildOpenApi();

export const handler = httpApi({
  'GET /openapi.json': async () => ({
    statusCode: 200,
    body: document,
    headers: { 'Cache-Control': 'public, max-age=300' },
  }),
});
