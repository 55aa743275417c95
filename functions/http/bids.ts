/**
 * Sealed bids: the contractor's own bid (submit, replace, read, withdraw), its list of bids, and the opened bids
 * for the akimat.
 */
import { bidStore } from '../../shared/adapters/bid-store.js';
import { competitionStore } from '../../shared/adapters/competition-store.js';
import { httpApi } from '../../shared/http/api.js';
import { parseInput } from '../../shared/http/validation.js';
import { bidBody } from '../../shared/schemas/competitions.js';
import { getOwnBid, listOpenedBids, listOwnBids, submitBid, withdrawBid } from '../../shared/use-cases/bids.js';

const deps = { competitions: competitionStore, bids: bidStore };

export const handler = httpApi({
  'PUT /competitions/{id}/bids/me': async ({ caller, params, body }) => {
    const { price } = parseInput(bidBody, body);
    return { statusCode: 200, body: await submitBid(deps, caller!, params.id!, price) };
  },
  'GET /competitions/{id}/bids/me': async ({ caller, params }) => ({
    statusCode: 200,
    body: await getOwnBid(deps, caller!, params.id!),
  }),
  'DELETE /competitions/{id}/bids/me': async ({ caller, params }) => {
    await withdrawBid(deps, caller!, params.id!);
    return { statusCode: 204 };
  },
  'GET /competitions/{id}/bids': async ({ caller, params }) => ({
    statusCode: 200,
    body: { items: await listOpenedBids(deps, caller!, params.id!) },
  }),
  'GET /contractors/me/bids': async ({ caller }) => ({
    statusCode: 200,
    body: { items: await listOwnBids(deps, caller!) },
  }),
});
