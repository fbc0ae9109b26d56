/**
 * The policy language: one YAML file per state and version.
 *
 * Every schema here is strict (unknown keys are errors). The generated JSON Schema
 * (rules/policy.schema.json) comes from these definitions.
 */
import { z } from "zod";
import { Condition, FactValue } from "./condition.js";
import { CredentialKind, CredentialLevel, LETTER_GRADES } from "./credential.js";
import { Amount, Identifier, IsoDate, oneOrMany, StateCode, UnitId, Url } from "./primitives.js";

////////////////////////////////////////////////////////////////////////////////
// citations
////////////////////////////////////////////////////////////////////////////////

/** A public source the policy's numbers come from. */
export const Source = z
  .strictObject({
    id: Identifier,
    url: Url,
    title: z.string().optional(),
    publisher: z.string().optional(),
    accessed: IsoDate.optional(),
    note: z.string().optional(),
  })
  .meta({ description: "A public source (statute, rule, agency page) that numbers in this policy cite by id." });
export type Source = z.infer<typeof Source>;

/** A value the sources do not give, with the reason it was chosen. Reports surface it as a warning. */
export const Assumption = z
  .strictObject({
    id: Identifier,
    text: z.string().min(1).meta({ description: "What is assumed." }),
    reason: z.string().min(1).meta({ description: "Why: what the sources say and why this value was chosen." }),
  })
  .meta({ description: "A value the sources do not give. Reports show it as a warning wherever it is used." });
export type Assumption = z.infer<typeof Assumption>;

/** The ids of the sources a value cites. */
export const SourceRef = oneOrMany(Identifier).meta({ description: "The id (or ids) of the sources this value cites." });
export type SourceRef = z.infer<typeof SourceRef>;

const cited = {
  source: SourceRef.optional(),
  assumption: Identifier.optional().meta({ description: "The id of an assumption this value rests on." }),
};

////////////////////////////////////////////////////////////////////////////////
// matching credentials
////////////////////////////////////////////////////////////////////////////////

/** Where a credential comes from, relative to the policy's own state. */
export const CredentialOrigin = z.enum(["in_state", "out_of_state"]).meta({
  description: "in_state: earned in (else issued from) the policy's state; out_of_state: from another state.",
});
export type CredentialOrigin = z.infer<typeof CredentialOrigin>;

/** A filter over earned credentials. Fields combine with AND; the values of one field with OR. */
export type Match = {
  kind?: CredentialKind | CredentialKind[] | undefined;
  issuer?: string | string[] | undefined;
  issuer_state?: string | string[] | undefined;
  achievement?: string | string[] | undefined;
  tags?: string | string[] | undefined;
  all_tags?: string[] | undefined;
  level?: CredentialLevel | CredentialLevel[] | undefined;
  unit?: string | string[] | undefined;
  approvals?: string | string[] | undefined;
  earned_in?: string | string[] | undefined;
  origin?: CredentialOrigin | undefined;
  origin_state?: string | string[] | undefined;
  earned_within_years?: number | undefined;
  min_value?: Amount | undefined;
  min_amount?: { value: Amount; unit: string } | undefined;
  min_grade?: (typeof LETTER_GRADES)[number] | undefined;
  not?: Match | undefined;
};

