// The published shape: tsup builds ESM + CJS + type declarations for `credstack` and
// `credstack/node`, and the `credstack` bin. Built once here, then used as a consumer would.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { beforeAll, describe, expect, test } from "vitest";

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
