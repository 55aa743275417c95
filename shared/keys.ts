/**
 * Every key of the single table, built in one place. The access patterns they serve are listed in
 * `docs/access-patterns.md`; a new pattern adds a builder here and a row there.
 */

export interface ItemKey {
  readonly PK: string;
  readonly SK: string;
}

/** Sort-key prefix of the outbox/audit events of an entity's partition. */
export const EVENT_PREFIX = 'EVENT#';
/** Event ids sort by time: the outbox and the audit log read in order. */
export const eventSortKey = (at: string, eventId: string): string => `${EVENT_PREFIX}${at}#${eventId}`;

/** Sort-key prefixes of a competition's partition: its version snapshots, bids and questions. */
export const COMPETITION_VERSION_PREFIX = 'VERSION#';
export const BID_PREFIX = 'BID#';
export const QUESTION_PREFIX = 'QUESTION#';
/** Sort-key prefix of the releases in an OCDS contracting process's partition. */
export const RELEASE_PREFIX = 'RELEASE#';

/** Sort-key prefix of the contract pointers in a contractor's partition. */
export const SUPPLIER_CONTRACT_PREFIX = 'CONTRACT#';

export const keys = {
  health: (): ItemKey => ({ PK: 'HEALTH', SK: 'HEALTH' }),

  project: (id: string): ItemKey => ({ PK: `PROJECT#${id}`, SK: 'PROJECT' }),
  competition: (id: string): ItemKey => ({ PK: `COMP#${id}`, SK: 'COMP' }),
  /** The snapshot of a competition as published at `version` (`VERSION#0001`…): the amendment history. */
  competitionVersion: (id: string, version: number): ItemKey => ({
    PK: `COMP#${id}`,
    SK: `${COMPETITION_VERSION_PREFIX}${String(version).padStart(4, '0')}`,
  }),
  /** A stored answer to an idempotent request, per scope (e.g. the publishing akimat) and client key. */
  idempotency: (scope: string, key: string): ItemKey => ({ PK: `IDEMP#${scope}#${key}`, SK: 'IDEMP' }),
  /** A contact-centre inquiry; its audit events share the partition. */
  inquiry: (id: string): ItemKey => ({ PK: `INQUIRY#${id}`, SK: 'INQUIRY' }),

  /** A contractor's sealed bid: one item per (competition, BIN), so concurrent writes leave one current bid. */
  bid: (competitionId: string, bin: string): ItemKey => ({ PK: `COMP#${competitionId}`, SK: `${BID_PREFIX}${bin}` }),
  /** A tender document (all its versions and its pending upload in one item), in the competition's partition. */
  tenderDocument: (competitionId: string, docId: string): ItemKey => ({ PK: `COMP#${competitionId}`, SK: `${TENDER_DOCUMENT_PREFIX}${docId}` }),
  /** A bid document, sealed like the bid: listed by its bidder (`BIDDOC#<bin>#`), by anyone only after opening. */
  bidDocument: (competitionId: string, bin: string, docId: string): ItemKey => ({ PK: `COMP#${competitionId}`, SK: `${bidDocumentPrefix(bin)}${docId}` }),
  question: (competitionId: string, questionId: string): ItemKey => ({ PK: `COMP#${competitionId}`, SK: `${QUESTION_PREFIX}${questionId}` }),
  /** The akimat's qualification decision on one bid (one item per bidder, replaced when revised). */
  qualification: (competitionId: string, bin: string): ItemKey => ({ PK: `COMP#${competitionId}`, SK: `${QUALIFICATION_PREFIX}${bin}` }),
  /** A complaint about the competition or its award. */
  complaint: (competitionId: string, complaintId: string): ItemKey => ({ PK: `COMP#${competitionId}`, SK: `${COMPLAINT_PREFIX}${complaintId}` }),
  /** An entry of the register of unscrupulous participants, in its BIN's partition (the bid rule reads one partition). */
  registerEntry: (bin: string, entryId: string): ItemKey => ({ PK: registerPartition(bin), SK: `${REGISTER_ENTRY_PREFIX}${entryId}` }),

  contractor: (bin: string): ItemKey => ({ PK: `CONTRACTOR#${bin}`, SK: 'PROFILE' }),
  /** A contract (issue 14): one item with its signers, milestones, amendments and reports; its events share the partition. */
  contract: (id: string): ItemKey => ({ PK: `CONTRACT#${id}`, SK: 'CONTRACT' }),
  /**
   * A party's signature of a contract as submitted (the CMS, base64 DER), written once in the signing transaction. It
   * is kept out of the contract item, which every later change rewrites in full into three indexes: two CMS of about
   * 4.5 KB each had made every report cost some 70 WRU (docs/cost-model.md).
   */
  contractSignature: (contractId: string, party: string): ItemKey => ({ PK: `CONTRACT#${contractId}`, SK: `SIGNATURE#${party}` }),
  /** A supplier's contract: a pointer in the contractor's partition, written with the contract ("my contracts"). */
  supplierContract: (bin: string, contractId: string): ItemKey => ({ PK: `CONTRACTOR#${bin}`, SK: `${SUPPLIER_CONTRACT_PREFIX}${contractId}` }),
  /** A pending email verification, by the SHA-256 of its token (the token itself is never a key). */
  verification: (tokenHash: string): ItemKey => ({ PK: `VERIFY#${tokenHash}`, SK: 'VERIFY' }),
  /** One verified contractor subscribed to a region × sector: matching Queries `SUB#<kato>#<sector>`. */
  subscription: (kato: string, sector: string, bin: string): ItemKey => ({
    PK: subscriptionPartition(kato, sector),
    SK: `CONTRACTOR#${bin}`,
  }),

  /** An outbox/audit event of an entity, stored in the entity's partition. */
  event: (entityPk: string, at: string, eventId: string): ItemKey => ({ PK: entityPk, SK: eventSortKey(at, eventId) }),

  /** A contractor's one-click unsubscribe token (random, in every notification's unsubscribe link). */
  unsubscribe: (token: string): ItemKey => ({ PK: `UNSUB#${token}`, SK: 'UNSUB' }),
  /** An address SES reported as bouncing permanently or complaining: never mailed again. */
  suppression: (email: string): ItemKey => ({ PK: `SUPPRESS#${email.toLowerCase()}`, SK: 'SUPPRESS' }),

  /** The mailer's claim on one (event, recipient) pair: written before sending, so an email goes out once. */
  mailClaim: (eventId: string, recipient: string): ItemKey => ({ PK: mailClaimPartition(eventId), SK: `TO#${recipient}` }),

  /** One OCDS release of a contracting process (release id `<ocid>-<eventId>`: a redelivery finds it written). */
  ocdsRelease: (ocid: string, releaseId: string): ItemKey => ({ PK: ocdsReleasePartition(ocid), SK: `${RELEASE_PREFIX}${releaseId}` }),
  /** The change-feed entry of a release: one strongly consistent partition per month, sorted by write time. */
  ocdsFeedEntry: (writtenAt: string, releaseId: string): ItemKey => ({ PK: ocdsFeedPartition(writtenAt.slice(0, 7)), SK: `${writtenAt}#${releaseId}` }),
  /** The feed's first month, where a reader without a cursor starts. */
  ocdsFeedMeta: (): ItemKey => ({ PK: 'OCDSFEED#META', SK: 'META' }),
} as const;

