import { fc, test } from "@fast-check/vitest";
import { addDays as fnsAddDays, addYears as fnsAddYears, differenceInCalendarDays, differenceInYears, format, isValid, parseISO } from "date-fns";
import { describe, expect } from "vitest";
import { addDays, addYears, daysBetween, fullYearsBetween, isIsoDate, yearsInSpans } from "../../src/dates/calendar.js";
import { propertyParams } from "../helpers/property.js";

// The fast path of src/dates/calendar.ts computes on day numbers; the reference is date-fns on
// local-midnight Dates, as the module did before it had a fast path. Both must agree everywhere.
// past the years 0001-9999 a date stops at their edge
const edge = (d: Date) => (d.getFullYear() > 9999 ? "9999-12-31" : d.getFullYear() < 1 ? "0001-01-01" : format(d, "yyyy-MM-dd"));
const ref = {
  isIsoDate: (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && isValid(parseISO(s)) && format(parseISO(s), "yyyy-MM-dd") === s,
  addDays: (s: string, n: number) => edge(fnsAddDays(parseISO(s), n)),
  addYears: (s: string, n: number) => edge(fnsAddYears(parseISO(s), n)),
  fullYearsBetween: (a: string, b: string) => Math.max(0, differenceInYears(parseISO(b), parseISO(a))),
  daysBetween: (a: string, b: string) => differenceInCalendarDays(parseISO(b), parseISO(a)),
};

const pad = (n: number, width: number) => String(n).padStart(width, "0");
// any year, month 0-13 and day 0-32: real dates, and strings that only look like dates
const text = fc.record({ y: fc.integer({ min: 0, max: 9999 }), m: fc.integer({ min: 0, max: 13 }), d: fc.integer({ min: 0, max: 32 }) }).map(({ y, m, d }) => `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`);
// real dates, mostly near today, sometimes at the ends of the range; month ends and leap days often
const anyReal = fc
  .record({
    y: fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 1890, max: 2110 }) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 9999 }) }),
    m: fc.integer({ min: 1, max: 12 }),
    d: fc.oneof(fc.integer({ min: 1, max: 31 }), fc.constantFrom(28, 29, 30, 31)),
  })
  .map(({ y, m, d }) => `${pad(y, 4)}-${pad(m, 2)}-${pad(Math.min(d, new Date(2000, m, 0).getDate()), 2)}`)
  .filter((s) => ref.isIsoDate(s));
const leapDay = fc.integer({ min: 1, max: 2499 }).map((k) => `${pad(k * 4, 4)}-02-29`).filter((s) => ref.isIsoDate(s));
const real = fc.oneof({ weight: 4, arbitrary: anyReal }, { weight: 1, arbitrary: leapDay });

describe("calendar arithmetic on day numbers agrees with date-fns", () => {
  test.prop([text], propertyParams(71))("isIsoDate", (s) => {
    expect(isIsoDate(s)).toBe(ref.isIsoDate(s));
  });

  test.prop([real, fc.oneof(fc.integer({ min: -4000, max: 4000 }), fc.integer({ min: -4_000_000, max: 4_000_000 }))], propertyParams(72))(
    "addDays (past the years 0001-9999: their first or last day)",
    (s, n) => {
      expect(addDays(s, n)).toBe(ref.addDays(s, n));
    },
  );

  test.prop([real, fc.oneof(fc.integer({ min: -12, max: 12 }), fc.integer({ min: -10_000, max: 10_000 }))], propertyParams(73))(
    "addYears (29 February falls back to 28 February)",
    (s, n) => {
      expect(addYears(s, n)).toBe(ref.addYears(s, n));
    },
  );

  test.prop([real, real], propertyParams(74))("fullYearsBetween and daysBetween", (a, b) => {
    expect(fullYearsBetween(a, b)).toBe(ref.fullYearsBetween(a, b));
    expect(daysBetween(a, b)).toBe(ref.daysBetween(a, b));
  });

  test.prop([real.filter((s) => s < "9999")], propertyParams(75))("a year later, on the same day or its eve, is one whole year", (s) => {
    // hand-checked anchors: 2024-02-29 + 1 year = 2025-02-28, which is 1 whole year but 365 days
    expect(fullYearsBetween(s, addYears(s, 1))).toBe(s.endsWith("02-29") ? 0 : 1);
    expect(fullYearsBetween(s, addDays(addYears(s, 1), -1))).toBe(0);
  });
});

