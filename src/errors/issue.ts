/**
 * Issues are data: a code, a message, where it happened and how to fix it.
 */
import { ISSUE_CODES, type IssueCode } from "./codes.js";

/** A position in a source text. Lines and columns count from 1. */
export interface SourcePosition {
  /** The file (or other source name) the text came from. */
  readonly file?: string;
  /** The line, from 1. */
  readonly line: number;
  /** The column, from 1. */
  readonly column: number;
}

/** One problem found in a policy, a record or an option. */
export interface CredstackIssue {
  /** The error code; see docs/errors.md. */
  readonly code: IssueCode;
  /** What is wrong, in one sentence. */
  readonly message: string;
  /** Where in the document: keys and list indexes from the root. */
  readonly path: readonly (string | number)[];
  /** Where in the source text, when the document came from text. */
  readonly position?: SourcePosition;
  /** How to fix it (a misspelt key gets the closest valid key here). */
  readonly hint: string;
}

/**
 * Creates an issue; the hint defaults to the code's general fix.
 *
 * @example
 * createIssue("unknown_key", "Unknown key 'categorie'.", ["stacks", 0], { hint: "Did you mean 'categories'?" })
 */
export function createIssue(
  code: IssueCode,
  message: string,
  path: readonly (string | number)[] = [],
  extra: { hint?: string | undefined; position?: SourcePosition | undefined } = {},
): CredstackIssue {
  return {
    code,
    message,
    path,
    hint: extra.hint ?? ISSUE_CODES[code].fix,
    ...(extra.position ? { position: extra.position } : {}),
  };
}

/**
 * Writes a path as dotted keys with list indexes, e.g. `stacks[0].requirements[1].credit`.
 *
 * @example
 * formatPath(["stacks", 0, "requirements", 1, "credit"]) //=> "stacks[0].requirements[1].credit"
 */
export function formatPath(path: readonly (string | number)[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out === "" ? key : `.${key}`;
  }
  return out === "" ? "(root)" : out;
}
