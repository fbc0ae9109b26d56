/**
 * Catalog items as earned credentials, and credentials as the policy sees them (the subjects the
 * planner's bound matches), rebuilt from a report: no second recognition pass.
 */
import type { CompiledPolicy } from "../policy/compile.js";
import { toRational, ZERO } from "../quantity/rational.js";
import type { Catalog, CatalogItem } from "../schema/catalog.js";
import type { EarnedCredential } from "../schema/credential.js";
import type { CredentialResult } from "../schema/report.js";
import type { Subject } from "./relax.js";

/** A catalog item with the catalog it belongs to. */
export interface Offer {
  readonly catalog: string;
  readonly item: CatalogItem;
}

/** The items of one or more catalogs, in catalog then item order. */
export function offersOf(catalogs: readonly Catalog[]): Offer[] {
  return catalogs.flatMap((c) => c.items.map((item) => ({ catalog: c.id, item })));
}

/** The id a catalog item carries when added to a record: `<catalog>:<item>`. */
export function offerCredentialId(offer: Offer): string {
  return `${offer.catalog}:${offer.item.id}`;
}

/**
 * The credential an educator would hold after earning a catalog item on a date.
 *
 * @example
 * offerCredential({ catalog: "wy-wde-cs", item }, "2026-11-24").id //=> "wy-wde-cs:wde-cs-variables-secondary"
 */
export function offerCredential(offer: Offer, earned: string): EarnedCredential {
  const i = offer.item;
  return {
    id: offerCredentialId(offer),
    title: i.title,
    issuer: i.issuer,
    kind: i.kind,
    ...(i.achievement !== undefined ? { achievement: i.achievement } : {}),
    ...(i.tags !== undefined ? { tags: i.tags } : {}),
    ...(i.amount !== undefined ? { amount: i.amount } : {}),
    earned,
    ...(i.level !== undefined ? { level: i.level } : {}),
    ...(i.approvals !== undefined ? { approvals: i.approvals } : {}),
    ...(i.earned_in !== undefined ? { earned_in: i.earned_in } : {}),
    source: { format: "manual", ref: `catalog ${offer.catalog}, item ${i.id}` },
  };
}

/**
 * A credential as the policy recognized it in a report: its tags after recognition (its own, the
 * rule's, the policy catalog's) and its value. Undefined when the policy did not recognize it.
 */
export function subjectOf(credential: EarnedCredential, result: CredentialResult | undefined, policy: CompiledPolicy, asOf: string): Subject | undefined {
  if (!result || result.recognizedBy === undefined || !result.value) return undefined;
  const rule = policy.recognition.find((r) => r.id === result.recognizedBy);
  if (!rule) return undefined;
  const tags = new Set([...(credential.tags ?? []), ...rule.tags]);
  if (rule.value === "catalog" && credential.achievement !== undefined) policy.catalog.get(credential.achievement)?.tags.forEach((t) => tags.add(t));
  const countOnly = rule.value === "count";
  return { credential, tags: [...tags], value: countOnly ? ZERO : toRational(result.value.amount), asOf, countOnly };
}

/** What makes two credentials evaluate alike: everything but their id, title and source. */
export function evaluationSignature(c: EarnedCredential): string {
  const sorted = (xs: readonly string[] | undefined) => (xs === undefined ? null : [...xs].sort());
  return JSON.stringify([
    c.issuer.id,
    c.issuer.state ?? null,
    c.kind,
    c.achievement ?? null,
    sorted(c.tags),
    c.amount ? [String(c.amount.value), c.amount.unit] : null,
    c.earned,
    c.expires ?? null,
    c.status ?? null,
    c.level ?? null,
    sorted(c.approvals),
    c.earned_in ?? null,
  ]);
}

/** The key under which a policy counts two credentials once (same achievement, issuer and date). */
export function duplicateKey(c: EarnedCredential): string | undefined {
  return c.achievement === undefined ? undefined : `${c.achievement}\u0000${c.issuer.id}\u0000${c.earned}`;
}
