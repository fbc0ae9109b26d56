/**
 * Turning zod's issues into credstack issues: our codes, one plain sentence each, the position
 * in the source text, and a "did you mean" hint for misspelt keys.
 */
import type { z } from "zod";
import { Amount, IsoDate } from "../schema/primitives.js";
import { Policy, Requirement } from "../schema/policy.js";
import { EducatorRecord } from "../schema/record.js";
import type { Locator } from "../yaml/read.js";
import type { IssueCode } from "./codes.js";
import { createIssue, formatPath, type CredstackIssue } from "./issue.js";
import { sortIssues } from "./sort.js";
import { closestMatch } from "./suggest.js";

type ZodIssue = z.core.$ZodIssue;
type Path = readonly (string | number)[];

/** Options for `issuesFromZod`. */
export interface ZodIssueOptions {
  /** What was parsed: picks the schema the keys are looked up in, and the wording. */
  readonly schemaKind: "policy" | "record" | "test suite" | "badge" | "CSV row" | "mapping" | "catalog";
  /** The schema that was parsed, when it is not the whole `Policy` or `EducatorRecord`. */
  readonly schema?: z.ZodType | undefined;
  /** The data that was parsed: tells a missing key from an empty one and names bad values. */
  readonly input?: unknown;
  /** Where each path is written in the source text. */
  readonly locate?: Locator | undefined;
  /** Replaces the code chosen for an issue, e.g. to report every record problem as `record_invalid`. */
  readonly codeFor?: ((code: IssueCode, issue: ZodIssue) => IssueCode) | undefined;
}

/** The keys that say what kind of requirement a requirement is. */
const REQUIREMENT_KEYS = ["credit", "count", "condition", "stack", "all", "any"] as const;

/**
 * Turns a zod error into credstack issues, sorted by position then path.
 *
 * Unknown keys become one `unknown_key` issue per key, positioned at the key, with the closest
 * valid key as a hint; missing keys become `missing_key`; bad dates `invalid_date`; bad amounts
 * `invalid_amount`; requirements of no (or two) kinds `invalid_requirement`. For a union, the
 * issues of the alternative that fits best are reported, not zod's "Invalid input".
 *
 * @example
 * const input = { ...validPolicy, titel: validPolicy.title };
 * delete input.title;
 * const result = Policy.safeParse(input);
 * if (!result.success) issuesFromZod(result.error, { schemaKind: "policy", input });
 * //=> [{ code: "unknown_key", message: "Unknown key 'titel'.", path: ["titel"], hint: "Did you mean 'title'?" }]
 */
export function issuesFromZod(error: z.ZodError, options: ZodIssueOptions): CredstackIssue[] {
  const context: Context = {
    options,
    root: options.schema ?? (options.schemaKind === "policy" ? Policy : EducatorRecord),
    suggested: new Map(),
    missing: new Set(),
  };
  const issues = error.issues.flatMap((issue) => convert(issue, [], context));
  return sortIssues(dedupe(withoutEchoes(issues, context)));
}

interface Context {
  readonly options: ZodIssueOptions;
  readonly root: z.ZodType;
  /** Unknown-key issues with a suggestion, and the path of the key they suggest. */
  readonly suggested: Map<CredstackIssue, Path>;
  /** Missing-key issues. */
  readonly missing: Set<CredstackIssue>;
}

/**
 * Drops "Missing key 'from'" when "Unknown key 'frm'. Did you mean 'from'?" already says it:
 * one typo, one issue.
 */
function withoutEchoes(issues: readonly CredstackIssue[], context: Context): CredstackIssue[] {
  const covered = new Set<string>();
  for (const issue of issues) {
    const path = context.suggested.get(issue);
    if (path) covered.add(formatPath(path));
  }
  return issues.filter((issue) => !(context.missing.has(issue) && covered.has(formatPath(issue.path))));
}

////////////////////////////////////////////////////////////////////////////////
// one zod issue -> credstack issues
////////////////////////////////////////////////////////////////////////////////

