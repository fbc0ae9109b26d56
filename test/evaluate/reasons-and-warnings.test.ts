// What a report says about credentials that did not count, and which assumptions it warns about.
import { describe, expect, test } from "vitest";
import { evaluate } from "../../src/index.js";
import { cred, credentialOf, policy, record, stackOf } from "../helpers/policy.js";

const asOf = "2026-11-24";

describe("exclusive stacks share fairly, whatever the credentials are called", () => {
  // s1 takes any 1 credit; s2 needs 1 credit tagged t. With a (tagged t) and b (untagged), both
  // stacks can be met only if s1 gives up a and keeps b. That must not depend on the ids.
  const twoStacks = policy({
    stacks: `
      - { id: s1, kind: endorsement, title: S1, requirements: [{ id: any-credit, credit: 1 }] }
      - { id: s2, kind: endorsement, title: S2, requirements: [{ id: tagged, credit: 1, from: { tags: t } }] }
    `,
  });
  test.each([
    ["a", "b"],
    ["z", "b"],
  ])("tagged %s, untagged %s: both stacks met", (taggedId, plainId) => {
    const result = evaluate(record([cred(taggedId, 1, { tags: ["t"] }), cred(plainId, 1)]), twoStacks, { asOf }).results[0]!;
    expect(stackOf(result, "s1")).toMatchObject({ status: "met", credentials: [plainId] });
    expect(stackOf(result, "s2")).toMatchObject({ status: "met", credentials: [taggedId] });
  });
});

describe("reasons on credentials that did not count", () => {
  test("a credential a met stack did not need is unused, not_needed; one no requirement takes is no_matching_requirement", () => {
    const p = policy({
      recognition: `
        - { id: all, match: {}, value: convert }
      `,
      stacks: `
        - { id: s, kind: endorsement, title: S, requirements: [{ id: two, credit: 2, from: { tags: ok } }] }
      `,
    });
    // x and y meet the 2 credits; z is not needed; w fits no requirement (untagged)
    const result = evaluate(record([cred("x", 1, { tags: ["ok"] }), cred("y", 1, { tags: ["ok"] }), cred("z", 1, { tags: ["ok"] }), cred("w", 1)]), p, { asOf }).results[0]!;
    // the pool places every credential that fits (counted 3 of 2) but only two determine it
    expect(stackOf(result, "s").determinedBy.credentials).toHaveLength(2);
    expect(credentialOf(result, "w")).toMatchObject({ status: "unused", reasons: [{ code: "no_matching_requirement" }] });
  });

  test("an alternative not taken: its credential is not_needed", () => {
    const p = policy({
      stacks: `
        - id: s
          kind: endorsement
          title: S
          requirements:
            - id: route
              any:
                - { id: a, credit: 1, from: { tags: a } }
                - { id: b, credit: 5, from: { tags: b } }
      `,
    });
    const result = evaluate(record([cred("ca", 1, { tags: ["a"] }), cred("cb", 1, { tags: ["b"] })]), p, { asOf }).results[0]!;
    expect(credentialOf(result, "cb")).toMatchObject({
      status: "unused",
      reasons: [{ code: "not_needed", stack: "s", message: "The requirements of 's' are met without it." }],
    });
  });

  test("a copy without the approval the policy requires does not make the approved copy a duplicate", () => {
    const p = policy({
      recognition: `
        - { id: approved, match: { approvals: lea-approved }, value: convert }
      `,
      stacks: `
        - { id: s, kind: endorsement, title: S, requirements: [{ id: one, credit: 1 }] }
      `,
    });
    const same = { achievement: "mc-x", issuer: { id: "dp" }, earned: "2025-03-01" };
    const result = evaluate(record([cred("a-import", 1, same), cred("b-district", 1, { ...same, approvals: ["lea-approved"] })]), p, { asOf }).results[0]!;
    expect(credentialOf(result, "a-import")).toMatchObject({ status: "rejected", reasons: [{ code: "not_recognized" }] });
    expect(credentialOf(result, "b-district").status).toBe("counted");
    expect(stackOf(result, "s").status).toBe("met");
  });

  test("a credential a limit cuts to nothing is rejected as capped", () => {
    const p = policy({
      stacks: `
        - id: s
          kind: renewal
          title: S
          requirements:
            - id: pool
              credit: 3
              limits: [{ id: workshops, max: 2, from: { kind: workshop } }]
      `,
    });
    // w1 and w2 are workshops (2 each): the cap lets 2 through, all from w1 (earlier key)... or w2;
    // either way one of them counts 0 and is rejected as capped; c is a course worth 1
    const result = evaluate(record([cred("w1", 2, { kind: "workshop" }), cred("w2", 2, { kind: "workshop" }), cred("c", 1, { kind: "course" })]), p, { asOf }).results[0]!;
    expect(stackOf(result, "s").status).toBe("met"); // 2 + 1 = 3
    const cut = ["w1", "w2"].map((id) => credentialOf(result, id)).filter((c) => c.status !== "counted");
    expect(cut).toHaveLength(1);
    expect(cut[0]).toMatchObject({ status: "rejected", reasons: [{ code: "capped" }] });
  });
});

