/**
 * Policy tests: YAML files of cases (a record, a date, states; the statuses, amounts and reasons
 * expected), run by `runPolicyTests` and `credstack test`, like `opa test` for Rego.
 */
import { z } from "zod";
import { FactValue } from "./condition.js";
import { EducatorRecord } from "./record.js";
import { Identifier, IsoDate, StateCode } from "./primitives.js";

/** What one stack of one state's result must show. Only the fields given are checked. */
export const StackExpectation = z
  .strictObject({
    stack: Identifier,
    state: StateCode.optional().meta({ description: "Needed when the case evaluates several states." }),
    policy: Identifier.optional().meta({ description: "The policy family, when a state has several." }),
    version: z.string().optional().meta({ description: "The policy version that must have been selected." }),
    status: z.enum(["met", "not_met", "not_eligible", "not_evaluated"]).optional(),
    variant: Identifier.optional(),
    counted: z
      .record(z.string(), z.string())
      .optional()
      .meta({ description: "Requirement path (ids joined by '/') → the exact amount counted there, e.g. \"3.5\"." }),
    gaps: z
      .record(z.string(), z.string())
      .optional()
      .meta({ description: "Requirement path → the exact amount missing. The stack's gaps with an amount must be exactly these." }),
    credentials: z.array(Identifier).optional().meta({ description: "Exactly the credentials placed in the stack." }),
    chosen: z.record(z.string(), z.array(Identifier)).optional().meta({ description: "Path of an any → the alternatives chosen." }),
  })
  .meta({ description: "Expected result of one stack; only the fields given are checked." });
export type StackExpectation = z.infer<typeof StackExpectation>;

/** What must happen to one credential. */
export const CredentialExpectation = z.strictObject({
  credential: Identifier,
  state: StateCode.optional(),
  policy: Identifier.optional().meta({ description: "The policy family, when a state has several." }),
  status: z.enum(["counted", "unused", "rejected"]).optional(),
  reason: z.string().optional().meta({ description: "A reason code the credential must carry, e.g. revoked." }),
  value: z.string().optional().meta({ description: "Its exact value in the policy's unit (\"1\" when recognized with value: count)." }),
});
export type CredentialExpectation = z.infer<typeof CredentialExpectation>;

/** A policy family that must have been skipped: no version in force on the date that selects it. */
export const SkippedExpectation = z.strictObject({
  skipped: Identifier.meta({ description: "The policy family (its id)." }),
  state: StateCode.optional(),
});
export type SkippedExpectation = z.infer<typeof SkippedExpectation>;

/** One test case. */
export const PolicyTestCase = z
  .strictObject({
    name: z.string().min(1),
    record: z
      .union([z.string().min(1), EducatorRecord])
      .meta({ description: "A record: inline, or the path of a record file relative to the test file." }),
    as_of: IsoDate.optional().meta({ description: "Defaults to the suite's as_of." }),
    states: z.array(StateCode).optional().meta({ description: "States to evaluate (default: the suite's, else every policy loaded)." }),
    facts: z.record(z.string(), FactValue).optional(),
    expect: z.array(z.union([StackExpectation, CredentialExpectation, SkippedExpectation])).optional(),
    error: z.string().optional().meta({ description: "Instead of a report, evaluation must fail with this error code." }),
  })
  .refine((c) => (c.expect === undefined) !== (c.error === undefined), { message: "a case has either 'expect' or 'error'" });
/** A test case as written (records as written: defaults not yet applied). */
export type PolicyTestCase = z.input<typeof PolicyTestCase>;

/** A file of policy tests. */
export const PolicyTestSuite = z
  .strictObject({
    credstack_tests: z.literal(1),
    name: z.string().min(1),
    as_of: IsoDate.optional(),
    states: z.array(StateCode).optional(),
    cases: z.array(PolicyTestCase).min(1),
  })
  .meta({ id: "PolicyTestSuite", description: "A file of policy test cases." });
/** A suite as written. */
export type PolicyTestSuite = z.input<typeof PolicyTestSuite>;
