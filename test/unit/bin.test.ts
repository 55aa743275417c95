import { describe, expect, it } from 'vitest';
import { binProblem, isValidBin, makeBin } from '../../shared/domain/bin.js';

/** The check-digit rule written out again from domain.md, independently of the module under test. */
function referenceCheck(bin: string): { pass: 1 | 2; digit: number | undefined } {
  const d = Array.from(bin.slice(0, 11), Number);
  const first = d.reduce((s, x, i) => s + x * (i + 1), 0) % 11;
  if (first !== 10) return { pass: 1, digit: first };
  const weights = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2];
  const second = d.reduce((s, x, i) => s + x * (weights[i] ?? 0), 0) % 11;
  return { pass: 2, digit: second === 10 ? undefined : second };
}

function structureOk(bin: string): boolean {
  const month = Number(bin.slice(2, 4));
  return month >= 1 && month <= 12 && '456'.includes(bin.charAt(4)) && '0123'.includes(bin.charAt(5));
}

const TYPES = ['4', '5', '6'] as const;
const ATTRIBUTES = ['0', '1', '2', '3'] as const;

/** Varied registration dates, entity types, attributes and serials; inputs without a check digit are skipped. */
function generatedBins(): string[] {
  const bins: string[] = [];
  for (let i = 0; bins.length < 30; i++) {
    const yymm = `${String((90 + i * 3) % 100).padStart(2, '0')}${String(1 + ((i * 7) % 12)).padStart(2, '0')}`;
    const type = TYPES[i % TYPES.length] ?? '4';
    const attribute = ATTRIBUTES[(i * 5) % ATTRIBUTES.length] ?? '0';
    try {
      bins.push(makeBin(yymm, type, attribute, (i * 7919 + 13) % 100_000));
    } catch {
      continue;
    }
  }
  return bins;
}

function mutations(bin: string): { position: number; value: string }[] {
  const result: { position: number; value: string }[] = [];
  for (let position = 0; position < 12; position++) {
    for (let digit = 0; digit <= 9; digit++) {
      if (String(digit) === bin.charAt(position)) continue;
      result.push({ position, value: `${bin.slice(0, position)}${digit}${bin.slice(position + 1)}` });
    }
  }
  return result;
}

describe('isValidBin', () => {
  it('accepts the worked examples from the domain notes, on either pass', () => {
    // Prepare
    const firstPass = '940140000385';
    const secondPass = '961141000023';

    // Act
    const results = [isValidBin(firstPass), isValidBin(secondPass)];

    // Assess
    expect(results).toEqual([true, true]);
    expect(referenceCheck(secondPass).pass).toBe(2);
  });

  it('accepts every BIN built by makeBin', () => {
    // Prepare
    const bins = generatedBins();

    // Act
    const invalid = bins.filter((bin) => !isValidBin(bin));

    // Assess
    expect(bins.length).toBeGreaterThanOrEqual(20);
    expect(new Set(bins).size).toBe(bins.length);
    expect(invalid).toEqual([]);
  });

  it('rejects a single-digit change exactly when the structure or the check digit no longer fits', () => {
    // Prepare
    const bins = generatedBins();

    // Act
    const disagreements = bins.flatMap((bin) =>
      mutations(bin).filter(({ value }) => {
        const { digit } = referenceCheck(value);
        const expected = structureOk(value) && digit !== undefined && digit === Number(value.charAt(11));
        return isValidBin(value) !== expected;
      }),
    );

    // Assess
    expect(disagreements).toEqual([]);
  });

  it('detects at least 90 % of single-digit changes', () => {
    // Prepare
    const bins = generatedBins();
    const all = bins.flatMap((bin) => mutations(bin));

    // Act
    const detected = all.filter(({ value }) => !isValidBin(value)).length;

    // Assess
    // Not 100 %: on the first pass digit 11 has weight 11 ≡ 0 (mod 11), so changing it never changes the
    // remainder; and a change that moves the number onto the other pass matches the check digit by chance.
    expect(detected / all.length).toBeGreaterThanOrEqual(0.9);
    expect(detected).toBeLessThan(all.length);
  });

  it('misses only changes to digit 11 on the first pass or changes that switch pass', () => {
    // Prepare
    const bins = generatedBins();

    // Act
    const unexplained = bins.flatMap((bin) => {
      const originalPass = referenceCheck(bin).pass;
      return mutations(bin).filter(({ position, value }) => {
        if (!isValidBin(value)) return false;
        const weightZero = originalPass === 1 && position === 10;
        const switchedPass = referenceCheck(value).pass !== originalPass;
        return !weightZero && !switchedPass;
      });
    });
    const firstPassBin = bins.find((bin) => referenceCheck(bin).pass === 1) ?? '';
    const digit11Changes = mutations(firstPassBin).filter(({ position }) => position === 10);

    // Assess
    expect(unexplained).toEqual([]);
    expect(digit11Changes.every(({ value }) => isValidBin(value))).toBe(true);
  });
});

describe('binProblem', () => {
  it('returns undefined for a valid BIN', () => {
    // Prepare
    const bin = '940140000385';

    // Act
    const problem = binProblem(bin);

    // Assess
    expect(problem).toBeUndefined();
  });

  it.each([
    ['94014000038', 'exactly 12 digits'],
    ['9401400003850', 'exactly 12 digits'],
    ['94014000038a', 'exactly 12 digits'],
    [' 940140000385', 'exactly 12 digits'],
    ['', 'exactly 12 digits'],
    ['941340000385', 'registration month'],
    ['940040000385', 'registration month'],
    ['940170000385', 'digit 5 (entity type)'],
    ['940149000385', 'digit 6 (attribute)'],
    ['940140000386', 'check digit mismatch: expected 5, got 6'],
  ])('explains why %j is invalid', (value, reason) => {
    // Prepare
    const bin = value;

    // Act
    const problem = binProblem(bin);

    // Assess
    expect(problem).toContain(reason);
    expect(isValidBin(bin)).toBe(false);
  });

  it('reports numbers whose check digit cannot exist', () => {
    // Prepare: 24034000180 gives remainder 10 on both passes, so no digit can follow it.
    const bin = '240340001800';

    // Act
    const problem = binProblem(bin);

    // Assess
    expect(problem).toContain('remainder 10 on both passes');
  });
});

describe('makeBin', () => {
  it('composes the BIN from its parts', () => {
    // Prepare
    const parts = ['2403', '4', '0', 1234] as const;

    // Act
    const bin = makeBin(...parts);

    // Assess
    expect(bin.slice(0, 11)).toBe('24034001234');
    expect(isValidBin(bin)).toBe(true);
  });

  it('throws when no check digit exists so the caller can pick another serial', () => {
    // Prepare
    const serial = 180;

    // Act
    const make = () => makeBin('2403', '4', '0', serial);

    // Assess
    expect(make).toThrow(/choose another serial/);
    expect(isValidBin(makeBin('2403', '4', '0', serial + 1))).toBe(true);
  });

  it.each([
    ['24', 1],
    ['2413', 1],
    ['2400', 1],
    ['2403', -1],
    ['2403', 100_000],
    ['2403', 1.5],
  ] as const)('rejects out-of-range input yymm=%s serial=%s', (yymm, serial) => {
    // Prepare
    const input = { yymm, serial };

    // Act
    const make = () => makeBin(input.yymm, '4', '0', input.serial);

    // Assess
    expect(make).toThrow(RangeError);
  });
});
