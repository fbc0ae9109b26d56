/**
 * Plain-language lines for a stack result. Presentation only: reads a result, never recomputes one.
 */
import type { ConditionTrace, RequirementResult, StackResult } from "../schema/report.js";

/** How a unit reads: given a unit id, its label. */
export type UnitLabeler = (unit: string) => string;

function plural(label: string, amount: string): string {
  // labels are singular ("renewal credit"), except the count units ("credentials", "alternatives")
  if (amount === "1") return label.endsWith("s") ? label.slice(0, -1) : label;
  return label.endsWith("s") ? label : `${label}s`;
}

/** Writes an amount with its unit's label, e.g. "0.5 renewal credits". */
export function amountText(amount: string, unit: string, label: UnitLabeler): string {
  return `${amount} ${plural(label(unit), amount)}`;
}

/** Writes an amount still missing, e.g. "0.5 more renewal credits" (amounts are written without spaces). */
function moreText(amount: string, unit: string, label: UnitLabeler): string {
  return `${amount} more ${plural(label(unit), amount)}`;
}

function name(r: { id: string; title?: string | undefined }): string {
  return r.title ?? r.id;
}

/**
 * Describes the failing leaves of a condition trace in words.
 *
 * @example
 * failedLeaves({ fact: "years_experience", operator: "greaterThanInclusive", value: 3, factValue: 2, result: false })
 * //=> ["years_experience is 2, needs greaterThanInclusive 3"]
 */
export function failedLeaves(trace: ConditionTrace): string[] {
  if ("all" in trace) return trace.result ? [] : trace.all.flatMap(failedLeaves);
  if ("any" in trace) return trace.result ? [] : [trace.any.flatMap(failedLeaves).join(" or ")].filter((s) => s !== "");
  if ("not" in trace) return trace.result ? [] : [`not (${describeLeaves(trace.not).join(" and ")})`];
  return trace.result ? [] : [`${trace.fact} is ${JSON.stringify(trace.factValue)}, needs ${trace.operator} ${JSON.stringify(trace.value)}`];
}

function describeLeaves(trace: ConditionTrace): string[] {
  if ("all" in trace) return trace.all.flatMap(describeLeaves);
  if ("any" in trace) return [trace.any.flatMap(describeLeaves).join(" or ")];
  if ("not" in trace) return [`not (${describeLeaves(trace.not).join(" and ")})`];
  return [`${trace.fact} ${trace.operator} ${JSON.stringify(trace.value)}`];
}

function progressLines(r: RequirementResult, label: UnitLabeler, out: string[]): void {
  if (r.status === "not_applicable") return;
  if ((r.type === "credit" || r.type === "count" || r.type === "category") && r.counted && r.required) {
    out.push(`${name(r)}: ${r.counted.amount} of ${amountText(r.required.amount, r.required.unit, label)} counted.`);
  }
  if (r.type === "condition" && r.condition && !r.condition.result) {
    out.push(`${name(r)}: not met (${failedLeaves(r.condition).join("; ")}).`);
  }
  if (r.type === "stack" && r.stack && r.stack.status !== "met") out.push(`${name(r)}: stack '${r.stack.id}' is ${r.stack.status.replace("_", " ")}.`);
  if (r.type === "any") {
    for (const c of r.children ?? []) if (r.chosen?.includes(c.id)) progressLines(c, label, out);
    return;
  }
  for (const c of r.children ?? []) progressLines(c, label, out);
}

/**
 * Explains a stack result in plain language: the status, the route taken, progress on each
 * requirement, and what is still needed by when.
 *
 * @example
 * explainStack(result, (u) => (u === "ceu" ? "renewal credit" : u))
 * //=> ["Renewal (6-12): not met.", "Credits: 8 of 8 renewal credits counted.", ...,
 * //    "Needs 0.5 more renewal credits for Subject (credentials tagged subject) by 2027-06-30."]
 */
export function explainStack(result: StackResult, label: UnitLabeler): string[] {
  const title = `${result.title}${result.variant ? ` (${result.variant.title ?? result.variant.id})` : ""}`;
  const lines: string[] = [];
  if (result.exemption) {
    return [`${title}: met; exempt (${result.exemption.title}).`, citationLine(result)];
  }
  switch (result.status) {
    case "met": {
      const routes = result.requirements.flatMap((r) => (r.type === "any" && r.chosen ? r.chosen : []));
      lines.push(`${title}: met${routes.length > 0 ? ` through ${routes.join(", ")}` : ""}.`);
      break;
    }
    case "not_met":
      lines.push(`${title}: not met.`);
      break;
    case "not_eligible":
      lines.push(`${title}: not eligible; prerequisites not met (${result.prerequisites ? failedLeaves(result.prerequisites).join("; ") : "see prerequisites"}).`);
      break;
    case "not_evaluated":
      lines.push(`${title}: ${result.reason ?? "not evaluated."}`);
      return lines;
  }
  if (result.adoption) lines.push(`This stack is ${result.adoption}, not adopted rule: the result shows what it would mean.`);
  if (result.status === "met" && result.unlocks?.length) lines.push(`Unlocks: ${result.unlocks.join("; ")}.`);
  for (const r of result.requirements) progressLines(r, label, lines);
  for (const g of result.gaps) {
    const by = g.deadline ? ` by ${g.deadline}` : "";
    if (g.missing) {
      lines.push(`Needs ${moreText(g.missing.amount, g.missing.unit, label)} for ${g.title ?? g.requirement}${g.accepts ? ` (${g.accepts})` : ""}${by}.`);
    } else if (g.requirement !== "prerequisites") {
      lines.push(`Needs ${g.title ?? g.requirement}: ${g.needs ?? "to be met"}${by}.`);
    }
  }
  if (result.status !== "met") lines.push(...alternativeLines(result.requirements, label));
  lines.push(citationLine(result));
  return lines;
}

/** For each `any` not met on the route taken: the alternatives not taken, as they would stand alone. */
function alternativeLines(requirements: readonly RequirementResult[], label: UnitLabeler): string[] {
  const out: string[] = [];
  const walk = (r: RequirementResult) => {
    if (r.status === "not_applicable") return;
    if (r.type === "any") {
      for (const c of r.children ?? []) {
        if (r.chosen?.includes(c.id) || c.status === "not_applicable") continue;
        const missing = c.gap ? `needs ${moreText(c.gap.amount, c.gap.unit, label)}` : c.status === "met" ? "met" : "not met";
        out.push(`Or instead: ${name(c)} (${missing}).`);
      }
    }
    for (const c of r.children ?? []) if (r.type !== "any" || r.chosen?.includes(c.id)) walk(c);
  };
  requirements.forEach(walk);
  return out;
}

/** The rule that decided (the variant, or the stack) and the sources of the route taken. */
function citationLine(result: StackResult): string {
  const sources = new Set<string>();
  const walk = (r: RequirementResult) => {
    if (r.status === "not_applicable") return;
    r.sources.forEach((s) => sources.add(s));
    for (const c of r.children ?? []) if (r.type !== "any" || (r.chosen ?? []).includes(c.id)) walk(c);
  };
  result.requirements.forEach(walk);
  if (sources.size === 0) result.sources.forEach((s) => sources.add(s));
  const rule = result.exemption || result.variant ? (result.determinedBy.rules[1] ?? result.origin) : result.origin;
  const where = `${rule.file ?? rule.policy}${rule.line !== undefined ? `:${rule.line}` : ""} (${rule.path})`;
  return `Rule ${where}; sources: ${[...sources].join(", ") || "none cited"}.`;
}
