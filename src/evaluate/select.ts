/**
 * Choosing what to evaluate: the license a policy applies to, and the version of each policy
 * family in force on the date that family keys on (the as-of date, or the license's dates).
 */
import type { EducatorRecord, License } from "../schema/record.js";
import type { CompiledPolicy } from "../policy/compile.js";
import type { Condition } from "../schema/condition.js";
import { evaluateCondition, factsOf } from "./conditions.js";
import { buildFacts } from "./facts.js";
import { recognizeCredentials } from "./recognize.js";

/**
 * The license a policy evaluates: the record's license in the policy's state (of one of the
 * policy's license types, when it names them), most recently issued first, then latest expiry,
 * then by its other fields (so the order of licenses on the record never matters).
 *
 * @example
 * selectLicense(record, ncPolicy)?.type //=> "CPL"
 */
export function selectLicense(record: EducatorRecord, policy: CompiledPolicy): License | undefined {
  let best: License | undefined;
  for (const l of record.licenses) {
    if (l.state !== policy.state) continue;
    if (policy.licenseTypes && !policy.licenseTypes.includes(l.type)) continue;
    if (!best || compareLicenses(l, best) > 0) best = l;
  }
  return best;
}

/** Later issue first, then later expiry; then by content, so the record's order never matters. */
function compareLicenses(a: License, b: License): number {
  return (
    compareTexts(a.issued, b.issued) ||
    compareTexts(a.expires ?? "9999-12-31", b.expires ?? "9999-12-31") ||
    compareTexts(a.type, b.type) ||
    compareTexts(a.role ?? "", b.role ?? "") ||
    compareTexts(a.grade_band ?? "", b.grade_band ?? "") ||
    // written out only when everything before is the same
    compareTexts(JSON.stringify(a), JSON.stringify(b))
  );
}

function compareTexts(a: string, b: string): number {
  return a === b ? 0 : a > b ? 1 : -1;
}

/** A policy version chosen for a record, with the date that chose it. */
export interface SelectedPolicy {
  readonly policy: CompiledPolicy;
  readonly key: string;
  readonly date: string;
  /** Set when the key's license date was missing and the as-of date was used instead. */
  readonly fallback: string | undefined;
}

/** A policy family with no version in force. */
export interface SkippedPolicy {
  readonly state: string;
  readonly policy: string;
  readonly code: "no_policy_in_force";
  readonly message: string;
}

/** The versions of one policy family (one `id` in one state), by effective date. */
export interface PolicyFamily {
  readonly versions: readonly CompiledPolicy[];
}

/**
 * Groups policies by family (`id` and state): the families ordered by state then id, each
 * family's versions by the date they take effect.
 *
 * @example
 * policyFamilies(allNcVersions).map((f) => f.versions.length) //=> [3]
 */
export function policyFamilies(policies: readonly CompiledPolicy[]): PolicyFamily[] {
  const families = new Map<string, CompiledPolicy[]>();
  for (const p of policies) {
    const key = `${p.state}\u0000${p.id}`;
    const list = families.get(key);
    if (list) list.push(p);
    else families.set(key, [p]);
  }
  return [...families.keys()].sort().map((k) => ({
    versions: [...families.get(k)!].sort((a, b) => (a.policy.effective.from < b.policy.effective.from ? -1 : 1)),
  }));
}

/**
 * The families of the policies given (a list, or one policy), of the states asked for, each
 * policy compiled with `compile`. Grouped and sorted once per list and list of states: kept
 * while the list holds the same policies (checked by identity on every call), so a list changed
 * in place counts from the next call.
 *
 * @example
 * familiesOf(policies, ["NC"], toCompiled).map((f) => f.versions[0]!.id) //=> ["nc-advanced-roles", "nc-dpi-dl", "nc-renewal"]
 */
