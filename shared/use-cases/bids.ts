/**
 * Sealed bids: a verified contractor submits, replaces or withdraws its own bid only inside the tender period. The
 * storage write is conditional on the competition's status and deadline against server time, so a bid a moment late
 * is refused even if no checker has run. Nobody but the author reads a bid before the bids are opened.
 */
import { createHash } from 'node:crypto';
import { now as clockNow } from '../clock.js';
import { isBidValid, type Bid, type Competition } from '../domain/competition.js';
import { assertTransition, effectiveStatus } from '../domain/competition-lifecycle.js';
import { makeEvent, type DomainEvent } from '../domain/events.js';
import { newId } from '../domain/ids.js';
import { bidDocumentRef, type BidDocument } from '../domain/documents.js';
import { bidSigningPayload, type SignedDocument, type Signer } from '../domain/signing.js';
import { ConflictError, ForbiddenError, NotFoundError, SignatureRejectedError, ValidationError } from '../errors.js';
import type { Caller } from '../http/identity.js';
import { getPublicCompetition, ownCompetition, type CompetitionStore } from './competitions.js';
import type { RegisterReader } from './evaluation.js';
import type { SignatureVerifier } from './signature-verifier.js';
import { assertNotListed } from './unscrupulous.js';

export interface BidStore {
  /** Writes the bid if, at `now`, the competition is inside its tender period and the contractor is verified. */
  put(bid: Bid, now: string, event: DomainEvent): Promise<void>;
  withdraw(competitionId: string, bin: string, now: string, event: DomainEvent): Promise<void>;
  get(competitionId: string, bin: string): Promise<Bid | undefined>;
  listBids(competitionId: string): Promise<Bid[]>;
  listByContractor(bin: string): Promise<Bid[]>;
}

/** What the bids need of the bid documents: the bidder's (or, after opening, everyone's) and their download links. */
export interface BidDocumentReader {
  listBid(competitionId: string, bin?: string): Promise<BidDocument[]>;
}

export interface BidDeps {
  readonly competitions: CompetitionStore;
  readonly bids: BidStore;
  readonly bidDocuments: BidDocumentReader;
  readonly presignDownload: (key: string, file: { fileName: string; contentType: string }) => Promise<string>;
  readonly maxDocumentsPerBid: number;
}

export interface SignedBidDeps extends BidDeps {
  readonly verifier: SignatureVerifier;
  /** False only where a pilot deployment relaxed the requirement: unsigned bids are then accepted. */
  readonly signatureRequired: boolean;
  /** The register of unscrupulous participants: a BIN listed now cannot bid. */
  readonly register: RegisterReader;
}

/** What the contractor submits: the price and the signature over the signing payload. */
export interface BidInput {
  readonly price: string;
  /** Ids of the caller's verified bid documents of this competition. */
  readonly documents?: readonly string[];
  readonly signature?: string;
}

/** The signer as receipts and the opened bids name them. */
export interface SignerView {
  readonly commonName: string;
  readonly certificateSerial: string;
  readonly issuer: string;
  readonly iin?: string;
  readonly authority?: 'head' | 'signatory';
  readonly signedAt: string;
}

const signerView = (s: Signer): SignerView => ({
  commonName: s.commonName,
  certificateSerial: s.certificateSerial,
  issuer: s.issuer,
  ...(s.iin ? { iin: s.iin } : {}),
  ...(s.authority ? { authority: s.authority } : {}),
  signedAt: s.signedAt,
});

export interface Receipt {
  readonly receiptId: string;
  readonly competitionId: string;
  readonly bin: string;
  readonly price: string;
  readonly competitionVersion: number;
  readonly submittedAt: string;
  readonly deadline: string;
  readonly documents: readonly { id: string; envelope: string; title: string; fileName: string; sha256: string; size: number; contentType: string }[];
  /** SHA-256 over the receipt's facts (with each document's id and SHA-256): the contractor can prove what it submitted and when. */
  readonly digest: string;
  /** Who signed the bid; absent on an unsigned bid. */
  readonly signer?: SignerView;
  /** SHA-256 (hex) of the signature's DER bytes. */
  readonly signatureSha256?: string;
}

/** The receipt digest's input: the bid's facts, then `<id>:<sha256>` of each document (none: as before documents existed). */
export const receiptDigest = (bid: Bid): string => {
  const facts: (string | number)[] = [bid.receiptId, bid.competitionId, bid.bin, bid.price, bid.competitionVersion, bid.submittedAt];
  const docs = (bid.documents ?? []).map((d) => `${d.id}:${d.sha256}`);
  return createHash('sha256')
    .update([...facts, ...(docs.length ? [docs.join(',')] : [])].join('|'))
    .digest('hex');
};

