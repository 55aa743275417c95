/**
 * Contractors on the in-memory ports: BIN rules at registration (validated before the tenancy check), a BIN registers
 * once, a verification token works once and makes the contractor a recipient, the resend rate limit holds under
 * concurrency, subscriptions and one-click unsubscribe keep the matching entries in step.
 */
import { describe, expect, it } from 'vitest';
import { isValidBin, makeBin } from '../../shared/domain/bin.js';
import { RESENDS_PER_DAY } from '../../shared/domain/contractor.js';
import { ConflictError, ForbiddenError, NotFoundError, TooManyRequestsError, ValidationError } from '../../shared/errors.js';
import type { Caller } from '../../shared/http/identity.js';
import { subscriptionPartition } from '../../shared/keys.js';
import { parseInput } from '../../shared/http/validation.js';
import { registerContractorBody } from '../../shared/schemas/contractors.js';
import {
  getOwnContractor,
  registerContractor,
  replaceSubscriptions,
  resendVerification,
  unsubscribeByToken,
  verifyContractor,
} from '../../shared/use-cases/contractors.js';
import { aBin, aContractorCaller, T0 } from '../support/factories.js';
import { failureOf } from '../support/outcome.js';
import { memoryPorts, type MemoryPorts } from '../support/memory/index.js';
import { advanceClockBy, moveClockTo, useTestClock } from '../support/test-clock.js';

useTestClock(T0);

const registration = (bin: string, subscriptions: { kato: string; sector: string }[] = []) => ({
  bin,
  name: `ТОО ${bin}`,
  email: `${bin}@example.kz`,
  language: 'ru',
  subscriptions,
});

/** As `POST /contractors` runs it: the body is validated first, then the use case checks the tenancy. */
const register = async (ports: MemoryPorts, caller: Caller, body: unknown) =>
  registerContractor(ports.contractors, caller, parseInput(registerContractorBody, body));

/** The verification token of the last email the outbox holds for `bin` (registration or resend). */
const tokenMailedTo = (ports: MemoryPorts, bin: string): string => {
  const mailed = ports.table.eventsOf(`CONTRACTOR#${bin}`).filter((e) => e.type === 'contractor.registered' || e.type === 'contractor.verification-resent');
  return mailed.at(-1)!.data.verificationToken as string;
};

describe('BIN rules at registration', () => {
  /** Remainder of the first pass (weights 1–11); 10 means the check digit came from the second pass. */
  const firstPassRemainder = (bin: string): number => Array.from(bin.slice(0, 11), Number).reduce((sum, digit, i) => sum + digit * (i + 1), 0) % 11;
  /** A first-pass BIN, so the eleventh digit (weight 11) shows the scheme's blind spot. */
  const base = Array.from({ length: 200 }, (_, serial) => serial)
    .flatMap((serial) => {
      try {
        return [makeBin('0703', '5', '0', serial)];
      } catch {
        return [];
      }
    })
    .find((bin) => firstPassRemainder(bin) !== 10)!;
  const mutations = Array.from({ length: 12 }, (_, position) =>
    Array.from({ length: 10 }, (_, digit) => String(digit))
      .filter((digit) => digit !== base.charAt(position))
      .map((digit) => `${base.slice(0, position)}${digit}${base.slice(position + 1)}`),
  ).flat();

  it('agrees with isValidBin on every single-digit mutation: 422 naming bin, else 403 with another BIN’s token and 201 with its own', async () => {
    const ports = memoryPorts();
    const baseCaller = aContractorCaller(base);
    await register(ports, baseCaller, registration(base));

    const disagreements: string[] = [];
    for (const bin of mutations) {
      const asBase = await failureOf(register(ports, baseCaller, registration(bin)));
      if (!isValidBin(bin)) {
        if (!(asBase instanceof ValidationError) || asBase.fields!.map((f) => f.path).join() !== 'bin') disagreements.push(`${bin}: ${String(asBase)}`);
        continue;
      }
      const asOwner = await register(ports, aContractorCaller(bin), registration(bin));
      if (!(asBase instanceof ForbiddenError) || asOwner.status !== 'pending') disagreements.push(`${bin}: ${String(asBase)}`);
    }

    expect(mutations).toHaveLength(108);
    expect(disagreements).toEqual([]);
    // Weight 11 ≡ 0 on the first pass: every mutation of the eleventh digit is a valid BIN too.
    const eleventhDigit = mutations.filter((bin) => bin.slice(0, 10) === base.slice(0, 10) && bin.charAt(11) === base.charAt(11));
    expect(eleventhDigit).toHaveLength(9);
    expect(eleventhDigit.every(isValidBin)).toBe(true);
  });

  it.each([
    ['11 digits', '94014000038'],
    ['a letter', '94014000038a'],
    ['month 13', '941340000385'],
    ['wrong check digit', '940140000386'],
  ])('refuses %s (%j) with 422 naming bin, whoever asks', async (_label, bin) => {
    const error = await failureOf(register(memoryPorts(), aContractorCaller(aBin()), registration(bin)));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fields!.map((f) => f.path)).toEqual(['bin']);
  });
});

