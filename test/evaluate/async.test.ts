/**
 * evaluateAsync: conditions through json-rules-engine with facts from async providers. The report
 * must equal evaluate's for the same facts given as values.
 */
import { describe, expect, test } from "vitest";
import { evaluate, evaluateAsync, EvaluationError, type FactProvider } from "../../src/index.js";
import { cred, policy, record, stackOf } from "../helpers/policy.js";

const asOf = "2026-01-01";

const lead = policy({
  stacks: `
    - id: lead
      kind: pathway
      title: Lead
      window: { type: license_cycle }
      prerequisites:
        all:
          - { fact: years_experience, operator: greaterThanInclusive, value: 3 }
          - { fact: district_approved, operator: equal, value: true }
          - any:
              - { fact: latest_rating, operator: in, value: [effective, highly_effective] }
              - { not: { fact: years_since_latest_rating, operator: greaterThan, value: 4 } }
      variants:
        - id: elementary
          when: { fact: license_grade_band, operator: equal, value: K-5 }
          requirements:
            - id: credits
              credit: 3
              categories:
                - { id: reading, min: 1, from: { tags: reading }, when: { fact: degree_levels, operator: doesNotContain, value: masters } }
            - { id: exam, condition: { fact: exams_passed, operator: contains, value: plt } }
        - id: other
          requirements:
            - { id: credits, credit: 4, when: { fact: years_experience, operator: lessThan, value: 10, params: { state: XX } } }
    - id: master
      kind: designation
      title: Master
      requirements:
        - { id: has-lead, stack: lead }
        - { id: rated, condition: { fact: latest_rating, operator: equal, value: highly_effective, params: { system: TESS } } }
  `,
});

const rec = (band: string) =>
  record([cred("a", 2, { tags: ["reading"] }), cred("b", 2)], {
    licenses: [{ state: "XX", type: "standard", grade_band: band, issued: "2024-07-01", expires: "2029-06-30" }],
    degrees: [{ level: "bachelors" }],
    ratings: [{ date: "2024-05-01", rating: "highly_effective", system: "TESS" }],
    exams: [{ id: "plt", date: "2025-01-01", passed: true }],
    experience: [{ state: "XX", from: "2019-08-01", to: "2022-07-31" }],
  });

const later = <T,>(value: T, ms = 1): Promise<T> => new Promise((resolve) => setTimeout(() => resolve(value), ms));

describe("evaluateAsync", () => {
  test("derived facts only: the same report as evaluate", async () => {
    const r = rec("K-5");
    const facts = { district_approved: true };
    expect(await evaluateAsync(r, lead, { asOf, facts })).toEqual(evaluate(r, lead, { asOf, facts }));
  });

  test.each(["K-5", "6-12"])("async providers give the same report as the same facts as values (%s)", async (band) => {
    const r = rec(band);
    const providers: Record<string, FactProvider> = {
      years_experience: async () => later(12),
      district_approved: () => later(true),
      latest_rating: async () => "effective",
    };
    const values = { years_experience: 12, district_approved: true, latest_rating: "effective" };
    const sync = evaluate(r, lead, { asOf, facts: values });
    const async_ = await evaluateAsync(r, lead, { asOf, facts: providers });
    expect(async_).toEqual(sync);
    expect(JSON.stringify(async_)).toBe(JSON.stringify(sync));
    // the supplied values took effect: 12 ≥ 3, and the override hides the TESS rating
    const leadStack = stackOf(sync.results[0]!, "lead");
    expect(leadStack.prerequisites?.result).toBe(true);
    expect(stackOf(sync.results[0]!, "master").requirements[1]).toMatchObject({ status: "not_met" });
  });

  test("a provider receives the condition's params", async () => {
    const seen: unknown[] = [];
    const provider: FactProvider = async (params) => {
      seen.push(params ?? null);
      return 5;
    };
    await evaluateAsync(rec("6-12"), lead, { asOf, facts: { years_experience: provider, district_approved: true } });
    expect(seen).toContainEqual({ state: "XX" });
    expect(seen).toContainEqual(null);
  });

  test.each([
    ["throws", (() => {
      throw new Error("HR is down");
    }) as FactProvider],
    ["rejects", (async () => {
      throw new Error("HR is down");
    }) as FactProvider],
  ])("a provider that %s: EvaluationError fact_failed", async (_, provider) => {
    let caught: unknown;
    try {
      await evaluateAsync(rec("K-5"), lead, { asOf, facts: { years_experience: provider, district_approved: true } });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(EvaluationError);
    expect((caught as EvaluationError).code).toBe("fact_failed");
    expect((caught as EvaluationError).message).toContain("years_experience");
  });

  test("an unknown fact: EvaluationError unknown_fact", async () => {
    await expect(evaluateAsync(rec("K-5"), lead, { asOf })).rejects.toMatchObject({ name: "EvaluationError", code: "unknown_fact" });
  });

  test("50 concurrent calls with different facts each equal their sequential result", async () => {
    const years = (i: number) => i % 7;
    const rating = (i: number) => (i % 3 === 0 ? "effective" : i % 3 === 1 ? "highly_effective" : "developing");
    const band = (i: number) => (i % 2 === 0 ? "K-5" : "6-12");
    const expected = Array.from({ length: 50 }, (_, i) =>
      evaluate(rec(band(i)), lead, { asOf, facts: { years_experience: years(i), latest_rating: rating(i), district_approved: i % 5 !== 0 } }),
    );
    const actual = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        evaluateAsync(rec(band(i)), lead, {
          asOf,
          facts: {
            years_experience: () => later(years(i), (i * 7) % 5),
            latest_rating: async () => later(rating(i), (i * 3) % 4),
            district_approved: i % 5 !== 0,
          },
        }),
      ),
    );
    actual.forEach((report, i) => expect(report).toEqual(expected[i]));
    // the facts differ, so the results do: some lead stacks are eligible and some are not
    const statuses = new Set(actual.map((r) => stackOf(r.results[0]!, "lead").status));
    expect(statuses.has("not_eligible")).toBe(true);
    expect(statuses.size).toBeGreaterThan(1);
  });
});

// regression tests for bugs a second reading of the engine found
describe("bugs", () => {
  test("evaluate and evaluateAsync agree when an unknown fact sits in a variant that is never reached", async () => {
    const p = policy({
      stacks: `
        - id: s
          kind: renewal
          title: S
          variants:
            - { id: first, requirements: [{ id: c, credit: 1 }] }
            - { id: second, when: { fact: shoe_size, operator: equal, value: 9 }, requirements: [{ id: c, credit: 1 }] }
      `,
    });
    const r = record([cred("a", 1)]);
    const outcome = async (run: () => unknown) => {
      try {
        return { report: await run() };
      } catch (error) {
        return { error: (error as EvaluationError).code };
      }
    };
    const sync = await outcome(() => evaluate(r, p, { asOf }));
    const async_ = await outcome(() => evaluateAsync(r, p, { asOf }));
    expect(async_).toEqual(sync);
  });
});
