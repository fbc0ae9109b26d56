// Dates: invalid dates, leap days, end-of-month cycles and windows, and the same answers in every
// time zone. The machine's zone is switched inside this process (Node re-reads TZ when it is set),
// including zones that skipped a whole day: Pacific/Kiritimati has no 1994-12-31 and Pacific/Apia
// no 2011-12-30, so local midnight of those days does not exist. CI also runs the suite under
// several TZ values (.ci/run).
import { readdirSync, readFileSync } from "node:fs";
import { afterEach, describe, expect, test } from "vitest";
import { addDays, addYears, daysBetween, fullYearsBetween, isIsoDate } from "../../src/dates/index.js";
import { resolveWindow } from "../../src/evaluate/window.js";
import { evaluate } from "../../src/index.js";
import { loadBuiltinPolicies, loadRecordFile } from "../../src/node/index.js";

const ZONES = ["UTC", "Pacific/Honolulu", "America/New_York", "Pacific/Kiritimati", "Pacific/Apia", "America/Sao_Paulo", "Asia/Kathmandu"];
const original = process.env["TZ"];
afterEach(() => {
  if (original === undefined) delete process.env["TZ"];
  else process.env["TZ"] = original;
});

/** Runs `read` with the process in each zone; gives the answers by zone. */
function inEveryZone<T>(read: () => T): Map<string, T> {
  const answers = new Map<string, T>();
  for (const zone of ZONES) {
    process.env["TZ"] = zone;
    answers.set(zone, read());
  }
  return answers;
}

describe("real and unreal dates", () => {
  test.each([
    ["2024-02-29", true], // 2024 is divisible by 4
    ["2023-02-29", false],
    ["2100-02-29", false], // divisible by 100, not by 400
    ["2000-02-29", true], // divisible by 400
    ["2026-02-30", false],
    ["2024-04-31", false],
    ["2024-13-01", false],
    ["2024-00-10", false],
    ["2024-06-00", false],
    ["2024-6-30", false],
    ["2024-06-30T00:00:00Z", false],
    [" 2024-06-30", false],
    ["1994-12-31", true],
    ["2011-12-30", true],
  ])("isIsoDate(%s) is %s", (text, real) => {
    expect(isIsoDate(text)).toBe(real);
  });
});

describe("leap days and month ends", () => {
  test("adding years to 29 February lands on 28 February in common years, 29 February in leap years", () => {
    expect(addYears("2024-02-29", 1)).toBe("2025-02-28");
    expect(addYears("2024-02-29", 4)).toBe("2028-02-29");
    expect(addYears("2024-02-29", -1)).toBe("2023-02-28");
    expect(addYears("2024-01-31", 1)).toBe("2025-01-31");
  });

  test("days across a leap day and across year ends", () => {
    expect(daysBetween("2024-02-28", "2024-03-01")).toBe(2); // 28 Feb, 29 Feb, then 1 Mar
    expect(daysBetween("2023-02-28", "2023-03-01")).toBe(1);
    expect(daysBetween("2024-01-01", "2025-01-01")).toBe(366);
    expect(addDays("2024-12-31", 1)).toBe("2025-01-01");
    expect(addDays("2025-03-01", -1)).toBe("2025-02-28");
  });

  test("full years: from 29 February, a year is complete on 1 March of a common year (date-fns's rule)", () => {
    expect(fullYearsBetween("2020-02-29", "2021-02-28")).toBe(0);
    expect(fullYearsBetween("2020-02-29", "2021-03-01")).toBe(1);
    expect(fullYearsBetween("2020-02-29", "2024-02-29")).toBe(4);
    expect(fullYearsBetween("2020-08-15", "2024-08-14")).toBe(3);
    expect(fullYearsBetween("2024-08-15", "2020-08-15")).toBe(0);
  });

  test("a rolling window ending on a leap day or the day after one", () => {
    // 1 year up to 2024-02-29: from 2023-02-28 + 1 day = 2023-03-01, 366 days inclusive
    const leap = resolveWindow({ type: "rolling", years: 1 }, undefined, "2024-02-29");
    expect(leap).toEqual({ ok: true, window: { from: "2023-03-01", to: "2024-02-29", deadline: undefined } });
    // 5 years up to 2025-02-28: from 2020-02-28 + 1 day = 2020-02-29
    const five = resolveWindow({ type: "rolling", years: 5 }, undefined, "2025-02-28");
    expect(five).toEqual({ ok: true, window: { from: "2020-02-29", to: "2025-02-28", deadline: undefined } });
  });

  test("a license cycle that ends on a month end: as-of on the last day keeps the cycle, the day after looks back", () => {
    const license = { state: "XX", type: "standard", issued: "2021-07-01", expires: "2026-06-30" };
    const window = { type: "license_cycle" as const, expired_lookback_years: 1 };
    expect(resolveWindow(window, license, "2026-06-30")).toEqual({ ok: true, window: { from: "2021-07-01", to: "2026-06-30", deadline: "2026-06-30" } });
    // expired the day before: the year before the as-of date, 2025-07-01 + 1 day to 2026-07-01
    expect(resolveWindow(window, license, "2026-07-01")).toEqual({ ok: true, window: { from: "2025-07-02", to: "2026-07-01", deadline: undefined } });
  });
});

