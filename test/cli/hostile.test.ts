// `credstack validate` on hostile YAML (fixtures/hostile/: alias bombs, deep nesting, too many
// nodes, duplicate keys, YAML 1.1 booleans and directives, code-running tags, binary, prototype
// keys, two documents; plus a text over 1 MiB made here): exit 1, one line per problem in the form
// file:line:col code message, no stack trace, in under a second. Once through runCli, once as a
// real process.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { runCli } from "../../src/cli/main.js";
import { ISSUE_CODES } from "../../src/errors/codes.js";

const dir = "fixtures/hostile";
const fixtures = readdirSync(dir)
  .filter((f) => f.endsWith(".yaml"))
  .sort()
  .map((name) => {
    const text = readFileSync(join(dir, name), "latin1");
    const expected = /^# expect: (\w+)$/m.exec(text);
    if (!expected) throw new Error(`${name}: no '# expect: <code>' line`);
    return { name, path: join(dir, name), code: expected[1]! };
  });

// a text just over the 1 MiB limit, made here rather than committed
const scratch = mkdtempSync(join(tmpdir(), "credstack-hostile-"));
const huge = join(scratch, "huge.yaml");
writeFileSync(huge, `title: "${"x".repeat(1024 * 1024)}"\n`);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const all = [...fixtures, { name: "huge.yaml", path: huge, code: "input_too_large" }];

async function validate(path: string): Promise<{ code: number; out: string; err: string; ms: number }> {
  let out = "";
  let err = "";
  const started = performance.now();
  const code = await runCli(["validate", path], { out: (t) => (out += t), err: (t) => (err += t), color: false, today: () => "2026-01-01" });
  return { code, out, err, ms: performance.now() - started };
}

/** One problem per line: file:line:col code message; never a stack frame. */
function expectOneLinePerProblem(text: string, path: string): string[] {
  const lines = text.trimEnd().split("\n");
  for (const line of lines) {
    expect(line).toMatch(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:\\d+:\\d+ [a-z_]+ \\S`));
    expect(line).not.toMatch(/\n|^\s+at |Error:|\.ts:\d+:\d+\)/);
    expect(Object.hasOwn(ISSUE_CODES, line.split(" ")[1]!)).toBe(true);
  }
  return lines.map((l) => l.split(" ")[1]!);
}

describe("credstack validate on hostile YAML", () => {
  test("the fixtures cover every kind of hostility the issue names", () => {
    expect(fixtures.map((f) => f.name)).toEqual([
      "alias-bomb.yaml",
      "binary-tag.yaml",
      "binary.yaml",
      "deep-block.yaml",
      "deep-flow.yaml",
      "duplicate-keys.yaml",
      "js-function-tag.yaml",
      "merge-key.yaml",
      "proto-keys.yaml",
      "too-many-nodes.yaml",
      "two-documents.yaml",
      "yaml11-booleans.yaml",
      "yaml11-directive.yaml",
    ]);
  });

  test.each(all.map((f) => [f.name, f] as const))("%s: exit 1, one typed line per problem, under a second", async (_, fixture) => {
    await validate(fixture.path); // warm up: the first call pays for loading modules, not for the input
    const { code, out, err, ms } = await validate(fixture.path);
    expect(code).toBe(1);
    expect(err).toBe("");
    const codes = expectOneLinePerProblem(out, fixture.path);
    expect(codes).toContain(fixture.code);
    expect(ms).toBeLessThan(1000);
  });

  test("the alias bomb is refused at each anchor and alias, never expanded", async () => {
    const { out } = await validate(join(dir, "alias-bomb.yaml"));
    // 9 anchors and 8 × 9 = 72 aliases, but at most 50 problems are reported for one text
    expect(out.trimEnd().split("\n").length).toBe(50);
    expect(out.split("\n")[0]).toBe("fixtures/hostile/alias-bomb.yaml:3:4 yaml_alias The anchor '&a' is not allowed; write the value out in full. (at (root))");
  });

  test("YAML 1.1 booleans stay text: 'state: NO' is Norway's code, and 'split_credit: yes' is an error, not true", async () => {
    const { out } = await validate(join(dir, "yaml11-booleans.yaml"));
    // 3 header lines, then the policy: 'split_credit: yes' is its 19th line, the value at column 17
    expect(out).toBe(
      "fixtures/hostile/yaml11-booleans.yaml:22:17 invalid_type 'split_credit' must be true or false, not 'yes'. (at allocation.split_credit)\n",
    );
  });

  test("code-running tags are each refused where they stand", async () => {
    const { out } = await validate(join(dir, "js-function-tag.yaml"));
    // 2 header lines, then the policy's title (line 5), the source's title (13) and the unit's label (20)
    expect(out.trimEnd().split("\n").map((l) => l.split(" ").slice(0, 4).join(" "))).toEqual([
      "fixtures/hostile/js-function-tag.yaml:7:8 yaml_tag The tag",
      "fixtures/hostile/js-function-tag.yaml:15:12 yaml_tag The tag",
      "fixtures/hostile/js-function-tag.yaml:22:10 yaml_tag The tag",
    ]);
  });

  test("prototype keys are unknown keys at their paths, and no prototype changed", async () => {
    const { out } = await validate(join(dir, "proto-keys.yaml"));
    expect(out.trimEnd().split("\n").map((l) => /\(at (.*)\)$/.exec(l)?.[1])).toEqual(["__proto__", "constructor", "recognition[0].__proto__"]);
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
    expect(({} as Record<string, unknown>)["isAdmin"]).toBeUndefined();
  });

  test("as a real process: each fixture exits 1 with typed lines on stdout and nothing on stderr", () => {
    const tsx = join("node_modules", ".bin", "tsx");
    const started = performance.now();
    const run = spawnSync(tsx, ["src/cli/main.ts", "validate", ...all.map((f) => f.path)], { encoding: "utf8" });
    const seconds = (performance.now() - started) / 1000;
    expect(run.status).toBe(1);
    expect(run.stderr).toBe("");
    const lines = run.stdout.trimEnd().split("\n");
    for (const fixture of all) expect(lines.some((l) => l.startsWith(`${fixture.path}:`) && l.includes(` ${fixture.code} `))).toBe(true);
    for (const line of lines) expect(line).toMatch(/^\S+:\d+:\d+ [a-z_]+ \S/);
    // 14 files in one process, including tsx's start-up of a few seconds
    expect(seconds).toBeLessThan(30);
  });
});
