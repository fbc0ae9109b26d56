/**
 * Transfer reports and portability matrices as text for people. Pure: a report in, a string out.
 */
import type { CredentialOutcome, PortabilityMatrix, TransferReport, TransferTotal } from "../schema/transfer.js";

const STATUS_LABEL = { met: "met", not_met: "not met", not_eligible: "not eligible", not_evaluated: "not evaluated" } as const;

function hours(h: string | undefined): string {
  return h === undefined ? "" : ` (${h} contact ${h === "1" ? "hour" : "hours"})`;
}

/** An amount with its unit, singular for 1 ("1 credential", "2 ceu"). */
function quantityText(q: { amount: string; unit: string }): string {
  return `${q.amount} ${q.amount === "1" && q.unit.endsWith("s") ? q.unit.slice(0, -1) : q.unit}`;
}

function outcomeLine(state: string, o: CredentialOutcome): string {
  const name = `${state} ${o.policy}@${o.version}`;
  const value = o.value ? ` ${quantityText(o.value)}${hours(o.contactHours)}` : "";
  const rule = o.recognizedBy !== undefined ? ` by ${o.recognizedBy}` : "";
  const where = o.placements.length > 0 ? ` → ${o.placements.map((p) => `${p.stack}/${p.requirement} ${p.amount}`).join(", ")}` : "";
  const why = o.status !== "counted" && o.reasons.length > 0 ? ` · ${o.reasons[0]!.code}: ${o.reasons[0]!.message}` : "";
  return `${name}: ${o.status}${value}${rule}${where}${why}`;
}

/**
 * The lines for one state: a line per policy that recognizes it; when none does, a line per policy
 * that refuses it for a reason of its own (revoked, expired, …), else one line for them all.
 */
function outcomeLines(state: string, outcomes: readonly CredentialOutcome[]): string[] {
  const recognized = outcomes.filter((o) => o.recognizedBy !== undefined);
  if (recognized.length > 0) return recognized.map((o) => outcomeLine(state, o));
  const telling = outcomes.filter((o) => o.reasons.some((r) => r.code !== "not_recognized"));
  if (telling.length > 0) return telling.map((o) => outcomeLine(state, o));
  if (outcomes.length === 0) return [];
  return [`${state} ${outcomes.map((o) => `${o.policy}@${o.version}`).join(", ")}: rejected · not_recognized: no recognition rule of ${outcomes.length === 1 ? "this policy" : "these policies"} accepts it.`];
}

/** The credit a total carries over, and how many count by number: "8 ceu (80 h)", "2 credentials by number". */
function carried(t: TransferTotal, h: (hours: string | undefined) => string): string {
  const parts: string[] = [];
  if (t.value.amount !== "0" || t.byNumber === 0) parts.push(`${quantityText(t.value)}${t.value.amount === "0" ? "" : h(t.contactHours)}`);
  if (t.byNumber > 0) parts.push(`${quantityText({ amount: String(t.byNumber), unit: "credentials" })} by number`);
  return parts.join(" + ");
}

function totalText(t: TransferTotal): string {
  return `${t.policy}@${t.version}: ${t.recognized} recognized, ${t.counted} counted; worth ${carried(t, hours)}, ${t.placed.amount} placed`;
}

/**
 * Renders a transfer report as text: each credential in the source and the target state, the
 * target stacks with and without out-of-state credit, the credit that carries over, warnings.
 *
 * @example
 * renderTransfer(transfer(record, policies, { from: "AR", to: "NC", asOf: "2026-11-24" }))
 * //=> "Transfer AR → NC · educator ar-to-nc · as of 2026-11-24\n\nCredentials (3 from AR)\n  ✔ mc-01 …"
 */
export function renderTransfer(report: TransferReport): string {
  const out: string[] = [`Transfer ${report.from} → ${report.to} · educator ${report.record} · as of ${report.asOf}`, ""];
  const moving = report.credentials.filter((c) => c.transfers).length;
  out.push(`Credentials (${moving} of ${report.credentials.length} from ${report.from})`);
  for (const c of report.credentials) {
    const from = c.origin !== undefined ? `from ${c.origin}` : `origin unknown, presumed ${report.from}`;
    out.push(`  ${c.counts ? "✔" : "✖"} ${c.id}  ${c.title} (${from})`);
    for (const line of [...outcomeLines(report.from, c.source), ...outcomeLines(report.to, c.target)]) out.push(`      ${line}`);
  }
  out.push("", `Stacks in ${report.to} (with / without out-of-state credit)`);
  for (const s of report.stacks) {
    const changed = s.with !== s.without ? "  ← changed by out-of-state credit" : "";
    const used = s.outOfState.length > 0 ? ` [${s.outOfState.join(", ")}]` : "";
    out.push(`  ${s.policy} ${s.id}: ${STATUS_LABEL[s.with]} / ${STATUS_LABEL[s.without]}${used}${changed}`);
  }
  out.push("", `Carries over from ${report.from} to ${report.to}`);
  for (const t of report.totals) out.push(`  ${totalText(t)}`);
  if (report.warnings.length > 0) {
    out.push("", "Warnings");
    for (const w of report.warnings) out.push(`  ${w.code}: ${w.message}`);
  }
  if (report.skipped.length > 0) {
    out.push("", "Skipped (no version in force)");
    for (const s of report.skipped) out.push(`  ${s.state} ${s.policy}: ${s.message}`);
  }
  return `${out.join("\n")}\n`;
}

/**
 * Renders a portability matrix as a text table: one row per ordered pair of states, with how many
 * transferring credentials the target counts and recognizes, and the credit per target policy
 * that recognizes any.
 *
 * @example
 * renderPortability(portability(record, policies, { asOf: "2026-11-24" }))
 * //=> "Portability · educator ar-to-nc · as of 2026-11-24\n\nfrom → to  counted  recognized  credit that carries over\nAR → NC    2 of 3   2           nc-renewal 2.4 ceu (24 h)\n…"
 */
export function renderPortability(matrix: PortabilityMatrix): string {
  const rows = matrix.cells.map((c) => {
    const credit = c.totals
      .filter((t) => t.recognized > 0)
      .map((t) => `${t.policy} ${carried(t, (h) => (h !== undefined ? ` (${h} h)` : ""))}`)
      .join("; ");
    return [`${c.from} → ${c.to}`, `${c.counted} of ${c.credentials}`, String(c.recognized), credit === "" ? "–" : credit];
  });
  const header = ["from → to", "counted", "recognized", "credit that carries over"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]!))).join("  ");
  const out = [`Portability · educator ${matrix.record} · as of ${matrix.asOf}`, "", line(header), ...rows.map(line)];
  return `${out.join("\n")}\n`;
}
