/**
 * Verifying credentials is a separate, optional, asynchronous step after reading: a hook the
 * caller gives (any proof format), or `jwtVerifier` for VC-JWTs against a caller-supplied JSON
 * Web Key Set (jose, loaded only when used). Verification checks signatures only: expiry is the
 * evaluator's business, judged on the as-of date, so no clock is read here.
 */
import { createIssue, formatPath, type CredstackIssue } from "../errors/issue.js";
import type { CredentialProof, CredentialsInput } from "./types.js";

/** What a verifier says about one credential. */
export type VerifyOutcome = boolean | { readonly verified: boolean; readonly reason?: string | undefined };

/** A verifier: given where a credential came from, says whether it is genuine. */
export type CredentialVerifier = (proof: CredentialProof) => VerifyOutcome | Promise<VerifyOutcome>;

/**
 * Verifies every credential of a read document; those the verifier rejects (or that make it
 * throw, or for which it gives anything but `true` or `{ verified: true }`) move to `rejected` as
 * `credential_unverified`, with the verifier's reason.
 *
 * @example
 * const read = readOb3(jwtText);
 * const checked = await verifyCredentials(read, jwtVerifier(issuerKeys));
 * checked.rejected //=> [] when every signature holds
 */
export async function verifyCredentials(input: CredentialsInput, verify: CredentialVerifier): Promise<CredentialsInput> {
  const failed = new Map<string, CredstackIssue>();
  for (const proof of input.proofs) {
    let outcome: VerifyOutcome;
    try {
      outcome = await verify(proof);
    } catch (error) {
      outcome = { verified: false, reason: error instanceof Error ? error.message : String(error) };
    }
    // fail closed: only true or { verified: true } passes; anything else (undefined, "yes", null) rejects
    const verdict = outcome as unknown;
    const object = typeof verdict === "object" && verdict !== null ? (verdict as { verified?: unknown; reason?: unknown }) : undefined;
    if (verdict === true || object?.verified === true) continue;
    const reason =
      object !== undefined ? (typeof object.reason === "string" ? object.reason : undefined)
      : typeof verdict === "boolean" ? undefined
      : `the verifier gave no verdict (${typeof verdict})`;
    failed.set(
      proof.credential,
      createIssue(
        "credential_unverified",
        `The credential '${proof.credential}' at ${formatPath(proof.path)} failed verification${reason !== undefined ? `: ${reason}` : ""}.`,
        proof.path,
      ),
    );
  }
  if (failed.size === 0) return input;
  return {
    ...input,
    credentials: input.credentials.filter((c) => !failed.has(c.id)),
    proofs: input.proofs.filter((p) => !failed.has(p.credential)),
    rejected: [...input.rejected, ...failed.values()],
  };
}

/** A JSON Web Key Set: `{ keys: [...] }`. */
export interface JsonWebKeySet {
  readonly keys: readonly Record<string, unknown>[];
}

/** Options for `jwtVerifier`. */
export interface JwtVerifierOptions {
  /** The signature algorithms accepted; default: those the keys name. */
  readonly algorithms?: readonly string[] | undefined;
  /** Accept credentials that did not come as a VC-JWT (embedded proofs are not checked). Default false. */
  readonly allowUnsigned?: boolean | undefined;
}

/**
 * A verifier for VC-JWT credentials: checks the JWS signature against the key set (the key is
 * picked by the header's `kid` and `alg`). Credentials that did not come as a JWT fail unless
 * `allowUnsigned` is set.
 *
 * @example
 * const verify = jwtVerifier({ keys: [issuerPublicJwk] });
 * await verifyCredentials(readOb3(jwt), verify)
 */
export function jwtVerifier(keySet: JsonWebKeySet, options: JwtVerifierOptions = {}): CredentialVerifier {
  let keys: ((...args: never[]) => unknown) | undefined;
  return async (proof) => {
    if (proof.jwt === undefined) {
      return options.allowUnsigned === true ? true : { verified: false, reason: "it is not a VC-JWT, so there is no signature to check" };
    }
    const jose = await import("jose");
    keys ??= jose.createLocalJWKSet(keySet as unknown as Parameters<typeof jose.createLocalJWKSet>[0]) as never;
    try {
      await jose.compactVerify(
        proof.jwt,
        keys as unknown as Parameters<typeof jose.compactVerify>[1],
        options.algorithms !== undefined ? { algorithms: [...options.algorithms] } : {},
      );
      return true;
    } catch (error) {
      return { verified: false, reason: error instanceof Error ? error.message : String(error) };
    }
  };
}
