/**
 * Open Badges 3.0: one credential, a list of them, a Verifiable Presentation holding them, or
 * VC-JWT compact strings, turned into earned credentials. Pure: nothing is fetched, verified or
 * thrown; every rejected item is an issue with its path.
 */
import { dateOfDateTime } from "../dates/index.js";
import { createIssue, formatPath, type CredstackIssue } from "../errors/issue.js";
import { issuesFromZod } from "../errors/zod.js";
import type { EarnedCredential } from "../schema/credential.js";
import type { InputMapping } from "../schema/input-mapping.js";
import { Ob3Credential, hasType } from "../schema/open-badges.js";
import type { Locator } from "../yaml/read.js";
import { credentialFromBadge, fieldOfStudyTag } from "./badge.js";
import { decodeVcJwt } from "./jwt.js";
import { parseInputMapping } from "./mapping.js";
import type { AdapterOptions, BadgeFormat, CredentialProof, CredentialsInput, StatusResolver } from "./types.js";

type Path = readonly (string | number)[];

/** Result statuses (Open Badges 3.0 ResultStatusType) that mean the achievement was not awarded. */
export const NOT_AWARDED_STATUSES = ["Failed", "Withdrew", "InProgress", "Enrolled", "OnHold"] as const;

/** The collector the adapters share: accepted credentials, rejections, warnings and proofs. */
export interface Collector {
  readonly format: BadgeFormat;
  readonly mapping: InputMapping;
  readonly locate: Locator | undefined;
  readonly source: string | undefined;
  readonly status: StatusResolver | undefined;
  readonly credentials: EarnedCredential[];
  readonly rejected: CredstackIssue[];
  readonly warnings: CredstackIssue[];
  readonly proofs: CredentialProof[];
}

/** Starts a collector for one document. */
export function startCollector(format: BadgeFormat, options: AdapterOptions): Collector {
  return {
    format,
    mapping: parseInputMapping(options.mapping),
    locate: options.locate,
    source: options.source,
    status: options.status,
    credentials: [],
    rejected: [],
    warnings: [],
    proofs: [],
  };
}

/** The collector's result. */
export function finishCollector(c: Collector): CredentialsInput {
  return { format: c.format, credentials: c.credentials, rejected: c.rejected, warnings: c.warnings, proofs: c.proofs };
}

/** Where a path is, for issues: in the text when there is one, else just the file. */
export function positionAt(c: Collector, path: Path, located: boolean): { file?: string; line: number; column: number } | undefined {
  const at = located ? c.locate?.(path) : undefined;
  if (at) return at;
  return c.source !== undefined ? { file: c.source, line: 1, column: 1 } : undefined;
}

/** Validation issues of one item, with the item's path in front and positions in the text. */
export function itemIssues(error: import("zod").ZodError, schema: import("zod").ZodType, item: unknown, path: Path, c: Collector, located: boolean): CredstackIssue[] {
  const locate: Locator | undefined = located && c.locate ? (p, part) => c.locate!([...path, ...p], part) : undefined;
  return issuesFromZod(error, { schemaKind: "badge", schema, input: item, locate, codeFor: () => "badge_invalid" }).map((issue) => ({
    ...issue,
    path: [...path, ...issue.path],
    ...(issue.position === undefined && c.source !== undefined ? { position: { file: c.source, line: 1, column: 1 } } : {}),
  }));
}

