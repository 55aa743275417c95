/**
 * Routes of the health function.
 */
import * as z from 'zod/mini';
import { defineRoute } from '../route.js';
import { deferred } from '../../schemas/deferred.js';

export const healthRoutes = {
  health: defineRoute({
    method: 'GET',
    path: '/health',
    auth: 'public',
    summary: 'The API answers and the table is reachable',
    tags: ['operations'],
    response: { status: 200, schema: deferred(() => z.object({ status: z.literal('ok'), time: z.string() })) },
  }),
};
