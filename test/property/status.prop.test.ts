// evaluateStatus gives the statuses of the full report: on generated partnership records (every
// state's built-in policies, exclusive stacks included) and on the benchmark's seeded records.
import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { evaluate, evaluateStatus, generateRecords, StatusReport, toStatusReport } from "../../src/index.js";
import { loadBuiltinPolicies } from "../../src/node/index.js";
import { PARTNER_STATES, partnerRecord, stateRecord } from "../arbitraries/partnership.js";
import { propertyParams, propertyTimeout } from "../helpers/property.js";

const policies = loadBuiltinPolicies();
const asOf = "2026-11-24";

describe("evaluateStatus against the full report", () => {
  const records = fc.oneof(partnerRecord({ max: 10 }), fc.constantFrom(...PARTNER_STATES).chain((s) => stateRecord(s, 12)));
  test.prop([records, fc.constantFrom("2025-06-30", asOf, "2027-06-30")], propertyParams(811))(
    "the same status, deadline and optimal flag for every stack of every state",
    (record, on) => {
      const status = evaluateStatus(record, policies, { asOf: on });
      expect(status).toEqual(toStatusReport(evaluate(record, policies, { asOf: on })));
      expect(() => StatusReport.parse(status)).not.toThrow();
    },
    propertyTimeout(150),
  );

  test("the benchmark's seeded records: identical status reports for 150 educators", () => {
    for (const record of generateRecords(150, { seed: 11, credentials: [10, 30] })) {
      expect(evaluateStatus(record, policies, { asOf })).toEqual(toStatusReport(evaluate(record, policies, { asOf })));
    }
  }, 120_000);
});
