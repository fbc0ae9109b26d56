/**
 * Facts: what conditions test. Derived from the record, the license under evaluation and the
 * as-of date; supplied facts (record.facts, or the `facts` option) take precedence.
 */
import { addDays, addYears, fullYearsBetween, yearsInSpans } from "../dates/index.js";
import type { FactValue } from "../schema/condition.js";
import type { EducatorRecord, License } from "../schema/record.js";

type Params = Readonly<Record<string, FactValue>> | undefined;

/** A derived fact: how it is computed and what it means. */
interface DerivedFact {
  readonly description: string;
  readonly params?: string;
  readonly compute: (ctx: FactInput, params: Params) => FactValue;
}

/** What facts are derived from. */
export interface FactInput {
  readonly record: EducatorRecord;
  readonly license: License | undefined;
  readonly state: string;
  readonly asOf: string;
}

function list(value: FactValue | undefined): readonly FactValue[] | undefined {
  if (value === undefined || value === null) return undefined;
  return Array.isArray(value) ? value : [value];
}

function latestRating(ctx: FactInput, params: Params) {
  const systems = list(params?.["system"]);
  let best: EducatorRecord["ratings"][number] | undefined;
  for (const r of ctx.record.ratings) {
    if (r.date > ctx.asOf) continue;
    if (systems && !systems.includes(r.system ?? null)) continue;
    if (!best || r.date > best.date || (r.date === best.date && r.rating < best.rating)) best = r;
  }
  return best;
}

/** The licenses held in the policy's state, issued on or before the as-of date. */
function heldLicenses(ctx: FactInput): readonly License[] {
  return ctx.record.licenses.filter((l) => l.state === ctx.state && l.issued <= ctx.asOf);
}

const DEGREE_ORDER = ["associate", "bachelors", "masters", "specialist", "doctorate"] as const;

/** The facts credstack derives, by name. docs/policy-format.md#facts lists the same. */
export const DERIVED_FACTS: Readonly<Record<string, DerivedFact>> = {
  state: { description: "The policy's state code.", compute: (c) => c.state },
  license_type: { description: "The type of the license under evaluation, or null.", compute: (c) => c.license?.type ?? null },
  license_role: { description: "Its role, or null.", compute: (c) => c.license?.role ?? null },
  license_grade_band: { description: "Its grade band, or null.", compute: (c) => c.license?.grade_band ?? null },
  license_areas: { description: "Its areas and endorsements (a list).", compute: (c) => c.license?.areas ?? [] },
  license_lifetime: { description: "Whether it is a lifetime license.", compute: (c) => c.license?.lifetime ?? false },
  license_status: {
    description: "active, expired (expiry before the as-of date) or none.",
    compute: (c) => (!c.license ? "none" : c.license.expires !== undefined && c.license.expires < c.asOf ? "expired" : "active"),
  },
  years_licensed: {
    description: "Whole years since the license under evaluation was issued, or null.",
    compute: (c) => (c.license ? fullYearsBetween(c.license.issued, c.asOf) : null),
  },
  years_since_expiry: {
    description:
      "Whole years the license under evaluation has been expired, counted from the day after its expiry date (1 or more: expired more than a year); null when it has not expired.",
    compute: (c) =>
      c.license?.expires !== undefined && c.license.expires < c.asOf ? fullYearsBetween(addDays(c.license.expires, 1), c.asOf) : null,
  },
  license_types_held: {
    description: "The types of every license the educator holds in the policy's state, issued on or before the as-of date, current or expired (a list, sorted).",
    compute: (c) => [...new Set(heldLicenses(c).map((l) => l.type))].sort(),
  },
  holds_only_license_types: {
    description: "Whether every license the educator holds in the policy's state (as for license_types_held) is of one of the given types, and there is at least one.",
    params: "types (a value or a list)",
    compute: (c, params) => {
      const types = list(params?.["types"]) ?? [];
      const held = heldLicenses(c);
      return held.length > 0 && held.every((l) => types.includes(l.type));
    },
  },
  years_experience: {
    description: "Whole years of experience up to the as-of date: matching spans (both ends count, overlaps merged), each span's calendar years plus leftover days pooled at 365 a year.",
    params: "state, license_types, roles (each a value or a list; omitted means any); within_years (only the years before the as-of date)",
    compute: (c, params) => {
      const states = list(params?.["state"]);
      const types = list(params?.["license_types"]);
      const roles = list(params?.["roles"]);
      const within = params?.["within_years"];
      // a look-back ("3 of the last 6 years"): spans are cut to the years before the as-of date
      const since = typeof within === "number" && within > 0 ? addDays(addYears(c.asOf, -within), 1) : undefined;
      // matching spans up to the as-of date; yearsInSpans merges the overlaps (two jobs at once are one year, not two)
      const spans: [string, string][] = [];
      for (const e of c.record.experience) {
        if (states && !states.includes(e.state ?? null)) continue;
        if (types && !types.includes(e.license_type ?? null)) continue;
        if (roles && !roles.includes(e.role ?? null)) continue;
        if (e.from > c.asOf) continue;
        spans.push([since !== undefined && e.from < since ? since : e.from, e.to === undefined || e.to > c.asOf ? c.asOf : e.to]);
      }
      return yearsInSpans(spans);
    },
  },
  degree_levels: { description: "Levels of the degrees held (a list).", compute: (c) => [...new Set(c.record.degrees.map((d) => d.level))].sort() },
  highest_degree: {
    description: "The highest degree level held, or null.",
    compute: (c) => {
      let best = -1;
      for (const d of c.record.degrees) best = Math.max(best, DEGREE_ORDER.indexOf(d.level));
      return best < 0 ? null : DEGREE_ORDER[best]!;
    },
  },
  latest_rating: {
    description: "The most recent rating on or before the as-of date, or null.",
    params: "system (optional)",
    compute: (c, p) => latestRating(c, p)?.rating ?? null,
  },
  years_since_latest_rating: {
    description: "Whole years since that rating, or null.",
    params: "system (optional)",
    compute: (c, p) => {
      const r = latestRating(c, p);
      return r ? fullYearsBetween(r.date, c.asOf) : null;
    },
  },
  exams_passed: {
    description: "Ids of exams passed on or before the as-of date (a list).",
    compute: (c) => [...new Set(c.record.exams.filter((e) => e.passed && e.date <= c.asOf).map((e) => e.id))].sort(),
  },
  employer_type: { description: "The employer type, or null.", compute: (c) => c.record.employment?.employer_type ?? null },
  employer_state: { description: "The employer's state code (employment.state), or null.", compute: (c) => c.record.employment?.state ?? null },
  employment_role: { description: "The employment role, or null.", compute: (c) => c.record.employment?.role ?? null },
  grade_levels: { description: "Grade levels taught (a list).", compute: (c) => c.record.employment?.grade_levels ?? [] },
  designations: { description: "Designations held (a list).", compute: (c) => [...(c.record.designations ?? [])].sort() },
  school_year: {
    description: "The school year the as-of date falls in, by its first calendar year (2026 for 2026-27).",
    params: "start_month (1-12, default 7: school years run July to June)",
    compute: (c, params) => {
      const start = typeof params?.["start_month"] === "number" ? params["start_month"] : 7;
      const year = Number(c.asOf.slice(0, 4));
      return Number(c.asOf.slice(5, 7)) >= start ? year : year - 1;
    },
  },
};

