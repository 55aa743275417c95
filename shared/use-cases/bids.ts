/**
 * Sealed bids: a verified contractor submits, replaces or withdraws its own bid only inside the tender period. The
 * storage write is conditional on the competition's status and deadline against server time, so a bid a moment late
 * is refused even if no checker has run. Nobody but the author reads a bid before the bids are opened.
 */
import { createHash, randomUUID } from 'node:crypto';
import { now as clockNow } from '../clock.js';
import { effectiveStatus, isBidValid, isTendering, type Bid, type Competition } from '../domain/competition.js';
import type { DomainEvent } from '../domain/events.js';
import { newId } from '../domain/ids.js';
import { bidSigningPayload, type SignedDocument, type Signer } from '../domain/signing.js';
import { ConflictError, ForbiddenError, NotFoundError, SignatureRejectedError } from '../errors.js';
import type { Caller } from '../http/identity.js';
import { getPublicCompetition, ownCompetition, type CompetitionStore } from './competitions.js';
import type { SignatureVerifier } from './signature-verifier.js';

export interface BidStore {
  /** Writes the bid if, at `now`, the competition is inside its tender period and the contractor is verified. */
  put(bid: Bid, now: string, event: DomainEvent): Promise<void>;
  withdraw(competitionId: string, bin: string, now: string, event: DomainEvent): Promise<void>;
  get(competitionId: string, bin: string): Promise<Bid | undefined>;
  listBids(competitionId: string): Promise<Bid[]>;
  listByContractor(bin: string): Promise<Bid[]>;
}

export interface BidDeps {
  readonly competitions: CompetitionStore;
  readonly bids: BidStore;
}

export interface SignedBidDeps extends BidDeps {
  readonly verifier: SignatureVerifier;
  /** False only where a pilot deployment relaxed the requirement: unsigned bids are then accepted. */
  readonly signatureRequired: boolean;
}

/** What the contractor submits: the price and the signature over the signing payload. */
export interface BidInput {
  readonly price: string;
  readonly signature?: string;
}

/** The signer as receipts and the opened bids name them. */
export interface SignerView {
  readonly commonName: string;
  readonly certificateSerial: string;
  readonly issuer: string;
  readonly iin?: string;
  readonly signedAt: string;
}

