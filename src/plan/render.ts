/**
 * Plans, expiring credit and report differences as text for people. Pure: data in, a string out.
 */
import type { ExpiringReport, Plan, ReportDiff } from "../schema/plan.js";

const status = (s: string | undefined) => (s === undefined ? "absent" : s.replace("_", " "));
const amount = (value: string, unit: string) => `${value} ${value === "1" && unit.endsWith("s") ? unit.slice(0, -1) : unit}`;

/**
 * Renders a plan as text.
 *
 * @example
 * renderPlan(p)
 * //=> "Plan for wy-cs-one-short · WY wy-cs@2020-07-01 · as of 2026-11-24\n…"
 */
export function renderPlan(p: Plan): string {
  const out = [`Plan for ${p.record} · ${p.state} ${p.policy.id}@${p.policy.version} · as of ${p.asOf}`, `Stack ${p.stack.id}: ${p.stack.title} (${p.stack.kind})`, ""];
  if (p.gaps.length > 0) {
    out.push("Missing today:");
    for (const g of p.gaps) {
      const what = g.missing ? amount(g.missing.amount, g.missing.unit) : g.needs ?? "";
      out.push(`  - ${g.title ?? g.requirement}: ${what}${g.accepts ? ` (${g.accepts})` : ""}${g.deadline ? ` by ${g.deadline}` : ""}`);
    }
    out.push("");
  }
  out.push(...p.explanation);
  if (p.remaining && p.remaining.length > 0) {
    out.push("", "Still missing with every useful catalog item:");
    for (const g of p.remaining) out.push(`  - ${g.title ?? g.requirement}: ${g.missing ? amount(g.missing.amount, g.missing.unit) : g.needs ?? ""}`);
  }
  const s = p.search;
  out.push("", `Searched ${s.usefulItems} useful of ${s.catalogItems} catalog items (${s.classes} classes): ${s.nodes} nodes, ${s.evaluations} evaluations, budget ${s.budget}.`);
  return out.join("\n") + "\n";
}

/**
 * Renders the difference between two reports.
 *
 * @example
 * renderDiff(diff) //=> "What-if for wy-cs-one-short: as of 2026-11-24 (WY) → as of 2026-11-24 (WY)\n…"
 */
export function renderDiff(d: ReportDiff): string {
  const side = (x: ReportDiff["before"]) => `as of ${x.asOf} (${x.states.join(", ") || "no state"})`;
  const out = [`What-if for ${d.record}: ${side(d.before)} → ${side(d.after)}`, ""];
  if (d.changed.length === 0) out.push("No stack changes.");
  for (const c of d.changed) {
    const versions = c.versions.before !== c.versions.after ? ` [${c.versions.before ?? "–"} → ${c.versions.after ?? "–"}]` : "";
    out.push(`${c.state} ${c.policy}/${c.stack}: ${status(c.before)} → ${status(c.after)}${versions}  ${c.title}`);
    for (const p of c.added) out.push(`    + ${p.credential} → ${p.requirement} (${p.amount})`);
    for (const p of c.removed) out.push(`    - ${p.credential} ✗ ${p.requirement} (${p.amount})`);
    const gap = (g: ReportDiff["changed"][number]["gapsAfter"][number]) => `${g.title ?? g.requirement}: ${g.missing ? amount(g.missing.amount, g.missing.unit) : g.needs ?? ""}`;
    const before = new Set(c.gapsBefore.map(gap));
    const after = new Set(c.gapsAfter.map(gap));
    // what a stack in only one report needs is that report's business, not a change
    if (c.before !== undefined && c.after !== undefined) {
      for (const g of after) if (!before.has(g)) out.push(`    needs ${g}`);
      for (const g of before) if (!after.has(g)) out.push(`    no longer needs ${g}`);
    }
  }
  out.push("", `${d.unchanged} ${d.unchanged === 1 ? "stack" : "stacks"} unchanged.`);
  return out.join("\n") + "\n";
}

/**
 * Renders expiring credit.
 *
 * @example
 * renderExpiring(report) //=> "Expiring credit for nc-… · as of 2026-11-24\n…"
 */
export function renderExpiring(r: ExpiringReport): string {
  const out = [`Expiring credit for ${r.record} · as of ${r.asOf}`, ""];
  if (r.stacks.length === 0) out.push("Nothing counted today falls away before a deadline.");
  for (const s of r.stacks) {
    out.push(`${s.state} ${s.policy}/${s.stack}: ${status(s.now)} today → ${status(s.then)} on ${s.on}  ${s.title}`);
    for (const c of s.credentials) out.push(`    ${c.id} ${c.title}: ${c.amount} in ${c.requirement}${c.reason ? ` · ${c.reason.code}: ${c.reason.message}` : " · still counts, elsewhere in the stack, then"}`);
  }
  return out.join("\n") + "\n";
}
