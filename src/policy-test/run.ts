/**
 * Running policy tests: each case evaluates a record and checks the statuses, amounts, gaps and
 * reasons it expects; coverage says which policy versions, stacks, variants, exemptions,
 * requirements and limits no case exercised. Pure: records arrive already loaded.
 */
import { isCredstackError } from "../errors/errors.js";
import { evaluate, toCompiled, type PolicyLike } from "../evaluate/evaluate.js";
import type { CompiledNode, CompiledPolicy } from "../policy/compile.js";
import { toRational } from "../quantity/rational.js";
import type { EducatorRecordInput } from "../schema/record.js";
import type { CredentialExpectation, PolicyTestCase, PolicyTestSuite, SkippedExpectation, StackExpectation } from "../schema/policy-test.js";
import type { Report, RequirementResult, StackResult, StateResult } from "../schema/report.js";

/** A suite to run, with a way to load the records its cases name by path. */
export interface PolicyTestInput {
  readonly suite: PolicyTestSuite;
  /** Where the suite came from (a file), for messages. */
  readonly source?: string;
  /** Loads a record named by path in a case (relative to the suite's file). */
  readonly loadRecord?: (path: string) => EducatorRecordInput;
}

/** The outcome of one case. */
export interface PolicyTestCaseResult {
  readonly suite: string;
  readonly case: string;
  readonly passed: boolean;
  readonly failures: readonly string[];
}

/** One thing coverage counts: a policy version, stack, variant, exemption, requirement or limit. */
export interface CoverageItem {
  readonly policy: string;
  readonly kind: "version" | "stack" | "variant" | "exemption" | "requirement" | "limit";
  /** Its path in the policy, e.g. stacks[0].variants[1].requirements[0]. */
  readonly path: string;
  readonly label: string;
  readonly covered: boolean;
}

/** The outcome of a run. */
export interface PolicyTestRun {
  readonly cases: readonly PolicyTestCaseResult[];
  readonly passed: number;
  readonly failed: number;
  readonly coverage: { readonly items: readonly CoverageItem[]; readonly covered: number; readonly total: number; readonly percent: number };
}

const same = (a: string, b: string) => {
  try {
    return toRational(a).equals(toRational(b));
  } catch {
    return a === b;
  }
};

/** Every requirement of a stack result on the route taken, by path (ids joined by '/'). */
function routeRequirements(stack: StackResult): Map<string, RequirementResult> {
  const out = new Map<string, RequirementResult>();
  const walk = (r: RequirementResult, parent: string, live: boolean) => {
    const path = parent === "" ? r.id : `${parent}/${r.id}`;
    if (live) out.set(path, r);
    for (const c of r.children ?? []) walk(c, path, live && (r.type !== "any" || (r.chosen ?? []).includes(c.id)));
  };
  for (const r of stack.requirements) walk(r, "", true);
  return out;
}

function findStates(report: Report, e: { state?: string | undefined; policy?: string | undefined }): StateResult[] {
  return report.results.filter((r) => (e.state === undefined || r.state === e.state) && (!("policy" in e) || e.policy === undefined || r.policy.id === e.policy));
}

