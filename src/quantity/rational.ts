/**
 * Exact rational arithmetic for credit amounts.
 *
 * The only module that imports fraction.js. Amounts are written in policies and records as
 * numbers (`1.5`), decimal strings (`"0.5"`) or fractions (`"1/14"`); all of them become exact
 * rationals here, so 14 contact hours at 1/14 credit each add up to exactly 1 credit.
 */
import Fraction from "fraction.js";

/** An exact, non-negative rational amount. */
export type Rational = Fraction;

/** The text forms an amount may take: a whole number, a decimal or a fraction. */
export const AMOUNT_PATTERN = /^(?:\d+(?:\.\d+)?|\d+\/[1-9]\d*)$/;

export const ZERO: Rational = new Fraction(0);

/**
 * Turns a written amount into an exact rational.
 *
 * Numbers are read through their shortest decimal text, so `0.1` is exactly one tenth.
 *
 * @example
 * formatRational(toRational("0.1").add(toRational(0.2))) //=> "0.3"
 * formatRational(toRational("1/14").mul(14)) //=> "1"
 */
export function toRational(value: number | string): Rational {
  // rationals are immutable: the same written amount gives the same one, parsed once
  const known = parsed.get(value);
  if (known !== undefined) return known;
  const r = parseAmount(value);
  if (parsed.size >= MAX_PARSED) parsed.clear();
  parsed.set(value, r);
  return r;
}

/** Written amounts already parsed; cleared when full, so it never holds more than MAX_PARSED. */
const parsed = new Map<number | string, Rational>();
const MAX_PARSED = 4096;

function parseAmount(value: number | string): Rational {
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new RangeError(`not a finite amount: ${value}`);
    const text = String(value);
    return /e/i.test(text) ? new Fraction(value) : new Fraction(text);
  }
  if (!AMOUNT_PATTERN.test(value)) throw new RangeError(`not an amount: ${value}`);
  return new Fraction(value);
}

/**
 * Writes a rational as a decimal when it terminates, otherwise as `n/d`.
 *
 * @example
 * formatRational(toRational("7/2")) //=> "3.5"
 * formatRational(toRational("2/3")) //=> "2/3"
 */
export function formatRational(value: Rational): string {
  // whole numbers, the common case, need no search for a terminating decimal
  if (value.d === 1n) return value.s < 0n && value.n !== 0n ? `-${value.n}` : `${value.n}`;
  let d = value.d;
  while (d % 2n === 0n) d /= 2n;
  while (d % 5n === 0n) d /= 5n;
  if (d === 1n) return value.toString();
  return value.toFraction();
}

/** Compares two rationals: negative, zero or positive. */
export function compareRational(a: Rational, b: Rational): number {
  return a.compare(b);
}

/** The smaller of two rationals. */
export function minRational(a: Rational, b: Rational): Rational {
  return a.compare(b) <= 0 ? a : b;
}

/** The larger of two rationals. */
export function maxRational(a: Rational, b: Rational): Rational {
  return a.compare(b) >= 0 ? a : b;
}

/**
 * The largest amount, and the finest step, credstack accepts in a policy or a record. Larger or
 * finer amounts are almost always a mistake (a float sum such as 0.30000000000000004, a number
 * in the wrong unit) and could not be placed exactly.
 */
export const AMOUNT_LIMITS = { max: 1_000_000, maxDenominator: 1_000_000 } as const;

/**
 * Tells whether a written amount of a valid form is within `AMOUNT_LIMITS` and, for a number, is
 * exactly the amount its decimal text says (5e-324 is not: it would read as 0).
 *
 * @example
 * withinAmountLimits("1/14") //=> true
 * withinAmountLimits(0.1 + 0.2) //=> false (0.30000000000000004 needs a denominator of 10^17)
 * withinAmountLimits(2_000_000) //=> false
 */
export function withinAmountLimits(value: number | string): boolean {
  let rational: Rational;
  try {
    rational = toRational(value);
  } catch {
    return false;
  }
  if (typeof value === "number" && rational.valueOf() !== value) return false;
  return rational.compare(AMOUNT_LIMITS.max) <= 0 && rational.d <= BigInt(AMOUNT_LIMITS.maxDenominator);
}

/** Tells whether a written amount is a valid amount text or finite non-negative number. */
export function isAmount(value: unknown): boolean {
  if (typeof value === "number") return Number.isFinite(value) && value >= 0;
  return typeof value === "string" && AMOUNT_PATTERN.test(value);
}

/**
 * Scales a list of rationals to integers sharing one denominator, for fast exact search.
 * Returns the integers and the common denominator.
 *
 * @example
 * scaleToIntegers([toRational("1/2"), toRational("1/3")]) //=> { values: [3n, 2n], denominator: 6n }
 */
export function scaleToIntegers(values: readonly Rational[]): { values: bigint[]; denominator: bigint } {
  let denominator = 1n;
  for (const v of values) denominator = lcm(denominator, v.d);
  return { values: values.map((v) => (v.n * denominator) / v.d * (v.s < 0n ? -1n : 1n)), denominator };
}

/** Builds a rational from an integer numerator and denominator. */
export function fromScaled(numerator: bigint, denominator: bigint): Rational {
  return new Fraction(numerator, denominator);
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a < 0n ? -a : a;
}

/**
 * The least common multiple of two positive whole numbers, as big integers.
 *
 * @example
 * lcm(4n, 6n) //=> 12n
 */
export function lcm(a: bigint, b: bigint): bigint {
  return (a / gcd(a, b)) * b;
}

/**
 * The least common multiple of two positive safe integers in floating point: exact while it is
 * a safe integer, and past `Number.MAX_SAFE_INTEGER` otherwise (compare with it to know).
 *
 * @example
 * lcmOfNumbers(4, 6) //=> 12
 */
export function lcmOfNumbers(a: number, b: number): number {
  let x = a;
  let y = b;
  while (y !== 0) [x, y] = [y, x % y];
  return (a / x) * b;
}
