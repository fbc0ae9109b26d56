// `credstack evaluate` takes badges, CLR and CSV files directly, beside or instead of a record.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import type { Report } from "../../src/index.js";
import { runCommand as run } from "../helpers/cli.js";

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

  test("a duplicate names its file and the file of the credential it duplicates, and is in the JSON report's warnings", async () => {
    // nc-6-12-met.yaml already holds the two badges as cred-02 and cred-05
    const record = "fixtures/educators/nc-6-12-met.yaml";
    const jwt = "fixtures/inputs/nc/digital-promise-discourse.jwt";
    const ob2 = "fixtures/inputs/nc/nea-family-partnerships.ob2.json";
    const { code, out, err } = await run("evaluate", record, jwt, ob2, "--map", "fixtures/inputs/nc/nc-lea-mapping.yaml", "--state", "NC", "--format", "json");
    expect(code).toBe(0);
    const lines = err.split("\n").filter((l) => l !== "");
    expect(lines).toEqual([
      `${jwt}:1:1 duplicate_credential Credential 'urn:uuid:5e0c7a44-3c55-4f0e-9d7b-2f1f0e6c8a11' (ob3 urn:uuid:5e0c7a44-3c55-4f0e-9d7b-2f1f0e6c8a11) in ${jwt} duplicates 'cred-02' (ob3) in ${record} (same achievement, issuer and date); it counts once. (at [1][0])`,
      `${ob2}:1:1 duplicate_credential Credential 'www.nea.org:badges:assertions:4417-9921' (ob2 https://www.nea.org/badges/assertions/4417-9921) in ${ob2} duplicates 'cred-05' (ob2) in ${record} (same achievement, issuer and date); it counts once. (at [2][0])`,
    ]);
    const report = JSON.parse(out) as Report;
    expect(report.results.length).toBeGreaterThan(0);
    for (const result of report.results) {
      expect(result.warnings.filter((w) => w.code === "duplicate_credential")).toEqual(
        lines.map((l) => ({ code: "duplicate_credential", message: l.replace(" duplicate_credential", "").replace(/ \(at \[\d+\]\[\d+\]\)$/, "") })),
      );
    }
  });
});

describe("CSV inputs to evaluate", () => {
  const dir = mkdtempSync(join(tmpdir(), "credstack-csv-"));
  const csv = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  test("a header without a required column: its issue is printed, not 'holds 0 educators'; exit 2", async () => {
    const result = await run("evaluate", "fixtures/inputs/malformed/missing-column.csv");
    expect(result).toEqual({
      code: 2,
      out: "",
      err: "fixtures/inputs/malformed/missing-column.csv:1:1 csv_missing_column The header lacks the column 'earned'. (at header)\n",
    });
  });

  test("--input csv on a JSON badge, and a semicolon-separated export: the header issue, with a hint for the separator; exit 2", async () => {
    const json = await run("evaluate", "fixtures/inputs/wy/wde-cs-elementary.ob3.json", "--input", "csv");
    expect([json.code, json.out, json.err.split(" ").slice(0, 2).join(" ")]).toEqual([2, "", "fixtures/inputs/wy/wde-cs-elementary.ob3.json:1:1 csv_missing_column"]);
    const semi = csv("semi.csv", "educator_id;title;issuer_id;kind;earned\ne-1;A;wde;course;2024-01-01\n");
    expect(await run("evaluate", semi)).toEqual({
      code: 2,
      out: "",
      err: `${semi}:1:1 csv_missing_column The header lacks the columns 'educator_id', 'title', 'issuer_id', 'kind', 'earned'. The header is one column holding ';': credstack reads comma-separated CSV; export it with commas. (at header)\n`,
    });
  });

  test("--educator: bad rows of other educators do not print or fail the run; the educator's own and unattributable rows do", async () => {
    const path = csv(
      "two.csv",
      [
        "educator_id,title,issuer_id,kind,earned,amount,unit",
        "e-1,Mandated Reporter Training,ar-dese,course,2024-08-01,2,hour",
        "e-2,Data Walks,ar-dese,webinar,2024-08-02,2,hour",
        "e-2,Literacy Block,arkansas-ideas,course,2024-08-05,6,hour",
        "",
      ].join("\n"),
    );
    const one = await run("evaluate", path, "--educator", "e-1", "--state", "AR", "--format", "json");
    expect([one.code, one.err, (JSON.parse(one.out) as Report).record]).toEqual([0, "", "e-1"]);
    const two = await run("evaluate", path, "--educator", "e-2", "--state", "AR");
    expect(two.code).toBe(1);
    expect(two.err.split("\n")[0]).toMatch(new RegExp(`^${path}:3:4 csv_row_invalid Row 2: 'kind' must be one of`));
    // a row with the wrong number of fields cannot be attributed to anyone: it counts for every educator
    const broken = csv("broken.csv", `${["educator_id,title,issuer_id,kind,earned", "e-1,A,wde,course,2024-01-01", "e-2,B,wde,course"].join("\n")}\n`);
    const e1 = await run("evaluate", broken, "--educator", "e-1", "--state", "AR");
    expect([e1.code, e1.err]).toEqual([1, `${broken}:3:1 csv_syntax Row 2 has 4 fields; the header has 5. (at [1])\n`]);
  });
});
