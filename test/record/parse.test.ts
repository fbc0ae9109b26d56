import { describe, expect, it } from "vitest";
import { EvaluationError } from "../../src/errors/errors.js";
import { formatIssues } from "../../src/errors/format.js";
import { parseRecord, safeParseRecord, safeParseRecordText, type SafeParseRecordResult } from "../../src/record/parse.js";

const RECORD_YAML = `id: e-1
name: Ada Byron
licenses:
  - state: WY
    type: standard
    issued: 2021-07-01
    expires: 2026-06-30
credentials:
  - id: c-1
    title: Computational Thinking
    issuer: { id: wde, state: WY }
    kind: micro_credential
    amount: { value: 15, unit: hour }
    earned: 2024-03-02
  - id: c-2
    title: NO
    issuer: { id: bloomboard }
    kind: micro_credential
    earned: 2025-01-10
`;

const RECORD_JSON = JSON.stringify(
  {
    id: "e-1",
    licenses: [{ state: "WY", type: "standard", issued: "2021-07-01" }],
    credentials: [{ id: "c-1", title: "Computational Thinking", issuer: { id: "wde" }, kind: "micro_credential", earned: "2024-03-02" }],
  },
  null,
  2,
);

function issues(result: SafeParseRecordResult) {
  if (result.success) throw new Error("expected issues");
  return result.issues;
}

describe("safeParseRecord", () => {
  it("validates a record given as data and applies the defaults", () => {
    const result = safeParseRecord({ id: "e-1" });
    expect(result).toEqual({
      success: true,
      record: { id: "e-1", licenses: [], experience: [], degrees: [], ratings: [], exams: [], credentials: [] },
    });
  });

  it("reports schema problems as record_invalid, with the specific reason in the message", () => {
    const result = safeParseRecord({ id: "e-1", credentails: [], licenses: [{ state: "wy", type: "standard", issued: "2021-02-30" }] });
    expect(issues(result).map((i) => [i.code, i.path.join("."), i.message, i.hint])).toEqual([
      ["record_invalid", "credentails", "Unknown key 'credentails'.", "Did you mean 'credentials'?"],
      ["record_invalid", "licenses.0.issued", "'issued' must be a real calendar date written YYYY-MM-DD, not '2021-02-30'.", "See docs/record-format.md for the fields and their types."],
      ["record_invalid", "licenses.0.state", "'state' must be a two-letter state code in capitals, e.g. NC, not 'wy'.", "See docs/record-format.md for the fields and their types."],
    ]);
  });

  it("reports two credentials with one id as duplicate_credential_id", () => {
    const credential = { id: "c-1", title: "T", issuer: { id: "x" }, kind: "course", earned: "2024-01-01" };
    const result = safeParseRecord({ id: "e-1", credentials: [credential, { ...credential, title: "U" }, credential] });
    expect(issues(result).map((i) => [i.code, i.path.join("."), i.message, i.hint])).toEqual([
      ["duplicate_credential_id", "credentials.1.id", "Duplicate credential id 'c-1'.", "credentials[0] has the same id; give each credential its own id."],
      ["duplicate_credential_id", "credentials.2.id", "Duplicate credential id 'c-1'.", "credentials[0] has the same id; give each credential its own id."],
    ]);
  });

  it("reports a record that is not a mapping", () => {
    expect(issues(safeParseRecord([])).map((i) => [i.code, i.message])).toEqual([
      ["record_invalid", "The record must be a mapping of keys to values, not a list."],
    ]);
  });

  it("does not mutate its input", () => {
    const input = { id: "e-1", credentials: [] };
    const copy = structuredClone(input);
    safeParseRecord(input);
    expect(input).toEqual(copy);
  });
});

describe("parseRecord", () => {
  it("returns the record", () => {
    expect(parseRecord({ id: "e-1" }).credentials).toEqual([]);
  });

  it("throws an EvaluationError with code record_invalid", () => {
    expect(() => parseRecord({ id: "e 1" })).toThrow(EvaluationError);
    try {
      parseRecord({ id: "e 1" });
    } catch (error) {
      expect((error as EvaluationError).code).toBe("record_invalid");
    }
  });
});

describe("safeParseRecordText", () => {
  it("reads YAML, keeping YAML 1.2 strings such as NO", () => {
    const result = safeParseRecordText(RECORD_YAML, { source: "e-1.yaml" });
    if (!result.success) throw new Error(formatIssues(result.issues));
    expect(result.record.credentials.map((c) => c.title)).toEqual(["Computational Thinking", "NO"]);
  });

  it("reads JSON, detected by its first character", () => {
    const result = safeParseRecordText(`\n  ${RECORD_JSON}`);
    expect(result.success && result.record.credentials[0]!.earned).toBe("2024-03-02");
  });

  it("places YAML problems at their line and column", () => {
    const text = RECORD_YAML.replace("    earned: 2024-03-02\n", "    earnd: 2024-03-02\n");
    expect(issues(safeParseRecordText(text, { source: "e-1.yaml" })).map((i) => [i.code, i.message, i.position, i.hint])).toEqual([
      ["record_invalid", "Unknown key 'earnd'.", { file: "e-1.yaml", line: 14, column: 5 }, "Did you mean 'earned'?"],
    ]);
  });

  it("places JSON problems at their line and column", () => {
    const text = RECORD_JSON.replace('"earned": "2024-03-02"', '"earned": "2024-02-30"');
    expect(issues(safeParseRecordText(text, { source: "e-1.json" })).map((i) => [i.code, i.position])).toEqual([
      ["record_invalid", { file: "e-1.json", line: 18, column: 17 }],
    ]);
    const duplicate = RECORD_JSON.replace('"credentials": [', '"credentials": [{"id": "c-1", "title": "T", "issuer": {"id": "x"}, "kind": "course", "earned": "2024-01-01"},');
    expect(issues(safeParseRecordText(duplicate, { source: "e-1.json" })).map((i) => [i.code, i.position])).toEqual([
      ["duplicate_credential_id", { file: "e-1.json", line: 12, column: 13 }],
    ]);
  });

  it("reports JSON syntax errors as invalid_json and YAML ones as yaml_*", () => {
    expect(issues(safeParseRecordText('{"id": "e-1",}', { source: "e.json" }))[0]).toMatchObject({
      code: "invalid_json",
      position: { file: "e.json", line: 1, column: 14 },
    });
    expect(issues(safeParseRecordText("id: &a e-1\nname: *a\n"))[0]!.code).toBe("yaml_alias");
  });

  it("honours an explicit format", () => {
    // '{id: e-1}' is YAML (a flow mapping) but not JSON
    expect(safeParseRecordText("{id: e-1}", { format: "yaml" }).success).toBe(true);
    expect(issues(safeParseRecordText("{id: e-1}"))[0]!.code).toBe("invalid_json");
  });

  it("applies the read limits", () => {
    expect(issues(safeParseRecordText(RECORD_YAML, { maxBytes: 100 }))[0]!.code).toBe("input_too_large");
    expect(issues(safeParseRecordText(RECORD_JSON, { maxDepth: 3 }))[0]!.code).toBe("input_too_deep");
  });

  it("keeps __proto__ keys away from Object.prototype", () => {
    const result = safeParseRecordText('{"id": "e-1", "__proto__": {"polluted": true}}');
    expect(issues(result).map((i) => i.message)).toEqual(["Unknown key '__proto__'."]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
