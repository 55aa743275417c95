/**
 * Page sizes of the OCDS change feed (`GET /ocds/releases`): the query schema and the use case read the same bounds.
 */
export const FEED_DEFAULT_LIMIT = 100;
export const FEED_MAX_LIMIT = 500;
