/**
 * Windows: when credentials must be earned for a stack, and the deadline to meet it.
 */
import { describe, expect, test } from "vitest";
import { evaluate } from "../../src/index.js";
import { cred, credentialOf, policy, record, requirementOf, stackOf } from "../helpers/policy.js";

function windowPolicy(window: string, credit = 2) {
  return policy({
    license: "{ types: [standard] }",
    stacks: `
      - id: s
        kind: renewal
        title: S
        window: ${window}
        requirements:
          - { id: credits, credit: ${credit} }
    `,
  });
}

// the helper's license: issued 2024-07-01, expires 2029-06-30
describe("license_cycle", () => {
  const cycle = windowPolicy("{ type: license_cycle }");

  test("credit on the issue date and on the expiry date counts; the day before issue does not", () => {
    const result = evaluate(
      record([cred("before", 1, { earned: "2024-06-30" }), cred("issue", 1, { earned: "2024-07-01" }), cred("expiry", 1, { earned: "2029-06-30" })]),
      cycle,
      { asOf: "2029-06-30" },
    ).results[0]!;
    const stack = stackOf(result, "s");
    expect(stack.window).toEqual({ from: "2024-07-01", to: "2029-06-30" });
    expect(stack.deadline).toBe("2029-06-30");
    // issue + expiry = 1 + 1 = 2 of 2
    expect(stack.status).toBe("met");
    expect(stack.credentials).toEqual(["expiry", "issue"]);
    const before = credentialOf(result, "before");
    expect(before.status).toBe("rejected");
    expect(before.placements).toEqual([]);
    expect(before.reasons).toEqual([{ code: "outside_window", stack: "s", message: expect.stringContaining("2024-07-01") }]);
    expect(result.license).toEqual({ type: "standard", issued: "2024-07-01", expires: "2029-06-30" });
  });

  test("a stack short of credit has a gap with the license's expiry as deadline", () => {
    // 1 of 2 counted: gap 1 by 2029-06-30
    const stack = stackOf(evaluate(record([cred("a", 1)]), cycle, { asOf: "2026-01-01" }).results[0]!, "s");
    expect(stack.status).toBe("not_met");
    expect(stack.deadline).toBe("2029-06-30");
    expect(stack.gaps).toEqual([{ requirement: "credits", missing: { amount: "1", unit: "credit" }, accepts: "any recognized credential", match: [], deadline: "2029-06-30" }]);
    expect(requirementOf(stack.requirements, "credits").gap).toEqual({ amount: "1", unit: "credit" });
    expect(stack.explanation.some((l) => l.includes("by 2029-06-30"))).toBe(true);
  });

  test("a license without expiry: from its issue date to the as-of date, no deadline", () => {
    const rec = record([cred("a", 1, { earned: "2024-06-30" }), cred("b", 1, { earned: "2025-01-01" })], {
      licenses: [{ state: "XX", type: "standard", issued: "2024-07-01" }],
    });
    const result = evaluate(rec, cycle, { asOf: "2026-01-01" }).results[0]!;
    const stack = stackOf(result, "s");
    expect(stack.window).toEqual({ from: "2024-07-01", to: "2026-01-01" });
    expect(stack.deadline).toBeUndefined();
    // only b: 1 of 2; the gap has no deadline
    expect(stack.gaps).toEqual([{ requirement: "credits", missing: { amount: "1", unit: "credit" }, accepts: "any recognized credential", match: [] }]);
    expect(credentialOf(result, "a").reasons.map((r) => r.code)).toEqual(["outside_window"]);
  });

  const expiredRecord = (creds: Parameters<typeof record>[0]) =>
    record(creds, { licenses: [{ state: "XX", type: "standard", issued: "2019-07-01", expires: "2024-06-30" }] });

  test("an expired license with expired_lookback_years: the years before the as-of date", () => {
    const lookback = windowPolicy("{ type: license_cycle, expired_lookback_years: 2 }");
    // as of 2026-03-15, 2 years back: from 2024-03-16 to 2026-03-15, no deadline
    const result = evaluate(
      expiredRecord([cred("old", 1, { earned: "2024-03-15" }), cred("first", 1, { earned: "2024-03-16" }), cred("last", 1, { earned: "2026-03-15" })]),
      lookback,
      { asOf: "2026-03-15" },
    ).results[0]!;
    const stack = stackOf(result, "s");
    expect(stack.window).toEqual({ from: "2024-03-16", to: "2026-03-15" });
    expect(stack.deadline).toBeUndefined();
    expect(stack.status).toBe("met");
    expect(stack.credentials).toEqual(["first", "last"]);
    expect(credentialOf(result, "old").reasons.map((r) => r.code)).toEqual(["outside_window"]);
  });

  test("an expired license without lookback keeps its cycle (and its past deadline)", () => {
    // window 2019-07-01 .. 2024-06-30: only 'in' (2024-06-30) counts, 1 of 2, due 2024-06-30
    const result = evaluate(expiredRecord([cred("in", 1, { earned: "2024-06-30" }), cred("out", 1, { earned: "2024-07-01" })]), cycle, {
      asOf: "2026-03-15",
    }).results[0]!;
    const stack = stackOf(result, "s");
    expect(stack.window).toEqual({ from: "2019-07-01", to: "2024-06-30" });
    expect(stack.deadline).toBe("2024-06-30");
    expect(stack.status).toBe("not_met");
    expect(stack.gaps[0]!.deadline).toBe("2024-06-30");
    expect(credentialOf(result, "out").reasons.map((r) => r.code)).toEqual(["outside_window"]);
  });

  test("no license: the stack is not evaluated, with a reason", () => {
    const result = evaluate(record([cred("a", 5)], { licenses: [] }), cycle, { asOf: "2026-01-01" }).results[0]!;
    const stack = stackOf(result, "s");
    expect(stack.status).toBe("not_evaluated");
    expect(stack.reason).toMatch(/no license/);
    expect(stack.requirements).toEqual([]);
    expect(stack.credentials).toEqual([]);
    expect(result.license).toBeUndefined();
  });

  test("a license of another state or of a type the policy does not evaluate is no license", () => {
    const rec = record([cred("a", 5)], {
      licenses: [
        { state: "YY", type: "standard", issued: "2024-07-01", expires: "2029-06-30" },
        { state: "XX", type: "provisional", issued: "2024-07-01", expires: "2029-06-30" },
      ],
    });
    expect(stackOf(evaluate(rec, cycle, { asOf: "2026-01-01" }).results[0]!, "s").status).toBe("not_evaluated");
  });
});

