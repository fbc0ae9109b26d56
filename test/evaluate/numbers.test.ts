/**
 * Numbers from hostile or careless input: NaN, Infinity, negative and absurd amounts are refused
 * with a path; decimal sums are exact (0.1 + 0.2 is 0.3); huge counts are computed exactly; sums
 * that cannot be computed exactly are refused, never rounded. Expected values are worked by hand
 * in the comments.
 */
import { describe, expect, test } from "vitest";
import { evaluate, evaluateAsync, EvaluationError, safeParsePolicy, safeParseRecord, safeParseRecordText } from "../../src/index.js";
import { AMOUNT_LIMITS, withinAmountLimits } from "../../src/quantity/rational.js";
import { cred, credentialOf, policy, policyYaml, record, requirementOf, stackOf } from "../helpers/policy.js";

const asOf = "2026-01-01";

function needs(credit: string | number, conversions?: string) {
  return policy({
    ...(conversions !== undefined ? { conversions } : {}),
    stacks: `
      - id: renewal
        kind: renewal
        title: Renewal
        requirements:
          - { id: credits, credit: "${credit}" }
    `,
  });
}

function thrown(call: () => unknown): EvaluationError {
  try {
    call();
  } catch (error) {
    if (error instanceof EvaluationError) return error;
    throw error;
  }
  throw new Error("expected an EvaluationError");
}

describe("amounts in a record", () => {
  test.each([
    [NaN, "NaN"],
    [Infinity, "Infinity"],
    [-Infinity, "-Infinity"],
    [-1, "-1"],
    [-0.5, "-0.5"],
  ])("%s is refused as record_invalid at the amount's path", (value) => {
    const error = thrown(() => evaluate(record([cred("a", value)]), needs(1), { asOf }));
    expect(error.issues.map((i) => [i.code, i.path])).toEqual([["record_invalid", ["credentials", 0, "amount", "value"]]]);
  });

  test("absurd amounts are refused, with the limit in the message", () => {
    const over = AMOUNT_LIMITS.max + 1; // 1,000,001
    const result = safeParseRecord(record([cred("a", over), cred("b", "1/1000001"), cred("c", 1e308), cred("d", "9".repeat(400))]));
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(result.issues.map((i) => i.path.join("."))).toEqual([
      "credentials.0.amount.value",
      "credentials.1.amount.value",
      "credentials.2.amount.value",
      "credentials.3.amount.value",
    ]);
    expect(result.issues[0]!.message).toBe("'value' must be at most 1000000, in steps no finer than 1/1000000, not 1000001.");
  });

  test("the limits themselves are accepted: 1,000,000 and 1/1,000,000", () => {
    expect(safeParseRecord(record([cred("a", 1_000_000), cred("b", "1/1000000"), cred("c", "0.000001")])).success).toBe(true);
  });

  test("a float that is not its decimal text is refused: 0.1 + 0.2 and 5e-324", () => {
    // 0.1 + 0.2 is 0.30000000000000004: exactly that is 30000000000000004/10^17, finer than 1/10^6;
    // 5e-324 would read as 0
    expect(withinAmountLimits(0.1 + 0.2)).toBe(false);
    expect(withinAmountLimits(5e-324)).toBe(false);
    expect(withinAmountLimits(0.3)).toBe(true);
    const result = safeParseRecord(record([cred("a", 0.1 + 0.2)]));
    expect(!result.success && result.issues[0]!.message).toBe(
      "'value' must be at most 1000000, in steps no finer than 1/1000000, not 0.30000000000000004.",
    );
  });

  test("from YAML text, .nan, .inf and -1 are refused at their line and column", () => {
    const text = [
      "id: e-1",
      "credentials:",
      "  - { id: a, title: A, issuer: { id: iss }, kind: course, earned: 2025-01-01, amount: { value: .nan, unit: credit } }",
      "  - { id: b, title: B, issuer: { id: iss }, kind: course, earned: 2025-01-01, amount: { value: .inf, unit: credit } }",
      "  - { id: c, title: C, issuer: { id: iss }, kind: course, earned: 2025-01-01, amount: { value: -1, unit: credit } }",
    ].join("\n");
    const result = safeParseRecordText(text, { source: "e-1.yaml" });
    expect(result.success).toBe(false);
    if (result.success) return;
    // "  - { id: a, ... amount: { value: " is 95 characters, so each value starts at column 96
    expect(result.issues.map((i) => [i.code, i.position?.line, i.position?.column])).toEqual([
      ["record_invalid", 3, 96],
      ["record_invalid", 4, 96],
      ["record_invalid", 5, 96],
    ]);
  });
});

