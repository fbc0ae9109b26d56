// The core entry (`credstack`) in a browser: bundled for the browser with vite (a Node built-in
// anywhere in its import graph fails the build), loaded into headless Chromium, and run on the
// built-in policies and a fixture record. The browser's report is byte-identical to Node's.
import { readdirSync, readFileSync } from "node:fs";
import type { Browser } from "playwright-core";
import { build, type Rolldown } from "vite";
import { afterAll, describe, expect, test } from "vitest";
import { evaluate, parsePolicy, safeParseRecordText } from "../../src/index.js";
import { launchChromium, noNodeBuiltins } from "../helpers/chromium.js";

/** Bundles an entry for browsers as one script that defines the global `credstack`. */
async function bundle(entry: string): Promise<string> {
  const result = await build({
    configFile: false,
    logLevel: "silent",
    plugins: [noNodeBuiltins()],
    build: {
      write: false,
      minify: false,
      target: "es2022",
      lib: { entry, formats: ["iife"], name: "credstack", fileName: "credstack" },
    },
  });
  const outputs = (Array.isArray(result) ? result : [result]) as Rolldown.RolldownOutput[];
  const chunk = outputs.flatMap((o) => o.output).find((o) => o.type === "chunk");
  if (!chunk || chunk.type !== "chunk") throw new Error("vite produced no script");
  return chunk.code;
}

const policyTexts = readdirSync("rules")
  .filter((f) => f.endsWith(".yaml"))
  .sort()
  .map((f) => ({ name: `rules/${f}`, text: readFileSync(`rules/${f}`, "utf8") }));
const recordText = readFileSync("fixtures/educators/nc-6-12-short.yaml", "utf8");

describe("the core entry in headless Chromium", () => {
  // started once, awaited by each test: without Chromium every test fails with the fix (none is skipped)
  let browser: Promise<Browser> | undefined;
  let script: Promise<string> | undefined;
  const page = async () => {
    browser ??= launchChromium();
    script ??= bundle("src/index.ts");
    const p = await (await browser).newPage();
    await p.setContent("<!doctype html><title>credstack</title>");
    await p.addScriptTag({ content: await script });
    return p;
  };

  afterAll(async () => {
    await (await browser?.catch(() => undefined))?.close();
  });

  test("the bundle check fails on a Node built-in: credstack/node cannot be bundled for a browser", async () => {
    await expect(bundle("src/node/index.ts")).rejects.toThrow(/imports the Node built-in 'node:/);
  }, 60_000);

  test("evaluates the built-in policies on a record, with the same report as Node", async () => {
    const tab = await page();
    const errors: string[] = [];
    tab.on("pageerror", (e) => errors.push(e.message));
    const json = await tab.evaluate(
      ({ policyTexts, recordText }) => {
        const c = (globalThis as unknown as { credstack: typeof import("../../src/index.js") }).credstack;
        const policies = policyTexts.map((p) => c.parsePolicy(p.text, { source: p.name }));
        const record = c.safeParseRecordText(recordText, { source: "educator.yaml" });
        if (!record.success) throw new Error(c.formatIssues(record.issues));
        return JSON.stringify(c.evaluate(record.record, policies, { asOf: "2026-11-24" }));
      },
      { policyTexts, recordText },
    );
    await tab.close();
    expect(errors).toEqual([]);

    const record = safeParseRecordText(recordText, { source: "educator.yaml" });
    if (!record.success) throw new Error("fixture record is invalid");
    const inNode = JSON.stringify(evaluate(record.record, policyTexts.map((p) => parsePolicy(p.text, { source: p.name })), { asOf: "2026-11-24" }));
    expect(json).toBe(inNode);

    // nc-6-12-short: Subject holds 3 + 0.5 = 3.5 of the 4 credits it needs, so 0.5 short
    const nc = (JSON.parse(json) as { results: { policy: { id: string }; stacks: { status: string; gaps: { missing: { amount: string } }[] }[] }[] }).results.find((r) => r.policy.id === "nc-renewal")!;
    expect([nc.stacks[0]!.status, nc.stacks[0]!.gaps[0]!.missing.amount]).toEqual(["not_met", "0.5"]);
  }, 120_000);

  test("a policy error in the browser carries its line and column", async () => {
    const tab = await page();
    const issue = await tab.evaluate((text) => {
      const c = (globalThis as unknown as { credstack: typeof import("../../src/index.js") }).credstack;
      const result = c.safeParsePolicy(text, { source: "nc.yaml" });
      return result.success ? undefined : { code: result.issues[0].code, position: result.issues[0].position };
    }, policyTexts.find((p) => p.name === "rules/nc-renewal-2024.yaml")!.text.replace("\ncredit_unit:", "\ncredit_units:"));
    await tab.close();
    const line = policyTexts.find((p) => p.name === "rules/nc-renewal-2024.yaml")!.text.split("\n").findIndex((l) => l.startsWith("credit_unit:")) + 1;
    expect(issue).toMatchObject({ code: "unknown_key", position: { line, column: 1 } });
  }, 120_000);
});
