// Malformed inputs: every rejected item is reported with its path (and line) and the reason, and
// the good items beside them are still read. Nothing throws.
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { formatIssues } from "../../src/errors/format.js";
import { readInputText, type Input } from "../../src/input/read.js";
import { evaluate } from "../../src/evaluate/evaluate.js";
import { assembleRecord } from "../../src/input/read.js";
import { loadBuiltinPolicies } from "../../src/node/index.js";
import type { CsvInput } from "../../src/input/csv.js";
import type { CredentialsInput } from "../../src/input/types.js";

const dir = "fixtures/inputs/malformed/";
function read(name: string, format?: "ob3"): Input {
  const result = readInputText(readFileSync(dir + name, "utf8"), { source: dir + name, format });
  if (!result.success) throw new Error(formatIssues(result.issues, { compact: true }));
  return result.input;
}
const lines = (issues: readonly Parameters<typeof formatIssues>[0][number][]) => formatIssues(issues, { compact: true }).replaceAll(dir, "").split("\n");

describe("Open Badges 3.0", () => {
  const input = read("ob3-mixed.json") as CredentialsInput;

  test("keeps the three usable credentials: a valid one, one with an unchecked status list, an expired one", () => {
    expect(input.credentials.map((c) => [c.achievement, c.earned, c.expires ?? "-"])).toEqual([
      ["wde-cs-algorithms-secondary", "2024-03-08", "-"],
      ["wde-cs-devices-secondary", "2024-03-08", "-"],
      // validUntil 2024-04-30T23:59:59-06:00: the issuer's date, not moved to UTC
      ["wde-cs-culture-secondary", "2021-05-01", "2024-04-30"],
    ]);
  });

  test("rejects each bad item with its path, line and reason", () => {
    expect(lines(input.rejected)).toEqual([
      "ob3-mixed.json:39:3 badge_invalid 'issuer' must be text or a mapping, not missing. (at [1].issuer)",
      "ob3-mixed.json:86:18 badge_invalid 'validFrom' must be an ISO 8601 date-time such as 2024-03-08T00:00:00Z, not '2024-02-30T10:00:00Z'. (at [2].validFrom)",
      "ob3-mixed.json:141:17 badge_not_awarded 'Modularity - Secondary' has the result status 'Failed': it was not awarded. (at [3].credentialSubject.result)",
      "ob3-mixed.json:151:3 jwt_invalid The VC-JWT at [4] cannot be decoded: its payload is not base64url-encoded JSON. (at [4])",
      "ob3-mixed.json:199:13 badge_invalid 'type' must include 'OpenBadgeCredential' or 'AchievementCredential', not a list. (at [6].type)",
      "ob3-mixed.json:301:29 badge_invalid 'creditsAvailable' must be at least 0, not -1. (at [8].credentialSubject.achievement.creditsAvailable)",
    ]);
    expect(lines(input.warnings)).toEqual([
      "ob3-mixed.json:188:25 credential_status_unchecked 'Devices - Secondary' (mc.edu.wyoming.gov:credentials:bad-5) names a status list of type '1EdTechRevocationList' that was not checked. (at [5].credentialStatus)",
    ]);
  });

  test("a status function marks a revoked credential, and the evaluator never credits it, nor the expired one", () => {
    const text = readFileSync(dir + "ob3-mixed.json", "utf8");
    const result = readInputText(text, { status: ({ status }) => (status[0]!["id"] === "https://edu.wyoming.gov/status/revocations#5" ? "revoked" : undefined) });
    const read = (result.success ? result.input : undefined) as CredentialsInput;
    expect(read.warnings).toEqual([]);
    expect(read.credentials[1]!.status).toBe("revoked");
    const record = assembleRecord({ id: "wy-secondary", credentials: [read.credentials] });
    if (!record.success) throw new Error("record");
    const report = evaluate(record.record, loadBuiltinPolicies(), { asOf: "2026-11-24", states: ["WY"] });
    const reasons = report.results
      .find((r) => r.policy.id === "wy-cs")!
      .credentials.map((c) => [c.id, c.status, c.reasons[0]?.code ?? "-"]);
    expect(reasons).toEqual([
      ["mc.edu.wyoming.gov:credentials:bad-0", "counted", "-"],
      ["mc.edu.wyoming.gov:credentials:bad-5", "rejected", "revoked"],
      ["mc.edu.wyoming.gov:credentials:bad-7", "rejected", "expired"],
    ]);
  });

  test("a damaged JWT file is detected as Open Badges 3.0 and rejected, not taken for a record", () => {
    const input = read("garbage.jwt") as CredentialsInput;
    expect([input.format, input.credentials, lines(input.rejected)]).toEqual([
      "ob3",
      [],
      ["garbage.jwt:1:1 jwt_invalid The VC-JWT at (root) cannot be decoded: it is not three base64url parts separated by dots. (at (root))"],
    ]);
  });
});