describe("assumption warnings", () => {
  const p = policy({
    assumptions: `
      - { id: hours-rate, text: Ten hours make one credit., reason: Not published. }
      - { id: route-b-size, text: Route b needs five., reason: Not published. }
      - { id: cap-size, text: The cap is two., reason: Not published. }
    `,
    conversions: `
      - { from: hour, to: credit, rate: "1/10", assumption: hours-rate }
    `,
    stacks: `
      - id: s
        kind: endorsement
        title: S
        requirements:
          - id: route
            any:
              - id: a
                credit: 1
                from: { tags: a }
                limits: [{ id: cap, max: 2, from: {}, assumption: cap-size }]
              - { id: b, credit: 5, from: { tags: b }, assumption: route-b-size }
    `,
  });

  test("a conversion used and a limit on the route taken are warned about; the route not taken is not", () => {
    const result = evaluate(record([cred("h", 10, { unit: "hour", tags: ["a"] })]), p, { asOf }).results[0]!;
    expect(result.warnings.map((w) => w.message.match(/'([^']+)'/)?.[1])).toEqual(["hours-rate", "cap-size"]);
  });

  test("no conversion used, no warning about it", () => {
    const result = evaluate(record([cred("c", 1, { tags: ["a"] })]), p, { asOf }).results[0]!;
    expect(result.warnings.map((w) => w.message.match(/'([^']+)'/)?.[1])).toEqual(["cap-size"]);
  });
});

describe("what a stack is and what it opens", () => {
  test("a proposed stack says so; a met stack says what it unlocks", () => {
    const p = policy({
      stacks: `
        - id: tier
          kind: pathway
          title: Expert Teacher
          status: proposed
          unlocks: [License IV renewal by micro-credentials]
          requirements: [{ id: one, credit: 1 }]
      `,
    });
    const stack = stackOf(evaluate(record([cred("a", 1)]), p, { asOf }).results[0]!, "tier");
    expect(stack).toMatchObject({ status: "met", adoption: "proposed", unlocks: ["License IV renewal by micro-credentials"] });
    expect(stack.explanation.slice(0, 3)).toEqual([
      "Expert Teacher: met.",
      "This stack is proposed, not adopted rule: the result shows what it would mean.",
      "Unlocks: License IV renewal by micro-credentials.",
    ]);
  });
});

describe("reasons name the stack where a credential finally counts", () => {
  test("a credential that passes through two met stacks to a third is 'counted in' the third", () => {
    // s1 and s2 take any 1 credit, s3 needs the credit tagged t: c must end in s3, and the
    // reasons s1 and s2 give for not using it must name s3
    const p = policy({
      stacks: `
        - { id: s1, kind: endorsement, title: S1, requirements: [{ id: one, credit: 1 }] }
        - { id: s2, kind: endorsement, title: S2, requirements: [{ id: one, credit: 1 }] }
        - { id: s3, kind: endorsement, title: S3, requirements: [{ id: tagged, credit: 1, from: { tags: t } }] }
      `,
    });
    const result = evaluate(record([cred("a", 1), cred("b", 1), cred("c", 1, { tags: ["t"] })]), p, { asOf }).results[0]!;
    expect(result.stacks.map((s) => s.status)).toEqual(["met", "met", "met"]);
    const c = credentialOf(result, "c");
    expect(c.placements.map((x) => x.stack)).toEqual(["s3"]);
    for (const r of c.reasons) expect(r.message).toBe("Already counted in 's3'.");
  });
});
