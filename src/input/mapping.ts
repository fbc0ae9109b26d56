/**
 * Applying an input mapping: which credstack issuer an issuer URL is, which achievement id a badge
 * class is, and the kind, tags and amount that follow. The caller's mapping comes first, then the
 * built-in directory, then identifiers derived from the badge's own ids.
 */
import { EvaluationError } from "../errors/errors.js";
import { issuesFromZod } from "../errors/zod.js";
import type { CredentialKind, Issuer } from "../schema/credential.js";
import { InputMapping, type AchievementMapping, type InputMappingInput, type IssuerMapping } from "../schema/input-mapping.js";
import { BUILTIN_ISSUERS } from "./directory.js";
import { hostOf, isIdentifier, toIdentifier } from "./identifier.js";
import { stateCodeOf } from "./regions.js";

const parsed = new WeakMap<object, InputMapping>();
const EMPTY: InputMapping = { issuers: [], achievements: [] };

/**
 * Validates a mapping (once per object: the result is remembered).
 *
 * @throws EvaluationError (`invalid_option`) listing every problem in the mapping.
 * @example
 * parseInputMapping({ issuers: [{ match: ["example.org"], id: "example" }] }).achievements //=> []
 */
export function parseInputMapping(mapping: InputMappingInput | undefined): InputMapping {
  if (mapping === undefined) return EMPTY;
  const known = parsed.get(mapping);
  if (known) return known;
  const result = InputMapping.safeParse(mapping);
  if (!result.success) {
    const issues = issuesFromZod(result.error, { schemaKind: "mapping", schema: InputMapping, input: mapping, codeFor: () => "invalid_option" });
    throw new EvaluationError(issues as [(typeof issues)[number], ...typeof issues]);
  }
  parsed.set(mapping, result.data);
  return result.data;
}

function matchesIssuer(entry: IssuerMapping, refs: readonly string[]): boolean {
  return entry.match.some((m) => {
    if (m.includes(":")) return refs.some((r) => r === m || r.startsWith(m));
    const host = m.toLowerCase();
    return refs.some((r) => {
      const h = hostOf(r);
      return h !== undefined && (h === host || h.endsWith(`.${host}`));
    });
  });
}

/** An issuer as a badge names it. */
export interface IssuerRef {
  readonly id: string;
  readonly name?: string | undefined;
  readonly url?: string | undefined;
  /** The profile's address region, used as the state when it is a US state's code or name ("NC", "North Carolina"). */
  readonly region?: string | undefined;
}

/** The issuer credstack records, with the defaults its mapping gives. */
export interface ResolvedIssuer {
  readonly issuer: Issuer;
  readonly kind: CredentialKind | undefined;
  readonly creditUnit: string | undefined;
  /** The state its credentials were earned in, when the caller's mapping entry says so. */
  readonly earnedIn?: string | undefined;
}

/**
 * Resolves a badge's issuer: the caller's mapping, then the built-in directory (by issuer id, URL
 * prefix or host), else an identifier made of the issuer's host or id.
 *
 * @example
 * resolveIssuer({ id: "https://edu.wyoming.gov/issuer" }, parseInputMapping(undefined)).issuer
 * //=> { id: "wde", name: "Wyoming Department of Education", state: "WY" }
 */
export function resolveIssuer(ref: IssuerRef, mapping: InputMapping): ResolvedIssuer {
  const refs = [ref.id, ...(ref.url !== undefined ? [ref.url] : [])];
  const entry = mapping.issuers.find((e) => matchesIssuer(e, refs)) ?? BUILTIN_ISSUERS.find((e) => matchesIssuer(e, refs));
  const region = ref.region !== undefined ? stateCodeOf(ref.region) : undefined;
  if (entry) {
    const name = entry.name ?? ref.name;
    const state = entry.state ?? region;
    return {
      issuer: { id: entry.id, ...(name !== undefined ? { name } : {}), ...(state !== undefined ? { state } : {}) },
      kind: entry.kind,
      creditUnit: entry.credit_unit,
      earnedIn: entry.earned_in,
    };
  }
  const id = isIdentifier(ref.id) ? ref.id : toIdentifier(hostOf(ref.id) ?? ref.id);
  return {
    issuer: { id, ...(ref.name !== undefined ? { name: ref.name } : {}), ...(region !== undefined ? { state: region } : {}) },
    kind: undefined,
    creditUnit: undefined,
  };
}

/** The achievement credstack records, with its mapping entry when there is one. */
export interface ResolvedAchievement {
  readonly achievement: string;
  readonly entry: AchievementMapping | undefined;
}

/**
 * Resolves an achievement (badge class) id: the mapping's `achievement`, else the badge's
 * `humanCode` when it is an identifier, else an identifier made of the achievement's id.
 *
 * @example
 * resolveAchievement("https://edu.wyoming.gov/mc/17", "wde-cs-algorithms-elementary", parseInputMapping(undefined)).achievement
 * //=> "wde-cs-algorithms-elementary"
 */
export function resolveAchievement(id: string, humanCode: string | undefined, mapping: InputMapping): ResolvedAchievement {
  const entry = mapping.achievements.find((e) => e.match.includes(id));
  const achievement = entry?.achievement ?? (humanCode !== undefined && isIdentifier(humanCode) ? humanCode : toIdentifier(id));
  return { achievement, entry };
}