const receiptOf = (bid: Bid, c: Competition): Receipt => ({
  receiptId: bid.receiptId,
  competitionId: bid.competitionId,
  bin: bid.bin,
  price: bid.price,
  competitionVersion: bid.competitionVersion,
  submittedAt: bid.submittedAt,
  deadline: c.tenderPeriod!.endDate,
  documents: bid.documents ?? [],
  digest: receiptDigest(bid),
  ...(bid.signer ? { signer: signerView(bid.signer), signatureSha256: bid.signer.signatureSha256 } : {}),
});

/** Resolves the document ids of a bid to the caller's verified bid documents of this competition (else 422 `documents`). */
const resolveDocuments = async (deps: BidDeps, competitionId: string, bin: string, ids: readonly string[]) => {
  if (ids.length === 0) return [];
  if (new Set(ids).size !== ids.length) throw new ValidationError([{ path: 'documents', message: 'a document is listed twice' }]);
  if (ids.length > deps.maxDocumentsPerBid) throw new ValidationError([{ path: 'documents', message: `at most ${deps.maxDocumentsPerBid} documents` }]);
  const mine = new Map((await deps.bidDocuments.listBid(competitionId, bin)).filter((d) => d.status === 'active').map((d) => [d.id, d]));
  // Positions, not ids, in the message: the caller knows what it sent, and nothing here echoes another's ids.
  const unknown = ids.flatMap((id, i) => (mine.has(id) ? [] : [i + 1]));
  if (unknown.length) {
    throw new ValidationError([{ path: 'documents', message: `item(s) ${unknown.join(', ')}: not one of your verified documents of this competition` }]);
  }
  return ids.map((id) => bidDocumentRef(mine.get(id)!));
};

/** Download links of a bid's documents, for its author (before opening) or the akimat (after). */
const withLinks = async (deps: BidDeps, bid: Bid, stored: readonly BidDocument[]) => {
  const byId = new Map(stored.map((d) => [d.id, d]));
  return Promise.all(
    (bid.documents ?? []).map(async (d) => {
      const file = byId.get(d.id)?.file;
      return { ...d, ...(file ? { url: await deps.presignDownload(file.storageKey, file) } : {}) };
    }),
  );
};

const requireBin = (caller: Caller): string => {
  if (caller.role !== 'contractor' || !caller.bin) throw new ForbiddenError('bids are submitted by contractors');
  return caller.bin;
};

/** The documents a bid signs: each one's id and SHA-256 (the signed bytes list them sorted by id). */
const signedDocuments = (documents: readonly { id: string; sha256: string }[]): SignedDocument[] =>
  documents.map((d) => ({ id: d.id, sha256: d.sha256 }));

/** The canonical bytes a bid at `price` with these documents, in this competition, by this contractor, signs. */
const payloadOf = (competition: Competition, bin: string, price: string, documents: readonly { id: string; sha256: string }[]): Uint8Array =>
  bidSigningPayload({ competitionId: competition.id, competitionVersion: competition.version, bin, price, documents: signedDocuments(documents) });

/** `POST …/bids/me/signing-payload`: the bytes to sign (base64) and their SHA-256, for the caller's bid at `price`. */
export const bidSigningPayloadFor = async (deps: BidDeps, caller: Caller, competitionId: string, price: string, documentIds: readonly string[] = []) => {
  const bin = requireBin(caller);
  const competition = await getPublicCompetition(deps, competitionId);
  const bytes = payloadOf(competition, bin, price, await resolveDocuments(deps, competitionId, bin, documentIds));
  return { payload: Buffer.from(bytes).toString('base64'), sha256: createHash('sha256').update(bytes).digest('hex') };
};

