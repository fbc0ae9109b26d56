/**
 * The order issues are reported in: by position in the text, then by path, then by code.
 */
import { formatPath, type CredstackIssue } from "./issue.js";

/**
 * Sorts issues by line and column, then path, then code; issues without a position come last.
 *
 * @example
 * sortIssues(issues).map((i) => i.position?.line) //=> [3, 7, 12, undefined]
 */
export function sortIssues(issues: readonly CredstackIssue[]): CredstackIssue[] {
  return [...issues].sort((a, b) => {
    const pa = a.position;
    const pb = b.position;
    if (pa && !pb) return -1;
    if (!pa && pb) return 1;
    if (pa && pb && (pa.line !== pb.line || pa.column !== pb.column)) return pa.line - pb.line || pa.column - pb.column;
    const path = compareText(formatPath(a.path), formatPath(b.path));
    return path !== 0 ? path : compareText(a.code, b.code);
  });
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
