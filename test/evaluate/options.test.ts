// evaluate's options: the as-of date and the search budget are checked; a budget too small to
// prove the best placement flags the result instead of pretending.
import { describe, expect, test } from "vitest";
import { evaluate, EvaluationError, evaluateStatus, PolicyError } from "../../src/index.js";
import { cred, policy, record, requirementOf, stackOf } from "../helpers/policy.js";

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

  test.each([[42], ["rules/nc-renewal-2024.yaml"], [null], [undefined], [[{ id: "half" }]]])("a policy that is not one (%j) is a PolicyError with issues, from every entry point", (given) => {
    for (const run of [evaluate, evaluateStatus]) {
      let thrown: unknown;
      try {
        run(record(creds), given as never, { asOf: "2026-11-24" });
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(PolicyError);
      expect((thrown as PolicyError).issues.length).toBeGreaterThan(0);
    }
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

describe("the determining credentials share one budget", () => {
  const twoCategories = policy({
    stacks: `
      - id: s
        kind: renewal
        title: S
        requirements:
          - id: pool
            credit: 4
            categories:
              - { id: x, min: 2, from: { tags: x } }
              - { id: y, min: 2, from: { tags: y } }
    `,
  });
  // a and b (2 each) fit x and y, c (2) only x. The search orders c before a and b (its
  // eligibility sorts first) and meets the stack on its first path, 4 nodes: c → x, a → y, b in
  // the pool. Dropping credentials: b has slack (the pool counts 6 of 4) and goes without a
  // search; c does not (x is at its minimum), so a search over {a, b} finds a → x, b → y (3
  // nodes) and c goes; then b and a each need a search that the bound ends at its first node
  // (the pool alone would be 2 short). In all 3 + 1 + 1 = 5 nodes for the trials.
  const abc = record([cred("a", 2, { tags: ["x", "y"] }), cred("b", 2, { tags: ["x", "y"] }), cred("c", 2, { tags: ["x"] })]);

  test("with 5 nodes the trials finish: a and b determined it, proven minimal", () => {
    const s = stackOf(evaluate(abc, twoCategories, { asOf: "2026-11-24", budget: 5 }).results[0]!, "s");
    expect([s.status, s.determinedBy.credentials, s.optimal]).toEqual(["met", ["a", "b"], true]);
  });

  test("with 4 nodes the last trial cannot run: a is kept unproven, the set still meets the stack, and the result is flagged", () => {
    const s = stackOf(evaluate(abc, twoCategories, { asOf: "2026-11-24", budget: 4 }).results[0]!, "s");
    expect([s.status, s.determinedBy.credentials, s.optimal]).toEqual(["met", ["a", "b"], false]);
    const alone = record([cred("a", 2, { tags: ["x", "y"] }), cred("b", 2, { tags: ["x", "y"] })]);
    expect(stackOf(evaluate(alone, twoCategories, { asOf: "2026-11-24" }).results[0]!, "s").status).toBe("met");
  });
});

describe("a stack's routes share one budget", () => {
  const twoRoutes = policy({
    stacks: `
      - id: s
        kind: renewal
        title: S
        requirements:
          - id: route
            any:
              - { id: far, credit: 100 }
              - id: near
                credit: 2
                categories:
                  - { id: x, min: 1, from: { tags: x } }
                  - { id: y, min: 1, from: { tags: y } }
    `,
  });
  // a (1, x y) and b (1, x). Route 'far' is searched first: a and b are interchangeable there, so
  // one path of 3 nodes (the root, a, b), 98 short. Route 'near' orders b first (its eligibility
  // sorts first): b → x, then a skips x (met) for y: met on a path of 3 nodes.
  const ab = record([cred("a", 1, { tags: ["x", "y"] }), cred("b", 1, { tags: ["x"] })]);
  const run = (budget: number) => stackOf(evaluate(ab, twoRoutes, { asOf: "2026-11-24", budget }).results[0]!, "s");

  test("6 nodes are enough for both routes: 'near' is met, proven", () => {
    const s = run(6);
    expect([s.status, s.optimal, requirementOf(s.requirements, "route").chosen]).toEqual(["met", true, ["near"]]);
  });

  test("with 5, 'far' leaves 'near' 2 nodes: its search stops before a complete placement, every credential takes its first option (x), y is short, and the result is flagged", () => {
    const s = run(5);
    expect([s.status, s.optimal, requirementOf(s.requirements, "route").chosen]).toEqual(["not_met", false, ["near"]]);
    expect(requirementOf(s.requirements, "x").placements).toEqual([
      { credential: "a", amount: "1" },
      { credential: "b", amount: "1" },
    ]);
  });
});
