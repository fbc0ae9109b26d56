/**
 * Credential filters (`Match` in the policy language) compiled to predicates.
 */
import type { Match } from "../schema/policy.js";
import { addDays, addYears } from "../dates/index.js";
import { toRational, type Rational } from "../quantity/rational.js";
import { LETTER_GRADES, type EarnedCredential } from "../schema/credential.js";
import { credentialOrigin } from "./origin.js";

/** What a filter looks at: the credential, its tags after recognition, and its value in the policy's unit. */
export interface MatchSubject {
  readonly credential: EarnedCredential;
  /** Its tags after recognition (a credential's few tags: a list, searched in order). */
  readonly tags: readonly string[];
  readonly value: Rational | undefined;
  /** The evaluation's as-of date, for recency rules. */
  readonly asOf: string;
  /** Recognized with `value: count`: it counts by number, in count pools only. */
  readonly countOnly?: boolean | undefined;
}

/** A compiled filter. */
export type Matcher = (subject: MatchSubject) => boolean;

const always: Matcher = () => true;

function set(value: string | readonly string[] | undefined): ReadonlySet<string> | undefined {
  if (value === undefined) return undefined;
  return new Set(typeof value === "string" ? [value] : value);
}

/**
 * Compiles a filter into a predicate. Fields combine with AND, the values of one field with OR;
 * an empty filter matches every credential. `home` is the policy's state, which `origin`
 * (in_state / out_of_state) is relative to.
 *
 * @example
 * const subjectCourses = compileMatch({ kind: ["course", "college_credit"], tags: "subject" }, "NC");
 * subjectCourses({ credential, tags: ["subject"], value: undefined, asOf: "2026-11-24" }) //=> true for a course
 * const fromPartners = compileMatch({ origin: "out_of_state", origin_state: ["AR", "NC", "SC", "WY"] }, "NC");
 * fromPartners({ credential: { ...mc, earned_in: "WY" }, tags: [], value: undefined, asOf: "2026-11-24" }) //=> true
 */
export function compileMatch(match: Match | undefined, home: string): Matcher {
  if (match === undefined) return always;
  const tests: Matcher[] = [];
  const kinds = set(match.kind);
  if (kinds) tests.push((s) => kinds.has(s.credential.kind));
  const issuers = set(match.issuer);
  if (issuers) tests.push((s) => issuers.has(s.credential.issuer.id));
  const issuerStates = set(match.issuer_state);
  if (issuerStates) tests.push((s) => s.credential.issuer.state !== undefined && issuerStates.has(s.credential.issuer.state));
  const achievements = set(match.achievement);
  if (achievements) tests.push((s) => s.credential.achievement !== undefined && achievements.has(s.credential.achievement));
  const anyTags = match.tags === undefined ? undefined : typeof match.tags === "string" ? [match.tags] : match.tags;
  if (anyTags) {
    tests.push((s) => {
      for (const t of anyTags) if (s.tags.includes(t)) return true;
      return false;
    });
  }
  const allTags = match.all_tags;
  if (allTags) tests.push((s) => allTags.every((t) => s.tags.includes(t)));
  const levels = set(match.level);
  if (levels) tests.push((s) => s.credential.level !== undefined && levels.has(s.credential.level));
  const units = set(match.unit);
  if (units) tests.push((s) => s.credential.amount !== undefined && units.has(s.credential.amount.unit));
  const approvals = set(match.approvals);
  if (approvals) {
    tests.push((s) => {
      const given = s.credential.approvals;
      if (given !== undefined) for (const a of given) if (approvals.has(a)) return true;
      return false;
    });
  }
  const earnedIn = set(match.earned_in);
  if (earnedIn) tests.push((s) => s.credential.earned_in !== undefined && earnedIn.has(s.credential.earned_in));
  if (match.origin !== undefined) {
    const wanted = match.origin;
    tests.push((s) => {
      const origin = credentialOrigin(s.credential);
      return origin !== undefined && (origin === home) === (wanted === "in_state");
    });
  }
  const originStates = set(match.origin_state);
  if (originStates) {
    tests.push((s) => {
      const origin = credentialOrigin(s.credential);
      return origin !== undefined && originStates.has(origin);
    });
  }
  if (match.earned_within_years !== undefined) {
    const years = match.earned_within_years;
    tests.push((s) => s.credential.earned >= addDays(addYears(s.asOf, -years), 1));
  }
  if (match.min_value !== undefined) {
    const min = toRational(match.min_value);
    tests.push((s) => s.value !== undefined && s.value.compare(min) >= 0);
  }
  if (match.min_amount !== undefined) {
    const { unit } = match.min_amount;
    const min = toRational(match.min_amount.value);
    tests.push((s) => s.credential.amount?.unit === unit && toRational(s.credential.amount.value).compare(min) >= 0);
  }
  if (match.min_grade !== undefined) {
    const rank = (grade: string) => (LETTER_GRADES as readonly string[]).indexOf(grade);
    const worst = rank(match.min_grade);
    // a pass meets a minimum of C or lower; no pass never; a credential with no grade is not held back
    const passes = worst >= rank("C");
    tests.push((s) => {
      const g = s.credential.grade;
      if (g === undefined) return true;
      if (g === "P") return passes;
      if (g === "NP") return false;
      return rank(g) <= worst;
    });
  }
  if (match.not !== undefined) {
    const inner = compileMatch(match.not, home);
    tests.push((s) => !inner(s));
  }
  if (tests.length === 0) return always;
  if (tests.length === 1) return tests[0]!;
  // called for every credential and pool: a loop, no closure per call
  return (s) => {
    for (const t of tests) if (!t(s)) return false;
    return true;
  };
}

