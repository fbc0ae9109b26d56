/**
 * The errors credstack throws. Each holds a non-empty list of issues; printing them is
 * `formatIssues`' job.
 */
import type { CredstackIssue } from "./issue.js";

/**
 * The base of every credstack error: a message and the issues behind it.
 *
 * @example
 * try { loadPolicyFile("rules/typo.yaml") } catch (e) {
 *   if (e instanceof CredstackError) e.issues.map((i) => i.code) //=> ["unknown_key"]
 * }
 */
export class CredstackError extends Error {
  /** The issues, at least one. */
  readonly issues: readonly [CredstackIssue, ...CredstackIssue[]];
  /** The first issue's code. */
  readonly code: CredstackIssue["code"];

  constructor(issues: readonly [CredstackIssue, ...CredstackIssue[]], options?: { cause?: unknown }) {
    const first = issues[0];
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : "";
    super(`${first.code}: ${first.message}${more}`, options);
    this.name = "CredstackError";
    this.issues = issues;
    this.code = first.code;
  }
}

/**
 * A policy that could not be parsed or checked.
 *
 * @example
 * try { parsePolicy("state: NC\n") } catch (e) {
 *   if (e instanceof PolicyError) formatIssues(e.issues) //=> "✖ Missing key 'credit_unit'. [missing_key]\n…"
 * }
 */
export class PolicyError extends CredstackError {
  constructor(issues: readonly [CredstackIssue, ...CredstackIssue[]]) {
    super(issues);
    this.name = "PolicyError";
  }
}

/**
 * A record, option or fact that could not be used for an evaluation.
 *
 * @example
 * try { evaluate(record, policies, { asOf: "2026-13-01" }) } catch (e) {
 *   if (e instanceof EvaluationError) e.code //=> "invalid_as_of"
 * }
 */
export class EvaluationError extends CredstackError {
  constructor(issues: readonly [CredstackIssue, ...CredstackIssue[]], options?: { cause?: unknown }) {
    super(issues, options);
    this.name = "EvaluationError";
  }
}

/**
 * Tells whether a value is a credstack error.
 *
 * @example
 * try { parsePolicy(text) } catch (e) { if (isCredstackError(e)) console.log(formatIssues(e.issues)) }
 */
export function isCredstackError(value: unknown): value is CredstackError {
  return value instanceof CredstackError;
}