describe("rolling", () => {
  test("the years before the as-of date, up to it; no deadline", () => {
    const rolling = windowPolicy("{ type: rolling, years: 3 }");
    // as of 2026-01-01, 3 years: from 2023-01-02 to 2026-01-01
    const result = evaluate(
      record([cred("old", 1, { earned: "2023-01-01" }), cred("first", 1, { earned: "2023-01-02" }), cred("today", 1, { earned: "2026-01-01" })]),
      rolling,
      { asOf: "2026-01-01" },
    ).results[0]!;
    const stack = stackOf(result, "s");
    expect(stack.window).toEqual({ from: "2023-01-02", to: "2026-01-01" });
    expect(stack.deadline).toBeUndefined();
    expect(stack.status).toBe("met");
    expect(stack.credentials).toEqual(["first", "today"]);
    expect(credentialOf(result, "old").reasons.map((r) => r.code)).toEqual(["outside_window"]);
  });

  test("needs no license", () => {
    const rolling = windowPolicy("{ type: rolling, years: 1 }", 1);
    const stack = stackOf(evaluate(record([cred("a", 1)], { licenses: [] }), rolling, { asOf: "2025-06-01" }).results[0]!, "s");
    expect(stack.status).toBe("met");
    expect(stack.window).toEqual({ from: "2024-06-02", to: "2025-06-01" });
  });
});

describe("fixed", () => {
  test("the dates given, inclusive; the end is the deadline", () => {
    const fixed = windowPolicy("{ type: fixed, from: 2025-01-01, to: 2025-12-31 }", 3);
    const result = evaluate(
      record([
        cred("before", 1, { earned: "2024-12-31" }),
        cred("first", 1, { earned: "2025-01-01" }),
        cred("last", 1, { earned: "2025-12-31" }),
        cred("after", 1, { earned: "2026-01-01" }),
      ]),
      fixed,
      { asOf: "2026-06-01" },
    ).results[0]!;
    const stack = stackOf(result, "s");
    expect(stack.window).toEqual({ from: "2025-01-01", to: "2025-12-31" });
    expect(stack.deadline).toBe("2025-12-31");
    // first + last = 2 of 3: gap 1 due 2025-12-31
    expect(stack.status).toBe("not_met");
    expect(stack.gaps).toEqual([{ requirement: "credits", missing: { amount: "1", unit: "credit" }, accepts: "any recognized credential", match: [], deadline: "2025-12-31" }]);
    expect(credentialOf(result, "before").reasons.map((r) => r.code)).toEqual(["outside_window"]);
    expect(credentialOf(result, "after").reasons.map((r) => r.code)).toEqual(["outside_window"]);
  });
});

test("a credential outside the window that fits no requirement is unused, not outside_window", () => {
  const narrow = policy({
    stacks: `
      - id: s
        kind: renewal
        title: S
        window: { type: fixed, from: 2025-01-01, to: 2025-12-31 }
        requirements:
          - { id: credits, credit: 1, from: { kind: course } }
    `,
  });
  const result = evaluate(record([cred("mc", 1, { earned: "2024-01-01" })]), narrow, { asOf: "2026-01-01" }).results[0]!;
  expect(credentialOf(result, "mc")).toMatchObject({ status: "unused", reasons: [{ code: "no_matching_requirement" }] });
});

test("no window: anything earned up to the as-of date", () => {
  const none = windowPolicy("{ type: none }", 1);
  const stack = stackOf(evaluate(record([cred("a", 1, { earned: "1990-01-01" })]), none, { asOf: "2026-01-01" }).results[0]!, "s");
  expect(stack.window).toEqual({ to: "2026-01-01" });
  expect(stack.status).toBe("met");
});
