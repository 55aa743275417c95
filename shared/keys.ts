/**
 * Every key of the single table, built in one place. The access patterns they serve are listed in
 * `docs/access-patterns.md`; a new pattern adds a builder here and a row there.
 */

export interface ItemKey {
  readonly PK: string;
  readonly SK: string;
}

/** Event ids sort by time: the outbox and the audit log read in order. */
export const eventSortKey = (at: string, eventId: string): string => `EVENT#${at}#${eventId}`;

export const keys = {
  health: (): ItemKey => ({ PK: 'HEALTH', SK: 'HEALTH' }),

  contractor: (bin: string): ItemKey => ({ PK: `CONTRACTOR#${bin}`, SK: 'PROFILE' }),
  /** A pending email verification, by the SHA-256 of its token (the token itself is never a key). */
  verification: (tokenHash: string): ItemKey => ({ PK: `VERIFY#${tokenHash}`, SK: 'VERIFY' }),
  /** One verified contractor subscribed to a region × sector: matching Queries `SUB#<kato>#<sector>`. */
  subscription: (kato: string, sector: string, bin: string): ItemKey => ({
    PK: subscriptionPartition(kato, sector),
    SK: `CONTRACTOR#${bin}`,
  }),

  /** An outbox/audit event of an entity, stored in the entity's partition. */
  event: (entityPk: string, at: string, eventId: string): ItemKey => ({ PK: entityPk, SK: eventSortKey(at, eventId) }),

  /** The mailer's claim on one (event, recipient) pair: written before sending, so an email goes out once. */
  mailClaim: (eventId: string, recipient: string): ItemKey => ({ PK: `MAIL#${eventId}`, SK: `TO#${recipient}` }),
} as const;

export const subscriptionPartition = (kato: string, sector: string): string => `SUB#${kato}#${sector}`;
