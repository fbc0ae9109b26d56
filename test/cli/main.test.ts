import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { renderStatusText } from "../../src/cli/status-text.js";
import { StatusReport, evaluate, toStatusReport, type Report } from "../../src/index.js";
import { loadBuiltinPolicies, loadRecordFile } from "../../src/node/index.js";
import { runCommand as run } from "../helpers/cli.js";

const fixture = (name: string) => `fixtures/educators/${name}.yaml`;

describe("credstack evaluate", () => {
  test("--format json gives the report object, met for 4 Subject + 4 General", async () => {
    const { code, out } = await run("evaluate", fixture("nc-6-12-met"), "--format", "json");
    expect(code).toBe(0);
    const report = JSON.parse(out) as Report;
    expect(report.asOf).toBe("2026-11-24"); // the injected today
    // no --state: every state whose policy recognizes the record, NC (where the license is) among them
    expect(report.results.map((r) => r.state)).toContain("NC");
    const stack = report.results.find((r) => r.policy.id === "nc-renewal")!.stacks[0]!;
    expect([stack.id, stack.kind, stack.status]).toEqual(["renewal", "renewal", "met"]);
    expect(stack.requirements.length).toBeGreaterThan(0);
  });

  test("3.5 Subject + 4.5 General: not met, 0.5 Subject missing by the expiry date", async () => {
    const { code, out } = await run("evaluate", fixture("nc-6-12-short"), "--as-of", "2026-11-24", "--format", "json", "--state", "NC");
    expect(code).toBe(0);
    const stack = (JSON.parse(out) as Report).results.find((r) => r.policy.id === "nc-renewal")!.stacks[0]!;
    expect(stack.status).toBe("not_met");
    expect(stack.gaps).toEqual([
      {
        requirement: "renewal-credit/credits/subject",
        title: "Subject",
        missing: { amount: "0.5", unit: "ceu" },
        accepts: "credentials tagged subject",
        match: [{ tags: "subject" }],
        deadline: "2027-06-30",
      },
    ]);
  });

  test("text output reads as a person expects", async () => {
    const { code, out } = await run("evaluate", fixture("nc-6-12-short"), "--as-of", "2026-11-24");
    expect(code).toBe(0);
    const ncRenewal = out.slice(out.indexOf("[nc-renewal@"));
    const block = ncRenewal.slice(ncRenewal.indexOf("  ✖ NOT MET"), ncRenewal.indexOf("\n\n  Credentials"));
    expect(block).toMatchInlineSnapshot(`
      "  ✖ NOT MET  CPL renewal (8 credits per 5-year cycle) (Teachers, grades 6-12)  renewal  window 2022-07-01 → 2027-06-30
            ✖ National Board certification, or 8 renewal credits
              ✖ National Board certification earned in the cycle (alternative)  0 / 1 credential
              ✖ 8 renewal credits                                               8 / 8 renewal credits    cred-05 (0.5)
                ✖ Subject                                                       3.5 / 4 renewal credits  cred-01 (3), cred-02 (0.5)
                ✔ General                                                       4 / 4 renewal credits    cred-03 (2.5), cred-04 (1.5)
          CPL renewal (8 credits per 5-year cycle) (Teachers, grades 6-12): not met.
          8 renewal credits: 8 of 8 renewal credits counted.
          Subject: 3.5 of 4 renewal credits counted.
          General: 4 of 4 renewal credits counted.
          Needs 0.5 more renewal credits for Subject (credentials tagged subject) by 2027-06-30.
          Or instead: National Board certification earned in the cycle (needs 1 more credential).
          Rule rules/nc-renewal-2024.yaml:312 (stacks[0].variants[3]); sources: https://www.gcsnc.com/Page/29641, https://www.chccs.org/Page/9583, https://www.bcswan.net/departments/professional-development/professional-development-faqs, https://www.carteretcountyschools.org/cms/One.aspx?portalId=27511907&pageId=45047251."
    `);
    expect(out).not.toContain("\u001b["); // no colour when not a terminal
  });

  test("--state all evaluates every loaded policy; an unknown state is a one-line error", async () => {
    expect((await run("evaluate", fixture("nc-6-12-met"), "--state", "all", "--format", "json")).code).toBe(0);
    const bad = await run("evaluate", fixture("nc-6-12-met"), "--state", "XX");
    expect(bad.code).toBe(2);
    const have = [...new Set(loadBuiltinPolicies().map((p) => p.state))].sort().join(", ");
    expect(bad.err).toBe(`credstack: unknown_state No policy for state XX in the built-in rules (have ${have}).\n`);
  });

  test("batch checks --state and a --rules folder before any worker starts: typed one-line errors, exit 2", async () => {
    const have = [...new Set(loadBuiltinPolicies().map((p) => p.state))].sort().join(", ");
    const state = await run("batch", fixture("nc-6-12-met"), "--as-of", "2026-11-24", "--state", "XX");
    expect([state.code, state.err, state.out]).toEqual([2, `credstack: unknown_state No policy for state XX in the built-in rules (have ${have}).\n`, ""]);
    const rules = await run("batch", fixture("nc-6-12-met"), "--as-of", "2026-11-24", "--rules", "fixtures/no-such-folder");
    expect([rules.code, rules.err, rules.out]).toEqual([2, "credstack: file_unreadable Cannot read the policy folder 'fixtures/no-such-folder': ENOENT.\n", ""]);
  });

  test("unreadable and invalid input: exit 2, one line, no stack trace", async () => {
    const missing = await run("evaluate", "fixtures/educators/nope.yaml");
    expect(missing.code).toBe(2);
    expect(missing.err).toBe("credstack: fixtures/educators/nope.yaml:1:1 file_unreadable Cannot read input file 'fixtures/educators/nope.yaml': ENOENT. (at (root))\n");
    const badDate = await run("evaluate", fixture("nc-6-12-met"), "--as-of", "2026-02-30");
    expect(badDate.code).toBe(2);
    expect(badDate.err).toBe("credstack: invalid_as_of --as-of 2026-02-30 is not a real date written YYYY-MM-DD.\n");
    const usage = await run("evaluate");
    expect(usage.code).toBe(2);
    expect(usage.err).toBe("error: missing required argument 'inputs'\n");
    const badRecord = await run("evaluate", "fixtures/policies/valid/minimal.yaml");
    expect(badRecord.code).toBe(2);
    expect(badRecord.err.split("\n")).toHaveLength(2);
    expect(badRecord.err).toMatch(/^credstack: fixtures\/policies\/valid\/minimal\.yaml:\d+:\d+ record_invalid /);
  });
});

