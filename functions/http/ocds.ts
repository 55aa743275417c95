/**
 * Open data (OCDS 1.1): the change feed of releases, and the releases and record of one contracting process.
 */
import { ocdsStore } from '../../shared/adapters/ocds-store.js';
import { now } from '../../shared/clock.js';
import { ocdsConfig } from '../../shared/config.js';
import { httpApi } from '../../shared/http/api.js';
import { ocdsRoutes } from '../../shared/http/routes/ocds.js';
import { readFeed, recordPackageOf, releasePackageOf, type OcdsPackageDeps } from '../../shared/use-cases/ocds-packages.js';

const deps: OcdsPackageDeps = {
  releases: ocdsStore,
  now,
  holdBackMs: ocdsConfig.holdBackMs,
  ocidPrefix: ocdsConfig.ocidPrefix,
  meta: {
    apiBaseUrl: ocdsConfig.apiBaseUrl,
    publisher: ocdsConfig.publisher,
    license: ocdsConfig.license,
    publicationPolicy: ocdsConfig.publicationPolicy,
  },
};

export const handler = httpApi(ocdsRoutes, {
  feed: async ({ query: { limit, cursor } }) => {
    const page = await readFeed(deps, { limit, ...(cursor ? { cursor } : {}) });
    const link = { Link: `<${page.next}>; rel="next"` };
    // Nothing new yet: an OCDS package must hold a release, so the answer is "no content, read there next".
    if (!page.package) return { statusCode: 204, headers: link };
    return { body: page.package, headers: link };
  },
  releases: async ({ params }) => ({ body: await releasePackageOf(deps, params.ocid) }),
  record: async ({ params }) => ({ body: await recordPackageOf(deps, params.ocid) }),
});
