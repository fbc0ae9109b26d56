/**
 * The educator record: licenses, experience, degrees, ratings, exams and earned credentials.
 */
import { z } from "zod";
import { FactValue } from "./condition.js";
import { EarnedCredential } from "./credential.js";
import { Amount, Identifier, IsoDate, StateCode } from "./primitives.js";

/** A license held in one state. */
export const License = z.strictObject({
  state: StateCode,
  type: z.string().min(1).meta({ description: "The license type, e.g. CPL, standard, professional, provisional." }),
  role: z.string().min(1).optional().meta({ description: "The role it licenses, e.g. teacher, student_services, administrator." }),
  grade_band: z.string().min(1).optional().meta({ description: "The grade band, e.g. K-5, 6-12, K-12." }),
  areas: z.array(z.string().min(1)).optional().meta({ description: "Licensure areas and endorsements held." }),
  issued: IsoDate,
  expires: IsoDate.optional(),
  lifetime: z.boolean().optional().meta({ description: "A lifetime license needs no renewal." }),
});
export type License = z.infer<typeof License>;

/** A span of professional experience. */
export const Experience = z
  .strictObject({
    state: StateCode.optional(),
    role: z.string().min(1).optional(),
    license_type: z.string().min(1).optional().meta({ description: "The license held during this experience." }),
    from: IsoDate,
    to: IsoDate.optional().meta({ description: "Omit while the experience continues (counted up to the as-of date)." }),
  })
  .refine((e) => e.to === undefined || e.to >= e.from, { message: "'to' must not be before 'from'", path: ["to"] });
export type Experience = z.infer<typeof Experience>;

/** An academic degree. */
export const Degree = z.strictObject({
  level: z.enum(["associate", "bachelors", "masters", "specialist", "doctorate"]),
  field: z.string().optional(),
  awarded: IsoDate.optional(),
});
export type Degree = z.infer<typeof Degree>;

/** A summative evaluation rating. */
export const Rating = z.strictObject({
  date: IsoDate,
  rating: z.string().min(1).meta({ description: "e.g. effective, highly_effective, met." }),
  system: z.string().optional().meta({ description: "The evaluation system, e.g. TESS, SCTS." }),
});
export type Rating = z.infer<typeof Rating>;

/** An exam attempt. */
export const Exam = z.strictObject({
  id: Identifier.meta({ description: "The exam, e.g. praxis-plt." }),
  date: IsoDate,
  passed: z.boolean(),
  score: z.number().optional(),
});
export type Exam = z.infer<typeof Exam>;

/** The educator's current employment. */
export const Employment = z.strictObject({
  employer: z.string().optional(),
  employer_type: z
    .string()
    .min(1)
    .optional()
    .meta({ description: "e.g. public_district, renewal_entity, charter, private." }),
  state: StateCode.optional(),
  role: z.string().optional(),
  grade_levels: z.array(z.string()).optional(),
});
export type Employment = z.infer<typeof Employment>;

const exceptionBase = {
  id: Identifier.meta({ description: "Unique among the record's exceptions." }),
  author: z.string().min(1).meta({ description: "Who granted it (a reviewer's name or id)." }),
  date: IsoDate.meta({ description: "When it was granted; it applies to evaluations on or after this date." }),
  reason: z.string().min(1).meta({ description: "Why, in the reviewer's words; reports repeat it." }),
  state: StateCode.meta({ description: "The state whose policy it applies to." }),
  policy: Identifier.optional().meta({ description: "The policy family (e.g. wy-cs); default: any family of the state with the stack." }),
  stack: Identifier.meta({ description: "The stack it applies to; no other stack's result changes." }),
  requirement: z
    .string()
    .min(1)
    .meta({ description: "The requirement's path in the stack (ids from the top joined by '/', as in gaps), or 'prerequisites' (waive only)." }),
};

/**
 * A reviewer's exception: a human decision recorded on the record, applied on top of the optimal
 * placement of one stack and reported with its author and reason.
 */
export const ReviewerException = z
  .discriminatedUnion("kind", [
    z.strictObject({
      ...exceptionBase,
      kind: z.literal("waive").meta({ description: "Waive the requirement: it counts as met, or (with 'required') needs less." }),
      required: Amount.optional().meta({ description: "A partial waiver: the amount the requirement needs instead, in its own unit (credit in the policy's unit, or a number of credentials)." }),
    }),
    z.strictObject({
      ...exceptionBase,
      kind: z.literal("substitute").meta({ description: "A credential on the record stands in for a required one." }),
      credential: Identifier.meta({ description: "The record's credential that stands in." }),
      for: z.string().min(1).meta({ description: "What it replaces: the required achievement (or credential) id, as the requirement names it." }),
      amount: Amount.optional().meta({ description: "How much it counts; default its value under the policy (1 in a count pool)." }),
    }),
    z.strictObject({
      ...exceptionBase,
      kind: z.literal("force").meta({ description: "Place a recognized credential on this requirement, whatever its filter says." }),
      credential: Identifier,
      amount: Amount.optional().meta({ description: "How much it counts; default its value under the policy (1 in a count pool)." }),
    }),
    z.strictObject({
      ...exceptionBase,
      kind: z.literal("accept").meta({ description: "Count a credential the policy does not recognize on this requirement." }),
      credential: Identifier,
      amount: Amount.optional().meta({ description: "How much it counts; required in a credit pool (1 in a count pool)." }),
    }),
  ])
  .meta({ id: "ReviewerException", description: "A reviewer's exception: waive, substitute, force or accept, with author, date and reason." });
export type ReviewerException = z.infer<typeof ReviewerException>;

/** An educator's record: everything credstack evaluates. */
export const EducatorRecord = z
  .strictObject({
    $schema: z.string().optional(),
    id: Identifier,
    name: z.string().optional(),
    licenses: z.array(License).default([]),
    experience: z.array(Experience).default([]),
    degrees: z.array(Degree).default([]),
    ratings: z.array(Rating).default([]),
    exams: z.array(Exam).default([]),
    employment: Employment.optional(),
    designations: z.array(Identifier).optional().meta({ description: "Designations already held, e.g. ar-lead." }),
    facts: z
      .record(Identifier, FactValue)
      .optional()
      .meta({ description: "Extra facts from the caller's systems, usable in conditions by name." }),
    credentials: z.array(EarnedCredential).default([]),
    exceptions: z
      .array(ReviewerException)
      .optional()
      .meta({ description: "Reviewers' exceptions (waive, substitute, force, accept), each scoped to one stack." }),
  })
  .meta({ id: "EducatorRecord", description: "An educator's record: licenses, experience, degrees, ratings, exams and credentials." });
/** The record as written (defaults not yet applied). */
export type EducatorRecordInput = z.input<typeof EducatorRecord>;
/** The record after parsing (defaults applied). */
export type EducatorRecord = z.output<typeof EducatorRecord>;
