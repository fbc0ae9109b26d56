/**
 * The synchronous, pure core: one educator record, one or more policies, one date in; one
 * report out. Never reads the clock, the file system or the network; never mutates its input.
 */
import { isIsoDate } from "../dates/index.js";
import { EvaluationError } from "../errors/errors.js";
import { createIssue } from "../errors/issue.js";
import { applyExceptions } from "../exceptions/apply.js";
import { explainStack } from "../explain/summarize.js";
import { compilePolicy, isCompiledPolicy, type CompiledPolicy } from "../policy/compile.js";
import { parsePolicyData } from "../policy/parse.js";
import { formatRational } from "../quantity/rational.js";
import { parseRecord } from "../record/parse.js";
import { FactValue, type Condition } from "../schema/condition.js";
import type { Policy } from "../schema/policy.js";
import type { EducatorRecord, EducatorRecordInput, License } from "../schema/record.js";
import type { ConditionTrace, CredentialResult, Report, StackResult, StackStatus, StackStatusResult, StateResult, StateStatus, StatusReport, Warning } from "../schema/report.js";
import { conditionHolds, evaluateCondition, unknownFact } from "./conditions.js";
import { buildFacts, type Facts } from "./facts.js";
import { recognizeCredentials, screenCredentials, type RecognizedCredential } from "./recognize.js";
import { familiesOf, selectLicense, selectVersions, type SelectedPolicy } from "./select.js";
import { evaluateStack, evaluateStackStatus, type ConditionEvaluator, type StackNote, type StackOutcome, type StackStatusOutcome } from "./stack.js";

/** A policy as `evaluate` accepts it: compiled, or a validated policy object. */
export type PolicyLike = CompiledPolicy | Policy;

/** Options for `evaluate`. */
export interface EvaluateOptions {
  /** The date to evaluate on, `YYYY-MM-DD`. Required: evaluation never reads the clock. */
  readonly asOf: string;
  /** Only these states (default: every policy given). */
  readonly states?: readonly string[] | undefined;
  /** Facts that override or add to the derived ones (e.g. from an HR system). */
  readonly facts?: Readonly<Record<string, FactValue>> | undefined;
  /** Search nodes a stack's placement searches share (and, again, its alternatives shown alone and its determining trials) before the result is flagged not proven optimal. Default 200,000. */
  readonly budget?: number | undefined;
}

const compiledCache = new WeakMap<object, CompiledPolicy>();

/** Compiles a policy object once (cached by identity); compiled policies pass through. */
export function toCompiled(policy: PolicyLike): CompiledPolicy {
  if (isCompiledPolicy(policy)) return policy;
  let compiled = compiledCache.get(policy);
  if (!compiled) {
    compiled = compilePolicy(parsePolicyData(policy));
    compiledCache.set(policy, compiled);
  }
  return compiled;
}

/** The search budget, checked: a whole number of at least 1, or nothing. */
export function checkBudget(budget: unknown): void {
  if (budget !== undefined && (typeof budget !== "number" || !Number.isSafeInteger(budget) || budget < 1)) {
    throw new EvaluationError([createIssue("invalid_option", `The budget ${typeof budget === "number" ? String(budget) : JSON.stringify(budget)} is not a whole number of search nodes of at least 1.`, ["budget"])]);
  }
}

/**
 * The `states` and `facts` options, checked: states a list of texts; each fact a text, a finite
 * number, a boolean, null or a list of those (or, for `evaluateAsync`, a provider function).
 */
export function checkStatesAndFacts(options: { readonly states?: unknown; readonly facts?: unknown }, providers = false): void {
  const { states, facts } = options;
  if (states !== undefined && !(Array.isArray(states) && states.every((s) => typeof s === "string"))) {
    throw new EvaluationError([createIssue("invalid_option", `The states option must be a list of state codes, not ${JSON.stringify(states) ?? typeof states}.`, ["states"])]);
  }
  if (facts === undefined) return;
  if (facts === null || typeof facts !== "object" || Array.isArray(facts)) {
    throw new EvaluationError([createIssue("invalid_option", "The facts option must be a mapping of fact names to values.", ["facts"])]);
  }
  for (const [name, value] of Object.entries(facts)) {
    if (providers && typeof value === "function") continue;
    if (!FactValue.safeParse(value).success) {
      const shown = typeof value === "number" ? String(value) : (JSON.stringify(value) ?? typeof value);
      throw new EvaluationError([
        createIssue("invalid_option", `The fact '${name}' must be text, a finite number, true, false, null or a list of those, not ${shown}.`, ["facts", name]),
      ]);
    }
  }
}