/**
 * Describes a filter in words, for gap lines ("credentials tagged subject").
 *
 * @example
 * describeMatch({ tags: "subject" }) //=> "credentials tagged subject"
 * describeMatch({}) //=> "any recognized credential"
 */
export function describeMatch(match: Match | undefined): string {
  if (match === undefined) return "any recognized credential";
  // a policy's filters live as long as the policy: each is described once
  let text = descriptions.get(match);
  if (text === undefined) descriptions.set(match, (text = describe(match)));
  return text;
}

const descriptions = new WeakMap<Match, string>();

function describe(match: Match): string {
  const parts: string[] = [];
  const list = (v: string | readonly string[]) => (typeof v === "string" ? v : v.join(" or "));
  if (match.kind) parts.push(`of kind ${list(match.kind)}`);
  if (match.achievement) parts.push(`for achievement ${list(match.achievement)}`);
  if (match.tags) parts.push(`tagged ${list(match.tags)}`);
  if (match.all_tags) parts.push(`tagged ${match.all_tags.join(" and ")}`);
  if (match.issuer) parts.push(`issued by ${list(match.issuer)}`);
  if (match.issuer_state) parts.push(`issued in ${list(match.issuer_state)}`);
  if (match.level) parts.push(`at ${list(match.level)} level`);
  if (match.unit) parts.push(`measured in ${list(match.unit)}`);
  if (match.approvals) parts.push(`with approval ${list(match.approvals)}`);
  if (match.earned_in) parts.push(`earned in ${list(match.earned_in)}`);
  if (match.origin) parts.push(match.origin === "in_state" ? "from this state" : "from another state");
  if (match.origin_state) parts.push(`from ${list(match.origin_state)}`);
  if (match.earned_within_years !== undefined) parts.push(`earned within ${match.earned_within_years} years`);
  if (match.min_value !== undefined) parts.push(`worth at least ${match.min_value}`);
  if (match.min_amount !== undefined) parts.push(`of at least ${match.min_amount.value} ${match.min_amount.unit}`);
  if (match.min_grade !== undefined) parts.push(`graded ${match.min_grade} or better`);
  if (match.not) parts.push(`except ${describeMatch(match.not).replace(/^credentials /, "")}`);
  return parts.length === 0 ? "any recognized credential" : `credentials ${parts.join(", ")}`;
}
