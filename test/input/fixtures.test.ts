// The badge, CLR and CSV fixtures in fixtures/inputs/ carry the credentials of hand-checked
// educator fixtures (fixtures/educators/*.yaml, whose headers give the arithmetic). Evaluating the
// base record plus the badges must give the same stacks, statuses and counted amounts as evaluating
// the original record: the adapters lose nothing a policy reads.
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { parse } from "yaml";
import { evaluate } from "../../src/evaluate/evaluate.js";
import { assembleRecord, readInputText, type Input } from "../../src/input/read.js";
import { loadBuiltinPolicies, loadRecordFile } from "../../src/node/index.js";
import type { Report } from "../../src/schema/report.js";
import type { CredentialsInput } from "../../src/input/types.js";

const policies = loadBuiltinPolicies();
const nc = parse(readFileSync("fixtures/inputs/nc/nc-lea-mapping.yaml", "utf8"));
const ar = parse(readFileSync("fixtures/inputs/ar/ar-mapping.yaml", "utf8"));

function read(path: string, mapping?: unknown): Input {
  const result = readInputText(readFileSync(path, "utf8"), { source: path, mapping: mapping as never });
  if (!result.success) throw new Error(JSON.stringify(result.issues));
  return result.input;
}

/** What a policy reads from a report: per stack its status and each requirement's counted amount. */
function outcome(report: Report) {
  return report.results.flatMap((r) =>
    r.stacks.map((s) => ({
      policy: `${r.policy.id}@${r.policy.version}`,
      stack: s.id,
      status: s.status,
      counted: s.requirements.map((q) => `${q.id}=${q.counted?.amount ?? "-"}`),
    })),
  );
}

function compare(original: string, base: string, inputs: readonly CredentialsInput[], asOf: string) {
  const want = evaluate(loadRecordFile(original), policies, { asOf });
  const assembled = assembleRecord({ base: loadRecordFile(base), credentials: inputs.map((i) => i.credentials) });
  if (!assembled.success) throw new Error(JSON.stringify(assembled.issues));
  const got = evaluate(assembled.record, policies, { asOf });
  expect(outcome(got)).toEqual(outcome(want));
  return got;
}

