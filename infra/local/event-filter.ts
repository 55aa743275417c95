/**
 * Lambda event filtering (the `FilterCriteria` of an event source mapping) for the local pollers: a record is
 * delivered when it matches at least one pattern, and dropped otherwise, as Lambda does for a stream (a dropped
 * record is never retried and invokes nothing). The patterns are the topology's data, so the deployed mapping and
 * the local poller filter alike.
 *
 * The subset of the filter syntax Konkurs uses is implemented; anything else throws at start-up rather than match
 * differently from Lambda: nested objects (every key must match), arrays of literal values (string, number, boolean,
 * null: one must equal), and the operators `{ exists: boolean }`, `{ prefix: string }` and `{ 'anything-but': [...] }`.
 * https://docs.aws.amazon.com/lambda/latest/dg/invocation-eventfiltering.html
 */

import type { FilterPattern, FilterValue } from '../topology.js';

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const matchesValue = (rule: FilterValue, present: boolean, value: unknown): boolean => {
  if (rule === null || typeof rule !== 'object') return present && value === rule;
  if ('exists' in rule) return rule.exists === present;
  if ('prefix' in rule) return present && typeof value === 'string' && value.startsWith(rule.prefix);
  if ('anything-but' in rule) return present && !rule['anything-but'].includes(value as string | number);
  throw new Error(`event filter: unsupported rule ${JSON.stringify(rule)}`);
};

const matchesPattern = (pattern: FilterPattern, subject: unknown): boolean =>
  Object.entries(pattern).every(([key, rule]) => {
    const present = isRecord(subject) && Object.prototype.hasOwnProperty.call(subject, key);
    const value = present ? (subject as Record<string, unknown>)[key] : undefined;
    if (Array.isArray(rule)) return (rule as readonly FilterValue[]).some((r) => matchesValue(r, present, value));
    if (!isRecord(rule)) throw new Error(`event filter: ${key} must be an object or an array of values`);
    return present && matchesPattern(rule as FilterPattern, value);
  });

/** Throws on a pattern this implementation cannot evaluate exactly as Lambda would. */
export const checkFilterPattern = (pattern: FilterPattern): void => {
  for (const [key, rule] of Object.entries(pattern)) {
    if (Array.isArray(rule)) {
      for (const r of rule as readonly FilterValue[]) matchesValue(r, true, undefined);
    } else if (isRecord(rule)) checkFilterPattern(rule as FilterPattern);
    else throw new Error(`event filter: ${key} must be an object or an array of values`);
  }
};

/** Whether Lambda would deliver the record: no filters, or at least one pattern matches. */
export const passesFilters = (filters: readonly FilterPattern[] | undefined, record: unknown): boolean =>
  !filters || filters.length === 0 || filters.some((pattern) => matchesPattern(pattern, record));
