/**
 * An earned credential: one micro-credential, course, workshop, college credit, National Board
 * certificate or other activity on an educator's record.
 */
import { z } from "zod";
import { Amount, Identifier, IsoDate, StateCode, UnitId } from "./primitives.js";

/** The kinds of credential credstack knows. */
export const CredentialKind = z.enum([
  "micro_credential",
  "course",
  "college_credit",
  "workshop",
  "conference",
  "national_board",
  "certification",
  "training",
  "publication",
  "instruction",
  "mentoring",
  "assessor",
  "project",
  "other",
]);
export type CredentialKind = z.infer<typeof CredentialKind>;

/** Academic level of a credential, where it has one. */
export const CredentialLevel = z.enum(["graduate", "undergraduate", "professional", "none"]);
export type CredentialLevel = z.infer<typeof CredentialLevel>;

/** Letter grades, best first, then pass (P) and no pass (NP). */
export const LETTER_GRADES = ["A+", "A", "A-", "B+", "B", "B-", "C+", "C", "C-", "D+", "D", "D-", "F"] as const;
export const Grade = z.enum([...LETTER_GRADES, "P", "NP"]).meta({
  description: "The grade earned: a letter grade (A+ to F), P (pass) or NP (no pass).",
});
export type Grade = z.infer<typeof Grade>;

/** An amount of credit with its unit, as earned. */
export const EarnedAmount = z.strictObject({
  value: Amount,
  unit: UnitId,
});
export type EarnedAmount = z.infer<typeof EarnedAmount>;

/** Where a credential came from. */
export const CredentialSource = z.strictObject({
  format: z.enum(["manual", "ob2", "ob3", "clr", "csv", "record"]),
  ref: z.string().optional().meta({ description: "Where in the source document: a URL, a file and row, or a JSON path." }),
});
export type CredentialSource = z.infer<typeof CredentialSource>;

/** An issuer: an identifier, with optional name and home state. */
export const Issuer = z.strictObject({
  id: Identifier.meta({ description: "The issuer's identifier, e.g. digital-promise or wde." }),
  name: z.string().optional(),
  state: StateCode.optional().meta({ description: "The state the issuer belongs to, for portability rules." }),
});
export type Issuer = z.infer<typeof Issuer>;

/** One earned credential on an educator's record. */
export const EarnedCredential = z
  .strictObject({
    id: Identifier.meta({ description: "Unique on the record." }),
    title: z.string().min(1),
    issuer: Issuer,
    kind: CredentialKind,
    achievement: Identifier.optional().meta({
      description: "The achievement (badge class, course or catalog) identifier, shared by everyone who earns it.",
    }),
    tags: z
      .array(z.string().min(1))
      .optional()
      .meta({ description: "Competencies, alignments and categories (e.g. subject, literacy, cs:algorithms)." }),
    amount: EarnedAmount.optional().meta({ description: "Credit as earned, in its own unit." }),
    earned: IsoDate.meta({ description: "The date the credential was earned (issued)." }),
    expires: IsoDate.optional(),
    status: z.enum(["active", "revoked", "expired"]).optional().meta({ description: "Defaults to active." }),
    level: CredentialLevel.optional(),
    grade: Grade.optional().meta({ description: "The grade earned in a course, when it has one (A+ to F, P, NP)." }),
    approvals: z
      .array(z.string().min(1))
      .optional()
      .meta({ description: "Approvals and quality marks held, e.g. lea-approved, ptsb-approved, mpos-qas." }),
    earned_in: StateCode.optional().meta({ description: "The state where it was earned, when known." }),
    source: CredentialSource.optional(),
  })
  .meta({ id: "EarnedCredential", description: "One earned credential on an educator's record." });
export type EarnedCredential = z.infer<typeof EarnedCredential>;
