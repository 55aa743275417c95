/**
 * Contractor registration, email verification and profile. No AWS here: storage is the `ContractorStore` port.
 */
import { createHash, randomBytes } from 'node:crypto';
import { ConflictError, ForbiddenError, NotFoundError, TooManyRequestsError, ValidationError } from '../errors.js';
import type { Caller } from '../http/identity.js';
import { nowMs } from '../clock.js';
import {
  normaliseSubscriptions,
  RESEND_INTERVAL_SECONDS,
  RESENDS_PER_DAY,
  resendDecision,
  VERIFICATION_TTL_SECONDS,
  type Contractor,
  type Subscription,
} from '../domain/contractor.js';
import { makeEvent, type DomainEvent } from '../domain/events.js';
import type { Lang } from '../domain/regions.js';

export interface PendingVerification {
  readonly tokenHash: string;
  readonly bin: string;
  /** Epoch seconds. */
  readonly expiresAt: number;
}

export interface ContractorStore {
  /** Creates the contractor, its pending verification and the event at once; ConflictError when the BIN exists. */
  register(contractor: Contractor, verification: PendingVerification, event: DomainEvent): Promise<void>;
  get(bin: string): Promise<Contractor | undefined>;
  findVerification(tokenHash: string): Promise<PendingVerification | undefined>;
  /** Marks the contractor verified, consumes the token and subscribes it; ConflictError when not pending. */
  verify(contractor: Contractor, tokenHash: string, verifiedAt: string, event: DomainEvent): Promise<void>;
  /** The contractor an unsubscribe token belongs to. */
  findByUnsubscribeToken(token: string): Promise<Contractor | undefined>;
  /** Drops every subscription (and its matching entries) at once. */
  unsubscribe(contractor: Contractor, event: DomainEvent): Promise<void>;
  /** Replaces the subscriptions; a verified contractor's matching entries follow in the same write. */
  replaceSubscriptions(contractor: Contractor, next: readonly Subscription[], event: DomainEvent): Promise<void>;
  /**
   * Records a resend on the profile read as `contractor` and stores its new verification (retiring the previous
   * token), with the event. The write's condition is the rate limit itself (still pending, the last email at least
   * `earliestLastSent` ago, fewer than `perDay` resends today) and the counters as read; ConflictError otherwise.
   */
  resendVerification(
    contractor: Contractor,
    next: { readonly sentAt: string; readonly day: string; readonly resends: number; readonly earliestLastSent: string; readonly perDay: number },
    verification: PendingVerification,
    event: DomainEvent,
  ): Promise<void>;
}

export interface RegistrationInput {
  readonly bin: string;
  readonly name: string;
  readonly email: string;
  readonly language: Lang;
  readonly subscriptions?: readonly Subscription[];
}

const hashToken = (token: string): string => createHash('sha256').update(token).digest('base64url');

const actorOf = (caller: Caller) => ({ sub: caller.sub, role: caller.role });

/** Public view of a contractor: what its owner sees. */
export const contractorView = (c: Contractor) => ({
  bin: c.bin,
  name: c.name,
  email: c.email,
  language: c.language,
  status: c.status,
  subscriptions: c.subscriptions,
  registeredAt: c.registeredAt,
  ...(c.verifiedAt ? { verifiedAt: c.verifiedAt } : {}),
});

/**
 * Registers the calling contractor's organisation by BIN and sends (through the outbox) a verification email whose
 * link carries `token=<token>`. A BIN registers once.
 */
export const registerContractor = async (
  store: ContractorStore,
  caller: Caller,
  input: RegistrationInput,
): Promise<Contractor> => {
  if (caller.bin !== input.bin) throw new ForbiddenError('a contractor registers only its own BIN (the bin claim of its token)');
  const at = new Date(nowMs()).toISOString();
  const token = randomBytes(32).toString('base64url');
  const contractor: Contractor = {
    bin: input.bin,
    name: input.name,
    email: input.email,
    language: input.language,
    status: 'pending',
    subscriptions: normaliseSubscriptions(input.subscriptions ?? []),
    registeredAt: at,
    unsubscribeToken: randomBytes(24).toString('base64url'),
    verificationSentAt: at,
    verificationTokenHash: hashToken(token),
  };
  const event = makeEvent('contractor.registered', {
    at,
    actor: actorOf(caller),
    subject: { kind: 'contractor', id: input.bin },
    data: { name: input.name, email: input.email, language: input.language, verificationToken: token },
    after: contractorView(contractor),
  });
  await store.register(
    contractor,
    { tokenHash: hashToken(token), bin: input.bin, expiresAt: Math.floor(nowMs() / 1000) + VERIFICATION_TTL_SECONDS },
    event,
  );
  return contractor;
};

/** Activates the account named by a verification token; a used, unknown or expired token is refused. */
export const verifyContractor = async (store: ContractorStore, token: string): Promise<Contractor> => {
  const tokenHash = hashToken(token);
  const pending = await store.findVerification(tokenHash);
  // TTL deletion is lazy (and absent in DynamoDB Local): an expired item counts as gone.
  if (!pending || pending.expiresAt <= nowMs() / 1000) {
    throw new ValidationError([{ path: 'token', message: 'unknown, used or expired verification token' }]);
  }
  const contractor = await store.get(pending.bin);
  if (!contractor) throw new NotFoundError('the contractor of this token no longer exists');
  if (contractor.status !== 'pending') throw new ConflictError('this contractor is already verified');
  const verifiedAt = new Date(nowMs()).toISOString();
  const event = makeEvent('contractor.verified', {
    at: verifiedAt,
    actor: { system: 'email-verification' },
    subject: { kind: 'contractor', id: contractor.bin },
    data: { registeredAt: contractor.registeredAt, verifiedAt },
    before: { status: 'pending' },
    after: { status: 'verified' },
  });
  await store.verify(contractor, tokenHash, verifiedAt, event);
  return { ...contractor, status: 'verified', verifiedAt };
};

