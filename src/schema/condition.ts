/**
 * Prerequisite conditions, written in json-rules-engine's grammar: `all` / `any` / `not`
 * over leaves `{ fact, operator, value, params }`.
 */
import { z } from "zod";

/** The operators a condition leaf may use (json-rules-engine's built-in operators). */
export const ConditionOperator = z.enum([
  "equal",
  "notEqual",
  "lessThan",
  "lessThanInclusive",
  "greaterThan",
  "greaterThanInclusive",
  "in",
  "notIn",
  "contains",
  "doesNotContain",
]);
export type ConditionOperator = z.infer<typeof ConditionOperator>;

/** A JSON scalar a fact or value may hold. */
export const FactScalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export type FactScalar = z.infer<typeof FactScalar>;

/** A fact value: a scalar or a list of scalars. */
export const FactValue = z.union([FactScalar, z.array(FactScalar)]);
export type FactValue = z.infer<typeof FactValue>;

/** A leaf test of one fact. */
export const ConditionLeaf = z
  .strictObject({
    fact: z.string().min(1).meta({ description: "The fact to test; see docs/policy-format.md#facts." }),
    operator: ConditionOperator,
    value: FactValue,
    params: z.record(z.string(), FactValue).optional().meta({ description: "Arguments for a parameterised fact." }),
  })
  .refine((c) => !(c.operator === "in" || c.operator === "notIn") || Array.isArray(c.value), {
    message: "'in' and 'notIn' need a list as their value",
    path: ["value"],
  })
  .meta({ description: "A test of one fact: { fact, operator, value, params }." });
export type ConditionLeaf = z.infer<typeof ConditionLeaf>;

/** A condition: a leaf, or `all` / `any` / `not` over conditions. */
export type Condition = ConditionLeaf | { all: Condition[] } | { any: Condition[] } | { not: Condition };

/** The zod schema of a condition (recursive). */
export const Condition: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    ConditionLeaf,
    z.strictObject({ all: z.array(Condition).min(1) }),
    z.strictObject({ any: z.array(Condition).min(1) }),
    z.strictObject({ not: Condition }),
  ]),
).meta({ id: "Condition", description: "A json-rules-engine condition: all / any / not, or a leaf { fact, operator, value, params }." });
