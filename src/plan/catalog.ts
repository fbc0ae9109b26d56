/**
 * Reading a catalog: YAML or JSON text (or data) to a validated `Catalog`, with every problem as
 * a `catalog_invalid` issue carrying its path, line and column.
 */
import { EvaluationError } from "../errors/errors.js";
import { createIssue, type CredstackIssue } from "../errors/issue.js";
import { sortIssues } from "../errors/sort.js";
import { issuesFromZod } from "../errors/zod.js";
import { Catalog } from "../schema/catalog.js";
import { readJson } from "../yaml/json.js";
import { readYaml, type Locator } from "../yaml/read.js";

type Issues = readonly [CredstackIssue, ...CredstackIssue[]];

/** The result of `safeParseCatalog` and `safeParseCatalogText`. */
export type SafeParseCatalogResult = { readonly success: true; readonly catalog: Catalog } | { readonly success: false; readonly issues: Issues };

/**
 * Validates a catalog given as data, without throwing: the schema, then unique item ids and
 * the sources and assumptions each item cites.
 *
 * @example
 * const result = safeParseCatalog({ credstack: 1, id: "c", title: "C", sources: [], items: [] });
 * result.success //=> false (a catalog cites at least one source and offers at least one item)
 */
export function safeParseCatalog(input: unknown, options: { locate?: Locator | undefined } = {}): SafeParseCatalogResult {
  const parsed = Catalog.safeParse(input);
  if (!parsed.success) {
    const issues = issuesFromZod(parsed.error, { schemaKind: "catalog", schema: Catalog, input, locate: options.locate, codeFor: (code) => (code === "unknown_key" ? code : "catalog_invalid") });
    return failure(issues);
  }
  const catalog = parsed.data;
  const issues: CredstackIssue[] = [];
  const at = (path: (string | number)[]) => ({ position: options.locate?.(path) });
  const sources = new Set(catalog.sources.map((s) => s.id));
  const assumptions = new Set((catalog.assumptions ?? []).map((a) => a.id));
  const seen = new Map<string, number>();
  catalog.items.forEach((item, i) => {
    const earlier = seen.get(item.id);
    if (earlier !== undefined) {
      issues.push(createIssue("catalog_invalid", `Duplicate item id '${item.id}'.`, ["items", i, "id"], { hint: `items[${earlier}] has the same id.`, ...at(["items", i, "id"]) }));
    } else seen.set(item.id, i);
    const refs = item.source === undefined ? [] : typeof item.source === "string" ? [item.source] : item.source;
    refs.forEach((ref, k) => {
      const path = typeof item.source === "string" ? ["items", i, "source"] : ["items", i, "source", k];
      if (!sources.has(ref)) issues.push(createIssue("catalog_invalid", `Item '${item.id}' cites the source '${ref}', which the catalog does not list.`, path, at(path)));
    });
    if (item.assumption !== undefined && !assumptions.has(item.assumption)) {
      const path = ["items", i, "assumption"];
      issues.push(createIssue("catalog_invalid", `Item '${item.id}' rests on the assumption '${item.assumption}', which the catalog does not list.`, path, at(path)));
    }
  });
  if (issues.length > 0) return failure(sortIssues(issues));
  return { success: true, catalog };
}

/**
 * Reads and validates a catalog written in YAML or JSON, without throwing.
 *
 * @example
 * const result = safeParseCatalogText(readFileSync("rules/catalogs/wy-wde-cs.yaml", "utf8"), { source: "wy-wde-cs.yaml" });
 * result.success && result.catalog.items.length //=> 32
 */
export function safeParseCatalogText(text: string, options: { source?: string | undefined; format?: "json" | "yaml" | undefined } = {}): SafeParseCatalogResult {
  const format = options.format ?? (/^\s*[[{]/.test(text) ? "json" : "yaml");
  const read = format === "json" ? readJson(text, { source: options.source }) : readYaml(text, { source: options.source });
  if (!read.ok) return { success: false, issues: read.issues };
  return safeParseCatalog(read.data, { locate: read.locate });
}

/**
 * Validates a catalog given as data.
 *
 * @throws EvaluationError (`catalog_invalid`, `unknown_key`) listing every problem.
 * @example
 * parseCatalog(data).items.map((i) => i.id) //=> ["wde-cs-algorithms-elementary", ...]
 */
export function parseCatalog(input: unknown): Catalog {
  const result = safeParseCatalog(input);
  if (!result.success) throw new EvaluationError(result.issues);
  return result.catalog;
}

function failure(issues: readonly CredstackIssue[]): { readonly success: false; readonly issues: Issues } {
  const [first, ...rest] = issues;
  return { success: false, issues: first ? [first, ...rest] : [createIssue("catalog_invalid", "The catalog is not valid.")] };
}
