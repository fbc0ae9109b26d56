/**
 * Open Badges 2.0: Assertions with their BadgeClass and issuer Profile, embedded or named by id
 * within the same document (a single assertion, a list of objects, or an `@graph`). Open Badges
 * 2.0 has no credit field: the amount comes from the mapping, or the policy values the
 * achievement from its catalog.
 */
import { dateOfDateTime, dateOfUnixSeconds } from "../dates/index.js";
import { createIssue, formatPath } from "../errors/issue.js";
import { Ob2Assertion, Ob2BadgeClass, Ob2Profile, type Ob2BadgeClass as BadgeClass } from "../schema/ob2.js";
import { hasType } from "../schema/open-badges.js";
import { credentialFromBadge } from "./badge.js";
import { finishCollector, itemIssues, positionAt, startCollector, type Collector } from "./ob3.js";
import type { AdapterOptions, CredentialsInput } from "./types.js";

type Path = readonly (string | number)[];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function dateOf(value: string | number): string {
  return (typeof value === "number" ? dateOfUnixSeconds(value) : dateOfDateTime(value))!;
}

/** The top-level objects of the document, each with its path. */
function topLevel(data: unknown): { item: unknown; path: Path }[] {
  if (Array.isArray(data)) return data.map((item, i) => ({ item, path: [i] }));
  if (isObject(data) && Array.isArray(data["@graph"])) return data["@graph"].map((item, i) => ({ item, path: ["@graph", i] }));
  return [{ item: data, path: [] }];
}

function resolveById<T>(
  value: string | T,
  index: ReadonlyMap<string, { item: unknown; path: Path }>,
  schema: { safeParse: (v: unknown) => { success: true; data: T } | { success: false; error: import("zod").ZodError } },
  zodSchema: import("zod").ZodType,
  what: string,
  at: Path,
  c: Collector,
): T | undefined {
  if (typeof value !== "string") return value;
  const found = index.get(value);
  if (!found) {
    c.rejected.push(
      createIssue("badge_reference_missing", `The ${what} '${value}' is not in the document.`, at, {
        position: positionAt(c, at, true),
      }),
    );
    return undefined;
  }
  const parsed = schema.safeParse(found.item);
  if (!parsed.success) {
    c.rejected.push(...itemIssues(parsed.error, zodSchema, found.item, found.path, c, true));
    return undefined;
  }
  return parsed.data;
}

/**
 * Reads Open Badges 2.0 assertions. Never throws for bad data: each assertion that cannot be used
 * (malformed, or naming a badge class or issuer the document does not hold) is in `rejected`
 * with its path and the reason.
 *
 * @example
 * const read = readOb2([assertion, badgeClass, issuer], { source: "bloomboard.json" });
 * read.credentials[0].issuer.id //=> "bloomboard"
 */
export function readOb2(data: unknown, options: AdapterOptions = {}): CredentialsInput {
  const c = startCollector("ob2", options);
  const objects = topLevel(data);
  const index = new Map<string, { item: unknown; path: Path }>();
  for (const o of objects) {
    if (isObject(o.item) && typeof o.item["id"] === "string" && !hasType(o.item["type"], ["Assertion"])) index.set(o.item["id"], o);
  }
  const assertions = objects.filter((o) => isObject(o.item) && (hasType(o.item["type"], ["Assertion"]) || (objects.length === 1 && "badge" in o.item)));
  if (assertions.length === 0) {
    c.rejected.push(createIssue("badge_invalid", "The document holds no Open Badges 2.0 Assertion.", [], { position: positionAt(c, [], true) }));
    return finishCollector(c);
  }
  for (const { item, path } of assertions) {
    const parsed = Ob2Assertion.safeParse(item);
    if (!parsed.success) {
      c.rejected.push(...itemIssues(parsed.error, Ob2Assertion, item, path, c, true));
      continue;
    }
    const assertion = parsed.data;
    const badge: BadgeClass | undefined = resolveById(assertion.badge, index, Ob2BadgeClass, Ob2BadgeClass, "badge class", [...path, "badge"], c);
    if (!badge) continue;
    const issuerAt = typeof assertion.badge === "string" ? [...(index.get(assertion.badge)?.path ?? []), "issuer"] : [...path, "badge", "issuer"];
    const issuer = resolveById(badge.issuer, index, Ob2Profile, Ob2Profile, "issuer", issuerAt, c);
    if (!issuer) continue;
    const credential = credentialFromBadge(
      {
        format: "ob2",
        id: assertion.id,
        title: badge.name,
        issuer: { id: issuer.id, name: issuer.name, url: issuer.url },
        achievementId: badge.id,
        tags: [...(badge.tags ?? []), ...(badge.alignment ?? []).flatMap((a) => (a.targetCode !== undefined ? [a.targetCode] : []))],
        earned: dateOf(assertion.issuedOn),
        expires: assertion.expires === undefined ? undefined : dateOf(assertion.expires),
        status: assertion.revoked === true ? "revoked" : undefined,
        ref: assertion.id ?? formatPath(path),
      },
      c.mapping,
    );
    c.credentials.push(credential);
    c.proofs.push({ credential: credential.id, path, data: item });
  }
  return finishCollector(c);
}
