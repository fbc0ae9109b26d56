/**
 * Benchmark 2's two sides: every prerequisite condition of the built-in policies, evaluated for
 * one record's facts by credstack's synchronous evaluator and by json-rules-engine (one `Engine`
 * built once with every condition as a rule, reused sequentially with `Engine.run`). Both read the
 * same facts object, already computed, so the figures compare condition evaluation itself.
 */
import { Engine } from "json-rules-engine";
import { evaluateCondition, factNamesIn } from "../src/evaluate/conditions.js";
import type { Facts } from "../src/evaluate/facts.js";
import type { Condition, FactValue } from "../src/schema/condition.js";

/** Our side: every condition's result, in order. */
export function ours(conditions: readonly Condition[], facts: Facts): boolean[] {
  const out = new Array<boolean>(conditions.length);
  for (let i = 0; i < conditions.length; i++) out[i] = evaluateCondition(conditions[i]!, facts).result;
  return out;
}

/** json-rules-engine's side: one engine for all conditions, run once per record. */
export function jsonRulesEngine(conditions: readonly Condition[]): (facts: Facts) => Promise<boolean[]> {
  const engine = new Engine([], { allowUndefinedFacts: false, replaceFactsInEventParams: false });
  conditions.forEach((condition, i) => {
    // a bare leaf is wrapped: json-rules-engine needs all / any / not at the root
    const root = "fact" in condition ? { all: [condition] } : condition;
    engine.addRule({ name: String(i), conditions: root as never, event: { type: String(i) } });
  });
  let current: Facts | undefined;
  for (const name of factNamesIn(conditions)) {
    engine.addFact(name, (params: Record<string, FactValue>) => current!.get(name, Object.keys(params ?? {}).length > 0 ? params : undefined)!);
  }
  return async (facts) => {
    current = facts;
    const { results, failureResults } = await engine.run({});
    const out = new Array<boolean>(conditions.length);
    for (const r of results) out[Number(r.name)] = true;
    for (const r of failureResults) out[Number(r.name)] = false;
    return out;
  };
}
