/**
 * Policy text in, compiled policy out: read the YAML, validate it against the schema, check what
 * the schema cannot see, compile. No file system: loading files is `credstack/node`'s job.
 */
import { isCredstackError, PolicyError } from "../errors/errors.js";
import { createIssue, type CredstackIssue } from "../errors/issue.js";
import { issuesFromZod } from "../errors/zod.js";
import { Policy } from "../schema/policy.js";
import { readYaml, type Locator } from "../yaml/read.js";
import { checkPolicy } from "./check.js";
import { compilePolicy, type CompiledPolicy } from "./compile.js";

type Issues = readonly [CredstackIssue, ...CredstackIssue[]];

/** Options for reading a policy from text. */
export interface ParsePolicyOptions {
  /** The file (or other name) the text came from; issues and rule origins carry it. */
  readonly source?: string | undefined;
  /** The largest accepted text, in UTF-8 bytes. Default 1 MiB. */
  readonly maxBytes?: number | undefined;
  /** The deepest accepted nesting. Default 64. */
  readonly maxDepth?: number | undefined;
  /** The most keys and values accepted. Default 100,000. */
  readonly maxNodes?: number | undefined;
}

/** Options for validating a policy given as data. */
export interface ParsePolicyDataOptions {
  /** The file (or other name) the data came from. */
  readonly source?: string | undefined;
  /** Where each path is written, when the data came from text. */
  readonly locate?: Locator | undefined;
}

/** The result of `safeParsePolicy`. */
export type SafeParsePolicyResult = { readonly success: true; readonly policy: CompiledPolicy } | { readonly success: false; readonly issues: Issues };

/** The result of `safeParsePolicyData`. */
export type SafeParsePolicyDataResult = { readonly success: true; readonly policy: Policy } | { readonly success: false; readonly issues: Issues };

/**
 * Reads, validates, checks and compiles a policy written in YAML, without throwing.
 *
 * @example
 * const result = safeParsePolicy(text, { source: "rules/nc-renewal-2024.yaml" });
 * if (result.success) result.policy.state //=> "NC"
 * else formatIssues(result.issues, { text }) //=> "✖ Unknown key 'categorie'. [unknown_key]\n  → at stacks[0]..."
 */
export function safeParsePolicy(text: string, options: ParsePolicyOptions = {}): SafeParsePolicyResult {
  const read = readYaml(text, options);
  if (!read.ok) return { success: false, issues: read.issues };
  const valid = safeParsePolicyData(read.data, { source: options.source, locate: read.locate });
  if (!valid.success) return valid;
  try {
    return { success: true, policy: compilePolicy(valid.policy, { source: options.source, locate: read.locate }) };
  } catch (error) {
    if (isCredstackError(error)) return { success: false, issues: error.issues };
    throw error;
  }
}

/**
 * Reads, validates, checks and compiles a policy written in YAML.
 *
 * @throws PolicyError with every problem found, each with its path and line:column.
 * @example
 * const nc = parsePolicy(text, { source: "rules/nc-renewal-2024.yaml" });
 * nc.stacks.map((s) => s.id) //=> ["renewal"]
 */
export function parsePolicy(text: string, options: ParsePolicyOptions = {}): CompiledPolicy {
  const result = safeParsePolicy(text, options);
  if (!result.success) throw new PolicyError(result.issues);
  return result.policy;
}

/**
 * Validates and checks a policy given as data (e.g. built in code), without throwing. Compile the
 * result with `compilePolicy` to evaluate with it.
 *
 * @example
 * const result = safeParsePolicyData({ credstack: 1, id: "nc-renewal", ... });
 * if (result.success) compilePolicy(result.policy)
 * else result.issues[0].code //=> "missing_key"
 */
export function safeParsePolicyData(data: unknown, options: ParsePolicyDataOptions = {}): SafeParsePolicyDataResult {
  const parsed = Policy.safeParse(data);
  if (!parsed.success) {
    return nonEmpty(issuesFromZod(parsed.error, { schemaKind: "policy", input: data, locate: options.locate }));
  }
  const problems = checkPolicy(parsed.data, options.locate);
  if (problems.length > 0) return nonEmpty(problems);
  return { success: true, policy: parsed.data };
}

/**
 * Validates and checks a policy given as data.
 *
 * @throws PolicyError with every problem found.
 * @example
 * const compiled = compilePolicy(parsePolicyData(policyObject));
 */
export function parsePolicyData(data: unknown, options: ParsePolicyDataOptions = {}): Policy {
  const result = safeParsePolicyData(data, options);
  if (!result.success) throw new PolicyError(result.issues);
  return result.policy;
}

function nonEmpty(issues: readonly CredstackIssue[]): { readonly success: false; readonly issues: Issues } {
  const [first, ...rest] = issues;
  // zod never fails without an issue; the fallback keeps the type honest
  return { success: false, issues: first ? [first, ...rest] : [createIssue("invalid_value", "The policy is not valid.")] };
}