function checkStack(report: Report, e: StackExpectation): string[] {
  const where = `stack '${e.stack}'${e.state ? ` in ${e.state}` : ""}`;
  const states = findStates(report, e).filter((r) => r.stacks.some((s) => s.id === e.stack));
  if (states.length === 0) return [`${where}: not in the report (states evaluated: ${report.results.map((r) => r.state).join(", ") || "none"})`];
  if (states.length > 1) return [`${where}: found in ${states.length} results; name the state or policy`];
  const result = states[0]!;
  const stack = result.stacks.find((s) => s.id === e.stack)!;
  const failures: string[] = [];
  const expectEq = (what: string, want: unknown, got: unknown) => {
    if (JSON.stringify(want) !== JSON.stringify(got)) failures.push(`${where}: ${what} expected ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
  };
  if (e.version !== undefined) expectEq("policy version", e.version, result.policy.version);
  if (e.status !== undefined) expectEq("status", e.status, stack.status);
  if (e.variant !== undefined) expectEq("variant", e.variant, stack.variant?.id);
  const route = routeRequirements(stack);
  for (const [path, amount] of Object.entries(e.counted ?? {})) {
    const r = route.get(path);
    if (!r) failures.push(`${where}: no requirement '${path}' on the route taken (have ${[...route.keys()].join(", ")})`);
    else if (!r.counted || !same(amount, r.counted.amount)) failures.push(`${where}: counted at '${path}' expected ${amount}, got ${r.counted?.amount ?? "nothing"}`);
  }
  if (e.gaps !== undefined) {
    const got = Object.fromEntries(stack.gaps.filter((g) => g.missing).map((g) => [g.requirement, g.missing!.amount]));
    const keys = new Set([...Object.keys(e.gaps), ...Object.keys(got)]);
    for (const k of [...keys].sort()) {
      const want = e.gaps[k];
      const have = got[k];
      if (want === undefined) failures.push(`${where}: unexpected gap at '${k}' (${have})`);
      else if (have === undefined) failures.push(`${where}: expected a gap of ${want} at '${k}', got none`);
      else if (!same(want, have)) failures.push(`${where}: gap at '${k}' expected ${want}, got ${have}`);
    }
  }
  if (e.credentials !== undefined) expectEq("credentials placed", [...e.credentials].sort(), [...stack.credentials].sort());
  for (const [path, ids] of Object.entries(e.chosen ?? {})) {
    const r = route.get(path);
    expectEq(`alternatives chosen at '${path}'`, ids, r?.chosen);
  }
  return failures;
}

function checkCredential(report: Report, e: CredentialExpectation): string[] {
  const where = `credential '${e.credential}'${e.state ? ` in ${e.state}` : ""}`;
  const states = findStates(report, e);
  if (states.length !== 1) return [`${where}: ${states.length === 0 ? "no state result" : "several state results; name the state or policy"}`];
  const c = states[0]!.credentials.find((x) => x.id === e.credential);
  if (!c) return [`${where}: not on the record`];
  const failures: string[] = [];
  if (e.status !== undefined && c.status !== e.status) failures.push(`${where}: status expected ${e.status}, got ${c.status}`);
  if (e.reason !== undefined && !c.reasons.some((r) => r.code === e.reason)) {
    failures.push(`${where}: expected reason ${e.reason}, got ${c.reasons.map((r) => r.code).join(", ") || "none"}`);
  }
  if (e.value !== undefined && (!c.value || !same(e.value, c.value.amount))) failures.push(`${where}: value expected ${e.value}, got ${c.value?.amount ?? "none"}`);
  return failures;
}

function checkSkipped(report: Report, e: SkippedExpectation): string[] {
  const found = report.skipped.some((s) => s.policy === e.skipped && (e.state === undefined || s.state === e.state));
  if (found) return [];
  const evaluated = report.results.find((r) => r.policy.id === e.skipped);
  return [
    `policy '${e.skipped}': expected to be skipped (no version in force), ${evaluated ? `but version ${evaluated.policy.version} was evaluated` : "but it is not in the report at all"}`,
  ];
}

function runCase(input: PolicyTestInput, c: PolicyTestCase, policies: readonly CompiledPolicy[], seen: Report[]): string[] {
  const suite = input.suite;
  const asOf = c.as_of ?? suite.as_of;
  if (asOf === undefined) return ["no as_of on the case or the suite"];
  let record: EducatorRecordInput;
  if (typeof c.record === "string") {
    if (!input.loadRecord) return [`record '${c.record}' is a path, and no record loader was given`];
    try {
      record = input.loadRecord(c.record);
    } catch (error) {
      return [`record '${c.record}' could not be loaded: ${error instanceof Error ? error.message : String(error)}`];
    }
  } else record = c.record;
  const states = c.states ?? suite.states;
  let report: Report;
  try {
    report = evaluate(record, policies, { asOf, states, facts: c.facts });
  } catch (error) {
    if (c.error !== undefined && isCredstackError(error) && error.code === c.error) return [];
    return [`evaluation failed: ${error instanceof Error ? error.message : String(error)}`];
  }
  if (c.error !== undefined) return [`expected error ${c.error}, but evaluation succeeded`];
  seen.push(report);
  return (c.expect ?? []).flatMap((e) => ("stack" in e ? checkStack(report, e) : "credential" in e ? checkCredential(report, e) : checkSkipped(report, e)));
}

/** Everything coverage counts in a policy, keyed `policy|path`. */
function coverageUniverse(policy: CompiledPolicy): Omit<CoverageItem, "covered">[] {
  const name = `${policy.id}@${policy.version}`;
  const items: Omit<CoverageItem, "covered">[] = [{ policy: name, kind: "version", path: "", label: `${policy.state} ${name}` }];
  const node = (n: CompiledNode) => {
    items.push({ policy: name, kind: "requirement", path: n.ref.origin.path, label: n.title ?? n.id });
    if (n.type === "credit" || n.type === "count") {
      n.categories.forEach((c) => items.push({ policy: name, kind: "requirement", path: c.ref.origin.path, label: c.title ?? c.id }));
      n.limits.forEach((l) => items.push({ policy: name, kind: "limit", path: l.ref.origin.path, label: l.title ?? l.id }));
    }
    if (n.type === "all" || n.type === "any") n.children.forEach(node);
  };
  for (const s of policy.stacks) {
    items.push({ policy: name, kind: "stack", path: s.ref.origin.path, label: s.title });
    s.exemptions.forEach((e) => items.push({ policy: name, kind: "exemption", path: e.ref.origin.path, label: e.title }));
    for (const v of s.variants) {
      if (v.id !== undefined) items.push({ policy: name, kind: "variant", path: v.ref.origin.path, label: v.title ?? v.id });
      v.requirements.forEach(node);
    }
  }
  return items;
}

/** What the reports exercised: versions selected, stacks evaluated, the routes taken, limits that cut. */
function exercised(reports: readonly Report[]): Set<string> {
  const out = new Set<string>();
  for (const report of reports) {
    for (const r of report.results) {
      const name = `${r.policy.id}@${r.policy.version}`;
      out.add(`${name}|`);
      for (const s of r.stacks) {
        if (s.status === "not_evaluated" && !s.exemption) continue;
        out.add(`${name}|${s.origin.path}`);
        for (const rule of s.determinedBy.rules) out.add(`${name}|${rule.path}`);
        const walk = (q: RequirementResult, live: boolean) => {
          if (!live || q.status === "not_applicable") return;
          out.add(`${name}|${q.origin.path}`);
          q.limits?.forEach((l, k) => l.capped.length > 0 && out.add(`${name}|${q.origin.path}.limits[${k}]`));
          for (const c of q.children ?? []) walk(c, q.type !== "any" || (q.chosen ?? []).includes(c.id));
        };
        s.requirements.forEach((q) => walk(q, true));
      }
    }
  }
  return out;
}

/**
 * Runs policy test suites against policies and measures coverage.
 *
 * @example
 * const run = runPolicyTests([{ suite, loadRecord }], policies);
 * run.failed //=> 0
 * run.coverage.percent //=> 100
 */
export function runPolicyTests(inputs: readonly PolicyTestInput[], policies: readonly PolicyLike[]): PolicyTestRun {
  const compiled = policies.map(toCompiled);
  const reports: Report[] = [];
  const cases: PolicyTestCaseResult[] = [];
  for (const input of inputs) {
    for (const c of input.suite.cases) {
      const failures = runCase(input, c, compiled, reports);
      cases.push({ suite: input.suite.name, case: c.name, passed: failures.length === 0, failures });
    }
  }
  const hit = exercised(reports);
  const items = compiled
    .flatMap(coverageUniverse)
    .map((i) => ({ ...i, covered: hit.has(`${i.policy}|${i.path}`) }));
  const covered = items.filter((i) => i.covered).length;
  const passed = cases.filter((c) => c.passed).length;
  return {
    cases,
    passed,
    failed: cases.length - passed,
    coverage: { items, covered, total: items.length, percent: items.length === 0 ? 100 : Math.floor((covered * 10000) / items.length) / 100 },
  };
}

/**
 * Prints a test run: a line per case (failures indented), then coverage and what no case reached.
 *
 * @example
 * renderTestRun(run)
 * //=> "✔ NC renewal › 6-12 with 4 + 4 is met\n…\n21 passed, 0 failed\ncoverage 100% (64 of 64)\n"
 */
export function renderTestRun(run: PolicyTestRun, options: { threshold?: number | undefined } = {}): string {
  const out: string[] = [];
  for (const c of run.cases) {
    out.push(`${c.passed ? "✔" : "✖"} ${c.suite} › ${c.case}`);
    for (const f of c.failures) out.push(`    ${f}`);
  }
  out.push("", `${run.passed} passed, ${run.failed} failed`);
  const { covered, total, percent } = run.coverage;
  out.push(`coverage ${percent}% (${covered} of ${total})${options.threshold !== undefined ? `, threshold ${options.threshold}%` : ""}`);
  const missing = run.coverage.items.filter((i) => !i.covered);
  if (missing.length > 0) {
    out.push("not exercised by any case:");
    for (const m of missing) out.push(`    ${m.policy} ${m.kind} ${m.path || "(version)"}: ${m.label}`);
  }
  return out.join("\n") + "\n";
}
