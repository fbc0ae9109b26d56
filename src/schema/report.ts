/**
 * The report: the output contract of `evaluate`. JSON-serializable, stable key and list order,
 * byte-identical for identical input.
 */
import { z } from "zod";
import { FactValue } from "./condition.js";
import { Match } from "./policy.js";
import { IsoDate, StateCode } from "./primitives.js";

/** An exact amount with its unit. `amount` is a decimal (`"3.5"`) or, when it does not terminate, a fraction (`"2/3"`). */
export const Quantity = z.strictObject({
  amount: z.string(),
  unit: z.string(),
});
export type Quantity = z.infer<typeof Quantity>;

/** Where a rule lives: the policy file, the path inside it, and line and column when known. */
export const RuleOrigin = z.strictObject({
  policy: z.string(),
  file: z.string().optional(),
  path: z.string(),
  line: z.number().int().optional(),
  column: z.number().int().optional(),
});
export type RuleOrigin = z.infer<typeof RuleOrigin>;

/** A citation: a source's id and URL. */
export const Citation = z.strictObject({
  id: z.string(),
  url: z.string(),
  title: z.string().optional(),
});
export type Citation = z.infer<typeof Citation>;

/** The evaluation trace of a condition: the structure of the condition with each leaf's fact value and result. */
export type ConditionTrace =
  | {
      fact: string;
      operator: string;
      value: FactValue;
      params?: Record<string, FactValue> | undefined;
      factValue: FactValue;
      result: boolean;
    }
  | { all: ConditionTrace[]; result: boolean }
  | { any: ConditionTrace[]; result: boolean }
  | { not: ConditionTrace; result: boolean };

export const ConditionTrace: z.ZodType<ConditionTrace> = z.lazy(() =>
  z.union([
    z.strictObject({
      fact: z.string(),
      operator: z.string(),
      value: FactValue,
      params: z.record(z.string(), FactValue).optional(),
      factValue: FactValue,
      result: z.boolean(),
    }),
    z.strictObject({ all: z.array(ConditionTrace), result: z.boolean() }),
    z.strictObject({ any: z.array(ConditionTrace), result: z.boolean() }),
    z.strictObject({ not: ConditionTrace, result: z.boolean() }),
  ]),
);

/** A credential placed on a requirement, and how much of it counts there. */
export const Placement = z.strictObject({
  credential: z.string(),
  amount: z.string(),
});
export type Placement = z.infer<typeof Placement>;

export const RequirementStatus = z.enum(["met", "not_met", "not_applicable"]);
export type RequirementStatus = z.infer<typeof RequirementStatus>;

/** The result for one requirement (or one category of a pool). */
export type RequirementResult = {
  id: string;
  type: "credit" | "count" | "category" | "condition" | "stack" | "all" | "any";
  title?: string | undefined;
  status: RequirementStatus;
  need?: number | undefined;
  chosen?: string[] | undefined;
  required?: Quantity | undefined;
  counted?: Quantity | undefined;
  gap?: Quantity | undefined;
  placements?: Placement[] | undefined;
  limits?: { id: string; max: Quantity; counted: Quantity; capped: string[] }[] | undefined;
  condition?: ConditionTrace | undefined;
  stack?: { id: string; status: string } | undefined;
  children?: RequirementResult[] | undefined;
  when?: ConditionTrace | undefined;
  origin: RuleOrigin;
  sources: string[];
  assumptions?: string[] | undefined;
};

export const RequirementResult: z.ZodType<RequirementResult> = z.lazy(() =>
  z.strictObject({
    id: z.string(),
    type: z.enum(["credit", "count", "category", "condition", "stack", "all", "any"]),
    title: z.string().optional(),
    status: RequirementStatus,
    need: z.number().int().optional().meta({ description: "For any: how many alternatives must be met." }),
    chosen: z.array(z.string()).optional().meta({ description: "For any: the alternatives pursued." }),
    required: Quantity.optional(),
    counted: Quantity.optional(),
    gap: Quantity.optional(),
    placements: z.array(Placement).optional(),
    limits: z
      .array(z.strictObject({ id: z.string(), max: Quantity, counted: Quantity, capped: z.array(z.string()) }))
      .optional(),
    condition: ConditionTrace.optional(),
    stack: z.strictObject({ id: z.string(), status: z.string() }).optional(),
    children: z.array(RequirementResult).optional(),
    when: ConditionTrace.optional().meta({ description: "The trace of the requirement's 'when' condition." }),
    origin: RuleOrigin,
    sources: z.array(z.string()),
    assumptions: z.array(z.string()).optional(),
  }),
);

