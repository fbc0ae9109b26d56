/**
 * Calendar-date arithmetic on date-only ISO strings (`YYYY-MM-DD`).
 *
 * This is the only module that imports date-fns. Every date in credstack is a date-only
 * ISO string. Dates in the years 0001 to 9999 are computed on day numbers (days since
 * 1970-01-01 in the proleptic Gregorian calendar), with no `Date` object and so no time zone:
 * this is the hot path of evaluation. Anything else is turned into a UTC-midnight `UTCDate`
 * (date-fns then does its arithmetic in UTC), computed with date-fns and turned back, so the
 * machine's time zone never moves a date: not a daylight-saving change, and not a day a zone
 * skipped (Pacific/Kiritimati has no 1994-12-31, so local midnight of that day does not exist);
 * a property test checks that both paths give the same answers. Arithmetic that would leave the
 * years 0001-9999 stops at 9999-12-31 or 0001-01-01 (a five-digit year would sort before
 * 9999 as text), so "9999-12-31 plus a year" is still the end of time.
 */
import { utc } from "@date-fns/utc";
import { addDays as fnsAddDays, addYears as fnsAddYears, differenceInCalendarDays, differenceInYears, format, isValid, parseISO } from "date-fns";

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function toDate(iso: string): Date {
  const m = ISO_DATE.exec(iso);
  if (!m) throw new RangeError(`not a date-only ISO string: ${iso}`);
  // UTC midnight, so date-fns counts days and years in UTC, where every calendar day exists
  return parseISO(iso, { in: utc });
}

function fromDate(date: Date, forward: boolean): string {
  // a date past the years 0001-9999 stops at their edge: every date credstack writes has four
  // digits of year, so comparing the strings compares the dates. Past the range a Date can hold
  // (about 275,000 years), date-fns gives an invalid Date: the edge it went past, by direction
  if (Number.isNaN(date.getTime())) return forward ? LAST_DAY : FIRST_DAY;
  const year = date.getUTCFullYear();
  if (year > 9999) return LAST_DAY;
  if (year < 1) return FIRST_DAY;
  return format(date, "yyyy-MM-dd", { in: utc });
}

/** The last and first days credstack's dates can hold. */
const LAST_DAY = "9999-12-31";
const FIRST_DAY = "0001-01-01";

////////////////////////////////////////////////////////////////////////////////
// day numbers (the fast path)
////////////////////////////////////////////////////////////////////////////////