describe("amounts in a policy", () => {
  test.each([
    [".nan", "invalid_amount"],
    [".inf", "invalid_amount"],
    ["-8", "invalid_amount"],
    ["2000000", "invalid_amount"],
    ["'1/3000000'", "invalid_amount"],
    ["'0.1234567'", "invalid_amount"],
  ])("credit: %s is %s at the requirement's credit", (value, code) => {
    const text = policyYaml({
      stacks: `
        - id: renewal
          kind: renewal
          title: Renewal
          requirements:
            - { id: credits, credit: ${value} }
      `,
    });
    const result = safeParsePolicy(text, { source: "test.yaml" });
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(result.issues.map((i) => [i.code, i.path.join(".")])).toEqual([[code, "stacks.0.requirements.0.credit"]]);
  });
});

describe("exact sums", () => {
  test("0.1 + 0.2 credit (a decimal text and a number) is exactly 0.3, which meets 0.3", () => {
    const result = evaluate(record([cred("a", "0.1"), cred("b", 0.2)]), needs("0.3"), { asOf }).results[0]!;
    const pool = requirementOf(stackOf(result, "renewal").requirements, "credits");
    expect(pool.counted).toEqual({ amount: "0.3", unit: "credit" });
    expect(stackOf(result, "renewal").status).toBe("met");
  });

  test("ten credentials of 0.1 meet 1 credit exactly (a float sum would be 0.9999999999999999)", () => {
    const tenths = Array.from({ length: 10 }, (_, i) => cred(`t${i}`, 0.1));
    const result = evaluate(record(tenths), needs(1), { asOf }).results[0]!;
    expect(requirementOf(stackOf(result, "renewal").requirements, "credits").counted).toEqual({ amount: "1", unit: "credit" });
    expect(stackOf(result, "renewal").status).toBe("met");
  });

  test("thirds stay thirds: 1/3 + 1/3 + 1/3 is 1, and 2 × 1/3 falls 1/3 short of 1", () => {
    const three = evaluate(record([cred("a", "1/3"), cred("b", "1/3"), cred("c", "1/3")]), needs(1), { asOf }).results[0]!;
    expect(stackOf(three, "renewal").status).toBe("met");
    const two = evaluate(record([cred("a", "1/3"), cred("b", "1/3")]), needs(1), { asOf }).results[0]!;
    const pool = requirementOf(stackOf(two, "renewal").requirements, "credits");
    expect(pool.counted).toEqual({ amount: "2/3", unit: "credit" });
    expect(pool.gap).toEqual({ amount: "1/3", unit: "credit" });
  });

  test("140 one-hour credentials at 1/14 credit each are exactly 10 credits", () => {
    // 140 × 1/14 = 10
    const hours = Array.from({ length: 140 }, (_, i) => cred(`h${String(i).padStart(4, "0")}`, 1, { unit: "hour" }));
    const result = evaluate(record(hours), needs(10, `- { from: hour, to: credit, rate: "1/14" }`), { asOf }).results[0]!;
    const pool = requirementOf(stackOf(result, "renewal").requirements, "credits");
    expect(pool.counted).toEqual({ amount: "10", unit: "credit" });
    expect(stackOf(result, "renewal").status).toBe("met");
    expect(credentialOf(result, "h0000").value).toEqual({ amount: "1/14", unit: "credit" });
  });

  test("a hundred credentials at the 1,000,000 limit add up to exactly 10^8", () => {
    // 100 × 1,000,000 = 100,000,000
    const big = Array.from({ length: 100 }, (_, i) => cred(`b${String(i).padStart(4, "0")}`, 1_000_000));
    const result = evaluate(record(big), needs(1_000_000), { asOf }).results[0]!;
    expect(stackOf(result, "renewal").status).toBe("met");
    // every credential is placed: the pool counts all it is given, 100 × 1,000,000
    expect(requirementOf(stackOf(result, "renewal").requirements, "credits").counted).toEqual({ amount: "100000000", unit: "credit" });
  });

  test("amounts whose common denominator is too fine are refused with amount_out_of_range, not rounded", () => {
    // 999983, 999979 and 999961 are primes: the common denominator is their product,
    // 999923001838986077 (about 10^18), and 1 credit in those steps is far beyond 2^53 (about 9 × 10^15)
    const fine = [cred("a", "1/999983"), cred("b", "1/999979"), cred("c", "1/999961")];
    const error = thrown(() => evaluate(record(fine), needs(1), { asOf }));
    expect(error.issues.map((i) => [i.code, i.path])).toEqual([["amount_out_of_range", ["stacks", 0, "requirements", 0]]]);
    expect(error.issues[0]!.message).toBe(
      "The credit amounts placed in 'stacks[0].requirements[0]' of policy 'test-policy@1' cannot be added up exactly: in steps of 1/999923001838986077 they exceed 2^53.",
    );
    // two of them still fit: 999983 × 999979 ≈ 10^12 steps per credit, times 1 credit
    const two = evaluate(record(fine.slice(0, 2)), needs(1), { asOf }).results[0]!;
    // 1/999983 + 1/999979 = (999979 + 999983) / (999983 × 999979) = 1999962 / 999962000357
    expect(requirementOf(stackOf(two, "renewal").requirements, "credits").counted).toEqual({ amount: "1999962/999962000357", unit: "credit" });
  });

  test("a common denominator within 2^53 whose scaled total is not is refused too", () => {
    // steps of 1/999962000357 (about 10^12): 10,000 credits are about 10^16 steps, past 2^53 (about 9 × 10^15)
    const fine = [cred("a", "1/999983"), cred("b", "1/999979")];
    const error = thrown(() => evaluate(record(fine), needs(10_000), { asOf }));
    expect(error.issues.map((i) => i.code)).toEqual(["amount_out_of_range"]);
    expect(error.issues[0]!.message).toContain("in steps of 1/999962000357 they exceed 2^53");
    // 1,000 credits are about 10^15 steps: within 2^53, and 1999962/999962000357 falls far short of them
    const short = evaluate(record(fine), needs(1_000), { asOf }).results[0]!;
    expect(stackOf(short, "renewal").status).toBe("not_met");
  });
});

