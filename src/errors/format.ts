/**
 * Printing issues. Pure: issues in, text out.
 */
import { ISSUE_CODES } from "./codes.js";
import { formatPath, type CredstackIssue } from "./issue.js";

/** Options for `formatIssues`. */
export interface FormatIssuesOptions {
  /** One `file:line:col code message` line per issue (for editors and `credstack validate`). */
  readonly compact?: boolean;
  /** The source text, to print the offending line with a caret under the column. */
  readonly text?: string;
}

/**
 * Prints issues for people: `✖ message`, then `→ at path (file:line:col)` and the hint.
 * With `compact`, one `file:line:col code message [hint] (at path)` line per issue; the hint is
 * included when it is specific to the issue (e.g. the closest valid key).
 *
 * @example
 * formatIssues([createIssue("missing_key", "Missing key 'state'.", [])])
 * //=> "✖ Missing key 'state'. [missing_key]\n  → at (root)\n  hint: Add the key named in the message."
 */
export function formatIssues(issues: readonly CredstackIssue[], options: FormatIssuesOptions = {}): string {
  if (options.compact) return issues.map(formatCompact).join("\n");
  const lines = options.text?.split(/\r?\n/);
  return issues
    .map((issue) => {
      const where = issue.position ? ` (${positionText(issue)})` : "";
      const out = [`✖ ${issue.message} [${issue.code}]`, `  → at ${formatPath(issue.path)}${where}`];
      const line = issue.position && lines ? lines[issue.position.line - 1] : undefined;
      if (line !== undefined && issue.position) {
        out.push(`  ${String(issue.position.line).padStart(4)} | ${line}`);
        out.push(`       | ${" ".repeat(Math.max(0, issue.position.column - 1))}^`);
      }
      out.push(`  hint: ${issue.hint}`);
      return out.join("\n");
    })
    .join("\n");
}

function positionText(issue: CredstackIssue): string {
  const p = issue.position;
  if (!p) return "";
  return `${p.file ?? "<input>"}:${p.line}:${p.column}`;
}

function formatCompact(issue: CredstackIssue): string {
  const where = issue.position ? positionText(issue) : "<input>:1:1";
  // a hint specific to this issue (a suggested key, say) is worth the line; the code's generic fix is not
  const hint = issue.hint !== ISSUE_CODES[issue.code].fix ? ` ${issue.hint}` : "";
  return `${where} ${issue.code} ${issue.message}${hint} (at ${formatPath(issue.path)})`;
}
