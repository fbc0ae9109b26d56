// The fuzzing contract in one place: a call either returns, or throws a CredstackError whose
// issues each have a catalogued code, a message, a hint and a path. Anything else (a TypeError, a
// RangeError, a string) is rethrown, so the property fails and fast-check shrinks the input.
import { expect } from "vitest";
import { CredstackError } from "../../src/errors/errors.js";
import { ISSUE_CODES } from "../../src/errors/codes.js";
import type { CredstackIssue } from "../../src/errors/issue.js";

/** Asserts that every issue is well formed: a known code, a sentence, a hint, a path of keys and indexes. */
export function expectTypedIssues(issues: readonly CredstackIssue[]): void {
  expect(issues.length).toBeGreaterThan(0);
  for (const issue of issues) {
    expect(Object.hasOwn(ISSUE_CODES, issue.code), `unknown code ${issue.code}`).toBe(true);
    expect(typeof issue.message).toBe("string");
    expect(issue.message.length).toBeGreaterThan(0);
    expect(typeof issue.hint).toBe("string");
    expect(Array.isArray(issue.path)).toBe(true);
    for (const key of issue.path) expect(["string", "number"]).toContain(typeof key);
    if (issue.position !== undefined) {
      expect(issue.position.line).toBeGreaterThanOrEqual(1);
      expect(issue.position.column).toBeGreaterThanOrEqual(1);
    }
  }
}

/** What a call gave: its value, or the typed error it threw. */
export type Typed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: CredstackError };

/** Runs `call`; a CredstackError with well-formed issues is caught and returned, anything else escapes. */
export function typed<T>(call: () => T): Typed<T> {
  try {
    return { ok: true, value: call() };
  } catch (error) {
    if (!(error instanceof CredstackError)) throw error;
    expectTypedIssues(error.issues);
    return { ok: false, error };
  }
}

/** The same for an async call. */
export async function typedAsync<T>(call: () => Promise<T>): Promise<Typed<T>> {
  try {
    return { ok: true, value: await call() };
  } catch (error) {
    if (!(error instanceof CredstackError)) throw error;
    expectTypedIssues(error.issues);
    return { ok: false, error };
  }
}