/** The as-of date, checked: a real date written YYYY-MM-DD. */
export function checkAsOf(asOf: unknown): string {
  if (typeof asOf !== "string" || !isIsoDate(asOf)) {
    throw new EvaluationError([createIssue("invalid_as_of", `The as-of date ${JSON.stringify(asOf)} is not a date written YYYY-MM-DD.`, ["asOf"])]);
  }
  return asOf;
}

/**
 * Evaluates an educator's record against policies on a date.
 *
 * Picks, for every policy family, the version in force on the date the family keys on; evaluates
 * every stack (renewal, endorsement, pathway, designation) with the optimal placement of
 * credentials; explains every result with the rules, credentials and sources behind it.
 *
 * @throws EvaluationError for an invalid record, as-of date or fact; PolicyError for an invalid policy object.
 * @example
 * const report = evaluate(record, [ncPolicy], { asOf: "2026-11-24" });
 * report.results[0].stacks[0].status //=> "met"
 * report.results[0].stacks[0].explanation[0] //=> "License renewal (6-12): met through credits."
 */
export function evaluate(record: EducatorRecordInput | EducatorRecord, policies: PolicyLike | readonly PolicyLike[], options: EvaluateOptions): Report {
  return evaluateWith(record, policies, options, syncConditions);
}

/**
 * Every stack's status for an educator on a date, without the report, for a fraction of the
 * cost of `evaluate`: the same versions, license, facts, screening, windows, variants,
 * prerequisites and stacks in the same order. What it leaves out: requirement results, gaps,
 * placements, the credentials' outcomes, alternatives shown on their own, warnings and
 * explanations. Each placement search asks only whether the stack can be met, and the
 * credentials that determined a met stack are found only where a later exclusive stack could
 * use one of them. For a page that shows whether an educator is on track, a dashboard of every
 * educator, or a search over many hypothetical records; call `evaluate` for the one you show.
 *
 * When no search runs out of budget, the statuses, deadlines and `optimal` flags are those of
 * `toStatusReport(evaluate(...))`. When one does, the two may differ, always with
 * `optimal: false` on one side (a yes/no search may meet a stack within a budget that the full
 * report's search for the smallest shortfall used up). A record with reviewers' exceptions is
 * evaluated in full (exceptions apply to the report) and its statuses taken from it with
 * `toStatusReport`.
 *
 * @throws EvaluationError for an invalid record, as-of date or fact; PolicyError for an invalid policy object.
 * @example
 * const status = evaluateStatus(record, [ncPolicy], { asOf: "2026-11-24" });
 * status.results[0].stacks[0] //=> { id: "renewal", kind: "renewal", status: "met", deadline: "2027-06-30", optimal: true }
 */
export function evaluateStatus(record: EducatorRecordInput | EducatorRecord, policies: PolicyLike | readonly PolicyLike[], options: EvaluateOptions): StatusReport {
  // the options first, then the record: the same errors, in the same order, as evaluate
  checkOptions(options);
  const parsed = parseRecord(record);
  if (parsed.exceptions !== undefined && parsed.exceptions.length > 0) return toStatusReport(evaluate(parsed, policies, options));
  const { asOf, results, skipped } = runPolicies(parsed, policies, options, statusConditions, undefined, statusOfPolicy);
  return { credstack: 1, record: parsed.id, asOf, results, skipped };
}

/**
 * The status report of a full report: each stack's id, kind, status, deadline and `optimal`
 * flag, in the same order. `evaluateStatus` gives the same statuses without building the report.
 *
 * @example
 * toStatusReport(evaluate(record, policies, { asOf: "2026-11-24" })).results[0].stacks[0].status //=> "met"
 */