describe("credstack evaluate --status", () => {
  const policies = loadBuiltinPolicies();

  test("--format json: the StatusReport; NC renewal met (4 Subject + 4 General), due the license's expiry 2027-06-30", async () => {
    const { code, out, err } = await run("evaluate", fixture("nc-6-12-met"), "--as-of", "2026-11-24", "--state", "NC", "--format", "json", "--status");
    expect([code, err]).toEqual([0, ""]);
    const status = StatusReport.parse(JSON.parse(out)); // strict: nothing but the status report's keys
    expect([status.credstack, status.record, status.asOf, status.skipped]).toEqual([1, "nc-6-12-met", "2026-11-24", []]);
    expect(status.results.find((r) => r.policy.id === "nc-renewal")).toEqual({
      state: "NC",
      policy: { id: "nc-renewal", version: "2024-06-30" },
      stacks: [{ id: "renewal", kind: "renewal", status: "met", deadline: "2027-06-30", optimal: true }],
    });
    // the statuses of the full report, pretty-printed as the full report is
    const full = evaluate(loadRecordFile(fixture("nc-6-12-met")), policies, { asOf: "2026-11-24", states: ["NC"] });
    expect(status).toEqual(toStatusReport(full));
    expect(out).toBe(`${JSON.stringify(status, null, 2)}\n`);
  });

  test("--format json: 3.5 Subject + 4.5 General is not met, same deadline", async () => {
    const { code, out } = await run("evaluate", fixture("nc-6-12-short"), "--as-of", "2026-11-24", "--state", "NC", "--format", "json", "--status");
    expect(code).toBe(0);
    const renewal = StatusReport.parse(JSON.parse(out)).results.find((r) => r.policy.id === "nc-renewal");
    expect(renewal?.policy).toEqual({ id: "nc-renewal", version: "2024-06-30" });
    expect(renewal?.stacks).toEqual([{ id: "renewal", kind: "renewal", status: "not_met", deadline: "2027-06-30", optimal: true }]);
  });

  test("text: a header, a line per state policy, an indented line per stack with its status and due date", async () => {
    const met = await run("evaluate", fixture("nc-6-12-met"), "--as-of", "2026-11-24", "--state", "NC", "--status");
    const short = await run("evaluate", fixture("nc-6-12-short"), "--as-of", "2026-11-24", "--state", "NC", "--status");
    expect([met.code, met.err, short.code, short.err]).toEqual([0, "", 0, ""]);
    const metLines = met.out.split("\n");
    const shortLines = short.out.split("\n");
    expect(metLines.slice(0, 2)).toEqual(["Educator nc-6-12-met · as of 2026-11-24", ""]);
    expect(shortLines.slice(0, 2)).toEqual(["Educator nc-6-12-short · as of 2026-11-24", ""]);
    // ids padded to the longest NC stack id (dtl-digital-literacy-standards, 30), statuses to "not met"
    const at = metLines.indexOf("NC nc-renewal@2024-06-30");
    expect(metLines.slice(at, at + 2)).toEqual(["NC nc-renewal@2024-06-30", "  renewal                         met      due 2027-06-30"]);
    const atShort = shortLines.indexOf("NC nc-renewal@2024-06-30");
    expect(shortLines.slice(atShort, atShort + 2)).toEqual(["NC nc-renewal@2024-06-30", "  renewal                         not met  due 2027-06-30"]);
    expect(metLines).toContain("  qas-educator-micro-credential   met");
    // one line per policy and per stack, nothing else; no colour
    const json = StatusReport.parse(JSON.parse((await run("evaluate", fixture("nc-6-12-met"), "--as-of", "2026-11-24", "--state", "NC", "--format", "json", "--status")).out));
    expect(metLines).toHaveLength(2 + json.results.length + json.results.reduce((n, r) => n + r.stacks.length, 0) + 1); // + the final newline
    expect(json.results.map((r) => `${r.state} ${r.policy.id}@${r.policy.version}`).every((l) => metLines.includes(l))).toBe(true);
    expect(met.out).toBe(renderStatusText(json));
    expect(met.out).not.toContain("\u001b[");
  });

  test("input warnings print on stderr as without --status, and stay out of the JSON; rejected items still exit 1", async () => {
    const record = fixture("nc-6-12-met");
    const dupes = [record, "fixtures/inputs/nc/digital-promise-discourse.jwt", "fixtures/inputs/nc/nea-family-partnerships.ob2.json", "--map", "fixtures/inputs/nc/nc-lea-mapping.yaml", "--state", "NC", "--as-of", "2026-11-24", "--format", "json"];
    const full = await run("evaluate", ...dupes);
    const status = await run("evaluate", ...dupes, "--status");
    expect(status.code).toBe(0);
    expect(status.err.split("\n").filter((l) => l.includes("duplicate_credential"))).toHaveLength(2);
    expect(status.err).toBe(full.err);
    const parsed = StatusReport.parse(JSON.parse(status.out));
    expect(parsed).toEqual(toStatusReport(JSON.parse(full.out) as Report));
    expect(parsed.results.find((r) => r.policy.id === "nc-renewal")?.stacks[0]?.status).toBe("met");

    const rejected = await run("evaluate", record, "fixtures/inputs/malformed/clr-one-bad.json", "--state", "NC", "--as-of", "2026-11-24", "--status");
    expect(rejected.code).toBe(1);
    expect(rejected.err).toBe(
      "fixtures/inputs/malformed/clr-one-bad.json:85:11 badge_invalid Missing key 'name'. (at credentialSubject.verifiableCredential[1].credentialSubject.achievement.name)\n",
    );
    expect(rejected.out).toContain("  renewal                         met      due 2027-06-30\n");
  });

  test("renderStatusText: no deadline, not eligible, not proven optimal, skipped policies, no policy", () => {
    const text = renderStatusText({
      credstack: 1,
      record: "e-1",
      asOf: "2026-11-24",
      results: [
        {
          state: "WY",
          policy: { id: "wy-cs", version: "2020-07-01" },
          stacks: [
            { id: "cs-endorsement-6-12", kind: "endorsement", status: "met", optimal: false },
            { id: "cs-master-distinction", kind: "designation", status: "not_eligible", optimal: true },
          ],
        },
        { state: "WY", policy: { id: "wy-renewal", version: "2021" }, stacks: [{ id: "renewal", kind: "renewal", status: "not_evaluated", deadline: "2028-08-31", optimal: false }] },
      ],
      skipped: [{ state: "NC", policy: "nc-renewal", code: "no_policy_in_force", message: "No version of 'nc-renewal' is in force on 2026-11-24 (as_of)." }],
    });
    expect(text).toBe(
      [
        "Educator e-1 · as of 2026-11-24",
        "",
        "WY wy-cs@2020-07-01",
        "  cs-endorsement-6-12    met            (not proven optimal)",
        "  cs-master-distinction  not eligible",
        "WY wy-renewal@2021",
        "  renewal                not evaluated  due 2028-08-31  (not proven optimal)",
        "",
        "! NC nc-renewal: No version of 'nc-renewal' is in force on 2026-11-24 (as_of).",
        "",
      ].join("\n"),
    );
    expect(renderStatusText({ credstack: 1, record: "e-2", asOf: "2026-11-24", results: [], skipped: [] })).toBe("Educator e-2 · as of 2026-11-24\n\nNo policy applies.\n");
  });
});

