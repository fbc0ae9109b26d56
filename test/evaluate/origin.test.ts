// Where a credential comes from, and the origin filters (in_state / out_of_state, origin_state).
import { describe, expect, test } from "vitest";
import { credentialOrigin, EarnedCredential } from "../../src/index.js";
import { compileMatch, describeMatch } from "../../src/evaluate/match.js";

const mc = (extra: Partial<EarnedCredential>): EarnedCredential =>
  EarnedCredential.parse({ id: "c", title: "MC", issuer: { id: "digital-promise" }, kind: "micro_credential", earned: "2025-01-10", ...extra });
const subject = (credential: EarnedCredential) => ({ credential, tags: [], value: undefined, asOf: "2026-11-24" });

describe("credential origin", () => {
  test("earned_in first, then the issuer's state, else unknown", () => {
    expect(credentialOrigin(mc({ earned_in: "SC", issuer: { id: "nc-dpi", state: "NC" } }))).toBe("SC");
    expect(credentialOrigin(mc({ issuer: { id: "wde", state: "WY" } }))).toBe("WY");
    expect(credentialOrigin(mc({}))).toBeUndefined();
  });

  test("in_state and out_of_state are relative to the policy's state; an unknown origin matches neither", () => {
    const inNc = compileMatch({ origin: "in_state" }, "NC");
    const outOfNc = compileMatch({ origin: "out_of_state" }, "NC");
    const fromNc = mc({ earned_in: "NC" });
    const fromAr = mc({ issuer: { id: "uca", state: "AR" } });
    const unknown = mc({});
    expect([inNc(subject(fromNc)), outOfNc(subject(fromNc))]).toEqual([true, false]);
    expect([inNc(subject(fromAr)), outOfNc(subject(fromAr))]).toEqual([false, true]);
    expect([inNc(subject(unknown)), outOfNc(subject(unknown))]).toEqual([false, false]);
    // the same filter compiled for Arkansas reads the other way round
    expect(compileMatch({ origin: "in_state" }, "AR")(subject(fromAr))).toBe(true);
  });

  test("origin_state lists states; with out_of_state it names the partners other than the policy's own", () => {
    const partners = compileMatch({ origin: "out_of_state", origin_state: ["AR", "NC", "SC", "WY"] }, "WY");
    expect(partners(subject(mc({ earned_in: "SC" })))).toBe(true);
    expect(partners(subject(mc({ earned_in: "WY" })))).toBe(false);
    expect(partners(subject(mc({ earned_in: "TX" })))).toBe(false);
    expect(describeMatch({ origin: "out_of_state", origin_state: ["AR", "NC"] })).toBe("credentials from another state, from AR or NC");
    expect(describeMatch({ origin: "in_state" })).toBe("credentials from this state");
  });
});