export function toStatusReport(report: Report): StatusReport {
  return {
    credstack: 1,
    record: report.record,
    asOf: report.asOf,
    results: report.results.map((r) => ({
      state: r.state,
      policy: { id: r.policy.id, version: r.policy.version },
      stacks: r.stacks.map((s) => stackStatusResult(s.id, s.kind, s.status, s.deadline, s.optimal)),
    })),
    skipped: report.skipped,
  };
}

/** One stack of a status report, its keys in the report's order (`deadline` only when set). */
function stackStatusResult(id: string, kind: StackResult["kind"], status: StackStatus, deadline: string | undefined, optimal: boolean): StackStatusResult {
  return deadline !== undefined ? { id, kind, status, deadline, optimal } : { id, kind, status, optimal };
}

/** Conditions evaluated synchronously, each once per date it is asked on. */
function syncConditions(ctx: ConditionSetup): ConditionEvaluator {
  return perDate(ctx, evaluateCondition);
}

/**
 * Conditions as the status path asks them: whether each holds, once per date, with no trace
 * built (a status never shows one). Each answer is one of two shared traces that carry only the
 * result.
 */
function statusConditions(ctx: ConditionSetup): ConditionEvaluator {
  const holds = perDate(ctx, conditionHolds);
  return (condition, on) => (holds(condition, on) ? HOLDS : FAILS);
}

/**
 * Each condition's answer worked out once per date it is asked on: the as-of date, or, inside a
 * school year's copy of a pool, a date in that year.
 */
function perDate<T>(ctx: ConditionSetup, answer: (condition: Condition, facts: Facts) => T): (condition: Condition, on?: string) => T {
  const onAsOf = new Map<Condition, T>();
  const onOtherDates = new Map<string, Map<Condition, T>>();
  return (condition, on = ctx.asOf) => {
    let memo = onAsOf;
    if (on !== ctx.asOf) {
      let onDate = onOtherDates.get(on);
      if (!onDate) onOtherDates.set(on, (onDate = new Map()));
      memo = onDate;
    }
    let known = memo.get(condition);
    if (known === undefined) {
      known = answer(condition, ctx.factsOn(on));
      memo.set(condition, known);
    }
    return known;
  };
}

/**
 * The traces of the status path: a result, no leaves. Only their `result` is read; they never
 * reach a report (a status report has no traces) nor anything that reads a trace's leaves.
 */
const HOLDS: ConditionTrace = Object.freeze({ all: Object.freeze([]) as unknown as ConditionTrace[], result: true });
const FAILS: ConditionTrace = Object.freeze({ all: Object.freeze([]) as unknown as ConditionTrace[], result: false });

/** What a condition evaluator is built from, per policy. */
export interface ConditionSetup {
  readonly policy: CompiledPolicy;
  /** The as-of date of the evaluation. */
  readonly asOf: string;
  /** The facts as they stood on a date (the as-of date, or a date inside a school year). */
  readonly factsOn: (date: string) => Facts;
}

/** Evaluates one selected policy for a record: to its full result, or to its statuses. */
type PolicyRun<T> = (
  record: EducatorRecord,
  selected: SelectedPolicy,
  license: License | undefined,
  asOf: string,
  condition: ConditionEvaluator,
  budget: number | undefined,
) => T;

/** The shared body of `evaluate` and `evaluateAsync`: only how conditions are evaluated differs. */
export function evaluateWith(
  input: EducatorRecordInput | EducatorRecord,
  policies: PolicyLike | readonly PolicyLike[],
  options: EvaluateOptions,
  conditions: (setup: ConditionSetup) => ConditionEvaluator,
  asyncFacts?: ReadonlySet<string>,
): Report {
  const { record, asOf, results, skipped } = runPolicies(input, policies, options, conditions, asyncFacts, evaluatePolicy);
  const report: Report = { credstack: 1, record: record.id, asOf, results, skipped };
  // reviewers' exceptions apply on top of the optimal placement, each to its own stack
  return record.exceptions !== undefined && record.exceptions.length > 0 ? applyExceptions(report, record.exceptions) : report;
}

