// The built-in catalogs: each parses, names its state, and every item cites a source or an
// assumption (its values and its existence rest on them).
import { readdirSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { loadBuiltinCatalogs, loadCatalogFile } from "../../src/node/index.js";

describe("rules/catalogs", () => {
  const files = readdirSync("rules/catalogs").filter((n) => n.endsWith(".yaml"));

  test("one catalog for each state with micro-credential offerings in the research", () => {
    expect(loadBuiltinCatalogs().map((c) => c.state).sort()).toEqual(["AR", "NC", "SC", "WY"]);
    expect(files).toHaveLength(4);
  });

  test.each(files)("%s: every item cites a source or an assumption", (name) => {
    const catalog = loadCatalogFile(`rules/catalogs/${name}`);
    expect(catalog.items.filter((i) => i.source === undefined && i.assumption === undefined).map((i) => i.id)).toEqual([]);
  });

  test("a broken catalog is catalog_invalid with its line", () => {
    expect(() => loadCatalogFile("test/plan/nope.yaml")).toThrow(/file_unreadable|Cannot read catalog file/);
  });
});