export const Match: z.ZodType<Match> = z.lazy(() =>
  z.strictObject({
    kind: oneOrMany(CredentialKind).optional(),
    issuer: oneOrMany(Identifier).optional().meta({ description: "Issuer ids (any of)." }),
    issuer_state: oneOrMany(StateCode).optional().meta({ description: "Issuer home states (any of)." }),
    achievement: oneOrMany(Identifier).optional().meta({ description: "Achievement ids (any of)." }),
    tags: oneOrMany(z.string().min(1)).optional().meta({ description: "Tags: the credential has at least one of them." }),
    all_tags: z.array(z.string().min(1)).min(1).optional().meta({ description: "Tags: the credential has all of them." }),
    level: oneOrMany(CredentialLevel).optional(),
    unit: oneOrMany(UnitId).optional().meta({ description: "The unit the credential's amount is written in (any of)." }),
    approvals: oneOrMany(z.string().min(1)).optional().meta({ description: "Approvals or quality marks (any of)." }),
    earned_in: oneOrMany(StateCode).optional(),
    origin: CredentialOrigin.optional().meta({
      description:
        "Where the credential comes from, relative to the policy's state: in_state or out_of_state. Its origin is the state it was earned in, else its issuer's state; a credential with neither matches neither.",
    }),
    origin_state: oneOrMany(StateCode)
      .optional()
      .meta({ description: "The credential's origin (the state it was earned in, else its issuer's state) is one of these states." }),
    earned_within_years: z
      .number()
      .int()
      .min(1)
      .optional()
      .meta({ description: "Earned within this many years before the as-of date (a recency rule)." }),
    min_value: Amount.optional().meta({ description: "The credential is worth at least this much in the policy's unit." }),
    min_amount: z
      .strictObject({ value: Amount, unit: UnitId })
      .optional()
      .meta({
        description: "Its own amount, written in this unit, is at least this much (e.g. 10 hours per assignment); a credential in another unit does not match.",
      }),
    min_grade: z
      .enum(LETTER_GRADES)
      .optional()
      .meta({
        description: "A grade of at least this letter (C: C or better). P (pass) meets a minimum of C or lower; NP and lower letters do not. A credential with no grade matches.",
      }),
    not: Match.optional().meta({ description: "Excludes credentials matching this filter." }),
  }),
).meta({ id: "Match", description: "A filter over earned credentials: fields combine with AND, a field's values with OR." });

////////////////////////////////////////////////////////////////////////////////
// units, recognition, catalog
////////////////////////////////////////////////////////////////////////////////

/** An exact conversion between units: 1 `from` = `rate` `to`, optionally only for some credentials. */
export const Conversion = z
  .strictObject({
    from: UnitId,
    to: UnitId,
    rate: Amount.meta({ description: "How many 'to' units one 'from' unit is worth, e.g. \"1/14\" or 1.5." }),
    when: Match.optional().meta({
      description: "The conversion applies only to credentials matching this filter; it is tried before unconditional ones.",
    }),
    ...cited,
  })
  .meta({ description: "1 'from' = 'rate' 'to'. Conversions chain; rates are exact." });
export type Conversion = z.infer<typeof Conversion>;

/** How a recognized credential is valued in the policy's credit unit. */
export const RecognitionValue = z.union([
  z.literal("convert").meta({ description: "The credential's own amount, converted to the policy's unit." }),
  z.literal("catalog").meta({ description: "The value the policy's catalog gives its achievement." }),
  z.strictObject({ flat: Amount }).meta({ description: "A fixed amount, whatever the credential's own amount." }),
  z.literal("count").meta({
    description: "No credit value: the credential counts by number, in count pools only (a pathway of N micro-credentials).",
  }),
]);
export type RecognitionValue = z.infer<typeof RecognitionValue>;

/** A rule saying which credentials the state accepts, for how much, with which tags. First match wins. */
export const Recognition = z
  .strictObject({
    id: Identifier,
    title: z.string().optional(),
    description: z.string().optional(),
    match: Match,
    when: Condition.optional().meta({
      description: "The rule applies only when this condition about the educator holds (e.g. employer type).",
    }),
    value: RecognitionValue,
    max: Amount.optional().meta({ description: "At most this much per credential, in the policy's unit." }),
    tags: z.array(z.string().min(1)).optional().meta({ description: "Tags added to every credential this rule recognizes." }),
    ...cited,
  })
  .meta({ description: "Which credentials count, and how they are valued. Rules are tried in order; the first match wins." });
export type Recognition = z.infer<typeof Recognition>;

/** A known achievement and its value (e.g. a state's micro-credential with a published credit value). */
export const CatalogEntry = z
  .strictObject({
    achievement: Identifier,
    title: z.string().min(1),
    value: Amount,
    unit: UnitId.optional().meta({ description: "Defaults to the policy's credit unit." }),
    tags: z.array(z.string().min(1)).optional(),
    ...cited,
  })
  .meta({ description: "A known achievement and its value." });
