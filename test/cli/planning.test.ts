// credstack plan, whatif and expiring, and schema catalog, through runCli with an injected today.
import { describe, expect, test } from "vitest";
import type { ExpiringReport, Plan, ReportDiff } from "../../src/index.js";
import { runCommand as run } from "../helpers/cli.js";

const fixture = (name: string) => `fixtures/educators/${name}.yaml`;

describe("credstack plan", () => {
  test("the built-in WY catalog: one MC, proven, in text and JSON", async () => {
    const text = await run("plan", fixture("wy-cs-one-short"), "--state", "WY", "--stack", "cs-endorsement-6-12");
    expect(text.code).toBe(0);
    expect(text.out).toContain("met with 1 catalog credential added (proven minimal).");
    expect(text.out).toContain("Add Variables - Secondary [wy-wde-cs:wde-cs-variables-secondary] (1 credential, $0) → route/micro-credentials/variables.");
    const json = await run("plan", fixture("wy-cs-one-short"), "--state", "wy", "--stack", "cs-endorsement-6-12", "--format", "json");
    const p = JSON.parse(json.out) as Plan;
    expect([p.status, p.proven, p.bound, p.items.map((i) => i.item)]).toEqual(["planned", true, 1, ["wde-cs-variables-secondary"]]);
  });

  test("an unknown stack, a bad budget and a bad catalog exit 2 with one line", async () => {
    const stack = await run("plan", fixture("wy-cs-one-short"), "--state", "WY", "--stack", "nope");
    expect([stack.code, stack.err.split("\n")[0]]).toEqual([2, expect.stringMatching(/^credstack: unknown_stack No stack 'nope'/)]);
    const budget = await run("plan", fixture("wy-cs-one-short"), "--state", "WY", "--stack", "cs-endorsement-6-12", "--budget", "0");
    expect([budget.code, budget.err]).toEqual([2, "credstack: invalid_option --budget 0 is not a whole number of at least 1.\n"]);
    const catalog = await run("plan", fixture("wy-cs-one-short"), "--state", "WY", "--stack", "cs-endorsement-6-12", "--catalog", fixture("wy-cs-one-short"));
    expect(catalog.code).toBe(2);
    expect(catalog.err).toMatch(/^credstack: .*(catalog_invalid|unknown_key)/);
  });
});

describe("credstack whatif and expiring", () => {
  test("whatif --add a one-item catalog: the 6-12 endorsement becomes met", async () => {
    const { code, out } = await run("whatif", fixture("wy-cs-one-short"), "--state", "WY", "--add", "fixtures/catalogs/wy-variables-secondary.yaml", "--format", "json");
    expect(code).toBe(0);
    const diff = JSON.parse(out) as ReportDiff;
    expect(diff.changed.find((c) => c.stack === "cs-endorsement-6-12")).toMatchObject({ before: "not_met", after: "met" });
  });

  test("expiring --until: COSC 3020 (2022-05-13) leaves the 5-year recency category by 2027-06-30", async () => {
    const { code, out } = await run("expiring", fixture("wy-cs-doc"), "--state", "WY", "--until", "2027-06-30", "--format", "json");
    expect(code).toBe(0);
    const report = JSON.parse(out) as ExpiringReport;
    const six12 = report.stacks.find((s) => s.stack === "cs-endorsement-6-12")!;
    expect([six12.now, six12.then, six12.credentials.map((c) => [c.id, c.requirement, c.amount])]).toEqual(["met", "not_met", [["cred-06", "route/demonstration-of-competency/coursework/recent", "3"]]]);
  });

  test("schema catalog prints the catalog's JSON Schema", async () => {
    const { code, out } = await run("schema", "catalog");
    expect(code).toBe(0);
    expect(JSON.parse(out)).toHaveProperty("$defs.Catalog");
  });
});