describe("time zones", () => {
  test("switching TZ inside the process takes effect (so the checks below mean something)", () => {
    const offsets = inEveryZone(() => new Date(2024, 0, 1).getTimezoneOffset());
    // UTC 0; Honolulu UTC-10 is +600 minutes; Kiritimati UTC+14 is -840
    expect([offsets.get("UTC"), offsets.get("Pacific/Honolulu"), offsets.get("Pacific/Kiritimati")]).toEqual([0, 600, -840]);
  });

  test("calendar arithmetic gives the same answers in every zone, also on days a zone skipped", () => {
    const answers = inEveryZone(() => [
      isIsoDate("1994-12-31"),
      isIsoDate("2011-12-30"),
      addDays("1994-12-30", 1),
      addDays("2011-12-29", 1),
      daysBetween("1994-12-30", "1995-01-01"),
      addYears("1993-12-31", 1),
      addDays("2024-03-09", 1), // the US daylight-saving change is on 2024-03-10
      daysBetween("2024-03-09", "2024-11-04"),
      fullYearsBetween("1994-12-31", "2024-12-31"),
    ]);
    const utc = answers.get("UTC");
    expect(utc).toEqual([true, true, "1994-12-31", "2011-12-30", 2, "1994-12-31", "2024-03-10", 240, 30]);
    for (const zone of ZONES) expect([zone, answers.get(zone)]).toEqual([zone, utc]);
  });

  test("evaluating the fixture educators gives byte-identical reports in every zone", () => {
    const policies = loadBuiltinPolicies();
    const files = readdirSync("fixtures/educators").filter((f) => f.endsWith(".yaml")).sort();
    const records = files.map((f) => loadRecordFile(`fixtures/educators/${f}`));
    const answers = inEveryZone(() => records.map((r) => JSON.stringify(evaluate(r, policies, { asOf: "2026-11-24" }))).join("\n"));
    const utc = answers.get("UTC")!;
    for (const zone of ZONES) expect(answers.get(zone) === utc, zone).toBe(true);
  });
});

describe("nothing in src reads the machine's time zone", () => {
  const src = "src/";
  const files = (readdirSync(src, { recursive: true }) as string[]).filter((f) => f.endsWith(".ts")).map((f) => f.split("\\").join("/"));
  // local-time readers: Date parsing and constructors, local getters, locale formatting, date-fns
  const LOCAL = /new Date\(|Date\.parse\(|\.get(?:FullYear|Month|Date|Day|Hours|Minutes|TimezoneOffset)\(|toLocale\w*\(|Intl\.DateTimeFormat|from ["']date-fns["']/;
  // each allowed use, with why
  const ALLOWED: Record<string, string> = {
    // date-fns only ever sees UTCDate values here (the `in: utc` context)
    "dates/calendar.ts": "from \"date-fns\"|new Date(ms).toISOString()",
    // the CLI's default --as-of is today in the user's own zone, on purpose; the core never reads the clock
    "cli/main.ts": "localToday",
  };

  test("only the allowed modules use Date or date-fns, and only as allowed", () => {
    const users = files.filter((f) => LOCAL.test(readFileSync(src + f, "utf8")));
    expect(users.sort()).toEqual(Object.keys(ALLOWED).sort());
    const calendar = readFileSync(src + "dates/calendar.ts", "utf8");
    expect(calendar.match(/new Date\(/g)).toEqual(["new Date("]);
    expect(calendar).toMatch(/new Date\(ms\)\.toISOString\(\)/);
    // every date-fns call in calendar.ts works in UTC: each line calling one passes `in: utc`
    const calls = calendar.split("\n").filter((line) => !line.startsWith("import") && /\b(parseISO|fnsAddYears|fnsAddDays|differenceInYears|differenceInCalendarDays|format)\(/.test(line));
    expect(calls.length).toBe(7);
    for (const line of calls) expect(line).toContain("{ in: utc }");
    const cli = readFileSync(src + "cli/main.ts", "utf8");
    expect(cli.match(/new Date\(/g)).toEqual(["new Date("]);
    expect(cli).toMatch(/function localToday\(\): string \{\n\s+const d = new Date\(\);/);
  });
});
