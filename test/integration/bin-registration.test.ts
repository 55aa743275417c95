/**
 * BIN validation through the API: POST /contractors registers valid BINs and answers an invalid one with a 422 naming
 * `bin`, whoever asks (the body is validated before the tenancy check). Every single-digit mutation of a BIN is tried
 * at unit level (`test/unit/contractor-rules.test.ts`), through the same schema and use case.
 *
 * The development identity provider refuses to issue tokens for invalid BINs, so invalid BINs are sent with the
 * token of a valid one.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { isValidBin, makeBin } from '../../shared/domain/bin.js';
import { api, tokenFor, uniqueEmail, type ApiResponse } from '../support/local.js';

/** A valid BIN from its parts, taking the next serial when no check digit exists for one. */
const binFrom = (yymm: string, type: '4' | '5' | '6', attribute: '0' | '1' | '2' | '3', serial: number): string => {
  for (let s = serial; ; s = (s + 1) % 100_000) {
    try {
      return makeBin(yymm, type, attribute, s);
    } catch {
      // no check digit for this serial
    }
  }
};

// Registration years and entity types `uniqueBin` (years 10–24, type 4, attribute 0) never produces, so no other
// test registers these; random serials keep runs apart.
const serial = () => Math.floor(Math.random() * 100_000);

const VALID_BINS: readonly [string, string][] = [
  ['worked example, first pass', '940140000385'],
  ['worked example, second pass', '961141000023'],
  ['makeBin 0801 5 1', binFrom('0801', '5', '1', serial())],
  ['makeBin 9912 6 2', binFrom('9912', '6', '2', serial())],
  ['makeBin 0506 4 3', binFrom('0506', '4', '3', serial())],
  ['makeBin 2511 6 0', binFrom('2511', '6', '0', serial())],
];

const registration = (bin: string) => ({ bin, name: `ТОО Проверка БИН ${bin}`, email: uniqueEmail('bin'), language: 'ru' });

const register = (token: string, bin: string): Promise<ApiResponse> => api('/contractors', { token, body: registration(bin) });

const fieldPaths = (response: ApiResponse): string[] => (response.body?.fields ?? []).map((f: { path: string }) => f.path);

describe('valid BINs register', () => {
  it.each(VALID_BINS)('%s (%s) gets 201', async (_label, bin) => {
    expect(isValidBin(bin)).toBe(true);
    const response = await register(await tokenFor({ role: 'contractor', bin }), bin);
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(response.body).toMatchObject({ bin, status: 'pending' });
  });
});

describe('invalid BINs are refused with 422 naming bin', () => {
  let token: string;
  beforeAll(async () => {
    token = await tokenFor({ role: 'contractor', bin: binFrom('0309', '6', '1', serial()) });
  });

  it.each([
    ['11 digits', '94014000038'],
    ['13 digits', '9401400003850'],
    ['a letter', '94014000038a'],
    ['a leading space', ' 940140000385'],
    ['month 13', '941340000385'],
    ['entity type 7', '940170000385'],
    ['attribute 9', '940149000385'],
    ['wrong check digit', '940140000386'],
    ['no check digit can exist', '240340001800'],
  ])('%s: %j', async (_label, bin) => {
    expect(isValidBin(bin)).toBe(false);
    const response = await register(token, bin);
    expect(response.status, JSON.stringify(response.body)).toBe(422);
    expect(fieldPaths(response)).toEqual(['bin']);
  });

  it('the development identity provider refuses tokens for invalid BINs (hence the valid token above)', async () => {
    const response = await api('/dev/token', { body: { role: 'contractor', bin: '940140000386' } });
    expect(response.status).toBe(422);
    expect(fieldPaths(response)).toContain('bin');
  });
});
