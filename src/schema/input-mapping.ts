/**
 * The input mapping: how issuers and achievements of badges (URLs, DIDs) become credstack's issuer
 * ids, achievement ids, kinds, tags and amounts. Written in YAML or JSON by the caller; credstack
 * ships a default directory of the partner states' issuers (src/input/directory.ts).
 */
import { z } from "zod";
import { CredentialKind, CredentialLevel, EarnedAmount } from "./credential.js";
import { Identifier, StateCode, UnitId } from "./primitives.js";

/** One issuer: which issuer ids or URLs it covers, and what credstack calls it. */
export const IssuerMapping = z.strictObject({
  match: z
    .array(z.string().min(1))
    .min(1)
    .meta({ description: "Issuer ids or URLs (an exact id or a prefix with its scheme), or host names (the host or any subdomain)." }),
  id: Identifier.meta({ description: "The issuer id policies match, e.g. digital-promise." }),
  name: z.string().optional(),
  state: StateCode.optional(),
  kind: CredentialKind.optional().meta({ description: "The kind of its credentials when the badge does not say." }),
  credit_unit: UnitId.optional().meta({ description: "The unit of its creditsAvailable / creditsEarned." }),
});
export type IssuerMapping = z.infer<typeof IssuerMapping>;

/** One achievement (badge class): what credstack calls it and what it is worth. */
export const AchievementMapping = z.strictObject({
  match: z.array(z.string().min(1)).min(1).meta({ description: "Achievement or BadgeClass ids (exact)." }),
  achievement: Identifier.optional().meta({ description: "The achievement id policies and catalogs match." }),
  kind: CredentialKind.optional(),
  amount: EarnedAmount.optional().meta({ description: "Credit as earned; Open Badges 2.0 has no credit field." }),
  tags: z.array(z.string().min(1)).optional(),
  approvals: z.array(z.string().min(1)).optional(),
  level: CredentialLevel.optional(),
});
export type AchievementMapping = z.infer<typeof AchievementMapping>;

/** The whole mapping. */
export const InputMapping = z
  .strictObject({
    $schema: z.string().optional(),
    credit_unit: UnitId.optional().meta({ description: "The unit of creditsAvailable / creditsEarned when the issuer has none. Default hour." }),
    issuers: z.array(IssuerMapping).default([]),
    achievements: z.array(AchievementMapping).default([]),
  })
  .meta({ id: "InputMapping", description: "How badge issuers and achievements map to credstack ids, kinds, tags and amounts." });
/** The mapping as written (defaults not yet applied). */
export type InputMappingInput = z.input<typeof InputMapping>;
export type InputMapping = z.output<typeof InputMapping>;
