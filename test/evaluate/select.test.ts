// Which policies have something to say about a record (the CLI's default states).
import { describe, expect, test } from "vitest";
import { recognizesRecord } from "../../src/index.js";
import { parseRecord } from "../../src/record/parse.js";
import { cred, policy, record } from "../helpers/policy.js";

describe("recognizesRecord", () => {
  const wy = policy({ state: "WY", stacks: `\n- { id: s, kind: renewal, title: S, requirements: [{ id: one, credit: 1 }] }` });
  const asOf = "2026-11-24";

  test("a license in the state is enough", () => {
    const r = parseRecord(record([], { licenses: [{ state: "WY", type: "standard", issued: "2024-07-01" }] }));
    expect(recognizesRecord(wy, r, asOf)).toBe(true);
  });

  test("a credential of the state that the policy recognizes is enough", () => {
    const r = parseRecord(record([cred("mc", 1, { issuer: { id: "wde", state: "WY" } })]));
    expect(recognizesRecord(wy, r, asOf)).toBe(true);
    const earned = parseRecord(record([cred("mc", 1, { earned_in: "WY" })]));
    expect(recognizesRecord(wy, earned, asOf)).toBe(true);
  });

  test("a credential any state would accept does not bring in every state", () => {
    // the test policy recognizes everything, but this course belongs to no state (and the license is XX)
    const r = parseRecord(record([cred("course", 3)]));
    expect(recognizesRecord(wy, r, asOf)).toBe(false);
  });
});
