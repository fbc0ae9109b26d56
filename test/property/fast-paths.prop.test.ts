import { fc, test } from "@fast-check/vitest";
import { afterEach, describe, expect } from "vitest";
import { evaluate, evaluateStatus } from "../../src/index.js";
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
  fastPaths.decide = true;
  fastPaths.forced = true;
  fastPaths.outOfReach = true;
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

describe("evaluateStatus: a stack decided without a placement, as by the 'meet' search", () => {
  function statusBoth(run: () => unknown): [string, string] {
    fastPaths.decide = false;
    const general = JSON.stringify(run());
    fastPaths.decide = true;
    const fast = JSON.stringify(run());
    return [fast, general];
  }

  // small budgets too: the same nodes are taken from each stack's allowance, so the same
  // searches run out, with the same optimal flags
  test.prop([fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 1, max: 40 }), fc.option(fc.integer({ min: 1, max: 60 }))], {
    ...propertyParams(83),
    numRuns: 60,
  })("generated records of the four states, all built-in policies, any budget", (seed, index, most, budget) => {
    const record = generateRecord(index, { seed, credentials: [Math.min(5, most), most] });
    const options = { asOf, states: [record.licenses![0]!.state], ...(budget !== null ? { budget } : {}) };
    const [fast, general] = statusBoth(() => evaluateStatus(record, builtin, options));
    expect(fast).toBe(general);
  });

  test.prop([ncRecord(), fc.option(fc.integer({ min: 1, max: 30 }))], propertyParams(84))("generated NC records, NC renewal 2024, any budget", (record, budget) => {
    const [fast, general] = statusBoth(() => evaluateStatus(record, nc, { asOf, ...(budget !== null ? { budget } : {}) }));
    expect(fast).toBe(general);
  });
});

describe("evaluateStatus: a forced placement decided without the allocator's search", () => {
  function forcedBoth(run: () => unknown): [string, string] {
    fastPaths.forced = false;
    const general = JSON.stringify(run());
    fastPaths.forced = true;
    const fast = JSON.stringify(run());
    return [fast, general];
  }

  // small budgets too: the same nodes are taken from each stack's allowance
  test.prop([fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 1, max: 40 }), fc.option(fc.integer({ min: 1, max: 60 }))], {
    ...propertyParams(85),
    numRuns: 60,
  })("generated records of the four states, all built-in policies, any budget", (seed, index, most, budget) => {
    const record = generateRecord(index, { seed, credentials: [Math.min(5, most), most] });
    const options = { asOf, states: [record.licenses![0]!.state], ...(budget !== null ? { budget } : {}) };
    const [fast, general] = forcedBoth(() => evaluateStatus(record, builtin, options));
    expect(fast).toBe(general);
  });

  test.prop([ncRecord(), fc.option(fc.integer({ min: 1, max: 30 }))], propertyParams(86))("generated NC records, NC renewal 2024, any budget", (record, budget) => {
    const [fast, general] = forcedBoth(() => evaluateStatus(record, nc, { asOf, ...(budget !== null ? { budget } : {}) }));
    expect(fast).toBe(general);
  });
});

describe("evaluateStatus: a route out of reach counted as one node without building its problem", () => {
  function outOfReachBoth(run: () => unknown): [string, string] {
    fastPaths.outOfReach = false;
    const general = JSON.stringify(run());
    fastPaths.outOfReach = true;
    const fast = JSON.stringify(run());
    return [fast, general];
  }

  test.prop([fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 1, max: 40 }), fc.option(fc.integer({ min: 1, max: 60 }))], {
    ...propertyParams(87),
    numRuns: 60,
  })("generated records of the four states, all built-in policies, any budget", (seed, index, most, budget) => {
    const record = generateRecord(index, { seed, credentials: [Math.min(5, most), most] });
    const options = { asOf, states: [record.licenses![0]!.state], ...(budget !== null ? { budget } : {}) };
    const [fast, general] = outOfReachBoth(() => evaluateStatus(record, builtin, options));
    expect(fast).toBe(general);
  });

  test.prop([ncRecord(), fc.option(fc.integer({ min: 1, max: 30 }))], propertyParams(88))("generated NC records, NC renewal 2024, any budget", (record, budget) => {
    const [fast, general] = outOfReachBoth(() => evaluateStatus(record, nc, { asOf, ...(budget !== null ? { budget } : {}) }));
    expect(fast).toBe(general);
  });
});
