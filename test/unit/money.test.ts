import { describe, expect, it } from 'vitest';
import {
  addMoney,
  compareMoney,
  formatMoneyString,
  formatTenge,
  MONEY_PATTERN,
  parseMoney,
  sumMoney,
} from '../../shared/domain/money.js';

/** Intl separates groups with no-break spaces; tests compare layouts with plain spaces. */
const plain = (s: string): string => s.replace(/\s/g, ' ');

describe('parseMoney and formatMoneyString', () => {
  it.each([
    ['0', 0n],
    ['125000000', 12_500_000_000n],
    ['99.5', 9_950n],
    ['123.45', 12_345n],
    ['0.05', 5n],
    ['999999999999999.99', 99_999_999_999_999_999n],
  ])('round-trips the canonical amount %s', (amount, tiyn) => {
    // Prepare
    const input = amount;

    // Act
    const parsed = parseMoney(input);
    const formatted = formatMoneyString(parsed);

    // Assess
    expect(parsed).toBe(tiyn);
    expect(formatted).toBe(input);
  });

  it.each([
    [9_950n, '99.5'],
    [12_345n, '123.45'],
    [10_000n, '100'],
    [50n, '0.5'],
  ])('writes %s tiyn as %s', (tiyn, expected) => {
    // Prepare
    const input = tiyn;

    // Act
    const formatted = formatMoneyString(input);

    // Assess
    expect(formatted).toBe(expected);
    expect(MONEY_PATTERN.test(formatted)).toBe(true);
  });

  it('canonicalises trailing fraction zeros', () => {
    // Prepare
    const amounts = ['99.50', '100.00', '100.0'];

    // Act
    const canonical = amounts.map((amount) => formatMoneyString(parseMoney(amount)));

    // Assess
    expect(canonical).toEqual(['99.5', '100', '100']);
  });

  it.each(['1e5', '-1', '1.234', '', ' 1', '1 ', '+1', '01', '1.', '.5', '1,5', '0x10', 'NaN', '1000000000000000'])(
    'rejects %j',
    (amount) => {
      // Prepare
      const input = amount;

      // Act
      const parse = () => parseMoney(input);

      // Assess
      expect(MONEY_PATTERN.test(input)).toBe(false);
      expect(parse).toThrow(RangeError);
    },
  );

  it('refuses negative amounts and amounts beyond 15 integer digits', () => {
    // Prepare
    const negative = -1n;
    const tooLarge = 10n ** 17n;

    // Act
    const formatNegative = () => formatMoneyString(negative);
    const formatTooLarge = () => formatMoneyString(tooLarge);

    // Assess
    expect(formatNegative).toThrow(RangeError);
    expect(formatTooLarge).toThrow(RangeError);
  });
});

describe('addMoney and sumMoney', () => {
  it('adds without binary rounding', () => {
    // Prepare
    const a = '0.1';
    const b = '0.2';

    // Act
    const sum = addMoney(a, b);

    // Assess
    expect(sum).toBe('0.3');
  });

  it('sums 309 programme-scale amounts to exactly 974 bn tenge', () => {
    // Prepare
    const share = '3152103559.87';
    const amounts = Array.from({ length: 308 }, () => share);
    const rest = 974_000_000_000_00n - 308n * parseMoney(share);
    amounts.push(formatMoneyString(rest));

    // Act
    const total = sumMoney(amounts);

    // Assess
    expect(formatMoneyString(rest)).toBe('3152103560.04');
    expect(total).toBe('974000000000');
  });

  it('sums amounts whose float total would lose tiyn', () => {
    // Prepare
    const amounts = Array.from({ length: 10 }, () => '97400000000.1');

    // Act
    const total = sumMoney(amounts);
    const floatTotal = amounts.reduce((sum, amount) => sum + Number(amount), 0);

    // Assess
    expect(total).toBe('974000000001');
    expect(floatTotal).not.toBe(974_000_000_001);
  });

  it('returns "0" for no amounts', () => {
    // Prepare
    const amounts: string[] = [];

    // Act
    const total = sumMoney(amounts);

    // Assess
    expect(total).toBe('0');
  });
});

describe('compareMoney', () => {
  it.each([
    ['1', '2', -1],
    ['2', '1', 1],
    ['100', '100.00', 0],
    ['99.99', '100', -1],
    ['974000000000.01', '974000000000', 1],
    ['9', '10', -1],
  ] as const)('compares %s with %s as %i', (a, b, expected) => {
    // Prepare
    const pair = [a, b] as const;

    // Act
    const order = compareMoney(...pair);

    // Assess
    expect(order).toBe(expected);
  });
});

describe('formatTenge', () => {
  it.each([
    ['974000000000', 'ru', '974 000 000 000 ₸'],
    ['974000000000', 'kk', '974 000 000 000 ₸'],
    ['974000000000', 'en', '₸974,000,000,000'],
    ['1234.5', 'ru', '1 234,50 ₸'],
    ['1234.56', 'en', '₸1,234.56'],
    ['999999999999999.99', 'en', '₸999,999,999,999,999.99'],
    ['0.07', 'ru', '0,07 ₸'],
  ] as const)('formats %s in %s as %s', (amount, lang, expected) => {
    // Prepare
    const input = amount;

    // Act
    const text = formatTenge(input, lang);

    // Assess
    expect(plain(text)).toBe(expected);
  });
});
