/**
 * Kazakhstan business identification numbers (БИН / BIN): structure checks and the mod-11 check digit.
 *
 * @module
 */

const FIRST_PASS_WEIGHTS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] as const;
// The second pass exists only because a remainder of 10 cannot be written as one digit.
const SECOND_PASS_WEIGHTS = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2] as const;

const ENTITY_TYPES = new Set(['4', '5', '6']);
const ATTRIBUTES = new Set(['0', '1', '2', '3']);

function weightedRemainder(digits: readonly number[], weights: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < weights.length; i++) sum += (digits[i] ?? 0) * (weights[i] ?? 0);
  return sum % 11;
}

/**
 * The check digit for the first 11 digits of a BIN, or `undefined` when both passes give 10,
 * which means no BIN may be issued with those 11 digits.
 */
function checkDigit(first11: string): number | undefined {
  const digits = Array.from(first11, Number);
  const first = weightedRemainder(digits, FIRST_PASS_WEIGHTS);
  if (first !== 10) return first;
  const second = weightedRemainder(digits, SECOND_PASS_WEIGHTS);
  return second === 10 ? undefined : second;
}

/**
 * Explains why `value` is not a valid BIN.
 *
 * Checks run in a fixed order (shape, month, entity type, attribute, check digit) so that the message
 * names the first thing a person typing the number should fix.
 *
 * @param value - the candidate BIN, exactly as entered (no trimming: stray spaces are a problem too)
 * @returns a human-readable English reason, or `undefined` when the BIN is valid
 */
export function binProblem(value: string): string | undefined {
  if (!/^\d{12}$/.test(value)) return 'BIN must be exactly 12 digits';
  const month = Number(value.slice(2, 4));
  if (month < 1 || month > 12) return `BIN digits 3–4 must be a registration month 01–12, got ${value.slice(2, 4)}`;
  const type = value.charAt(4);
  if (!ENTITY_TYPES.has(type)) return `BIN digit 5 (entity type) must be 4, 5 or 6, got ${type}`;
  const attribute = value.charAt(5);
  if (!ATTRIBUTES.has(attribute)) return `BIN digit 6 (attribute) must be 0, 1, 2 or 3, got ${attribute}`;
  const expected = checkDigit(value.slice(0, 11));
  if (expected === undefined) return 'BIN check digit cannot be computed for these digits (remainder 10 on both passes)';
  if (expected !== Number(value.charAt(11))) return `BIN check digit mismatch: expected ${expected}, got ${value.charAt(11)}`;
  return undefined;
}

/**
 * Whether `value` is a structurally valid BIN with a matching check digit.
 *
 * @param value - the candidate BIN
 */
export function isValidBin(value: string): boolean {
  return binProblem(value) === undefined;
}

/**
 * Builds a valid BIN from its parts; meant for demo-data generators and tests.
 *
 * @param yymm - registration year and month, e.g. `'2403'`
 * @param type - entity type digit: 4 resident legal entity, 5 non-resident, 6 joint individual entrepreneur
 * @param attribute - 0 head office, 1 branch, 2 representative office, 3 peasant farm
 * @param serial - integer 0–99999, zero-padded into digits 7–11
 * @returns the 12-digit BIN
 * @throws RangeError when an input is out of range, or when no check digit exists for these digits
 *   (remainder 10 on both passes) — the caller should pick another serial
 */
export function makeBin(yymm: string, type: '4' | '5' | '6', attribute: '0' | '1' | '2' | '3', serial: number): string {
  if (!/^\d{4}$/.test(yymm)) throw new RangeError(`yymm must be 4 digits, got ${JSON.stringify(yymm)}`);
  const month = Number(yymm.slice(2));
  if (month < 1 || month > 12) throw new RangeError(`yymm month must be 01–12, got ${yymm.slice(2)}`);
  if (!ENTITY_TYPES.has(type)) throw new RangeError(`type must be 4, 5 or 6, got ${String(type)}`);
  if (!ATTRIBUTES.has(attribute)) throw new RangeError(`attribute must be 0–3, got ${String(attribute)}`);
  if (!Number.isInteger(serial) || serial < 0 || serial > 99_999) {
    throw new RangeError(`serial must be an integer 0–99999, got ${serial}`);
  }
  const first11 = `${yymm}${type}${attribute}${String(serial).padStart(5, '0')}`;
  const check = checkDigit(first11);
  if (check === undefined) throw new RangeError(`no check digit exists for ${first11}; choose another serial`);
  return `${first11}${check}`;
}
