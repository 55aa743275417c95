/**
 * Routes of the documents function: tender documents (the akimat's, public once published) and bid envelopes (the
 * contractor's, sealed until opening), uploaded and downloaded with presigned URLs.
 */
import { defineRoute } from '../route.js';
import {
  bidDocumentsResponse,
  bidDocumentView,
  contentQuery,
  documentParams,
  newBidDocumentBody,
  newTenderDocumentBody,
  newVersionBody,
  ownTenderDocumentsResponse,
  tenderDocumentsResponse,
  tenderDocumentView,
  uploadResponse,
} from '../../schemas/documents.js';

const tags = ['documents'];
const bidTags = ['bids'];

export const documentsRoutes = {
  createTender: defineRoute({
    method: 'POST',
    path: '/competitions/{id}/documents',
    auth: ['akimat'],
    summary: 'Add a tender document: returns a presigned upload (PUT the bytes with the given headers, then complete)',
    description: 'Type, size and SHA-256 are declared here and signed into the upload URL. After publication, completing it is an amendment.',
    tags,
    body: newTenderDocumentBody,
    response: { status: 201, schema: uploadResponse },
  }),
  listPublic: defineRoute({
    method: 'GET',
    path: '/competitions/{id}/documents',
    auth: 'public',
    summary: 'The documents of a published competition, each with its older versions',
    tags,
    response: { status: 200, schema: tenderDocumentsResponse },
  }),
  listOwnTender: defineRoute({
    method: 'GET',
    path: '/my/competitions/{id}/documents',
    auth: ['akimat'],
    summary: 'The akimat’s view of its competition’s documents (drafts and pending uploads included; links presigned)',
    tags,
    response: { status: 200, schema: ownTenderDocumentsResponse },
  }),
  replaceTender: defineRoute({
    method: 'PUT',
    path: '/competitions/{id}/documents/{docId}',
    auth: ['akimat'],
    summary: 'Upload a new version of a tender document (same flow as adding one); older versions stay downloadable',
    tags,
    params: documentParams,
    body: newVersionBody,
    response: { status: 201, schema: uploadResponse },
  }),
  completeTender: defineRoute({
    method: 'POST',
    path: '/competitions/{id}/documents/{docId}/complete',
    auth: ['akimat'],
    summary: 'Verify the stored bytes against the declared SHA-256 and make the version current (422 naming sha256 otherwise)',
    description: 'After publication this is an amendment: version +1, bids invalidated during tendering, deadline extended, subscribers and bidders notified.',
    tags,
    params: documentParams,
    response: { status: 200, schema: tenderDocumentView },
  }),
  content: defineRoute({
    method: 'GET',
    path: '/competitions/{id}/documents/{docId}/content',
    auth: 'public',
    summary: '302 to a short-lived presigned download of the current version (or `?version=N`)',
    tags,
    params: documentParams,
    query: contentQuery,
    response: { status: 302, description: 'Found', headers: { Location: 'A presigned download, valid for minutes' } },
  }),
  createBid: defineRoute({
    method: 'POST',
    path: '/competitions/{id}/bids/me/documents',
    auth: ['contractor'],
    summary: 'Add a document to one of the caller’s bid envelopes: returns a presigned upload',
    tags: bidTags,
    body: newBidDocumentBody,
    response: { status: 201, schema: uploadResponse },
  }),
  listOwnBid: defineRoute({
    method: 'GET',
    path: '/competitions/{id}/bids/me/documents',
    auth: ['contractor'],
    summary: 'The caller’s bid documents of this competition (sealed: nobody else lists them before opening)',
    tags: bidTags,
    response: { status: 200, schema: bidDocumentsResponse },
  }),
  completeBid: defineRoute({
    method: 'POST',
    path: '/competitions/{id}/bids/me/documents/{docId}/complete',
    auth: ['contractor'],
    summary: 'Verify a bid document’s stored bytes against its declared SHA-256',
    tags: bidTags,
    params: documentParams,
    response: { status: 200, schema: bidDocumentView },
  }),
  deleteBid: defineRoute({
    method: 'DELETE',
    path: '/competitions/{id}/bids/me/documents/{docId}',
    auth: ['contractor'],
    summary: 'Remove a bid document before the deadline (not while the current bid carries it)',
    tags: bidTags,
    params: documentParams,
    response: { status: 204, description: 'Removed' },
  }),
};
