/**
 * Sealed bids on the in-memory ports: inside the tender period by server time only, from verified contractors, signed
 * over the platform's bytes, one current bid per contractor, invalidated by an amendment during tendering, readable
 * by nobody but the author until the bids are opened.
 */
import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../shared/domain/events.js';
import { bidSigningPayload } from '../../shared/domain/signing.js';
import { ConflictError, ForbiddenError, NotFoundError, SignatureRejectedError, ValidationError } from '../../shared/errors.js';
import {
  bidSigningPayloadFor,
  getOwnBid,
  listOpenedBids,
  listOwnBids,
  receiptDigest,
  submitBid,
  withdrawBid,
} from '../../shared/use-cases/bids.js';
import { cancelCompetition, competitionEvents, openBidsAsAkimat } from '../../shared/use-cases/competitions.js';
import { fakeSignature } from '../support/fake-signatures.js';
import { aBid, aBin, aContractor, aContractorCaller, anAkimat, aMinistry, T0 } from '../support/factories.js';
import { failureOf } from '../support/outcome.js';
import { memoryPorts } from '../support/memory/index.js';
import { aDraftIn, aPublishedIn, aTenderingIn, aVerifiedBidderIn, signedBid } from '../support/memory/scenarios.js';
import { moveClockTo, useTestClock } from '../support/test-clock.js';

useTestClock(T0);

describe('the tender period, by server time', () => {
  it('accepts a bid inside the period and answers a receipt whose digest covers its facts', async () => {
    const ports = memoryPorts();
    const { competition } = await aTenderingIn(ports);
    const { caller, contractor } = aVerifiedBidderIn(ports);

    const receipt = await signedBid(ports, caller, competition.id, '450000000');

    expect(receipt).toMatchObject({ competitionId: competition.id, bin: contractor.bin, price: '450000000', competitionVersion: 1, deadline: competition.tenderPeriod!.endDate });
    const stored = (await ports.bids.get(competition.id, contractor.bin))!;
    expect(receipt.digest).toBe(receiptDigest(stored));
    expect(receipt.signer).toMatchObject({ commonName: `Signatory of ${contractor.bin}` });
    expect(ports.table.eventTypes()).toContain('bid.submitted');
  });

  it('refuses a bid before the tender period opens, naming when it does', async () => {
    const ports = memoryPorts();
    const { competition } = await aPublishedIn(ports);
    const { caller } = aVerifiedBidderIn(ports);

    const early = await failureOf(signedBid(ports, caller, competition.id, '1'));

    expect(early).toBeInstanceOf(ConflictError);
    expect((early as Error).message).toContain(competition.tenderPeriod!.startDate);
  });

  it('accepts a bid a millisecond before the deadline and refuses one at it, naming the deadline, with no checker having run', async () => {
    const ports = memoryPorts();
    const { competition } = await aTenderingIn(ports);
    const early = aVerifiedBidderIn(ports);
    const late = aVerifiedBidderIn(ports);

    moveClockTo(competition.tenderPeriod!.endDate, -1);
    await signedBid(ports, early.caller, competition.id, '1');
    moveClockTo(competition.tenderPeriod!.endDate);
    const refused = await failureOf(signedBid(ports, late.caller, competition.id, '1'));

    expect(refused).toBeInstanceOf(ConflictError);
    expect((refused as Error).message).toContain(competition.tenderPeriod!.endDate);
    expect(await ports.bids.get(competition.id, late.contractor.bin)).toBeUndefined();
    expect((await ports.competitions.get(competition.id))!.status).toBe('active.clarification');
  });

  it('has storage itself refuse a bid written at the deadline, and one from an unverified contractor (403)', async () => {
    const ports = memoryPorts();
    const { competition } = await aTenderingIn(ports);
    const { contractor } = aVerifiedBidderIn(ports);
    const pending = ports.seed.contractor(aContractor({ status: 'pending' }));
    const bid = aBid({ competitionId: competition.id, bin: contractor.bin });
    // The port is called directly: the facts of the event do not matter to the write's conditions.
    const event = { eventId: 'e1', type: 'bid.submitted', at: T0, actor: { system: 'test' }, subject: { kind: 'competition', id: competition.id }, data: {} } as DomainEvent;

    const late = await failureOf(ports.bids.put(bid, competition.tenderPeriod!.endDate, event));
    const unverified = await failureOf(ports.bids.put({ ...bid, bin: pending.bin }, competition.tenderPeriod!.startDate, { ...event, eventId: 'e2' }));

    expect(late).toBeInstanceOf(ConflictError);
    expect(unverified).toBeInstanceOf(ForbiddenError);
    expect(ports.table.bids.get(competition.id)?.size ?? 0).toBe(0);
    expect(ports.table.eventTypes()).not.toContain('bid.submitted');
  });

  it('lets storage refuse a bid whose competition was cancelled after the use case read it open', async () => {
    const ports = memoryPorts();
    const { competition, akimat } = await aTenderingIn(ports);
    const { caller, contractor } = aVerifiedBidderIn(ports);
    const { payload } = await bidSigningPayloadFor(ports.bidDeps, caller, competition.id, '1');
    // The cancellation lands while the signature is being verified, between the read and the write.
    const verify = ports.bidDeps.verifier.verify;
    const deps = {
      ...ports.bidDeps,
      verifier: { verify: async (request: Parameters<typeof verify>[0]) => {
        await cancelCompetition(ports.competitionDeps, akimat, competition.id, 'noNeed');
        return verify(request);
      } },
    };

    const refused = await failureOf(submitBid(deps, caller, competition.id, { price: '1', signature: fakeSignature(payload, contractor.bin) }));

    expect(refused).toBeInstanceOf(ConflictError);
    expect((refused as Error).message).toContain('cancelled');
    expect(await ports.bids.get(competition.id, contractor.bin)).toBeUndefined();
  });

  it('refuses withdrawing after the deadline, and withdrawing a bid that is not there', async () => {
    const ports = memoryPorts();
    const { competition } = await aTenderingIn(ports);
    const bidder = aVerifiedBidderIn(ports);
    const idle = aVerifiedBidderIn(ports);
    await signedBid(ports, bidder.caller, competition.id, '1');

    expect(await failureOf(withdrawBid(ports.bidDeps, idle.caller, competition.id))).toBeInstanceOf(NotFoundError);
    moveClockTo(competition.tenderPeriod!.endDate);
    expect(await failureOf(withdrawBid(ports.bidDeps, bidder.caller, competition.id))).toBeInstanceOf(ConflictError);
    expect(await ports.bids.get(competition.id, bidder.contractor.bin)).toBeDefined();
  });
});

