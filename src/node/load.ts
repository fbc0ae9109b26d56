/**
 * Loading policies and records from files: the only code that touches the file system.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { EvaluationError, PolicyError } from "../errors/errors.js";
import { createIssue, type CredstackIssue } from "../errors/issue.js";
import type { CompiledPolicy } from "../policy/compile.js";
import { safeParsePolicy } from "../policy/parse.js";
import { safeParseRecordText } from "../record/parse.js";
import type { EducatorRecord } from "../schema/record.js";

function readText(path: string, kind: "policy" | "record"): string {
  try {
    return readFileSync(path, "utf8");
  } catch (cause) {
    const issue = createIssue("file_unreadable", `Cannot read ${kind} file '${path}': ${(cause as NodeJS.ErrnoException).code ?? String(cause)}.`, [], {
      position: { file: path, line: 1, column: 1 },
    });
    throw kind === "policy" ? new PolicyError([issue]) : new EvaluationError([issue], { cause });
  }
}

/**
 * Reads, validates and compiles one policy file.
 *
 * @throws PolicyError with every problem found, each with file:line:column.
 * @example
 * const nc = loadPolicyFile("rules/nc-renewal-2024.yaml");
 * nc.state //=> "NC"
 */
export function loadPolicyFile(path: string): CompiledPolicy {
  const result = safeParsePolicy(readText(path, "policy"), { source: path });
  if (!result.success) throw new PolicyError(result.issues);
  return result.policy;
}

/**
 * Loads every `.yaml` / `.yml` policy in a folder (not its subfolders), in file-name order.
 * Each policy's source (cited in reports) is its path, or `sourcePrefix` + its file name.
 *
 * @throws PolicyError with the problems of every invalid file.
 * @example
 * loadPolicies("rules").map((p) => p.state) //=> ["NC", ...]
 */
export function loadPolicies(dir: string, options: { sourcePrefix?: string } = {}): CompiledPolicy[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => /\.ya?ml$/i.test(n)).sort();
  } catch (cause) {
    throw new PolicyError([
      createIssue("file_unreadable", `Cannot read the policy folder '${dir}': ${(cause as NodeJS.ErrnoException).code ?? String(cause)}.`),
    ]);
  }
  const policies: CompiledPolicy[] = [];
  const issues: CredstackIssue[] = [];
  for (const name of names) {
    const path = join(dir, name);
    const source = options.sourcePrefix !== undefined ? `${options.sourcePrefix}${name}` : path;
    const result = safeParsePolicy(readText(path, "policy"), { source });
    if (result.success) policies.push(result.policy);
    else issues.push(...result.issues);
  }
  if (issues.length > 0) throw new PolicyError(issues as [CredstackIssue, ...CredstackIssue[]]);
  return policies;
}

/**
 * The folder of the policies shipped with credstack (`rules/` in the package).
 *
 * @throws PolicyError (`file_unreadable`) when the package has no `rules/` folder (a broken install).
 * @example
 * builtinRulesDir() //=> "/…/node_modules/credstack/rules"
 */
export function builtinRulesDir(): string {
  return rulesDirAbove(dirname(fileURLToPath(import.meta.url)));
}

/**
 * The `rules/` folder beside the first `package.json` found from a folder upwards: the package
 * that folder belongs to (how `builtinRulesDir` finds credstack's own, from this module's folder).
 * A package without its `rules/` folder is a broken install: the search does not go on to a
 * `rules/` folder further up (an application's own, say).
 *
 * @throws PolicyError (`file_unreadable`) when that package has no `rules/` folder, or no
 * `package.json` is found up to the root.
 * @example
 * rulesDirAbove("/app/node_modules/credstack/dist") //=> "/app/node_modules/credstack/rules"
 */
export function rulesDirAbove(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, "package.json"))) {
      const candidate = join(dir, "rules");
      if (existsSync(candidate)) return resolve(candidate);
      throw rulesMissing(`The credstack package at '${dir}' has no rules/ folder.`);
    }
    if (dirname(dir) === dir) throw rulesMissing(`No package.json was found from '${start}' up to the root, so the built-in rules/ folder could not be found.`);
  }
}

function rulesMissing(message: string): PolicyError {
  return new PolicyError([createIssue("file_unreadable", message, [], { hint: "Reinstall credstack: its package ships the rules/ folder." })]);
}

/**
 * Loads the policies shipped with credstack.
 *
 * @example
 * const policies = loadBuiltinPolicies();
 * evaluate(record, policies, { asOf: "2026-11-24" });
 */
export function loadBuiltinPolicies(): CompiledPolicy[] {
  // cited as rules/<file>, the same on every machine
  return loadPolicies(builtinRulesDir(), { sourcePrefix: "rules/" });
}

/**
 * Reads and validates an educator record from a JSON or YAML file.
 *
 * @throws EvaluationError (record_invalid, with file:line:column) for a record that does not fit the format.
 * @example
 * const record = loadRecordFile("fixtures/educators/nc-6-12-met.yaml");
 * record.id //=> "nc-6-12-met"
 */
export function loadRecordFile(path: string): EducatorRecord {
  const text = readText(path, "record");
  const format = /\.json$/i.test(path) ? "json" : /\.ya?ml$/i.test(path) ? "yaml" : undefined;
  const result = safeParseRecordText(text, { source: path, ...(format ? { format } : {}) });
  if (!result.success) throw new EvaluationError(result.issues);
  return result.record;
}
