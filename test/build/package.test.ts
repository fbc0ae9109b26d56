// The published shape: tsup builds ESM + CJS + type declarations for `credstack` and
// `credstack/node`, and the `credstack` bin. Built once here, then used as a consumer would:
// from dist/, then packed with `npm pack`, linted (publint, arethetypeswrong) and installed into a
// new project that runs the CLI and both import styles.
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { publint } from "publint";
import { formatMessage } from "publint/utils";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

const pkg = JSON.parse(readFileSync("package.json", "utf8"));

beforeAll(() => {
  execFileSync(process.execPath, ["node_modules/tsup/dist/cli-default.js"], { stdio: "pipe" });
}, 180_000);

describe("the built package", () => {
  test("every file the exports map and bin name exists", () => {
    const targets: string[] = [pkg.bin.credstack, pkg.main, pkg.types];
    for (const entry of [pkg.exports["."], pkg.exports["./node"]]) {
      targets.push(entry.import.types, entry.import.default, entry.require.types, entry.require.default);
    }
    for (const t of targets) expect(existsSync(t), t).toBe(true);
  });

  test("CommonJS and ES module consumers get the same working API and error classes", () => {
    const script = (kind: "cjs" | "esm") =>
      kind === "cjs"
        ? `const c=require("./dist/index.cjs"),n=require("./dist/node.cjs");`
        : `const c=await import("./dist/index.js"),n=await import("./dist/node.js");`;
    const body = `
      const r=c.evaluate(n.loadRecordFile("fixtures/educators/nc-6-12-short.yaml"),n.loadBuiltinPolicies(),{asOf:"2026-11-24",states:["NC"]});
      const s=r.results.find((x)=>x.policy.id==="nc-renewal").stacks[0];
      let same=false;try{n.loadPolicyFile("fixtures/policies/invalid/unknown_key.yaml")}catch(e){same=e instanceof c.PolicyError}
      console.log(s.status, s.gaps[0].missing.amount, same);`;
    const cjs = execFileSync(process.execPath, ["-e", script("cjs") + body], { encoding: "utf8" });
    const esm = execFileSync(process.execPath, ["--input-type=module", "-e", script("esm") + body], { encoding: "utf8" });
    expect(cjs).toBe("not_met 0.5 true\n");
    expect(esm).toBe(cjs);
  });

  test("the core entry needs no Node built-ins (the file system lives in credstack/node)", () => {
    const core = readFileSync("dist/index.js", "utf8");
    const chunks = [...core.matchAll(/from "\.\/(chunk-[\w-]+\.js)"/g)].map((m) => readFileSync(`dist/${m[1]}`, "utf8"));
    for (const code of [core, ...chunks]) expect(code).not.toMatch(/from "node:|require\("node:|from "(fs|path|url)"/);
  });

  test("type declarations describe the public API", () => {
    const dts = readFileSync("dist/index.d.ts", "utf8");
    for (const name of ["evaluate", "evaluateAsync", "parsePolicy", "safeParsePolicy", "formatIssues", "PolicyError", "Report"]) {
      expect(dts).toContain(name);
    }
  });

  test("the bin runs", () => {
    const out = spawnSync(process.execPath, [pkg.bin.credstack, "evaluate", "fixtures/educators/nc-6-12-met.yaml", "--as-of", "2026-11-24", "--format", "json"], { encoding: "utf8" });
    expect(out.status).toBe(0);
    expect(JSON.parse(out.stdout).results.find((r: { policy: { id: string } }) => r.policy.id === "nc-renewal").stacks[0].status).toBe("met");
  });

  test("the bin's batch runs its workers from the build (dist/batch-worker.js)", () => {
    const records = spawnSync(process.execPath, [pkg.bin.credstack, "generate", "--count", "20", "--seed", "3"], { encoding: "utf8" });
    expect(records.status).toBe(0);
    const out = spawnSync(process.execPath, [pkg.bin.credstack, "batch", "-", "--as-of", "2026-11-24", "--workers", "2"], { input: records.stdout, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
    expect([out.status, out.stderr.split("\n")[0]]).toEqual([0, "20 records: 20 evaluated, 0 errors"]);
    expect(out.stdout.trimEnd().split("\n").map((l) => JSON.parse(l).record)).toEqual(Array.from({ length: 20 }, (_, i) => `gen-3-${i}`));
  });
});

describe("the packed package (npm pack)", () => {
  const work = mkdtempSync(join(tmpdir(), "credstack-pack-"));
  let tarball = "";
  let files: string[] = [];

  beforeAll(() => {
    // --ignore-scripts: the build above is what gets packed (prepublishOnly rebuilds on publish)
    const out = execFileSync("npm", ["pack", "--pack-destination", work, "--ignore-scripts", "--json"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    const [packed] = JSON.parse(out) as { filename: string; files: { path: string }[] }[];
    tarball = join(work, packed!.filename);
    files = packed!.files.map((f) => f.path).sort();
  }, 60_000);

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  test("holds exactly what users need: the build, the rules, the planner's catalogs and their schemas, README, LICENSE", () => {
    const allowed = [/^dist\/[\w-]+\.(js|cjs|d\.ts|d\.cts)(\.map)?$/, /^rules\/(catalogs\/)?[\w-]+\.yaml$/, /^rules\/[\w-]+\.schema\.json$/, /^(package\.json|README\.md|LICENSE)$/];
    expect(files.filter((f) => !allowed.some((re) => re.test(f)))).toEqual([]);
    const rules = readdirSync("rules", { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => relative(".", join(e.parentPath, e.name)));
    expect(rules).toContain("rules/catalogs/wy-wde-cs.yaml");
    const entries = [pkg.exports["."], pkg.exports["./node"]].flatMap((e) => [e.import.types, e.import.default, e.require.types, e.require.default]);
    const needed = [...rules, "rules/policy.schema.json", "rules/policy-test.schema.json", "README.md", "LICENSE", "package.json", "dist/batch-worker.js", ...[pkg.bin.credstack, ...entries].map((f: string) => f.replace(/^\.\//, ""))];
    expect(needed.filter((f) => !files.includes(f))).toEqual([]);
    // no sources, tests, fixtures, docs or tooling
    expect(files.filter((f) => /^(src|test|fixtures|docs|playground|scratch|\.changeset)\//.test(f))).toEqual([]);
  });

  test("publint finds nothing, not even a suggestion (strict)", async () => {
    const data = readFileSync(tarball);
    const result = await publint({ pack: { tarball: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer }, level: "suggestion", strict: true });
    expect(result.messages.map((m) => formatMessage(m, result.pkg) ?? m.code)).toEqual([]);
  });

  test("arethetypeswrong finds no problem, and every entry resolves for node10, node16 (CJS and ESM) and bundlers", () => {
    const out = spawnSync(process.execPath, ["node_modules/@arethetypeswrong/cli/dist/index.js", tarball, "--format", "json"], { encoding: "utf8" });
    const report = JSON.parse(out.stdout) as {
      problems: Record<string, unknown>;
      analysis: { entrypoints: Record<string, { resolutions: Record<string, { resolution?: { fileName: string } }> }> };
    };
    expect(report.problems).toEqual({});
    const resolved = (entry: string) =>
      Object.fromEntries(Object.entries(report.analysis.entrypoints[entry]!.resolutions).map(([kind, r]) => [kind, r.resolution?.fileName.replace("/node_modules/credstack/", "")]));
    expect(resolved(".")).toEqual({ node10: "dist/index.d.ts", "node16-cjs": "dist/index.d.cts", "node16-esm": "dist/index.d.ts", bundler: "dist/index.d.ts" });
    expect(resolved("./node")).toEqual({ node10: "dist/node.d.cts", "node16-cjs": "dist/node.d.cts", "node16-esm": "dist/node.d.ts", bundler: "dist/node.d.ts" });
    expect(out.status).toBe(0);
  }, 60_000);

  describe("installed into a new project", () => {
    const app = join(work, "app");
    const record = resolve("fixtures/educators/nc-6-12-short.yaml");
    const run = (args: string[], input?: string) => spawnSync(args[0]!, args.slice(1), { cwd: app, encoding: "utf8", ...(input === undefined ? {} : { input }) });

    beforeAll(() => {
      execFileSync("mkdir", ["-p", app]);
      writeFileSync(join(app, "package.json"), JSON.stringify({ name: "credstack-smoke", private: true, version: "1.0.0" }));
      copyFileSync(record, join(app, "educator.yaml"));
      // the dependencies come from npm's cache (filled by `npm ci`), the registry only if missing
      execFileSync("npm", ["install", tarball, "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts"], { cwd: app, stdio: "pipe" });
    }, 180_000);

    test("the bin evaluates a record, and validates the rules that shipped", () => {
      const bin = join(app, "node_modules", ".bin", "credstack");
      const out = run([bin, "evaluate", "educator.yaml", "--as-of", "2026-11-24", "--state", "NC", "--format", "json"]);
      expect(out.stderr).toBe("");
      const nc = JSON.parse(out.stdout).results.find((r: { policy: { id: string } }) => r.policy.id === "nc-renewal");
      // nc-6-12-short: Subject 3.5 of 4 credits, so 0.5 short (as in the CJS/ESM test above)
      expect([out.status, nc.stacks[0].status, nc.stacks[0].gaps[0].missing.amount]).toEqual([0, "not_met", "0.5"]);
      const rules = readdirSync(join(app, "node_modules/credstack/rules")).filter((f) => f.endsWith(".yaml")).map((f) => `node_modules/credstack/rules/${f}`);
      const validate = run([bin, "validate", "--strict", ...rules]);
      expect([validate.status, validate.stderr]).toEqual([0, ""]);
      expect(rules.length).toBe(readdirSync("rules").filter((f) => f.endsWith(".yaml")).length);
    });

    test("the bin plans with the catalog that shipped (WY, one MC short of the 6-12 endorsement)", () => {
      copyFileSync(resolve("fixtures/educators/wy-cs-one-short.yaml"), join(app, "wy.yaml"));
      const bin = join(app, "node_modules", ".bin", "credstack");
      const out = run([bin, "plan", "wy.yaml", "--state", "WY", "--stack", "cs-endorsement-6-12", "--as-of", "2026-11-24"]);
      expect([out.status, out.stderr]).toEqual([0, ""]);
      // as in docs/planning.md: one free MC from the WDE catalog completes it
      expect(out.stdout).toContain("Add Variables - Secondary [wy-wde-cs:wde-cs-variables-secondary] (1 credential, $0)");
    });

    const body = `
      const report = c.evaluate(n.loadRecordFile("educator.yaml"), n.loadBuiltinPolicies(), { asOf: "2026-11-24", states: ["NC"] });
      const stack = report.results.find((r) => r.policy.id === "nc-renewal").stacks[0];
      let typed = false;
      try { c.parsePolicy("state: NC\\n") } catch (e) { typed = e instanceof c.PolicyError && e.issues.length > 0 }
      console.log(stack.status, stack.gaps[0].missing.amount, typed, n.builtinRulesDir().includes("node_modules"));`;

    test("require('credstack') and require('credstack/node') work (CommonJS)", () => {
      writeFileSync(join(app, "consumer.cjs"), `const c = require("credstack"), n = require("credstack/node");${body}`);
      const out = run([process.execPath, "consumer.cjs"]);
      expect([out.stdout, out.stderr]).toEqual(["not_met 0.5 true true\n", ""]);
    });

    test("import from 'credstack' and 'credstack/node' works (ES modules)", () => {
      writeFileSync(join(app, "consumer.mjs"), `import * as c from "credstack"; import * as n from "credstack/node";${body}`);
      const out = run([process.execPath, "consumer.mjs"]);
      expect([out.stdout, out.stderr]).toEqual(["not_met 0.5 true true\n", ""]);
    });
  });
});
