/**
 * The synchronous condition evaluator: json-rules-engine's grammar and operator semantics,
 * without its promises, engine state or deep clones. Every leaf is evaluated (no short-circuit),
 * so the trace is complete, as json-rules-engine's is when no priorities are set.
 */
import { EvaluationError } from "../errors/errors.js";
import { createIssue } from "../errors/issue.js";
import type { Condition, ConditionLeaf, FactValue } from "../schema/condition.js";
import type { ConditionTrace } from "../schema/report.js";
import type { Facts } from "./facts.js";

function isNumeric(value: unknown): boolean {
  return Number.parseFloat(value as string).toString() !== "NaN";
}

/**
 * Applies one operator exactly as json-rules-engine 7 does (including its fact-type checks).
 *
 * @example
 * applyOperator("greaterThanInclusive", 3, 3) //=> true
 * applyOperator("contains", ["masters"], "masters") //=> true
 */
export function applyOperator(operator: ConditionLeaf["operator"], fact: FactValue, value: FactValue): boolean {
  switch (operator) {
    case "equal":
      return fact === value;
    case "notEqual":
      return fact !== value;
    case "in":
      return (value as FactValue[]).indexOf(fact as never) > -1;
    case "notIn":
      return (value as FactValue[]).indexOf(fact as never) === -1;
    case "contains":
      return Array.isArray(fact) && fact.indexOf(value as never) > -1;
    case "doesNotContain":
      return Array.isArray(fact) && fact.indexOf(value as never) === -1;
    case "lessThan":
      return isNumeric(fact) && (fact as number) < (value as number);
    case "lessThanInclusive":
      return isNumeric(fact) && (fact as number) <= (value as number);
    case "greaterThan":
      return isNumeric(fact) && (fact as number) > (value as number);
    case "greaterThanInclusive":
      return isNumeric(fact) && (fact as number) >= (value as number);
  }
}

/**
 * Evaluates a condition against facts and returns its trace (the condition's structure with
 * each leaf's fact value and every node's result).
 *
 * @throws EvaluationError `unknown_fact` when a leaf names a fact that does not exist.
 * @example
 * evaluateCondition({ all: [{ fact: "years_experience", operator: "greaterThanInclusive", value: 3 }] }, facts)
 * //=> { all: [{ fact: "years_experience", operator: "greaterThanInclusive", value: 3, factValue: 4, result: true }], result: true }
 */
export function evaluateCondition(condition: Condition, facts: Facts): ConditionTrace {
  if ("all" in condition) {
    const all = condition.all.map((c) => evaluateCondition(c, facts));
    return { all, result: all.every((c) => c.result) };
  }
  if ("any" in condition) {
    const any = condition.any.map((c) => evaluateCondition(c, facts));
    return { any, result: any.some((c) => c.result) };
  }
  if ("not" in condition) {
    const not = evaluateCondition(condition.not, facts);
    return { not, result: !not.result };
  }
  const factValue = facts.get(condition.fact, condition.params);
  if (factValue === undefined) throw unknownFact(condition.fact);
  const trace: ConditionTrace = {
    fact: condition.fact,
    operator: condition.operator,
    value: condition.value,
    ...(condition.params !== undefined ? { params: condition.params } : {}),
    factValue,
    result: applyOperator(condition.operator, factValue, condition.value),
  };
  return trace;
}

/** The error for a fact that does not exist. */
export function unknownFact(name: string): EvaluationError {
  return new EvaluationError([
    createIssue("unknown_fact", `Unknown fact '${name}'.`, [], {
      hint: `Use a fact listed in docs/policy-format.md#facts, or supply '${name}' in record.facts or the facts option.`,
    }),
  ]);
}

/** Collects the fact names a condition uses. */
export function factsOf(condition: Condition, into: Set<string> = new Set()): Set<string> {
  if ("all" in condition) condition.all.forEach((c) => factsOf(c, into));
  else if ("any" in condition) condition.any.forEach((c) => factsOf(c, into));
  else if ("not" in condition) factsOf(condition.not, into);
  else into.add(condition.fact);
  return into;
}