function convert(issue: ZodIssue, base: Path, context: Context): CredstackIssue[] {
  const path: Path = [...base, ...issue.path.map((key) => (typeof key === "number" ? key : String(key)))];
  const value = valueAt(context.options.input, path);
  const make = (code: IssueCode, message: string, extra: { hint?: string; part?: "key" | "value" } = {}): CredstackIssue[] => {
    const finalCode = context.options.codeFor ? context.options.codeFor(code, issue) : code;
    return [
      createIssue(finalCode, message, path, {
        hint: extra.hint,
        position: context.options.locate?.(path, extra.part ?? "value"),
      }),
    ];
  };

  if (issue.code !== "unrecognized_keys" && issue.code !== "invalid_union" && isMissing(context.options.input, path)) {
    const hint = issue.code === "invalid_value" ? `Add '${String(path[path.length - 1])}': ${oneOf(issue.values)}.` : undefined;
    const missing = make("missing_key", `Missing key '${String(path[path.length - 1])}'.`, hint === undefined ? {} : { hint });
    for (const m of missing) context.missing.add(m);
    return missing;
  }
  switch (issue.code) {
    case "unrecognized_keys": {
      const valid = keysAt(context.root, path);
      return issue.keys.flatMap((key) => {
        const keyPath = [...path, key];
        const suggestion = closestMatch(key, valid);
        const hint = suggestion ? `Did you mean '${suggestion}'?` : valid.length > 0 ? `Valid keys here: ${valid.join(", ")}.` : undefined;
        const code = context.options.codeFor ? context.options.codeFor("unknown_key", issue) : "unknown_key";
        const unknown = createIssue(code, `Unknown key '${key}'.`, keyPath, { hint, position: context.options.locate?.(keyPath, "key") });
        if (suggestion) context.suggested.set(unknown, [...path, suggestion]);
        return [unknown];
      });
    }
    case "invalid_union":
      return convertUnion(issue, path, value, context, make);
    case "invalid_type": {
      if (path.length === 0 && issue.expected === "object") {
        return make("not_an_object", `The ${context.options.schemaKind} must be a mapping of keys to values, not ${describe(value)}.`);
      }
      if (isAt(context.root, path, IsoDate)) return make("invalid_date", dateMessage(path, value));
      if (isAt(context.root, path, Amount)) return make("invalid_amount", amountMessage(path, value));
      return make("invalid_type", `${subject(path)} must be ${expectedText(issue.expected)}, not ${describe(value)}.`);
    }
    case "invalid_value":
      return make("invalid_value", `${subject(path)} must be ${oneOf(issue.values)}, not ${describe(value)}.`);
    case "too_small":
    case "too_big": {
      if (isAt(context.root, path, Amount)) return make("invalid_amount", amountMessage(path, value));
      const message = sizeMessage(path, value, issue);
      return make(issue.code === "too_small" ? "too_small" : "invalid_value", message);
    }
    case "invalid_format":
    case "custom":
    case "not_multiple_of": {
      if (isAt(context.root, path, IsoDate)) {
        return make("invalid_date", issue.code === "custom" && !issue.message.startsWith("must") ? sentence(issue.message) : dateMessage(path, value));
      }
      if (isAt(context.root, path, Amount)) {
        // a well-formed amount over the limits: say which limit
        const limit = issue.code === "custom" && issue.message.startsWith("must be at most");
        return make("invalid_amount", limit ? `${subject(path)} ${issue.message}, not ${describe(value)}.` : amountMessage(path, value));
      }
      if (issue.message.startsWith("must")) return make("invalid_value", `${subject(path)} ${issue.message}, not ${describe(value)}.`);
      return make("invalid_value", sentence(issue.message));
    }
    case "invalid_key": {
      const key = String(path[path.length - 1]);
      const reason = issue.issues[0]?.message ?? "is not allowed";
      return make("invalid_value", `The key '${key}' ${reason.startsWith("must") ? reason : `is not allowed: ${reason}`}.`, { part: "key" });
    }
    default:
      return make("invalid_value", sentence(issue.message));
  }
}

