/**
 * The planner's outputs: the plan for one stack, the credit that expires before a deadline, and
 * the difference between two reports (what-if). JSON-serializable, stable order.
 */
import { z } from "zod";
import { IsoDate, StateCode } from "./primitives.js";
import { Gap, Quantity, RejectionCode, StackStatus } from "./report.js";

/** A catalog item the plan adds, and where it would count. */
export const PlanItem = z.strictObject({
  item: z.string().meta({ description: "The catalog item's id." }),
  catalog: z.string().meta({ description: "The id of the catalog it comes from." }),
  credential: z.string().meta({ description: "The id it carries in the evaluation that checked the plan (catalog:<item>)." }),
  title: z.string(),
  achievement: z.string().optional(),
  value: Quantity.optional().meta({ description: "What the policy values it at (its unit, or 1 credentials for a credential that counts by number)." }),
  hours: z.string().optional(),
  cost: z.string().optional(),
  placements: z.array(z.strictObject({ requirement: z.string(), amount: z.string() })),
});
export type PlanItem = z.infer<typeof PlanItem>;

/** A credential that counts in a stack today but no longer on a later date. */
export const ExpiringCredential = z.strictObject({
  id: z.string(),
  title: z.string(),
  requirement: z.string().meta({ description: "Where it counts today." }),
  amount: z.string().meta({ description: "How much it counts there today." }),
  reason: z.strictObject({ code: RejectionCode, message: z.string() }).optional().meta({
    description: "Why it does not count on the later date (outside_window, expired); absent when it is merely placed elsewhere.",
  }),
});
export type ExpiringCredential = z.infer<typeof ExpiringCredential>;

/** One stack's credit that falls away between the as-of date and a later date. */
export const ExpiringStack = z.strictObject({
  state: StateCode,
  policy: z.string().meta({ description: "The policy family id and version, as id@version." }),
  stack: z.string(),
  title: z.string(),
  on: IsoDate.meta({ description: "The later date: the stack's deadline, or the date asked for." }),
  now: StackStatus,
  then: StackStatus,
  credentials: z.array(ExpiringCredential),
});
export type ExpiringStack = z.infer<typeof ExpiringStack>;

/** Credit that falls away before each stack's deadline (or a given date). */
export const ExpiringReport = z
  .strictObject({ credstack: z.literal(1), record: z.string(), asOf: IsoDate, stacks: z.array(ExpiringStack) })
  .meta({ id: "ExpiringReport", description: "Credentials that count today and no longer on the deadline, stack by stack." });
export type ExpiringReport = z.infer<typeof ExpiringReport>;

/** The plan for one stack. */
export const Plan = z
  .strictObject({
    credstack: z.literal(1),
    record: z.string(),
    asOf: IsoDate,
    state: StateCode,
    policy: z.strictObject({ id: z.string(), version: z.string() }),
    stack: z.strictObject({ id: z.string(), title: z.string(), kind: z.string() }),
    status: z.enum(["met", "planned", "not_completable"]).meta({
      description: "met: nothing to add; planned: the items complete the stack; not_completable: no choice of catalog items does.",
    }),
    now: StackStatus.meta({ description: "The stack's status today." }),
    proven: z.boolean().meta({ description: "True when the search proved no smaller (then cheaper) set exists; false when its budget ran out first." }),
    bound: z.number().int().meta({ description: "No set of fewer catalog items completes the stack (proven); equals the plan's size when proven." }),
    items: z.array(PlanItem),
    totals: z.strictObject({
      credentials: z.number().int(),
      hours: z.string(),
      cost: z.string(),
      hoursUnknown: z.number().int().meta({ description: "Items without hours (counted as 0 in the total)." }),
      costUnknown: z.number().int().meta({ description: "Items without a cost (counted as 0 in the total)." }),
    }),
    gaps: z.array(Gap).meta({ description: "The stack's gaps today." }),
    remaining: z.array(Gap).optional().meta({ description: "not_completable: the gaps left with every useful catalog item added." }),
    reason: z.string().optional(),
    expiring: ExpiringStack.optional().meta({ description: "Credit the stack counts today that no longer counts on its deadline." }),
    search: z.strictObject({
      catalogItems: z.number().int(),
      usefulItems: z.number().int().meta({ description: "Items that could count in the stack (or in a stack it refers to)." }),
      classes: z.number().int().meta({ description: "Groups of useful items that evaluate alike, searched as one." }),
      nodes: z.number().int(),
      evaluations: z.number().int(),
      budget: z.number().int(),
    }),
    explanation: z.array(z.string()),
  })
  .meta({ id: "Plan", description: "The smallest set of catalog credentials that completes one stack." });
export type Plan = z.infer<typeof Plan>;

/** A placement in a stack, for a diff. */
export const DiffPlacement = z.strictObject({ credential: z.string(), requirement: z.string(), amount: z.string() });
export type DiffPlacement = z.infer<typeof DiffPlacement>;

/** How one stack differs between two reports. */
export const StackChange = z.strictObject({
  state: StateCode,
  policy: z.string().meta({ description: "The policy family id (the version may differ between the reports)." }),
  stack: z.string(),
  title: z.string(),
  before: StackStatus.optional().meta({ description: "Absent when the stack is not in the first report." }),
  after: StackStatus.optional().meta({ description: "Absent when the stack is not in the second report." }),
  versions: z.strictObject({ before: z.string().optional(), after: z.string().optional() }),
  added: z.array(DiffPlacement).meta({ description: "Placements in the second report only." }),
  removed: z.array(DiffPlacement).meta({ description: "Placements in the first report only." }),
  gapsBefore: z.array(Gap),
  gapsAfter: z.array(Gap),
});
export type StackChange = z.infer<typeof StackChange>;

/** The difference between two reports of one educator. */
export const ReportDiff = z
  .strictObject({
    credstack: z.literal(1),
    record: z.string(),
    before: z.strictObject({ asOf: IsoDate, states: z.array(StateCode) }),
    after: z.strictObject({ asOf: IsoDate, states: z.array(StateCode) }),
    changed: z.array(StackChange).meta({ description: "Stacks whose status, placements or gaps differ, or that are in one report only." }),
    unchanged: z.number().int().meta({ description: "Stacks identical in status, placements and gaps." }),
  })
  .meta({ id: "ReportDiff", description: "How two reports of one educator differ, stack by stack." });
export type ReportDiff = z.infer<typeof ReportDiff>;