export const TENDER_DOCUMENT_PREFIX = 'DOC#';
export const QUALIFICATION_PREFIX = 'QUAL#';
export const COMPLAINT_PREFIX = 'COMPLAINT#';
export const registerPartition = (bin: string): string => `UNSCRUPULOUS#${bin}`;
/** Entries in a BIN's partition (its events share it). */
export const REGISTER_ENTRY_PREFIX = 'ENTRY#';

/**
 * Index attributes of a complaint: by status nationally (GSI2: `COMPLAINTS#<status>` / `<reviewDueAt>#<id>`), so
 * the reviewing body's queue reads pending complaints by deadline. Written on every status change.
 */
export const complaintIndexKeys = (c: { id: string; status: string; reviewDueAt: string }) => ({
  GSI2PK: `COMPLAINTS#${c.status}`,
  GSI2SK: `${c.reviewDueAt}#${c.id}`,
});

/** Index attributes of a register entry: the whole register, newest first (GSI2: `UNSCRUPULOUS` / `<id>`), and by id. */
export const REGISTER_PARTITION = 'UNSCRUPULOUS';
export const registerIndexKeys = (e: { id: string }) => ({ GSI2PK: REGISTER_PARTITION, GSI2SK: e.id });
/** `BIDDOC#` (all bid documents of a competition) or `BIDDOC#<bin>#` (one bidder's). */
export const bidDocumentPrefix = (bin?: string): string => (bin ? `BIDDOC#${bin}#` : 'BIDDOC#');

