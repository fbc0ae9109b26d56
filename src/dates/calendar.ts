/**
 * Calendar-date arithmetic on date-only ISO strings (`YYYY-MM-DD`).
 *
 * This is the only module that imports date-fns. Every date in credstack is a date-only
 * ISO string; it is turned into a UTC-midnight `UTCDate` here (date-fns then does its arithmetic in
 * UTC), used, and turned back, so the machine's time zone never moves a date: not a daylight-saving
 * change, and not a day a zone skipped (Pacific/Kiritimati has no 1994-12-31, Pacific/Apia no
 * 2011-12-30, so local midnight of those days does not exist).
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

function fromDate(date: Date): string {
  return format(date, "yyyy-MM-dd", { in: utc });
}

/**
 * Tells whether a string is a real calendar date in `YYYY-MM-DD` form.
 *
 * @example
 * isIsoDate("2024-02-29") //=> true
 * isIsoDate("2026-02-30") //=> false
 */
export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const date = parseISO(value, { in: utc });
  return isValid(date) && fromDate(date) === value;
}

/**
 * Adds whole years to a date; 29 February falls back to 28 February in common years.
 *
 * @example
 * addYears("2024-02-29", 1) //=> "2025-02-28"
 */
export function addYears(iso: string, years: number): string {
  return fromDate(fnsAddYears(toDate(iso), years, { in: utc }));
}

/**
 * Adds days to a date (negative to go back).
 *
 * @example
 * addDays("2024-02-28", 1) //=> "2024-02-29"
 */
export function addDays(iso: string, days: number): string {
  return fromDate(fnsAddDays(toDate(iso), days, { in: utc }));
}

/**
 * Counts whole years from `from` to `to` (0 when `to` is earlier).
 *
 * @example
 * fullYearsBetween("2020-08-15", "2024-08-14") //=> 3
 * fullYearsBetween("2020-08-15", "2024-08-15") //=> 4
 */
export function fullYearsBetween(from: string, to: string): number {
  return Math.max(0, differenceInYears(toDate(to), toDate(from), { in: utc }));
}

/**
 * Counts calendar days from `from` to `to` (negative when `to` is earlier).
 *
 * @example
 * daysBetween("2024-02-28", "2024-03-01") //=> 2
 */
export function daysBetween(from: string, to: string): number {
  return differenceInCalendarDays(toDate(to), toDate(from), { in: utc });
}

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
