/**
 * Open data reads: the OCDS change feed (release packages a page at a time), the releases of one contracting process
 * and its record. No AWS here: storage is the `OcdsReleaseReader` port.
 *
 * The change feed lists releases in the order they were written. Entries live in one strongly consistent partition
 * per month, sorted by `writtenAt`; a page returns only entries written before `now − holdBack`, so a writer whose
 * `writtenAt` falls inside the hold-back window — possibly still committing — is never passed by the cursor (the
 * bound the writer keeps is in `ocds-publisher.ts`). The cursor holds the month and the last sort key returned.
 */
import { ValidationError, NotFoundError } from '../errors.js';
import { compileReleases } from '../domain/ocds-merge.js';
import { FEED_MAX_LIMIT } from '../domain/ocds-feed.js';
import { compareReleases, competitionIdOf, OCDS_BID_EXTENSION, type OcdsRelease, type ReleaseTag } from '../domain/ocds-release.js';
import { decodeCursor, encodeCursor } from '../adapters/pagination.js';
import type { StoredRelease } from './ocds-publisher.js';

/** One entry of the change feed. */
export interface FeedEntry {
  /** `<writtenAt>#<releaseId>`: the entry's place in its month. */
  readonly sortKey: string;
  readonly writtenAt: string;
  readonly release: OcdsRelease;
}

export interface OcdsReleaseReader {
  /** The first month holding feed entries (`YYYY-MM`), if any was ever written. */
  firstMonth(): Promise<string | undefined>;
  /**
   * Entries of `month` after the sort key `after` (exclusive) and before `before` (exclusive), oldest first, read
   * strongly consistent; `more` when the month may hold further entries below `before`.
   */
  feed(month: string, after: string | undefined, before: string, limit: number): Promise<{ entries: FeedEntry[]; more: boolean }>;
  /** Every release of one contracting process; empty when the ocid is unknown. */
  releasesOf(ocid: string): Promise<StoredRelease[]>;
}

export interface PackageMeta {
  /** Base URL of the public API: package `uri`s and `links.next` are built on it. */
  readonly apiBaseUrl: string;
  readonly publisher: { readonly name: string; readonly uri?: string };
  readonly license: string;
  readonly publicationPolicy: string;
}

export interface OcdsPackageDeps {
  readonly releases: OcdsReleaseReader;
  /** The clock module's `now`: the hold-back is measured on the same clock the writer stamps `writtenAt` with. */
  readonly now: () => Date;
  readonly holdBackMs: number;
  readonly ocidPrefix: string;
  readonly meta: PackageMeta;
}

/** OCDS 1.1 release package, with the `links.next` of the change feed. */
export interface ReleasePackage {
  readonly uri: string;
  readonly version: '1.1';
  readonly publishedDate: string;
  readonly publisher: PackageMeta['publisher'];
  readonly license: string;
  readonly publicationPolicy: string;
  readonly releases: readonly OcdsRelease[];
  readonly links?: { readonly next: string };
}

export interface LinkedRelease {
  readonly url: string;
  readonly date: string;
  readonly tag: readonly ReleaseTag[];
}

/** OCDS 1.1 record package: one record with linked releases and the compiled release. */
export interface RecordPackage {
  readonly uri: string;
  readonly version: '1.1';
  readonly publishedDate: string;
  readonly publisher: PackageMeta['publisher'];
  readonly license: string;
  readonly publicationPolicy: string;
  readonly packages: readonly string[];
  readonly records: readonly [{ readonly ocid: string; readonly releases: readonly LinkedRelease[]; readonly compiledRelease: OcdsRelease }];
}

