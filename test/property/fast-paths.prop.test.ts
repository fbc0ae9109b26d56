import { fc, test } from "@fast-check/vitest";
import { afterEach, describe, expect } from "vitest";
import { evaluate } from "../../src/index.js";
import { fastPaths } from "../../src/evaluate/fast-paths.js";
import { generateRecord } from "../../src/generate/records.js";
import { loadBuiltinPolicies, loadPolicyFile } from "../../src/node/index.js";
import { ncRecord } from "../arbitraries/record.js";
import { propertyParams } from "../helpers/property.js";

// Each fast path of the evaluator must give byte-identical reports to the general path.
const builtin = loadBuiltinPolicies();
const nc = loadPolicyFile("rules/nc-renewal-2024.yaml");
const asOf = "2026-11-24";

function both(run: () => unknown): [string, string] {
  fastPaths.placementSlack = false;
  const general = JSON.stringify(run());
  fastPaths.placementSlack = true;
  const fast = JSON.stringify(run());
  return [fast, general];
}

afterEach(() => {
  fastPaths.placementSlack = true;
});

describe("fast paths give the general path's report", () => {
  test.prop([fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 1, max: 40 })], {
    ...propertyParams(81),
    numRuns: 40,
  })("generated records of the four states, all built-in policies", (seed, index, most) => {
    const record = generateRecord(index, { seed, credentials: [Math.min(5, most), most] });
    const [fast, general] = both(() => evaluate(record, builtin, { asOf, states: [record.licenses![0]!.state] }));
    expect(fast).toBe(general);
  });

  test.prop([ncRecord()], propertyParams(82))("generated NC records, NC renewal 2024", (record) => {
    const [fast, general] = both(() => evaluate(record, nc, { asOf }));
    expect(fast).toBe(general);
  });
});