describe("credstack validate", () => {
  test("the built-in rules are valid: exit 0", async () => {
    const { code, out } = await run("validate", "rules/nc-renewal-2024.yaml");
    expect(code).toBe(0);
    expect(out).toBe("1 policy valid\n");
  });

  test("a misspelt key fails with file:line:col, the code and a suggestion; exit 1", async () => {
    const { code, out } = await run("validate", "rules/nc-renewal-2024.yaml", "fixtures/policies/invalid/unknown_key.yaml");
    expect(code).toBe(1);
    expect(out).toMatchInlineSnapshot(`
      "fixtures/policies/invalid/unknown_key.yaml:58:9 unknown_key Unknown key 'categorie'. Did you mean 'categories'? (at stacks[0].requirements[0].categorie)
      "
    `);
  });

  test("--strict also requires citations: the built-in rules pass, an uncited number fails with its position", async () => {
    expect((await run("validate", "--strict", "rules/nc-renewal-2024.yaml")).code).toBe(0);
    const { code, out } = await run("validate", "--strict", "fixtures/policies/valid/minimal.yaml");
    expect(code).toBe(1);
    expect(out.split("\n")[0]).toBe(
      "fixtures/policies/valid/minimal.yaml:46:12 uncited_value The value of catalog entry 'cs-basics' cites no source and no assumption. (at catalog[0].value)",
    );
  });

  test("an unreadable file is reported on its own line, and the exit code is 2", async () => {
    const { code, out } = await run("validate", "nope.yaml", "rules/nc-renewal-2024.yaml");
    expect(code).toBe(2);
    expect(out).toBe("nope.yaml:1:1 file_unreadable Cannot read 'nope.yaml': ENOENT.\n");
  });
});

