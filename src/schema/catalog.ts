/**
 * A catalog of credentials an educator could still earn (a state's micro-credential offerings, a
 * district's approved workshops): what the planner chooses from. One YAML or JSON file.
 */
import { z } from "zod";
import { CredentialKind, CredentialLevel, EarnedAmount, Issuer } from "./credential.js";
import { Assumption, Source, SourceRef } from "./policy.js";
import { Amount, Identifier, StateCode } from "./primitives.js";

/** One credential on offer: the fields an earned credential would carry, plus its effort and price. */
export const CatalogItem = z
  .strictObject({
    id: Identifier.meta({ description: "Unique in the catalog; the planner names items by it." }),
    title: z.string().min(1),
    issuer: Issuer,
    kind: CredentialKind,
    achievement: Identifier.optional().meta({ description: "The achievement (badge class) earning it gives, as policies name it." }),
    tags: z.array(z.string().min(1)).optional().meta({ description: "Competencies, alignments and categories, as on an earned credential." }),
    amount: EarnedAmount.optional().meta({ description: "Credit as it would be earned, in its own unit (for policies that convert amounts)." }),
    level: CredentialLevel.optional(),
    approvals: z.array(z.string().min(1)).optional(),
    earned_in: StateCode.optional(),
    hours: Amount.optional().meta({ description: "The work it takes to earn, in hours: the planner's second criterion. Unknown when absent." }),
    cost: Amount.optional().meta({ description: "What it costs the educator, in US dollars: the planner's third criterion. Unknown when absent." }),
    source: SourceRef.optional().meta({ description: "The sources its values (amount, hours, cost) cite." }),
    assumption: Identifier.optional().meta({ description: "The assumption its values rest on." }),
  })
  .meta({ id: "CatalogItem", description: "A credential on offer: what earning it would add to a record, and what it takes." });
export type CatalogItem = z.infer<typeof CatalogItem>;

/** A catalog file. */
export const Catalog = z
  .strictObject({
    $schema: z.string().optional(),
    credstack: z.literal(1).meta({ description: "The format version: 1." }),
    id: Identifier,
    title: z.string().min(1),
    description: z.string().optional(),
    state: StateCode.optional().meta({ description: "The state whose offerings these are; the CLI's default catalog for --state." }),
    sources: z.array(Source).min(1),
    assumptions: z.array(Assumption).optional(),
    items: z.array(CatalogItem).min(1),
  })
  .meta({ id: "Catalog", title: "credstack catalog", description: "Credentials an educator could still earn, for the planner." });
/** A catalog as written (before defaults are applied): what `parseCatalog` accepts. */
export type CatalogInput = z.input<typeof Catalog>;
export type Catalog = z.output<typeof Catalog>;