/** Checks the options, selects the policy versions and runs each one for the record. */
function runPolicies<T>(
  input: EducatorRecordInput | EducatorRecord,
  policies: PolicyLike | readonly PolicyLike[],
  options: EvaluateOptions,
  conditions: (setup: ConditionSetup) => ConditionEvaluator,
  asyncFacts: ReadonlySet<string> | undefined,
  each: PolicyRun<T>,
) {
  const asOf = checkOptions(options, asyncFacts !== undefined);
  const record = parseRecord(input);
  const { selected, skipped } = prepare(record, policies, options, asOf);
  const results = selected.map((s) => {
    const license = selectLicense(record, s.policy);
    const factsOn = factsByDate((date) => buildFacts({ record, license, state: s.policy.state, asOf: date }, options.facts, s.policy.factDefaults));
    // every fact the policy names must exist, whether or not this record reaches its condition
    for (const name of s.policy.factNames) if (!factsOn(asOf).has(name) && !asyncFacts?.has(name)) throw unknownFact(name);
    return each(record, s, license, asOf, conditions({ policy: s.policy, asOf, factsOn }), options.budget);
  });
  return { record, asOf, results, skipped };
}

/** The options, checked before the record: the as-of date, the budget, the states and facts (unless async). Returns the as-of date. */
function checkOptions(options: EvaluateOptions, asyncFacts = false): string {
  const asOf = checkAsOf(options?.asOf);
  checkBudget(options.budget);
  if (!asyncFacts) checkStatesAndFacts(options);
  return asOf;
}

/** Facts built once per date they are asked for. */
export function factsByDate(build: (date: string) => Facts): (date: string) => Facts {
  const byDate = new Map<string, Facts>();
  return (date) => {
    let facts = byDate.get(date);
    if (!facts) byDate.set(date, (facts = build(date)));
    return facts;
  };
}

/** Compiles, filters by state and selects versions: the part of evaluation before any condition. */
export function prepare(
  record: EducatorRecord,
  policies: PolicyLike | readonly PolicyLike[],
  options: Pick<EvaluateOptions, "states">,
  asOf: string,
) {
  return selectVersions(familiesOf(policies, options.states, toCompiled), record, asOf);
}