describe("badges carry the hand-checked fixtures' results", () => {
  test("WY: sixteen WDE CS micro-credentials as Open Badges 3.0", () => {
    const badges = read("fixtures/inputs/wy/wde-cs-elementary.ob3.json") as CredentialsInput;
    expect([badges.format, badges.credentials.length, badges.rejected, badges.warnings]).toEqual(["ob3", 16, [], []]);
    const report = compare("fixtures/educators/wy-cs-elementary.yaml", "fixtures/inputs/wy/wy-cs-teacher.yaml", [badges], "2026-11-24");
    // wy-cs-elementary.yaml: 14 x 0.5 + 1 + 1 = 9 PTSB credits from the catalog, renewal met
    const renewal = report.results.find((r) => r.policy.id === "wy-renewal")!;
    expect(renewal.stacks.map((s) => s.status)).toContain("met");
    const master = report.results.find((r) => r.policy.id === "wy-cs")!.stacks.find((s) => /master/i.test(s.id))!;
    expect(master.status).toBe("met");
  });

  test("WY: each achievement's fieldOfStudy ('Computer Science') becomes the tag field-of-study:computer-science", () => {
    const badges = read("fixtures/inputs/wy/wde-cs-elementary.ob3.json") as CredentialsInput;
    // all 16 WDE achievements in the fixture give "fieldOfStudy": "Computer Science"
    expect(badges.credentials.filter((c) => c.tags?.includes("field-of-study:computer-science"))).toHaveLength(16);
    // after the achievement's own tags and alignment codes
    expect(badges.credentials[0]!.tags?.at(-1)).toBe("field-of-study:computer-science");
  });

  test("AR: BloomBoard Lead micro-endorsement as Open Badges 2.0 (@graph, one date a Unix timestamp)", () => {
    // without a mapping, a badge class URL becomes the achievement id
    const unmapped = read("fixtures/inputs/ar/bloomboard-lead.ob2.json") as CredentialsInput;
    expect(unmapped.credentials[0]!.achievement).toBe("api.bloomboard.com:badgeclasses:bloomboard-ar-lead-core-1");
    const badges = read("fixtures/inputs/ar/bloomboard-lead.ob2.json", ar) as CredentialsInput;
    expect(badges.credentials.map((c) => [c.issuer.id, c.achievement, c.earned, c.tags ?? []])).toEqual([
      ["bloomboard", "bloomboard-ar-lead-core-1", "2025-01-20", ["ar:lead-core"]],
      ["bloomboard", "bloomboard-ar-lead-core-2", "2025-03-02", ["ar:lead-core"]],
      // issuedOn 1744383600 = 2025-04-11T15:00:00Z
      ["bloomboard", "bloomboard-ar-lead-core-3", "2025-04-11", ["ar:lead-core"]],
      ["bloomboard", "bloomboard-ar-lead-core-4", "2025-06-01", ["ar:lead-core"]],
      ["bloomboard", "bloomboard-recognizing-and-upholding-academic", "2025-08-15", []],
    ]);
    const report = compare("fixtures/educators/ar-lead-bloomboard.yaml", "fixtures/inputs/ar/ar-lead-teacher.yaml", [badges], "2026-11-24");
    const lead = report.results.find((r) => r.policy.id === "ar-career-continuum")!.stacks.find((s) => s.id === "lead-professional-educator")!;
    expect(lead.status).toBe("met");
  });

  test("AR: a district CSV export (ArkansasIDEAS, DESE, co-op, district), two educators", () => {
    const csv = read("fixtures/inputs/ar/district-pd-export.csv");
    if (csv.format !== "csv") throw new Error("not csv");
    expect([csv.educators.map((e) => [e.id, e.credentials.length]), csv.rejected, csv.warnings]).toEqual([
      [["ar-renewal-2024-met", 5], ["ar-pptl-content-2sem", 2]],
      [],
      [],
    ]);
    const byId = new Map(csv.educators.map((e) => [e.id, e] as const));
    const asCredentials = (id: string) => ({ format: "ob3", credentials: byId.get(id)!.credentials, rejected: [], warnings: [], proofs: [] }) as const;
    for (const asOf of ["2024-09-12", "2024-09-13"]) {
      compare("fixtures/educators/ar-renewal-2024-met.yaml", "fixtures/inputs/ar/ar-renewal-2024-teacher.yaml", [asCredentials("ar-renewal-2024-met")], asOf);
    }
    for (const asOf of ["2023-08-31", "2023-09-01"]) {
      compare("fixtures/educators/ar-pptl-content-2sem.yaml", "fixtures/inputs/ar/ar-pptl-content-teacher.yaml", [asCredentials("ar-pptl-content-2sem")], asOf);
    }
  });

  test("NC: a Digital Promise VC-JWT and an NEA Open Badges 2.0 badge join a record's own credentials", () => {
    const dp = read("fixtures/inputs/nc/digital-promise-discourse.jwt", nc) as CredentialsInput;
    const nea = read("fixtures/inputs/nc/nea-family-partnerships.ob2.json", nc) as CredentialsInput;
    // the LEA mapping adds the approvals, the subject tag, and NEA's 5 hours (OB 2.0 has no credit)
    expect(dp.credentials[0]).toMatchObject({ issuer: { id: "digital-promise" }, amount: { value: 10, unit: "hour" }, approvals: ["lea-approved", "mpos-qas"] });
    expect(nea.credentials[0]).toMatchObject({ issuer: { id: "nea" }, amount: { value: 5, unit: "hour" }, approvals: ["lea-approved"] });
    const report = compare("fixtures/educators/nc-6-12-met.yaml", "fixtures/inputs/nc/nc-6-12-teacher.yaml", [dp, nea], "2026-11-24");
    // nc-6-12-met.yaml: Subject 3 + 1 = 4, General 2 + 1.5 + 0.5 = 4, total 8 of 8 CEU
    const renewal = report.results.find((r) => r.policy.id === "nc-renewal")!.stacks[0]!;
    expect(renewal.status).toBe("met");
  });

  test("NC: a CLR 2.0 transcript of NCDPI pathway credentials (NC DPI, WCPSS, Greenville, NEA)", () => {
    const clr = read("fixtures/inputs/nc/wcpss-dtl-transcript.clr.json", nc) as CredentialsInput;
    expect(clr.credentials.map((c) => [c.issuer.id, c.issuer.state ?? "-", c.tags ?? []])).toEqual([
      ["nc-dpi", "NC", ["part-of:www.wcpss.net:pl:programs:digital-learning-2024"]],
      ["www.wcpss.net", "NC", ["ncdpi-dtl:data-privacy", "part-of:www.wcpss.net:pl:programs:digital-learning-2024"]],
      ["nc-dpi", "NC", ["ncdpi-dtl", "part-of:www.wcpss.net:pl:programs:digital-learning-2024"]],
      ["greenville-county", "SC", ["ncdpi-dtl:digital-literacy-standards"]],
      ["nea", "-", []],
    ]);
    const report = compare("fixtures/educators/nc-dtl-pathways.yaml", "fixtures/inputs/nc/nc-dtl-teacher.yaml", [clr], "2025-03-01");
    // nc-dtl-pathways.yaml: AI, data privacy, other pathway and QAS met; literacy, AI instruction, NCSU not
    const dl = report.results.find((r) => r.policy.id === "nc-dpi-dl")!;
    expect(Object.fromEntries(dl.stacks.map((s) => [s.id, s.status]))).toEqual({
      "dtl-artificial-intelligence": "met",
      "dtl-data-privacy": "met",
      "dtl-digital-literacy-standards": "not_met",
      "dtl-ai-classroom-instruction": "not_met",
      "dtl-other-pathway": "met",
      "qas-educator-micro-credential": "met",
      "ncsu-dlc-novice": "not_met",
    });
  });
});
