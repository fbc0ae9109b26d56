/**
 * Merging credentials from several sources (a record, badge files, CSV rows): the same credential
 * counts once. Two credentials are the same when they share an id, or an achievement, issuer and
 * earned date. The first copy is kept; it takes the strictest status (revoked over expired over
 * active) and the earliest expiry of its copies, so a copy can never revive a revoked badge.
 */
import { createIssue, type CredstackIssue } from "../errors/issue.js";
import type { EarnedCredential } from "../schema/credential.js";

/** The result of `mergeCredentials`. */
export interface MergedCredentials {
  /** Each credential once, in the order first seen. */
  readonly credentials: readonly EarnedCredential[];
  /** One `duplicate_credential` issue per copy left out; its path is [source index, credential index]. */
  readonly duplicates: readonly CredstackIssue[];
}

const STATUS_RANK = { active: 0, expired: 1, revoked: 2 } as const;

function describe(c: EarnedCredential): string {
  const from = c.source ? ` (${c.source.format}${c.source.ref !== undefined ? ` ${c.source.ref}` : ""})` : "";
  return `'${c.id}'${from}`;
}

/**
 * Options for `mergeCredentials`.
 *
 * @example
 * mergeCredentials([record.credentials, badges.credentials], { names: ["teacher.yaml", "badges.json"] } satisfies MergeCredentialsOptions)
 */
export interface MergeCredentialsOptions {
  /**
   * The name of each list (a file name), in the same order: a duplicate's message names the file
   * of the copy and of the credential it duplicates, and its position is the copy's file.
   */
  readonly names?: readonly (string | undefined)[] | undefined;
}

/**
 * Merges lists of credentials, dropping duplicates and reporting each one.
 *
 * @example
 * const { credentials, duplicates } = mergeCredentials([record.credentials, badges.credentials], { names: ["teacher.yaml", "badges.json"] });
 * duplicates[0].message
 * //=> "Credential 'urn:uuid:…' (ob3 …) in badges.json duplicates 'cred-02' in teacher.yaml (same achievement, issuer and date); it counts once."
 */
export function mergeCredentials(sources: readonly (readonly EarnedCredential[])[], options: MergeCredentialsOptions = {}): MergedCredentials {
  const names = options.names ?? [];
  const from = new Map<number, number>(); // kept index -> its source index
  const kept: EarnedCredential[] = [];
  const byId = new Map<string, number>();
  const byKey = new Map<string, number>();
  const duplicates: CredstackIssue[] = [];
  sources.forEach((list, s) => {
    list.forEach((c, i) => {
      const key = c.achievement === undefined ? undefined : `${c.achievement}\u0000${c.issuer.id}\u0000${c.earned}`;
      const sameId = byId.get(c.id);
      const sameKey = key === undefined ? undefined : byKey.get(key);
      const at = sameId ?? sameKey;
      if (at === undefined) {
        byId.set(c.id, kept.length);
        if (key !== undefined) byKey.set(key, kept.length);
        from.set(kept.length, s);
        kept.push(c);
        return;
      }
      const first = kept[at]!;
      const why = sameId !== undefined ? "same id" : "same achievement, issuer and date";
      const name = names[s];
      const firstName = names[from.get(at)!];
      const where = (n: string | undefined) => (n !== undefined ? ` in ${n}` : "");
      duplicates.push(
        createIssue("duplicate_credential", `Credential ${describe(c)}${where(name)} duplicates ${describe(first)}${where(firstName)} (${why}); it counts once.`, [s, i], {
          ...(name !== undefined ? { position: { file: name, line: 1, column: 1 } } : {}),
        }),
      );
      const status = STATUS_RANK[c.status ?? "active"] > STATUS_RANK[first.status ?? "active"] ? c.status : first.status;
      const expires = c.expires !== undefined && (first.expires === undefined || c.expires < first.expires) ? c.expires : first.expires;
      if (status !== first.status || expires !== first.expires) {
        kept[at] = { ...first, ...(status !== undefined ? { status } : {}), ...(expires !== undefined ? { expires } : {}) };
      }
    });
  });
  return { credentials: kept, duplicates };
}