// yearsInSpans as the years_experience fact computed it before it moved here: on the dates' texts,
// with the reference arithmetic above
function refYearsInSpans(spans: readonly (readonly [string, string])[]): number {
  const ends = spans.map(([from, to]) => [from, ref.addDays(to, 1)] as [string, string]).filter(([from, end]) => from < end);
  ends.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const merged: [string, string][] = [];
  for (const [from, end] of ends) {
    const last = merged[merged.length - 1];
    if (last && from <= last[1]) last[1] = end > last[1] ? end : last[1];
    else merged.push([from, end]);
  }
  let years = 0;
  let days = 0;
  for (const [from, end] of merged) {
    const whole = ref.fullYearsBetween(from, end);
    years += whole;
    days += ref.daysBetween(ref.addYears(from, whole), end);
  }
  return years + Math.floor(days / 365);
}

describe("yearsInSpans on day numbers agrees with the same count on the dates' texts", () => {
  // spans near one another (so they overlap, touch and nest), and some anywhere, to the end of time
  const near = fc.tuple(fc.integer({ min: 0, max: 20_000 }), fc.integer({ min: -30, max: 4_000 })).map(([start, length]) => [ref.addDays("1980-01-01", start), ref.addDays("1980-01-01", start + length)] as [string, string]);
  const span = fc.oneof({ weight: 4, arbitrary: near }, { weight: 1, arbitrary: fc.tuple(real, real) });
  test.prop([fc.array(span, { maxLength: 5 })], propertyParams(76))("the same years", (spans) => {
    expect(yearsInSpans(spans)).toBe(refYearsInSpans(spans));
  });
});

describe("calendar anchors (hand-checked)", () => {
  test("leap days, month ends and year ends", () => {
    expect(addYears("2024-02-29", 1)).toBe("2025-02-28");
    // the end of time stays the end of time, and sorts after every other date
    expect(addYears("9999-01-28", 1)).toBe("9999-12-31");
    expect(addDays("9999-12-31", 1)).toBe("9999-12-31");
    expect(addDays("0001-01-01", -1)).toBe("0001-01-01");
    // past what a Date can hold (about 275,000 years), the same edges, not an error
    expect(addYears("2026-11-24", -1_000_000)).toBe("0001-01-01");
    expect(addYears("2026-11-24", 1_000_000)).toBe("9999-12-31");
    expect(addDays("2026-11-24", -1_000_000_000)).toBe("0001-01-01");
    expect(addDays("2026-11-24", 1_000_000_000)).toBe("9999-12-31");
    expect(addYears("2024-02-29", 4)).toBe("2028-02-29");
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(addDays("2023-12-31", 1)).toBe("2024-01-01");
    expect(addDays("2024-03-01", -1)).toBe("2024-02-29");
    // 2024 is a leap year: 366 days from 2024-01-01 to 2025-01-01
    expect(daysBetween("2024-01-01", "2025-01-01")).toBe(366);
    expect(fullYearsBetween("2020-08-15", "2024-08-14")).toBe(3);
    expect(fullYearsBetween("2020-08-15", "2024-08-15")).toBe(4);
    expect(isIsoDate("1900-02-29")).toBe(false);
    expect(isIsoDate("2000-02-29")).toBe(true);
  });

  test("years in spans: merged where they overlap or touch, leftover days pooled at 365 a year", () => {
    expect(yearsInSpans([])).toBe(0);
    // three school years
    expect(yearsInSpans([["2020-08-01", "2023-07-31"]])).toBe(3);
    // two halves that touch (2021-01-31, then 2021-02-01) are one year
    expect(yearsInSpans([["2020-08-01", "2021-01-31"], ["2021-02-01", "2021-07-31"]])).toBe(1);
    // touching spans count as one: 2023-03-01 to 2025-02-27 is 1 whole year (to 2024-03-01) and
    // 364 days; counted apart, its halves would be 365 days each (neither a whole year, each
    // crossing 29 February 2024 or its anniversary), 730 days, 2 years
    expect(yearsInSpans([["2023-03-01", "2024-02-28"], ["2024-02-29", "2025-02-27"]])).toBe(1);
    // the same year twice (two jobs at once) is one year
    expect(yearsInSpans([["2020-08-01", "2021-07-31"], ["2020-08-01", "2021-07-31"]])).toBe(1);
    // 181 + 181 days apart: 362, not a year; 181 + 184 (March to August) days: 365, a year
    expect(yearsInSpans([["2020-09-01", "2021-02-28"], ["2022-09-01", "2023-02-28"]])).toBe(0);
    expect(yearsInSpans([["2020-09-01", "2021-02-28"], ["2022-03-01", "2022-08-31"]])).toBe(1);
    // a span that ends before it starts counts nothing; the last year of time is 364 days, its end kept at 9999-12-31
    expect(yearsInSpans([["2024-05-01", "2024-04-30"]])).toBe(0);
    expect(yearsInSpans([["9999-01-01", "9999-12-31"]])).toBe(0);
    expect(yearsInSpans([["9998-01-01", "9999-12-31"]])).toBe(1);
  });
});
