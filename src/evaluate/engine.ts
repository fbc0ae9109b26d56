/**
 * The asynchronous path: conditions run through json-rules-engine, so callers can supply facts
 * as async providers (an HR database). The only module that imports json-rules-engine.
 *
 * One engine is built per policy per call and thrown away: json-rules-engine keeps run state on
 * the engine, so a shared engine is unsafe under concurrency. Its results are turned into our
 * own trace type; none of its types reach the public API.
 */
import { Engine, type RuleResult } from "json-rules-engine";
import { EvaluationError } from "../errors/errors.js";
import { createIssue } from "../errors/issue.js";
import { FactValue, type Condition } from "../schema/condition.js";
import type { EducatorRecord, EducatorRecordInput } from "../schema/record.js";
import type { ConditionTrace, Report } from "../schema/report.js";
import type { CompiledPolicy } from "../policy/compile.js";
import { parseRecord } from "../record/parse.js";
import { factNamesIn, unknownFact } from "./conditions.js";
import { checkAsOf, checkBudget, checkStatesAndFacts, evaluateWith, factsByDate, prepare, type EvaluateOptions, type PolicyLike } from "./evaluate.js";
import { buildFacts, type Facts } from "./facts.js";
import { selectLicense } from "./select.js";

/** A fact supplied asynchronously: called with the condition's params. */
export type FactProvider = (params: Readonly<Record<string, FactValue>> | undefined) => FactValue | Promise<FactValue>;

/** Options for `evaluateAsync`: as for `evaluate`, but facts may be async providers. */
export interface EvaluateAsyncOptions extends Omit<EvaluateOptions, "facts"> {
  /** Facts by name: a value, or a function returning one (or a promise of one). */
  readonly facts?: Readonly<Record<string, FactValue | FactProvider>> | undefined;
}

type JreCondition = Record<string, unknown>;

/** Turns json-rules-engine's evaluated condition (results on leaves only) into our trace. */
function toTrace(c: JreCondition): ConditionTrace {
  if (Array.isArray(c["all"])) {
    const all = (c["all"] as JreCondition[]).map(toTrace);
    return { all, result: all.every((x) => x.result) };
  }
  if (Array.isArray(c["any"])) {
    const any = (c["any"] as JreCondition[]).map(toTrace);
    return { any, result: any.some((x) => x.result) };
  }
  if (c["not"] !== undefined) {
    const not = toTrace(c["not"] as JreCondition);
    return { not, result: !not.result };
  }
  return {
    fact: c["fact"] as string,
    operator: c["operator"] as string,
    value: c["value"] as FactValue,
    ...(c["params"] !== undefined ? { params: c["params"] as Record<string, FactValue> } : {}),
    factValue: c["factResult"] as FactValue,
    result: c["result"] === true,
  };
}

async function traceConditions(
  conditions: readonly Condition[],
  facts: Facts,
  supplied: Readonly<Record<string, FactValue | FactProvider>>,
): Promise<Map<Condition, ConditionTrace>> {
  const engine = new Engine([], { allowUndefinedFacts: false, replaceFactsInEventParams: false });
  conditions.forEach((condition, i) => {
    // a bare leaf is wrapped: json-rules-engine needs all / any / not at the root
    const root = "fact" in condition ? { all: [condition] } : condition;
    engine.addRule({ name: String(i), conditions: root as never, event: { type: String(i) } });
  });
  for (const name of factNamesIn(conditions)) {
    if (Object.hasOwn(supplied, name)) {
      const given = supplied[name];
      engine.addFact(name, async (params: Record<string, FactValue>) => {
        if (typeof given !== "function") return given;
        let value: unknown;
        try {
          value = await given(Object.keys(params ?? {}).length > 0 ? params : undefined);
        } catch (cause) {
          throw new EvaluationError([createIssue("fact_failed", `The provider of fact '${name}' failed: ${String(cause)}.`, ["facts", name])], { cause });
        }
        if (!FactValue.safeParse(value).success) {
          const shown = typeof value === "number" ? String(value) : (JSON.stringify(value) ?? typeof value);
          throw new EvaluationError([
            createIssue("fact_failed", `The provider of fact '${name}' gave ${shown}, not text, a finite number, true, false, null or a list of those.`, ["facts", name]),
          ]);
        }
        return value as FactValue;
      });
    } else if (facts.has(name)) {
      engine.addFact(name, async (params: Record<string, FactValue>) => facts.get(name, Object.keys(params ?? {}).length > 0 ? params : undefined)!);
    }
  }
  let outcome;
  try {
    outcome = await engine.run({});
  } catch (error) {
    if (error instanceof EvaluationError) throw error;
    const code = (error as { code?: unknown }).code;
    if (code === "UNDEFINED_FACT") {
      const name = String((error as Error).message).replace(/^Undefined fact: /, "");
      throw unknownFact(name);
    }
    throw error;
  }
  const traces = new Map<Condition, ConditionTrace>();
  for (const r of [...outcome.results, ...outcome.failureResults] as RuleResult[]) {
    const condition = conditions[Number(r.name)]!;
    const raw = (r.conditions as unknown as { toJSON(stringify: boolean): JreCondition }).toJSON(false);
    const trace = toTrace(raw);
    traces.set(condition, "fact" in condition ? (trace as { all: ConditionTrace[] }).all[0]! : trace);
  }
  return traces;
}

