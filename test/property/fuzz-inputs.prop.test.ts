// Fuzzing what uploads bring: the fixture educator records, the badge documents (Open Badges 2.0
// and 3.0, CLR 2.0) and CSV exports, mutated or made at random, then read, assembled into a record
// and evaluated against every built-in policy. Each step gives a value or typed issues (a code from
// the catalogue, a message, a hint and a path); nothing else escapes.
import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { evaluate, readCsv, readInputText, Report, safeParseRecordText } from "../../src/index.js";
import { CSV_COLUMNS } from "../../src/input/csv.js";
import { assembleRecord } from "../../src/input/read.js";
import { loadBuiltinPolicies } from "../../src/node/index.js";
import { badgeDocuments, csvTexts, csvText, flowYaml, HOSTILE_STRINGS, mutate, mutations, recordsData } from "../arbitraries/hostile.js";
import { ncRecord } from "../arbitraries/record.js";
import { PROPERTY_RUNS, propertyParams, propertyTimeout } from "../helpers/property.js";
import { expectTypedIssues, typed } from "../helpers/typed.js";

const policies = loadBuiltinPolicies();
const records = recordsData();
const badges = badgeDocuments();
const csvs = csvTexts();
const AS_OF = ["2024-06-30", "2026-11-24", "2028-02-29"] as const;

/** Evaluates a record that read: a report that fits the schema, or a typed error. */
function evaluates(record: unknown, asOf: string, states?: string[]): void {
  const outcome = typed(() => evaluate(record as never, policies, { asOf, ...(states ? { states } : {}) }));
  if (outcome.ok) expect(Report.safeParse(outcome.value).success).toBe(true);
}

describe("fuzzing inputs", () => {
  test.prop([fc.nat(), mutations(3), fc.constantFrom(...AS_OF)], { ...propertyParams(20260831), numRuns: Math.ceil(PROPERTY_RUNS / 2) })(
    "a mutated educator record reads from text to a record or typed issues, and evaluates (from text and as data) to a report or a typed error",
    (pick, muts, asOf) => {
      const { file, data } = records[pick % records.length]!;
      const mutated = mutate(data, muts);
      const read = safeParseRecordText(flowYaml(mutated), { source: file });
      if (!read.success) return expectTypedIssues(read.issues);
      evaluates(read.record, asOf);
      evaluates(mutated, asOf); // the same data given directly
    },
    propertyTimeout(400, Math.ceil(PROPERTY_RUNS / 2)),
  );

  test.prop([ncRecord(10), fc.array(fc.tuple(fc.nat(), fc.constantFrom("value", "unit", "earned", "expires", "id")), { maxLength: 3 }), fc.nat()], propertyParams(20260832))(
    "a generated record with hostile amounts, units, dates and ids evaluates to a report or a typed error",
    (record, edits, pick) => {
      const credentials = [...(record.credentials ?? [])].map((c) => structuredClone(c) as Record<string, unknown>);
      for (const [at, field] of edits) {
        const c = credentials[at % Math.max(1, credentials.length)];
        if (!c) continue;
        const hostile = HOSTILE_STRINGS[(at + pick) % HOSTILE_STRINGS.length]!;
        if (field === "value") c["amount"] = { value: [NaN, -1, 1e308, 0.1 + 0.2, "1/0", hostile][pick % 6], unit: "hour" };
        else if (field === "unit") c["amount"] = { value: 1, unit: hostile };
        else c[field] = hostile;
      }
      evaluates({ ...record, credentials }, "2026-11-24", ["NC"]);
    },
    propertyTimeout(300),
  );

  test.prop([fc.nat(), mutations(3)], propertyParams(20260833))(
    "a mutated badge document reads to credentials with typed rejections, or typed issues; what reads evaluates",
    (pick, muts) => {
      const { file, data } = badges[pick % badges.length]!;
      const read = readInputText(JSON.stringify(mutate(data, muts)), { source: file });
      if (!read.success) return expectTypedIssues(read.issues);
      const input = read.input;
      if (input.format === "record") return evaluates(input.record, "2026-11-24");
      if (input.format === "csv") return;
      if (input.rejected.length > 0) expectTypedIssues(input.rejected);
      if (input.warnings.length > 0) expectTypedIssues(input.warnings);
      const assembled = assembleRecord({ id: "e-1", credentials: [input.credentials] });
      if (!assembled.success) return expectTypedIssues(assembled.issues);
      const state = (/inputs\/(ar|nc|wy)\//.exec(file)?.[1] ?? "nc").toUpperCase();
      evaluates(assembled.record, "2026-11-24", [state]);
    },
    propertyTimeout(400),
  );

  test.prop([fc.oneof(csvText(CSV_COLUMNS), fc.tuple(fc.nat(), fc.nat(), fc.string({ maxLength: 20 })).map(([p, at, junk]) => {
    const { text } = csvs[p % csvs.length]!;
    const cut = at % (text.length + 1);
    return text.slice(0, cut) + junk + text.slice(cut);
  }))], propertyParams(20260834))(
    "a random or damaged CSV export reads to educators with typed rejections; each educator evaluates",
    (text) => {
      const read = readCsv(text, { source: "export.csv" });
      if (read.rejected.length > 0) expectTypedIssues(read.rejected);
      if (read.warnings.length > 0) expectTypedIssues(read.warnings);
      for (const educator of read.educators.slice(0, 2)) {
        const assembled = assembleRecord({ id: educator.id, credentials: [educator.credentials] });
        if (!assembled.success) expectTypedIssues(assembled.issues);
        else evaluates(assembled.record, "2026-11-24", ["AR"]);
      }
    },
    propertyTimeout(300),
  );

  test.prop([fc.oneof(fc.string(), fc.base64String(), fc.constantFrom("a.b.c", "eyJhbGciOiJub25lIn0.e30.", "..", "eyJ.eyJ.x"))], propertyParams(20260835))(
    "random text as any input format gives issues or an input, never an exception",
    (text) => {
      for (const format of [undefined, "ob3", "ob2", "clr", "csv", "record"] as const) {
        const read = readInputText(text, { source: "upload", ...(format ? { format } : {}) });
        if (!read.success) expectTypedIssues(read.issues);
      }
    },
  );
});
