/**
 * The requirement tree: `any` alternatives (the route taken, and the closest route when none is
 * met), `need`, references to other stacks, count pools with categories, distinct achievements
 * and limits.
 */
import { describe, expect, test } from "vitest";
import { evaluate } from "../../src/index.js";
import { cred, credentialOf, policy, record, requirementOf, stackOf } from "../helpers/policy.js";

const asOf = "2026-01-01";
const tagged = (id: string, tags: string[], value: number | string = 1, over: Parameters<typeof cred>[2] = {}) => cred(id, value, { tags, ...over });

describe("any", () => {
  const routes = policy({
    stacks: `
      - id: s
        kind: renewal
        title: S
        requirements:
          - id: route
            any:
              - { id: portfolio, count: 1, from: { kind: national_board } }
              - { id: credits, credit: 8 }
    `,
  });

  test("picks the route that is met", () => {
    // the national-board credential meets 'portfolio'; 1 + 3 = 4 of 8 would not meet 'credits'
    const stack = stackOf(evaluate(record([cred("nb", 1, { kind: "national_board" }), cred("c", 3)]), routes, { asOf }).results[0]!, "s");
    expect(stack.status).toBe("met");
    const route = requirementOf(stack.requirements, "route");
    expect(route).toMatchObject({ type: "any", status: "met", need: 1, chosen: ["portfolio"] });
    expect(requirementOf(stack.requirements, "portfolio")).toMatchObject({ status: "met", counted: { amount: "1", unit: "credentials" } });
    // the route not taken is shown as it would stand alone: 1 + 3 = 4 of 8
    expect(requirementOf(stack.requirements, "credits")).toMatchObject({ status: "not_met", counted: { amount: "4", unit: "credit" } });
    expect(stack.gaps).toEqual([]);
    expect(stack.explanation[0]).toContain("through portfolio");
  });

  test("the second route when only it is met", () => {
    const stack = stackOf(evaluate(record([cred("a", 5), cred("b", 3)]), routes, { asOf }).results[0]!, "s");
    expect(stack.status).toBe("met");
    expect(requirementOf(stack.requirements, "route").chosen).toEqual(["credits"]);
    expect(stack.credentials).toEqual(["a", "b"]);
  });

  test("none met: the route with the smallest share missing, whatever its place", () => {
    const closest = policy({
      stacks: `
        - id: s
          kind: renewal
          title: S
          requirements:
            - id: route
              any:
                - { id: big, credit: 10 }
                - { id: small, credit: 4 }
    `,
    });
    // 3 credits: big misses 7/10 = 0.7, small misses 1/4 = 0.25 → small, gap 1
    const stack = stackOf(evaluate(record([cred("a", 3)]), closest, { asOf }).results[0]!, "s");
    expect(stack.status).toBe("not_met");
    expect(requirementOf(stack.requirements, "route").chosen).toEqual(["small"]);
    expect(stack.gaps).toEqual([{ requirement: "route/small", missing: { amount: "1", unit: "credit" }, accepts: "any recognized credential", match: [] }]);
    expect(requirementOf(stack.requirements, "big")).toMatchObject({ status: "not_met", counted: { amount: "3", unit: "credit" }, gap: { amount: "7", unit: "credit" } });
  });

  test("the share missing weighs a route's categories too", () => {
    const closest = policy({
      stacks: `
        - id: s
          kind: renewal
          title: S
          requirements:
            - id: route
              any:
                - id: tagged
                  credit: 4
                  categories:
                    - { id: cs, min: 4, from: { tags: cs } }
                - { id: plain, credit: 6 }
    `,
    });
    // 4 untagged credits: tagged pool 4/4 but cs 0/4 → share 1; plain 4/6 → share 2/6 = 1/3 → plain
    const stack = stackOf(evaluate(record([cred("a", 4)]), closest, { asOf }).results[0]!, "s");
    expect(requirementOf(stack.requirements, "route").chosen).toEqual(["plain"]);
    expect(stack.gaps.map((g) => [g.requirement, g.missing?.amount])).toEqual([["route/plain", "2"]]);
  });

  describe("need: 2", () => {
    const twoOfThree = policy({
      stacks: `
        - id: s
          kind: endorsement
          title: S
          requirements:
            - id: pick
              need: 2
              any:
                - { id: x, count: 1, from: { tags: x } }
                - { id: y, count: 1, from: { tags: y } }
                - { id: z, count: 1, from: { tags: z } }
      `,
    });

    test("two alternatives met", () => {
      const stack = stackOf(evaluate(record([tagged("cx", ["x"]), tagged("cz", ["z"])]), twoOfThree, { asOf }).results[0]!, "s");
      expect(stack.status).toBe("met");
      expect(requirementOf(stack.requirements, "pick")).toMatchObject({ need: 2, chosen: ["x", "z"], status: "met" });
    });

    test("one credential cannot meet two alternatives", () => {
      // cxy fits x and y but is placed once in a stack: one of the two is short by 1
      const stack = stackOf(evaluate(record([tagged("cxy", ["x", "y"])]), twoOfThree, { asOf }).results[0]!, "s");
      expect(stack.status).toBe("not_met");
      expect(stack.gaps).toHaveLength(1);
      expect(stack.gaps[0]!.missing).toEqual({ amount: "1", unit: "credentials" });
    });

    test("more alternatives needed than apply to the educator: the shortfall is a gap", () => {
      // z applies only when a fact holds; for this record it does not, so only x and y can be pursued
      const conditional = policy({
        stacks: `
          - id: s
            kind: endorsement
            title: S
            requirements:
              - id: pick
                need: 3
                any:
                  - { id: x, count: 1, from: { tags: x } }
                  - { id: y, count: 1, from: { tags: y } }
                  - { id: z, count: 1, from: { tags: z }, when: { all: [{ fact: license_status, operator: equal, value: expired }] } }
        `,
      });
      const stack = stackOf(evaluate(record([tagged("cx", ["x"]), tagged("cy", ["y"])]), conditional, { asOf }).results[0]!, "s");
      expect(stack.status).toBe("not_met");
      expect(requirementOf(stack.requirements, "pick").chosen).toEqual(["x", "y"]);
      expect(stack.gaps.map((g) => [g.requirement, g.missing])).toEqual([["pick", { amount: "1", unit: "alternatives" }]]);
    });

    test("only one met: the first closest pair, in declared order", () => {
      // (x,y), (x,z), (y,z) miss 1, 1, 2 credentials: (x,y) is first
      const stack = stackOf(evaluate(record([tagged("cx", ["x"])]), twoOfThree, { asOf }).results[0]!, "s");
      expect(stack.status).toBe("not_met");
      expect(requirementOf(stack.requirements, "pick").chosen).toEqual(["x", "y"]);
      expect(stack.gaps.map((g) => g.requirement)).toEqual(["pick/y"]);
    });
  });
});