describe('who may bid', () => {
  it('refuses a contractor whose email is not verified, and one never registered (403)', async () => {
    const ports = memoryPorts();
    const { competition } = await aTenderingIn(ports);
    const pending = ports.seed.contractor(aContractor({ status: 'pending' }));
    const unregistered = aContractorCaller(aBin());

    expect(await failureOf(signedBid(ports, aContractorCaller(pending.bin), competition.id, '1'))).toBeInstanceOf(ForbiddenError);
    expect(await failureOf(signedBid(ports, unregistered, competition.id, '1'))).toBeInstanceOf(ForbiddenError);
    expect(ports.table.bids.get(competition.id)?.size ?? 0).toBe(0);
  });

  it('refuses callers who are not contractors, and competitions that are not public', async () => {
    const ports = memoryPorts();
    const { competition } = await aDraftIn(ports);
    const { caller } = aVerifiedBidderIn(ports);

    expect(await failureOf(submitBid(ports.bidDeps, anAkimat(), competition.id, { price: '1' }))).toBeInstanceOf(ForbiddenError);
    expect(await failureOf(signedBid(ports, caller, competition.id, '1'))).toBeInstanceOf(NotFoundError);
  });
});

describe('signatures', () => {
  const refusal = async (signature: string | undefined, signer = (bin: string) => bin) => {
    const ports = memoryPorts();
    const { competition } = await aTenderingIn(ports);
    const { caller, contractor } = aVerifiedBidderIn(ports);
    const payload = bidSigningPayload({ competitionId: competition.id, competitionVersion: 1, bin: signer(contractor.bin), price: '2', documents: [] });
    const error = await failureOf(
      submitBid(ports.bidDeps, caller, competition.id, { price: '1', ...(signature === undefined ? {} : { signature: signature || fakeSignature(payload, signer(contractor.bin)) }) }),
    );
    expect(await ports.bids.get(competition.id, contractor.bin)).toBeUndefined();
    return error as SignatureRejectedError;
  };

  it('requires one, naming the field signature', async () => {
    const error = await refusal(undefined);
    expect(error).toBeInstanceOf(SignatureRejectedError);
    expect(error).toMatchObject({ reason: 'missing', fields: [expect.objectContaining({ path: 'signature' })] });
  });

  it('refuses a signature over other bytes (another price) and one of another organisation', async () => {
    expect((await refusal('')).reason).toBe('payload_mismatch');
    const other = aBin();
    const ports = memoryPorts();
    const { competition } = await aTenderingIn(ports);
    const { caller } = aVerifiedBidderIn(ports);
    const { payload } = await bidSigningPayloadFor(ports.bidDeps, caller, competition.id, '1');
    expect(await failureOf(submitBid(ports.bidDeps, caller, competition.id, { price: '1', signature: fakeSignature(payload, other) }))).toMatchObject({ reason: 'not_this_organisation' });
  });

  it('signs the competition version, the caller’s BIN and the price, whatever BIN is asked for', async () => {
    const ports = memoryPorts();
    const { competition } = await aTenderingIn(ports);
    const { caller, contractor } = aVerifiedBidderIn(ports);

    const { payload } = await bidSigningPayloadFor(ports.bidDeps, caller, competition.id, '777');

    expect(JSON.parse(Buffer.from(payload, 'base64').toString('utf8'))).toEqual({ bin: contractor.bin, competitionId: competition.id, competitionVersion: 1, documents: [], price: '777' });
  });

  it('accepts an unsigned bid only where the pilot relaxed the requirement', async () => {
    const ports = memoryPorts({ signatureRequired: false });
    const { competition } = await aTenderingIn(ports);
    const { caller, contractor } = aVerifiedBidderIn(ports);

    const receipt = await submitBid(ports.bidDeps, caller, competition.id, { price: '1' });

    expect(receipt).not.toHaveProperty('signer');
    expect(await ports.bids.get(competition.id, contractor.bin)).not.toHaveProperty('signature');
  });
});