function convertUnion(
  issue: z.core.$ZodIssueInvalidUnion,
  path: Path,
  value: unknown,
  context: Context,
  make: (code: IssueCode, message: string, extra?: { hint?: string }) => CredstackIssue[],
): CredstackIssue[] {
  // a discriminated union whose discriminator matched no option
  if (issue.discriminator !== undefined && issue.errors.length === 0) {
    const allowed = "options" in issue && issue.options ? issue.options : [];
    if (isMissing(context.options.input, path)) {
      const missing = make("missing_key", `Missing key '${issue.discriminator}'.`, { hint: `Add '${issue.discriminator}': ${oneOf(allowed)}.` });
      for (const m of missing) context.missing.add(m);
      return missing;
    }
    return make("invalid_value", `${subject(path)} must be ${oneOf(allowed)}, not ${describe(value)}.`);
  }
  if (isAt(context.root, path, Amount)) return make("invalid_amount", amountMessage(path, value));
  if (isAt(context.root, path, Requirement) && isPlainObject(value)) {
    const kinds = REQUIREMENT_KEYS.filter((key) => Object.hasOwn(value, key));
    const all = orList(REQUIREMENT_KEYS);
    if (kinds.length === 0) return make("invalid_requirement", `The requirement has none of the keys ${all}.`);
    if (kinds.length > 1) {
      const both = orList(kinds.map((k) => `'${k}'`)).replace(/ or ([^ ]+)$/, " and $1");
      return make("invalid_requirement", `The requirement has ${both}; it must have only one of ${all}.`);
    }
  }
  if (issue.errors.length === 0) return make("invalid_value", `${subject(path)} matches more than one form; it must match exactly one.`);

  // every alternative wants another type: say which types would do
  const rootTypes = issue.errors.map((branch) => branch.find((i) => i.code === "invalid_type" && i.path.length === 0));
  if (rootTypes.every((i) => i !== undefined)) {
    const expected = [...new Set(rootTypes.map((i) => expectedText((i as z.core.$ZodIssueInvalidType).expected)))];
    return make("invalid_type", `${subject(path)} must be ${orList(expected)}, not ${describe(value)}.`);
  }

  // alternatives that are fixed values ("convert" | "catalog" | ...): list them all
  const fitting = issue.errors.filter((_, i) => rootTypes[i] === undefined);
  const literals = fitting.every((b) => b.length === 1 && b[0]!.code === "invalid_value" && b[0]!.path.length === 0);
  if (literals) {
    const values = fitting.flatMap((b) => (b[0] as z.core.$ZodIssueInvalidValue).values);
    return make("invalid_value", `${subject(path)} must be ${oneOf(values)}, not ${describe(value)}.`);
  }

  // otherwise: the issues of the alternative that fits best
  const candidates = issue.errors.map((branch) => branch.flatMap((i) => convert(i, path, context)));
  let best = candidates[0]!;
  let bestScore = score(best, path);
  for (const candidate of candidates.slice(1)) {
    const s = score(candidate, path);
    if (compareScores(s, bestScore) < 0) {
      best = candidate;
      bestScore = s;
    }
  }
  return best;
}

/**
 * How badly an alternative fits, smaller is better: a wrong type at the union itself first, then
 * keys missing or unknown right below it (the shape is wrong), then shallower issues (the deeper
 * an issue, the more of the value the alternative accepted), then more issues.
 */
function score(issues: readonly CredstackIssue[], unionPath: Path): [number, number, number, number] {
  const depth = unionPath.length;
  const wrongType = issues.some((i) => (i.code === "invalid_type" || i.code === "not_an_object") && i.path.length === depth) ? 1 : 0;
  const shape = issues.filter((i) => (i.code === "unknown_key" || i.code === "missing_key") && i.path.length === depth + 1).length;
  const deepest = Math.max(0, ...issues.map((i) => i.path.length));
  return [wrongType, shape, -deepest, issues.length];
}