describe("stack references", () => {
  // the distinction is declared before the stacks it requires
  const distinction = policy({
    stacks: `
      - id: master
        kind: designation
        title: Master distinction
        requirements:
          - id: both
            all:
              - { id: has-a, stack: alpha }
              - { id: has-b, stack: beta }
      - id: alpha
        kind: endorsement
        title: Alpha
        requirements:
          - { id: a, credit: 1, from: { tags: a } }
      - id: beta
        kind: endorsement
        title: Beta
        requirements:
          - { id: b, credit: 1, from: { tags: b } }
    `,
  });

  test("a stack declared before the stacks it requires sees their statuses", () => {
    const result = evaluate(record([tagged("ca", ["a"]), tagged("cb", ["b"])]), distinction, { asOf }).results[0]!;
    // reported in declared order
    expect(result.stacks.map((s) => [s.id, s.status])).toEqual([
      ["master", "met"],
      ["alpha", "met"],
      ["beta", "met"],
    ]);
    const master = stackOf(result, "master");
    expect(requirementOf(master.requirements, "has-a")).toMatchObject({ type: "stack", status: "met", stack: { id: "alpha", status: "met" } });
    expect(requirementOf(master.requirements, "has-b")).toMatchObject({ type: "stack", status: "met", stack: { id: "beta", status: "met" } });
  });

  test("one stack not met: the distinction is not met, and says which", () => {
    const result = evaluate(record([tagged("ca", ["a"])]), distinction, { asOf }).results[0]!;
    const master = stackOf(result, "master");
    expect(master.status).toBe("not_met");
    expect(requirementOf(master.requirements, "has-b")).toMatchObject({ status: "not_met", stack: { id: "beta", status: "not_met" } });
    expect(master.explanation.some((l) => l.includes("beta"))).toBe(true);
  });
});