export type CatalogEntry = z.infer<typeof CatalogEntry>;

////////////////////////////////////////////////////////////////////////////////
// requirements
////////////////////////////////////////////////////////////////////////////////

const requirementBase = {
  id: Identifier,
  title: z.string().optional(),
  description: z.string().optional(),
  when: Condition.optional().meta({ description: "The requirement applies only when this condition holds." }),
  ...cited,
};

/** A pool that applies separately to every school year of the window (an annual requirement). */
export const EachSchoolYear = z
  .strictObject({
    start_month: z.number().int().min(1).max(12).optional().meta({ description: "The month school years start (default 7: July to June)." }),
    include_partial: z
      .boolean()
      .optional()
      .meta({ description: "Also require it in school years the window only partly covers (default false)." }),
    ...cited,
  })
  .meta({ description: "The pool applies to each school year inside the window, each with its own credentials and deadline." });
export type EachSchoolYear = z.infer<typeof EachSchoolYear>;

/** A minimum inside a pool: at least `min` of the pool's credit or count from matching credentials. */
export const Category = z
  .strictObject({
    id: Identifier,
    title: z.string().optional(),
    min: Amount,
    from: Match,
    when: Condition.optional(),
    ...cited,
  })
  .meta({ description: "A minimum inside a pool: at least 'min' from credentials matching 'from'." });
export type Category = z.infer<typeof Category>;

/** A cap: at most `max` of a pool's credit may come from matching credentials (or per credential). */
export const Limit = z
  .strictObject({
    id: Identifier,
    title: z.string().optional(),
    max: Amount,
    from: Match,
    per: z.enum(["pool", "credential"]).optional().meta({ description: "pool (default): across the pool; credential: each." }),
    ...cited,
  })
  .meta({ description: "A cap on how much credit from matching credentials counts." });
export type Limit = z.infer<typeof Limit>;

/** The requirement tree: pools of credit or count, conditions, stack references, all / any. */
export type Requirement =
  | CreditRequirement
  | CountRequirement
  | ConditionRequirement
  | StackRequirement
  | AllRequirement
  | AnyRequirement;

type Base = {
  id: string;
  title?: string | undefined;
  description?: string | undefined;
  when?: Condition | undefined;
  source?: SourceRef | undefined;
  assumption?: string | undefined;
};
export type CreditRequirement = Base & {
  credit: Amount;
  from?: Match | undefined;
  categories?: Category[] | undefined;
  limits?: Limit[] | undefined;
  each_school_year?: EachSchoolYear | undefined;
};
export type CountRequirement = Base & {
  count: number;
  from?: Match | undefined;
  categories?: Category[] | undefined;
  distinct?: "achievement" | undefined;
  each_school_year?: EachSchoolYear | undefined;
};
export type ConditionRequirement = Base & { condition: Condition };
export type StackRequirement = Base & { stack: string };
export type AllRequirement = Base & { all: Requirement[] };
export type AnyRequirement = Base & { any: Requirement[]; need?: number | undefined };

export const CreditRequirement = z
  .strictObject({
    ...requirementBase,
    credit: Amount.meta({ description: "At least this much credit, in the policy's unit." }),
    from: Match.optional().meta({ description: "Which credentials may be placed here (default: any recognized)." }),
    categories: z.array(Category).optional(),
    limits: z.array(Limit).optional(),
    each_school_year: EachSchoolYear.optional(),
  })
  .meta({ description: "A pool of credit: at least 'credit' in the policy's unit, with optional category minimums and caps." });

export const CountRequirement = z
  .strictObject({
    ...requirementBase,
    count: z.number().int().min(1),
    from: Match.optional(),
    categories: z.array(Category).optional(),
    distinct: z.literal("achievement").optional().meta({ description: "Count each achievement once." }),
    each_school_year: EachSchoolYear.optional(),
  })
  .meta({ description: "A pool of credentials: at least 'count' matching credentials (N of M)." });

