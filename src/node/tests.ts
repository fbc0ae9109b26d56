/**
 * Policy tests from files: find `*.test.yaml` files, read them (with line and column for every
 * problem), load the records they name relative to themselves, and run them.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { PolicyError } from "../errors/errors.js";
import { createIssue, type CredstackIssue } from "../errors/issue.js";
import { issuesFromZod } from "../errors/zod.js";
import type { CompiledPolicy } from "../policy/compile.js";
import { runPolicyTests, type PolicyTestInput, type PolicyTestRun } from "../policy-test/run.js";
import { PolicyTestSuite } from "../schema/policy-test.js";
import { readYaml } from "../yaml/read.js";
import { loadBuiltinPolicies, loadPolicies, loadRecordFile } from "./load.js";

/**
 * Lists the policy test files under the paths given: files as they are, folders searched
 * (recursively) for `*.test.yaml` / `*.test.yml`, in path order.
 *
 * @example
 * findPolicyTestFiles(["fixtures"]) //=> ["fixtures/tests/nc-renewal.test.yaml", ...]
 */
export function findPolicyTestFiles(paths: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (path: string) => {
    let isDir: boolean;
    try {
      isDir = statSync(path).isDirectory();
    } catch {
      throw new PolicyError([createIssue("file_unreadable", `Cannot read '${path}'.`, [], { position: { file: path, line: 1, column: 1 } })]);
    }
    if (!isDir) return void out.push(path);
    for (const name of readdirSync(path).sort()) {
      const child = join(path, name);
      if (statSync(child).isDirectory()) walk(child);
      else if (/\.test\.ya?ml$/i.test(name)) out.push(child);
    }
  };
  paths.forEach(walk);
  return out;
}

/**
 * Reads one policy test file.
 *
 * @throws PolicyError with every problem, each with file:line:column.
 * @example
 * loadPolicyTestFile("fixtures/tests/nc-renewal.test.yaml").suite.cases.length //=> 18
 */
export function loadPolicyTestFile(path: string): PolicyTestInput {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    throw new PolicyError([createIssue("file_unreadable", `Cannot read policy test file '${path}'.`, [], { position: { file: path, line: 1, column: 1 } })]);
  }
  const read = readYaml(text, { source: path });
  if (!read.ok) throw new PolicyError(read.issues);
  const parsed = PolicyTestSuite.safeParse(read.data);
  if (!parsed.success) {
    const issues = issuesFromZod(parsed.error, { schemaKind: "test suite", schema: PolicyTestSuite, input: read.data, locate: read.locate });
    throw new PolicyError(issues as [CredstackIssue, ...CredstackIssue[]]);
  }
  const base = dirname(resolve(path));
  return { suite: parsed.data, source: path, loadRecord: (p) => loadRecordFile(resolve(base, p)) };
}

/** Options for `runPolicyTestFiles`. */
export interface RunPolicyTestFilesOptions {
  /** A folder of policies, or policies already loaded (default: the built-in rules). */
  readonly rules?: string | readonly CompiledPolicy[];
}

/**
 * Finds, reads and runs policy test files.
 *
 * @example
 * const run = runPolicyTestFiles(["fixtures"]);
 * console.log(renderTestRun(run, { threshold: 90 }));
 */
export function runPolicyTestFiles(paths: readonly string[], options: RunPolicyTestFilesOptions = {}): PolicyTestRun {
  const policies = options.rules === undefined ? loadBuiltinPolicies() : typeof options.rules === "string" ? loadPolicies(options.rules) : options.rules;
  return runPolicyTests(findPolicyTestFiles(paths).map(loadPolicyTestFile), policies);
}