const evaluatePolicy: PolicyRun<StateResult> = (record, selected, license, asOf, condition, budget) => {
  const policy = selected.policy;
  const raw = policy.policy;
  const screening = screenCredentials(record.credentials, policy, asOf, (c) => condition(c).result);
  const statuses = new Map<string, StackStatus>();
  const consumed = new Map<string, string>();
  const outcomes = new Map<string, StackOutcome>();
  const consumedBefore = new Map<string, Map<string, string>>();
  const order = policy.evaluationOrder;
  const position = new Map(order.map((s, k) => [s.id, k]));
  const run = (stack: (typeof policy.stacks)[number], taken: ReadonlyMap<string, string>) => {
    const demand = demandAfter(policy, position.get(stack.id)!);
    const outcome = evaluateStack(stack, { policy, asOf, license, condition, recognized: screening.recognized, consumed: taken, statuses, budget, demand });
    outcome.result.explanation.push(...explainStack(outcome.result, policy.unitName));
    return outcome;
  };
  for (const stack of policy.evaluationOrder) {
    consumedBefore.set(stack.id, new Map(consumed));
    const outcome = run(stack, consumed);
    statuses.set(stack.id, outcome.result.status);
    outcomes.set(stack.id, outcome);
    if (stack.exclusive && outcome.result.status === "met") {
      for (const id of outcome.determining) if (!consumed.has(id)) consumed.set(id, stack.id);
    }
  }
  // a met exclusive stack keeps only what it needs: credentials it did not need and a later
  // exclusive stack placed leave it (its status cannot change: its determining set stays).
  // Last stack first, so each one sees where the later ones finally placed things.
  [...order.entries()].reverse().forEach(([k, stack]) => {
    if (!stack.exclusive || outcomes.get(stack.id)!.result.status !== "met") return;
    const mine = new Set(outcomes.get(stack.id)!.placements.map((p) => p.credential));
    const takenLater = new Map<string, string>();
    for (const later of order.slice(k + 1)) {
      if (!later.exclusive) continue;
      for (const p of outcomes.get(later.id)!.placements) if (mine.has(p.credential) && !takenLater.has(p.credential)) takenLater.set(p.credential, later.id);
    }
    if (takenLater.size === 0) return;
    outcomes.set(stack.id, run(stack, new Map([...consumedBefore.get(stack.id)!, ...takenLater])));
  });
  const stacks: StackResult[] = policy.stacks.map((s) => outcomes.get(s.id)!.result);

  // what happened to each credential
  const recognizedById = new Map(screening.recognized.map((c) => [c.id, c]));
  const credentialIds = [...record.credentials].map((c) => c.id).sort();
  const titles = new Map(record.credentials.map((c) => [c.id, c.title]));
  // each credential's placements, notes and cuts, in the order of the policy's stacks, gathered once
  const byCredential = new Map<string, { placements: CredentialResult["placements"]; notes: { note: StackNote; stack: string }[]; capped: { message: string; stack: string }[] }>();
  const entryOf = (id: string) => {
    let entry = byCredential.get(id);
    if (!entry) byCredential.set(id, (entry = { placements: [], notes: [], capped: [] }));
    return entry;
  };
  for (const s of policy.stacks) {
    const outcome = outcomes.get(s.id)!;
    for (const p of outcome.placements) entryOf(p.credential).placements.push({ stack: s.id, requirement: p.requirement, amount: p.amount });
    for (const n of outcome.notes) entryOf(n.credential).notes.push({ note: n, stack: s.id });
    for (const c of outcome.capped) entryOf(c.credential).capped.push({ message: c.message, stack: s.id });
  }
  const credentials: CredentialResult[] = credentialIds.map((id) => {
    const rejected = screening.rejected.get(id);
    const title = titles.get(id)!;
    if (rejected) return { id, title, status: "rejected", placements: [], reasons: [{ code: rejected.code, message: rejected.message }] };
    const rc = recognizedById.get(id)!;
    const entry = byCredential.get(id);
    const placements = entry?.placements ?? [];
    const notes = entry?.notes ?? [];
    const reasons: CredentialResult["reasons"] = notes.map(({ note, stack }) => ({ code: note.code, message: note.message, stack }));
    for (const c of entry?.capped ?? []) reasons.push({ code: "capped", message: c.message, stack: c.stack });
    if (rc.uncapped) {
      reasons.push({ code: "capped", message: `Rule '${rc.rule.id}' caps it at ${formatRational(rc.value)} (worth ${formatRational(rc.uncapped)}).` });
    }
    // a cut by a recognition rule's own cap does not explain why it was placed nowhere
    if (placements.length === 0 && notes.length === 0 && reasons.every((r) => r.stack === undefined)) {
      reasons.push({ code: "no_matching_requirement", message: "It is recognized, but no requirement evaluated for this educator accepts it." });
    }
    // placed nowhere: unused when a stack could take it but did not need it; rejected when every
    // stack it fits refused it for reasons of its own (outside the window, taken, cut to nothing)
    const status =
      placements.length > 0 ? "counted" : notes.some((n) => n.note.code === "not_needed") || reasons.some((r) => r.code === "no_matching_requirement") ? "unused" : "rejected";
    return {
      id,
      title,
      status,
      value: rc.countOnly ? { amount: "1", unit: "credentials" } : { amount: formatRational(rc.value), unit: policy.unit },
      recognizedBy: rc.rule.id,
      placements,
      reasons,
    };
  });

  return {
    state: policy.state,
    policy: {
      id: policy.id,
      version: policy.version,
      title: raw.title,
      status: raw.status ?? "adopted",
      effective: { from: raw.effective.from, ...(raw.effective.to !== undefined ? { to: raw.effective.to } : {}) },
      selectedBy: { key: selected.key, date: selected.date },
      ...(policy.source !== undefined ? { file: policy.source } : {}),
    },
    unit: { id: policy.unit, label: policy.unitLabel },
    ...(license
      ? {
          license: {
            type: license.type,
            ...(license.role !== undefined ? { role: license.role } : {}),
            ...(license.grade_band !== undefined ? { grade_band: license.grade_band } : {}),
            issued: license.issued,
            ...(license.expires !== undefined ? { expires: license.expires } : {}),
          },
        }
      : {}),
    stacks,
    credentials,
    warnings: warningsFor(
      policy,
      selected,
      license !== undefined,
      policy.stacks.map((s) => outcomes.get(s.id)!),
      screening.recognized,
    ),
    sources: raw.sources.map((s) => ({ id: s.id, url: s.url, ...(s.title !== undefined ? { title: s.title } : {}) })),
  };
};