test("credstack schema policy prints the committed JSON Schema", async () => {
  const { code, out } = await run("schema", "policy");
  expect(code).toBe(0);
  expect(JSON.parse(out)).toEqual(JSON.parse(readFileSync("rules/policy.schema.json", "utf8")));
  expect((await run("schema", "nonsense")).code).toBe(2);
});

test("the command runs as a program: exit codes reach the shell", () => {
  const ok = execFileSync(process.execPath, ["--import", "tsx", "src/cli/main.ts", "validate", "rules/nc-renewal-2024.yaml"], { encoding: "utf8" });
  expect(ok).toBe("1 policy valid\n");
  const bad = spawnSync(process.execPath, ["--import", "tsx", "src/cli/main.ts", "evaluate", "missing.json"], { encoding: "utf8" });
  expect(bad.status).toBe(2);
  expect(bad.stderr.trim().split("\n")).toHaveLength(1);
});

describe("credstack --help", () => {
  test("docs/cli.md shows the help exactly as the command prints it", async () => {
    const { code, out } = await run("--help");
    expect(code).toBe(0);
    const docs = readFileSync("docs/cli.md", "utf8");
    const block = docs.slice(docs.indexOf("$ credstack --help\n") + "$ credstack --help\n".length, docs.indexOf("```", docs.indexOf("$ credstack --help")));
    expect(block).toBe(out);
  });
});
