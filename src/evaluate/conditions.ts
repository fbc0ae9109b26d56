/**
 * The synchronous condition evaluator: json-rules-engine's grammar and operator semantics,
 * without its promises, engine state or deep clones. `evaluateCondition` evaluates every leaf
 * (no short-circuit), so the trace is complete, as json-rules-engine's is when no priorities are
 * set; `conditionHolds`, for statuses, builds no trace and stops at the leaf that decides.
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
 * The facts a list of conditions reads, from every leaf however deep.
 *
 * @example
 * factNamesIn([{ any: [{ fact: "a", operator: "equal", value: 1 }, { not: { fact: "b", operator: "equal", value: 2 } }] }]) //=> Set { "a", "b" }
 */
export function factNamesIn(conditions: readonly Condition[]): Set<string> {
  const names = new Set<string>();
  const collect = (c: Condition): void => {
    if ("all" in c) c.all.forEach(collect);
    else if ("any" in c) c.any.forEach(collect);
    else if ("not" in c) collect(c.not);
    else names.add(c.fact);
  };
  conditions.forEach(collect);
  return names;
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
  return compiledCondition(condition)(facts);
}

/** A condition compiled to a closure that evaluates it and builds its trace. */
type CompiledCondition = (facts: Facts) => ConditionTrace;

/** Conditions compiled once, by identity (a policy's conditions live as long as the policy). */
const compiledConditions = new WeakMap<Condition, CompiledCondition>();

function compiledCondition(condition: Condition): CompiledCondition {
  let compiled = compiledConditions.get(condition);
  if (!compiled) {
    compiled = compileCondition(condition);
    compiledConditions.set(condition, compiled);
  }
  return compiled;
}

/**
 * Compiles a condition: the same traces as walking it each time (every leaf evaluated, in
 * document order, so an unknown fact is reported at the same leaf), without re-reading its shape
 * or re-serializing a leaf's params on every evaluation.
 */
function compileCondition(condition: Condition): CompiledCondition {
  if ("all" in condition) {
    const parts = condition.all.map(compileCondition);
    return (facts) => {
      const all = new Array<ConditionTrace>(parts.length);
      let result = true;
      for (let i = 0; i < parts.length; i++) {
        const t = parts[i]!(facts);
        all[i] = t;
        if (!t.result) result = false;
      }
      return { all, result };
    };
  }
  if ("any" in condition) {
    const parts = condition.any.map(compileCondition);
    return (facts) => {
      const any = new Array<ConditionTrace>(parts.length);
      let result = false;
      for (let i = 0; i < parts.length; i++) {
        const t = parts[i]!(facts);
        any[i] = t;
        if (t.result) result = true;
      }
      return { any, result };
    };
  }
  if ("not" in condition) {
    const inner = compileCondition(condition.not);
    return (facts) => {
      const not = inner(facts);
      return { not, result: !not.result };
    };
  }
  const { fact, operator, value, params } = condition;
  const key = factKey(fact, params);
  if (params !== undefined) {
    return (facts) => {
      const factValue = facts.get(fact, params, key);
      if (factValue === undefined) throw unknownFact(fact);
      return { fact, operator, value, params, factValue, result: applyOperator(operator, factValue, value) };
    };
  }
  return (facts) => {
    const factValue = facts.get(fact, undefined, key);
    if (factValue === undefined) throw unknownFact(fact);
    return { fact, operator, value, factValue, result: applyOperator(operator, factValue, value) };
  };
}

/**
 * Whether a condition holds, without its trace: what a status asks. The same answer as
 * `evaluateCondition(condition, facts).result`; since facts never change while they are read,
 * the leaves after the one that decides an `all` or `any` are not read.
 *
 * @throws EvaluationError `unknown_fact` when a leaf it reads names a fact that does not exist.
 * @example
 * conditionHolds({ all: [{ fact: "license_role", operator: "equal", value: "administrator" }] }, facts) //=> false
 */
export function conditionHolds(condition: Condition, facts: Facts): boolean {
  let compiled = compiledPredicates.get(condition);
  if (!compiled) {
    compiled = compilePredicate(condition);
    compiledPredicates.set(condition, compiled);
  }
  return compiled(facts);
}

/** Conditions compiled to predicates once, by identity. */
const compiledPredicates = new WeakMap<Condition, (facts: Facts) => boolean>();

function compilePredicate(condition: Condition): (facts: Facts) => boolean {
  if ("all" in condition) {
    const parts = condition.all.map(compilePredicate);
    return (facts) => {
      for (const p of parts) if (!p(facts)) return false;
      return true;
    };
  }
  if ("any" in condition) {
    const parts = condition.any.map(compilePredicate);
    return (facts) => {
      for (const p of parts) if (p(facts)) return true;
      return false;
    };
  }
  if ("not" in condition) {
    const inner = compilePredicate(condition.not);
    return (facts) => !inner(facts);
  }
  const { fact, operator, value, params } = condition;
  const key = factKey(fact, params);
  return (facts) => {
    const factValue = facts.get(fact, params, key);
    if (factValue === undefined) throw unknownFact(fact);
    return applyOperator(operator, factValue, value);
  };
}

/** The memo key of a fact with its params (see `Facts.get`). */
export function factKey(name: string, params: Readonly<Record<string, FactValue>> | undefined): string {
  return params === undefined ? name : `${name}\u0000${JSON.stringify(params)}`;
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