/** A calendar date split into its parts. */
interface Civil {
  readonly y: number;
  readonly m: number;
  readonly d: number;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysInMonth(y: number, m: number): number {
  return m === 2 && isLeap(y) ? 29 : DAYS_IN_MONTH[m - 1]!;
}

/** The parts of a `YYYY-MM-DD` string with a real date in the years 0001-9999, else undefined. */
function civil(iso: string): Civil | undefined {
  if (iso.length !== 10 || iso.charCodeAt(4) !== 45 || iso.charCodeAt(7) !== 45) return undefined;
  let y = 0;
  let m = 0;
  let d = 0;
  for (let i = 0; i < 10; i++) {
    if (i === 4 || i === 7) continue;
    const c = iso.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return undefined;
    if (i < 4) y = y * 10 + c;
    else if (i < 7) m = m * 10 + c;
    else d = d * 10 + c;
  }
  if (y < 1 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return undefined;
  return { y, m, d };
}

/** Days since 1970-01-01 (H. Hinnant's days_from_civil). */
function dayNumber({ y, m, d }: Civil): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The date of a day number (H. Hinnant's civil_from_days). */
function fromDayNumber(n: number): Civil {
  const z = n + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d };
}

/** Writes the parts of a date in the years 0001-9999, else undefined. */
function write({ y, m, d }: Civil): string | undefined {
  if (y < 1 || y > 9999) return undefined;
  return `${y < 10 ? "000" : y < 100 ? "00" : y < 1000 ? "0" : ""}${y}-${m < 10 ? "0" : ""}${m}-${d < 10 ? "0" : ""}${d}`;
}

/**
 * Tells whether a string is a real calendar date in `YYYY-MM-DD` form.
 *
 * @example
 * isIsoDate("2024-02-29") //=> true
 * isIsoDate("2026-02-30") //=> false
 */
export function isIsoDate(value: string): boolean {
  if (civil(value) !== undefined) return true;
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const date = parseISO(value, { in: utc });
  return isValid(date) && fromDate(date, true) === value;
}

/**
 * Adds whole years to a date; 29 February falls back to 28 February in common years.
 *
 * @example
 * addYears("2024-02-29", 1) //=> "2025-02-28"
 */
export function addYears(iso: string, years: number): string {
  const c = Number.isInteger(years) ? civil(iso) : undefined;
  if (c) {
    const y = c.y + years;
    // 29 February falls back to 28 February, as date-fns does
    const out = y >= 1 && y <= 9999 ? write({ y, m: c.m, d: Math.min(c.d, daysInMonth(y, c.m)) }) : undefined;
    if (out !== undefined) return out;
  }
  return fromDate(fnsAddYears(toDate(iso), years, { in: utc }), years >= 0);
}

/**
 * Adds days to a date (negative to go back).
 *
 * @example
 * addDays("2024-02-28", 1) //=> "2024-02-29"
 */
export function addDays(iso: string, days: number): string {
  const c = Number.isInteger(days) ? civil(iso) : undefined;
  if (c) {
    const out = write(fromDayNumber(dayNumber(c) + days));
    if (out !== undefined) return out;
  }
  return fromDate(fnsAddDays(toDate(iso), days, { in: utc }), days >= 0);
}

/**
 * Counts whole years from `from` to `to` (0 when `to` is earlier).
 *
 * @example
 * fullYearsBetween("2020-08-15", "2024-08-14") //=> 3
 * fullYearsBetween("2020-08-15", "2024-08-15") //=> 4
 */
export function fullYearsBetween(from: string, to: string): number {
  const a = civil(from);
  const b = civil(to);
  if (a && b) {
    if (to <= from) return 0;
    // whole years: the year difference, less one when the month and day of 'to' come before those of 'from'
    return b.y - a.y - (b.m < a.m || (b.m === a.m && b.d < a.d) ? 1 : 0);
  }
  return Math.max(0, differenceInYears(toDate(to), toDate(from), { in: utc }));
}

/**
 * Counts calendar days from `from` to `to` (negative when `to` is earlier).
 *
 * @example
 * daysBetween("2024-02-28", "2024-03-01") //=> 2
 */
export function daysBetween(from: string, to: string): number {
  const a = civil(from);
  const b = civil(to);
  if (a && b) return dayNumber(b) - dayNumber(a);
  return differenceInCalendarDays(toDate(to), toDate(from), { in: utc });
}

/**
 * How many years a set of date spans covers: the spans (each `from` to `to`, both inclusive) are
 * merged where they overlap or touch, each merged span counts its whole calendar years, and the
 * days left over from all of them are pooled at 365 a year. A span that ends before it starts
 * counts nothing.
 *
 * @example
 * yearsInSpans([["2020-08-01", "2023-07-31"]]) //=> 3
 * yearsInSpans([["2020-08-01", "2021-01-31"], ["2021-02-01", "2021-07-31"]]) //=> 1 (they touch: one span)
 * yearsInSpans([["2020-09-01", "2021-02-28"], ["2022-09-01", "2023-02-28"]]) //=> 0 (181 + 181 days)
 */
export function yearsInSpans(spans: readonly (readonly [from: string, to: string])[]): number {
  // each span as day numbers (daysBetween: on day numbers in the years 0001-9999, else with
  // date-fns), its end the day after its last, at most the last day (as addDays gives)
  const days: [number, number][] = [];
  for (const [from, to] of spans) {
    const start = daysBetween(EPOCH, from);
    const end = Math.min(daysBetween(EPOCH, to) + 1, LAST_DAY_NUMBER);
    if (start < end) days.push([start, end]);
  }
  if (days.length > 1) days.sort((x, y) => x[0] - y[0]);
  let years = 0;
  let left = 0;
  const count = (start: number, end: number) => {
    const a = fromDayNumber(start);
    const b = fromDayNumber(end);
    // whole years from start to end, then the days from the anniversary (29 February: 28 February) to end
    const whole = b.y - a.y - (b.m < a.m || (b.m === a.m && b.d < a.d) ? 1 : 0);
    const y = a.y + whole;
    years += whole;
    left += end - dayNumber({ y, m: a.m, d: Math.min(a.d, daysInMonth(y, a.m)) });
  };
  let k = 0;
  while (k < days.length) {
    const start = days[k]![0];
    let end = days[k]![1];
    for (k++; k < days.length && days[k]![0] <= end; k++) if (days[k]![1] > end) end = days[k]![1];
    count(start, end);
  }
  return years + Math.floor(left / 365);
}

/** Day number 0, and the day number of the last day credstack's dates can hold. */
const EPOCH = "1970-01-01";
const LAST_DAY_NUMBER = dayNumber({ y: 9999, m: 12, d: 31 });

const DATE_TIME = /^(\d{4}-\d{2}-\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:[Zz]|[+-]\d{2}:?\d{2})?)?$/;

/**
 * The calendar date of an ISO 8601 date-time as written, without moving it to another time zone:
 * `2024-03-08T23:30:00-05:00` is 8 March, the issuer's date. Gives `undefined` when the text is not
 * a date-time (or a date) with a real calendar date and a valid time.
 *
 * @example
 * dateOfDateTime("2024-03-08T23:30:00-05:00") //=> "2024-03-08"
 * dateOfDateTime("2024-02-30T00:00:00Z") //=> undefined
 */
export function dateOfDateTime(text: string): string | undefined {
  const m = DATE_TIME.exec(text);
  if (!m || !isIsoDate(m[1]!)) return undefined;
  if (m[2] !== undefined && (Number(m[2]) > 23 || Number(m[3]) > 59 || Number(m[4] ?? 0) > 60)) return undefined;
  return m[1];
}

/**
 * The UTC calendar date of a Unix timestamp in seconds (Open Badges 2.0 allows them for dates,
 * JWT claims use them). Gives `undefined` for a value that is not a finite timestamp.
 *
 * @example
 * dateOfUnixSeconds(1709856000) //=> "2024-03-08"
 */
export function dateOfUnixSeconds(seconds: number): string | undefined {
  if (!Number.isFinite(seconds)) return undefined;
  const ms = seconds * 1000;
  if (Math.abs(ms) > 8.64e15) return undefined;
  // UTC on purpose: a timestamp is an instant, and the UTC date is the one every machine agrees on
  const text = new Date(ms).toISOString();
  return /^\d{4}-/.test(text) ? text.slice(0, 10) : undefined;
}
