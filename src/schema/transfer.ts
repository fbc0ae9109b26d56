/**
 * The transfer report and the portability matrix: the output contracts of `transfer` and
 * `portability`. JSON-serializable, stable key and list order, byte-identical for identical input.
 */
import { z } from "zod";
import { IsoDate, StateCode } from "./primitives.js";
import { Quantity, RejectionCode, StackStatus, Warning } from "./report.js";

/** Where a credential is placed in one state's policy: the stack, the requirement path, the amount, and the category when it is one. */
export const TransferPlacement = z.strictObject({
  stack: z.string(),
  requirement: z.string().meta({ description: "The requirement's path in the stack: ids from the root, joined by '/'." }),
  category: z.string().optional().meta({ description: "The category's id, when the credential counts in a category of a pool." }),
  amount: z.string().meta({ description: "How much of it counts there, in the policy's unit." }),
});
export type TransferPlacement = z.infer<typeof TransferPlacement>;

/** What happens to one credential under one policy of a state. */
export const CredentialOutcome = z.strictObject({
  policy: z.string().meta({ description: "The policy family's id." }),
  version: z.string(),
  status: z.enum(["counted", "unused", "rejected"]),
  value: Quantity.optional().meta({ description: "Its value in the policy's unit, when the policy recognizes it." }),
  contactHours: z
    .string()
    .optional()
    .meta({ description: "The value in contact hours, through the policy's own conversions; absent when the unit does not convert to hours." }),
  recognizedBy: z.string().optional().meta({ description: "The id of the recognition rule that accepted it." }),
  assumptions: z.array(z.string()).optional().meta({ description: "The assumptions that rule rests on." }),
  placements: z.array(TransferPlacement),
  reasons: z.array(z.strictObject({ code: RejectionCode, message: z.string(), stack: z.string().optional() })),
});
export type CredentialOutcome = z.infer<typeof CredentialOutcome>;

/** One credential of the record, in the source state and in the target state. */
export const TransferCredential = z.strictObject({
  id: z.string(),
  title: z.string(),
  origin: StateCode.optional().meta({ description: "The state it comes from (earned_in, else the issuer's state), when the record says." }),
  transfers: z
    .boolean()
    .meta({ description: "True when it comes from the source state, or its origin is unknown (then it is presumed to come from the source state)." }),
  outOfState: z.boolean().meta({ description: "True when it comes (or is presumed to come) from a state other than the target." }),
  counts: z.boolean().meta({ description: "True when it is counted in at least one stack of the target state." }),
  source: z.array(CredentialOutcome).meta({ description: "What happens to it under each policy of the source state." }),
  target: z.array(CredentialOutcome).meta({ description: "What happens to it under each policy of the target state." }),
});
export type TransferCredential = z.infer<typeof TransferCredential>;

/** One target-state stack, with and without the out-of-state credentials. */
export const TransferStack = z.strictObject({
  policy: z.string(),
  version: z.string(),
  id: z.string(),
  title: z.string(),
  kind: z.enum(["renewal", "endorsement", "pathway", "designation"]),
  with: StackStatus.meta({ description: "The status with every credential (the same as evaluating the record in the target state)." }),
  without: StackStatus.meta({ description: "The status without the credentials from other states." }),
  outOfState: z.array(z.string()).meta({ description: "The out-of-state credentials placed in this stack." }),
});
export type TransferStack = z.infer<typeof TransferStack>;

/** The credit that carries over into one target policy: the transferring credentials it counts. */
export const TransferTotal = z.strictObject({
  policy: z.string(),
  version: z.string(),
  recognized: z.number().int().meta({ description: "How many transferring credentials the policy recognizes." }),
  counted: z.number().int().meta({ description: "How many of them are placed in a stack." }),
  byNumber: z.number().int().meta({ description: "How many of the recognized ones count by number only (value: count): they carry no credit." }),
  value: Quantity.meta({
    description: "The credit that carries over: the total value, in the policy's unit, of the recognized ones not set aside (counted or unused); credentials that count by number add none.",
  }),
  placed: Quantity.meta({
    description: "The credit placed in credit pools of stacks (a credential shared by several stacks counts once per stack; count-pool placements are not credit).",
  }),
  contactHours: z.string().optional().meta({ description: "That credit in contact hours, when every part of it converts to hours." }),
});
export type TransferTotal = z.infer<typeof TransferTotal>;

/** What credstack concluded about moving one educator's credentials from one state to another. */
export const TransferReport = z
  .strictObject({
    credstack: z.literal(1),
    record: z.string(),
    asOf: IsoDate,
    from: StateCode,
    to: StateCode,
    credentials: z.array(TransferCredential).meta({ description: "Every credential of the record, by id." }),
    stacks: z.array(TransferStack).meta({ description: "Every stack of the target state's policies in force, in report order." }),
    totals: z.array(TransferTotal).meta({ description: "Per target policy, the credit that carries over from the source state." }),
    warnings: z.array(Warning).meta({ description: "The target's assumptions that out-of-state credit rests on, and its version fallbacks." }),
    skipped: z
      .array(z.strictObject({ state: StateCode, policy: z.string(), code: z.string(), message: z.string() }))
      .meta({ description: "Policies of either state with no version in force." }),
  })
  .meta({ id: "TransferReport", description: "How an educator's credentials from one state count in another." });
export type TransferReport = z.infer<typeof TransferReport>;

/** One ordered pair of states in the portability matrix. */
export const PortabilityCell = z.strictObject({
  from: StateCode,
  to: StateCode,
  credentials: z.number().int().meta({ description: "How many credentials transfer from 'from' (they come, or are presumed to come, from it)." }),
  recognized: z.number().int().meta({ description: "How many of them at least one policy of 'to' recognizes." }),
  counted: z.number().int().meta({ description: "How many of them are placed in a stack of 'to'." }),
  totals: z.array(TransferTotal),
});
export type PortabilityCell = z.infer<typeof PortabilityCell>;

/** The credit that carries over between every ordered pair of states. */
export const PortabilityMatrix = z
  .strictObject({
    credstack: z.literal(1),
    record: z.string(),
    asOf: IsoDate,
    states: z.array(StateCode),
    cells: z.array(PortabilityCell).meta({ description: "Every ordered pair of different states, by 'from' then 'to'." }),
  })
  .meta({ id: "PortabilityMatrix", description: "For every ordered pair of states, the credit that carries over." });
export type PortabilityMatrix = z.infer<typeof PortabilityMatrix>;
