/**
 * Placement: optimal (not greedy), split credit, sharing across stacks, the inclusion-minimal set
 * of credentials that determined a met stack, independence from input order, and the report's
 * strict schema.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { evaluate, parsePolicy, Report, type CompiledPolicy, type EducatorRecordInput } from "../../src/index.js";
import { cred, credentialOf, policy, record, requirementOf, stackOf, twoStacks } from "../helpers/policy.js";

const asOf = "2026-01-01";
const tagged = (id: string, tags: string[], value: number | string = 1, over: Parameters<typeof cred>[2] = {}) => cred(id, value, { tags, ...over });

describe("optimal, not greedy", () => {
  test("a credential that fits two categories goes to the scarcer one", () => {
    const twoCategories = policy({
      stacks: `
        - id: s
          kind: renewal
          title: S
          requirements:
            - id: credits
              credit: 3
              categories:
                - { id: x, min: 1, from: { tags: x } }
                - { id: y, min: 1, from: { tags: y } }
      `,
    });
    // a (2, x y) is placed first (largest) and x is its first option; b (1) fits only x.
    // greedy: a → x, b → x or pool: y = 0, not met. optimal: a → y, b → x: 3 in all, x 1, y 2
    const result = evaluate(record([tagged("a", ["x", "y"], 2), tagged("b", ["x"], 1)]), twoCategories, { asOf }).results[0]!;
    const stack = stackOf(result, "s");
    expect(stack.status).toBe("met");
    expect(requirementOf(stack.requirements, "x").placements).toEqual([{ credential: "b", amount: "1" }]);
    expect(requirementOf(stack.requirements, "y").placements).toEqual([{ credential: "a", amount: "2" }]);
    expect(requirementOf(stack.requirements, "credits").counted).toEqual({ amount: "3", unit: "credit" });
  });

  test("a credential that fits two pools goes to the one nothing else can fill", () => {
    const twoPools = policy({
      stacks: `
        - id: s
          kind: endorsement
          title: S
          requirements:
            - { id: p, credit: 2, from: { tags: p } }
            - { id: q, credit: 2, from: { tags: q } }
      `,
    });
    // a (2, p q), b (2, p): only a can fill q
    const result = evaluate(record([tagged("a", ["p", "q"], 2), tagged("b", ["p"], 2)]), twoPools, { asOf }).results[0]!;
    expect(stackOf(result, "s").status).toBe("met");
    expect(credentialOf(result, "a").placements).toEqual([{ stack: "s", requirement: "q", amount: "2" }]);
    expect(credentialOf(result, "b").placements).toEqual([{ stack: "s", requirement: "p", amount: "2" }]);
  });

  test("three categories, a chain of choices (x y, y z, z only)", () => {
    const chain = policy({
      stacks: `
        - id: s
          kind: endorsement
          title: S
          requirements:
            - id: credits
              credit: 3
              categories:
                - { id: x, min: 1, from: { tags: x } }
                - { id: y, min: 1, from: { tags: y } }
                - { id: z, min: 1, from: { tags: z } }
      `,
    });
    // only placement: c → z, b → y, a → x
    const result = evaluate(record([tagged("a", ["x", "y"], 3), tagged("b", ["y", "z"], 2), tagged("c", ["z"], 1)]), chain, { asOf }).results[0]!;
    expect(stackOf(result, "s").status).toBe("met");
    expect(credentialOf(result, "a").placements[0]!.requirement).toBe("credits/x");
    expect(credentialOf(result, "b").placements[0]!.requirement).toBe("credits/y");
    expect(credentialOf(result, "c").placements[0]!.requirement).toBe("credits/z");
  });
});

describe("split_credit", () => {
  const split = (policyLevel: string | undefined, stackLevel: string) =>
    policy({
      ...(policyLevel !== undefined ? { allocation: policyLevel } : {}),
      stacks: `
        - id: s
          kind: renewal
          title: S
          ${stackLevel}
          requirements:
            - id: credits
              credit: 2
              categories:
                - { id: x, min: 1, from: { tags: x } }
                - { id: y, min: 1, from: { tags: y } }
      `,
    });
  const data = () => record([tagged("a", ["x", "y"], 2)]);

  test("true: one 2-credit credential tagged x and y meets x 1 + y 1", () => {
    const result = evaluate(data(), split("{ split_credit: true }", ""), { asOf }).results[0]!;
    const stack = stackOf(result, "s");
    expect(stack.status).toBe("met");
    expect(requirementOf(stack.requirements, "x")).toMatchObject({ counted: { amount: "1" }, placements: [{ credential: "a", amount: "1" }] });
    expect(requirementOf(stack.requirements, "y")).toMatchObject({ counted: { amount: "1" }, placements: [{ credential: "a", amount: "1" }] });
    expect(credentialOf(result, "a").placements).toEqual([
      { stack: "s", requirement: "credits/x", amount: "1" },
      { stack: "s", requirement: "credits/y", amount: "1" },
    ]);
  });

  test("false (the default): the same credential fills one category; the other is short 1", () => {
    for (const p of [split(undefined, ""), split("{ split_credit: true }", "allocation: { split_credit: false }")]) {
      const stack = stackOf(evaluate(data(), p, { asOf }).results[0]!, "s");
      expect(stack.status).toBe("not_met");
      expect(stack.gaps).toHaveLength(1);
      expect(stack.gaps[0]!.missing).toEqual({ amount: "1", unit: "credit" });
    }
  });

  test("split credit: 1.5 + 1.5 from one 3-credit course, the rest on the pool", () => {
    const nc = policy({
      unit: "ceu",
      allocation: "{ split_credit: true }",
      stacks: `
        - id: s
          kind: renewal
          title: S
          requirements:
            - id: credits
              credit: 8
              categories:
                - { id: subject, min: 3, from: { tags: subject } }
                - { id: literacy, min: 3, from: { tags: literacy } }
                - { id: general, min: 2, from: {} }
      `,
    });
    // course (3, subject literacy), s1 (1.5 subject), l1 (1.5 literacy), g (2):
    // subject 1.5 + 1.5, literacy 1.5 + 1.5, general 2: 8 in all
    const result = evaluate(
      record([tagged("course", ["subject", "literacy"], 3, { unit: "ceu" }), tagged("s1", ["subject"], "1.5", { unit: "ceu" }), tagged("l1", ["literacy"], "1.5", { unit: "ceu" }), cred("g", 2, { unit: "ceu" })]),
      nc,
      { asOf },
    ).results[0]!;
    const stack = stackOf(result, "s");
    expect(stack.status).toBe("met");
    expect(requirementOf(stack.requirements, "subject").counted).toEqual({ amount: "3", unit: "ceu" });
    expect(requirementOf(stack.requirements, "literacy").counted).toEqual({ amount: "3", unit: "ceu" });
    expect(credentialOf(result, "course").placements.map((p) => [p.requirement, p.amount])).toEqual([
      ["credits/subject", "1.5"],
      ["credits/literacy", "1.5"],
    ]);
  });
});

describe("across stacks", () => {
  const abc = () => record([cred("a", 1), cred("b", 1), cred("c", 1)]);

  test("exclusive: what an earlier met stack used is not available to a later one", () => {
    // first needs 2 of a, b, c (1 each): it is determined by a + b (c, the latest, dropped first);
    // second needs 2 and gets only c: 1 of 2
    const result = evaluate(abc(), twoStacks("2", "2"), { asOf }).results[0]!;
    expect(stackOf(result, "first").status).toBe("met");
    expect(stackOf(result, "first").determinedBy.credentials).toEqual(["a", "b"]);
    const second = stackOf(result, "second");
    expect(second.status).toBe("not_met");
    expect(second.credentials).toEqual(["c"]);
    expect(requirementOf(second.requirements, "credits").counted).toEqual({ amount: "1", unit: "credit" });
    for (const id of ["a", "b"]) {
      expect(credentialOf(result, id).reasons).toEqual([{ code: "used_by_other_stack", stack: "second", message: "Already counted in 'first'." }]);
    }
  });

  test("exclusive: a credential the earlier stack was met without stays available", () => {
    // first (2) is met by a + b without c; second (1) is met by c
    const result = evaluate(abc(), twoStacks("2", "1"), { asOf }).results[0]!;
    expect(stackOf(result, "second").status).toBe("met");
    expect(stackOf(result, "second").determinedBy.credentials).toEqual(["c"]);
  });

  test("an earlier stack that is not met uses nothing up", () => {
    // first needs 5 of 3: not met, consumes nothing; second (3) is met by a + b + c
    const result = evaluate(abc(), twoStacks("5", "3"), { asOf }).results[0]!;
    expect(stackOf(result, "first").status).toBe("not_met");
    expect(stackOf(result, "second").status).toBe("met");
    expect(result.credentials.every((c) => c.reasons.length === 0)).toBe(true);
  });

  test("shared: a later stack may count what an earlier one used", () => {
    // second is shared: a, b, c = 3 of 3 although first used a and b
    const result = evaluate(abc(), twoStacks("2", "3", "allocation: { across_stacks: shared }"), { asOf }).results[0]!;
    expect(stackOf(result, "first").status).toBe("met");
    expect(stackOf(result, "second").status).toBe("met");
    expect(stackOf(result, "second").credentials).toEqual(["a", "b", "c"]);
    expect(credentialOf(result, "a").placements.map((p) => p.stack)).toEqual(["first", "second"]);
    expect(credentialOf(result, "a").reasons).toEqual([]);
  });

  test("shared at the policy level", () => {
    const shared = policy({
      allocation: "{ across_stacks: shared }",
      stacks: `
        - id: first
          kind: renewal
          title: First
          requirements:
            - { id: credits, credit: 3 }
        - id: second
          kind: endorsement
          title: Second
          requirements:
            - { id: credits, credit: 3 }
      `,
    });
    const result = evaluate(abc(), shared, { asOf }).results[0]!;
    expect(result.stacks.map((s) => s.status)).toEqual(["met", "met"]);
  });
});

describe("determinedBy.credentials", () => {
  const run = (p: CompiledPolicy, creds: Parameters<typeof record>[0]) => stackOf(evaluate(record(creds), p, { asOf }).results[0]!, "s");
  const pool = policy({
    stacks: `
      - id: s
        kind: renewal
        title: S
        requirements:
          - id: credits
            credit: 3
            categories:
              - { id: x, min: 1, from: { tags: x } }
    `,
  });
  const creds = [cred("a", 2), tagged("b", ["x"], 1), tagged("c", ["x"], 1), cred("d", 1)];

  test("is inclusion-minimal: it meets the stack, and without any one of them the stack is not met", () => {
    // 2 + 1 + 1 + 1 = 5 placed; {a, b}: 3 with b in x; dropping the smallest latest first: d, c go
    const stack = run(pool, creds);
    expect(stack.status).toBe("met");
    expect(stack.credentials).toEqual(["a", "b", "c", "d"]);
    expect(stack.determinedBy.credentials).toEqual(["a", "b"]);
    const keep = (ids: string[]) => creds.filter((c) => ids.includes(c.id));
    expect(run(pool, keep(["a", "b"])).status).toBe("met");
    for (const id of stack.determinedBy.credentials) {
      const without = stack.determinedBy.credentials.filter((x) => x !== id);
      expect(run(pool, keep(without)).status).toBe("not_met");
    }
  });

  test("names the rules too; not met: every placed credential", () => {
    const stack = run(pool, [cred("a", 2)]);
    expect(stack.status).toBe("not_met");
    expect(stack.determinedBy.credentials).toEqual(["a"]);
    expect(stack.determinedBy.rules.map((r) => r.path)).toEqual(["stacks[0]", "stacks[0].requirements[0]"]);
  });
});

describe("distinct achievements", () => {
  test("a credential the pools do not accept never changes where the others go", () => {
    // two pools of one each, one credential per achievement; p (achievement B) and q (A) could
    // go either way, and the search takes them in the order of their achievements' numbers, p
    // first: p in 'one', q in 'two'. z (achievement A too, tagged y) is accepted by neither pool
    // and comes first by id (earned on another day, so not a duplicate of q); were it numbered
    // with the others, A would be 0 and q would go first
    const p = policy({
      stacks: `
        - id: s
          kind: endorsement
          title: S
          requirements:
            - { id: one, count: 1, distinct: achievement, from: { tags: x } }
            - { id: two, count: 1, distinct: achievement, from: { tags: x } }
      `,
    });
    const pq = [cred("p", 1, { tags: ["x"], achievement: "B" }), cred("q", 1, { tags: ["x"], achievement: "A" })];
    const without = stackOf(evaluate(record(pq), p, { asOf }).results[0]!, "s");
    const withZ = stackOf(evaluate(record([cred("a-z", 1, { tags: ["y"], achievement: "A", earned: "2024-12-01" }), ...pq]), p, { asOf }).results[0]!, "s");
    expect(requirementOf(without.requirements, "one").placements).toEqual([{ credential: "p", amount: "1" }]);
    expect(requirementOf(without.requirements, "two").placements).toEqual([{ credential: "q", amount: "1" }]);
    expect(withZ).toEqual(without);
  });
});

describe("independence from input order", () => {
  const rich = policy({
    conversions: `
      - { from: hour, to: credit, rate: "1/10" }
    `,
    stacks: `
      - id: renewal
        kind: renewal
        title: Renewal
        window: { type: license_cycle }
        requirements:
          - id: route
            any:
              - { id: board, count: 1, from: { kind: national_board } }
              - id: credits
                credit: 6
                categories:
                  - { id: subject, min: 2, from: { tags: subject } }
                  - { id: literacy, min: 2, from: { tags: literacy } }
                limits:
                  - { id: workshops, max: 2, from: { kind: workshop } }
      - id: cs
        kind: endorsement
        title: CS
        requirements:
          - { id: three, count: 3, from: { tags: cs }, distinct: achievement }
    `,
  });
  const creds = [
    tagged("c01", ["subject", "literacy"], 2),
    tagged("c02", ["subject"], 15, { unit: "hour" }),
    tagged("c03", ["literacy"], "0.5"),
    tagged("c04", ["cs"], 1, { achievement: "cs-a" }),
    tagged("c05", ["cs"], 1, { achievement: "cs-a", earned: "2025-02-01" }),
    tagged("c06", ["cs", "subject"], 1, { achievement: "cs-b" }),
    tagged("c07", ["cs"], 1, { achievement: "cs-c", status: "revoked" }),
    tagged("c08", ["literacy"], 3, { kind: "workshop" }),
    tagged("c09", ["subject"], 1, { kind: "workshop" }),
    tagged("c10", ["subject"], 1, { earned: "2020-01-01" }),
    tagged("c11", ["cs"], 1, { achievement: "cs-d" }),
    tagged("c12", ["cs"], 1, { achievement: "cs-d" }),
    tagged("c13", [], "1/3"),
    tagged("c14", [], "2/3"),
  ];
  const shuffled = (seed: number) => {
    const out = [...creds];
    let s = seed;
    for (let i = out.length - 1; i > 0; i--) {
      s = (s * 1103515245 + 12345) % 2147483648;
      const j = s % (i + 1);
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  };

  test("reordering the credentials gives byte-identical JSON", () => {
    const base = JSON.stringify(evaluate(record(creds), rich, { asOf }));
    expect(JSON.stringify(evaluate(record([...creds].reverse()), rich, { asOf }))).toBe(base);
    for (const seed of [1, 2, 3, 42, 2026]) {
      expect(JSON.stringify(evaluate(record(shuffled(seed)), rich, { asOf }))).toBe(base);
    }
  });

  test("reordering experience, ratings, degrees and exams changes nothing", () => {
    const extra: Partial<EducatorRecordInput> = {
      experience: [
        { state: "XX", from: "2015-08-01", to: "2018-07-31" },
        { state: "XX", from: "2019-08-01" },
      ],
      ratings: [
        { date: "2023-05-01", rating: "effective" },
        { date: "2025-05-01", rating: "highly_effective" },
      ],
      degrees: [{ level: "bachelors" }, { level: "masters" }],
      exams: [
        { id: "e1", date: "2020-01-01", passed: true },
        { id: "e2", date: "2021-01-01", passed: true },
      ],
    };
    const reversed: Partial<EducatorRecordInput> = {
      experience: [...extra.experience!].reverse(),
      ratings: [...extra.ratings!].reverse(),
      degrees: [...extra.degrees!].reverse(),
      exams: [...extra.exams!].reverse(),
    };
    expect(JSON.stringify(evaluate(record(creds, reversed), rich, { asOf }))).toBe(JSON.stringify(evaluate(record(creds, extra), rich, { asOf })));
  });
});

describe("the report passes the strict Report schema", () => {
  const nc = parsePolicy(readFileSync(fileURLToPath(new URL("../../rules/nc-renewal-2024.yaml", import.meta.url)), "utf8"), { source: "rules/nc-renewal-2024.yaml" });
  const everything = policy({
    assumptions: `
      - { id: guess, text: A guess., reason: The sources are silent. }
    `,
    stacks: `
      - id: gated
        kind: pathway
        title: Gated
        assumption: guess
        window: { type: rolling, years: 5 }
        prerequisites: { not: { fact: license_type, operator: equal, value: provisional } }
        variants:
          - id: v
            title: V
            requirements:
              - id: route
                any:
                  - id: credits
                    credit: 4
                    categories:
                      - { id: x, min: 1, from: { tags: x }, when: { fact: license_grade_band, operator: equal, value: K-5 } }
                    limits:
                      - { id: cap, max: 1, from: { kind: workshop } }
                      - { id: each, max: "0.5", from: { tags: small }, per: credential }
                  - { id: exam, condition: { fact: exams_passed, operator: contains, value: plt } }
              - { id: other, stack: missing-license }
      - id: missing-license
        kind: renewal
        title: Needs a license
        window: { type: license_cycle }
        requirements:
          - { id: n, count: 1 }
    `,
  });
  const records: EducatorRecordInput[] = [
    record([tagged("a", ["x"], 2), cred("w", 3, { kind: "workshop" }), tagged("s", ["small"], 2), cred("r", 1, { status: "revoked" }), cred("old", 1, { earned: "2001-01-01" })]),
    record([cred("a", 1)], { licenses: [] }),
    record([], { licenses: [{ state: "XX", type: "provisional", grade_band: "K-5", issued: "2024-01-01" }] }),
  ];

  test.each(records.map((r, i) => [i, r] as const))("record %i", (_, rec) => {
    for (const p of [everything, nc]) {
      const report = evaluate(rec, p, { asOf });
      expect(Report.parse(report)).toEqual(report);
    }
  });

  test("the NC policy with a real-looking record", () => {
    const rec: EducatorRecordInput = {
      id: "nc-1",
      licenses: [{ state: "NC", type: "CPL", grade_band: "6-12", role: "teacher", issued: "2022-07-01", expires: "2027-06-30" }],
      credentials: [
        { id: "m1", title: "MC", issuer: { id: "lea" }, kind: "micro_credential", approvals: ["lea-approved"], tags: ["subject"], amount: { value: 40, unit: "hour" }, earned: "2023-01-01" },
        { id: "c1", title: "Course", issuer: { id: "unc" }, kind: "college_credit", amount: { value: 3, unit: "semester_hour" }, earned: "2024-01-01" },
      ],
    };
    const report = evaluate(rec, nc, { asOf });
    expect(Report.parse(report)).toEqual(report);
    // 40 h = 4 CEU subject, 3 sh = 4.5 CEU: 8.5 ≥ 8, subject 4 ≥ 4, general 4 ≥ 4 (split credit)
    expect(report.results[0]!.stacks[0]!.status).toBe("met");
  });
});

// regression tests for bugs a second reading of the engine found
describe("bugs", () => {
  test("exclusive: a credential counted in a later stack is not also shown as placed in the earlier one", () => {
    const twoStacks = policy({
      stacks: `
        - id: first
          kind: renewal
          title: First
          requirements:
            - { id: credits, credit: 2 }
        - id: second
          kind: endorsement
          title: Second
          requirements:
            - { id: credits, credit: 1 }
      `,
    });
    // first is met by a + b; c counts in second. Exclusive: "a credential counts in one stack",
    // so c is placed in second only, and first counts 2 (a + b), not 3
    const result = evaluate(record([cred("a", 1), cred("b", 1), cred("c", 1)]), twoStacks, { asOf }).results[0]!;
    expect(stackOf(result, "second").status).toBe("met");
    expect(credentialOf(result, "c").placements).toEqual([{ stack: "second", requirement: "credits", amount: "1" }]);
    expect(stackOf(result, "first").credentials).toEqual(["a", "b"]);
  });

  test("stacks that no reference orders are evaluated in declared order", () => {
    // 'master' refers to zeta and alpha; zeta is declared before alpha, so zeta (evaluated first,
    // exclusive) takes the only credential and alpha finds it used
    const ordered = policy({
      stacks: `
        - id: master
          kind: designation
          title: Master
          requirements:
            - id: both
              all:
                - { id: has-zeta, stack: zeta }
                - { id: has-alpha, stack: alpha }
        - id: zeta
          kind: endorsement
          title: Zeta
          requirements:
            - { id: z, credit: 1 }
        - id: alpha
          kind: endorsement
          title: Alpha
          requirements:
            - { id: a, credit: 1 }
      `,
    });
    const result = evaluate(record([cred("only", 1)]), ordered, { asOf }).results[0]!;
    expect(stackOf(result, "zeta").status).toBe("met");
    expect(stackOf(result, "alpha").status).toBe("not_met");
    expect(credentialOf(result, "only").reasons).toEqual([expect.objectContaining({ code: "used_by_other_stack", stack: "alpha" })]);
  });

  test("the order of two licenses with the same dates does not change the result", () => {
    const byBand = policy({
      license: "{ types: [standard] }",
      stacks: `
        - id: s
          kind: renewal
          title: S
          window: { type: license_cycle }
          variants:
            - { id: k-5, when: { fact: license_grade_band, operator: equal, value: K-5 }, requirements: [{ id: c, credit: 1 }] }
            - { id: 6-12, when: { fact: license_grade_band, operator: equal, value: 6-12 }, requirements: [{ id: c, credit: 5 }] }
      `,
    });
    const k5 = { state: "XX", type: "standard", grade_band: "K-5", issued: "2024-07-01", expires: "2029-06-30" };
    const hs = { ...k5, grade_band: "6-12" };
    const one = evaluate(record([cred("a", 1)], { licenses: [k5, hs] }), byBand, { asOf });
    const two = evaluate(record([cred("a", 1)], { licenses: [hs, k5] }), byBand, { asOf });
    expect(JSON.stringify(two)).toBe(JSON.stringify(one));
  });
});

describe("large records", () => {
  // 1,000 credentials worth 1 to 9 credits, each fitting two or three of three categories, and
  // minimums one credit beyond the total: no placement meets the pool, and how close whole
  // credentials come to the categories is a partition problem the search cannot settle within
  // its budget. The answer is still complete: every credential placed, the pool's count the sum
  // of all values, the result flagged not proven optimal.
  const tagsets = [["x", "y"], ["y", "z"], ["x", "z"], ["x", "y", "z"]];
  const values = Array.from({ length: 1000 }, (_, i) => 1 + ((i * 7) % 9));
  const creds = values.map((v, i) => tagged(`c${String(i).padStart(4, "0")}`, tagsets[(i * 5) % 4]!, v));
  const total = values.reduce((s, v) => s + v, 0);
  const third = Math.floor(total / 3);
  const crowded = policy({
    stacks: `
      - id: s
        kind: renewal
        title: S
        requirements:
          - id: pool
            credit: ${total + 1}
            categories:
              - { id: x, min: ${third}, from: { tags: x } }
              - { id: y, min: ${third}, from: { tags: y } }
              - { id: z, min: ${third + 1}, from: { tags: z } }
    `,
  });

  test("1,000 interchangeable credentials in three overlapping categories: a complete answer, flagged not proven", () => {
    // values cycle 1, 8, 6, 4, 2, 9, 7, 5, 3 (i × 7 mod 9, plus 1): 111 full cycles of 45 and 1: 4,996
    expect(total).toBe(4996);
    const s = stackOf(evaluate(record(creds), crowded, { asOf }).results[0]!, "s");
    expect([s.status, s.optimal, s.credentials.length]).toEqual(["not_met", false, 1000]);
    expect(requirementOf(s.requirements, "pool").counted).toEqual({ amount: "4996", unit: "credit" });
  });
});