describe("count pools with categories", () => {
  // SC CarolinaCAP year 2 style: at least 10 micro-credentials, ≥ 6 content, ≥ 1 professionalism, ≥ 1 DEI
  const cap = policy({
    stacks: `
      - id: year-2
        kind: pathway
        title: Year 2
        requirements:
          - id: mcs
            count: 10
            categories:
              - { id: content, min: 6, from: { tags: content } }
              - { id: professionalism, min: 1, from: { tags: professionalism } }
              - { id: dei, min: 1, from: { tags: dei } }
    `,
  });
  const many = (prefix: string, n: number, tags: string[]) => Array.from({ length: n }, (_, i) => tagged(`${prefix}${i}`, tags));
  const run = (creds: Parameters<typeof record>[0]) => stackOf(evaluate(record(creds), cap, { asOf }).results[0]!, "year-2");

  test("7 content + 2 professionalism + 1 DEI = 10: met", () => {
    const stack = run([...many("c", 7, ["content"]), ...many("p", 2, ["professionalism"]), ...many("d", 1, ["dei"])]);
    expect(stack.status).toBe("met");
    const mcs = requirementOf(stack.requirements, "mcs");
    expect(mcs.counted).toEqual({ amount: "10", unit: "credentials" });
    // credit is not split: each credential sits in one place, and a category already at its minimum
    // takes no more, so the seventh content credential sits on the pool itself: content shows 6
    expect(requirementOf(stack.requirements, "content")).toMatchObject({ status: "met", counted: { amount: "6", unit: "credentials" } });
    // on the pool itself: the seventh content and the second professionalism credential (7 − 6 + 2 − 1 = 2)
    expect(requirementOf(stack.requirements, "mcs").placements).toHaveLength(2);
    expect(requirementOf(stack.requirements, "dei").counted!.amount).toBe("1");
  });

  test("9 content + 1 professionalism: 10 in all, but no DEI", () => {
    const stack = run([...many("c", 9, ["content"]), ...many("p", 1, ["professionalism"])]);
    expect(stack.status).toBe("not_met");
    expect(stack.gaps).toEqual([{ requirement: "mcs/dei", missing: { amount: "1", unit: "credentials" }, accepts: "credentials tagged dei", match: [{ tags: "dei" }] }]);
  });

  test("5 content + 3 professionalism + 2 DEI: one content short", () => {
    const stack = run([...many("c", 5, ["content"]), ...many("p", 3, ["professionalism"]), ...many("d", 2, ["dei"])]);
    expect(stack.status).toBe("not_met");
    expect(stack.gaps.map((g) => [g.requirement, g.missing?.amount])).toEqual([["mcs/content", "1"]]);
  });

  test("the pool's gap is left out when the categories' gaps cover it, kept when it is larger", () => {
    // 5 content + 2 professionalism + 2 DEI = 9: the pool is 1 short, content 1 short; one more
    // content credential closes both, so the stack lists only the content gap
    const covered = run([...many("c", 5, ["content"]), ...many("p", 2, ["professionalism"]), ...many("d", 2, ["dei"])]);
    expect(covered.gaps.map((g) => [g.requirement, g.missing?.amount])).toEqual([["mcs/content", "1"]]);
    expect(requirementOf(covered.requirements, "mcs").gap).toEqual({ amount: "1", unit: "credentials" });
    // 4 content + 1 professionalism = 5: content 2 short + DEI 1 short = 3 < the pool's 5 short
    const larger = run([...many("c", 4, ["content"]), ...many("p", 1, ["professionalism"])]);
    expect(larger.gaps.map((g) => [g.requirement, g.missing?.amount])).toEqual([
      ["mcs/content", "2"],
      ["mcs/dei", "1"],
      ["mcs", "5"],
    ]);
  });

  test("6 content + 1 professionalism + 1 DEI is 8: two more of anything", () => {
    const stack = run([...many("c", 6, ["content"]), ...many("p", 1, ["professionalism"]), ...many("d", 1, ["dei"])]);
    expect(stack.gaps.map((g) => [g.requirement, g.missing?.amount])).toEqual([["mcs", "2"]]);
  });

  test("a content + DEI credential goes where it is scarce", () => {
    // 6 content + 1 content+DEI + 1 professionalism + 2 untagged = 10: the dual one must be DEI
    const stack = run([...many("c", 6, ["content"]), tagged("both", ["content", "dei"]), ...many("p", 1, ["professionalism"]), ...many("u", 2, [])]);
    expect(stack.status).toBe("met");
    expect(requirementOf(stack.requirements, "dei").placements).toEqual([{ credential: "both", amount: "1" }]);
  });

  test("at least 2 from a group plus 5 in all", () => {
    const group = policy({
      stacks: `
        - id: s
          kind: endorsement
          title: S
          requirements:
            - id: five
              count: 5
              from: { kind: micro_credential }
              categories:
                - { id: core, min: 2, from: { achievement: [cs-1, cs-2, cs-3] } }
      `,
    });
    const core = (id: string, a: string) => cred(id, 1, { achievement: a });
    // 2 core + 3 others: met
    const met = stackOf(evaluate(record([core("k1", "cs-1"), core("k2", "cs-3"), ...many("o", 3, [])]), group, { asOf }).results[0]!, "s");
    expect(met.status).toBe("met");
    // 1 core + 4 others: 5 in all, core short 1
    const short = stackOf(evaluate(record([core("k1", "cs-1"), ...many("o", 4, [])]), group, { asOf }).results[0]!, "s");
    expect(short.gaps.map((g) => [g.requirement, g.missing?.amount])).toEqual([["five/core", "1"]]);
    // a course is outside the pool: 2 core + 2 others + 1 course = 4 of 5
    const course = stackOf(
      evaluate(record([core("k1", "cs-1"), core("k2", "cs-2"), ...many("o", 2, []), cred("crs", 1, { kind: "course" })]), group, { asOf }).results[0]!,
      "s",
    );
    expect(course.gaps.map((g) => [g.requirement, g.missing?.amount])).toEqual([["five", "1"]]);
  });
});

