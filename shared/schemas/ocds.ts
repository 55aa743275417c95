/**
 * Schemas of the open data routes: the change-feed query and the ocid path parameter (validated by the handler), and
 * outlines of the OCDS packages for the OpenAPI document. The packages themselves are specified by the official OCDS
 * 1.1 schemas (release package, record package), which the tests validate every response against.
 */
import * as z from 'zod/mini';
import { FEED_DEFAULT_LIMIT, FEED_MAX_LIMIT } from '../domain/ocds-feed.js';
import { pageLimitSchema } from './common.js';
import { deferred } from './deferred.js';

/** `GET /ocds/releases` query. */
export const ocdsFeedQuery = deferred(() => z.strictObject({
  limit: pageLimitSchema(FEED_MAX_LIMIT, FEED_DEFAULT_LIMIT, 'Releases per page'),
  cursor: z.optional(
    z.string().check(
      z.minLength(1),
      z.maxLength(2048),
      z.describe('Where to continue: the `cursor` of the previous page’s `links.next`; absent to read from the start'),
    ),
  ),
}));

/** Path parameter of the per-process routes: an ocid (`<prefix>-<competition id>`). */
export const ocidParams = deferred(() => z.strictObject({
  ocid: z.string().check(z.regex(/^[A-Za-z0-9-]{1,120}$/, 'not an ocid'), z.describe('Open Contracting ID: `<prefix>-<competition id>`')),
}));

const publisherSchema = deferred(() => z.object({ name: z.string(), uri: z.optional(z.string()) }));

const packageFields = {
  uri: z.string(),
  version: z.literal('1.1'),
  publishedDate: z.string(),
  publisher: publisherSchema,
  license: z.string(),
  publicationPolicy: z.string(),
};

const releaseOutline = deferred(() => z.looseObject({
  ocid: z.string(),
  id: z.string(),
  date: z.string(),
  tag: z.array(z.string()),
  initiationType: z.literal('tender'),
}));

/** OCDS 1.1 release package (outline; the OCDS release package schema is normative). */
export const releasePackageResponse = deferred(() => z.looseObject({
  ...packageFields,
  releases: z.array(releaseOutline),
  links: z.optional(z.object({ next: z.string().check(z.describe('The next page of the change feed')) })),
}));

/** OCDS 1.1 record package (outline; the OCDS record package schema is normative). */
export const recordPackageResponse = deferred(() => z.looseObject({
  ...packageFields,
  packages: z.array(z.string()),
  records: z.array(
    z.looseObject({
      ocid: z.string(),
      releases: z.array(z.object({ url: z.string(), date: z.string(), tag: z.array(z.string()) })),
      compiledRelease: releaseOutline,
    }),
  ),
}));
