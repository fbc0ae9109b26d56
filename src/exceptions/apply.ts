/**
 * Reviewers' exceptions, applied on top of the optimal placement: a waiver (whole, or a smaller
 * amount), a substitute or forced credential placed on a requirement, an unrecognized credential
 * accepted there. Each changes one stack of one state only; the statuses above the requirement
 * are recomputed by the same rules as the evaluation (a pool is met when it and its categories
 * reach their minimums; `all` when every applicable child is met; `any` when `need` are), and
 * every exception on the record is reported, applied or not, with its author and reason.
 */
import { explainStack } from "../explain/summarize.js";
import { formatRational, toRational, ZERO, type Rational } from "../quantity/rational.js";
import type { ReviewerException } from "../schema/record.js";
import type { Report, RequirementResult, StackResult, StateResult } from "../schema/report.js";

type ExceptionOutcome = NonNullable<Report["exceptions"]>[number];
type Applied = NonNullable<StackResult["exceptions"]>[number];

/**
 * Applies a record's exceptions to a report (returns a new report; the input is not changed).
 * `evaluate` calls it for you when the record carries exceptions.
 *
 * @example
 * const report = applyExceptions(evaluate(record, policies, { asOf }), record.exceptions);
 * report.exceptions[0] //=> { id: "x-1", status: "applied", message: "Waived 'credits': it counts as met.", ... }
 */
export function applyExceptions(report: Report, exceptions: readonly ReviewerException[]): Report {
  const results: StateResult[] = structuredClone(report.results);
  const outcomes: ExceptionOutcome[] = [];
  const ordered = [...exceptions].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const touched = new Set<StackResult>();
  for (const e of ordered) {
    const head = { id: e.id, kind: e.kind, author: e.author, date: e.date, reason: e.reason, state: e.state, stack: e.stack, requirement: e.requirement };
    const inState = results.filter((r) => r.state === e.state && (e.policy === undefined || r.policy.id === e.policy));
    if (inState.length === 0) {
      outcomes.push({ ...head, status: "not_evaluated", message: `No ${e.policy ?? e.state} policy is in this report.`, policies: [] });
      continue;
    }
    const withStack = inState.filter((r) => r.stacks.some((s) => s.id === e.stack));
    const names = (rs: readonly StateResult[]) => rs.map((r) => `${r.policy.id}@${r.policy.version}`);
    if (withStack.length === 0) {
      outcomes.push({ ...head, status: "not_applicable", message: `No stack '${e.stack}' in ${names(inState).join(", ")}: the exception no longer applies.`, policies: names(inState) });
      continue;
    }
    if (e.date > report.asOf) {
      outcomes.push({ ...head, status: "not_applicable", message: `Granted on ${e.date}, after the as-of date ${report.asOf}.`, policies: names(withStack) });
      continue;
    }
    const messages: string[] = [];
    let applied = false;
    for (const r of withStack) {
      const stack = r.stacks.find((s) => s.id === e.stack)!;
      const outcome = applyOne(r, stack, e);
      messages.push(withStack.length > 1 ? `${r.policy.id}: ${outcome.message}` : outcome.message);
      if (outcome.applied) {
        applied = true;
        touched.add(stack);
        const entry: Applied = {
          id: e.id,
          kind: e.kind,
          author: e.author,
          date: e.date,
          reason: e.reason,
          requirement: e.requirement,
          ...("credential" in e ? { credential: e.credential } : {}),
          effect: outcome.message,
        };
        stack.exceptions = [...(stack.exceptions ?? []), entry];
      }
    }
    outcomes.push({ ...head, status: applied ? "applied" : "not_applicable", message: messages.join(" "), policies: names(withStack) });
  }
  for (const r of results) {
    const label = (unit: string) => (unit === r.unit.id ? r.unit.label : unit);
    for (const s of r.stacks) {
      if (!touched.has(s)) continue;
      s.explanation = [...explainStack({ ...s, explanation: [] }, label), ...(s.exceptions ?? []).map(exceptionLine)];
    }
  }
  return { ...report, results, exceptions: outcomes };
}

/** The line an exception adds to its stack's explanation. */
export function exceptionLine(x: Applied): string {
  return `Exception ${x.id} (${x.kind}, by ${x.author} on ${x.date}): ${x.effect} Reason: ${x.reason}`;
}