export const ocdsReleasePartition = (ocid: string): string => `OCDS#${ocid}`;
export const ocdsFeedPartition = (month: string): string => `OCDSFEED#${month}`;

export const subscriptionPartition = (kato: string, sector: string): string => `SUB#${kato}#${sector}`;

/** The mail claims of one event, one item per recipient. */
export const mailClaimPartition = (eventId: string): string => `MAIL#${eventId}`;

/** A bidder's bids across competitions (GSI1 of the bid items). */
export const bidderPartition = (bin: string): string => `BIDS#${bin}`;

/** The bid item's index attributes: listed for its bidder, newest competition last. */
export const bidIndexKeys = (bid: { competitionId: string; bin: string }) => ({ GSI1PK: bidderPartition(bid.bin), GSI1SK: bid.competitionId });

/** The inquiries of one responsible party (GSI1) or, without one, of all (GSI2). */
export const inquiryPartition = (routedTo?: string): string => (routedTo ? `INQUIRIES#${routedTo}` : 'INQUIRIES');

/**
 * Index attributes of an inquiry: by responsible party (GSI1: `INQUIRIES#<routedTo>` / `<status>#<id>`, routedTo a
 * KATO code or `ministry`) and nationally (GSI2: `INQUIRIES` / `<status>#<id>`). Written on every status change.
 */
export const inquiryIndexKeys = (i: { id: string; routedTo: string; status: string }) => ({
  GSI1PK: inquiryPartition(i.routedTo),
  GSI1SK: `${i.status}#${i.id}`,
  GSI2PK: inquiryPartition(),
  GSI2SK: `${i.status}#${i.id}`,
});

/** The projects of one region (GSI1) or, without one, of the nation (GSI2). */
export const projectPartition = (kato?: string): string => (kato ? `PROJECTS#${kato}` : 'PROJECTS');

/**
 * Index attributes of a project: by region (GSI1: `PROJECTS#<kato>` / `<sector>#<stage>#<id>`) and nationally
 * (GSI2: `PROJECTS` / `<stage>#<sector>#<id>`). Written whenever the stage changes.
 */
export const projectIndexKeys = (p: { id: string; kato: string; sector: string; stage: string }) => ({
  GSI1PK: projectPartition(p.kato),
  GSI1SK: `${p.sector}#${p.stage}#${p.id}`,
  GSI2PK: projectPartition(),
  GSI2SK: `${p.stage}#${p.sector}#${p.id}`,
});

/** The competitions of one region (GSI1, by KATO code) or of one status (GSI2): `COMPS#<kato or status>`. */
export const competitionPartition = (regionOrStatus: string): string => `COMPS#${regionOrStatus}`;

/**
 * Index attributes of a competition: by region (GSI1: `COMPS#<kato>` / `<sector>#<status>#<id>`) and by status
 * (GSI2: `COMPS#<status>` / `<kato>#<sector>#<id>`). Ids sort by creation time. Written on every status change.
 */