describe("Open Badges 2.0", () => {
  const input = read("ob2-broken.json") as CredentialsInput;

  test("keeps the valid assertion and the revoked one (marked revoked, so it never counts)", () => {
    expect(input.credentials.map((c) => [c.id, c.status ?? "active"])).toEqual([
      ["api.bloomboard.com:assertions:1", "active"],
      ["api.bloomboard.com:assertions:5", "revoked"],
    ]);
  });

  test("rejects missing references, a bad date and a missing recipient, each at its line", () => {
    expect(lines(input.rejected)).toEqual([
      "ob2-broken.json:49:16 badge_reference_missing The badge class 'https://api.bloomboard.com/badgeclasses/missing' is not in the document. (at @graph[4].badge)",
      "ob2-broken.json:25:17 badge_reference_missing The issuer 'https://api.bloomboard.com/issuers/unknown' is not in the document. (at @graph[2].issuer)",
      "ob2-broken.json:78:19 badge_invalid 'issuedOn' must be an ISO 8601 date-time such as 2024-03-08T00:00:00Z, not 'yesterday'. (at @graph[6].issuedOn)",
      "ob2-broken.json:99:5 badge_invalid Missing key 'recipient'. (at @graph[8].recipient)",
    ]);
  });
});

describe("CLR 2.0", () => {
  test("a bad credential inside rejects only itself; associations become part-of tags", () => {
    const input = read("clr-one-bad.json") as CredentialsInput;
    expect(input.credentials.map((c) => [c.achievement, c.tags])).toEqual([["wde-cs-algorithms-secondary", ["part-of:wde-cs-stack-algorithms-programming"]]]);
    expect(lines(input.rejected)).toEqual([
      "clr-one-bad.json:85:11 badge_invalid Missing key 'name'. (at credentialSubject.verifiableCredential[1].credentialSubject.achievement.name)",
    ]);
  });

  test("a malformed container rejects the document", () => {
    const result = readInputText(JSON.stringify({ type: ["VerifiableCredential", "ClrCredential"], issuer: "https://edu.wyoming.gov" }), { format: "clr" });
    const input = (result.success ? result.input : undefined) as CredentialsInput;
    expect(lines(input.rejected)).toEqual(["<input>:1:1 badge_invalid Missing key 'credentialSubject'. (at credentialSubject)"]);
  });
});

describe("CSV", () => {
  test("reads the good rows, rejects each bad row with its line and field, warns about unknown columns", () => {
    const input = read("district-export-bad.csv") as CsvInput;
    expect(input.educators.map((e) => [e.id, e.credentials.map((c) => c.title)])).toEqual([
      ["ar-1", ["Mandated Reporter Training"]],
      ["ar-2", ["Family Engagement"]],
    ]);
    expect(lines(input.rejected)).toEqual([
      "district-export-bad.csv:3:4 csv_row_invalid Row 2: 'kind' must be one of 'micro_credential', 'course', 'college_credit', 'workshop', 'conference', 'national_board', 'certification', 'training', 'publication', 'instruction', 'mentoring', 'assessor', 'project' or 'other', not 'webinar'. (at [1].kind)",
      "district-export-bad.csv:4:5 csv_row_invalid Row 3: 'earned' must be a real calendar date written YYYY-MM-DD, not '2024-13-01'. (at [2].earned)",
      "district-export-bad.csv:5:7 csv_row_invalid Row 4: 'amount' and 'unit' go together; 'unit' is empty. (at [3].unit)",
      "district-export-bad.csv:6:1 csv_syntax Row 5 has 7 fields; the header has 9. (at [4])",
      "district-export-bad.csv:7:1 csv_row_invalid Row 6 has no educator_id. (at [5].educator_id)",
      "district-export-bad.csv:9:1 csv_syntax Row 8: quoted field unterminated. (at [7])",
    ]);
    expect(input.warnings.map((w) => [w.code, w.message, w.position?.column])).toEqual([["csv_unknown_column", "Unknown column 'notes'; it is ignored.", 9]]);
  });

  test("a header without a required column rejects the file", () => {
    const input = read("missing-column.csv") as CsvInput;
    expect([input.educators, lines(input.rejected)]).toEqual([[], ["missing-column.csv:1:1 csv_missing_column The header lacks the column 'earned'. (at header)"]]);
  });

  test("a misspelt column gets a suggestion", () => {
    const input = readInputText("educator_id,titel,title,issuer_id,kind,earned\n", { format: "csv" });
    const csv = (input.success ? input.input : undefined) as CsvInput;
    expect(csv.warnings.map((w) => w.hint)).toEqual(["Did you mean 'title'?"]);
  });
});

test("JSON of no known format is input_format_unknown", () => {
  const result = readInputText(readFileSync(dir + "not-a-badge.json", "utf8"), { source: "not-a-badge.json" });
  expect(result.success ? [] : lines(result.issues)).toEqual([
    "not-a-badge.json:1:1 input_format_unknown Cannot tell the format of not-a-badge.json: it is JSON, but not a record, Open Badges 2.0 or 3.0, or CLR 2.0 document. (at (root))",
  ]);
});

test("a truncated badge (no --input) is invalid_json at the line and column where it breaks, not input_format_unknown", () => {
  // the WDE badge list cut after 300 bytes: line 12 is `    "issuer": {`, and line 13, where a key should start, is empty
  const text = readFileSync("fixtures/inputs/wy/wde-cs-elementary.ob3.json", "utf8").slice(0, 300);
  expect(text.split("\n")).toHaveLength(13);
  const result = readInputText(text, { source: "truncated.json" });
  expect(result.success ? [] : lines(result.issues)).toEqual(["truncated.json:13:1 invalid_json The text ends where a key in double quotes was expected. (at (root))"]);
});