describe("distinct: achievement", () => {
  const distinct = policy({
    stacks: `
      - id: s
        kind: endorsement
        title: S
        requirements:
          - { id: three, count: 3, distinct: achievement }
    `,
  });
  const run = (creds: Parameters<typeof record>[0]) => stackOf(evaluate(record(creds), distinct, { asOf }).results[0]!, "s");

  test("the same achievement earned twice counts once", () => {
    // a1 and a2: achievement A on two dates (not duplicates); b: B → 2 distinct of 3
    const stack = run([cred("a1", 1, { achievement: "A" }), cred("a2", 1, { achievement: "A", earned: "2025-02-01" }), cred("b", 1, { achievement: "B" })]);
    expect(stack.status).toBe("not_met");
    expect(requirementOf(stack.requirements, "three").counted).toEqual({ amount: "2", unit: "credentials" });
  });

  test("credentials without an achievement each count", () => {
    // a1 (A) + b (B) + c (none) = 3
    const stack = run([cred("a1", 1, { achievement: "A" }), cred("a2", 1, { achievement: "A", earned: "2025-02-01" }), cred("b", 1, { achievement: "B" }), cred("c", 1)]);
    expect(stack.status).toBe("met");
    expect(requirementOf(stack.requirements, "three").counted!.amount).toBe("3");
  });
});

describe("limits", () => {
  test("per pool: a 60 cap with two 40-credit items counts 60 and names the capped one", () => {
    const capped = policy({
      stacks: `
        - id: s
          kind: renewal
          title: S
          requirements:
            - id: credits
              credit: 120
              limits:
                - { id: workshops, max: 60, from: { kind: workshop } }
      `,
    });
    // w1 + w2 = 80 from workshops, capped at 60; c = 30 from a course; 60 + 30 = 90 of 120
    const result = evaluate(record([cred("w1", 40, { kind: "workshop" }), cred("w2", 40, { kind: "workshop" }), cred("c", 30, { kind: "course" })]), capped, { asOf }).results[0]!;
    const pool = requirementOf(stackOf(result, "s").requirements, "credits");
    expect(pool.counted).toEqual({ amount: "90", unit: "credit" });
    expect(pool.gap).toEqual({ amount: "30", unit: "credit" });
    expect(pool.limits).toEqual([{ id: "workshops", max: { amount: "60", unit: "credit" }, counted: { amount: "60", unit: "credit" }, capped: ["w2"] }]);
  });

  test("per credential: each matching credential counts at most the max", () => {
    const capped = policy({
      stacks: `
        - id: s
          kind: renewal
          title: S
          requirements:
            - id: credits
              credit: 20
              limits:
                - { id: each, max: 10, from: { kind: workshop }, per: credential }
      `,
    });
    // w: 15 → 10; v: 8 (under the cap); c: 15 (a course, not capped); 10 + 8 + 15 = 33
    const result = evaluate(record([cred("w", 15, { kind: "workshop" }), cred("v", 8, { kind: "workshop" }), cred("c", 15, { kind: "course" })]), capped, { asOf }).results[0]!;
    const pool = requirementOf(stackOf(result, "s").requirements, "credits");
    expect(pool.counted).toEqual({ amount: "33", unit: "credit" });
    expect(pool.limits).toEqual([expect.objectContaining({ id: "each", max: { amount: "10", unit: "credit" }, capped: ["w"] })]);
    expect(credentialOf(result, "w").placements).toEqual([{ stack: "s", requirement: "credits", amount: "10" }]);
    expect(stackOf(result, "s").status).toBe("met");
  });
});