/** A place in the feed: a month and the last sort key read in it ('' before its first entry). */
export interface FeedPosition {
  readonly month: string;
  readonly after: string;
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export const encodeFeedCursor = (position: FeedPosition): string => encodeCursor({ m: position.month, a: position.after })!;

/** @throws ValidationError (422 on `query.cursor`) when the cursor is not one this feed returned */
export const decodeFeedCursor = (cursor: string): FeedPosition => {
  const state = decodeCursor(cursor);
  const month = state?.m;
  const after = state?.a;
  if (
    typeof month !== 'string' ||
    typeof after !== 'string' ||
    !MONTH.test(month) ||
    (after !== '' && after.slice(0, 7) !== month) ||
    Object.keys(state ?? {}).length !== 2
  ) {
    throw new ValidationError([{ path: 'query.cursor', message: 'not a cursor returned by this feed' }]);
  }
  return { month, after };
};

/** The month after `YYYY-MM`. */
export const nextMonth = (month: string): string => {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, '0')}`;
};

const base = (meta: PackageMeta): string => meta.apiBaseUrl.replace(/\/+$/, '');

export const feedUrl = (meta: PackageMeta, position: FeedPosition, limit: number): string =>
  `${base(meta)}/ocds/releases?cursor=${encodeFeedCursor(position)}&limit=${limit}`;

export const releasesUrl = (meta: PackageMeta, ocid: string): string => `${base(meta)}/ocds/releases/${encodeURIComponent(ocid)}`;

const recordUrl = (meta: PackageMeta, ocid: string): string => `${base(meta)}/ocds/records/${encodeURIComponent(ocid)}`;

const latest = (dates: readonly string[]): string => dates.reduce((a, b) => (a > b ? a : b));

const envelope = (meta: PackageMeta, uri: string, publishedDate: string) => ({
  uri,
  version: '1.1' as const,
  // `bids.details[]` (signed bids after opening) come from the bid extension.
  extensions: [OCDS_BID_EXTENSION],
  publishedDate,
  publisher: meta.publisher,
  license: meta.license,
  publicationPolicy: meta.publicationPolicy,
});

export interface FeedPage {
  /** Undefined when nothing new is visible yet: OCDS packages hold at least one release. */
  readonly package?: ReleasePackage;
  /** Where to read next (also when the page was empty). */
  readonly next: string;
}

/**
 * One page of the change feed: releases in the order they were written, starting after `cursor` (or at the first
 * month with data), walking month by month up to the month of `now − holdBack`, at most `limit` releases.
 */
export const readFeed = async (deps: OcdsPackageDeps, request: { cursor?: string; limit: number }): Promise<FeedPage> => {
  const limit = Math.min(Math.max(1, Math.floor(request.limit)), FEED_MAX_LIMIT);
  const start = request.cursor ? decodeFeedCursor(request.cursor) : undefined;
  // Taken before reading: every entry below the cutoff has committed unless its write outlasted the hold-back.
  const cutoff = new Date(deps.now().getTime() - deps.holdBackMs).toISOString();
  const cutoffMonth = cutoff.slice(0, 7);
  // Before any write, no entry can be older than the cutoff: the feed starts in the cutoff's month.
  const from: FeedPosition = start ?? { month: (await deps.releases.firstMonth()) ?? cutoffMonth, after: '' };

  const entries: FeedEntry[] = [];
  let position = from;
  while (entries.length < limit && position.month <= cutoffMonth) {
    const page = await deps.releases.feed(position.month, position.after || undefined, cutoff, limit - entries.length);
    entries.push(...page.entries);
    if (page.entries.length > 0) position = { month: position.month, after: page.entries[page.entries.length - 1]!.sortKey };
    if (page.more && page.entries.length > 0) continue;
    // The month is read up to the cutoff; once the cutoff is past its end no entry can still appear in it.
    if (position.month >= cutoffMonth) break;
    position = { month: nextMonth(position.month), after: '' };
  }

  const next = feedUrl(deps.meta, position, limit);
  if (entries.length === 0) return { next };
  return {
    package: {
      ...envelope(deps.meta, feedUrl(deps.meta, from, limit), latest(entries.map((e) => e.writtenAt))),
      releases: entries.map((e) => e.release),
      links: { next },
    },
    next,
  };
};

const releasesOrThrow = async (deps: OcdsPackageDeps, ocid: string): Promise<StoredRelease[]> => {
  const stored = competitionIdOf(deps.ocidPrefix, ocid) ? await deps.releases.releasesOf(ocid) : [];
  if (stored.length === 0) throw new NotFoundError(`no contracting process ${ocid}`);
  return [...stored].sort((a, b) => compareReleases(a.release, b.release));
};

/** Every release of one contracting process, oldest first. @throws NotFoundError for an unknown ocid */
export const releasePackageOf = async (deps: OcdsPackageDeps, ocid: string): Promise<ReleasePackage> => {
  const stored = await releasesOrThrow(deps, ocid);
  return {
    ...envelope(deps.meta, releasesUrl(deps.meta, ocid), latest(stored.map((s) => s.writtenAt))),
    releases: stored.map((s) => s.release),
  };
};

/** The record of one contracting process: its releases, linked, and the compiled release. @throws NotFoundError */
export const recordPackageOf = async (deps: OcdsPackageDeps, ocid: string): Promise<RecordPackage> => {
  const stored = await releasesOrThrow(deps, ocid);
  const releases = stored.map((s) => s.release);
  const packageUrl = releasesUrl(deps.meta, ocid);
  return {
    ...envelope(deps.meta, recordUrl(deps.meta, ocid), latest(stored.map((s) => s.writtenAt))),
    packages: [packageUrl],
    records: [
      {
        ocid,
        releases: releases.map((r) => ({ url: `${packageUrl}#${r.id}`, date: r.date, tag: r.tag as readonly ReleaseTag[] })),
        compiledRelease: compileReleases(releases),
      },
    ],
  };
};
