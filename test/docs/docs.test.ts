// The docs keep up with the code: every error code is in docs/errors.md (and nothing else is),
// every derived fact is in docs/policy-format.md, and the README's quick start and links hold.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize } from "node:path";
import { describe, expect, test } from "vitest";
import { ISSUE_CODES } from "../../src/errors/codes.js";
import { DERIVED_FACTS } from "../../src/evaluate/facts.js";
import { runCli } from "../../src/cli/main.js";

const read = (path: string) => readFileSync(path, "utf8");

/**
 * The folders `npm run docs` writes (the API reference and the playground), which git ignores:
 * a link into one must point to its index.html, which CI checks after running `npm run docs`.
 */
const GENERATED = ["docs/api/", "docs/playground/"];
const generated = (path: string) => GENERATED.some((dir) => normalize(path).startsWith(dir));
const generatedIndex = (path: string) => GENERATED.some((dir) => normalize(path) === `${dir}index.html`);

describe("generated docs", () => {
  test("are git-ignored, and npm run docs writes them", () => {
    const ignored = read(".gitignore").split("\n");
    expect(GENERATED.filter((dir) => !ignored.includes(dir))).toEqual([]);
    expect(JSON.parse(read("package.json")).scripts.docs).toBe("npm run docs:api && npm run docs:playground");
    expect(read("playground/vite.config.ts")).toContain('new URL("../docs/playground", import.meta.url)');
  });
});

/** The text under a `## heading`, up to the next heading of the same or a higher level. */
function section(markdown: string, heading: string): string {
  const lines = markdown.split("\n");
  const start = lines.findIndex((l) => l.trim() === `## ${heading}`);
  if (start < 0) return "";
  const end = lines.findIndex((l, i) => i > start && /^#{1,2} /.test(l));
  return lines.slice(start + 1, end < 0 ? undefined : end).join("\n");
}

/** The first-column values of table rows written as "| `name` | …". */
function tableNames(markdown: string): string[] {
  return [...markdown.matchAll(/^\|\s*`([^`]+)`\s*\|/gm)].map((m) => m[1]!);
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

function anchors(markdown: string): Set<string> {
  const out = new Set<string>();
  let fenced = false;
  for (const line of markdown.split("\n")) {
    if (line.startsWith("```")) fenced = !fenced;
    const m = /^#{1,6} (.+)$/.exec(line);
    if (!fenced && m) out.add(slug(m[1]!));
  }
  return out;
}

describe("docs/errors.md", () => {
  const codes = tableNames(section(read("docs/errors.md"), "Codes"));

  test("lists every error code in ISSUE_CODES", () => {
    const missing = Object.keys(ISSUE_CODES).filter((code) => !codes.includes(code));
    expect(missing).toEqual([]);
  });

  test("lists no code that does not exist, and none twice", () => {
    expect(codes.filter((code) => !Object.hasOwn(ISSUE_CODES, code))).toEqual([]);
    expect(codes.filter((code, i) => codes.indexOf(code) !== i)).toEqual([]);
  });
});

describe("docs/policy-format.md", () => {
  const text = read("docs/policy-format.md");
  const facts = section(text, "Facts");

  test("has the Facts section that error hints point to (policy-format.md#facts)", () => {
    expect(anchors(text)).toContain("facts");
  });

  test("names every derived fact in DERIVED_FACTS", () => {
    const missing = Object.keys(DERIVED_FACTS).filter((name) => !facts.includes(`\`${name}\``));
    expect(missing).toEqual([]);
  });

  test("lists no derived fact that does not exist", () => {
    expect(tableNames(facts).filter((name) => !Object.hasOwn(DERIVED_FACTS, name))).toEqual([]);
  });
});

describe("README.md", () => {
  const readme = read("README.md");
  const links = [...readme.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!).filter((href) => !/^[a-z]+:/i.test(href));

  test("starts with npm install && npm start, and npm test", () => {
    expect(readme).toContain("npm install && npm start");
    expect(readme).toContain("npm test");
  });

  test("every docs/ link points to a file that exists, and to a heading that exists", () => {
    const broken: string[] = [];
    for (const href of links.filter((h) => normalize(h.split("#")[0]!).startsWith("docs"))) {
      const [path, anchor] = href.split("#") as [string, string | undefined];
      if (generated(path)) {
        if (!generatedIndex(path) || anchor !== undefined) broken.push(href);
      } else if (!existsSync(path)) broken.push(href);
      else if (anchor !== undefined && !anchors(read(path)).has(anchor)) broken.push(href);
    }
    expect(broken).toEqual([]);
  });

  test("links to every page in docs/", () => {
    const linked = new Set(links.map((href) => normalize(href.split("#")[0]!)));
    const pages = readdirSync("docs").filter((name) => name.endsWith(".md")).map((name) => join("docs", name));
    expect(pages.filter((page) => !linked.has(page))).toEqual([]);
  });
});