export const submitBid = async (deps: SignedBidDeps, caller: Caller, competitionId: string, input: BidInput): Promise<Receipt> => {
  const bin = requireBin(caller);
  const { price } = input;
  const competition = await getPublicCompetition(deps, competitionId);
  const now = clockNow();
  assertTransition('submitBid', competition, now);
  // Checked when the bid is made; a listing after it is flagged at the opening (the evaluation's checks).
  await assertNotListed(deps.register, bin, now);
  const documents = await resolveDocuments(deps, competitionId, bin, input.documents ?? []);
  // Verified against the competition as read now; the storage condition below refuses the write if it closed since.
  let signer: Signer | undefined;
  if (input.signature !== undefined) {
    signer = await deps.verifier.verify({ signature: input.signature, payload: payloadOf(competition, bin, price, documents), bin, now });
  } else if (deps.signatureRequired) {
    throw new SignatureRejectedError('missing', 'a bid must carry a signature over the bytes of POST …/bids/me/signing-payload');
  }
  const at = now.toISOString();
  const bid: Bid = {
    competitionId,
    bin,
    price,
    competitionVersion: competition.version,
    submittedAt: at,
    receiptId: newId(),
    ...(documents.length ? { documents } : {}),
    ...(signer ? { signer, signature: input.signature!.replace(/\s+/g, '') } : {}),
  };
  const event = makeEvent('bid.submitted', {
    at,
    actor: { sub: caller.sub, role: caller.role },
    subject: { kind: 'competition', id: competitionId },
    data: {
      bin,
      price,
      receiptId: bid.receiptId,
      competitionVersion: bid.competitionVersion,
      documents: documents.map((d) => ({ id: d.id, sha256: d.sha256 })),
      ...(signer ? { signer: { ...signerView(signer), signatureSha256: signer.signatureSha256 } } : {}),
    },
  });
  try {
    await deps.bids.put(bid, at, event);
  } catch (error) {
    // The storage condition is the authority; explain its refusal with the competition as it is now.
    if (error instanceof ConflictError) assertTransition('submitBid', (await deps.competitions.get(competitionId, true)) ?? competition, clockNow());
    throw error;
  }
  return receiptOf(bid, competition);
};

export const withdrawBid = async (deps: BidDeps, caller: Caller, competitionId: string): Promise<void> => {
  const bin = requireBin(caller);
  const competition = await getPublicCompetition(deps, competitionId);
  const now = clockNow();
  assertTransition('withdrawBid', competition, now);
  const at = now.toISOString();
  await deps.bids.withdraw(competitionId, bin, at, makeEvent('bid.withdrawn', {
    at,
    actor: { sub: caller.sub, role: caller.role },
    subject: { kind: 'competition', id: competitionId },
    data: { bin },
  }));
};

/** The caller's own bid, with whether it still counts after amendments. */
export const getOwnBid = async (deps: BidDeps, caller: Caller, competitionId: string) => {
  const bin = requireBin(caller);
  const competition = await getPublicCompetition(deps, competitionId);
  const bid = await deps.bids.get(competitionId, bin);
  if (!bid) throw new NotFoundError('you have no bid in this competition');
  const documents = bid.documents?.length ? await withLinks(deps, bid, await deps.bidDocuments.listBid(competitionId, bin)) : [];
  return { ...receiptOf(bid, competition), documents, status: isBidValid(bid, competition) ? 'submitted' : 'invalidated' };
};

/** All bids, for the akimat of the region, once opened. */
export const listOpenedBids = async (deps: BidDeps, caller: Caller, competitionId: string) => {
  const competition = await ownCompetition(deps, caller, competitionId);
  if (!competition.bidsOpenedAt) {
    throw new ConflictError(`the bids are sealed until they are opened after the deadline ${competition.tenderPeriod?.endDate ?? ''}`.trim());
  }
  const bids = await deps.bids.listBids(competitionId);
  const stored = bids.some((b) => b.documents?.length) ? await deps.bidDocuments.listBid(competitionId) : [];
  return Promise.all(
    bids.map(async (b) => ({
      bin: b.bin,
      price: b.price,
      submittedAt: b.submittedAt,
      valid: isBidValid(b, competition),
      documents: await withLinks(deps, b, stored.filter((d) => d.bin === b.bin)),
      ...(b.signer ? { signer: signerView(b.signer), signatureSha256: b.signer.signatureSha256 } : {}),
    })),
  );
};

/** The calling contractor's bids across competitions ("my bids"). */
export const listOwnBids = async (deps: BidDeps, caller: Caller) => {
  const bin = requireBin(caller);
  const bids = await deps.bids.listByContractor(bin);
  const competitions = await Promise.all(bids.map((b) => deps.competitions.get(b.competitionId)));
  const now = clockNow();
  return bids.map((b, i) => {
    const c = competitions[i];
    return {
      competitionId: b.competitionId,
      price: b.price,
      submittedAt: b.submittedAt,
      status: c && isBidValid(b, c) ? 'submitted' : 'invalidated',
      ...(c ? { title: c.title, competitionStatus: effectiveStatus(c, now), deadline: c.tenderPeriod?.endDate } : {}),
    };
  });
};