function compareScores(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

////////////////////////////////////////////////////////////////////////////////
// messages
////////////////////////////////////////////////////////////////////////////////

/** The key an issue is about, with any list indexes after it: 'credit', 'tags[2]'. */
function subject(path: Path): string {
  if (path.length === 0) return "The document";
  let start = path.length - 1;
  while (start > 0 && typeof path[start] === "number") start -= 1;
  return `'${formatPath(path.slice(start))}'`;
}

function dateMessage(path: Path, value: unknown): string {
  return `${subject(path)} must be a real calendar date written YYYY-MM-DD, not ${describe(value)}.`;
}

function amountMessage(path: Path, value: unknown): string {
  return `${subject(path)} must be a non-negative number, a decimal like "0.5" or a fraction like "1/14", not ${describe(value)}.`;
}

function sizeMessage(path: Path, value: unknown, issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig): string {
  const small = issue.code === "too_small";
  const limit = small ? issue.minimum : issue.maximum;
  if (issue.origin === "array") {
    const n = Number(limit);
    return `${subject(path)} must have ${small ? "at least" : "at most"} ${n} ${n === 1 ? "item" : "items"}.`;
  }
  if (issue.origin === "string") {
    if (small && Number(limit) === 1) return `${subject(path)} must not be empty.`;
    return `${subject(path)} must be ${small ? "at least" : "at most"} ${String(limit)} characters long.`;
  }
  return `${subject(path)} must be ${small ? "at least" : "at most"} ${String(limit)}, not ${describe(value)}.`;
}

function expectedText(expected: string): string {
  const names: Record<string, string> = {
    string: "text",
    number: "a number",
    int: "a whole number",
    boolean: "true or false",
    array: "a list",
    object: "a mapping",
    record: "a mapping",
    null: "empty",
  };
  return names[expected] ?? expected;
}

/** Describes a value for a message: 'text', 5, true, empty, a list, a mapping. */
function describe(value: unknown): string {
  if (value === undefined) return "missing";
  if (value === null) return "empty";
  if (typeof value === "string") return `'${value.length > 40 ? `${value.slice(0, 37)}...` : value}'`;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  if (Array.isArray(value)) return "a list";
  return "a mapping";
}

function oneOf(values: readonly unknown[]): string {
  const written = [...new Set(values.map((v) => (typeof v === "string" ? `'${v}'` : String(v))))];
  return written.length <= 2 ? orList(written) : `one of ${orList(written)}`;
}

function orList(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? "";
  return `${items.slice(0, -1).join(", ")} or ${items[items.length - 1]}`;
}

/** A message as one sentence: capitalised (unless it starts with a quote) and ending with a full stop. */
function sentence(message: string): string {
  const text = message.trim();
  const capital = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

////////////////////////////////////////////////////////////////////////////////
// the data: what is at a path
////////////////////////////////////////////////////////////////////////////////

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function valueAt(input: unknown, path: Path): unknown {
  let current = input;
  for (const key of path) {
    if (Array.isArray(current) && typeof key === "number") current = current[key];
    else if (isPlainObject(current) && Object.hasOwn(current, key)) current = current[key];
    else return undefined;
  }
  return current;
}

/** Tells whether the last key of `path` is absent from an existing mapping. */
function isMissing(input: unknown, path: Path): boolean {
  if (path.length === 0 || input === undefined) return false;
  const parent = valueAt(input, path.slice(0, -1));
  const key = path[path.length - 1]!;
  return isPlainObject(parent) && (!Object.hasOwn(parent, key) || parent[key] === undefined);
}

////////////////////////////////////////////////////////////////////////////////
// the schema: what is expected at a path
////////////////////////////////////////////////////////////////////////////////

interface Def {
  readonly type: string;
  readonly [key: string]: unknown;
}

function defOf(schema: unknown): Def {
  return (schema as { _zod: { def: Def } })._zod.def;
}

/** The schema and every schema it stands for: through lazy, optional, default and pipe, and each union option. */
function expand(schemas: readonly unknown[]): unknown[] {
  const out: unknown[] = [];
  const seen = new Set<Def>();
  const queue = [...schemas];
  while (queue.length > 0) {
    const schema = queue.shift();
    if (schema === undefined) continue;
    const def = defOf(schema);
    if (seen.has(def)) continue;
    seen.add(def);
    out.push(schema);
    switch (def.type) {
      case "lazy":
        queue.push((def.getter as () => unknown)());
        break;
      case "optional":
      case "nullable":
      case "default":
      case "prefault":
      case "nonoptional":
      case "readonly":
      case "catch":
        queue.push(def.innerType);
        break;
      case "pipe":
        queue.push(def.in);
        break;
      case "union":
        queue.push(...(def.options as unknown[]));
        break;
      case "intersection":
        queue.push(def.left, def.right);
        break;
    }
  }
  return out;
}

/** The schemas that describe the value at `path` (several where unions leave it open). */
function schemasAt(root: unknown, path: Path): unknown[] {
  let current = expand([root]);
  for (const key of path) {
    const next: unknown[] = [];
    for (const schema of current) {
      const def = defOf(schema);
      if (def.type === "object" && typeof key === "string") {
        const shape = def.shape as Record<string, unknown>;
        if (Object.hasOwn(shape, key)) next.push(shape[key]);
      } else if (def.type === "record" && typeof key === "string") {
        next.push(def.valueType);
      } else if (def.type === "array" && typeof key === "number") {
        next.push(def.element);
      }
    }
    current = expand(next);
  }
  return current;
}

function isAt(root: unknown, path: Path, target: unknown): boolean {
  const wanted = defOf(target);
  return schemasAt(root, path).some((schema) => defOf(schema) === wanted);
}

/** The keys a mapping at `path` may have (the union of every alternative's keys). */
function keysAt(root: unknown, path: Path): string[] {
  const keys = new Set<string>();
  for (const schema of schemasAt(root, path)) {
    const def = defOf(schema);
    if (def.type === "object") for (const key of Object.keys(def.shape as object)) keys.add(key);
  }
  return [...keys];
}

////////////////////////////////////////////////////////////////////////////////
// order
////////////////////////////////////////////////////////////////////////////////

function dedupe(issues: readonly CredstackIssue[]): CredstackIssue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${issue.code}\u0000${formatPath(issue.path)}\u0000${issue.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
