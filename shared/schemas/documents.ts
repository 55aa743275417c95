/**
 * Request and response schemas of the tender-document and bid-envelope routes (zod/mini). Declared files are checked
 * again against the configured types and size in the use case, with the same field names.
 */
import * as z from 'zod/mini';
import { BID_ENVELOPES, TENDER_DOCUMENT_TYPES } from '../domain/documents.js';
import { boundedText, languageSchema } from './common.js';
import { deferred } from './deferred.js';

const sha256Schema = deferred(() => z.string().check(z.regex(/^[0-9a-fA-F]{64}$/, 'the SHA-256 of the file as 64 hexadecimal digits')));

const fileFields = {
  fileName: z.string().check(z.minLength(1), z.maxLength(255)),
  contentType: z.string().check(z.minLength(3), z.maxLength(127), z.regex(/^[\w.+-]+\/[\w.+-]+$/, 'a media type such as application/pdf')),
  size: z.number().check(z.int(), z.gte(1)),
  sha256: sha256Schema,
};

export const newTenderDocumentBody = deferred(() => z.strictObject({
  documentType: z.enum(TENDER_DOCUMENT_TYPES),
  title: boundedText(300),
  language: z.optional(languageSchema),
  ...fileFields,
}));

export const newVersionBody = deferred(() => z.strictObject(fileFields));

export const newBidDocumentBody = deferred(() => z.strictObject({
  envelope: z.enum(BID_ENVELOPES),
  title: boundedText(300),
  ...fileFields,
}));

export const contentQuery = deferred(() => z.strictObject({
  version: z.optional(z.pipe(z.string().check(z.regex(/^[1-9]\d{0,3}$/, 'a version number')), z.transform(Number))),
}));

export const documentParams = deferred(() => z.strictObject({ id: z.string(), docId: z.string() }));

export const uploadResponse = deferred(() => z.object({
  id: z.string(),
  version: z.number(),
  status: z.literal('pending'),
  upload: z.object({ method: z.literal('PUT'), url: z.string(), headers: z.record(z.string(), z.string()) }),
}));

const versionView = deferred(() => z.object({
  version: z.number(),
  fileName: z.string(),
  contentType: z.string(),
  size: z.number(),
  sha256: z.string(),
  dateModified: z.string(),
  url: z.string(),
}));

export const tenderDocumentView = deferred(() => z.object({
  id: z.string(),
  documentType: z.enum(TENDER_DOCUMENT_TYPES),
  title: z.string(),
  language: z.optional(languageSchema),
  fileName: z.string(),
  contentType: z.string(),
  size: z.number(),
  sha256: z.string(),
  version: z.number(),
  status: z.literal('active'),
  datePublished: z.string(),
  dateModified: z.string(),
  url: z.string(),
  versions: z.optional(z.array(versionView)),
}));

export const tenderDocumentsResponse = deferred(() => z.object({ items: z.array(tenderDocumentView) }));

export const bidDocumentView = deferred(() => z.object({
  id: z.string(),
  envelope: z.enum(BID_ENVELOPES),
  title: z.string(),
  fileName: z.string(),
  contentType: z.string(),
  size: z.number(),
  sha256: z.string(),
  status: z.enum(['pending', 'active']),
  createdAt: z.string(),
  completedAt: z.optional(z.string()),
  url: z.optional(z.string()),
}));

export const bidDocumentsResponse = deferred(() => z.object({ items: z.array(bidDocumentView) }));

/** The akimat's view of a document: a first upload not yet completed, or the document with its presigned links. */
export const ownTenderDocumentsResponse = deferred(() => z.object({
  items: z.array(
    z.union([
      z.object({
        id: z.string(),
        documentType: z.enum(TENDER_DOCUMENT_TYPES),
        title: z.string(),
        fileName: z.string(),
        version: z.number(),
        status: z.literal('pending'),
      }),
      z.extend(tenderDocumentView, {
        pendingVersion: z.optional(z.number().check(z.describe('A new version uploaded and not yet completed'))),
      }),
    ]),
  ),
}));