/** A fact lookup for one evaluation: supplied facts, then record.facts, then derived ones, then the policy's declared defaults. */
export interface Facts {
  /**
   * The fact's value, or `undefined` when no fact of that name exists. `key` is the memo key of
   * the name and params when the caller has it already (a compiled condition does).
   */
  get(name: string, params?: Params, key?: string): FactValue | undefined;
  /** Whether a fact of that name exists. */
  has(name: string): boolean;
}

/**
 * Builds the facts for one educator, license and date.
 *
 * @example
 * const facts = buildFacts({ record, license, state: "NC", asOf: "2026-11-24" });
 * facts.get("license_grade_band") //=> "6-12"
 * facts.get("years_experience", { state: "AR" }) //=> 4
 */
export function buildFacts(
  input: FactInput,
  supplied?: Readonly<Record<string, FactValue>>,
  defaults?: Readonly<Record<string, FactValue>>,
): Facts {
  const memo = new Map<string, FactValue>();
  const recordFacts = input.record.facts;
  return {
    has(name) {
      return (supplied !== undefined && Object.hasOwn(supplied, name)) ||
        (recordFacts !== undefined && Object.hasOwn(recordFacts, name)) ||
        Object.hasOwn(DERIVED_FACTS, name) ||
        (defaults !== undefined && Object.hasOwn(defaults, name));
    },
    get(name, params, given) {
      if (supplied !== undefined && Object.hasOwn(supplied, name)) return supplied[name];
      if (recordFacts !== undefined && Object.hasOwn(recordFacts, name)) return recordFacts[name];
      if (!Object.hasOwn(DERIVED_FACTS, name)) return defaults !== undefined && Object.hasOwn(defaults, name) ? defaults[name] : undefined;
      const key = given ?? (params === undefined ? name : `${name}\u0000${JSON.stringify(params)}`);
      let value = memo.get(key);
      if (value === undefined) {
        value = DERIVED_FACTS[name]!.compute(input, params);
        memo.set(key, value);
      }
      return value;
    },
  };
}
