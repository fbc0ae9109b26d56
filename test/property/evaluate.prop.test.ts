import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { evaluate, evaluateAsync, Report } from "../../src/index.js";
import { loadPolicyFile } from "../../src/node/index.js";
import { ncRecord } from "../arbitraries/record.js";

const nc = loadPolicyFile("rules/nc-renewal-2024.yaml");
const asOf = "2026-11-24";
const params = { seed: 20261124, numRuns: 150 };

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object") {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

describe("evaluate on generated NC records", () => {
  test.prop([ncRecord()], params)("gives a report that fits the Report schema", (record) => {
    expect(() => Report.parse(evaluate(record, nc, { asOf }))).not.toThrow();
  });

  test.prop([ncRecord().chain((r) => fc.tuple(fc.constant(r), fc.shuffledSubarray(r.credentials!, { minLength: r.credentials!.length })))], params)(
    "credential order never changes the report (byte-identical JSON)",
    ([record, shuffled]) => {
      const a = JSON.stringify(evaluate(record, nc, { asOf }));
      const b = JSON.stringify(evaluate({ ...record, credentials: shuffled }, nc, { asOf }));
      expect(b).toBe(a);
    },
  );

  test.prop([ncRecord()], params)("the same input twice gives byte-identical JSON", (record) => {
    expect(JSON.stringify(evaluate(record, nc, { asOf }))).toBe(JSON.stringify(evaluate(record, nc, { asOf })));
  });

  test.prop([ncRecord()], params)("never mutates its input", (record) => {
    const before = structuredClone(record);
    const frozen = deepFreeze(structuredClone(record));
    evaluate(frozen, nc, { asOf }); // a write to a frozen object throws in strict mode
    evaluate(record, nc, { asOf });
    expect(record).toEqual(before);
  });

  test.prop([ncRecord(8)], { ...params, numRuns: 60 })("evaluateAsync (json-rules-engine) gives the same report", async (record) => {
    expect(await evaluateAsync(record, nc, { asOf })).toEqual(evaluate(record, nc, { asOf }));
  });

  test.prop([ncRecord(), fc.integer({ min: 0, max: 11 })], params)(
    "adding a recognized credential never turns a met renewal unmet",
    (record, pick) => {
      const before = evaluate(record, nc, { asOf }).results[0]!.stacks[0]!;
      const extra = { id: "cred-zz", title: "Extra workshop", issuer: { id: "wake-county" }, kind: "workshop" as const, tags: pick % 2 ? ["subject"] : [], amount: { value: pick + 1, unit: "hour" }, earned: "2024-01-15", approvals: ["lea-approved"] };
      const after = evaluate({ ...record, credentials: [...record.credentials!, extra] }, nc, { asOf }).results[0]!.stacks[0]!;
      if (before.status === "met") expect(after.status).toBe("met");
    },
  );
});