describe('registration', () => {
  it('registers a BIN once, also when two registrations race; the second is a 409 naming bin', async () => {
    const ports = memoryPorts();
    const bin = aBin();

    const results = await Promise.allSettled([register(ports, aContractorCaller(bin), registration(bin)), register(ports, aContractorCaller(bin), registration(bin))]);

    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = results.find((r) => r.status === 'rejected')!.reason as ConflictError;
    expect(refused).toBeInstanceOf(ConflictError);
    expect(refused.fields).toEqual([expect.objectContaining({ path: 'bin' })]);
    expect(ports.table.eventTypes()).toEqual(['contractor.registered']);
  });

  it('stores no verification token, only its hash', async () => {
    const ports = memoryPorts();
    const bin = aBin();
    await register(ports, aContractorCaller(bin), registration(bin));

    const token = tokenMailedTo(ports, bin);
    expect(JSON.stringify([...ports.table.verifications.entries(), ...ports.table.contractors.entries()])).not.toContain(token);
  });
});

describe('verification', () => {
  it('verifies with the mailed token once, and only then makes the contractor a recipient of its subscriptions', async () => {
    const ports = memoryPorts();
    const bin = aBin();
    await register(ports, aContractorCaller(bin), registration(bin, [{ kato: '350000000', sector: 'heat' }]));
    expect(ports.table.subscriptions.get(subscriptionPartition('350000000', 'heat'))?.size ?? 0).toBe(0);

    const verified = await verifyContractor(ports.contractors, tokenMailedTo(ports, bin));
    const again = await failureOf(verifyContractor(ports.contractors, tokenMailedTo(ports, bin)));

    expect(verified).toMatchObject({ status: 'verified', verifiedAt: T0 });
    expect([...ports.table.subscriptions.get(subscriptionPartition('350000000', 'heat'))!.keys()]).toEqual([bin]);
    expect((again as ValidationError).fields).toEqual([expect.objectContaining({ path: 'token' })]);
  });

  it('refuses an unknown token and one past its lifetime (storage may still hold it)', async () => {
    const ports = memoryPorts();
    const bin = aBin();
    await register(ports, aContractorCaller(bin), registration(bin));

    expect(await failureOf(verifyContractor(ports.contractors, 'x'.repeat(43)))).toBeInstanceOf(ValidationError);
    advanceClockBy(72 * 3600);
    expect(await failureOf(verifyContractor(ports.contractors, tokenMailedTo(ports, bin)))).toBeInstanceOf(ValidationError);
    expect((await getOwnContractor(ports.contractors, aContractorCaller(bin))).status).toBe('pending');
  });
});

