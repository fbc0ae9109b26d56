/**
 * Turning what a badge says (issuer, achievement, dates, credits, alignments) into one earned
 * credential, the same way for Open Badges 2.0, 3.0 and CLR 2.0.
 */
import type { CredentialKind, EarnedCredential } from "../schema/credential.js";
import type { InputMapping } from "../schema/input-mapping.js";
import { toIdentifier } from "./identifier.js";
import { resolveAchievement, resolveIssuer, type IssuerRef } from "./mapping.js";
import type { BadgeFormat } from "./types.js";

/** Open Badges 3.0 achievement types and the credential kind each becomes. */
export const ACHIEVEMENT_TYPE_KINDS: Readonly<Record<string, CredentialKind>> = {
  MicroCredential: "micro_credential",
  Badge: "micro_credential",
  Competency: "micro_credential",
  Course: "course",
  Certificate: "certification",
  Certification: "certification",
  CertificateOfCompletion: "course",
  License: "certification",
  Assignment: "project",
  Fieldwork: "project",
  CommunityService: "project",
  CoCurricular: "other",
  Award: "other",
  Assessment: "other",
};

/**
 * The tag an Open Badges 3.0 `fieldOfStudy` becomes: `field-of-study:` and the field in lower
 * case, each run of other characters than letters and digits a '-'. Policies match it like any
 * tag (e.g. `tags: field-of-study:computer-science`).
 *
 * @example
 * fieldOfStudyTag("Computer Science") //=> "field-of-study:computer-science"
 * fieldOfStudyTag("  English / Language Arts ") //=> "field-of-study:english-language-arts"
 */
export function fieldOfStudyTag(field: string): string | undefined {
  const slug = field
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "-")
    .replace(/^-+|-+$/g, "");
  return slug === "" ? undefined : `field-of-study:${slug}`;
}

/** What one badge says, in neutral terms. */
export interface BadgeFacts {
  readonly format: BadgeFormat;
  /** The credential's (assertion's) own id, when it has one. */
  readonly id: string | undefined;
  readonly title: string;
  readonly issuer: IssuerRef;
  readonly achievementId: string;
  readonly humanCode?: string | undefined;
  readonly achievementType?: string | undefined;
  /** Tags and alignment codes, in document order. */
  readonly tags: readonly string[];
  readonly credits?: number | undefined;
  readonly earned: string;
  readonly expires?: string | undefined;
  readonly status?: "active" | "revoked" | "expired" | undefined;
  /** Where in the document, for `source.ref`. */
  readonly ref: string;
}

/**
 * Builds the earned credential for a badge. The kind is the mapping's, else the issuer's default,
 * else the achievement type's, else `micro_credential`; the amount is the mapping's, else the
 * credits earned (or available) in the issuer's credit unit, the mapping's, or contact hours.
 *
 * @example
 * credentialFromBadge({ format: "ob3", id: "urn:uuid:1", title: "Algorithms", issuer: { id: "https://edu.wyoming.gov" },
 *   achievementId: "https://edu.wyoming.gov/mc/1", humanCode: "wde-cs-algorithms-elementary", tags: [], earned: "2024-03-08", ref: "[0]" }, mapping)
 * //=> { id: "urn:uuid:1", title: "Algorithms", issuer: { id: "wde", ... }, kind: "micro_credential", achievement: "wde-cs-algorithms-elementary", ... }
 */
export function credentialFromBadge(facts: BadgeFacts, mapping: InputMapping): EarnedCredential {
  const { issuer, kind: issuerKind, creditUnit, earnedIn: issuerEarnedIn } = resolveIssuer(facts.issuer, mapping);
  const { achievement, entry } = resolveAchievement(facts.achievementId, facts.humanCode, mapping);
  const typeKind = facts.achievementType === undefined ? undefined : (ACHIEVEMENT_TYPE_KINDS[facts.achievementType] ?? "other");
  const kind: CredentialKind = entry?.kind ?? issuerKind ?? typeKind ?? "micro_credential";
  const tags = [...new Set([...facts.tags.map((t) => t.trim()).filter((t) => t !== ""), ...(entry?.tags ?? [])])];
  const amount =
    entry?.amount ?? (facts.credits !== undefined ? { value: facts.credits, unit: creditUnit ?? mapping.credit_unit ?? "hour" } : undefined);
  const id = facts.id !== undefined ? toIdentifier(facts.id) : `${achievement}@${facts.earned}`;
  const earnedIn = entry?.earned_in ?? issuerEarnedIn ?? mapping.earned_in;
  return {
    id,
    title: facts.title,
    issuer,
    kind,
    achievement,
    ...(tags.length > 0 ? { tags } : {}),
    ...(amount !== undefined ? { amount } : {}),
    earned: facts.earned,
    ...(facts.expires !== undefined ? { expires: facts.expires } : {}),
    ...(facts.status !== undefined && facts.status !== "active" ? { status: facts.status } : {}),
    ...(entry?.level !== undefined ? { level: entry.level } : {}),
    ...(entry?.approvals !== undefined ? { approvals: [...entry.approvals] } : {}),
    ...(earnedIn !== undefined ? { earned_in: earnedIn } : {}),
    source: { format: facts.format, ref: facts.ref },
  };
}
