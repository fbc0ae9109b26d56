// Which policies have something to say about a record (the CLI's default states).
import { describe, expect, test } from "vitest";
import { evaluate, recognizesRecord } from "../../src/index.js";
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

describe("the policies evaluated, when the same list is given again", () => {
  const asOf = "2026-11-24";
  const stacks = (credit: number) => `\n- { id: s, kind: renewal, title: S, requirements: [{ id: one, credit: ${credit} }] }`;
  // version 1 needs 1 credit; version 2, in force from 2025-07-01, needs 5; the record has 2
  const v1 = policy({ version: "1", stacks: stacks(1) });
  const v2 = policy({ version: "2", effective: "{ from: 2025-07-01 }", stacks: stacks(5) });
  const wy = policy({ id: "wy-test", state: "WY", stacks: stacks(1) });
  const educator = record([cred("a", 2)]);
  const chosen = (policies: Parameters<typeof evaluate>[1], states?: string[]) =>
    evaluate(educator, policies, { asOf, ...(states ? { states } : {}) }).results.map((r) => `${r.state} ${r.policy.version} ${r.stacks[0]!.status}`);

  test("a version added to the list, or one taken out, counts from the next call", () => {
    const list = [v1];
    expect(chosen(list)).toEqual(["XX 1 met"]);
    list.push(v2);
    expect(chosen(list)).toEqual(["XX 2 not_met"]);
    list.pop();
    expect(chosen(list)).toEqual(["XX 1 met"]);
    list[0] = v2;
    expect(chosen(list)).toEqual(["XX 2 not_met"]);
  });

  test("each list of states gets its own policies", () => {
    const list = [v1, wy];
    expect(chosen(list)).toEqual(["WY 1 met", "XX 1 met"]);
    expect(chosen(list, ["WY"])).toEqual(["WY 1 met"]);
    expect(chosen(list, ["XX"])).toEqual(["XX 1 met"]);
    expect(chosen(list, [])).toEqual([]);
    expect(chosen(list)).toEqual(["WY 1 met", "XX 1 met"]);
  });
});
