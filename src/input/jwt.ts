/**
 * Decoding a VC-JWT (a compact JWS whose payload is a credential) without verifying it:
 * verification is a separate step (`verifyCredentials`). Pure and browser-safe (atob, TextDecoder).
 */
import { dateOfUnixSeconds } from "../dates/index.js";

const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/**
 * Tells whether a string looks like a compact JWS (three base64url parts).
 *
 * @example
 * isCompactJwt("eyJhbGciOiJFUzI1NiJ9.eyJ2YyI6e319.c2ln") //=> true
 */
export function isCompactJwt(text: string): boolean {
  return COMPACT_JWS.test(text.trim());
}

function base64UrlDecode(part: string): string {
  const b64 = part.replace(/-/g, "+").replace(/_/g, "/");
  const padded = b64 + "=".repeat((4 - (b64.length % 4)) % 4);
  const binary = atob(padded);
  const bytes = Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
  return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
}

/** The result of `decodeVcJwt`. */
export type DecodedJwt = { readonly ok: true; readonly credential: Record<string, unknown> } | { readonly ok: false; readonly reason: string };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Decodes a VC-JWT's payload into the credential it carries. A payload that is the credential
 * itself (VC-JOSE, data model 2.0) is returned as it is; a payload with a `vc` claim (VC-JWT, data
 * model 1.1) gives the `vc` object with `jti`, `iss`, `sub`, `nbf` and `exp` filling its `id`,
 * `issuer`, `credentialSubject.id`, `issuanceDate` and `expirationDate` where it has none.
 *
 * @example
 * decodeVcJwt(jwt) //=> { ok: true, credential: { type: ["VerifiableCredential", "OpenBadgeCredential"], ... } }
 * decodeVcJwt("not-a-jwt") //=> { ok: false, reason: "it is not three base64url parts separated by dots" }
 */
export function decodeVcJwt(token: string): DecodedJwt {
  const text = token.trim();
  if (!isCompactJwt(text)) return { ok: false, reason: "it is not three base64url parts separated by dots" };
  let payload: unknown;
  try {
    payload = JSON.parse(base64UrlDecode(text.split(".")[1]!));
  } catch {
    return { ok: false, reason: "its payload is not base64url-encoded JSON" };
  }
  if (!isObject(payload)) return { ok: false, reason: "its payload is not a JSON object" };
  if (!isObject(payload["vc"])) return { ok: true, credential: payload };
  const vc: Record<string, unknown> = { ...payload["vc"] };
  const claim = (name: string) => payload[name as keyof typeof payload] as unknown;
  if (vc["id"] === undefined && typeof claim("jti") === "string") vc["id"] = claim("jti");
  if (vc["issuer"] === undefined && typeof claim("iss") === "string") vc["issuer"] = claim("iss");
  const nbf = claim("nbf");
  if (vc["issuanceDate"] === undefined && vc["validFrom"] === undefined && typeof nbf === "number") {
    const date = dateOfUnixSeconds(nbf);
    if (date !== undefined) vc["issuanceDate"] = date;
  }
  const exp = claim("exp");
  if (vc["expirationDate"] === undefined && vc["validUntil"] === undefined && typeof exp === "number") {
    const date = dateOfUnixSeconds(exp);
    if (date !== undefined) vc["expirationDate"] = date;
  }
  if (isObject(vc["credentialSubject"]) && vc["credentialSubject"]["id"] === undefined && typeof claim("sub") === "string") {
    vc["credentialSubject"] = { ...vc["credentialSubject"], id: claim("sub") };
  }
  return { ok: true, credential: vc };
}