/**
 * Evaluates like `evaluate`, but runs conditions through json-rules-engine so facts can come
 * from asynchronous providers. Gives the same report as `evaluate` for the same facts.
 *
 * @example
 * const report = await evaluateAsync(record, policies, {
 *   asOf: "2026-11-24",
 *   facts: { years_experience: async () => hr.yearsOfService(record.id) },
 * });
 */
export async function evaluateAsync(
  input: EducatorRecordInput | EducatorRecord,
  policies: PolicyLike | readonly PolicyLike[],
  options: EvaluateAsyncOptions,
): Promise<Report> {
  const asOf = checkAsOf(options?.asOf);
  checkBudget(options.budget);
  checkStatesAndFacts(options, true);
  const record = parseRecord(input);
  const supplied = memoizeProviders(options.facts ?? {});
  const { selected } = prepare(record, policies, options, asOf);
  // traces by policy, by the date they were evaluated on, by condition
  const traces = new Map<CompiledPolicy, Map<string, Map<Condition, ConditionTrace>>>();
  const factsOnByPolicy = new Map<CompiledPolicy, (date: string) => Facts>();
  for (const s of selected) {
    const license = selectLicense(record, s.policy);
    const factsOn = factsByDate((date) => buildFacts({ record, license, state: s.policy.state, asOf: date }, undefined, s.policy.factDefaults));
    for (const name of s.policy.factNames) if (!Object.hasOwn(supplied, name) && !factsOn(asOf).has(name)) throw unknownFact(name);
    factsOnByPolicy.set(s.policy, factsOn);
    traces.set(s.policy, new Map([[asOf, await traceConditions(s.policy.conditions, factsOn(asOf), supplied)]]));
  }
  const run = (onMissing: (policy: CompiledPolicy, condition: Condition, on: string) => ConditionTrace) =>
    evaluateWith(
      record,
      policies,
      { ...options, facts: undefined },
      ({ policy }) => {
        const byDate = traces.get(policy)!;
        return (condition, on = asOf) => byDate.get(on)?.get(condition) ?? onMissing(policy, condition, on);
      },
      new Set(Object.keys(supplied)),
    );
  // Conditions inside a pool repeated per school year are evaluated on each year's last day.
  // Which years depends on the stack's window, so a first pass collects the dates asked for
  // (answering with the as-of trace meanwhile), the engine runs once per date, and a second pass
  // reports with the real traces.
  if (!selected.some((s) => hasDatedConditions(s.policy))) return run(() => { throw new Error("unreachable: no dated conditions"); });
  const wanted = new Map<CompiledPolicy, Map<string, Set<Condition>>>();
  run((policy, condition, on) => {
    const byDate = wanted.get(policy) ?? new Map<string, Set<Condition>>();
    wanted.set(policy, byDate);
    (byDate.get(on) ?? byDate.set(on, new Set()).get(on)!).add(condition);
    return traces.get(policy)!.get(asOf)!.get(condition)!;
  });
  for (const [policy, byDate] of wanted) {
    for (const [date, conditions] of byDate) {
      traces.get(policy)!.set(date, await traceConditions([...conditions], factsOnByPolicy.get(policy)!(date), supplied));
    }
  }
  return run((_, condition, on) => {
    throw new Error(`unreachable: condition on ${on} not traced: ${JSON.stringify(condition)}`);
  });
}

/** Whether a policy evaluates conditions on other dates than the as-of date (per school year). */
function hasDatedConditions(policy: CompiledPolicy): boolean {
  return policy.stacks.some((s) =>
    s.pools.some((p) => p.eachSchoolYear !== undefined && (p.when !== undefined || p.categories.some((c) => c.when !== undefined))),
  );
}

/** Each async provider is called once per distinct params, however many dates it is asked on. */
function memoizeProviders(
  facts: Readonly<Record<string, FactValue | FactProvider>>,
): Readonly<Record<string, FactValue | FactProvider>> {
  const out: Record<string, FactValue | FactProvider> = {};
  for (const [name, given] of Object.entries(facts)) {
    if (typeof given !== "function") {
      out[name] = given;
      continue;
    }
    const memo = new Map<string, Promise<FactValue>>();
    out[name] = (params) => {
      const key = JSON.stringify(params ?? null);
      let value = memo.get(key);
      if (!value) memo.set(key, (value = Promise.resolve().then(() => given(params))));
      return value;
    };
  }
  return out;
}