const signerView = (s: Signer): SignerView => ({
  commonName: s.commonName,
  certificateSerial: s.certificateSerial,
  issuer: s.issuer,
  ...(s.iin ? { iin: s.iin } : {}),
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
  /** SHA-256 over the receipt's facts: the contractor can prove what it submitted and when. */
  readonly digest: string;
  /** Who signed the bid; absent on an unsigned bid. */
  readonly signer?: SignerView;
  /** SHA-256 (hex) of the signature's DER bytes. */
  readonly signatureSha256?: string;
}

const receiptOf = (bid: Bid, c: Competition): Receipt => ({
  receiptId: bid.receiptId,
  competitionId: bid.competitionId,
  bin: bid.bin,
  price: bid.price,
  competitionVersion: bid.competitionVersion,
  submittedAt: bid.submittedAt,
  deadline: c.tenderPeriod!.endDate,
  digest: createHash('sha256')
    .update([bid.receiptId, bid.competitionId, bid.bin, bid.price, bid.competitionVersion, bid.submittedAt].join('|'))
    .digest('hex'),
  ...(bid.signer ? { signer: signerView(bid.signer), signatureSha256: bid.signer.signatureSha256 } : {}),
});

const requireBin = (caller: Caller): string => {
  if (caller.role !== 'contractor' || !caller.bin) throw new ForbiddenError('bids are submitted by contractors');
  return caller.bin;
};

const closedError = (c: Competition, now: Date): ConflictError => {
  const end = c.tenderPeriod?.endDate;
  if (end && now.toISOString() >= end) return new ConflictError(`the deadline for bids passed at ${end}`);
  if (c.tenderPeriod && now.toISOString() < c.tenderPeriod.startDate) {
    return new ConflictError(`bids are accepted from ${c.tenderPeriod.startDate} until the deadline ${end}`);
  }
  return new ConflictError(`bids are not accepted in status ${effectiveStatus(c, now)}`);
};

/**
 * The documents a bid signs. The bid-documents feature resolves the contractor's documents (id and SHA-256) here;
 * until it is merged a bid has none, and the signed bytes say so (`"documents":[]`).
 */
const bidDocuments = (): SignedDocument[] => [];

/** The canonical bytes a bid at `price` in this competition, by this contractor, signs. */
const payloadOf = (competition: Competition, bin: string, price: string): Uint8Array =>
  bidSigningPayload({ competitionId: competition.id, competitionVersion: competition.version, bin, price, documents: bidDocuments() });

/** `POST …/bids/me/signing-payload`: the bytes to sign (base64) and their SHA-256, for the caller's bid at `price`. */
export const bidSigningPayloadFor = async (deps: BidDeps, caller: Caller, competitionId: string, price: string) => {
  const bin = requireBin(caller);
  const competition = await getPublicCompetition(deps, competitionId);
  const bytes = payloadOf(competition, bin, price);
  return { payload: Buffer.from(bytes).toString('base64'), sha256: createHash('sha256').update(bytes).digest('hex') };
};

export const submitBid = async (deps: SignedBidDeps, caller: Caller, competitionId: string, input: BidInput): Promise<Receipt> => {
  const bin = requireBin(caller);
  const { price } = input;
  const competition = await getPublicCompetition(deps, competitionId);
  const now = clockNow();
  if (!isTendering(competition, now)) throw closedError(competition, now);
  // Verified against the competition as read now; the storage condition below refuses the write if it closed since.
  let signer: Signer | undefined;
  if (input.signature !== undefined) {
    signer = await deps.verifier.verify({ signature: input.signature, payload: payloadOf(competition, bin, price), bin, now });
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
    ...(signer ? { signer, signature: input.signature!.replace(/\s+/g, '') } : {}),
  };
  const event: DomainEvent = {
    eventId: randomUUID(),
    type: 'bid.submitted',
    at,
    actor: { sub: caller.sub, role: caller.role },
    subject: { kind: 'competition', id: competitionId },
    data: {
      bin,
      price,
      receiptId: bid.receiptId,
      competitionVersion: bid.competitionVersion,
      ...(signer ? { signer: { ...signerView(signer), signatureSha256: signer.signatureSha256 } } : {}),
    },
  };
  try {
    await deps.bids.put(bid, at, event);
  } catch (error) {
    // The storage condition is the authority; explain its refusal with the competition as it is now.
    if (error instanceof ConflictError) throw closedError((await deps.competitions.get(competitionId, true)) ?? competition, clockNow());
    throw error;
  }
  return receiptOf(bid, competition);
};

export const withdrawBid = async (deps: BidDeps, caller: Caller, competitionId: string): Promise<void> => {
  const bin = requireBin(caller);
  const competition = await getPublicCompetition(deps, competitionId);
  const now = clockNow();
  if (!isTendering(competition, now)) throw closedError(competition, now);
  const at = now.toISOString();
  await deps.bids.withdraw(competitionId, bin, at, {
    eventId: randomUUID(),
    type: 'bid.withdrawn',
    at,
    actor: { sub: caller.sub, role: caller.role },
    subject: { kind: 'competition', id: competitionId },
    data: { bin },
  });
};

/** The caller's own bid, with whether it still counts after amendments. */
export const getOwnBid = async (deps: BidDeps, caller: Caller, competitionId: string) => {
  const bin = requireBin(caller);
  const competition = await getPublicCompetition(deps, competitionId);
  const bid = await deps.bids.get(competitionId, bin);
  if (!bid) throw new NotFoundError('you have no bid in this competition');
  return { ...receiptOf(bid, competition), status: isBidValid(bid, competition) ? 'submitted' : 'invalidated' };
};

/** All bids, for the akimat of the region, once opened. */
export const listOpenedBids = async (deps: BidDeps, caller: Caller, competitionId: string) => {
  const competition = await ownCompetition(deps, caller, competitionId);
  if (!competition.bidsOpenedAt) {
    throw new ConflictError(`the bids are sealed until they are opened after the deadline ${competition.tenderPeriod?.endDate ?? ''}`.trim());
  }
  const bids = await deps.bids.listBids(competitionId);
  return bids.map((b) => ({
    bin: b.bin,
    price: b.price,
    submittedAt: b.submittedAt,
    valid: isBidValid(b, competition),
    ...(b.signer ? { signer: signerView(b.signer), signatureSha256: b.signer.signatureSha256 } : {}),
  }));
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
