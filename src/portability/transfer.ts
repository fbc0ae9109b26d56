/**
 * Transfer: how an educator's credentials from one state count in another. Pure and synchronous,
 * built on `evaluate`: the target state's results are exactly those of evaluating the record
 * there; the report adds, per credential, its value in both states (in their units and in contact
 * hours) and, per target stack, the status without the credentials from other states.
 */
import { EvaluationError } from "../errors/errors.js";
import { createIssue } from "../errors/issue.js";
import { checkAsOf, checkBudget, evaluate, toCompiled, type PolicyLike } from "../evaluate/evaluate.js";
import { credentialOrigin } from "../evaluate/origin.js";
import type { CompiledPolicy } from "../policy/compile.js";
import { formatRational, toRational, ZERO, type Rational } from "../quantity/rational.js";
import { parseRecord } from "../record/parse.js";
import type { FactValue } from "../schema/condition.js";
import type { EarnedCredential } from "../schema/credential.js";
import { StateCode } from "../schema/primitives.js";
import type { EducatorRecord, EducatorRecordInput } from "../schema/record.js";
import type { CredentialResult, RequirementResult, StateResult, Warning } from "../schema/report.js";
import type {
  CredentialOutcome,
  TransferCredential,
  TransferPlacement,
  TransferReport,
  TransferStack,
  TransferTotal,
} from "../schema/transfer.js";

/** Options for `transfer`. */
export interface TransferOptions {
  /** The state the credentials come from (two capital letters). */
  readonly from: string;
  /** The state they should count in. */
  readonly to: string;
  /** The date to evaluate on, `YYYY-MM-DD`. */
  readonly asOf: string;
  /** Facts that override or add to the derived ones, as for `evaluate`. */
  readonly facts?: Readonly<Record<string, FactValue>> | undefined;
  /** The placement search budget, as for `evaluate`. */
  readonly budget?: number | undefined;
}

/** The state option, checked: a two-letter code with a loaded policy. */
function checkState(value: unknown, name: "from" | "to", known: ReadonlySet<string>): string {
  if (!StateCode.safeParse(value).success) {
    throw new EvaluationError([createIssue("invalid_option", `The ${name} state ${JSON.stringify(value)} is not a two-letter state code in capitals.`, [name])]);
  }
  const state = value as string;
  if (!known.has(state)) {
    const message = `No policy for state ${state} among the policies given (have ${[...known].sort().join(", ") || "none"}).`;
    throw new EvaluationError([createIssue("unknown_state", message, [name])]);
  }
  return state;
}

/**
 * Which credentials transfer and which come from another state than the target: a credential
 * comes from its origin (`earned_in`, else its issuer's state); one with no known origin is
 * presumed to come from the source state.
 */
function classifyCredentials(
  credentials: readonly Pick<EarnedCredential, "id" | "earned_in" | "issuer">[],
  from: string,
  to: string,
): { transfers: ReadonlySet<string>; outOfState: ReadonlySet<string> } {
  const transfers = new Set<string>();
  const outOfState = new Set<string>();
  for (const c of credentials) {
    const origin = credentialOrigin(c) ?? from;
    if (origin === from) transfers.add(c.id);
    if (origin !== to) outOfState.add(c.id);
  }
  return { transfers, outOfState };
}

/** Per requirement path of a stack result: the category id (categories only) and the unit it is measured in. */
function requirementPaths(requirements: readonly RequirementResult[]): { categories: Map<string, string>; units: Map<string, string> } {
  const categories = new Map<string, string>();
  const units = new Map<string, string>();
  const walk = (r: RequirementResult, prefix: string) => {
    const path = prefix === "" ? r.id : `${prefix}/${r.id}`;
    if (r.type === "category") categories.set(path, r.id);
    if (r.required !== undefined) units.set(path, r.required.unit);
    for (const child of r.children ?? []) walk(child, path);
  };
  for (const r of requirements) walk(r, "");
  return { categories, units };
}

/** The compiled policy a state result came from. */
function policyOf(result: StateResult, compiled: readonly CompiledPolicy[]): CompiledPolicy {
  return compiled.find((p) => p.state === result.state && p.id === result.policy.id && p.version === result.policy.version)!;
}

/**
 * A value in a policy's unit, in contact hours: back along the path the policy's conversions take
 * for this credential (its own tags for a converted value; with the rule's and catalog's tags for
 * a flat or catalog value). Undefined when the unit does not convert to hours.
 */
function contactHours(value: Rational, credential: EarnedCredential, policy: CompiledPolicy, ruleId: string, asOf: string): Rational | undefined {
  const rule = policy.recognition.find((r) => r.id === ruleId);
  const tags = new Set(credential.tags ?? []);
  if (rule && rule.value !== "convert") {
    for (const t of rule.tags) tags.add(t);
    const entry = credential.achievement === undefined ? undefined : policy.catalog.get(credential.achievement);
    if (rule.value === "catalog" && entry) for (const t of entry.tags) tags.add(t);
  }
  return policy.conversions.convertFrom(value, "hour", { credential, tags: [...tags], value: undefined, asOf });
}

