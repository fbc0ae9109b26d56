/**
 * The portability matrix: for every ordered pair of states, the credit that carries over.
 */
import { EvaluationError } from "../errors/errors.js";
import { createIssue } from "../errors/issue.js";
import { checkAsOf, toCompiled, type PolicyLike } from "../evaluate/evaluate.js";
import { parseRecord } from "../record/parse.js";
import type { FactValue } from "../schema/condition.js";
import type { EducatorRecord, EducatorRecordInput } from "../schema/record.js";
import type { PortabilityCell, PortabilityMatrix } from "../schema/transfer.js";
import { transfer } from "./transfer.js";

/** Options for `portability`. */
export interface PortabilityOptions {
  /** The date to evaluate on, `YYYY-MM-DD`. */
  readonly asOf: string;
  /** The states to pair (default: every state with a policy given), each with a policy given. */
  readonly states?: readonly string[] | undefined;
  /** Facts that override or add to the derived ones, as for `evaluate`. */
  readonly facts?: Readonly<Record<string, FactValue>> | undefined;
  /** The placement search budget, as for `evaluate`. */
  readonly budget?: number | undefined;
}

/**
 * Builds the portability matrix of a record: for every ordered pair of different states, how many
 * of the credentials that come from the first state (or whose origin is unknown) the second
 * recognizes and counts, and per policy of the second the credit that carries over (the totals of
 * `transfer`).
 *
 * @throws EvaluationError as `transfer` does, and `invalid_option` when fewer than two states are paired.
 * @example
 * const matrix = portability(record, loadBuiltinPolicies(), { asOf: "2026-11-24" });
 * matrix.states //=> ["AR", "NC", "SC", "WY"]
 * matrix.cells.find((c) => c.from === "AR" && c.to === "NC") //=> { from: "AR", to: "NC", credentials: 4, recognized: 2, counted: 2, totals: [...] }
 */
export function portability(
  input: EducatorRecordInput | EducatorRecord,
  policies: PolicyLike | readonly PolicyLike[],
  options: PortabilityOptions,
): PortabilityMatrix {
  const asOf = checkAsOf(options?.asOf);
  const record = parseRecord(input);
  const compiled = (Array.isArray(policies) ? policies : [policies as PolicyLike]).map(toCompiled);
  const states = [...new Set(options.states ?? compiled.map((p) => p.state))].sort();
  if (states.length < 2) {
    throw new EvaluationError([createIssue("invalid_option", `A portability matrix needs at least two states (have ${states.join(", ") || "none"}).`, ["states"])]);
  }
  const cells: PortabilityCell[] = [];
  for (const from of states) {
    for (const to of states) {
      if (from === to) continue;
      const report = transfer(record, compiled, { from, to, asOf, facts: options.facts, budget: options.budget });
      const moving = report.credentials.filter((c) => c.transfers);
      cells.push({
        from,
        to,
        credentials: moving.length,
        recognized: moving.filter((c) => c.target.some((o) => o.recognizedBy !== undefined)).length,
        counted: moving.filter((c) => c.counts).length,
        totals: report.totals,
      });
    }
  }
  return { credstack: 1, record: record.id, asOf, states, cells };
}
