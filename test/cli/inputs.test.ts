// `credstack evaluate` takes badges, CLR and CSV files directly, beside or instead of a record.
import { describe, expect, test } from "vitest";
import { runCli, type CliIo } from "../../src/cli/main.js";
import type { Report } from "../../src/index.js";

async function run(...argv: string[]) {
  let out = "";
  let err = "";
  const io: CliIo = { out: (t) => (out += t), err: (t) => (err += t), color: false, today: () => "2026-11-24" };
  const code = await runCli(argv, io);
  return { code, out, err };
}

const status = (report: Report, policy: string, stack: string) => report.results.find((r) => r.policy.id === policy)?.stacks.find((s) => s.id === stack)?.status;

describe("credstack evaluate with badges", () => {
  test("a record and a VC-JWT and an Open Badges 2.0 badge, with the LEA's mapping: NC renewal met (8 of 8)", async () => {
    const { code, out, err } = await run(
      "evaluate",
      "fixtures/inputs/nc/nc-6-12-teacher.yaml",
      "fixtures/inputs/nc/digital-promise-discourse.jwt",
      "fixtures/inputs/nc/nea-family-partnerships.ob2.json",
      "--map",
      "fixtures/inputs/nc/nc-lea-mapping.yaml",
      "--state",
      "NC",
      "--format",
      "json",
    );
    expect([code, err]).toEqual([0, ""]);
    const report = JSON.parse(out) as Report;
    expect(report.record).toBe("nc-6-12-met");
    expect(status(report, "nc-renewal", "renewal")).toBe("met");
  });

  test("without the mapping, NC does not count the badges (no LEA approval): not met", async () => {
    const { code, out } = await run("evaluate", "fixtures/inputs/nc/nc-6-12-teacher.yaml", "fixtures/inputs/nc/digital-promise-discourse.jwt", "--state", "NC", "--format", "json");
    expect(code).toBe(0);
    expect(status(JSON.parse(out) as Report, "nc-renewal", "renewal")).toBe("not_met");
  });

  test("badges alone (no record): WDE's catalog values 16 micro-credentials; the Master Distinction is met", async () => {
    const { code, out } = await run("evaluate", "fixtures/inputs/wy/wde-cs-elementary.ob3.json", "--state", "WY", "--format", "json");
    expect(code).toBe(0);
    const report = JSON.parse(out) as Report;
    expect(report.record).toBe("wde-cs-elementary.ob3");
    const master = report.results.find((r) => r.policy.id === "wy-cs")!.stacks.find((s) => /master/i.test(s.id))!;
    expect(master.status).toBe("met");
  });

  test("a CSV with several educators needs --educator, or the record's id picks the row set", async () => {
    const csv = "fixtures/inputs/ar/district-pd-export.csv";
    const ambiguous = await run("evaluate", csv);
    expect([ambiguous.code, ambiguous.err]).toEqual([
      2,
      "credstack: invalid_option fixtures/inputs/ar/district-pd-export.csv holds 2 educators (ar-renewal-2024-met, ar-pptl-content-2sem); pick one with --educator <id>.\n",
    ]);
    const byRecord = await run("evaluate", "fixtures/inputs/ar/ar-renewal-2024-teacher.yaml", csv, "--as-of", "2024-09-13", "--state", "AR", "--format", "json");
    expect(byRecord.code).toBe(0);
    // ar-renewal-2024-met.yaml: topics CM 2, PFE 2, TS 2, AH 2 over 2019-09-14 .. 2024-09-13 -> met
    expect(status(JSON.parse(byRecord.out) as Report, "ar-renewal", "renewal")).toBe("met");
    const byFlag = await run("evaluate", csv, "--educator", "ar-pptl-content-2sem", "--input", "csv", "--as-of", "2023-09-01", "--state", "AR", "--format", "json");
    expect([byFlag.code, (JSON.parse(byFlag.out) as Report).record]).toEqual([0, "ar-pptl-content-2sem"]);
  });

  test("rejected items print one typed line each on stderr; the report still prints; exit 1", async () => {
    const { code, out, err } = await run("evaluate", "fixtures/inputs/malformed/ob2-broken.json", "--state", "AR");
    expect(code).toBe(1);
    expect(out).toContain("Educator ob2-broken");
    expect(err.split("\n").filter((l) => l !== "").map((l) => l.split(" ")[1])).toEqual([
      "badge_reference_missing",
      "badge_reference_missing",
      "badge_invalid",
      "badge_invalid",
    ]);
  });

  test("a duplicate across files is a warning line; two records, or an unknown format, are errors", async () => {
    const wy = "fixtures/inputs/wy/wde-cs-elementary.ob3.json";
    const twice = await run("evaluate", wy, wy, "--state", "WY");
    expect(twice.code).toBe(0);
    expect(twice.err.split("\n").filter((l) => l.includes("duplicate_credential"))).toHaveLength(16);
    const records = await run("evaluate", "fixtures/inputs/wy/wy-cs-teacher.yaml", "fixtures/inputs/ar/ar-lead-teacher.yaml");
    expect([records.code, records.err]).toEqual([
      2,
      "credstack: invalid_option Both fixtures/inputs/wy/wy-cs-teacher.yaml and fixtures/inputs/ar/ar-lead-teacher.yaml are educator records; give at most one.\n",
    ]);
    const unknown = await run("evaluate", "fixtures/inputs/malformed/not-a-badge.json");
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/^credstack: fixtures\/inputs\/malformed\/not-a-badge\.json:1:1 input_format_unknown /);
  });
});
