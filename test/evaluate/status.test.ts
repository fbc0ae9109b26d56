/**
 * evaluateStatus: every stack's status without the report, on hand-checked fixtures and small
 * test policies (exclusive stacks, prerequisites, exemptions, exceptions, the budget, errors).
 */
import { describe, expect, test } from "vitest";
import { EvaluationError, evaluate, evaluateStatus, StatusReport, toStatusReport } from "../../src/index.js";
import { loadBuiltinPolicies, loadRecordFile } from "../../src/node/index.js";
import { cred, policy, record, twoStacks } from "../helpers/policy.js";

const asOf = "2026-11-24";
const policies = loadBuiltinPolicies();
const nc = policies.filter((p) => p.id === "nc-renewal");

describe("evaluateStatus on the NC fixtures", () => {
  test("6-12 met: renewal met, due by the license's expiry (fixture nc-6-12-met)", () => {
    const status = evaluateStatus(loadRecordFile("fixtures/educators/nc-6-12-met.yaml"), nc, { asOf });
    expect(status).toEqual({
      credstack: 1,
      record: "nc-6-12-met",
      asOf,
      results: [
        {
          state: "NC",
          policy: { id: "nc-renewal", version: "2024-06-30" },
          stacks: [{ id: "renewal", kind: "renewal", status: "met", deadline: "2027-06-30", optimal: true }],
        },
      ],
      skipped: [],
    });
    expect(() => StatusReport.parse(status)).not.toThrow();
  });

  test("6-12 short: 0.5 CEU short of Subject, so not met (fixture nc-6-12-short)", () => {
    const status = evaluateStatus(loadRecordFile("fixtures/educators/nc-6-12-short.yaml"), nc, { asOf });
    expect(status.results[0]!.stacks).toEqual([{ id: "renewal", kind: "renewal", status: "not_met", deadline: "2027-06-30", optimal: true }]);
  });

  test("a record with exceptions: the statuses of the full report with the exceptions applied", () => {
    // nc-6-12-exceptions is nc-6-12-short with Subject waived down to 3.5: met
    const input = loadRecordFile("fixtures/educators/nc-6-12-exceptions.yaml");
    const status = evaluateStatus(input, policies, { asOf, states: ["NC"] });
    expect(status.results.find((r) => r.policy.id === "nc-renewal")!.stacks[0]).toEqual({
      id: "renewal",
      kind: "renewal",
      status: "met",
      deadline: "2027-06-30",
      optimal: true,
    });
    expect(status).toEqual(toStatusReport(evaluate(input, policies, { asOf, states: ["NC"] })));
  });

  test("every fixture: the same statuses as the full report, for every state", () => {
    for (const name of ["nc-k-5-met", "nc-national-board", "nc-student-services", "ar-renewal-2024-met", "sc-carolinacap-complete", "wy-cs-mixed", "wy-standard-short"]) {
      const input = loadRecordFile(`fixtures/educators/${name}.yaml`);
      expect(evaluateStatus(input, policies, { asOf }), name).toEqual(toStatusReport(evaluate(input, policies, { asOf })));
    }
  });
});

