import { writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { renderTestRun, runPolicyTests, type PolicyTestSuite } from "../../src/index.js";
import { loadPolicyFile, loadPolicyTestFile, runPolicyTestFiles } from "../../src/node/index.js";
import { runCli, type CliIo } from "../../src/cli/main.js";

const nc = loadPolicyFile("rules/nc-renewal-2024.yaml");

describe("the shipped policy tests", () => {
  test("every case in fixtures/ passes and covers every stack, variant and requirement", () => {
    const run = runPolicyTestFiles(["fixtures"]);
    expect(run.cases.filter((c) => !c.passed)).toEqual([]);
    expect(run.cases.length).toBeGreaterThanOrEqual(15);
    expect(run.coverage.items.filter((i) => !i.covered)).toEqual([]);
  });
});

describe("runPolicyTests", () => {
  const suite = (cases: PolicyTestSuite["cases"]): PolicyTestSuite => ({ credstack_tests: 1, name: "t", as_of: "2026-11-24", states: ["NC"], cases });
  const teacher = {
    id: "t1",
    licenses: [{ state: "NC", type: "CPL", role: "teacher", grade_band: "6-12", issued: "2022-07-01", expires: "2027-06-30" }],
    credentials: [
      { id: "c1", title: "Course", issuer: { id: "unc" }, kind: "college_credit" as const, tags: ["subject"], amount: { value: 2, unit: "semester_hour" }, earned: "2023-01-01" },
    ],
  };

  test("a wrong expectation fails with a message that names what differs", () => {
    const run = runPolicyTests(
      [{ suite: suite([{ name: "wrong", record: teacher, expect: [{ stack: "renewal", status: "met", counted: { "renewal-credit/credits/subject": "4" }, gaps: {} }, { credential: "c1", reason: "revoked" }] }]) }],
      [nc],
    );
    expect(run.failed).toBe(1);
    // 2 semester hours = 3 CEU, all Subject: 1 Subject and 4 General are missing (and 5 in all,
    // which those two gaps cover, so the pool's own gap is not listed)
    expect(run.cases[0]!.failures).toEqual([
      'stack \'renewal\': status expected "met", got "not_met"',
      "stack 'renewal': counted at 'renewal-credit/credits/subject' expected 4, got 3",
      "stack 'renewal': unexpected gap at 'renewal-credit/credits/general' (4)",
      "stack 'renewal': unexpected gap at 'renewal-credit/credits/subject' (1)",
      "credential 'c1': expected reason revoked, got none",
    ]);
  });

  test("an expected error passes only with that code; a missing stack or record path fails", () => {
    const run = runPolicyTests(
      [
        {
          suite: suite([
            { name: "bad record", record: { id: "x", licences: [] } as never, error: "record_invalid" },
            { name: "wrong code", record: { id: "x", licences: [] } as never, error: "unknown_fact" },
            { name: "no such stack", record: teacher, expect: [{ stack: "nope" }] },
            { name: "path without loader", record: "x.yaml", expect: [] },
          ]),
        },
      ],
      [nc],
    );
    expect(run.cases.map((c) => c.passed)).toEqual([true, false, false, false]);
    expect(run.cases[2]!.failures).toEqual(["stack 'nope': not in the report (states evaluated: NC)"]);
    expect(run.cases[3]!.failures).toEqual(["record 'x.yaml' is a path, and no record loader was given"]);
  });

  test("a skipped family: expected, it passes; evaluated instead, the failure names the version", () => {
    const expiring = (expires: string) => ({ ...teacher, licenses: [{ ...teacher.licenses[0]!, issued: "2011-07-01", expires }] });
    const run = runPolicyTests(
      [
        {
          suite: suite([
            // the only version given starts with licenses expiring 2024-06-30
            { name: "before any version", record: expiring("2016-06-30"), expect: [{ skipped: "nc-renewal" }] },
            { name: "in force", record: expiring("2027-06-30"), expect: [{ skipped: "nc-renewal", state: "NC" }] },
          ]),
        },
      ],
      [nc],
    );
    expect(run.cases.map((c) => c.failures)).toEqual([
      [],
      ["policy 'nc-renewal': expected to be skipped (no version in force), but version 2024-06-30 was evaluated"],
    ]);
  });

  test("coverage lists what no case reached; the text output ends with the counts", () => {
    const run = runPolicyTests([{ suite: suite([{ name: "met", record: teacher, expect: [] }]) }], [nc]);
    // one 6-12 teacher reaches the version, the stack, the 6-12 variant, its any, and the credits route
    // with its 2 categories: 7 of 30 items (the other 23 include the three exemptions)
    expect([run.coverage.covered, run.coverage.total]).toEqual([7, 30]);
    const text = renderTestRun(run, { threshold: 80 });
    expect(text).toContain("1 passed, 0 failed\ncoverage 23.33% (7 of 30), threshold 80%\nnot exercised by any case:\n");
    expect(text).toContain("nc-renewal@2024-06-30 variant stacks[0].variants[0]: Student services personnel");
  });
});

describe("test files", () => {
  test("a malformed test file is reported with its line and column", () => {
    const dir = mkdtempSync(join(tmpdir(), "credstack-"));
    const file = join(dir, "bad.test.yaml");
    writeFileSync(file, "credstack_tests: 1\nname: bad\ncases:\n  - name: x\n    record: r.yaml\n    expct: []\n    error: record_invalid\n");
    expect(() => loadPolicyTestFile(file)).toThrowError(/unknown_key/);
    try {
      loadPolicyTestFile(file);
    } catch (e) {
      expect((e as { issues: { position?: { line: number; column: number }; hint: string }[] }).issues[0]).toMatchObject({
        position: { line: 6, column: 5 },
        hint: "Did you mean 'expect'?",
      });
    }
  });

  test("credstack test: exit 0 when all pass and coverage meets the threshold, 1 below it", async () => {
    let out = "";
    const io: CliIo = { out: (t) => (out += t), err: () => {}, color: false, today: () => "2026-11-24" };
    expect(await runCli(["test", "fixtures", "--threshold", "100"], io)).toBe(0);
    expect(out).toMatch(/\n\d+ passed, 0 failed\ncoverage 100% \(\d+ of \d+\), threshold 100%\n$/);
    const dir = mkdtempSync(join(tmpdir(), "credstack-"));
    writeFileSync(join(dir, "one.test.yaml"), "credstack_tests: 1\nname: one\nas_of: 2026-11-24\ncases:\n  - name: x\n    record: { id: x }\n    expect: []\n");
    expect(await runCli(["test", dir, "--threshold", "50"], io)).toBe(1);
    expect(await runCli(["test", dir, "--threshold", "150"], io)).toBe(2);
  });
});
