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

  project: (id: string): ItemKey => ({ PK: `PROJECT#${id}`, SK: 'PROJECT' }),
  competition: (id: string): ItemKey => ({ PK: `COMP#${id}`, SK: 'COMP' }),

  /** A contractor's sealed bid: one item per (competition, BIN), so concurrent writes leave one current bid. */
  bid: (competitionId: string, bin: string): ItemKey => ({ PK: `COMP#${competitionId}`, SK: `BID#${bin}` }),
  question: (competitionId: string, questionId: string): ItemKey => ({ PK: `COMP#${competitionId}`, SK: `QUESTION#${questionId}` }),

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

/**
 * Index attributes of a project: by region (GSI1: `PROJECTS#<kato>` / `<sector>#<stage>#<id>`) and nationally
 * (GSI2: `PROJECTS` / `<stage>#<sector>#<id>`). Written whenever the stage changes.
 */
export const projectIndexKeys = (p: { id: string; kato: string; sector: string; stage: string }) => ({
  GSI1PK: `PROJECTS#${p.kato}`,
  GSI1SK: `${p.sector}#${p.stage}#${p.id}`,
  GSI2PK: 'PROJECTS',
  GSI2SK: `${p.stage}#${p.sector}#${p.id}`,
});

/**
 * Index attributes of a competition: by region (GSI1: `COMPS#<kato>` / `<sector>#<status>#<id>`) and by status
 * (GSI2: `COMPS#<status>` / `<kato>#<sector>#<id>`). Ids sort by creation time. Written on every status change.
 */
export const competitionIndexKeys = (c: { id: string; kato: string; sector: string; status: string; publishedAt?: string }) => {
  // A competition never published (a draft, or a draft cancelled) stays in the private `draft` lists.
  const listed = c.publishedAt ? c.status : 'draft';
  return {
    GSI1PK: `COMPS#${c.kato}`,
    GSI1SK: `${c.sector}#${listed}#${c.id}`,
    GSI2PK: `COMPS#${listed}`,
    GSI2SK: `${c.kato}#${c.sector}#${c.id}`,
  };
};
