import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readYaml, type ReadResult } from "../../src/yaml/read.js";

function data(result: ReadResult): unknown {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.issues)}`);
  return result.data;
}

function codes(result: ReadResult): string[] {
  if (result.ok) throw new Error("expected issues");
  return result.issues.map((i) => i.code);
}

function first(result: ReadResult) {
  if (result.ok) throw new Error("expected issues");
  return result.issues[0];
}

describe("readYaml: data", () => {
  it("reads YAML 1.2 core scalars: NO and yes stay strings, dates stay strings", () => {
    const text = ["a: NO", "b: yes", "c: on", "d: 2024-06-30", "e: 1/14", "f: 0x1F", "g: 1.5", "h: ~", "i: true", "j: '012'"].join("\n");
    expect(data(readYaml(text))).toEqual({
      a: "NO",
      b: "yes",
      c: "on",
      d: "2024-06-30",
      e: "1/14",
      f: 31,
      g: 1.5,
      h: null,
      i: true,
      j: "012",
    });
  });

  it("reads an empty document as null", () => {
    expect(data(readYaml(""))).toBeNull();
    expect(data(readYaml("# only a comment\n"))).toBeNull();
  });

  it("allows the core tags written out, such as !!str", () => {
    expect(data(readYaml("version: !!str 2024\n"))).toEqual({ version: "2024" });
  });
});

describe("readYaml: locator", () => {
  const text = ["state: NC", "stacks:", "  - id: renewal", "    tags: [a, b]", "    requirements:", "      - credit: 8"].join("\n");
  const read = readYaml(text, { source: "nc.yaml" });
  if (!read.ok) throw new Error("fixture must read");

  it("locates values", () => {
    expect(read.locate(["state"])).toEqual({ file: "nc.yaml", line: 1, column: 8 });
    expect(read.locate(["stacks", 0, "tags", 1])).toEqual({ file: "nc.yaml", line: 4, column: 15 });
    expect(read.locate(["stacks", 0, "requirements", 0, "credit"])).toEqual({ file: "nc.yaml", line: 6, column: 17 });
  });

  it("locates keys when asked for the key", () => {
    expect(read.locate(["stacks", 0, "tags"], "key")).toEqual({ file: "nc.yaml", line: 4, column: 5 });
    // a list item has no key: its value
    expect(read.locate(["stacks", 0], "key")).toEqual({ file: "nc.yaml", line: 3, column: 5 });
  });

  it("locates a missing path at its nearest existing ancestor, preferring the key that names it", () => {
    expect(read.locate(["stacks", 0, "title"])).toEqual({ file: "nc.yaml", line: 3, column: 5 });
    expect(read.locate(["stacks", 0, "requirements", 0, "from", "tags"])).toEqual({ file: "nc.yaml", line: 6, column: 9 });
    expect(read.locate(["version"])).toEqual({ file: "nc.yaml", line: 1, column: 1 });
  });

  it("leaves the file out of positions when there is no source", () => {
    const plain = readYaml("a: 1\n");
    expect(plain.ok && plain.locate(["a"])).toEqual({ line: 1, column: 4 });
  });
});

describe("readYaml: hostile input", () => {
  it("rejects anchors and aliases with yaml_alias at each one", () => {
    const result = readYaml("a: &x [1, 2]\nb: *x\n", { source: "f.yaml" });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => [i.code, i.position])).toEqual([
      ["yaml_alias", { file: "f.yaml", line: 1, column: 4 }],
      ["yaml_alias", { file: "f.yaml", line: 2, column: 4 }],
    ]);
  });

  it("rejects a billion-laughs bomb before expanding it", () => {
    // expanded, this is 9^9 (387 million) strings: the test finishing at all shows nothing was expanded
    const rows = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"];
    const names = "abcdefghi";
    for (let i = 1; i < names.length; i += 1) {
      const prev = names[i - 1]!;
      rows.push(`${names[i]}: &${names[i]} [${Array(9).fill(`*${prev}`).join(", ")}]`);
    }
    const result = readYaml(rows.join("\n"));
    expect(new Set(codes(result))).toEqual(new Set(["yaml_alias"]));
    expect(first(result).position).toEqual({ line: 1, column: 4 });
  });

  it("rejects custom tags, other YAML tags and %TAG directives with yaml_tag", () => {
    expect(codes(readYaml("a: !!js/function 'return 1'\n"))).toEqual(["yaml_tag"]);
    expect(codes(readYaml("a: !foo bar\n"))).toEqual(["yaml_tag"]);
    expect(codes(readYaml("a: !!binary aGVsbG8=\n"))).toEqual(["yaml_tag"]);
    expect(codes(readYaml("a: !!set {x}\n"))).toEqual(["yaml_tag"]);
    expect(codes(readYaml("%TAG !! tag:example.com,2000:\n---\na: !!str 1\n"))).toEqual(["yaml_tag"]);
    expect(first(readYaml("x: 1\ny: !foo bar\n")).position).toEqual({ line: 2, column: 4 });
  });

  it("rejects a %YAML 1.1 directive, which would turn NO into false", () => {
    expect(codes(readYaml("%YAML 1.1\n---\na: NO\n"))).toEqual(["yaml_syntax"]);
  });

  it("rejects duplicate keys, also when YAML would tell them apart but JavaScript would not", () => {
    const result = readYaml("a: 1\nb:\n  c: 1\n  c: 2\n");
    expect(first(result)).toMatchObject({ code: "yaml_duplicate_key", path: ["b", "c"], position: { line: 4, column: 3 } });
    expect(first(result).hint).toBe("The first 'c' is on line 3; remove or rename one of them.");
    expect(codes(readYaml("1: a\n'1': b\n"))).toEqual(["yaml_duplicate_key"]);
  });

  it("finds a duplicate key among twenty thousand (checked in one pass, not pair by pair)", () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => `k${i}: v`);
    rows.push("k7: again");
    const result = readYaml(rows.join("\n"));
    expect(first(result)).toMatchObject({ code: "yaml_duplicate_key", position: { line: 20_001, column: 1 } });
  });

  it("rejects collection keys", () => {
    expect(codes(readYaml("? [a, b]\n: 1\n"))).toEqual(["yaml_syntax"]);
  });

  it("reports syntax errors with yaml_syntax and a position", () => {
    expect(first(readYaml("a: 1\nb: c: d\n"))).toMatchObject({
      code: "yaml_syntax",
      message: "Nested mappings are not allowed in compact mappings.",
      position: { line: 2, column: 4 },
    });
    expect(first(readYaml("a: 1\n\tb: 2\n"))).toMatchObject({ code: "yaml_syntax", position: { line: 2, column: 1 } });
  });

  it("ends every message with a full stop, also after quoted text that ends in '?' (found by the fuzzing test)", () => {
    expect(first(readYaml("|?# a comment\ncredstack: 1\n"))).toMatchObject({
      code: "yaml_syntax",
      message: "Block scalar header includes extra characters: |?.",
      position: { line: 1, column: 2 },
    });
  });

  it("rejects a second document", () => {
    expect(codes(readYaml("a: 1\n---\nb: 2\n"))).toEqual(["yaml_syntax"]);
  });

  it("keeps __proto__, constructor and prototype keys as own data, never on a prototype", () => {
    const result = readYaml("__proto__: {polluted: 1}\nconstructor: {prototype: {polluted: 2}}\nprototype: {polluted: 3}\nnested:\n  __proto__:\n    polluted: 4\n");
    const value = data(result) as Record<string, unknown>;
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(["__proto__", "constructor", "prototype", "nested"]);
    expect(Object.getOwnPropertyDescriptor(value, "__proto__")?.value).toEqual({ polluted: 1 });
    const nested = value.nested as Record<string, unknown>;
    expect(Object.getPrototypeOf(nested)).toBe(Object.prototype);
    expect(Object.hasOwn(nested, "__proto__")).toBe(true);
    expect((value as { polluted?: unknown }).polluted).toBeUndefined();
  });
});

describe("readYaml: limits", () => {
  it("rejects text over maxBytes before parsing, counting UTF-8 bytes", () => {
    expect(first(readYaml("a: 1234567\n", { maxBytes: 10 }))).toMatchObject({ code: "input_too_large", position: { line: 1, column: 1 } });
    // "é" is two bytes: 4 characters, 7 bytes
    expect(codes(readYaml("a: éé", { maxBytes: 6 }))).toEqual(["input_too_large"]);
    expect(readYaml("a: éé", { maxBytes: 7 }).ok).toBe(true);
  });

  it("rejects 1 MiB by default", () => {
    const big = `a: "${"x".repeat(1024 * 1024)}"\n`;
    expect(codes(readYaml(big))).toEqual(["input_too_large"]);
  });

  it("rejects flow nesting deeper than maxDepth at the first level too many", () => {
    const ok = `${"[".repeat(64)}${"]".repeat(64)}`;
    expect(readYaml(ok).ok).toBe(true);
    const deep = `${"[".repeat(65)}${"]".repeat(65)}`;
    expect(first(readYaml(deep))).toMatchObject({ code: "input_too_deep", position: { line: 1, column: 65 } });
  });

  it("rejects block nesting deeper than maxDepth", () => {
    const rows = Array.from({ length: 10 }, (_, i) => `${" ".repeat(i)}k:`);
    const text = `${rows.join("\n")} 1\n`;
    expect(readYaml(text, { maxDepth: 10 }).ok).toBe(true);
    expect(first(readYaml(text, { maxDepth: 9 }))).toMatchObject({ code: "input_too_deep", position: { line: 10, column: 10 } });
    expect(codes(readYaml(`${"- ".repeat(100_000)}x`))).toEqual(["input_too_deep"]);
  });

  it("rejects a hundred thousand levels of nesting without overflowing the stack", () => {
    expect(codes(readYaml("[".repeat(100_000)))).toEqual(["input_too_deep"]);
    expect(codes(readYaml("{a: ".repeat(100_000)))).toEqual(["input_too_deep"]);
  });

  it("rejects more nodes than maxNodes", () => {
    const text = "a: [1, 2, 3]\nb: {c: 4}\n";
    // nodes: the root, a, its list, 1, 2, 3, b, its mapping, c, 4
    expect(readYaml(text, { maxNodes: 10 }).ok).toBe(true);
    expect(codes(readYaml(text, { maxNodes: 9 }))).toEqual(["input_too_many_nodes"]);
    expect(codes(readYaml(Array.from({ length: 60_000 }, (_, i) => `k${i}: v`).join("\n")))).toEqual(["input_too_many_nodes"]);
  });
});

describe("readYaml: fuzzing", () => {
  it("never throws, and every issue has a position inside the text", () => {
    const yamlish = fc.array(fc.constantFrom("a", ":", " ", "\n", "-", "[", "]", "{", "}", ",", "&x", "*x", "!t", "'", '"', "#", "?", "|", ">", "1", "__proto__"), {
      maxLength: 60,
    });
    fc.assert(
      fc.property(fc.oneof(fc.string(), yamlish.map((parts) => parts.join(""))), (text) => {
        const result = readYaml(text);
        if (result.ok) return;
        const lines = text.split("\n").length;
        for (const issue of result.issues) {
          expect(issue.position).toBeDefined();
          expect(issue.position!.line).toBeGreaterThanOrEqual(1);
          expect(issue.position!.line).toBeLessThanOrEqual(lines + 1);
          expect(issue.position!.column).toBeGreaterThanOrEqual(1);
        }
      }),
      { numRuns: 500 },
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("reads JSON text (a subset of YAML 1.2) to the same data as JSON.parse", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), (value) => {
        const text = JSON.stringify(value);
        expect(data(readYaml(text))).toEqual(JSON.parse(text));
      }),
      { numRuns: 300 },
    );
  });
});

describe("the yaml dependency", () => {
  it("is imported by src/yaml/read.ts and nothing else", () => {
    const src = fileURLToPath(new URL("../../src/", import.meta.url));
    const importers = (readdirSync(src, { recursive: true }) as string[])
      .filter((file) => file.endsWith(".ts"))
      .filter((file) => /from\s+["']yaml["']|import\(\s*["']yaml["']\s*\)|require\(\s*["']yaml["']\s*\)/.test(readFileSync(`${src}${file}`, "utf8")))
      .map((file) => file.split("\\").join("/"));
    expect(importers).toEqual(["yaml/read.ts"]);
  });
});