/** A stack's status: `met`, `not_met`, `not_eligible` (its conditions fail) or `not_evaluated` (no license or version applies). */
export const StackStatus = z.enum(["met", "not_met", "not_eligible", "not_evaluated"]);
export type StackStatus = z.infer<typeof StackStatus>;

/** What is still missing for a stack, in the state's unit, with the deadline. */
export const Gap = z.strictObject({
  requirement: z.string().meta({ description: "The requirement's path in the stack: ids from the root, joined by '/' (or 'prerequisites')." }),
  title: z.string().optional(),
  missing: Quantity.optional().meta({ description: "How much is missing, for credit, count and any requirements." }),
  needs: z.string().optional().meta({ description: "What must hold, for conditions, stack references and prerequisites." }),
  accepts: z.string().optional().meta({ description: "What would count toward it, in words." }),
  match: z
    .array(Match)
    .optional()
    .meta({
      description:
        "What would count toward it, as the policy's filters: a credential counts when it passes every one (the pool's, then the category's). Absent for 'any' gaps.",
    }),
  deadline: IsoDate.optional(),
});
export type Gap = z.infer<typeof Gap>;

/** The result for one stack. */
export const StackResult = z.strictObject({
  id: z.string(),
  kind: z.enum(["renewal", "endorsement", "pathway", "designation"]),
  title: z.string(),
  status: StackStatus,
  reason: z.string().optional(),
  adoption: z
    .enum(["proposed", "pilot"])
    .optional()
    .meta({ description: "Set when the stack (or its policy) is proposed or a pilot, not adopted rule." }),
  unlocks: z.array(z.string()).optional().meta({ description: "What meeting the stack unlocks, as the policy says." }),
  exemption: z
    .strictObject({ id: z.string(), title: z.string(), condition: ConditionTrace })
    .optional()
    .meta({ description: "Set when an exemption made the stack met." }),
  variant: z.strictObject({ id: z.string(), title: z.string().optional() }).optional(),
  window: z.strictObject({ from: IsoDate.optional(), to: IsoDate }).optional(),
  deadline: IsoDate.optional(),
  prerequisites: ConditionTrace.optional(),
  requirements: z.array(RequirementResult),
  gaps: z.array(Gap),
  credentials: z.array(z.string()).meta({ description: "The credentials placed in this stack." }),
  determinedBy: z.strictObject({ rules: z.array(RuleOrigin), credentials: z.array(z.string()) }),
  optimal: z.boolean().meta({
    description:
      "False when the placement is not proven optimal: a search hit its budget, the alternatives combine into 512 routes or more, or limits overlap without nesting.",
  }),
  origin: RuleOrigin,
  sources: z.array(z.string()),
  assumptions: z.array(z.string()).optional(),
  exceptions: z
    .array(
      z.strictObject({
        id: z.string(),
        kind: z.enum(["waive", "substitute", "force", "accept"]),
        author: z.string(),
        date: IsoDate,
        reason: z.string(),
        requirement: z.string(),
        credential: z.string().optional(),
        effect: z.string().meta({ description: "What it changed, in words." }),
      }),
    )
    .optional()
    .meta({ description: "Reviewers' exceptions applied to this stack, on top of the optimal placement." }),
  explanation: z.array(z.string()),
});
export type StackResult = z.infer<typeof StackResult>;

/** Why a credential did not count (in one stack, or anywhere). */
export const RejectionCode = z.enum([
  "not_recognized",
  "no_value",
  "outside_window",
  "earned_after_as_of",
  "revoked",
  "expired",
  "capped",
  "duplicate",
  "not_needed",
  "used_by_other_stack",
  "no_matching_requirement",
]);
export type RejectionCode = z.infer<typeof RejectionCode>;

/** What happened to one earned credential under one policy. */
export const CredentialResult = z.strictObject({
  id: z.string(),
  title: z.string(),
  status: z.enum(["counted", "unused", "rejected"]),
  value: Quantity.optional(),
  recognizedBy: z.string().optional(),
  placements: z.array(z.strictObject({ stack: z.string(), requirement: z.string(), amount: z.string() })),
  reasons: z.array(z.strictObject({ code: RejectionCode, message: z.string(), stack: z.string().optional() })),
});
export type CredentialResult = z.infer<typeof CredentialResult>;

