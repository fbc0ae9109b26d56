// The playground end to end: built with its vite config into one HTML file, opened from disk in
// headless Chromium, and used as a person would: pick a state, a policy and a sample record, edit
// the record and see the status change, break the policy and see the error at its line, drop a
// badge file. Screenshots go to test-results/.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import ts from "typescript";
import { build } from "vite";
import { afterAll, describe, expect, test } from "vitest";
import { evaluate, parsePolicy, safeParseRecordText } from "../../src/index.js";
import { launchChromium } from "../helpers/chromium.js";

const OUT = "test-results";
const policyText = readFileSync("rules/nc-renewal-2024.yaml", "utf8");
const shortText = readFileSync("fixtures/educators/nc-6-12-short.yaml", "utf8");
const badgePath = "fixtures/inputs/nc/digital-promise-discourse.jwt";

describe("the playground", () => {
  const dir = mkdtempSync(join(tmpdir(), "credstack-playground-"));
  let browser: Promise<Browser> | undefined;
  let page: Page | undefined;

  /** The page, built and opened once; every test goes on from where the one before left it. */
  async function open(): Promise<Page> {
    if (page) return page;
    browser ??= launchChromium();
    await build({ configFile: "playground/vite.config.ts", logLevel: "silent", build: { outDir: dir, emptyOutDir: true } });
    page = await (await browser).newPage({ viewport: { width: 1600, height: 1000 } });
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`file://${join(dir, "index.html")}`);
    await page.waitForSelector("body[data-ready]");
    expect(errors).toEqual([]);
    return page;
  }

  const waitForStatus = (p: Page, stack: string, value: string) => p.waitForSelector(`[data-stack="${stack}"] > header .badge[data-status="${value}"]`, { timeout: 10_000 });

  afterAll(async () => {
    await (await browser?.catch(() => undefined))?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test("type-checks against the DOM (its own tsconfig: the core's has no DOM)", () => {
    const config = ts.getParsedCommandLineOfConfigFile("playground/tsconfig.json", {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
    const program = ts.createProgram({ rootNames: config!.fileNames, options: { ...config!.options, noEmit: true } });
    const problems = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    expect(problems).toEqual([]);
    expect(config!.fileNames.some((f) => f.endsWith("playground/main.ts"))).toBe(true);
  }, 120_000);

  test("opens from disk on North Carolina's current renewal policy; a sample record shows its report", async () => {
    const p = await open();
    expect(await p.locator("#state").inputValue()).toBe("NC");
    expect(await p.locator("#policy").inputValue()).toBe("nc-renewal-2024.yaml");
    await p.locator("#as-of").fill("2026-11-24");
    await p.locator("#as-of").dispatchEvent("change");
    await p.locator("#example").selectOption("nc-6-12-short");
    expect(await p.locator("#policy-editor textarea").inputValue()).toBe(policyText);
    // nc-6-12-short: Subject 3 + 0.5 = 3.5 of 4 credits, so not met, 0.5 short by the license's expiry
    await waitForStatus(p, "renewal", "not_met");
    expect(await p.locator('[data-stack="renewal"] .gap').first().innerText()).toMatch(/^0\.5 renewal credits Subject.* by 2027-06-30$/);
    expect(await p.locator(".credentials tbody tr").count()).toBe(5);
    expect(await p.locator('[data-credential="cred-01"] td').nth(3).innerText()).toBe("renewal / renewal-credit/credits/subject (3)");
    // the sources: a numbered list of the policy's citations, linked
    expect(await p.locator(".sources li a").first().getAttribute("href")).toMatch(/^https:\/\//);
  }, 180_000);

  test("editing the record changes the status; a record error is shown at its line", async () => {
    const p = await open();
    // not a real date: the record's problem is listed with the line of cred-02's earned date
    const line = shortText.split("\n").indexOf("    earned: 2024-03-08") + 1;
    await p.locator("#record-editor textarea").fill(shortText.replace("    earned: 2024-03-08", "    earned: 2024-13-08"));
    const issue = p.locator("#record-issues .issue").first();
    await issue.waitFor({ timeout: 10_000 });
    expect([await issue.getAttribute("data-code"), (await issue.locator(".where").innerText()).split(":")[0]]).toEqual(["record_invalid", String(line)]);
    expect(await p.locator("#report .blocked").innerText()).toMatch(/^Fix the record to see the report/);
    // cred-02 at 10 contact hours = 1 CEU: Subject 3 + 1 = 4 of 4, total 9 >= 8, so met
    const edited = shortText.replace("amount: { value: 5, unit: hour }\n    earned: 2024-03-08", "amount: { value: 10, unit: hour }\n    earned: 2024-03-08");
    expect(edited).not.toBe(shortText);
    await p.locator("#record-editor textarea").fill(edited);
    await waitForStatus(p, "renewal", "met");
    expect(await p.locator('[data-credential="cred-02"] td').nth(2).innerText()).toBe("1 renewal credit");
    await p.screenshot({ path: join(OUT, "playground.png"), fullPage: true });
  }, 60_000);

  test("a policy error is listed with its line and column, and marked in the gutter", async () => {
    const p = await open();
    const line = policyText.split("\n").findIndex((l) => l.startsWith("credit_unit:")) + 1;
    await p.locator("#policy-editor textarea").fill(policyText.replace("\ncredit_unit:", "\ncredit_units:"));
    const issue = p.locator('#policy-issues .issue[data-code="unknown_key"]');
    await issue.waitFor({ timeout: 10_000 });
    expect(await issue.locator(".where").innerText()).toBe(`${line}:1`);
    expect(await p.locator("#policy-editor .gutter .line.marked").allInnerTexts()).toContain(String(line));
    expect(await p.locator("#report .blocked").innerText()).toMatch(/^Fix the policy to see the report/);
    // a click on the position puts the caret there
    await issue.locator(".where").click();
    const caret = await p.locator("#policy-editor textarea").evaluate((t) => {
      const area = t as unknown as { value: string; selectionStart: number };
      return area.value.slice(0, area.selectionStart).split("\n").length;
    });
    expect(caret).toBe(line);
    await p.screenshot({ path: join(OUT, "playground-policy-error.png") });
    await p.locator("#policy-editor textarea").fill(policyText);
    await waitForStatus(p, "renewal", "met");
  }, 60_000);

  test("a dropped Open Badges 3.0 file adds its credential to the record; once approved and tagged, it completes the stack", async () => {
    const p = await open();
    await p.locator("#example").selectOption("nc-6-12-short");
    await waitForStatus(p, "renewal", "not_met");
    const jwt = readFileSync(badgePath, "utf8");
    // a real drop: a DataTransfer holding the file, as the browser makes one when a file is dragged in
    const transfer = await p.evaluateHandle((text) => {
      const web = globalThis as unknown as { DataTransfer: new () => { items: { add(file: unknown): void } } };
      const data = new web.DataTransfer();
      data.items.add(new File([text], "digital-promise-discourse.jwt"));
      return data;
    }, jwt);
    await p.locator("#drop").dispatchEvent("drop", { dataTransfer: transfer });
    const id = "urn:uuid:5e0c7a44-3c55-4f0e-9d7b-2f1f0e6c8a11";
    const row = p.locator(`[data-credential="${id}"]`);
    await row.waitFor({ timeout: 10_000 });
    expect(await p.locator("#record-issues .note").allInnerTexts()).toEqual(["digital-promise-discourse.jwt: added 1 credential."]);
    const dropped = await p.locator("#record-editor textarea").inputValue();
    // the record's text is kept as written; the badge's credential follows its last credential
    expect(dropped.startsWith(shortText.trimEnd())).toBe(true);
    expect(dropped.slice(shortText.trimEnd().length)).toContain("\n  - id: urn:uuid:5e0c7a44-3c55-4f0e-9d7b-2f1f0e6c8a11\n    title: Facilitating Mathematical Discourse\n");

    // NC 2024 recognizes a micro-credential only with LEA approval, which the badge does not carry
    expect(await row.locator(".badge").getAttribute("data-status")).toBe("rejected");
    expect(await row.locator(".why code").allInnerTexts()).toEqual(["not_recognized"]);

    // approved by the LEA and tagged subject: 10 contact hours / 10 = 1 CEU, which may split
    // (allocation.split_credit): Subject 3 + 0.5 + 0.5 of it = 4 of 4, General 2.5 + 1.5 = 4 of 4,
    // and 8 credits in all are reached, so the stack is met
    const approved = `${dropped.replace("      - discourse\n", "      - discourse\n      - subject\n").trimEnd()}\n    approvals: [lea-approved]\n`;
    expect(approved).toContain("      - subject\n");
    await p.locator("#record-editor textarea").fill(approved);
    await waitForStatus(p, "renewal", "met");
    expect(await row.locator(".badge").getAttribute("data-status")).toBe("counted");
    expect(await row.locator("td").nth(2).innerText()).toBe("1 renewal credit");

    // the page's report is the one evaluate gives for the same texts in Node
    const record = safeParseRecordText(approved);
    if (!record.success) throw new Error("the edited record is invalid");
    const report = evaluate(record.record, [parsePolicy(policyText)], { asOf: "2026-11-24", states: ["NC"] });
    expect(report.results[0]!.stacks[0]!.status).toBe("met");
    expect(report.results[0]!.credentials.find((c) => c.id === id)).toMatchObject({ status: "counted", value: { amount: "1", unit: "ceu" } });
    await p.screenshot({ path: join(OUT, "playground-badge.png"), fullPage: true });
  }, 60_000);

  test("picking another state picks its renewal policy and a record it applies to", async () => {
    const p = await open();
    await p.locator("#state").selectOption("WY");
    expect(await p.locator("#policy").inputValue()).toBe("wy-renewal.yaml");
    await p.locator('[data-stack] > header .badge').first().waitFor({ timeout: 10_000 });
    expect(await p.locator("#report h3").first().innerText()).toMatch(/^WY · /);
  }, 60_000);
});