export const ConditionRequirement = z
  .strictObject({ ...requirementBase, condition: Condition })
  .meta({ description: "A condition that must hold, e.g. a passed exam on an alternative route." });

export const StackRequirement = z
  .strictObject({ ...requirementBase, stack: Identifier.meta({ description: "The id of a stack in the same policy." }) })
  .meta({ description: "Another stack must be met (tiers, distinctions built from stacks)." });

export const AllRequirement: z.ZodType<AllRequirement> = z.lazy(() =>
  z.strictObject({ ...requirementBase, all: z.array(Requirement).min(1) }),
).meta({ description: "Every child requirement must be met." });

export const AnyRequirement: z.ZodType<AnyRequirement> = z.lazy(() =>
  z.strictObject({
    ...requirementBase,
    any: z.array(Requirement).min(1),
    need: z.number().int().min(1).optional().meta({ description: "How many alternatives must be met (default 1)." }),
  }),
).meta({ description: "Alternatives: at least 'need' (default 1) child requirements must be met." });

/** The zod schema of a requirement (recursive). */
export const Requirement: z.ZodType<Requirement> = z.lazy(() =>
  z.union([CreditRequirement, CountRequirement, ConditionRequirement, StackRequirement, AllRequirement, AnyRequirement]),
).meta({ id: "Requirement", description: "credit, count, condition, stack, all or any." });

////////////////////////////////////////////////////////////////////////////////
// stacks
////////////////////////////////////////////////////////////////////////////////

/** The window in which credentials count. */
export const Window = z
  .discriminatedUnion("type", [
    z.strictObject({
      type: z.literal("license_cycle"),
      expired_lookback_years: z
        .number()
        .int()
        .min(1)
        .optional()
        .meta({ description: "When the license has expired, count the years before the as-of date instead." }),
    }),
    z.strictObject({ type: z.literal("rolling"), years: z.number().int().min(1) }),
    z.strictObject({ type: z.literal("fixed"), from: IsoDate, to: IsoDate }),
    z.strictObject({ type: z.literal("none") }),
  ])
  .meta({ description: "When credentials must be earned: license_cycle, rolling (years before as-of), fixed, or none." });
export type Window = z.infer<typeof Window>;

/** How credentials may be shared. */
export const Allocation = z
  .strictObject({
    split_credit: z
      .boolean()
      .optional()
      .meta({ description: "A credential's credit may be split between categories (default false)." }),
    across_stacks: z
      .enum(["exclusive", "shared"])
      .optional()
      .meta({ description: "exclusive (default): a credential counts in one stack; shared: in every stack it fits." }),
  })
  .meta({ description: "Sharing rules for placing credentials." });
export type Allocation = z.infer<typeof Allocation>;

/** A reason an educator need not meet a stack at all (a lifetime license, retirement). */
export const Exemption = z
  .strictObject({
    id: Identifier,
    title: z.string().min(1),
    when: Condition,
    ...cited,
  })
  .meta({ description: "When 'when' holds, the stack is met without requirements, and the report says why." });
export type Exemption = z.infer<typeof Exemption>;

/** A variant of a stack for some educators (a role or grade band). The first whose `when` holds is used. */
export const Variant = z
  .strictObject({
    id: Identifier,
    title: z.string().optional(),
    when: Condition.optional(),
    window: Window.optional().meta({
      description: "This variant's own window, replacing the stack's (e.g. a lapsed license looks back one year).",
    }),
    requirements: z.array(Requirement).min(1),
    ...cited,
  })
  .meta({ description: "The requirements for some educators; the first variant whose 'when' holds applies." });
export type Variant = z.infer<typeof Variant>;

export const StackKind = z.enum(["renewal", "endorsement", "pathway", "designation"]);
export type StackKind = z.infer<typeof StackKind>;

