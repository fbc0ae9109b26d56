// evaluate's options: the as-of date and the search budget are checked; a budget too small to
// prove the best placement flags the result instead of pretending.
import { describe, expect, test } from "vitest";
import { evaluate, EvaluationError } from "../../src/index.js";
import { cred, policy, record, stackOf } from "../helpers/policy.js";

const p = policy({
  stacks: `
    - id: s
      kind: renewal
      title: S
      requirements:
        - id: pool
          credit: 12
          categories:
            - { id: a, min: 5, from: { tags: a } }
            - { id: b, min: 5, from: { tags: b } }
  `,
});
// eight credentials worth 1..8 that each fit both categories: 36 credits, plenty for the pool, but
// indivisible credit has to be split between a and b by whole credentials
const creds = [1, 2, 3, 4, 5, 6, 7, 8].map((v) => cred(`c${v}`, v, { tags: ["a", "b"] }));

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (e) {
    return e instanceof EvaluationError ? e.code : "not an EvaluationError";
  }
  return undefined;
}

describe("options", () => {
  test.each([["2026-02-30"], ["2026-11-24T00:00:00Z"], [""], [undefined]])("asOf %s is invalid_as_of", (asOf) => {
    expect(codeOf(() => evaluate(record(creds), p, { asOf: asOf as string }))).toBe("invalid_as_of");
  });

  test.each([[0], [-1], [1.5], [Number.NaN], ["100"]])("budget %s is invalid_option", (budget) => {
    expect(codeOf(() => evaluate(record(creds), p, { asOf: "2026-11-24", budget: budget as number }))).toBe("invalid_option");
  });

  test("with room to search the placement is proven; with a budget of one node it is flagged, and still met", () => {
    const proven = stackOf(evaluate(record(creds), p, { asOf: "2026-11-24" }).results[0]!, "s");
    expect(proven).toMatchObject({ status: "met", optimal: true });
    // one node is not enough to reach a complete placement: the fallback places every credential
    // in its first option (category a), so b is short, and the result says it is not proven
    const flagged = stackOf(evaluate(record(creds), p, { asOf: "2026-11-24", budget: 1 }).results[0]!, "s");
    expect(flagged.optimal).toBe(false);
    expect(flagged.explanation.some((l) => l.includes("not met"))).toBe(true);
  });
});
