/**
 * The register of unscrupulous participants (РНУ): the ministry lists a BIN for a period and may end the entry
 * early; anyone reads it; a listed BIN cannot bid.
 */
import { now as clockNow } from '../clock.js';
import { makeEvent, type DomainEvent } from '../domain/events.js';
import { newId } from '../domain/ids.js';
import { activeEntry, proposalPeriod, type UnscrupulousEntry } from '../domain/unscrupulous.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors.js';
import type { Caller } from '../http/identity.js';
import type { RegisterReader } from './evaluation.js';

export interface RegisterStore extends RegisterReader {
  add(entry: UnscrupulousEntry, event: DomainEvent): Promise<void>;
  get(id: string): Promise<UnscrupulousEntry | undefined>;
  /** Ends the entry at `at` if it has not ended. */
  end(entry: UnscrupulousEntry, at: string, event: DomainEvent): Promise<void>;
  /** Confirms a proposed entry (still proposed), as `next`. */
  confirm(next: UnscrupulousEntry, event: DomainEvent): Promise<void>;
  /** Every entry, newest first, a page at a time. */
  list(page: { limit: number; cursor?: string }): Promise<{ items: UnscrupulousEntry[]; cursor?: string }>;
}

const registerEvent = (type: 'registry.entry-added' | 'registry.entry-ended', entry: UnscrupulousEntry, caller: Caller, at: string): DomainEvent => {
  const facts = { bin: entry.bin, reason: entry.reason, basis: entry.basis, from: entry.from, until: entry.until };
  const fields = { at, actor: { sub: caller.sub, role: caller.role }, subject: { kind: 'registry' as const, id: entry.id } };
  return type === 'registry.entry-added'
    ? makeEvent('registry.entry-added', { ...fields, data: facts })
    : makeEvent('registry.entry-ended', { ...fields, data: { ...facts, endedAt: entry.endedAt! } });
};

/** The public view of an entry (who listed it stays internal) and whether it bars its BIN now. */
export const entryView = (e: UnscrupulousEntry, now: Date = clockNow()) => {
  const { createdBy: _createdBy, ...rest } = e;
  return { ...rest, active: activeEntry([e], now) !== undefined };
};

export interface EntryInput {
  readonly bin: string;
  readonly reason: string;
  readonly basis: string;
  readonly from: string;
  readonly until: string;
}

export const addEntry = async (store: RegisterStore, caller: Caller, input: EntryInput): Promise<UnscrupulousEntry> => {
  const from = new Date(input.from).toISOString();
  const until = new Date(input.until).toISOString();
  if (until <= from) throw new ValidationError([{ path: 'until', message: 'must be later than from' }]);
  const at = clockNow().toISOString();
  const entry: UnscrupulousEntry = { id: newId(), bin: input.bin, reason: input.reason, basis: input.basis, from, until, createdAt: at, createdBy: caller.sub };
  await store.add(entry, registerEvent('registry.entry-added', entry, caller, at));
  return entry;
};

export const endEntry = async (store: RegisterStore, caller: Caller, id: string): Promise<UnscrupulousEntry> => {
  const entry = await store.get(id);
  if (!entry) throw new NotFoundError(`no register entry ${id}`);
  const now = clockNow();
  const at = now.toISOString();
  if (entry.endedAt || entry.until <= at) throw new ConflictError(`the entry ended at ${entry.endedAt ?? entry.until}`);
  const ended: UnscrupulousEntry = { ...entry, endedAt: at };
  await store.end(entry, at, registerEvent('registry.entry-ended', ended, caller, at));
  return ended;
};

/** Refuses a bid from a BIN the register bars now (403 naming the entry). */
export const assertNotListed = async (register: RegisterReader, bin: string, now: Date): Promise<void> => {
  const entry = activeEntry(await register.listByBin(bin), now);
  if (entry) {
    throw new ForbiddenError(`the BIN ${bin} is in the register of unscrupulous participants until ${entry.until} (entry ${entry.id}, ${entry.basis})`);
  }
};

/**
 * The ministry confirms an entry the platform proposed when a winner refused (or failed) to sign its contract: its
 * term starts now.
 */
export const confirmEntry = async (store: RegisterStore, caller: Caller, id: string): Promise<UnscrupulousEntry> => {
  const entry = await store.get(id);
  if (!entry) throw new NotFoundError(`no register entry ${id}`);
  if (entry.status !== 'proposed') throw new ConflictError('only a proposed entry can be confirmed');
  const now = clockNow();
  const at = now.toISOString();
  const confirmed: UnscrupulousEntry = { ...entry, ...proposalPeriod(now), status: 'confirmed', confirmedAt: at };
  const facts = { bin: confirmed.bin, reason: confirmed.reason, basis: confirmed.basis, from: confirmed.from, until: confirmed.until };
  await store.confirm(
    confirmed,
    makeEvent('registry.entry-confirmed', { at, actor: { sub: caller.sub, role: caller.role }, subject: { kind: 'registry', id: entry.id }, data: { ...facts, confirmedAt: at } }),
  );
  return confirmed;
};