// regression tests for bugs a second reading of the engine found
describe("bugs", () => {
  test("distinct pools: the same achievement earned twice may serve two distinct pools", () => {
    const twoPools = policy({
      stacks: `
        - id: s
          kind: endorsement
          title: S
          requirements:
            - { id: p, count: 1, distinct: achievement, from: { tags: p } }
            - { id: q, count: 1, distinct: achievement, from: { tags: q } }
      `,
    });
    // x1 (X, tags p q) → p; x2 (X, tag q, another date, not a duplicate) → q: each pool counts X once
    const result = evaluate(
      record([cred("x1", 1, { achievement: "X", tags: ["p", "q"] }), cred("x2", 1, { achievement: "X", tags: ["q"], earned: "2025-02-01" })]),
      twoPools,
      { asOf },
    ).results[0]!;
    expect(stackOf(result, "s").status).toBe("met");
    expect(credentialOf(result, "x2").placements).toEqual([{ stack: "s", requirement: "q", amount: "1" }]);
  });

  test("overlapping pool limits: the result does not depend on credential ids", () => {
    const limited = policy({
      stacks: `
        - id: s
          kind: renewal
          title: S
          requirements:
            - id: credits
              credit: 20
              limits:
                - { id: la, max: 10, from: { tags: a } }
                - { id: lb, max: 10, from: { tags: b } }
      `,
    });
    // ab (tags a, b), a (tag a), b (tag b), 10 each. Cutting ab to 0 leaves a = 10 under la and b = 10
    // under lb: 20 counted, met. Named so that ab sorts first, the engine cuts a under la, then b under lb: 10.
    const run = (abId: string, aId: string, bId: string) =>
      requirementOf(
        stackOf(evaluate(record([cred(abId, 10, { tags: ["a", "b"] }), cred(aId, 10, { tags: ["a"] }), cred(bId, 10, { tags: ["b"] })]), limited, { asOf }).results[0]!, "s")
          .requirements,
        "credits",
      );
    expect(run("c", "a", "b").counted).toEqual({ amount: "20", unit: "credit" });
    expect(run("a", "b", "c").counted).toEqual({ amount: "20", unit: "credit" });
    expect(run("a", "b", "c").status).toBe("met");
  });

  test("a pool limit also limits what the capped credit brings to a category", () => {
    const capped = policy({
      stacks: `
        - id: s
          kind: renewal
          title: S
          requirements:
            - id: credits
              credit: 6
              categories:
                - { id: subject, min: 6, from: { tags: subject } }
              limits:
                - { id: workshops, max: 2, from: { kind: workshop } }
      `,
    });
    // w: a 6-credit subject workshop, of which the workshop cap lets 2 count; c: a 4-credit course.
    // pool: 2 + 4 = 6; Subject: only the 2 counted workshop credits → 2 of 6, not met
    const result = evaluate(record([cred("w", 6, { kind: "workshop", tags: ["subject"] }), cred("c", 4, { kind: "course" })]), capped, { asOf }).results[0]!;
    const stack = stackOf(result, "s");
    expect(requirementOf(stack.requirements, "subject").counted).toEqual({ amount: "2", unit: "credit" });
    expect(stack.status).toBe("not_met");
  });

  test("a credential cut by a pool limit is placed for the amount that counts", () => {
    const capped = policy({
      stacks: `
        - id: s
          kind: renewal
          title: S
          requirements:
            - id: credits
              credit: 120
              limits:
                - { id: workshops, max: 60, from: { kind: workshop } }
      `,
    });
    // w1 40 + w2 40 = 80, capped at 60: w2 (capped) counts 20; placements add up to the 60 counted
    const result = evaluate(record([cred("w1", 40, { kind: "workshop" }), cred("w2", 40, { kind: "workshop" })]), capped, { asOf }).results[0]!;
    const pool = requirementOf(stackOf(result, "s").requirements, "credits");
    expect(pool.counted).toEqual({ amount: "60", unit: "credit" });
    expect(pool.placements).toEqual([
      { credential: "w1", amount: "40" },
      { credential: "w2", amount: "20" },
    ]);
    expect(credentialOf(result, "w2").placements).toEqual([{ stack: "s", requirement: "credits", amount: "20" }]);
  });
});
