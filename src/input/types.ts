/**
 * What the input adapters give back: credentials in credstack's vocabulary, and every item they
 * could not use, as issues with a path and a reason (errors as data, never a throw).
 */
import type { CredstackIssue } from "../errors/issue.js";
import type { EarnedCredential } from "../schema/credential.js";
import type { InputMappingInput } from "../schema/input-mapping.js";
import type { Locator } from "../yaml/read.js";

/** The input formats credstack reads. */
export type InputFormat = "ob3" | "ob2" | "clr" | "csv" | "record";

/** The input formats that hold badges (as opposed to records or CSV rows). */
export type BadgeFormat = "ob3" | "ob2" | "clr";

/** Where one credential came from, kept for verification. */
export interface CredentialProof {
  /** The id of the credential credstack made of it. */
  readonly credential: string;
  /** Where the item is in the document. */
  readonly path: readonly (string | number)[];
  /** The compact VC-JWT, when the item was one. */
  readonly jwt?: string;
  /** The credential as decoded (the JWT's payload, or the object as written). */
  readonly data: unknown;
}

/** The credentials read from one badge document (Open Badges 2.0 or 3.0, or CLR 2.0). */
export interface CredentialsInput {
  readonly format: BadgeFormat;
  /** The credentials accepted, in document order. */
  readonly credentials: readonly EarnedCredential[];
  /** Every item that was rejected, each with its path and the reason. */
  readonly rejected: readonly CredstackIssue[];
  /** Things worth knowing that did not reject anything (e.g. an unchecked status list). */
  readonly warnings: readonly CredstackIssue[];
  /** Where each accepted credential came from, for `verifyCredentials`. */
  readonly proofs: readonly CredentialProof[];
}

/** A status a caller's status function may report for a credential. */
export type ResolvedStatus = "active" | "revoked" | "expired";

/**
 * Resolves a credential's `credentialStatus` entries (status or revocation lists), which credstack
 * cannot fetch itself: the core reads no network. Return `undefined` when unknown.
 */
export type StatusResolver = (entry: { readonly credential: string; readonly status: readonly Record<string, unknown>[] }) => ResolvedStatus | undefined;

/** Options shared by the badge adapters. */
export interface AdapterOptions {
  /** How issuers and achievements map to credstack ids, kinds, tags and amounts (see docs/inputs.md). */
  readonly mapping?: InputMappingInput | undefined;
  /** The file (or other name) the document came from; positions carry it. */
  readonly source?: string | undefined;
  /** Where each path is written in the source text, when the document came from text. */
  readonly locate?: Locator | undefined;
  /** Resolves credentialStatus entries; without it they are reported as `credential_status_unchecked`. */
  readonly status?: StatusResolver | undefined;
}