export const competitionIndexKeys = (c: { id: string; kato: string; sector: string; status: string; publishedAt?: string }) => {
  // A competition never published (a draft, or a draft cancelled) stays in the private `draft` lists.
  const listed = c.publishedAt ? c.status : 'draft';
  return {
    GSI1PK: competitionPartition(c.kato),
    GSI1SK: `${c.sector}#${listed}#${c.id}`,
    GSI2PK: competitionPartition(listed),
    GSI2SK: `${c.kato}#${c.sector}#${c.id}`,
  };
};

/** The sparse deadline index (GSI3): competitions with a pending timer, by when it is due. */
export const DUE_PARTITION = 'DUE';

export const timerIndexKeys = (competitionId: string, dueAt: string | undefined) =>
  dueAt ? { GSI3PK: DUE_PARTITION, GSI3SK: `${dueAt}#${competitionId}` } : {};

/**
 * The sparse schedule index (GSI3, partition `PLANNED`): projects still at selection, by planned publication date,
 * region and id. Only `GSI3PK` toggles with the stage (an item is indexed only when both key attributes exist), so
 * the stage updates inside competition transactions need not know the planned date.
 */
export const PLANNED_PARTITION = 'PLANNED';

export const plannedIndexKeys = (p: { id: string; kato: string; stage: string; plannedPublicationDate?: string }) =>
  p.plannedPublicationDate
    ? { ...(p.stage === 'selection' ? { GSI3PK: PLANNED_PARTITION } : {}), GSI3SK: `${p.plannedPublicationDate}#${p.kato}#${p.id}` }
    : {};

/** Monitoring aggregates: one item per region (`STATS#<kato>`) and one national (`STATS#KZ`). */
export const statsKey = (scope: string): ItemKey => ({ PK: `STATS#${scope}`, SK: 'STATS' });

/** The aggregator's record that an event's counters were applied (with a TTL): a redelivery changes nothing. */
export const aggregationMarkerKey = (eventId: string): ItemKey => ({ PK: `AGG#${eventId}`, SK: 'AGG' });

/** The contracts of one region (GSI1) or of the nation (GSI2). */
export const contractPartition = (kato?: string): string => (kato ? `CONTRACTS#${kato}` : 'CONTRACTS');

/**
 * Index attributes of a contract: by region (GSI1: `CONTRACTS#<kato>` / `<status>#<id>`) and nationally (GSI2:
 * `CONTRACTS` / `<status>#<kato>#<id>`), so lists filter by status with a key condition. Written on every change.
 */
export const contractIndexKeys = (c: { id: string; kato: string; status: string }) => ({
  GSI1PK: contractPartition(c.kato),
  GSI1SK: `${c.status}#${c.id}`,
  GSI2PK: contractPartition(),
  GSI2SK: `${c.status}#${c.kato}#${c.id}`,
});

/** The sparse contract timer index (GSI3, partition `CONTRACTS-DUE`): the signing deadline, the next milestone due. */
export const CONTRACT_DUE_PARTITION = 'CONTRACTS-DUE';

export const contractTimerIndexKeys = (contractId: string, dueAt: string | undefined) =>
  dueAt ? { GSI3PK: CONTRACT_DUE_PARTITION, GSI3SK: `${dueAt}#${contractId}` } : {};
/** The financing applications of one region (GSI1) or, without one, of the nation (GSI2). */
export const financingPartition = (kato?: string): string => (kato ? `FINAPPS#${kato}` : 'FINAPPS');

/** The sparse waiting index (GSI3, partition `FINWAIT`): applications awaiting a decision, by submission time. */
export const FINANCING_WAITING_PARTITION = 'FINWAIT';

/**
 * Index attributes of a financing application: by region (GSI1: `FINAPPS#<kato>` / `<route>#<status>#<id>`),
 * nationally (GSI2: `FINAPPS` / `<route>#<status>#<kato>#<id>`) and, while it awaits a decision, in the waiting index
 * (GSI3: `FINWAIT` / `<submittedAt>#<id>`). Written with every change (the item is put whole).
 */
