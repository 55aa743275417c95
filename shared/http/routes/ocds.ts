/**
 * Routes of the ocds function: open data (OCDS 1.1), the change feed of releases and the releases and record of one
 * contracting process.
 */
import { defineRoute } from '../route.js';
import { ocdsFeedQuery, ocidParams, recordPackageResponse, releasePackageResponse } from '../../schemas/ocds.js';

const tags = ['open data'];

export const ocdsRoutes = {
  feed: defineRoute({
    method: 'GET',
    path: '/ocds/releases',
    auth: 'public',
    summary: 'The OCDS change feed: release packages of every public competition change, in the order written',
    description:
      'One OCDS 1.1 release per publication, amendment, cancellation, bid opening, unsuccessful end and award. ' +
      'Follow `links.next` (also in the `Link` header) to read on: the cursor never skips nor repeats a release, even ' +
      'one written concurrently, because a page only holds releases written more than the hold-back ago ' +
      '(`OCDS_FEED_HOLD_BACK_SECONDS`, 2 s by default). When nothing new is visible yet the answer is 204 No Content ' +
      'with the `Link: <…>; rel="next"` to poll (an OCDS package holds at least one release). Without a cursor the ' +
      'feed starts at its first release. Validates against the OCDS 1.1.5 release package schema.',
    tags,
    query: ocdsFeedQuery,
    response: {
      status: 200,
      schema: releasePackageResponse,
      headers: { Link: 'The next page: `<…>; rel="next"`' },
      alternatives: { 204: { description: 'Nothing new yet: poll the `Link` header’s next page later' } },
    },
  }),
  releases: defineRoute({
    method: 'GET',
    path: '/ocds/releases/{ocid}',
    auth: 'public',
    summary: 'Every OCDS release of one contracting process (competition), oldest first',
    description: 'The ocid is `<OCDS_PREFIX>-<competition id>`; 404 for an unknown ocid or a competition never published.',
    tags,
    params: ocidParams,
    response: { status: 200, schema: releasePackageResponse },
  }),
  record: defineRoute({
    method: 'GET',
    path: '/ocds/records/{ocid}',
    auth: 'public',
    summary: 'The OCDS record of one contracting process: its releases (linked) and the compiled release',
    description: 'The compiled release merges the releases by the OCDS merge rules (latest value wins; parties, amendments and awards merge by `id`).',
    tags,
    params: ocidParams,
    response: { status: 200, schema: recordPackageResponse },
  }),
};