/** What the resend answers: where the email goes and when the next resend is allowed. */
export interface ResendReceipt {
  readonly email: string;
  readonly sentAt: string;
  readonly resendsToday: number;
  readonly resendsLeftToday: number;
  readonly nextResendAt: string;
}

const tooMany = (decision: { retryAfterSeconds: number; reason: 'interval' | 'daily' }) =>
  new TooManyRequestsError(
    decision.reason === 'interval'
      ? `a verification email was sent less than ${RESEND_INTERVAL_SECONDS} seconds ago; retry after ${decision.retryAfterSeconds} s`
      : `the verification email was resent ${RESENDS_PER_DAY} times today; retry after ${decision.retryAfterSeconds} s`,
    decision.retryAfterSeconds,
  );

/**
 * Sends the calling (pending) contractor a new verification email with a new link; the previous link stops working.
 * Rate-limited per contractor (once a minute, {@link RESENDS_PER_DAY} a day): 429 with the seconds to wait. 409 when
 * already verified.
 */
export const resendVerification = async (store: ContractorStore, caller: Caller): Promise<ResendReceipt> => {
  const contractor = await getOwnContractor(store, caller);
  if (contractor.status !== 'pending') throw new ConflictError('this contractor is already verified');
  const now = new Date(nowMs());
  const decision = resendDecision(contractor, now);
  if (!decision.allowed) throw tooMany(decision);
  const sentAt = now.toISOString();
  const token = randomBytes(32).toString('base64url');
  const event = makeEvent('contractor.verification-resent', {
    at: sentAt,
    actor: actorOf(caller),
    subject: { kind: 'contractor', id: contractor.bin },
    data: { name: contractor.name, email: contractor.email, language: contractor.language, verificationToken: token, resendsToday: decision.resends },
  });
  try {
    await store.resendVerification(
      contractor,
      {
        sentAt,
        day: decision.day,
        resends: decision.resends,
        earliestLastSent: new Date(now.getTime() - RESEND_INTERVAL_SECONDS * 1000).toISOString(),
        perDay: RESENDS_PER_DAY,
      },
      { tokenHash: hashToken(token), bin: contractor.bin, expiresAt: Math.floor(now.getTime() / 1000) + VERIFICATION_TTL_SECONDS },
      event,
    );
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    // Someone else changed the profile meanwhile (a concurrent resend, the verification): say why, as of now.
    const current = await store.get(contractor.bin);
    if (current?.status === 'verified') throw new ConflictError('this contractor is already verified');
    const again = current ? resendDecision(current, now) : undefined;
    throw again && !again.allowed ? tooMany(again) : tooMany({ retryAfterSeconds: RESEND_INTERVAL_SECONDS, reason: 'interval' });
  }
  return {
    email: contractor.email,
    sentAt,
    resendsToday: decision.resends,
    resendsLeftToday: RESENDS_PER_DAY - decision.resends,
    nextResendAt: new Date(now.getTime() + RESEND_INTERVAL_SECONDS * 1000).toISOString(),
  };
};

/** The calling contractor's own profile. */
export const getOwnContractor = async (store: ContractorStore, caller: Caller): Promise<Contractor> => {
  const contractor = caller.bin ? await store.get(caller.bin) : undefined;
  if (!contractor) throw new NotFoundError('no contractor is registered for this BIN yet');
  return contractor;
};

/** Replaces the calling contractor's regions × sectors. */
export const replaceSubscriptions = async (
  store: ContractorStore,
  caller: Caller,
  subscriptions: readonly Subscription[],
): Promise<Contractor> => {
  const contractor = await getOwnContractor(store, caller);
  const next = normaliseSubscriptions(subscriptions);
  const at = new Date(nowMs()).toISOString();
  await store.replaceSubscriptions(contractor, next, makeEvent('contractor.subscriptions-changed', {
    at,
    actor: actorOf(caller),
    subject: { kind: 'contractor', id: contractor.bin },
    data: {},
    before: { subscriptions: contractor.subscriptions },
    after: { subscriptions: next },
  }));
  return { ...contractor, subscriptions: next };
};

/**
 * One-click unsubscribe (RFC 8058) from notification emails: every subscription goes. Repeating it is harmless.
 */
export const unsubscribeByToken = async (store: ContractorStore, token: string): Promise<{ unsubscribed: boolean }> => {
  const contractor = await store.findByUnsubscribeToken(token);
  if (!contractor) throw new NotFoundError('unknown unsubscribe link');
  if (contractor.subscriptions.length === 0) return { unsubscribed: true };
  const at = new Date(nowMs()).toISOString();
  await store.unsubscribe(contractor, makeEvent('contractor.unsubscribed', {
    at,
    actor: { system: 'one-click-unsubscribe' },
    subject: { kind: 'contractor', id: contractor.bin },
    data: {},
    before: { subscriptions: contractor.subscriptions },
    after: { subscriptions: [] },
  }));
  return { unsubscribed: true };
};