describe('one current bid per contractor', () => {
  it('keeps exactly one bid after twenty concurrent submissions, the price of one of them', async () => {
    const ports = memoryPorts();
    const { competition } = await aTenderingIn(ports);
    const { caller, contractor } = aVerifiedBidderIn(ports);
    const prices = Array.from({ length: 20 }, (_, i) => String(400_000_000 + i));

    await Promise.all(prices.map((price) => signedBid(ports, caller, competition.id, price)));

    expect(ports.table.bids.get(competition.id)!.size).toBe(1);
    expect(prices).toContain((await ports.bids.get(competition.id, contractor.bin))!.price);
  });

  it('replaces, withdraws and lists the caller’s own bids', async () => {
    const ports = memoryPorts();
    const { competition } = await aTenderingIn(ports);
    const { caller, contractor } = aVerifiedBidderIn(ports);

    await signedBid(ports, caller, competition.id, '500');
    await signedBid(ports, caller, competition.id, '400');
    expect(await getOwnBid(ports.bidDeps, caller, competition.id)).toMatchObject({ price: '400', status: 'submitted' });
    expect(await listOwnBids(ports.bidDeps, caller)).toEqual([expect.objectContaining({ competitionId: competition.id, price: '400', competitionStatus: 'active.tendering' })]);

    await withdrawBid(ports.bidDeps, caller, competition.id);

    expect(await failureOf(getOwnBid(ports.bidDeps, caller, competition.id))).toBeInstanceOf(NotFoundError);
    expect(await ports.bids.get(competition.id, contractor.bin)).toBeUndefined();
    expect(ports.table.eventTypes().filter((t) => t.startsWith('bid.'))).toEqual(['bid.submitted', 'bid.submitted', 'bid.withdrawn']);
  });
});

describe('sealed until opening', () => {
  it('shows a bid to its author only; the akimat sees all, with validity, once opened', async () => {
    const ports = memoryPorts();
    const { competition, akimat } = await aTenderingIn(ports);
    const x = aVerifiedBidderIn(ports);
    const y = aVerifiedBidderIn(ports);
    await signedBid(ports, x.caller, competition.id, '450000000');

    expect(await failureOf(getOwnBid(ports.bidDeps, y.caller, competition.id))).toBeInstanceOf(NotFoundError);
    expect(await failureOf(listOpenedBids(ports.bidDeps, akimat, competition.id))).toBeInstanceOf(ConflictError);
    expect(await failureOf(listOpenedBids(ports.bidDeps, anAkimat('750000000'), competition.id))).toBeInstanceOf(ForbiddenError);
    const log = await competitionEvents(ports.competitionDeps, aMinistry(), competition.id, { limit: 50 });
    expect(log.items.map((e) => (e as { type: string }).type).filter((t) => t.startsWith('bid.'))).toEqual([]);

    moveClockTo(competition.tenderPeriod!.endDate);
    await openBidsAsAkimat(ports.competitionDeps, akimat, competition.id);

    expect(await listOpenedBids(ports.bidDeps, akimat, competition.id)).toEqual([
      expect.objectContaining({ bin: x.contractor.bin, price: '450000000', valid: true, signer: expect.objectContaining({ commonName: `Signatory of ${x.contractor.bin}` }) }),
    ]);
    const opened = await competitionEvents(ports.competitionDeps, aMinistry(), competition.id, { limit: 50 });
    expect(opened.items.map((e) => (e as { type: string }).type)).toContain('bid.submitted');
  });
});

describe('bid documents', () => {
  it('carries only the caller’s verified documents, named by position when one is not', async () => {
    const ports = memoryPorts();
    const { competition } = await aTenderingIn(ports);
    const { caller, contractor } = aVerifiedBidderIn(ports);
    const file = { version: 1, fileName: 'proposal.pdf', contentType: 'application/pdf', size: 10, sha256: 'a'.repeat(64), storageKey: 'k', uploadedAt: T0 };
    const doc = ports.seed.bidDocument({ id: 'DOC1', competitionId: competition.id, bin: contractor.bin, envelope: 'technical', title: 'Предложение', status: 'active', file, createdAt: T0 });
    ports.seed.bidDocument({ ...doc, id: 'DOC2', status: 'pending' });

    const receipt = await signedBid(ports, caller, competition.id, '1', ['DOC1']);
    const refused = await failureOf(signedBid(ports, caller, competition.id, '1', ['DOC1', 'DOC2']));

    expect(receipt.documents).toEqual([expect.objectContaining({ id: 'DOC1', sha256: 'a'.repeat(64) })]);
    expect(refused).toBeInstanceOf(ValidationError);
    expect((refused as ValidationError).fields).toEqual([{ path: 'documents', message: expect.stringContaining('item(s) 2') }]);
  });
});