function fieldTags(field: string | undefined): string[] {
  const tag = field === undefined ? undefined : fieldOfStudyTag(field);
  return tag === undefined ? [] : [tag];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Reads one Open Badges 3.0 credential (an object or a VC-JWT string) at `path` into the collector.
 * Extra tags (e.g. from CLR associations) can be added by `extraTags`.
 */
export function collectOb3Item(item: unknown, path: Path, c: Collector, extraTags: (achievementId: string) => readonly string[] = () => []): void {
  let data = item;
  let jwt: string | undefined;
  if (typeof item === "string") {
    const decoded = decodeVcJwt(item);
    if (!decoded.ok) {
      c.rejected.push(createIssue("jwt_invalid", `The VC-JWT at ${formatPath(path)} cannot be decoded: ${decoded.reason}.`, path, { position: positionAt(c, path, true) }));
      return;
    }
    data = decoded.credential;
    jwt = item.trim();
  }
  const located = jwt === undefined;
  const parsed = Ob3Credential.safeParse(data);
  if (!parsed.success) {
    c.rejected.push(...itemIssues(parsed.error, Ob3Credential, data, path, c, located));
    return;
  }
  const vc = parsed.data;
  const subject = vc.credentialSubject;
  const achievement = subject.achievement;
  const notAwarded = (subject.result ?? []).find((r) => r.status !== undefined && (NOT_AWARDED_STATUSES as readonly string[]).includes(r.status));
  if (notAwarded) {
    const at = [...path, "credentialSubject", "result"];
    c.rejected.push(
      createIssue("badge_not_awarded", `'${achievement.name}' has the result status '${notAwarded.status}': it was not awarded.`, at, {
        position: positionAt(c, at, located),
      }),
    );
    return;
  }
  const issuer = typeof vc.issuer === "string" ? { id: vc.issuer } : vc.issuer;
  const earned = dateOfDateTime(vc.awardedDate ?? vc.validFrom ?? vc.issuanceDate!)!;
  const until = vc.validUntil ?? vc.expirationDate;
  const tags = [
    ...(achievement.tag ?? []),
    ...(achievement.alignment ?? []).flatMap((a) => (a.targetCode !== undefined ? [a.targetCode] : [])),
    ...fieldTags(achievement.fieldOfStudy),
    ...extraTags(achievement.id),
  ];
  const statusEntries = vc.credentialStatus === undefined ? [] : Array.isArray(vc.credentialStatus) ? vc.credentialStatus : [vc.credentialStatus];
  const credential = credentialFromBadge(
    {
      format: c.format,
      id: vc.id,
      title: achievement.name,
      issuer: {
        id: issuer.id,
        name: "name" in issuer ? issuer.name : undefined,
        url: "url" in issuer ? issuer.url : undefined,
        region: "address" in issuer ? issuer.address?.addressRegion : undefined,
      },
      achievementId: achievement.id,
      humanCode: achievement.humanCode,
      achievementType: achievement.achievementType,
      tags,
      credits: subject.creditsEarned ?? achievement.creditsAvailable,
      earned,
      expires: until === undefined ? undefined : dateOfDateTime(until),
      ref: vc.id ?? formatPath(path),
    },
    c.mapping,
  );
  let final = credential;
  if (statusEntries.length > 0) {
    const resolved = c.status?.({ credential: credential.id, status: statusEntries });
    if (resolved === undefined) {
      const at = [...path, "credentialStatus"];
      c.warnings.push(
        createIssue(
          "credential_status_unchecked",
          `'${achievement.name}' (${credential.id}) names a status list of type '${statusEntries[0]!.type}' that was not checked.`,
          at,
          { position: positionAt(c, at, located) },
        ),
      );
    } else if (resolved !== "active") {
      final = { ...credential, status: resolved };
    }
  }
  c.credentials.push(final);
  c.proofs.push({ credential: final.id, path, ...(jwt !== undefined ? { jwt } : {}), data });
}

/**
 * Reads Open Badges 3.0 credentials: a single credential, a list of credentials or VC-JWT strings,
 * a Verifiable Presentation (its `verifiableCredential`), or one VC-JWT string. Never throws for
 * bad data: every item that cannot be used is in `rejected` with its path and the reason.
 *
 * @example
 * const read = readOb3(JSON.parse(text), { source: "badges.json" });
 * read.credentials[0].achievement //=> "wde-cs-algorithms-elementary"
 * read.rejected //=> []
 */
export function readOb3(data: unknown, options: AdapterOptions = {}): CredentialsInput {
  const c = startCollector("ob3", options);
  if (Array.isArray(data)) data.forEach((item, i) => collectOb3Item(item, [i], c));
  else if (isObject(data) && hasType(data["type"], ["VerifiablePresentation"])) {
    const list = data["verifiableCredential"];
    const items = Array.isArray(list) ? list : list === undefined ? [] : [list];
    if (items.length === 0) {
      c.rejected.push(createIssue("badge_invalid", "The presentation holds no verifiableCredential.", ["verifiableCredential"], { position: positionAt(c, [], true) }));
    }
    items.forEach((item, i) => collectOb3Item(item, Array.isArray(list) ? ["verifiableCredential", i] : ["verifiableCredential"], c));
  } else collectOb3Item(data, [], c);
  return finishCollector(c);
}
