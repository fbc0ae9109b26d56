import { fc, test } from "@fast-check/vitest";
import { afterEach, describe, expect } from "vitest";
import { evaluate, evaluateStatus } from "../../src/index.js";
import { fastPaths } from "../../src/evaluate/fast-paths.js";
import { generateRecord } from "../../src/generate/records.js";
import { loadBuiltinPolicies, loadPolicyFile } from "../../src/node/index.js";
import { ncRecord } from "../arbitraries/record.js";
import { withFastPathOff } from "../helpers/fast-paths.js";
import { propertyParams } from "../helpers/property.js";

// Each fast path of the evaluator must give byte-identical reports to the general path.
const builtin = loadBuiltinPolicies();
const nc = loadPolicyFile("rules/nc-renewal-2024.yaml");
const asOf = "2026-11-24";

/** The JSON of `run()` with one fast path on, then off. */
function both(path: keyof typeof fastPaths, run: () => unknown): [string, string] {
  const general = JSON.stringify(withFastPathOff(path, run));
  return [JSON.stringify(run()), general];
}

afterEach(() => {
  for (const path of Object.keys(fastPaths) as (keyof typeof fastPaths)[]) fastPaths[path] = true;
});

// The full report's fast paths, each on generated records of the four states
const reportPaths = [
  { path: "placementSlack", title: "", seed: 81 },
  { path: "wholeSettle", title: "a pool without limits settled by adding up: ", seed: 89 },
] as const;

describe("fast paths give the general path's report", () => {
  for (const { path, title, seed: propertySeed } of reportPaths) {
    test.prop([fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 1, max: 40 })], {
      ...propertyParams(propertySeed),
      numRuns: 40,
    })(`${title}generated records of the four states, all built-in policies`, (seed, index, most) => {
      const record = generateRecord(index, { seed, credentials: [Math.min(5, most), most] });
      const [fast, general] = both(path, () => evaluate(record, builtin, { asOf, states: [record.licenses![0]!.state] }));
      expect(fast).toBe(general);
    });
  }

  test.prop([ncRecord()], propertyParams(82))("generated NC records, NC renewal 2024", (record) => {
    const [fast, general] = both("placementSlack", () => evaluate(record, nc, { asOf }));
    expect(fast).toBe(general);
  });
});

// The status path's fast paths, each on generated records at small budgets too: the same nodes
// are taken from each stack's allowance, so the same searches run out, with the same optimal flags.
const statusPaths = [
  { path: "decide", title: "a stack decided without a placement, as by the 'meet' search", seeds: [83, 84] },
  { path: "forced", title: "a forced placement decided without the allocator's search", seeds: [85, 86] },
  { path: "outOfReach", title: "a route out of reach counted as one node without building its problem", seeds: [87, 88] },
  { path: "wholeSettle", title: "a pool without limits settled by adding up (stacks that consume, budgets that run out)", seeds: [90, 91] },
] as const;

for (const { path, title, seeds } of statusPaths) {
  describe(`evaluateStatus: ${title}`, () => {
    test.prop([fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 1, max: 40 }), fc.option(fc.integer({ min: 1, max: 60 }))], {
      ...propertyParams(seeds[0]),
      numRuns: 60,
    })("generated records of the four states, all built-in policies, any budget", (seed, index, most, budget) => {
      const record = generateRecord(index, { seed, credentials: [Math.min(5, most), most] });
      const options = { asOf, states: [record.licenses![0]!.state], ...(budget !== null ? { budget } : {}) };
      const [fast, general] = both(path, () => evaluateStatus(record, builtin, options));
      expect(fast).toBe(general);
    });

    test.prop([ncRecord(), fc.option(fc.integer({ min: 1, max: 30 }))], propertyParams(seeds[1]))("generated NC records, NC renewal 2024, any budget", (record, budget) => {
      const [fast, general] = both(path, () => evaluateStatus(record, nc, { asOf, ...(budget !== null ? { budget } : {}) }));
      expect(fast).toBe(general);
    });
  });
}
