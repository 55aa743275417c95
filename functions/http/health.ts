/**
 * GET /health: the function runs and the table answers (one GetItem of a sentinel key).
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../../shared/aws/dynamodb.js';
import { TABLE } from '../../shared/adapters/table.js';
import { nowIso } from '../../shared/clock.js';
import { httpApi } from '../../shared/http/api.js';
import { healthRoutes } from '../../shared/http/routes/health.js';
import { keys } from '../../shared/keys.js';

export const handler = httpApi(healthRoutes, {
  health: async () => {
    await documentClient.send(new GetCommand({ TableName: TABLE, Key: keys.health() }));
    return { body: { status: 'ok', time: nowIso() } };
  },
});
