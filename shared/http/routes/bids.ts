/**
 * Routes of the bids function: the contractor's own sealed bid, its list of bids, and the opened bids for the akimat.
 */
import { defineRoute } from '../route.js';
import {
  bidBody,
  bidReceiptResponse,
  bidSigningPayloadBody,
  openedBidsResponse,
  ownBidResponse,
  ownBidsResponse,
  signingPayloadResponse,
} from '../../schemas/competitions.js';

const tags = ['bids'];

export const bidsRoutes = {
  submit: defineRoute({
    method: 'PUT',
    path: '/competitions/{id}/bids/me',
    auth: ['contractor'],
    summary:
      'Submit or replace the caller’s sealed bid, signed (detached CMS over the signing payload); returns a receipt naming the signer',
    tags,
    body: bidBody,
    response: { status: 200, schema: bidReceiptResponse },
  }),
  signingPayload: defineRoute({
    method: 'POST',
    path: '/competitions/{id}/bids/me/signing-payload',
    auth: ['contractor'],
    summary: 'The canonical bytes (RFC 8785 JSON) a bid signs: base64 and their SHA-256',
    tags,
    body: bidSigningPayloadBody,
    response: { status: 200, schema: signingPayloadResponse },
  }),
  getOwn: defineRoute({
    method: 'GET',
    path: '/competitions/{id}/bids/me',
    auth: ['contractor'],
    summary: 'The caller’s own bid (and whether an amendment invalidated it)',
    tags,
    response: { status: 200, schema: ownBidResponse },
  }),
  withdraw: defineRoute({
    method: 'DELETE',
    path: '/competitions/{id}/bids/me',
    auth: ['contractor'],
    summary: 'Withdraw the caller’s bid before the deadline',
    tags,
    response: { status: 204, description: 'Withdrawn' },
  }),
  listOpened: defineRoute({
    method: 'GET',
    path: '/competitions/{id}/bids',
    auth: ['akimat'],
    summary: 'All bids, for the akimat of the region, after opening',
    tags,
    response: { status: 200, schema: openedBidsResponse },
  }),
  listOwn: defineRoute({
    method: 'GET',
    path: '/contractors/me/bids',
    auth: ['contractor'],
    summary: 'The caller’s bids across competitions',
    tags,
    response: { status: 200, schema: ownBidsResponse },
  }),
};