export function familiesOf<T>(given: T | readonly T[], states: readonly string[] | undefined, compile: (policy: T) => CompiledPolicy): readonly PolicyFamily[] {
  const members: readonly T[] = Array.isArray(given) ? given : [given as T];
  const group = () => {
    const list = members.map(compile);
    const wanted = states ? new Set(states) : undefined;
    return policyFamilies(wanted ? list.filter((p) => wanted.has(p.state)) : list);
  };
  // only an object can be remembered: anything else is compiled, and refused, as it is
  if (typeof given !== "object" || given === null) return group();
  let entry = familyCache.get(given);
  if (!entry || entry.members.length !== members.length || entry.members.some((p, i) => p !== members[i])) {
    familyCache.set(given, (entry = { members: [...members], byStates: new Map() }));
  }
  // one state, the usual request, needs no JSON (a key of one state starts with a character JSON never does)
  const key = states === undefined ? "" : states.length === 1 ? `\u0001${states[0]}` : JSON.stringify(states);
  let families = entry.byStates.get(key);
  if (!families) {
    families = group();
    if (entry.byStates.size >= MAX_STATE_LISTS) entry.byStates.clear();
    entry.byStates.set(key, families);
  }
  return families;
}

/** Per list of policies (or single policy) given: its members when grouped, and its families per list of states asked for. */
const familyCache = new WeakMap<object, { members: readonly unknown[]; byStates: Map<string, readonly PolicyFamily[]> }>();
const MAX_STATE_LISTS = 64;

/**
 * Picks, in each policy family, the version whose effective period (`from` to `to`, both
 * inclusive) holds the family's key date: the as-of date, or the date of the record's license
 * that the family keys on.
 *
 * @example
 * selectVersions(policyFamilies(allNcVersions), record, "2026-11-24").selected.map((s) => s.policy.version) //=> ["2024-06-30"]
 */
export function selectVersions(
  families: readonly PolicyFamily[],
  record: EducatorRecord,
  asOf: string,
): { selected: SelectedPolicy[]; skipped: SkippedPolicy[] } {
  const selected: SelectedPolicy[] = [];
  const skipped: SkippedPolicy[] = [];
  for (const { versions } of families) {
    const first = versions[0]!;
    const keyName = first.policy.effective.key ?? "as_of";
    let date = asOf;
    let fallback: string | undefined;
    if (keyName !== "as_of") {
      const license = selectLicense(record, first);
      const d = keyName === "license_expires" ? license?.expires : license?.issued;
      if (d !== undefined) date = d;
      else {
        fallback = `No ${first.state} license ${keyName === "license_expires" ? "expiry" : "issue"} date on the record; the as-of date chose the version of '${first.id}'.`;
      }
    }
    // the latest version in force on the date
    let chosen: CompiledPolicy | undefined;
    for (let k = versions.length - 1; k >= 0 && !chosen; k--) {
      const { from, to } = versions[k]!.policy.effective;
      if (from <= date && (to === undefined || date <= to)) chosen = versions[k];
    }
    if (!chosen) {
      skipped.push({
        state: first.state,
        policy: first.id,
        code: "no_policy_in_force",
        message: `No version of '${first.id}' is in force on ${date} (${keyName}).`,
      });
      continue;
    }
    selected.push({ policy: chosen, key: keyName, date, fallback });
  }
  return { selected, skipped };
}

/**
 * Tells whether a policy has anything to say about a record: the record holds a license in the
 * policy's state, or the policy recognizes a credential of the record that belongs to that state
 * (its issuer's state, or the state it was earned in). A course any state would accept does not
 * make a state relevant; asking for a state by name (or all of them) always evaluates it.
 *
 * @example
 * recognizesRecord(ncPolicy, record, "2026-11-24") //=> true
 */
export function recognizesRecord(policy: CompiledPolicy, record: EducatorRecord, asOf: string): boolean {
  if (record.licenses.some((l) => l.state === policy.state)) return true;
  const facts = buildFacts({ record, license: selectLicense(record, policy), state: policy.state, asOf }, undefined, policy.factDefaults);
  // a rule whose condition names a fact this record lacks simply does not apply here
  const holds = (c: Condition) => factsOf(c).size > 0 && [...factsOf(c)].every((f) => facts.has(f)) && evaluateCondition(c, facts).result;
  const own = record.credentials.filter((c) => c.issuer.state === policy.state || c.earned_in === policy.state);
  return own.length > 0 && recognizeCredentials(own, policy, asOf, holds).length > 0;
}
