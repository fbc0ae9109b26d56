/**
 * Exact unit arithmetic: conversions are exact rationals, chained, conditional; amounts print as
 * decimals when they terminate and as fractions otherwise. Every expected value is worked by hand
 * in the comment next to it.
 */
import { describe, expect, test } from "vitest";
import { evaluate } from "../../src/index.js";
import { cred, credentialOf, policy, record, requirementOf, stackOf } from "../helpers/policy.js";

const asOf = "2026-01-01";

/** A Wyoming-like policy: credit unit wy_credit, 14 contact hours = 1 credit. */
function wyoming(credit: string | number) {
  return policy({
    unit: "wy_credit",
    unitLabel: "PTSB credit",
    conversions: `
      - { from: hour, to: wy_credit, rate: "1/14" }
    `,
    stacks: `
      - id: renewal
        kind: renewal
        title: Renewal
        requirements:
          - { id: credits, credit: "${credit}" }
    `,
  });
}

describe("conversions", () => {
  test("each amount converts exactly however many credentials share it, before and after 256 others", () => {
    // h000..h299 are 1..300 hours, then h300 is 1 hour again: 1/14 each for 1 hour, 300/14 = 150/7 for 300
    const hours = Array.from({ length: 301 }, (_, i) => cred(`h${String(i).padStart(3, "0")}`, i === 300 ? 1 : i + 1, { unit: "hour" }));
    const result = evaluate(record(hours), wyoming(1), { asOf }).results[0]!;
    expect(credentialOf(result, "h000").value).toEqual({ amount: "1/14", unit: "wy_credit" });
    expect(credentialOf(result, "h013").value).toEqual({ amount: "1", unit: "wy_credit" });
    expect(credentialOf(result, "h299").value).toEqual({ amount: "150/7", unit: "wy_credit" });
    expect(credentialOf(result, "h300").value).toEqual({ amount: "1/14", unit: "wy_credit" });
  });

  test("fourteen 1-hour credentials count exactly 1 wy_credit", () => {
    // each: 1 h × 1/14 = 1/14; 14 × 1/14 = 1 exactly (no 0.9999…)
    const creds = Array.from({ length: 14 }, (_, i) => cred(`h${String(i).padStart(2, "0")}`, 1, { unit: "hour" }));
    const result = evaluate(record(creds), wyoming(1), { asOf }).results[0]!;
    const stack = stackOf(result, "renewal");
    expect(stack.status).toBe("met");
    const pool = requirementOf(stack.requirements, "credits");
    expect(pool.counted).toEqual({ amount: "1", unit: "wy_credit" });
    expect(pool.required).toEqual({ amount: "1", unit: "wy_credit" });
    expect(pool.gap).toBeUndefined();
    // 1/14 does not terminate in decimal: printed as a fraction
    expect(credentialOf(result, "h00").value).toEqual({ amount: "1/14", unit: "wy_credit" });
    expect(pool.placements).toHaveLength(14);
    expect(pool.placements!.every((p) => p.amount === "1/14")).toBe(true);
  });

  test("three credentials of 14/3 hours count exactly 1", () => {
    // each: 14/3 h × 1/14 = 1/3; 3 × 1/3 = 1
    const creds = ["a", "b", "c"].map((id) => cred(id, "14/3", { unit: "hour" }));
    const result = evaluate(record(creds), wyoming(1), { asOf }).results[0]!;
    expect(stackOf(result, "renewal").status).toBe("met");
    expect(requirementOf(stackOf(result, "renewal").requirements, "credits").counted).toEqual({ amount: "1", unit: "wy_credit" });
    expect(credentialOf(result, "a").value).toEqual({ amount: "1/3", unit: "wy_credit" });
  });

  test("7 + 21 hours = 2 wy_credit; 13 hours alone falls 1/14 short of 1", () => {
    // 7/14 + 21/14 = 28/14 = 2
    const met = evaluate(record([cred("a", 7, { unit: "hour" }), cred("b", 21, { unit: "hour" })]), wyoming(2), { asOf }).results[0]!;
    expect(requirementOf(stackOf(met, "renewal").requirements, "credits").counted).toEqual({ amount: "2", unit: "wy_credit" });
    expect(stackOf(met, "renewal").status).toBe("met");
    // 13/14 counted, gap 1 − 13/14 = 1/14
    const short = evaluate(record([cred("a", 13, { unit: "hour" })]), wyoming(1), { asOf }).results[0]!;
    const stack = stackOf(short, "renewal");
    expect(stack.status).toBe("not_met");
    const pool = requirementOf(stack.requirements, "credits");
    expect(pool.counted).toEqual({ amount: "13/14", unit: "wy_credit" });
    expect(pool.gap).toEqual({ amount: "1/14", unit: "wy_credit" });
    expect(stack.gaps).toEqual([{ requirement: "credits", missing: { amount: "1/14", unit: "wy_credit" }, accepts: "any recognized credential", match: [] }]);
  });

  test("a non-terminating total prints as a fraction", () => {
    // 14/3 h = 1/3 credit; gap 1 − 1/3 = 2/3
    const result = evaluate(record([cred("a", "14/3", { unit: "hour" })]), wyoming(1), { asOf }).results[0]!;
    const pool = requirementOf(stackOf(result, "renewal").requirements, "credits");
    expect(pool.counted).toEqual({ amount: "1/3", unit: "wy_credit" });
    expect(pool.gap).toEqual({ amount: "2/3", unit: "wy_credit" });
  });

  test("0.1 CEU + 0.2 CEU = 0.3 exactly (decimal strings and numbers alike)", () => {
    const ceu = policy({
      unit: "ceu",
      stacks: `
        - id: s
          kind: renewal
          title: S
          requirements:
            - { id: credits, credit: "0.3" }
      `,
    });
    // "0.1" (string) + 0.2 (number, read through its shortest decimal text "0.2") = 3/10
    const result = evaluate(record([cred("a", "0.1", { unit: "ceu" }), cred("b", 0.2, { unit: "ceu" })]), ceu, { asOf }).results[0]!;
    const stack = stackOf(result, "s");
    expect(stack.status).toBe("met");
    expect(requirementOf(stack.requirements, "credits").counted).toEqual({ amount: "0.3", unit: "ceu" });
    expect(credentialOf(result, "b").value).toEqual({ amount: "0.2", unit: "ceu" });
  });

  test("semester_hour → ceu 1.5 and hour → ceu 1/10 chain through ceu", () => {
    const hours = policy({
      unit: "hour",
      conversions: `
        - { from: semester_hour, to: ceu, rate: 1.5 }
        - { from: hour, to: ceu, rate: "1/10" }
      `,
      stacks: `
        - id: s
          kind: renewal
          title: S
          requirements:
            - { id: credits, credit: 42 }
      `,
    });
    // 2 sh × 1.5 = 3 ceu × 10 = 30 h; 0.5 ceu × 10 = 5 h; 7 h; total 42 h
    const result = evaluate(
      record([cred("sh", 2, { unit: "semester_hour" }), cred("ceu", "0.5", { unit: "ceu" }), cred("hr", 7, { unit: "hour" })]),
      hours,
      { asOf },
    ).results[0]!;
    expect(credentialOf(result, "sh").value).toEqual({ amount: "30", unit: "hour" });
    expect(credentialOf(result, "ceu").value).toEqual({ amount: "5", unit: "hour" });
    expect(credentialOf(result, "hr").value).toEqual({ amount: "7", unit: "hour" });
    expect(requirementOf(stackOf(result, "s").requirements, "credits").counted).toEqual({ amount: "42", unit: "hour" });
    expect(stackOf(result, "s").status).toBe("met");
  });

  test("the same chain backwards: 25 hours = 2.5 CEU, 1 semester hour = 1.5 CEU", () => {
    const ceu = policy({
      unit: "ceu",
      conversions: `
        - { from: semester_hour, to: ceu, rate: 1.5 }
        - { from: hour, to: ceu, rate: "1/10" }
      `,
      stacks: `
        - id: s
          kind: renewal
          title: S
          requirements:
            - { id: credits, credit: 4 }
      `,
    });
    // 25 × 1/10 = 2.5; 1 × 1.5 = 1.5; total 4
    const result = evaluate(record([cred("h", 25, { unit: "hour" }), cred("sh", 1, { unit: "semester_hour" })]), ceu, { asOf }).results[0]!;
    expect(credentialOf(result, "h").value).toEqual({ amount: "2.5", unit: "ceu" });
    expect(credentialOf(result, "sh").value).toEqual({ amount: "1.5", unit: "ceu" });
    expect(stackOf(result, "s").status).toBe("met");
  });

  describe("a conditional conversion applies only to the credentials it names", () => {
    const conditional = policy({
      unit: "ceu",
      conversions: `
        - { from: semester_hour, to: ceu, rate: 2, when: { level: graduate } }
        - { from: semester_hour, to: ceu, rate: 1.5 }
        - { from: quarter_hour, to: ceu, rate: 1, when: { level: graduate } }
      `,
      stacks: `
        - id: s
          kind: renewal
          title: S
          requirements:
            - { id: credits, credit: 100 }
      `,
    });

    test("graduate semester hours at 2, others at 1.5", () => {
      // graduate: 3 × 2 = 6; undergraduate: 3 × 1.5 = 4.5; no level: 3 × 1.5 = 4.5
      const result = evaluate(
        record([
          cred("grad", 3, { unit: "semester_hour", kind: "college_credit", level: "graduate" }),
          cred("under", 3, { unit: "semester_hour", kind: "college_credit", level: "undergraduate" }),
          cred("none", 3, { unit: "semester_hour", kind: "college_credit" }),
        ]),
        conditional,
        { asOf },
      ).results[0]!;
      expect(credentialOf(result, "grad").value).toEqual({ amount: "6", unit: "ceu" });
      expect(credentialOf(result, "under").value).toEqual({ amount: "4.5", unit: "ceu" });
      expect(credentialOf(result, "none").value).toEqual({ amount: "4.5", unit: "ceu" });
      // 6 + 4.5 + 4.5 = 15
      expect(requirementOf(stackOf(result, "s").requirements, "credits").counted).toEqual({ amount: "15", unit: "ceu" });
    });

    test("a unit only graduate credentials convert from: others have no value", () => {
      // graduate: 2 qh × 1 = 2; undergraduate: no conversion applies → no_value
      const result = evaluate(
        record([
          cred("grad", 2, { unit: "quarter_hour", level: "graduate" }),
          cred("under", 2, { unit: "quarter_hour", level: "undergraduate" }),
        ]),
        conditional,
        { asOf },
      ).results[0]!;
      expect(credentialOf(result, "grad")).toMatchObject({ status: "counted", value: { amount: "2", unit: "ceu" } });
      const under = credentialOf(result, "under");
      expect(under.status).toBe("rejected");
      expect(under.reasons.map((r) => r.code)).toEqual(["no_value"]);
      expect(under.value).toBeUndefined();
    });
  });

  test("a unit with no conversion to the credit unit: the credential is rejected with no_value", () => {
    const result = evaluate(record([cred("odd", 3, { unit: "quarter_hour" }), cred("ok", 14, { unit: "hour" })]), wyoming(1), { asOf }).results[0]!;
    const odd = credentialOf(result, "odd");
    expect(odd.status).toBe("rejected");
    expect(odd.placements).toEqual([]);
    expect(odd.reasons).toHaveLength(1);
    expect(odd.reasons[0]!.code).toBe("no_value");
    // the other credential still counts: 14 h = 1
    expect(stackOf(result, "renewal").status).toBe("met");
    expect(stackOf(result, "renewal").credentials).toEqual(["ok"]);
  });

  test("a 'convert' rule for a credential with no amount: no_value", () => {
    const result = evaluate(record([cred("bare", undefined)]), wyoming(1), { asOf }).results[0]!;
    expect(credentialOf(result, "bare")).toMatchObject({ status: "rejected", reasons: [{ code: "no_value" }] });
  });
});