/** A stack: renewal, endorsement, pathway or designation. */
export const Stack = z
  .strictObject({
    id: Identifier,
    kind: StackKind,
    title: z.string().min(1),
    description: z.string().optional(),
    status: z.enum(["adopted", "proposed", "pilot"]).optional(),
    window: Window.optional(),
    prerequisites: Condition.optional().meta({ description: "When false, the stack is not_eligible." }),
    exemptions: z.array(Exemption).optional().meta({ description: "Checked in order; the first that holds makes the stack met." }),
    requirements: z.array(Requirement).min(1).optional(),
    variants: z.array(Variant).min(1).optional(),
    allocation: Allocation.optional(),
    unlocks: z.array(z.string().min(1)).optional().meta({ description: "What meeting the stack unlocks (roles, designations)." }),
    ...cited,
  })
  .refine((s) => (s.requirements === undefined) !== (s.variants === undefined), {
    message: "a stack has either 'requirements' or 'variants', not both and not neither",
  })
  .meta({ description: "A renewal, endorsement, pathway or designation stack." });
export type Stack = z.infer<typeof Stack>;

////////////////////////////////////////////////////////////////////////////////
// the policy
////////////////////////////////////////////////////////////////////////////////

/** A fact the policy expects callers to supply (record.facts or the facts option), with its default. */
export const DeclaredFact = z
  .strictObject({
    id: Identifier,
    description: z.string().min(1),
    default: FactValue.meta({ description: "The value when a record does not supply the fact." }),
    ...cited,
  })
  .meta({ description: "A fact callers may supply; when they do not, conditions see its default." });
export type DeclaredFact = z.infer<typeof DeclaredFact>;

/** The date a policy version is chosen by. */
export const EffectiveKey = z.enum(["as_of", "license_expires", "license_issued"]);
export type EffectiveKey = z.infer<typeof EffectiveKey>;

/** One state's policy, one version. */
export const Policy = z
  .strictObject({
    $schema: z.string().optional(),
    credstack: z.literal(1).meta({ description: "The policy format version: 1." }),
    id: Identifier.meta({ description: "The policy family, shared by every version, e.g. nc-renewal." }),
    version: z.string().min(1),
    state: StateCode,
    title: z.string().min(1),
    description: z.string().optional(),
    status: z.enum(["adopted", "proposed", "pilot"]).optional().meta({ description: "Defaults to adopted." }),
    effective: z
      .strictObject({
        from: IsoDate,
        to: IsoDate.optional().meta({ description: "Last day (inclusive); omit while in force." }),
        key: EffectiveKey.optional().meta({
          description: "The date that picks this version: as_of (default), license_expires or license_issued.",
        }),
        ...cited,
      })
      .refine((e) => e.to === undefined || e.to >= e.from, { message: "'to' must not be before 'from'", path: ["to"] }),
    sources: z.array(Source).min(1),
    assumptions: z.array(Assumption).optional(),
    credit_unit: z.strictObject({
      id: UnitId,
      label: z.string().min(1).meta({ description: "How the unit reads in reports, e.g. renewal credit." }),
      ...cited,
    }),
    unit_labels: z
      .record(UnitId, z.string().min(1))
      .optional()
      .meta({ description: "How other units read in reports, e.g. hour: contact hour." }),
    conversions: z.array(Conversion).optional(),
    license: z
      .strictObject({
        types: z.array(z.string().min(1)).min(1).optional().meta({ description: "License types this policy evaluates." }),
        ...cited,
      })
      .optional()
      .meta({ description: "Which of the educator's licenses in this state the policy evaluates." }),
    facts: z
      .array(DeclaredFact)
      .optional()
      .meta({ description: "Facts callers may supply (e.g. from an HR system), each with its default." }),
    recognition: z.array(Recognition).min(1),
    catalog: z.array(CatalogEntry).optional(),
    allocation: Allocation.optional(),
    stacks: z.array(Stack).min(1),
  })
  .meta({ id: "Policy", title: "credstack policy", description: "One state's rules for educator credentials, one version." });
/** A policy as written (before defaults are applied): what `parsePolicyData` accepts. */
export type PolicyInput = z.input<typeof Policy>;
export type Policy = z.output<typeof Policy>;