/** A warning: an assumption the result rests on, a missing input, a fallback taken. */
export const Warning = z.strictObject({
  code: z.string(),
  message: z.string(),
  origin: RuleOrigin.optional(),
});
export type Warning = z.infer<typeof Warning>;

/** The result for one state's policy. */
export const StateResult = z.strictObject({
  state: StateCode,
  policy: z.strictObject({
    id: z.string(),
    version: z.string(),
    title: z.string(),
    status: z.string(),
    effective: z.strictObject({ from: IsoDate, to: IsoDate.optional() }),
    selectedBy: z.strictObject({ key: z.string(), date: IsoDate }),
    file: z.string().optional(),
  }),
  unit: z
    .strictObject({ id: z.string(), label: z.string() })
    .meta({ description: "The policy's credit unit and how it reads, e.g. { id: ceu, label: renewal credit }." }),
  license: z
    .strictObject({
      type: z.string(),
      role: z.string().optional(),
      grade_band: z.string().optional(),
      issued: IsoDate,
      expires: IsoDate.optional(),
    })
    .optional(),
  stacks: z.array(StackResult),
  credentials: z.array(CredentialResult),
  warnings: z.array(Warning),
  sources: z.array(Citation),
});
export type StateResult = z.infer<typeof StateResult>;

/** The whole report for one educator and one date. */
export const Report = z
  .strictObject({
    credstack: z.literal(1),
    record: z.string(),
    asOf: IsoDate,
    results: z.array(StateResult),
    skipped: z
      .array(z.strictObject({ state: StateCode, policy: z.string(), code: z.string(), message: z.string() }))
      .meta({ description: "Policies given but not evaluated, and why (no version in force on the selecting date)." }),
    exceptions: z
      .array(
        z.strictObject({
          id: z.string(),
          kind: z.enum(["waive", "substitute", "force", "accept"]),
          author: z.string(),
          date: IsoDate,
          reason: z.string(),
          state: StateCode,
          stack: z.string(),
          requirement: z.string(),
          status: z.enum(["applied", "not_applicable", "not_evaluated"]),
          message: z.string(),
          policies: z.array(z.string()).meta({ description: "The policies (id@version) it was applied in, or looked for its stack in." }),
        }),
      )
      .optional()
      .meta({
        description:
          "Every exception on the record and what became of it: applied; not_applicable (its stack or requirement is not in the policy in force, its credential is missing, or it postdates the as-of date); not_evaluated (its state is not in this report). Present when the record has exceptions.",
      }),
  })
  .meta({ id: "Report", description: "What credstack concluded for one educator on one date." });
export type Report = z.infer<typeof Report>;

/** One stack in a status report: how it stands, without the report's detail. */
export const StackStatusResult = z
  .strictObject({
    id: z.string(),
    kind: StackResult.shape.kind,
    status: StackStatus,
    deadline: IsoDate.optional().meta({ description: "The date the stack must be met by (a license's expiry), when its window has one." }),
    optimal: z.boolean().meta({
      description:
        "False when the status is not proven: a search behind it hit its budget, the alternatives combine into 512 routes or more, or limits overlap without nesting.",
    }),
  })
  .meta({ id: "StackStatusResult" });
export type StackStatusResult = z.infer<typeof StackStatusResult>;

/** One state's policy in a status report. */
export const StateStatus = z
  .strictObject({
    state: StateCode,
    policy: z.strictObject({ id: z.string(), version: z.string() }),
    stacks: z.array(StackStatusResult),
  })
  .meta({ id: "StateStatus" });
export type StateStatus = z.infer<typeof StateStatus>;

/** What `evaluateStatus` returns: every stack's status, in the order of the full report. */
export const StatusReport = z
  .strictObject({
    credstack: z.literal(1),
    record: z.string(),
    asOf: IsoDate,
    results: z.array(StateStatus),
    skipped: Report.shape.skipped,
  })
  .meta({ id: "StatusReport", description: "Every stack's status for one educator on one date, without explanations." });
export type StatusReport = z.infer<typeof StatusReport>;