/** How many exclusive stacks after each one in the evaluation order could count a credential. */
function demandAfter(policy: CompiledPolicy, k: number) {
  const later = policy.evaluationOrder.slice(k + 1).filter((s) => s.exclusive);
  // asked for every candidate of every stack: a count, no array per call
  return (c: RecognizedCredential) => {
    let n = 0;
    for (const s of later) if (s.pools.some((p) => p.from(c))) n++;
    return n;
  };
}

/** One policy's statuses: the stacks in evaluation order, each consuming what it determined. */
const statusOfPolicy: PolicyRun<StateStatus> = (record, selected, license, asOf, condition, budget) => {
  const policy = selected.policy;
  const recognized = recognizeCredentials(record.credentials, policy, asOf, (c) => condition(c).result);
  const statuses = new Map<string, StackStatus>();
  const consumed = new Map<string, string>();
  const outcomes = new Map<string, StackStatusOutcome>();
  policy.evaluationOrder.forEach((stack, k) => {
    const outcome = evaluateStackStatus(stack, {
      policy,
      asOf,
      license,
      condition,
      recognized,
      consumed,
      statuses,
      budget,
      demand: demandAfter(policy, k),
    });
    statuses.set(stack.id, outcome.status);
    outcomes.set(stack.id, outcome);
    if (stack.exclusive && outcome.status === "met") {
      for (const id of outcome.determining) if (!consumed.has(id)) consumed.set(id, stack.id);
    }
  });
  return {
    state: policy.state,
    policy: { id: policy.id, version: policy.version },
    stacks: policy.stacks.map((s) => {
      const o = outcomes.get(s.id)!;
      return stackStatusResult(s.id, s.kind, o.status, o.deadline, o.optimal);
    }),
  };
};

function warningsFor(
  policy: CompiledPolicy,
  selected: SelectedPolicy,
  license: boolean,
  outcomes: readonly StackOutcome[],
  recognized: readonly RecognizedCredential[],
): Warning[] {
  const warnings: Warning[] = [];
  const status = policy.policy.status ?? "adopted";
  if (status !== "adopted") {
    warnings.push({ code: `policy_${status}`, message: `This policy is ${status}, not adopted: results show what it would mean.`, origin: policy.ref.origin });
  }
  if (selected.fallback) warnings.push({ code: "version_selected_by_as_of", message: selected.fallback });
  // every assumption a result rests on, once, in the order first met: the policy's own, the
  // values of the credentials it recognized, then each stack's route taken
  const seen = new Map<string, Warning["origin"]>();
  const note = (ref: { assumptions: readonly string[]; origin: Warning["origin"] } | undefined) => {
    if (ref) for (const id of ref.assumptions) if (!seen.has(id)) seen.set(id, ref.origin);
  };
  note(policy.ref);
  note(policy.unitRef);
  if (license) note(policy.licenseRef);
  for (const c of recognized) {
    note(c.rule.ref);
    for (const i of c.via) note(policy.conversionRefs[i]);
    if (c.catalogEntry !== undefined) note(policy.catalog.get(c.catalogEntry)?.ref);
  }
  for (const o of outcomes) for (const [id, origin] of o.assumptions) if (!seen.has(id)) seen.set(id, origin);
  for (const [id, origin] of seen) {
    const a = policy.assumption(id);
    if (!a) continue;
    warnings.push({ code: "assumption", message: `Assumption '${id}': ${a.text} Reason: ${a.reason}`, ...(origin ? { origin } : {}) });
  }
  return warnings;
}
