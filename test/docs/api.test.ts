// The API reference (TypeDoc, `npm run docs:api` into docs/api) is only as good as the TSDoc it
// reads: every export of `credstack` and `credstack/node` has a doc comment, every exported
// function and class an @example, and docs/library.md names every export. Read with the
// TypeScript compiler API, the same way TypeDoc reads the entry points.
import { readFileSync } from "node:fs";
import ts from "typescript";
import { describe, expect, test } from "vitest";

const ENTRIES = { credstack: "src/index.ts", "credstack/node": "src/node/index.ts" } as const;

interface ExportInfo {
  readonly entry: string;
  readonly name: string;
  /** The kinds of its declarations ("Function", "Variable", "TypeAlias" …) when none has a doc comment. */
  readonly undocumented: readonly string[];
  /** Whether it is a function or a class (which must show an @example). */
  readonly callable: boolean;
  readonly hasExample: boolean;
}

function kindOf(node: ts.Node): string {
  return ts.SyntaxKind[node.kind].replace(/Declaration$/, "");
}

/** The doc comments of a declaration (a variable's sit on its statement). */
function docsOf(node: ts.Node): readonly (ts.JSDoc | ts.JSDocTag)[] {
  return ts.getJSDocCommentsAndTags(node).filter((d): d is ts.JSDoc => ts.isJSDoc(d) && (d.comment !== undefined || (d.tags?.length ?? 0) > 0));
}

function readExports(): ExportInfo[] {
  const program = ts.createProgram(Object.values(ENTRIES), {
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: ["node"],
  });
  const checker = program.getTypeChecker();
  const out: ExportInfo[] = [];
  for (const [entry, file] of Object.entries(ENTRIES)) {
    const source = program.getSourceFile(file);
    const module = source && checker.getSymbolAtLocation(source);
    if (!module) throw new Error(`cannot read ${file}`);
    for (const symbol of checker.getExportsOfModule(module)) {
      const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
      const declarations = target.declarations ?? [];
      // a zod schema is a `const` and a `type` of one name: one comment serves both, as in
      // editors and in TypeDoc; an overloaded function needs it once
      const undocumented = declarations.some((d) => docsOf(d).length > 0) ? [] : [...new Set(declarations.map(kindOf))];
      const callable = declarations.some((d) => ts.isFunctionDeclaration(d) || ts.isClassDeclaration(d));
      const hasExample = declarations.some((d) => ts.getJSDocTags(d).some((t) => t.tagName.text === "example"));
      out.push({ entry, name: symbol.name, undocumented, callable, hasExample });
    }
  }
  return out;
}

describe("the public API's TSDoc", () => {
  const exports = readExports();

  test("reads both entry points (a broken read would pass every check below)", () => {
    const count = (entry: string) => exports.filter((e) => e.entry === entry).length;
    expect(count("credstack")).toBeGreaterThan(100);
    expect(count("credstack/node")).toBeGreaterThan(10);
    expect(exports.map((e) => `${e.entry}:${e.name}`)).toEqual(expect.arrayContaining(["credstack:evaluate", "credstack:Report", "credstack/node:loadBuiltinPolicies"]));
  });

  test("every export has a doc comment", () => {
    const missing = exports.filter((e) => e.undocumented.length > 0).map((e) => `${e.entry}: ${e.name} (${e.undocumented.join(", ")})`);
    expect(missing).toEqual([]);
  });

  test("every exported function and class shows an @example", () => {
    expect(exports.filter((e) => e.callable && !e.hasExample).map((e) => `${e.entry}: ${e.name}`)).toEqual([]);
  });

  test("docs/library.md names every export", () => {
    const library = readFileSync("docs/library.md", "utf8");
    const named = (name: string) => new RegExp("`" + name + "[`(<[]").test(library);
    expect(exports.filter((e) => !named(e.name)).map((e) => `${e.entry}: ${e.name}`)).toEqual([]);
  });
});

describe("the generated reference", () => {
  const readme = readFileSync("README.md", "utf8");
  const config = JSON.parse(readFileSync("typedoc.json", "utf8"));
  const pkg = JSON.parse(readFileSync("package.json", "utf8"));

  test("TypeDoc reads the same entry points and writes docs/api, which git ignores", () => {
    expect(config.entryPoints).toEqual(Object.values(ENTRIES));
    expect(config.out).toBe("docs/api");
    expect(readFileSync(".gitignore", "utf8").split("\n")).toContain("docs/api/");
  });

  test("each entry point's first comment is the module's (@packageDocumentation), not its first export's", () => {
    for (const [name, file] of Object.entries(ENTRIES)) {
      const header = /^\/\*\*([\s\S]*?)\*\//.exec(readFileSync(file, "utf8"))?.[1] ?? "";
      expect([name, header.includes("@packageDocumentation"), header.includes(`@module ${name}\n`)]).toEqual([name, true, true]);
    }
  });

  test("TypeDoc fails on an undocumented export or a broken {@link} instead of warning", () => {
    expect(config.treatWarningsAsErrors).toBe(true);
    expect(config.validation).toMatchObject({ notDocumented: true, invalidLink: true });
  });

  test("the README links docs/api/index.html and gives the command that writes it", () => {
    expect(readme).toContain("](docs/api/index.html)");
    expect(pkg.scripts["docs:api"]).toBe("typedoc");
    expect(readme).toContain("npm run docs");
    expect(pkg.scripts.docs).toContain("npm run docs:api");
  });
});
