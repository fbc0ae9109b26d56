/**
 * What the playground ships with: the policies in rules/ and the sample records in
 * fixtures/educators/, read as text at build time (the page loads no file at run time).
 */
import { parsePolicy, type CompiledPolicy } from "../src/index.js";

const policyTexts = import.meta.glob<string>("../rules/*.yaml", { query: "?raw", import: "default", eager: true });
const recordTexts = import.meta.glob<string>("../fixtures/educators/*.yaml", { query: "?raw", import: "default", eager: true });

/** A built-in policy file: its name, text, and the policy it compiles to. */
export interface BuiltinPolicy {
  /** The file name, e.g. `nc-renewal-2024.yaml`. */
  readonly file: string;
  readonly text: string;
  readonly policy: CompiledPolicy;
}

/** A sample record: its file name (without .yaml) and text. */
export interface Example {
  readonly name: string;
  readonly text: string;
}

const fileName = (path: string) => path.slice(path.lastIndexOf("/") + 1);

/** Every built-in policy, by file name. */
export const BUILTIN_POLICIES: readonly BuiltinPolicy[] = Object.entries(policyTexts)
  .map(([path, text]) => ({ file: fileName(path), text, policy: parsePolicy(text, { source: `rules/${fileName(path)}` }) }))
  .sort((a, b) => a.file.localeCompare(b.file));

/** Every sample record, by name. */
export const EXAMPLES: readonly Example[] = Object.entries(recordTexts)
  .map(([path, text]) => ({ name: fileName(path).replace(/\.yaml$/, ""), text }))
  .sort((a, b) => a.name.localeCompare(b.name));

/** The states with a built-in policy, sorted. */
export const STATES: readonly string[] = [...new Set(BUILTIN_POLICIES.map((p) => p.policy.state))].sort();
