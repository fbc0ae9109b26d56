/**
 * Expiring credit: credentials that count in a stack today and no longer on its deadline (or a
 * later date), because they fall out of a rolling window or a recency rule, or expire; and the
 * status the stack would have on that date with the record as it stands.
 */
import { checkAsOf, evaluate, toCompiled, type PolicyLike } from "../evaluate/evaluate.js";
import type { CompiledPolicy } from "../policy/compile.js";
import { parseRecord } from "../record/parse.js";
import type { FactValue } from "../schema/condition.js";
import type { ExpiringCredential, ExpiringReport, ExpiringStack } from "../schema/plan.js";
import type { EducatorRecord, EducatorRecordInput } from "../schema/record.js";
import type { Report, StackResult, StateResult } from "../schema/report.js";
import { isIsoDate } from "../dates/index.js";
import { EvaluationError } from "../errors/errors.js";
import { createIssue } from "../errors/issue.js";

/** Options for `expiringCredit`. */
export interface ExpiringOptions {
  /** Today, `YYYY-MM-DD`. */
  readonly asOf: string;
  /** The later date to look at; default: each stack's own deadline. */
  readonly until?: string | undefined;
  /** Only these states. */
  readonly states?: readonly string[] | undefined;
  readonly facts?: Readonly<Record<string, FactValue>> | undefined;
}

/**
 * For every stack with a later date to look at (its deadline, or `until`), the credentials it
 * counts today that it no longer counts then, with the reason, and its status on that date.
 * Stacks that lose nothing and keep their status are left out.
 *
 * @example
 * const report = expiringCredit(record, policies, { asOf: "2026-11-24", until: "2027-06-30" });
 * report.stacks[0].credentials[0].reason.code //=> "outside_window"
 */
export function expiringCredit(input: EducatorRecordInput | EducatorRecord, policies: PolicyLike | readonly PolicyLike[], options: ExpiringOptions): ExpiringReport {
  const asOf = checkAsOf(options?.asOf);
  if (options.until !== undefined && !isIsoDate(options.until)) {
    throw new EvaluationError([createIssue("invalid_as_of", `The date ${JSON.stringify(options.until)} is not a date written YYYY-MM-DD.`, ["until"])]);
  }
  const record = parseRecord(input);
  const compiled = (Array.isArray(policies) ? policies : [policies as PolicyLike]).map(toCompiled);
  const today = evaluate(record, compiled, { asOf, states: options.states, facts: options.facts });
  const later = new Map<string, Report>();
  const on = (date: string) => {
    let r = later.get(date);
    if (!r) later.set(date, (r = evaluate(record, compiled, { asOf: date, states: options.states, facts: options.facts })));
    return r;
  };
  const stacks: ExpiringStack[] = [];
  for (const result of today.results) {
    for (const stack of result.stacks) {
      const date = options.until ?? stack.deadline;
      if (date === undefined || date <= asOf) continue;
      const then = on(date).results.find((r) => r.policy.id === result.policy.id);
      const entry = compare(result, stack, then, date);
      if (entry.credentials.length > 0 || entry.now !== entry.then) stacks.push(entry);
    }
  }
  return { credstack: 1, record: record.id, asOf, stacks };
}

/**
 * The expiring credit of one stack of one policy, on the stack's deadline (undefined when it has
 * none after the as-of date). The planner reports it beside a plan.
 */
export function expiringFor(
  record: EducatorRecord,
  policy: CompiledPolicy,
  stack: StackResult,
  options: { asOf: string; facts?: Readonly<Record<string, FactValue>> | undefined },
): ExpiringStack | undefined {
  const date = stack.deadline;
  if (date === undefined || date <= options.asOf) return undefined;
  const today = evaluate(record, [policy], { asOf: options.asOf, facts: options.facts }).results[0];
  const then = evaluate(record, [policy], { asOf: date, facts: options.facts }).results[0];
  if (!today) return undefined;
  return compare(today, stack, then, date);
}

function compare(today: StateResult, stack: StackResult, then: StateResult | undefined, date: string): ExpiringStack {
  const laterStack = then?.stacks.find((s) => s.id === stack.id);
  // a placement of today that is gone on the later date: the credential no longer counts there
  // (out of the window, expired, too old for a recency rule) or counts elsewhere
  const placedThen = new Set((then?.credentials ?? []).flatMap((c) => c.placements.filter((p) => p.stack === stack.id).map((p) => `${c.id}\u0000${p.requirement}`)));
  const credentials: ExpiringCredential[] = [];
  for (const c of today.credentials) {
    const later = then?.credentials.find((x) => x.id === c.id);
    const reason = later?.reasons.find((r) => (r.stack === undefined || r.stack === stack.id) && (r.code === "outside_window" || r.code === "expired"));
    for (const p of c.placements.filter((x) => x.stack === stack.id)) {
      if (placedThen.has(`${c.id}\u0000${p.requirement}`)) continue;
      credentials.push({ id: c.id, title: c.title, requirement: p.requirement, amount: p.amount, ...(reason ? { reason: { code: reason.code, message: reason.message } } : {}) });
    }
  }
  return {
    state: today.state,
    policy: `${today.policy.id}@${today.policy.version}`,
    stack: stack.id,
    title: stack.title,
    on: date,
    now: stack.status,
    then: laterStack?.status ?? "not_evaluated",
    credentials,
  };
}
