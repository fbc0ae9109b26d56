/**
 * Loading planner catalogs from files (rules/catalogs/ holds the built-in ones).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { EvaluationError } from "../errors/errors.js";
import { createIssue, type CredstackIssue } from "../errors/issue.js";
import { safeParseCatalogText } from "../plan/catalog.js";
import type { Catalog } from "../schema/catalog.js";
import { builtinRulesDir } from "./load.js";

/**
 * Reads and validates a catalog file (YAML, or JSON for `.json`).
 *
 * @throws EvaluationError (`file_unreadable`, `catalog_invalid`, `unknown_key`, with file:line:column).
 * @example
 * loadCatalogFile("rules/catalogs/wy-wde-cs.yaml").items.length //=> 32
 */
export function loadCatalogFile(path: string): Catalog {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (cause) {
    throw new EvaluationError(
      [createIssue("file_unreadable", `Cannot read catalog file '${path}': ${(cause as NodeJS.ErrnoException).code ?? String(cause)}.`, [], { position: { file: path, line: 1, column: 1 } })],
      { cause },
    );
  }
  const result = safeParseCatalogText(text, { source: path, ...(/\.json$/i.test(path) ? { format: "json" as const } : {}) });
  if (!result.success) throw new EvaluationError(result.issues);
  return result.catalog;
}

/**
 * The catalogs shipped with credstack (rules/catalogs/*.yaml), in file-name order; with a state,
 * only that state's.
 *
 * @example
 * loadBuiltinCatalogs("WY").map((c) => c.id) //=> ["wy-wde-cs"]
 */
export function loadBuiltinCatalogs(state?: string): Catalog[] {
  const dir = join(builtinRulesDir(), "catalogs");
  const names = readdirSync(dir).filter((n) => /\.ya?ml$/i.test(n)).sort();
  const catalogs: Catalog[] = [];
  const issues: CredstackIssue[] = [];
  for (const name of names) {
    const result = safeParseCatalogText(readFileSync(join(dir, name), "utf8"), { source: `rules/catalogs/${name}` });
    if (result.success) catalogs.push(result.catalog);
    else issues.push(...result.issues);
  }
  if (issues.length > 0) throw new EvaluationError(issues as [CredstackIssue, ...CredstackIssue[]]);
  return state === undefined ? catalogs : catalogs.filter((c) => c.state === state);
}