describe("links between docs/ pages", () => {
  test("every relative link resolves to a file, and every #anchor to a heading", () => {
    const broken: string[] = [];
    for (const name of readdirSync("docs").filter((n) => n.endsWith(".md"))) {
      const path = join("docs", name);
      const text = read(path);
      for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        const href = m[1]!;
        if (/^[a-z]+:/i.test(href)) continue;
        const [file, anchor] = href.split("#") as [string, string | undefined];
        const target = file === "" ? path : normalize(join(dirname(path), file));
        if (generated(target)) {
          if (!generatedIndex(target) || anchor !== undefined) broken.push(`${path} → ${href}`);
        } else if (!existsSync(target)) broken.push(`${path} → ${href}`);
        else if (anchor !== undefined && target.endsWith(".md") && !anchors(read(target)).has(anchor)) broken.push(`${path} → ${href}`);
      }
    }
    expect(broken).toEqual([]);
  });
});

describe("state pages", () => {
  test("the case counts they give for each test file are the files' counts", () => {
    const files = new Set<string>();
    for (const page of readdirSync("docs/states")) {
      const text = readFileSync(`docs/states/${page}`, "utf8");
      for (const m of text.matchAll(/\(\.\.\/\.\.\/fixtures\/tests\/([\w-]+)\.test\.yaml\)\s*\((\d+)/g)) {
        const cases = readFileSync(`fixtures/tests/${m[1]}.test.yaml`, "utf8").split("\n  - name:").length - 1;
        expect({ page, file: m[1], count: Number(m[2]) }).toEqual({ page, file: m[1], count: cases });
        files.add(m[1]!);
      }
    }
    // every state test file is counted somewhere
    expect([...files].sort()).toEqual(readdirSync("fixtures/tests").map((f) => f.replace(".test.yaml", "")).sort());
  });
});

describe("documented command output", () => {
  // every `$ credstack …` in a text block of docs/*.md is run (today is 2026-11-24), and every line
  // shown after it, up to the next `$` line, must appear in what it prints, in order: exactly, or
  // as a prefix when the shown line ends with "…". A line that is only "…" stands for lines left out.
  const examples: { doc: string; command: string; shown: string[] }[] = [];
  for (const doc of readdirSync("docs").filter((f) => f.endsWith(".md"))) {
    const text = readFileSync(`docs/${doc}`, "utf8");
    for (const block of text.matchAll(/```text\n([\s\S]*?)```/g)) {
      let current: { doc: string; command: string; shown: string[] } | undefined;
      for (const line of block[1]!.split("\n")) {
        if (line.startsWith("$ ")) {
          current = { doc, command: line.slice(2), shown: [] };
          if (line.startsWith("$ credstack ") && !/[|>]/.test(line)) examples.push(current);
        } else if (current && line.trim() !== "") current.shown.push(line.trimEnd());
      }
    }
  }

  test("there are examples to check", () => {
    expect(examples.length).toBeGreaterThan(10);
  });

  test.each(examples.map((e) => [`${e.doc}: ${e.command}`, e] as const))("%s", async (_, example) => {
    let printed = "";
    const io = { out: (t: string) => (printed += t), err: (t: string) => (printed += t), color: false, today: () => "2026-11-24" };
    await runCli(example.command.slice("credstack ".length).split(/\s+/), io);
    const lines = printed.split("\n").map((l) => l.trimEnd());
    let at = 0;
    for (const shown of example.shown) {
      if (shown.trim() === "…") continue;
      const matches = (l: string) => l === shown || (shown.endsWith("…") && l.startsWith(shown.slice(0, -1).trimEnd()));
      const found = lines.findIndex((l, i) => i >= at && matches(l));
      expect(found, `not printed (in order): ${shown}`).toBeGreaterThanOrEqual(0);
      at = found + 1;
    }
  });
});
