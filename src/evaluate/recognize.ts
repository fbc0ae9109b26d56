/**
 * Screening a record's credentials under one policy: revoked, expired and future credentials are
 * set aside with a reason; the rest are recognized by the policy's first matching rule and valued
 * exactly in the policy's credit unit, or rejected with a reason; among recognized credentials, a
 * second copy (same achievement, issuer and date) is a duplicate.
 */
import { formatRational, minRational, toRational, ZERO, type Rational } from "../quantity/rational.js";
import type { Condition } from "../schema/condition.js";
import type { EarnedCredential } from "../schema/credential.js";
import type { RejectionCode } from "../schema/report.js";
import type { CompiledPolicy, CompiledRecognition } from "../policy/compile.js";
import type { MatchSubject } from "./match.js";
import { credentialOrigin } from "./origin.js";

/** A credential the policy recognizes, with its exact value and tags. */
export interface RecognizedCredential extends MatchSubject {
  readonly id: string;
  readonly value: Rational;
  readonly rule: CompiledRecognition;
  /** The value before the recognition rule's per-credential cap, when the cap cut it. */
  readonly uncapped: Rational | undefined;
  /** The indexes of the policy's conversions used to value it. */
  readonly via: readonly number[];
  /** The achievement's catalog entry, when the value came from the catalog. */
  readonly catalogEntry: string | undefined;
  /** Recognized with `value: count`: no credit, it counts by number in count pools only. */
  readonly countOnly: boolean;
}

/** A credential set aside for the whole policy. */
export interface Rejection {
  readonly code: RejectionCode;
  readonly message: string;
}

export interface Screening {
  /** Recognized credentials, ordered by id. */
  readonly recognized: readonly RecognizedCredential[];
  /** Rejected credentials by id. */
  readonly rejected: ReadonlyMap<string, Rejection>;
}

/**
 * Screens and values every credential on a record under one policy.
 *
 * @example
 * const { recognized, rejected } = screenCredentials(record.credentials, compiled, "2026-11-24", (c) => evaluateCondition(c, facts).result);
 * rejected.get("cred-07") //=> { code: "revoked", message: "It was revoked." }
 */
export function screenCredentials(
  credentials: readonly EarnedCredential[],
  policy: CompiledPolicy,
  asOf: string,
  holds: (condition: Condition) => boolean,
): Screening {
  const rejected = new Map<string, Rejection>();
  return { recognized: screen(credentials, policy, asOf, holds, rejected), rejected };
}

/**
 * The credentials a policy recognizes on a record, valued, as `screenCredentials` gives them,
 * without the reasons why the others were set aside (for the status path, which never shows them).
 *
 * @example
 * recognizeCredentials(record.credentials, compiled, "2026-11-24", (c) => evaluateCondition(c, facts).result).map((c) => c.id) //=> ["cred-01", "cred-03"]
 */
export function recognizeCredentials(
  credentials: readonly EarnedCredential[],
  policy: CompiledPolicy,
  asOf: string,
  holds: (condition: Condition) => boolean,
): readonly RecognizedCredential[] {
  return screen(credentials, policy, asOf, holds, undefined);
}

/** The screening itself: the recognized credentials, and each rejection in `rejected` when it is given. */
function screen(
  credentials: readonly EarnedCredential[],
  policy: CompiledPolicy,
  asOf: string,
  holds: (condition: Condition) => boolean,
  rejected: Map<string, Rejection> | undefined,
): RecognizedCredential[] {
  // records usually list their credentials in id order already: sort only when they do not
  let inOrder = true;
  for (let i = 1; i < credentials.length && inOrder; i++) inOrder = credentials[i - 1]!.id < credentials[i]!.id;
  const sorted = inOrder ? credentials : [...credentials].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const recognized: RecognizedCredential[] = [];
  const copies = new Copies();
  for (const c of sorted) {
    if (c.status === "revoked") {
      rejected?.set(c.id, { code: "revoked", message: "It was revoked." });
      continue;
    }
    if (c.status === "expired" || (c.expires !== undefined && c.expires < asOf)) {
      rejected?.set(c.id, { code: "expired", message: c.expires ? `It expired on ${c.expires}.` : "It has expired." });
      continue;
    }
    if (c.earned > asOf) {
      rejected?.set(c.id, { code: "earned_after_as_of", message: `It was earned on ${c.earned}, after the as-of date ${asOf}.` });
      continue;
    }
    const outcome = recognize(c, policy, asOf, holds, rejected !== undefined);
    if ("code" in outcome) {
      rejected?.set(c.id, outcome);
      continue;
    }
    // a duplicate of a credential that counts (a revoked or unrecognized copy never blocks a valid one)
    if (c.achievement !== undefined) {
      const first = copies.firstCopy(c);
      if (first !== undefined) {
        rejected?.set(c.id, { code: "duplicate", message: `It duplicates ${first} (same achievement, issuer and date); it counts once.` });
        continue;
      }
    }
    recognized.push(outcome);
  }
  return recognized;
}

/**
 * The credentials that count so far, by achievement, to find a second copy (same achievement,
 * issuer and date). The achievement's own text is the key and its few credentials are compared
 * field by field, so no key is written out per credential; an achievement with many credentials
 * gets a set of issuer-and-date keys, so a large record stays linear.
 */
class Copies {
  private readonly byAchievement = new Map<string, EarnedCredential[]>();
  private readonly keysOf = new Map<string, Map<string, string>>();

