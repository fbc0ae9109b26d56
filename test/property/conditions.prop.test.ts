// Differential test: our synchronous condition evaluator against json-rules-engine itself, on
// random conditions and facts. Both must give the same result and the same fact values per leaf;
// conditionHolds (the status path's, without a trace) the same result.
import { fc, test } from "@fast-check/vitest";
import { Engine } from "json-rules-engine";
import { describe, expect } from "vitest";
import type { Condition, ConditionTrace } from "../../src/index.js";
import { conditionHolds, evaluateCondition } from "../../src/evaluate/conditions.js";
import type { Facts } from "../../src/evaluate/facts.js";

const scalar = fc.oneof(fc.integer({ min: -3, max: 6 }), fc.constantFrom("a", "b", "6-12", "masters", "3", ""), fc.boolean(), fc.constant(null));
const factValue = fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }));
const names = ["f0", "f1", "f2", "f3"] as const;

const leaf = fc.oneof(
  fc.record({
    fact: fc.constantFrom(...names),
    operator: fc.constantFrom("equal", "notEqual", "lessThan", "lessThanInclusive", "greaterThan", "greaterThanInclusive", "contains", "doesNotContain"),
    value: scalar,
  }),
  fc.record({ fact: fc.constantFrom(...names), operator: fc.constantFrom("in", "notIn"), value: fc.array(scalar, { maxLength: 3 }) }),
) as fc.Arbitrary<Condition>;

const condition: fc.Arbitrary<Condition> = fc.letrec<{ c: Condition }>((tie) => ({
  c: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    fc.record({ all: fc.array(tie("c"), { minLength: 1, maxLength: 3 }) }),
    fc.record({ any: fc.array(tie("c"), { minLength: 1, maxLength: 3 }) }),
    fc.record({ not: tie("c") }),
  ) as fc.Arbitrary<Condition>,
})).c;

async function viaJre(c: Condition, facts: Record<string, unknown>): Promise<boolean> {
  const engine = new Engine([], { allowUndefinedFacts: false });
  engine.addRule({ conditions: ("fact" in c ? { all: [c] } : c) as never, event: { type: "x" } });
  for (const [k, v] of Object.entries(facts)) engine.addFact(k, v as never);
  const out = await engine.run({});
  return out.events.length === 1;
}

function leaves(t: ConditionTrace): unknown[] {
  if ("all" in t) return t.all.flatMap(leaves);
  if ("any" in t) return t.any.flatMap(leaves);
  if ("not" in t) return leaves(t.not);
  return [[t.fact, t.factValue]];
}

describe("evaluateCondition agrees with json-rules-engine", () => {
  test.prop([condition, fc.tuple(factValue, factValue, factValue, factValue)], { seed: 20261124, numRuns: 600 })(
    "same result on random conditions and facts",
    async (c, values) => {
      const facts = Object.fromEntries(names.map((n, i) => [n, values[i]]));
      const lookup: Facts = { has: (n) => n in facts, get: (n) => (facts as Record<string, never>)[n] };
      const ours = evaluateCondition(c, lookup);
      expect(ours.result).toBe(await viaJre(c, facts));
      // the status path's answer without a trace: the same
      expect(conditionHolds(c, lookup)).toBe(ours.result);
      for (const [name, value] of leaves(ours) as [string, unknown][]) expect(value).toEqual(facts[name]);
    },
  );
});
