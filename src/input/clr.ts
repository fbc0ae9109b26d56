/**
 * CLR 2.0: a ClrCredential holding a learner's credentials (each an Open Badges 3.0
 * AchievementCredential, as an object or a VC-JWT) with achievements and associations. Each
 * credential is read as Open Badges 3.0; an association that makes an achievement part of another
 * (isChildOf, isPartOf, or isParentOf the other way round) adds the tag `part-of:<achievement>`.
 */
import { ClrCredential } from "../schema/open-badges.js";
import { resolveAchievement } from "./mapping.js";
import { collectOb3Item, finishCollector, itemIssues, startCollector } from "./ob3.js";
import type { AdapterOptions, CredentialsInput } from "./types.js";

/**
 * Reads a CLR 2.0 ClrCredential. Never throws for bad data: a malformed container rejects the
 * document; a malformed credential inside rejects only itself.
 *
 * @example
 * const read = readClr(JSON.parse(text), { source: "transcript.json" });
 * read.credentials.map((c) => c.achievement) //=> ["wde-cs-algorithms-secondary", ...]
 */
export function readClr(data: unknown, options: AdapterOptions = {}): CredentialsInput {
  const c = startCollector("clr", options);
  const parsed = ClrCredential.safeParse(data);
  if (!parsed.success) {
    c.rejected.push(...itemIssues(parsed.error, ClrCredential, data, [], c, true));
    return finishCollector(c);
  }
  const subject = parsed.data.credentialSubject;
  const codes = new Map((subject.achievement ?? []).map((a) => [a.id, a.humanCode] as const));
  const parents = new Map<string, Set<string>>();
  const addParent = (child: string, parent: string) => {
    const set = parents.get(child) ?? new Set<string>();
    set.add(parent);
    parents.set(child, set);
  };
  for (const a of subject.association ?? []) {
    if (a.associationType === "isChildOf" || a.associationType === "isPartOf") addParent(a.sourceId, a.targetId);
    else if (a.associationType === "isParentOf") addParent(a.targetId, a.sourceId);
  }
  const extraTags = (achievementId: string) =>
    [...(parents.get(achievementId) ?? [])].map((parent) => `part-of:${resolveAchievement(parent, codes.get(parent), c.mapping).achievement}`);
  subject.verifiableCredential.forEach((item, i) => collectOb3Item(item, ["credentialSubject", "verifiableCredential", i], c, extraTags));
  return finishCollector(c);
}
