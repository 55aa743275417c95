/**
 * In-memory adapter of the contractor port, with the conditions of `shared/adapters/contractor-store.ts`: a BIN
 * registers once; a verification token is used once; matching entries exist only for verified contractors; the
 * resend rate limit is the condition of the resend write, over the counters as read.
 */
import type { Contractor, Subscription } from '../../../shared/domain/contractor.js';
import { ConflictError } from '../../../shared/errors.js';
import { keys, subscriptionPartition } from '../../../shared/keys.js';
import type { ContractorStore } from '../../../shared/use-cases/contractors.js';
import type { Recipient } from '../../../shared/use-cases/matching.js';
import { copy, type MemoryTable, type TransactItem } from './table.js';

const partition = (bin: string) => keys.contractor(bin).PK;
const subscriptionKey = (s: Subscription) => subscriptionPartition(s.kato, s.sector);

/** The matching entry of a verified contractor: what the fan-out needs to address the email. */
export const recipientOf = (c: Contractor): Recipient => ({
  bin: c.bin,
  email: c.email,
  language: c.language,
  name: c.name,
  ...(c.unsubscribeToken ? { unsubscribeToken: c.unsubscribeToken } : {}),
});

export const memoryContractorStore = (table: MemoryTable): ContractorStore => {
  const subscribe = (c: Contractor, s: Subscription): TransactItem => ({
    apply: () => {
      const entries = table.subscriptions.get(subscriptionKey(s)) ?? new Map<string, Recipient>();
      entries.set(c.bin, recipientOf(c));
      table.subscriptions.set(subscriptionKey(s), entries);
    },
  });
  const unsubscribe = (c: Contractor, s: Subscription): TransactItem => ({
    apply: () => void table.subscriptions.get(subscriptionKey(s))?.delete(c.bin),
  });
  const update = (bin: string, condition: (c: Contractor) => boolean, change: (c: Contractor) => Contractor): TransactItem => ({
    condition: () => {
      const c = table.contractors.get(bin);
      return !!c && condition(c);
    },
    apply: () => void table.contractors.set(bin, change(table.contractors.get(bin)!)),
  });

  const store: ContractorStore = {
    register: async (contractor, verification, event) => {
      table.transact(
        [
          { condition: () => !table.contractors.has(contractor.bin), apply: () => void table.contractors.set(contractor.bin, copy(contractor)) },
          {
            condition: () => !table.verifications.has(verification.tokenHash),
            apply: () => void table.verifications.set(verification.tokenHash, copy(verification)),
          },
          ...(contractor.unsubscribeToken ? [{ apply: () => void table.unsubscribeTokens.set(contractor.unsubscribeToken!, contractor.bin) }] : []),
          table.eventPut(partition(contractor.bin), event),
        ],
        () => new ConflictError(`BIN ${contractor.bin} is already registered`, [{ path: 'bin', message: 'already registered' }]),
      );
    },

    get: async (bin) => {
      const c = table.contractors.get(bin);
      return c ? copy(c) : undefined;
    },

    findVerification: async (tokenHash) => {
      const v = table.verifications.get(tokenHash);
      return v ? copy(v) : undefined;
    },

    findByUnsubscribeToken: async (token) => {
      const bin = table.unsubscribeTokens.get(token);
      return bin ? store.get(bin) : undefined;
    },

    unsubscribe: async (contractor, event) => store.replaceSubscriptions(contractor, [], event),

    replaceSubscriptions: async (contractor, next, event) => {
      const before = new Set(contractor.subscriptions.map(subscriptionKey));
      const after = new Set(next.map(subscriptionKey));
      const changes =
        contractor.status === 'verified'
          ? [
              ...contractor.subscriptions.filter((s) => !after.has(subscriptionKey(s))).map((s) => unsubscribe(contractor, s)),
              ...next.filter((s) => !before.has(subscriptionKey(s))).map((s) => subscribe(contractor, s)),
            ]
          : [];
      table.transact(
        [
          ...changes,
          update(contractor.bin, (c) => c.status === contractor.status, (c) => ({ ...c, subscriptions: copy(next) })),
          table.eventPut(partition(contractor.bin), event),
        ],
        () => new ConflictError('the contractor changed meanwhile; try again'),
      );
    },

    resendVerification: async (contractor, next, verification, event) => {
      table.transact(
        [
          update(
            contractor.bin,
            (c) =>
              c.status === 'pending' &&
              (c.verificationSentAt === undefined || c.verificationSentAt <= next.earliestLastSent) &&
              (c.verificationResendDay === undefined || c.verificationResendDay !== next.day || (c.verificationResends ?? 0) < next.perDay) &&
              (contractor.verificationResends === undefined
                ? c.verificationResends === undefined
                : c.verificationResends === contractor.verificationResends && c.verificationResendDay === contractor.verificationResendDay),
            (c) => ({
              ...c,
              verificationSentAt: next.sentAt,
              verificationResendDay: next.day,
              verificationResends: next.resends,
              verificationTokenHash: verification.tokenHash,
            }),
          ),
          {
            condition: () => !table.verifications.has(verification.tokenHash),
            apply: () => void table.verifications.set(verification.tokenHash, copy(verification)),
          },
          ...(contractor.verificationTokenHash ? [{ apply: () => void table.verifications.delete(contractor.verificationTokenHash!) }] : []),
          table.eventPut(partition(contractor.bin), event),
        ],
        () => new ConflictError('the contractor changed meanwhile, or a verification email was sent too recently'),
      );
    },

    verify: async (contractor, tokenHash, verifiedAt, event) => {
      table.transact(
        [
          update(contractor.bin, (c) => c.status === 'pending', (c) => ({ ...c, status: 'verified', verifiedAt })),
          { condition: () => table.verifications.has(tokenHash), apply: () => void table.verifications.delete(tokenHash) },
          ...contractor.subscriptions.map((s) => subscribe(contractor, s)),
          table.eventPut(partition(contractor.bin), event),
        ],
        () => new ConflictError('this verification token was already used'),
      );
    },
  };
  return store;
};
