/**
 * Open Badges 3.0 and CLR 2.0 (1EdTech), as far as credstack reads them: zod schemas for the
 * fields the adapters use. Objects are loose (the specifications allow extensions), so only the
 * fields named here are checked; everything else passes through unread.
 */
import { z } from "zod";
import { dateOfDateTime } from "../dates/index.js";

/** A JSON-LD `type`: one name or a list of names. */
export const LdType = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);
export type LdType = z.infer<typeof LdType>;

/** Tells whether a JSON-LD `type` names one of the given types. */
export function hasType(type: unknown, names: readonly string[]): boolean {
  const list = Array.isArray(type) ? type : [type];
  return list.some((t) => typeof t === "string" && names.includes(t));
}

/** An ISO 8601 date-time (or date) whose calendar date is real, e.g. `2024-03-08T00:00:00Z`. */
export const DateTimeText = z
  .string()
  .refine((s) => dateOfDateTime(s) !== undefined, { message: "must be an ISO 8601 date-time such as 2024-03-08T00:00:00Z" });

/** A Profile: an issuer or creator. */
export const Ob3Profile = z.looseObject({
  id: z.string().min(1),
  type: LdType.optional(),
  name: z.string().optional(),
  url: z.string().optional(),
  address: z.looseObject({ addressRegion: z.string().optional() }).optional(),
});
export type Ob3Profile = z.infer<typeof Ob3Profile>;

/** An Alignment to a competency framework or standard. */
export const Ob3Alignment = z.looseObject({
  type: LdType.optional(),
  targetName: z.string().optional(),
  targetUrl: z.string().optional(),
  targetCode: z.string().optional(),
  targetFramework: z.string().optional(),
  targetType: z.string().optional(),
});
export type Ob3Alignment = z.infer<typeof Ob3Alignment>;

/** An Achievement: what is awarded, shared by everyone who earns it. */
export const Ob3Achievement = z.looseObject({
  id: z.string().min(1),
  type: LdType.optional(),
  name: z.string().min(1),
  description: z.string().optional(),
  achievementType: z.string().optional(),
  alignment: z.array(Ob3Alignment).optional(),
  creditsAvailable: z.number().nonnegative().optional(),
  fieldOfStudy: z.string().optional(),
  humanCode: z.string().optional(),
  tag: z.array(z.string()).optional(),
  creator: z.union([z.string().min(1), Ob3Profile]).optional(),
});
export type Ob3Achievement = z.infer<typeof Ob3Achievement>;

/** A Result of the achievement (a grade, a status). */
export const Ob3Result = z.looseObject({
  type: LdType.optional(),
  status: z.string().optional(),
  value: z.string().optional(),
});
export type Ob3Result = z.infer<typeof Ob3Result>;

/** The AchievementSubject: who earned it, the achievement, and what they earned. */
export const Ob3Subject = z.looseObject({
  id: z.string().optional(),
  type: LdType.optional(),
  achievement: Ob3Achievement,
  creditsEarned: z.number().nonnegative().optional(),
  result: z.array(Ob3Result).optional(),
});
export type Ob3Subject = z.infer<typeof Ob3Subject>;

/** A credentialStatus entry: a pointer to a status (revocation) list. */
export const Ob3Status = z.looseObject({ id: z.string().optional(), type: z.string().min(1) });
export type Ob3Status = z.infer<typeof Ob3Status>;

/** The credential types an Open Badges 3.0 credential has. */
export const OB3_TYPES = ["OpenBadgeCredential", "AchievementCredential"] as const;

/** An Open Badges 3.0 credential (OpenBadgeCredential, also named AchievementCredential). */
export const Ob3Credential = z
  .looseObject({
    id: z.string().min(1).optional(),
    type: LdType.refine((t) => hasType(t, OB3_TYPES), { message: "must include 'OpenBadgeCredential' or 'AchievementCredential'" }),
    name: z.string().optional(),
    issuer: z.union([z.string().min(1), Ob3Profile]),
    validFrom: DateTimeText.optional(),
    validUntil: DateTimeText.optional(),
    awardedDate: DateTimeText.optional(),
    issuanceDate: DateTimeText.optional(),
    expirationDate: DateTimeText.optional(),
    credentialSubject: Ob3Subject,
    credentialStatus: z.union([Ob3Status, z.array(Ob3Status)]).optional(),
  })
  .refine((c) => c.validFrom !== undefined || c.issuanceDate !== undefined || c.awardedDate !== undefined, {
    message: "needs validFrom (or issuanceDate in the older data model)",
    path: ["validFrom"],
  });
export type Ob3Credential = z.infer<typeof Ob3Credential>;

/** The CLR 2.0 association types. */
export const ClrAssociationType = z.enum([
  "exactMatchOf",
  "isChildOf",
  "isParentOf",
  "isPartOf",
  "isPeerOf",
  "isRelatedTo",
  "precedes",
  "replacedBy",
]);

/** A CLR 2.0 Association between two achievements. */
export const ClrAssociation = z.looseObject({
  type: LdType.optional(),
  associationType: ClrAssociationType,
  sourceId: z.string().min(1),
  targetId: z.string().min(1),
});
export type ClrAssociation = z.infer<typeof ClrAssociation>;

/** A CLR 2.0 ClrCredential: a learner's many credentials, with achievements and associations. */
export const ClrCredential = z.looseObject({
  id: z.string().min(1).optional(),
  type: LdType.refine((t) => hasType(t, ["ClrCredential"]), { message: "must include 'ClrCredential'" }),
  name: z.string().optional(),
  issuer: z.union([z.string().min(1), Ob3Profile]),
  credentialSubject: z.looseObject({
    id: z.string().optional(),
    type: LdType.optional(),
    achievement: z.array(Ob3Achievement).optional(),
    // each credential is checked on its own, so one bad credential rejects only itself
    verifiableCredential: z.array(z.unknown()),
    association: z.array(ClrAssociation).optional(),
  }),
});
export type ClrCredential = z.infer<typeof ClrCredential>;