interface StateView {
  readonly result: StateResult;
  readonly policy: CompiledPolicy;
  readonly credentials: ReadonlyMap<string, CredentialResult>;
  /** Per stack id: its requirement paths' categories and units. */
  readonly paths: ReadonlyMap<string, ReturnType<typeof requirementPaths>>;
}

function viewsOf(results: readonly StateResult[], compiled: readonly CompiledPolicy[]): StateView[] {
  return results.map((result) => ({
    result,
    policy: policyOf(result, compiled),
    credentials: new Map(result.credentials.map((c) => [c.id, c])),
    paths: new Map(result.stacks.map((s) => [s.id, requirementPaths(s.requirements)])),
  }));
}

function outcomeOf(
  view: StateView,
  credential: EarnedCredential,
  asOf: string,
): { outcome: CredentialOutcome; hours: Rational | undefined; value: Rational | undefined; placed: Rational } {
  const c = view.credentials.get(credential.id)!;
  // credit in the policy's unit; a credential that counts by number (value: count) has none
  const value = c.value && c.value.unit === view.policy.unit ? toRational(c.value.amount) : undefined;
  const hours = value !== undefined && c.recognizedBy !== undefined ? contactHours(value, credential, view.policy, c.recognizedBy, asOf) : undefined;
  const rule = c.recognizedBy === undefined ? undefined : view.policy.recognition.find((r) => r.id === c.recognizedBy);
  const assumptions = rule?.ref.assumptions ?? [];
  const placements: TransferPlacement[] = c.placements.map((p) => {
    const category = view.paths.get(p.stack)?.categories.get(p.requirement);
    return { stack: p.stack, requirement: p.requirement, ...(category !== undefined ? { category } : {}), amount: p.amount };
  });
  const outcome: CredentialOutcome = {
    policy: view.result.policy.id,
    version: view.result.policy.version,
    status: c.status,
    ...(c.value ? { value: c.value } : {}),
    ...(hours !== undefined ? { contactHours: formatRational(hours) } : {}),
    ...(c.recognizedBy !== undefined ? { recognizedBy: c.recognizedBy } : {}),
    ...(assumptions.length > 0 ? { assumptions: [...assumptions] } : {}),
    placements,
    reasons: c.reasons,
  };
  // credit placed: placements in count pools are credentials, not credit
  const placed = c.placements
    .filter((p) => view.paths.get(p.stack)?.units.get(p.requirement) === view.policy.unit)
    .reduce((sum, p) => sum.add(toRational(p.amount)), ZERO);
  return { outcome, hours, value, placed };
}

function totalOf(view: StateView, record: EducatorRecord, transfers: ReadonlySet<string>, asOf: string): TransferTotal {
  let recognized = 0;
  let counted = 0;
  let byNumber = 0;
  let value = ZERO;
  let placed = ZERO;
  let hours: Rational | undefined = ZERO;
  for (const credential of record.credentials) {
    if (!transfers.has(credential.id)) continue;
    const { outcome, hours: h, value: v, placed: p } = outcomeOf(view, credential, asOf);
    if (outcome.recognizedBy === undefined) continue;
    recognized++;
    if (outcome.status === "counted") counted++;
    if (outcome.value !== undefined && v === undefined) byNumber++;
    placed = placed.add(p);
    // what carries over: the credit of those not set aside (a credential rejected by every stack,
    // e.g. earned outside the window, carries nothing); counted-by-number ones carry no credit
    if (outcome.status === "rejected" || v === undefined) continue;
    value = value.add(v);
    hours = hours === undefined || h === undefined ? undefined : hours.add(h);
  }
  const unit = view.policy.unit;
  return {
    policy: view.result.policy.id,
    version: view.result.policy.version,
    recognized,
    counted,
    byNumber,
    value: { amount: formatRational(value), unit },
    placed: { amount: formatRational(placed), unit },
    ...(hours !== undefined ? { contactHours: formatRational(hours) } : {}),
  };
}

