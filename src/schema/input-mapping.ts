/**
 * The input mapping: how issuers and achievements of badges (URLs, DIDs) become credstack's issuer
 * ids, achievement ids, kinds, tags and amounts. Written in YAML or JSON by the caller; credstack
 * ships a default directory of the partner states' issuers (src/input/directory.ts).
 */
import { z } from "zod";
import { CredentialKind, CredentialLevel, EarnedAmount } from "./credential.js";
import { Identifier, StateCode, UnitId } from "./primitives.js";

/**
 * One issuer: which issuer ids or URLs it covers, and what credstack calls it.
 *
 * @example
 * IssuerMapping.parse({ match: ["greenville.k12.sc.us"], id: "greenville-county", state: "SC" }).id //=> "greenville-county"
 */
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
  earned_in: StateCode.optional().meta({
    description: "The state its credentials were earned in (their origin for portability rules), e.g. for a national issuer whose badges this caller's educators earned in one state.",
  }),
});
/** An issuer entry of the input mapping. */
export type IssuerMapping = z.infer<typeof IssuerMapping>;

/**
 * One achievement (badge class): what credstack calls it and what it is worth.
 *
 * @example
 * AchievementMapping.parse({ match: ["https://www.nea.org/badges/classes/building-family-partnerships"], amount: { value: 5, unit: "hour" }, earned_in: "NC" }).earned_in
 * //=> "NC"
 */
export const AchievementMapping = z.strictObject({
  match: z.array(z.string().min(1)).min(1).meta({ description: "Achievement or BadgeClass ids (exact)." }),
  achievement: Identifier.optional().meta({ description: "The achievement id policies and catalogs match." }),
  kind: CredentialKind.optional(),
  amount: EarnedAmount.optional().meta({ description: "Credit as earned; Open Badges 2.0 has no credit field." }),
  tags: z.array(z.string().min(1)).optional(),
  approvals: z.array(z.string().min(1)).optional(),
  level: CredentialLevel.optional(),
  earned_in: StateCode.optional().meta({ description: "The state credentials of this achievement were earned in (their origin for portability rules)." }),
});
/** An achievement entry of the input mapping. */
export type AchievementMapping = z.infer<typeof AchievementMapping>;

/**
 * The whole input mapping (docs/inputs.md#the-input-mapping), as a zod schema: how badge issuers
 * and achievements map to credstack ids, kinds, tags, amounts, approvals and the state they were
 * earned in. `issuers` and `achievements` default to empty lists.
 *
 * @example
 * const mapping = InputMapping.parse({ earned_in: "AR", achievements: [{ match: ["https://example.org/a/1"], approvals: ["mpos-qas"] }] });
 * mapping.issuers //=> []
 * InputMapping.safeParse({ issuers: [{ match: [], id: "x" }] }).success //=> false
 */
export const InputMapping = z
  .strictObject({
    $schema: z.string().optional(),
    credit_unit: UnitId.optional().meta({ description: "The unit of creditsAvailable / creditsEarned when the issuer has none. Default hour." }),
    earned_in: StateCode.optional().meta({
      description: "The state every credential read with this mapping was earned in, unless its achievement or issuer entry says otherwise.",
    }),
    issuers: z.array(IssuerMapping).default([]),
    achievements: z.array(AchievementMapping).default([]),
  })
  .meta({ id: "InputMapping", description: "How badge issuers and achievements map to credstack ids, kinds, tags and amounts." });
/**
 * The mapping as written (defaults not yet applied), e.g. parsed from YAML.
 *
 * @example
 * const written: InputMappingInput = { achievements: [{ match: ["https://example.org/a/1"], tags: ["subject"] }] };
 */
export type InputMappingInput = z.input<typeof InputMapping>;
/** The mapping with defaults applied (what `parseInputMapping` gives). */
export type InputMapping = z.output<typeof InputMapping>;
