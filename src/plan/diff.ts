/**
 * What-if: two reports of one educator (today's, and one with hypothetical credentials added,
 * under another state's rules, or on another date) and how they differ, stack by stack.
 */
import { checkAsOf, evaluate, type PolicyLike } from "../evaluate/evaluate.js";
import { parseRecord } from "../record/parse.js";
import type { FactValue } from "../schema/condition.js";
import type { EarnedCredential } from "../schema/credential.js";
import type { DiffPlacement, ReportDiff, StackChange } from "../schema/plan.js";
import type { EducatorRecord, EducatorRecordInput } from "../schema/record.js";
import type { Report, StackResult, StateResult } from "../schema/report.js";

/**
 * How two reports of one educator differ: for every stack (by state, policy family and stack id)
 * whose status, placements or gaps differ, or that only one report has, both sides.
 *
 * @example
 * const diff = diffReports(today, withMcs);
 * diff.changed[0] //=> { stack: "cs-endorsement-6-12", before: "not_met", after: "met", added: [...], ... }
 */
export function diffReports(before: Report, after: Report): ReportDiff {
  const index = (r: Report) => {
    const out = new Map<string, { state: StateResult; stack: StackResult }>();
    for (const state of r.results) for (const stack of state.stacks) out.set(`${state.state}\u0000${state.policy.id}\u0000${stack.id}`, { state, stack });
    return out;
  };
  const a = index(before);
  const b = index(after);
  const keys = [...new Set([...a.keys(), ...b.keys()])].sort();
  const changed: StackChange[] = [];
  let unchanged = 0;
  for (const key of keys) {
    const x = a.get(key);
    const y = b.get(key);
    const px = x ? placementsOf(x.state, x.stack.id) : [];
    const py = y ? placementsOf(y.state, y.stack.id) : [];
    const sx = new Set(px.map(placementKey));
    const sy = new Set(py.map(placementKey));
    const added = py.filter((p) => !sx.has(placementKey(p)));
    const removed = px.filter((p) => !sy.has(placementKey(p)));
    const same = x && y && x.stack.status === y.stack.status && added.length === 0 && removed.length === 0 && JSON.stringify(x.stack.gaps) === JSON.stringify(y.stack.gaps);
    if (same) {
      unchanged += 1;
      continue;
    }
    const any = (x ?? y)!;
    changed.push({
      state: any.state.state,
      policy: any.state.policy.id,
      stack: any.stack.id,
      title: (y ?? x)!.stack.title,
      ...(x ? { before: x.stack.status } : {}),
      ...(y ? { after: y.stack.status } : {}),
      versions: { ...(x ? { before: x.state.policy.version } : {}), ...(y ? { after: y.state.policy.version } : {}) },
      added,
      removed,
      gapsBefore: x?.stack.gaps ?? [],
      gapsAfter: y?.stack.gaps ?? [],
    });
  }
  const states = (r: Report) => [...new Set(r.results.map((s) => s.state))].sort();
  return {
    credstack: 1,
    record: after.record,
    before: { asOf: before.asOf, states: states(before) },
    after: { asOf: after.asOf, states: states(after) },
    changed,
    unchanged,
  };
}

function placementsOf(state: StateResult, stack: string): DiffPlacement[] {
  return state.credentials
    .flatMap((c) => c.placements.filter((p) => p.stack === stack).map((p) => ({ credential: c.id, requirement: p.requirement, amount: p.amount })))
    .sort((p, q) => (placementKey(p) < placementKey(q) ? -1 : 1));
}

function placementKey(p: DiffPlacement): string {
  return `${p.credential}\u0000${p.requirement}\u0000${p.amount}`;
}

/** Options for `whatIf`: today's evaluation, and what changes in the scenario. */
export interface WhatIfOptions {
  /** Today, `YYYY-MM-DD`. */
  readonly asOf: string;
  /** The states of today's report (default: every policy given). */
  readonly states?: readonly string[] | undefined;
  /** Hypothetical credentials the scenario adds to the record. */
  readonly add?: readonly EarnedCredential[] | undefined;
  /** The scenario's date (default `asOf`): a later date shows expiring credit and moving windows. */
  readonly at?: string | undefined;
  /** The scenario's states (default `states`): another state's rules for the same record. */
  readonly under?: readonly string[] | undefined;
  readonly facts?: Readonly<Record<string, FactValue>> | undefined;
}

/**
 * Evaluates a record today and in a scenario (credentials added, another date, another state),
 * and says how the two reports differ.
 *
 * @example
 * const { diff } = whatIf(record, policies, { asOf: "2026-11-24", states: ["WY"], add: [variablesSecondary] });
 * diff.changed.map((c) => `${c.stack}: ${c.before} → ${c.after}`) //=> ["cs-endorsement-6-12: not_met → met", ...]
 */
export function whatIf(
  input: EducatorRecordInput | EducatorRecord,
  policies: PolicyLike | readonly PolicyLike[],
  options: WhatIfOptions,
): { before: Report; after: Report; diff: ReportDiff } {
  const asOf = checkAsOf(options?.asOf);
  const at = options.at === undefined ? asOf : checkAsOf(options.at);
  const record = parseRecord(input);
  const before = evaluate(record, policies, { asOf, states: options.states, facts: options.facts });
  const scenario = parseRecord({ ...record, credentials: [...record.credentials, ...(options.add ?? [])] });
  const after = evaluate(scenario, policies, { asOf: at, states: options.under ?? options.states, facts: options.facts });
  return { before, after, diff: diffReports(before, after) };
}