/**
 * Tells how an educator's credentials from one state count in another: for every credential of
 * the record, what it is worth under each policy of the source and the target state (in the
 * policy's unit and in contact hours), where it is placed (stacks, requirements, categories) and
 * why not when it is not; for every target stack, its status with every credential (exactly what
 * `evaluate` gives for the target state) and without the credentials from other states; and per
 * target policy the credit that carries over.
 *
 * A credential comes from the state it was earned in (`earned_in`), else its issuer's state; one
 * with neither is presumed to come from `from`. Whether another state's credential counts is the
 * target policy's decision (its `recognition` rules, e.g. `origin: out_of_state`); when no rule
 * accepts it, it is `not_recognized`, and the reason says it comes from another state.
 *
 * @throws EvaluationError `invalid_as_of`, `invalid_option` (a state that is not a code, or from = to), `unknown_state` (no policy for it), or any error of `evaluate`.
 * @example
 * const report = transfer(record, loadBuiltinPolicies(), { from: "AR", to: "NC", asOf: "2026-11-24" });
 * report.credentials[0].target[0] //=> { policy: "nc-renewal", status: "counted", value: { amount: "1.2", unit: "ceu" }, contactHours: "12", recognizedBy: "partner-qas-micro-credential", … }
 * report.stacks.find((s) => s.id === "renewal") //=> { …, with: "met", without: "not_met", outOfState: ["mc-01", "mc-02"] }
 */
export function transfer(
  input: EducatorRecordInput | EducatorRecord,
  policies: PolicyLike | readonly PolicyLike[],
  options: TransferOptions,
): TransferReport {
  const asOf = checkAsOf(options?.asOf);
  checkBudget(options.budget);
  const compiled = (Array.isArray(policies) ? policies : [policies as PolicyLike]).map(toCompiled);
  const known = new Set(compiled.map((p) => p.state));
  const from = checkState(options.from, "from", known);
  const to = checkState(options.to, "to", known);
  if (from === to) {
    throw new EvaluationError([createIssue("invalid_option", `The from and to states are both ${from}; a transfer needs two different states.`, ["to"])]);
  }
  const record = parseRecord(input);
  const common = { asOf, facts: options.facts, budget: options.budget };
  const source = evaluate(record, compiled, { ...common, states: [from] });
  const target = evaluate(record, compiled, { ...common, states: [to] });
  const { transfers, outOfState } = classifyCredentials(record.credentials, from, to);
  const without =
    outOfState.size === 0 ? target : evaluate({ ...record, credentials: record.credentials.filter((c) => !outOfState.has(c.id)) }, compiled, { ...common, states: [to] });

  const sourceViews = viewsOf(source.results, compiled);
  const targetViews = viewsOf(target.results, compiled);
  const sorted = [...record.credentials].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const credentials: TransferCredential[] = sorted.map((c) => {
    const origin = credentialOrigin(c);
    const targetOutcomes = targetViews.map((v) => outcomeOf(v, c, asOf).outcome);
    return {
      id: c.id,
      title: c.title,
      ...(origin !== undefined ? { origin } : {}),
      transfers: transfers.has(c.id),
      outOfState: outOfState.has(c.id),
      counts: targetOutcomes.some((o) => o.status === "counted"),
      source: sourceViews.map((v) => outcomeOf(v, c, asOf).outcome),
      target: targetOutcomes,
    };
  });

  const withoutByPolicy = new Map(without.results.map((r) => [`${r.policy.id}@${r.policy.version}`, r]));
  const stacks: TransferStack[] = target.results.flatMap((r) => {
    const other = withoutByPolicy.get(`${r.policy.id}@${r.policy.version}`);
    return r.stacks.map((s) => ({
      policy: r.policy.id,
      version: r.policy.version,
      id: s.id,
      title: s.title,
      kind: s.kind,
      with: s.status,
      // the same policy version is in force without them: the record's licenses did not change
      without: other?.stacks.find((x) => x.id === s.id)?.status ?? s.status,
      outOfState: s.credentials.filter((id) => outOfState.has(id)),
    }));
  });

  const totals = targetViews.map((v) => totalOf(v, record, transfers, asOf));

  // the assumptions the target's rules for transferring credentials rest on, once each, in credential order
  const warnings: Warning[] = target.results.flatMap((r) => r.warnings.filter((w) => w.code === "version_selected_by_as_of"));
  const seen = new Set<string>();
  for (const c of credentials) {
    if (!c.transfers) continue;
    for (const o of c.target) {
      const view = targetViews.find((v) => v.result.policy.id === o.policy)!;
      const rule = o.recognizedBy === undefined ? undefined : view.policy.recognition.find((r) => r.id === o.recognizedBy);
      for (const id of o.assumptions ?? []) {
        const key = `${o.policy}\u0000${id}`;
        const a = view.policy.assumption(id);
        if (seen.has(key) || !a) continue;
        seen.add(key);
        warnings.push({ code: "assumption", message: `Assumption '${id}' of ${o.policy}@${o.version}: ${a.text} Reason: ${a.reason}`, ...(rule ? { origin: rule.ref.origin } : {}) });
      }
    }
  }

  return {
    credstack: 1,
    record: record.id,
    asOf,
    from,
    to,
    credentials,
    stacks,
    totals,
    warnings,
    skipped: [...source.skipped, ...target.skipped],
  };
}
