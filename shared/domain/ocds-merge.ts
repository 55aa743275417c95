/**
 * The OCDS merge routine (standard 1.1, "Merging"): compiles the releases of one contracting process into the
 * compiled release of its record.
 *
 * - Releases are applied oldest first (`compareReleases`); a later value replaces an earlier one.
 * - Objects merge field by field; `null` removes a field.
 * - Arrays of objects with `id` (parties, amendments, awards, tenderers, suppliers, documents…) merge by identifier:
 *   an item with a known `id` merges into it, a new `id` is appended. Other arrays (strings such as `roles` or
 *   `submissionMethod`, and the `wholeListMerge` fields of the schema) are replaced whole.
 * - The fields marked `omitWhenMerged` (`id`, `date`, `tag`) are dropped; the compiled release gets `tag: ['compiled']`,
 *   the date of the latest release and the id `<ocid>-<date>`, as the reference implementation (ocdsmerge) does.
 *
 * @module
 */
import { compareReleases, type OcdsRelease } from './ocds-release.js';

/** Fields whose arrays the release schema marks `wholeListMerge`. */
const WHOLE_LIST_MERGE = new Set(['additionalIdentifiers', 'additionalClassifications']);

/** Top-level release fields marked `omitWhenMerged`. */
const OMIT_WHEN_MERGED = new Set(['id', 'date', 'tag']);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const isObject = (value: unknown): value is Record<string, Json> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const hasIds = (value: readonly Json[]): boolean => value.length > 0 && value.every((item) => isObject(item) && 'id' in item);

const clone = <T>(value: T): T => structuredClone(value);

const mergeArray = (field: string, previous: Json | undefined, next: Json[]): Json[] => {
  if (WHOLE_LIST_MERGE.has(field) || !hasIds(next)) return clone(next);
  const merged: Json[] = Array.isArray(previous) && hasIds(previous) ? clone(previous) : [];
  for (const item of next as Record<string, Json>[]) {
    const index = merged.findIndex((m) => (m as Record<string, Json>).id === item.id);
    if (index < 0) merged.push(clone(item));
    else merged[index] = mergeObject(merged[index] as Record<string, Json>, item);
  }
  return merged;
};

const mergeObject = (previous: Record<string, Json>, next: Record<string, Json>): Record<string, Json> => {
  const out: Record<string, Json> = { ...previous };
  for (const [field, value] of Object.entries(next)) {
    if (value === null) delete out[field];
    else if (Array.isArray(value)) out[field] = mergeArray(field, out[field], value);
    else if (isObject(value)) out[field] = mergeObject(isObject(out[field]) ? out[field] : {}, value);
    else out[field] = value;
  }
  return out;
};

/**
 * The compiled release of one contracting process.
 *
 * @param releases - every release of the process, in any order (at least one)
 * @throws Error when `releases` is empty or mixes ocids
 */
export const compileReleases = (releases: readonly OcdsRelease[]): OcdsRelease => {
  if (releases.length === 0) throw new Error('nothing to compile');
  const ocid = releases[0]!.ocid;
  if (releases.some((r) => r.ocid !== ocid)) throw new Error('releases of different contracting processes');
  const ordered = [...releases].sort(compareReleases);
  let compiled: Record<string, Json> = {};
  for (const release of ordered) {
    const fields = Object.fromEntries(Object.entries(release).filter(([field]) => !OMIT_WHEN_MERGED.has(field))) as Record<string, Json>;
    compiled = mergeObject(compiled, fields);
  }
  const date = ordered[ordered.length - 1]!.date;
  return { ocid, id: `${ocid}-${date}`, date, tag: ['compiled'], ...(compiled as unknown as Omit<OcdsRelease, 'ocid' | 'id' | 'date' | 'tag'>) } as OcdsRelease;
};
