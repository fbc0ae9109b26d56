/**
 * The status report as short text for people (`credstack evaluate --status`): a line per state
 * policy, an indented line per stack. Pure: a status report in, a string out; never coloured.
 */
import type { StackStatus, StatusReport } from "../schema/report.js";

const LABEL: Record<StackStatus, string> = {
  met: "met",
  not_met: "not met",
  not_eligible: "not eligible",
  not_evaluated: "not evaluated",
};

/**
 * Renders a status report as text: a header line (`Educator <id> · as of <date>`) and a blank
 * line, then per state policy a line `STATE policy@version`, and per stack an indented line with
 * its id, its status (`met`, `not met`, `not eligible`, `not evaluated`), `due <deadline>` when it
 * has one and `(not proven optimal)` when `optimal` is false; ids and statuses are padded into
 * columns across the whole report. Policies not evaluated (`skipped`) follow as `! STATE policy: message`.
 *
 * @example
 * renderStatusText(evaluateStatus(record, policies, { asOf: "2026-11-24", states: ["NC"] }))
 * // Educator nc-6-12-met · as of 2026-11-24
 * //
 * // NC nc-renewal@2024-06-30
 * //   renewal  met  due 2027-06-30
 */
export function renderStatusText(report: StatusReport): string {
  const stacks = report.results.flatMap((r) => r.stacks);
  const idWidth = Math.max(0, ...stacks.map((s) => s.id.length));
  const statusWidth = Math.max(0, ...stacks.map((s) => LABEL[s.status].length));
  const out: string[] = [`Educator ${report.record} · as of ${report.asOf}`, ""];
  if (report.results.length === 0) out.push("No policy applies.");
  for (const result of report.results) {
    out.push(`${result.state} ${result.policy.id}@${result.policy.version}`);
    for (const s of result.stacks) {
      const cells = [s.id.padEnd(idWidth), LABEL[s.status].padEnd(statusWidth)];
      if (s.deadline !== undefined) cells.push(`due ${s.deadline}`);
      if (!s.optimal) cells.push("(not proven optimal)");
      out.push(`  ${cells.join("  ")}`.trimEnd());
    }
  }
  if (report.skipped.length > 0) out.push("");
  for (const s of report.skipped) out.push(`! ${s.state} ${s.policy}: ${s.message}`);
  return `${out.join("\n")}\n`;
}