export const financingIndexKeys = (a: { id: string; kato: string; route: string; status: string; submittedAt: string }) => ({
  GSI1PK: financingPartition(a.kato),
  GSI1SK: `${a.route}#${a.status}#${a.id}`,
  GSI2PK: financingPartition(),
  GSI2SK: `${a.route}#${a.status}#${a.kato}#${a.id}`,
  ...(a.status === 'submitted' ? { GSI3PK: FINANCING_WAITING_PARTITION, GSI3SK: `${a.submittedAt}#${a.id}` } : {}),
});

export const financingKeys = {
  /** A financing application; its audit events share the partition. */
  application: (id: string): ItemKey => ({ PK: `FINAPP#${id}`, SK: 'FINAPP' }),
} as const;

/** Sort-key prefix of a competition's red flags (one item per flag, in the competition's partition). */
export const RED_FLAG_PREFIX = 'REDFLAG#';

/** The red flags of one region (GSI1) or, without one, of the nation (GSI2). */
export const redFlagPartition = (kato?: string): string => (kato ? `REDFLAGS#${kato}` : 'REDFLAGS');

export const redFlagKeys = {
  /** One red flag of a competition: written again by a redelivery, never twice. */
  flag: (competitionId: string, flag: string): ItemKey => ({ PK: `COMP#${competitionId}`, SK: `${RED_FLAG_PREFIX}${flag}` }),
  /** The competitions a winner won in a region in a year (a string set: adding a competition twice adds it once). */
  winnerTally: (kato: string, year: string, bin: string): ItemKey => ({ PK: `WINS#${kato}#${year}`, SK: `BIN#${bin}` }),
  /** How many competitions carry each flag, in a region (`<kato>`) or the nation (`KZ`): 21 items, one Query. */
  counts: (scope: string): ItemKey => ({ PK: RED_FLAG_COUNTS_PARTITION, SK: scope }),
} as const;

/** The partition of the red-flag counters (one item per region and one national). */
export const RED_FLAG_COUNTS_PARTITION = 'REDFLAGCOUNTS';

/** Index attributes of a red flag: by region (GSI1: `REDFLAGS#<kato>` / `<flag>#<id>`) and nationally (GSI2). */
export const redFlagIndexKeys = (f: { competitionId: string; kato: string; flag: string }) => ({
  GSI1PK: redFlagPartition(f.kato),
  GSI1SK: `${f.flag}#${f.competitionId}`,
  GSI2PK: redFlagPartition(),
  GSI2SK: `${f.flag}#${f.kato}#${f.competitionId}`,
});

/** Sort-key prefix of a contract's overdue milestones (one item per milestone, in the contract's partition). */
export const OVERDUE_MILESTONE_PREFIX = 'OVERDUE#';

/** The overdue milestones of one region (GSI1) or, without one, of the nation (GSI2). */
export const overdueMilestonePartition = (kato?: string): string => (kato ? `OVERDUEMS#${kato}` : 'OVERDUEMS');

export const overdueMilestoneKeys = {
  /** One overdue milestone of a contract: written again by a redelivery, never twice; deleted when met or closed. */
  milestone: (contractId: string, milestoneId: string): ItemKey => ({ PK: `CONTRACT#${contractId}`, SK: `${OVERDUE_MILESTONE_PREFIX}${milestoneId}` }),
} as const;

/**
 * Index attributes of an overdue milestone: by region (GSI1: `OVERDUEMS#<kato>` / `<dueDate>#<contractId>#<milestoneId>`)
 * and nationally (GSI2: `OVERDUEMS` / the same), the longest overdue first.
 */
export const overdueMilestoneIndexKeys = (m: { contractId: string; milestoneId: string; kato: string; dueDate: string }) => ({
  GSI1PK: overdueMilestonePartition(m.kato),
  GSI1SK: `${m.dueDate}#${m.contractId}#${m.milestoneId}`,
  GSI2PK: overdueMilestonePartition(),
  GSI2SK: `${m.dueDate}#${m.contractId}#${m.milestoneId}`,
});