describe("numbers in options and facts", () => {
  test("a NaN, infinite or object fact is refused with invalid_option at facts.<name>", () => {
    for (const value of [NaN, Infinity, { a: 1 }, undefined]) {
      const error = thrown(() => evaluate(record([]), needs(1), { asOf, facts: { years_experience: value as never } }));
      expect(error.issues.map((i) => [i.code, i.path])).toEqual([["invalid_option", ["facts", "years_experience"]]]);
    }
    expect(thrown(() => evaluate(record([]), needs(1), { asOf, facts: { x: NaN } })).issues[0]!.message).toBe(
      "The fact 'x' must be text, a finite number, true, false, null or a list of those, not NaN.",
    );
  });

  test("an async provider that gives NaN fails as fact_failed, naming the fact", async () => {
    const p = policy({
      facts: `[{ id: hr_years, description: Years of service from the HR system., default: 0 }]`,
      stacks: `
        - id: pathway
          kind: pathway
          title: Pathway
          requirements:
            - { id: years, condition: { fact: hr_years, operator: greaterThanInclusive, value: 3 } }
      `,
    });
    await expect(evaluateAsync(record([]), p, { asOf, facts: { hr_years: async () => NaN } })).rejects.toMatchObject({
      code: "fact_failed",
      issues: [{ path: ["facts", "hr_years"], message: "The provider of fact 'hr_years' gave NaN, not text, a finite number, true, false, null or a list of those." }],
    });
  });

  test("the budget and the states option are checked", () => {
    expect(thrown(() => evaluate(record([]), needs(1), { asOf, budget: Infinity })).issues[0]!.message).toBe(
      "The budget Infinity is not a whole number of search nodes of at least 1.",
    );
    expect(thrown(() => evaluate(record([]), needs(1), { asOf, states: "XX" as never })).issues.map((i) => [i.code, i.path])).toEqual([
      ["invalid_option", ["states"]],
    ]);
  });
});