describe("evaluateStatus on test policies", () => {
  const abc = record([cred("a", 1), cred("b", 1), cred("c", 1)]);

  test("exclusive stacks: what the first one determined is not counted again in the second", () => {
    // first (2) is determined by a + b; second (2) gets only c: 1 of 2
    expect(evaluateStatus(abc, twoStacks(2, 2), { asOf }).results[0]!.stacks.map((s) => [s.id, s.status])).toEqual([
      ["first", "met"],
      ["second", "not_met"],
    ]);
    // first (2) is met without c, so second (1) is met by c
    expect(evaluateStatus(abc, twoStacks(2, 1), { asOf }).results[0]!.stacks.map((s) => s.status)).toEqual(["met", "met"]);
    // first (5) is not met and uses nothing up: second (3) is met by a + b + c
    expect(evaluateStatus(abc, twoStacks(5, 3), { asOf }).results[0]!.stacks.map((s) => s.status)).toEqual(["not_met", "met"]);
  });

  test("prerequisites, exemptions and windows as in the full report", () => {
    const p = policy({
      stacks: `
        - id: base
          kind: renewal
          title: Base
          window: { type: license_cycle }
          exemptions:
            - { id: lifetime, title: lifetime license, when: { all: [{ fact: license_lifetime, operator: equal, value: true }] } }
          requirements:
            - { id: credits, credit: 2 }
        - id: next
          kind: endorsement
          title: Next
          prerequisites: { all: [{ fact: years_experience, operator: greaterThanInclusive, value: 3 }] }
          requirements:
            - { id: credits, credit: 1 }
      `,
    });
    // base: a + b = 2 of 2, due 2029-06-30 (the license's expiry); next: c would meet it, but
    // the record holds no experience, so it is not eligible
    const plain = evaluateStatus(abc, p, { asOf }).results[0]!.stacks;
    expect(plain).toEqual([
      { id: "base", kind: "renewal", status: "met", deadline: "2029-06-30", optimal: true },
      { id: "next", kind: "endorsement", status: "not_eligible", optimal: true },
    ]);
    // a lifetime license: base is exempt (met, no deadline); next stays not eligible
    const lifetime = record([cred("a", 1)], { licenses: [{ state: "XX", type: "standard", issued: "2024-07-01", expires: "2029-06-30", lifetime: true }] });
    expect(evaluateStatus(lifetime, p, { asOf }).results[0]!.stacks[0]).toEqual({ id: "base", kind: "renewal", status: "met", optimal: true });
    // no license: the license cycle cannot be resolved
    expect(evaluateStatus(record([cred("a", 1)], { licenses: [] }), p, { asOf }).results[0]!.stacks[0]!.status).toBe("not_evaluated");
    for (const input of [abc, lifetime]) expect(evaluateStatus(input, p, { asOf })).toEqual(toStatusReport(evaluate(input, p, { asOf })));
  });

  test("alternatives, conditions and stack references: decided without a placement, as in the full report", () => {
    // pick needs 2 of: x (a credential tagged x), exp (5+ years of experience: the record has
    // none), y (one tagged y); and the stack needs 'base' met too
    const p = policy({
      stacks: `
        - id: top
          kind: designation
          title: Top
          requirements:
            - id: pick
              need: 2
              any:
                - { id: x, count: 1, from: { tags: x } }
                - { id: exp, condition: { fact: years_experience, operator: greaterThanInclusive, value: 5 } }
                - { id: y, count: 1, from: { tags: y } }
            - { id: has-base, stack: base }
        - id: base
          kind: endorsement
          title: Base
          requirements:
            - { id: b, credit: 1, from: { tags: b } }
      `,
    });
    const statuses = (creds: ReturnType<typeof cred>[]) => evaluateStatus(record(creds), p, { asOf }).results[0]!.stacks.map((s) => [s.id, s.status]);
    const tagged = (id: string, tag: string) => cred(id, 1, { tags: [tag] });
    // x and y (the condition fails, so the pair x + y) and base: met
    expect(statuses([tagged("cx", "x"), tagged("cy", "y"), tagged("cb", "b")])).toEqual([["top", "met"], ["base", "met"]]);
    // only x: no pair of alternatives is met (the condition fails)
    expect(statuses([tagged("cx", "x"), tagged("cb", "b")])).toEqual([["top", "not_met"], ["base", "met"]]);
    // x and y but not base: the stack reference is not met
    expect(statuses([tagged("cx", "x"), tagged("cy", "y")])).toEqual([["top", "not_met"], ["base", "not_met"]]);
    for (const creds of [[tagged("cx", "x"), tagged("cy", "y"), tagged("cb", "b")], [tagged("cx", "x"), tagged("cb", "b")], [tagged("cx", "x"), tagged("cy", "y")]]) {
      expect(evaluateStatus(record(creds), p, { asOf })).toEqual(toStatusReport(evaluate(record(creds), p, { asOf })));
    }
  });

  test("a search that runs out of budget is flagged, as in the full report", () => {
    // six credentials worth 1, each fitting two of three categories of 3: each category alone
    // could be filled (4 credentials fit it) and the pool's 6 is there, but the categories
    // together need 9. No bound sees that at the start, so the search must try placements: with
    // a budget of 2 nodes nothing is proven
    const p = policy({
      stacks: `
        - id: s
          kind: renewal
          title: S
          requirements:
            - id: credits
              credit: 6
              categories:
                - { id: x, min: 3, from: { tags: x } }
                - { id: y, min: 3, from: { tags: y } }
                - { id: z, min: 3, from: { tags: z } }
      `,
    });
    const tags = [["x", "y"], ["y", "z"], ["x", "z"], ["x", "y"], ["y", "z"], ["x", "z"]];
    const input = record(tags.map((t, i) => cred(`c${i}`, 1, { tags: t })));
    expect(evaluateStatus(input, p, { asOf, budget: 2 }).results[0]!.stacks[0]).toEqual({ id: "s", kind: "renewal", status: "not_met", optimal: false });
    expect(evaluate(input, p, { asOf, budget: 2 }).results[0]!.stacks[0]).toMatchObject({ status: "not_met", optimal: false });
    expect(evaluateStatus(input, p, { asOf }).results[0]!.stacks[0]).toEqual({ id: "s", kind: "renewal", status: "not_met", optimal: true });
  });

  test("a budget that runs out: the yes/no search may meet a stack the full search could not, flagged on the report's side", () => {
    // all of X (1 credit) and Y (3 credits), each accepting anything; a = 3, b = 1, c = 1. The
    // full search, looking for the smallest shortfall, tries a in X first and uses up 6 nodes
    // before it reaches a -> Y, b and c -> X; the yes/no search cuts a -> X at once (Y can no
    // longer reach 3) and meets the stack within the 6 nodes
    const p = policy({
      stacks: `
        - id: s
          kind: renewal
          title: S
          requirements:
            - { id: x, credit: 1 }
            - { id: y, credit: 3 }
      `,
    });
    const input = record([cred("a", 3), cred("b", 1), cred("c", 1)]);
    expect(evaluate(input, p, { asOf, budget: 6 }).results[0]!.stacks[0]).toMatchObject({ status: "not_met", optimal: false });
    expect(evaluateStatus(input, p, { asOf, budget: 6 }).results[0]!.stacks[0]).toEqual({ id: "s", kind: "renewal", status: "met", optimal: true });
    // with the default budget both meet it, proven
    expect(evaluateStatus(input, p, { asOf })).toEqual(toStatusReport(evaluate(input, p, { asOf })));
    expect(evaluateStatus(input, p, { asOf }).results[0]!.stacks[0]!.status).toBe("met");
  });

  test("bad input: the same typed errors as evaluate, options before the record", () => {
    const p = twoStacks(1, 1);
    const codeOf = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(EvaluationError);
        return (e as EvaluationError).issues.map((i) => [i.code, i.path.join(".")]);
      }
      throw new Error("no error");
    };
    expect(codeOf(() => evaluateStatus(abc, p, { asOf: "2026-02-30" }))).toEqual([["invalid_as_of", "asOf"]]);
    expect(codeOf(() => evaluateStatus(abc, p, { asOf, budget: 0 }))).toEqual([["invalid_option", "budget"]]);
    // a credential without its title, issuer, kind and earned date (read as JSON would be)
    const broken: unknown = JSON.parse('{ "id": "x", "licenses": [], "credentials": [{ "id": "a" }] }');
    expect(codeOf(() => evaluateStatus(broken as Parameters<typeof evaluateStatus>[0], p, { asOf }))[0]![1]).toMatch(/^credentials\.0/);
    // a bad record and a bad date: the date is reported, by both
    const input = broken as Parameters<typeof evaluateStatus>[0];
    expect(codeOf(() => evaluateStatus(input, p, { asOf: "soon" }))).toEqual([["invalid_as_of", "asOf"]]);
    expect(codeOf(() => evaluate(input, p, { asOf: "soon" }))).toEqual([["invalid_as_of", "asOf"]]);
  });
});