interface Located {
  readonly node: RequirementResult;
  /** From the root down to the node's parent. */
  readonly ancestors: readonly RequirementResult[];
}

function locate(roots: readonly RequirementResult[], path: string): Located | undefined {
  const ids = path.split("/");
  let level: readonly RequirementResult[] = roots;
  const ancestors: RequirementResult[] = [];
  for (const [i, id] of ids.entries()) {
    const node = level.find((n) => n.id === id);
    if (!node) return undefined;
    if (i === ids.length - 1) return { node, ancestors };
    ancestors.push(node);
    level = node.children ?? [];
  }
  return undefined;
}

function applyOne(r: StateResult, stack: StackResult, e: ReviewerException): { applied: boolean; message: string } {
  if (stack.status === "not_evaluated") return { applied: false, message: `'${stack.id}' is not evaluated (${stack.reason ?? "no reason given"}); nothing to change.` };
  if (stack.exemption) return { applied: false, message: `'${stack.id}' is met by the exemption '${stack.exemption.id}'; nothing to change.` };
  if (e.requirement === "prerequisites") {
    if (e.kind !== "waive") return { applied: false, message: "Only a waiver applies to the prerequisites." };
    if (stack.status !== "not_eligible") return { applied: false, message: `The prerequisites of '${stack.id}' already hold; nothing to waive.` };
    stack.status = "not_met";
    delete stack.reason;
    settleStack(stack, undefined);
    return { applied: true, message: `Waived the prerequisites of '${stack.id}'.` };
  }
  const found = locate(stack.requirements, e.requirement);
  if (!found) return { applied: false, message: `No requirement '${e.requirement}' in '${stack.id}' of ${r.policy.id}@${r.policy.version}: the exception no longer applies.` };
  const { node, ancestors } = found;
  if (node.status === "not_applicable") return { applied: false, message: `'${e.requirement}' does not apply to this educator.` };
  const pool = node.type === "category" ? ancestors[ancestors.length - 1] : node;
  const amounts = node.type === "credit" || node.type === "count" || node.type === "category";

  if (e.kind === "waive") {
    if (e.required !== undefined) {
      if (!amounts || !node.required) return { applied: false, message: `'${e.requirement}' has no amount to change; waive it whole.` };
      const was = node.required.amount;
      node.required = { ...node.required, amount: formatRational(toRational(e.required)) };
      settle(node);
      settleChain(ancestors);
      settleStack(stack, e.requirement);
      return { applied: true, message: `'${e.requirement}' needs ${unitText(node.required.amount, node.required.unit)} instead of ${was}.` };
    }
    node.status = "met";
    if (amounts) delete node.gap;
    settleChain(ancestors);
    settleStack(stack, e.requirement);
    return { applied: true, message: `Waived '${e.requirement}': it counts as met.` };
  }

  // substitute, force, accept: a credential placed on a pool or a category
  if (!amounts || !pool || !node.required) return { applied: false, message: `'${e.requirement}' is not a pool or category a credential can be placed on.` };
  const cred = r.credentials.find((c) => c.id === e.credential);
  if (!cred) return { applied: false, message: `The record has no credential '${e.credential}'.` };
  if (e.kind === "force" && cred.recognizedBy === undefined) {
    return { applied: false, message: `'${e.credential}' is not recognized by ${r.policy.id}@${r.policy.version}; accept it instead.` };
  }
  const count = node.required.unit === "credentials";
  let amount: Rational;
  if (e.amount !== undefined) amount = toRational(e.amount);
  else if (count) amount = toRational(1);
  else if (e.kind !== "accept" && cred.value && cred.value.unit === node.required.unit) amount = toRational(cred.value.amount);
  else return { applied: false, message: `'${e.credential}' has no value in ${node.required.unit} under this policy; give the amount it counts.` };
  // it leaves wherever the placement had put it in this stack
  for (const p of cred.placements.filter((x) => x.stack === stack.id)) {
    const from = locate(stack.requirements, p.requirement);
    if (!from) continue;
    const list = [...from.ancestors, from.node];
    for (const n of list) {
      if (n.placements) n.placements = n.placements.filter((x) => x.credential !== cred.id);
    }
    subtract(from.node, toRational(p.amount));
    if (from.node.type === "category") subtract(from.ancestors[from.ancestors.length - 1]!, toRational(p.amount));
    settle(from.node);
    settleChain(from.ancestors);
  }
  cred.placements = [...cred.placements.filter((x) => x.stack !== stack.id), { stack: stack.id, requirement: e.requirement, amount: formatRational(amount) }];
  if (cred.status !== "counted") cred.status = "counted";
  node.placements = [...(node.placements ?? []), { credential: cred.id, amount: formatRational(amount) }];
  add(node, amount);
  if (node.type === "category") add(pool, amount);
  settle(node);
  if (node.type === "category") settle(pool);
  settleChain(ancestors);
  if (!stack.credentials.includes(cred.id)) stack.credentials = [...stack.credentials, cred.id].sort();
  settleStack(stack, undefined);
  if (stack.status === "met" && !stack.determinedBy.credentials.includes(cred.id)) {
    stack.determinedBy = { ...stack.determinedBy, credentials: [...stack.determinedBy.credentials, cred.id].sort() };
  }
  const verb = e.kind === "substitute" ? `stands in for '${e.for}'` : e.kind === "accept" ? "is accepted" : "is placed";
  return { applied: true, message: `'${cred.id}' ${verb} on '${e.requirement}', counting ${unitText(formatRational(amount), node.required.unit)}.` };
}

