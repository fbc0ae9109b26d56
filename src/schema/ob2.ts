/**
 * Open Badges 2.0 (1EdTech, formerly IMS Global), as far as credstack reads it: Assertion,
 * BadgeClass and Profile (issuer). Objects are loose (extensions are allowed); badge classes and
 * issuers may be embedded or named by id.
 */
import { z } from "zod";
import { dateOfDateTime, dateOfUnixSeconds } from "../dates/index.js";
import { LdType, hasType } from "./open-badges.js";

/** An Open Badges 2.0 DateTime: ISO 8601 text, or a Unix timestamp in seconds. */
export const Ob2DateTime = z.union([
  z.string().refine((s) => dateOfDateTime(s) !== undefined, { message: "must be an ISO 8601 date-time such as 2024-03-08T00:00:00Z" }),
  z.number().refine((n) => dateOfUnixSeconds(n) !== undefined, { message: "must be a Unix timestamp in seconds" }),
]);

/** A Profile: the issuer. */
export const Ob2Profile = z.looseObject({
  id: z.string().min(1),
  type: LdType.optional(),
  name: z.string().optional(),
  url: z.string().optional(),
  email: z.string().optional(),
});
export type Ob2Profile = z.infer<typeof Ob2Profile>;

/** An AlignmentObject. */
export const Ob2Alignment = z.looseObject({
  targetName: z.string().optional(),
  targetUrl: z.string().optional(),
  targetDescription: z.string().optional(),
  targetFramework: z.string().optional(),
  targetCode: z.string().optional(),
});
export type Ob2Alignment = z.infer<typeof Ob2Alignment>;

/** A BadgeClass: the achievement. */
export const Ob2BadgeClass = z.looseObject({
  id: z.string().min(1),
  type: LdType.refine((t) => hasType(t, ["BadgeClass"]), { message: "must be 'BadgeClass'" }),
  name: z.string().min(1),
  description: z.string().optional(),
  issuer: z.union([z.string().min(1), Ob2Profile]),
  alignment: z.array(Ob2Alignment).optional(),
  tags: z.array(z.string()).optional(),
});
export type Ob2BadgeClass = z.infer<typeof Ob2BadgeClass>;

/** An Assertion: one award of a badge to one recipient. */
export const Ob2Assertion = z.looseObject({
  id: z.string().min(1),
  type: LdType.refine((t) => hasType(t, ["Assertion"]), { message: "must be 'Assertion'" }),
  recipient: z.looseObject({ type: z.string().optional(), identity: z.string().min(1), hashed: z.boolean().optional() }),
  badge: z.union([z.string().min(1), Ob2BadgeClass]),
  issuedOn: Ob2DateTime,
  expires: Ob2DateTime.optional(),
  revoked: z.boolean().optional(),
  revocationReason: z.string().optional(),
});
export type Ob2Assertion = z.infer<typeof Ob2Assertion>;