describe('resending the verification email', () => {
  const pendingContractor = async () => {
    const ports = memoryPorts();
    const bin = aBin();
    await register(ports, aContractorCaller(bin), registration(bin));
    return { ports, bin, caller: aContractorCaller(bin) };
  };

  it('waits a minute after the last email (429 with Retry-After); a new link replaces the old one', async () => {
    const { ports, bin, caller } = await pendingContractor();
    const first = tokenMailedTo(ports, bin);

    const early = await failureOf(resendVerification(ports.contractors, caller));
    advanceClockBy(60);
    const receipt = await resendVerification(ports.contractors, caller);

    expect(early).toBeInstanceOf(TooManyRequestsError);
    expect((early as TooManyRequestsError).headers).toEqual({ 'Retry-After': '60' });
    expect(receipt).toMatchObject({ resendsToday: 1, resendsLeftToday: RESENDS_PER_DAY - 1 });
    expect(await failureOf(verifyContractor(ports.contractors, first))).toBeInstanceOf(ValidationError);
    await expect(verifyContractor(ports.contractors, tokenMailedTo(ports, bin))).resolves.toMatchObject({ status: 'verified' });
  });

  it(`allows ${RESENDS_PER_DAY} resends per Almaty day, then 429 until midnight in Almaty`, async () => {
    const { ports, caller } = await pendingContractor();
    for (let i = 0; i < RESENDS_PER_DAY; i += 1) {
      advanceClockBy(60);
      await resendVerification(ports.contractors, caller);
    }
    advanceClockBy(60);

    const refused = await failureOf(resendVerification(ports.contractors, caller));

    expect(refused).toBeInstanceOf(TooManyRequestsError);
    expect((refused as Error).message).toContain(`${RESENDS_PER_DAY} times today`);
    moveClockTo('2026-12-01T19:00:00.000Z');
    await expect(resendVerification(ports.contractors, caller)).resolves.toMatchObject({ resendsToday: 1 });
  });

  it('sends one email when two resends race; the other is told to wait', async () => {
    const { ports, bin, caller } = await pendingContractor();
    advanceClockBy(60);

    const results = await Promise.allSettled([resendVerification(ports.contractors, caller), resendVerification(ports.contractors, caller)]);

    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(results.find((r) => r.status === 'rejected')!.reason).toBeInstanceOf(TooManyRequestsError);
    expect(ports.table.eventsOf(`CONTRACTOR#${bin}`).filter((e) => e.type === 'contractor.verification-resent')).toHaveLength(1);
  });

  it('is a 409 once verified, and a 404 for a BIN never registered', async () => {
    const { ports, bin, caller } = await pendingContractor();
    await verifyContractor(ports.contractors, tokenMailedTo(ports, bin));
    advanceClockBy(60);

    expect(await failureOf(resendVerification(ports.contractors, caller))).toBeInstanceOf(ConflictError);
    expect(await failureOf(resendVerification(ports.contractors, aContractorCaller(aBin())))).toBeInstanceOf(NotFoundError);
  });
});

describe('subscriptions', () => {
  it('keeps the matching entries of a verified contractor in step, and one-click unsubscribe drops them all, repeatably', async () => {
    const ports = memoryPorts();
    const bin = aBin();
    const caller = aContractorCaller(bin);
    await register(ports, caller, registration(bin, [{ kato: '350000000', sector: 'heat' }]));
    await verifyContractor(ports.contractors, tokenMailedTo(ports, bin));

    const changed = await replaceSubscriptions(ports.contractors, caller, [
      { kato: '750000000', sector: 'water' },
      { kato: '750000000', sector: 'water' },
    ]);

    expect(changed.subscriptions).toEqual([{ kato: '750000000', sector: 'water' }]);
    expect(ports.table.subscriptions.get(subscriptionPartition('350000000', 'heat'))!.has(bin)).toBe(false);
    expect(ports.table.subscriptions.get(subscriptionPartition('750000000', 'water'))!.has(bin)).toBe(true);

    const token = ports.table.contractors.get(bin)!.unsubscribeToken!;
    await expect(unsubscribeByToken(ports.contractors, token)).resolves.toEqual({ unsubscribed: true });
    await expect(unsubscribeByToken(ports.contractors, token)).resolves.toEqual({ unsubscribed: true });
    expect(ports.table.subscriptions.get(subscriptionPartition('750000000', 'water'))!.has(bin)).toBe(false);
    expect((await getOwnContractor(ports.contractors, caller)).subscriptions).toEqual([]);
    expect(await failureOf(unsubscribeByToken(ports.contractors, 'u'.repeat(32)))).toBeInstanceOf(NotFoundError);
  });
});