function add(n: RequirementResult, amount: Rational): void {
  if (!n.required) return;
  const have = n.counted ? toRational(n.counted.amount) : ZERO;
  n.counted = { amount: formatRational(have.add(amount)), unit: n.required.unit };
}

function subtract(n: RequirementResult, amount: Rational): void {
  if (!n.counted) return;
  const left = toRational(n.counted.amount).sub(amount);
  n.counted = { ...n.counted, amount: formatRational(left.compare(0) < 0 ? ZERO : left) };
}

/** A pool's or category's status and gap from its amounts (and its categories). */
function settle(n: RequirementResult): void {
  if (n.status === "not_applicable" || !n.required || !n.counted) return;
  const need = toRational(n.required.amount);
  const have = toRational(n.counted.amount);
  const short = need.sub(have);
  if (short.compare(0) > 0) n.gap = { amount: formatRational(short), unit: n.required.unit };
  else delete n.gap;
  const categoriesMet = (n.children ?? []).every((c) => c.type !== "category" || c.status !== "not_met");
  n.status = short.compare(0) <= 0 && categoriesMet ? "met" : "not_met";
}

/** Recomputes the statuses of the ancestors, innermost first. */
function settleChain(ancestors: readonly RequirementResult[]): void {
  for (const n of [...ancestors].reverse()) {
    const kids = n.children ?? [];
    if (n.type === "credit" || n.type === "count") settle(n);
    else if (n.type === "all") {
      const applicable = kids.filter((c) => c.status !== "not_applicable");
      n.status = applicable.length === 0 ? "not_applicable" : applicable.every((c) => c.status === "met") ? "met" : "not_met";
    } else if (n.type === "any") {
      const met = kids.filter((c) => c.status === "met");
      if (met.length >= (n.need ?? 1)) {
        n.status = "met";
        n.chosen = [...new Set([...(n.chosen ?? []).filter((id) => met.some((c) => c.id === id)), ...met.map((c) => c.id)])].slice(0, Math.max(n.need ?? 1, (n.chosen ?? []).length));
      } else if (n.status !== "not_applicable") n.status = "not_met";
    }
  }
}

/** The stack's status and gaps after a change. */
function settleStack(stack: StackResult, waived: string | undefined): void {
  if (stack.status === "not_eligible") return;
  const applicable = stack.requirements.filter((r) => r.status !== "not_applicable");
  stack.status = applicable.every((r) => r.status === "met") ? "met" : "not_met";
  if (stack.status === "met") {
    stack.gaps = [];
    return;
  }
  const gaps = stack.gaps.filter((g) => g.requirement !== "prerequisites" && (waived === undefined || (g.requirement !== waived && !g.requirement.startsWith(`${waived}/`))));
  stack.gaps = gaps.flatMap((g) => {
    const found = locate(stack.requirements, g.requirement);
    if (!found) return [g];
    if (found.node.status === "met") return [];
    if (g.missing && found.node.gap) return [{ ...g, missing: found.node.gap }];
    return [g];
  });
}

function unitText(amount: string, unit: string): string {
  return amount === "1" && unit.endsWith("s") ? `1 ${unit.slice(0, -1)}` : `${amount} ${unit}`;
}
