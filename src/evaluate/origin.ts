/**
 * Where a credential comes from: the state it was earned in, else its issuer's home state.
 */
import type { EarnedCredential } from "../schema/credential.js";

/**
 * The state a credential comes from, for portability rules: `earned_in` when the record gives it,
 * else the issuer's `state`; `undefined` when neither is known (a national issuer, nothing
 * recorded).
 *
 * @example
 * credentialOrigin({ ...mc, earned_in: "SC", issuer: { id: "nc-dpi", state: "NC" } }) //=> "SC"
 * credentialOrigin({ ...mc, issuer: { id: "wde", state: "WY" } }) //=> "WY"
 * credentialOrigin({ ...mc, issuer: { id: "digital-promise" } }) //=> undefined
 */
export function credentialOrigin(credential: Pick<EarnedCredential, "earned_in" | "issuer">): string | undefined {
  return credential.earned_in ?? credential.issuer.state;
}
