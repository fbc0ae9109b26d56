/**
 * The report as text for people: aligned, with status marks, optionally coloured with ANSI
 * escapes. Pure: a report in, a string out.
 */
import type { CredentialResult, Report, RequirementResult, StackResult, StateResult } from "../schema/report.js";
import { amountText, type UnitLabeler } from "./summarize.js";

/** Options for `renderReport`. */
export interface RenderOptions {
  /** Colour with ANSI escapes (for terminals). Default false. */
  readonly color?: boolean;
  /** Show sources, warnings and every credential (default true). */
  readonly details?: boolean;
}

const ANSI = { green: 32, red: 31, yellow: 33, gray: 90, bold: 1, cyan: 36 } as const;
type Style = keyof typeof ANSI;

const MARK: Record<StackResult["status"], { mark: string; label: string; style: Style }> = {
  met: { mark: "✔", label: "MET", style: "green" },
  not_met: { mark: "✖", label: "NOT MET", style: "red" },
  not_eligible: { mark: "○", label: "NOT ELIGIBLE", style: "yellow" },
  not_evaluated: { mark: "·", label: "NOT EVALUATED", style: "gray" },
};

const REQ_MARK: Record<RequirementResult["status"], { mark: string; style: Style }> = {
  met: { mark: "✔", style: "green" },
  not_met: { mark: "✖", style: "red" },
  not_applicable: { mark: "–", style: "gray" },
};

/**
 * Renders a report as text.
 *
 * @example
 * console.log(renderReport(report, { color: process.stdout.isTTY }));
 * // Educator t-6-12-met · as of 2026-11-24
 * //
 * // NC · North Carolina license renewal … [nc-renewal@2024-06-30]
 * //   ✔ MET  License renewal (6-12)
 * // …
 */
export function renderReport(report: Report, options: RenderOptions = {}): string {
  const paint = (style: Style, text: string) => (options.color ? `\u001b[${ANSI[style]}m${text}\u001b[0m` : text);
  const details = options.details ?? true;
  const out: string[] = [paint("bold", `Educator ${report.record} · as of ${report.asOf}`)];
  if (report.results.length === 0) out.push("", "No policy applies.");
  for (const result of report.results) out.push("", ...renderState(result, paint, details));
  for (const s of report.skipped) out.push("", paint("yellow", `! ${s.state} ${s.policy}: ${s.message}`));
  // exceptions not applied (those applied are in their stack's explanation)
  for (const x of report.exceptions ?? []) {
    if (x.status === "applied") continue;
    out.push("", paint("yellow", `! Exception ${x.id} (${x.kind} ${x.state} ${x.stack}/${x.requirement}, by ${x.author} on ${x.date}) ${x.status.replace("_", " ")}: ${x.message} Reason: ${x.reason}`));
  }
  return out.join("\n") + "\n";
}

type Paint = (style: Style, text: string) => string;

function renderState(r: StateResult, paint: Paint, details: boolean): string[] {
  const out = [paint("bold", `${r.state} · ${r.policy.title} [${r.policy.id}@${r.policy.version}]`)];
  if (r.license) {
    const l = r.license;
    out.push(`  License ${[l.type, l.role, l.grade_band].filter(Boolean).join(" ")}, ${l.issued} → ${l.expires ?? "no expiry"}`);
  } else out.push(paint("gray", "  No license in this state on the record"));
  const label: UnitLabeler = (unit) => (unit === r.unit.id ? r.unit.label : unit);
  for (const s of r.stacks) out.push("", ...renderStack(s, paint, label));
  if (details) {
    out.push("", "  Credentials");
    const idWidth = Math.max(...r.credentials.map((c) => c.id.length), 2);
    for (const c of r.credentials) out.push(renderCredential(c, idWidth, paint, label));
    if (r.warnings.length > 0) {
      out.push("", "  Warnings");
      for (const w of r.warnings) out.push(paint("yellow", `    ! ${w.message}`));
    }
    out.push("", "  Sources");
    for (const s of r.sources) out.push(paint("gray", `    [${s.id}] ${s.url}`));
  }
  return out;
}

function renderStack(s: StackResult, paint: Paint, unitLabel: UnitLabeler): string[] {
  const m = MARK[s.status];
  const title = `${s.title}${s.variant ? ` (${s.variant.title ?? s.variant.id})` : ""}`;
  const window = s.window ? paint("gray", `  window ${s.window.from ?? "…"} → ${s.window.to}`) : "";
  const out = [`  ${paint(m.style, `${m.mark} ${m.label}`)}  ${paint("bold", title)}  ${paint("gray", s.kind)}${window}`];
  const rows: [string, string, string][] = [];
  const walk = (r: RequirementResult, depth: number, route: boolean) => {
    const rm = REQ_MARK[r.status];
    const amount = r.counted && r.required ? `${r.counted.amount} / ${amountText(r.required.amount, r.required.unit, unitLabel)}` : r.status === "not_applicable" ? "not applicable" : "";
    const placed = (r.placements ?? []).map((p) => `${p.credential} (${p.amount})`).join(", ");
    const label = `${"  ".repeat(depth)}${paint(rm.style, rm.mark)} ${r.title ?? r.id}${route ? "" : paint("gray", " (alternative)")}`;
    rows.push([label, amount, placed]);
    for (const c of r.children ?? []) walk(c, depth + 1, route && (r.type !== "any" || (r.chosen ?? []).includes(c.id)));
  };
  for (const r of s.requirements) walk(r, 0, true);
  const width = (i: 0 | 1) => Math.max(0, ...rows.map((row) => visible(row[i]).length));
  const w0 = width(0);
  const w1 = width(1);
  for (const [a, b, c] of rows) out.push(`      ${pad(a, w0)}  ${pad(b, w1)}  ${paint("gray", c)}`.trimEnd());
  for (const line of s.explanation) out.push(`    ${line}`);
  if (!s.optimal) out.push(paint("yellow", "    ! best placement found, not proven optimal (search budget, too many routes, or caps that overlap)"));
  return out;
}

function renderCredential(c: CredentialResult, idWidth: number, paint: Paint, label: UnitLabeler): string {
  const mark = c.status === "counted" ? paint("green", "✔") : c.status === "unused" ? paint("yellow", "○") : paint("red", "✖");
  const value = c.value ? amountText(c.value.amount, c.value.unit, label) : "";
  const where = c.placements.map((p) => `${p.stack}/${p.requirement} (${p.amount})`).join(", ");
  const why = c.reasons.map((r) => `${r.code}: ${r.message}`).join("; ");
  return `    ${mark} ${c.id.padEnd(idWidth)}  ${c.title}${value ? paint("gray", ` · ${value}`) : ""}${where ? paint("gray", ` → ${where}`) : ""}${why ? paint(c.status === "rejected" ? "red" : "yellow", ` · ${why}`) : ""}`;
}

function visible(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[\d+m/g, "");
}

function pad(text: string, width: number): string {
  return text + " ".repeat(Math.max(0, width - visible(text).length));
}