  /** The id of the first copy of `c` (which has an achievement) already counted; else undefined, and `c` is counted. */
  firstCopy(c: EarnedCredential): string | undefined {
    const achievement = c.achievement!;
    const keys = this.keysOf.get(achievement);
    if (keys !== undefined) {
      const key = `${c.issuer.id}\u0000${c.earned}`;
      const first = keys.get(key);
      if (first === undefined) keys.set(key, c.id);
      return first;
    }
    const same = this.byAchievement.get(achievement);
    if (same === undefined) {
      this.byAchievement.set(achievement, [c]);
      return undefined;
    }
    for (const o of same) if (o.issuer.id === c.issuer.id && o.earned === c.earned) return o.id;
    same.push(c);
    if (same.length >= MANY_COPIES) this.keysOf.set(achievement, new Map(same.map((o) => [`${o.issuer.id}\u0000${o.earned}`, o.id])));
    return undefined;
  }
}

/** How many credentials of one achievement are compared one by one before they are keyed. */
const MANY_COPIES = 16;

/** The rejection of a credential no rule accepts when no one reads why (`recognize` without `explain`). */
const UNEXPLAINED: Rejection = { code: "not_recognized", message: "" };

/** The tags of a credential that has none: shared, never written to. */
const NO_TAGS: readonly string[] = [];

/**
 * A credential recognized and valued, or why not. Without `explain`, a credential no rule accepts
 * gets the shared `UNEXPLAINED`, its message not made (the rarer `no_value` rejections keep theirs).
 */
function recognize(c: EarnedCredential, policy: CompiledPolicy, asOf: string, holds: (condition: Condition) => boolean, explain: boolean): RecognizedCredential | Rejection {
  const ownTags = c.tags ?? NO_TAGS;
  const own = c.amount ? policy.conversions.convert(toRational(c.amount.value), c.amount.unit, { credential: c, tags: ownTags, value: undefined, asOf }) : undefined;
  const probe: MatchSubject = { credential: c, tags: ownTags, value: own?.value, asOf };
  // the first rule that accepts it, among those whose filter may accept its kind
  let rule: CompiledRecognition | undefined;
  for (const r of rulesForKind(policy.recognition, c.kind)) {
    if ((r.when === undefined || holds(r.when)) && r.matchOfKind(probe)) {
      rule = r;
      break;
    }
  }
  if (!rule) {
    if (!explain) return UNEXPLAINED;
    const origin = credentialOrigin(c);
    // the default for another state's credential: not accepted unless a rule of this policy says so
    const message =
      origin !== undefined && origin !== policy.state
        ? `It comes from ${origin}, another state, and no recognition rule of ${policy.id}@${policy.version} accepts it: a credential from another state counts only where a rule says so.`
        : `No recognition rule of ${policy.id}@${policy.version} accepts it.`;
    return { code: "not_recognized", message };
  }
  let value: Rational | undefined;
  let via: readonly number[] = [];
  let catalogEntry: string | undefined;
  // the rule's tags and, from the catalog, the entry's, added to the credential's own
  let tags = withTags(ownTags, rule.tags);
  if (rule.value === "flat") value = rule.flat;
  else if (rule.value === "count") value = ZERO;
  else if (rule.value === "convert") {
    if (!c.amount) return { code: "no_value", message: `Rule '${rule.id}' values it by its amount, and it has none.` };
    if (!own) {
      return {
        code: "no_value",
        message: `Its unit '${c.amount.unit}' cannot be converted to ${policy.unitLabel} (${policy.unit}).`,
      };
    }
    value = own.value;
    via = own.via;
  } else {
    const entry = c.achievement === undefined ? undefined : policy.catalog.get(c.achievement);
    if (!entry) return { code: "no_value", message: `Rule '${rule.id}' values it from the catalog, which does not list its achievement.` };
    const converted = policy.conversions.convert(entry.amount, entry.unit, { credential: c, tags, value: undefined, asOf });
    if (!converted) return { code: "no_value", message: `The catalog's unit '${entry.unit}' cannot be converted to ${policy.unit}.` };
    value = converted.value;
    via = converted.via;
    catalogEntry = c.achievement;
    tags = withTags(tags, entry.tags);
  }
  let uncapped: Rational | undefined;
  if (rule.max !== undefined && value!.compare(rule.max) > 0) {
    uncapped = value;
    value = minRational(value!, rule.max);
  }
  return { id: c.id, credential: c, tags, value: value!, rule, uncapped, via, catalogEntry, asOf, countOnly: rule.value === "count" };
}

/**
 * The recognition rules whose filter may accept a credential of a kind, in declared order: those
 * that name the kind, and those that name none. Indexed once per list of rules.
 *
 * @example
 * rulesForKind(compiled.recognition, "college_credit").map((r) => r.id) //=> ["college-coursework"]
 */
export function rulesForKind(rules: readonly CompiledRecognition[], kind: string): readonly CompiledRecognition[] {
  let byKind = rulesByKind.get(rules);
  if (!byKind) rulesByKind.set(rules, (byKind = new Map()));
  let list = byKind.get(kind);
  if (!list) byKind.set(kind, (list = rules.filter((r) => r.kinds === undefined || r.kinds.includes(kind))));
  return list;
}

const rulesByKind = new WeakMap<readonly CompiledRecognition[], Map<string, readonly CompiledRecognition[]>>();

/** A credential's tags with more added (each once): the same list when there are none to add. */
function withTags(tags: readonly string[], more: readonly string[]): readonly string[] {
  let union: string[] | undefined;
  for (const t of more) {
    if (tags.includes(t) || union?.includes(t)) continue;
    (union ??= [...tags]).push(t);
  }
  return union ?? tags;
}

/** Formats a value with the policy's unit label, e.g. "1.5 renewal credit". */
export function describeValue(value: Rational, policy: CompiledPolicy): string {
  return `${formatRational(value)} ${policy.unitLabel}`;
}
