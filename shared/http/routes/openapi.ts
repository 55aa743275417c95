/**
 * Routes of the openapi function.
 */
import * as z from 'zod/mini';
import { defineRoute } from '../route.js';
import { deferred } from '../../schemas/deferred.js';

export const openapiRoutes = {
  document: defineRoute({
    method: 'GET',
    path: '/openapi.json',
    auth: 'public',
    summary: 'This OpenAPI 3.1 document',
    tags: ['operations'],
    response: { status: 200, schema: deferred(() => z.looseObject({ openapi: z.literal('3.1.0') })) },
  }),
};
