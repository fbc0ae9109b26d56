// Fuzzing policies: the real rules/ files with keys dropped, types swapped, numbers out of range,
// dates made invalid, strings made hostile and prototype keys added. Whatever comes out, reading
// gives a policy or typed issues (code, message, hint, path; a line and column from text), and a
// policy that reads evaluates to a report that fits the Report schema, or to a typed error.
// Nothing else escapes: no TypeError, no RangeError, no hang (vitest's timeout bounds each run).
import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { compilePolicy } from "../../src/policy/compile.js";
import { safeParsePolicy, safeParsePolicyData } from "../../src/policy/parse.js";
import { evaluate, evaluateAsync, Report } from "../../src/index.js";
import { loadRecordFile } from "../../src/node/index.js";
import type { EducatorRecord } from "../../src/schema/record.js";
import { flowYaml, mutate, mutations, recordsData, rulesData } from "../arbitraries/hostile.js";
import { PROPERTY_RUNS, propertyParams, propertyTimeout } from "../helpers/property.js";
import { expectTypedIssues, typed, typedAsync } from "../helpers/typed.js";

const rules = rulesData();
const records: EducatorRecord[] = recordsData().map(({ file }) => loadRecordFile(`fixtures/educators/${file}`));
const recordsOf = (state: string) => records.filter((r) => r.licenses.some((l) => l.state === state));
const AS_OF = ["2024-06-30", "2025-02-28", "2026-11-24", "2028-02-29"] as const;

describe("fuzzing the real policies", () => {
  test("every state's rules are among the seeds, and each has a record to evaluate", () => {
    expect(new Set(rules.map((r) => r.state))).toEqual(new Set(["AR", "NC", "SC", "WY"]));
    for (const { state } of rules) expect(recordsOf(state).length).toBeGreaterThan(0);
  });

  test.prop([fc.nat(), mutations(3)], propertyParams(20260801))(
    "a mutated policy reads to the same outcome from data and from text, and failures are typed issues",
    (pick, muts) => {
      const { file, data } = rules[pick % rules.length]!;
      const mutated = mutate(data, muts);
      const fromData = safeParsePolicyData(mutated, { source: file });
      const text = flowYaml(mutated);
      const fromText = safeParsePolicy(text, { source: file });
      if (!fromData.success) expectTypedIssues(fromData.issues);
      if (!fromText.success) {
        expectTypedIssues(fromText.issues);
        // from text, every issue says where: the file, a line and a column inside the text
        const lines = text.split("\n").length;
        for (const issue of fromText.issues) {
          expect(issue.position?.file).toBe(file);
          expect(issue.position!.line).toBeLessThanOrEqual(lines);
        }
      }
      // compiling may still refuse what validation let through (e.g. a unit with no conversion)
      const compiled = fromData.success ? typed(() => compilePolicy(fromData.policy, { source: file })) : undefined;
      expect(fromText.success).toBe(compiled?.ok === true);
    },
    propertyTimeout(150),
  );

  test.prop([fc.nat(), fc.nat(), mutations(2), fc.constantFrom(...AS_OF)], { ...propertyParams(20260802), numRuns: Math.ceil(PROPERTY_RUNS / 2) })(
    "a mutated policy that reads evaluates to a valid report or a typed error",
    (pick, which, muts, asOf) => {
      const { file, state, data } = rules[pick % rules.length]!;
      const parsed = safeParsePolicy(flowYaml(mutate(data, muts)), { source: file });
      if (!parsed.success) return;
      const mine = recordsOf(state);
      const record = mine[which % mine.length]!;
      const outcome = typed(() => evaluate(record, parsed.policy, { asOf }));
      if (outcome.ok) expect(Report.safeParse(outcome.value).success).toBe(true);
    },
    propertyTimeout(250, Math.ceil(PROPERTY_RUNS / 2)),
  );

  test.prop([fc.nat(), fc.nat(), mutations(2)], { ...propertyParams(20260803), numRuns: Math.ceil(PROPERTY_RUNS / 4) })(
    "evaluateAsync agrees: the same report, or a typed error with the same code",
    async (pick, which, muts) => {
      const { file, state, data } = rules[pick % rules.length]!;
      const parsed = safeParsePolicy(flowYaml(mutate(data, muts)), { source: file });
      if (!parsed.success) return;
      const mine = recordsOf(state);
      const record = mine[which % mine.length]!;
      const sync = typed(() => evaluate(record, parsed.policy, { asOf: "2026-11-24" }));
      const async = await typedAsync(() => evaluateAsync(record, parsed.policy, { asOf: "2026-11-24" }));
      if (sync.ok) expect(async.ok && async.value).toEqual(sync.value);
      else expect(async.ok ? "report" : async.error.code).toBe(sync.error.code);
    },
    propertyTimeout(400, Math.ceil(PROPERTY_RUNS / 4)),
  );
});
