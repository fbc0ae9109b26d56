/**
 * Validating an educator record: as data, or as JSON or YAML text with line and column.
 */
import { EvaluationError } from "../errors/errors.js";
import { createIssue, type CredstackIssue } from "../errors/issue.js";
import { sortIssues } from "../errors/sort.js";
import { issuesFromZod } from "../errors/zod.js";
import { EducatorRecord } from "../schema/record.js";
import { readJson } from "../yaml/json.js";
import { readYaml, type Locator } from "../yaml/read.js";

type Issues = readonly [CredstackIssue, ...CredstackIssue[]];

/** The result of `safeParseRecord` and `safeParseRecordText`. */
export type SafeParseRecordResult =
  | { readonly success: true; readonly record: EducatorRecord }
  | { readonly success: false; readonly issues: Issues };

/** Options for validating a record given as data. */
export interface ParseRecordOptions {
  /** Where each path is written, when the data came from text. */
  readonly locate?: Locator | undefined;
  /** The file (or other name) the data came from. */
  readonly source?: string | undefined;
}

/** Options for reading a record from text. */
export interface ParseRecordTextOptions {
  /** The file (or other name) the text came from; positions carry it. */
  readonly source?: string | undefined;
  /** The text's format; by default JSON when it starts with `{` or `[`, else YAML. */
  readonly format?: "json" | "yaml" | undefined;
  /** The largest accepted text, in UTF-8 bytes. Default 1 MiB. */
  readonly maxBytes?: number | undefined;
  /** The deepest accepted nesting. Default 64. */
  readonly maxDepth?: number | undefined;
  /** The most keys and values accepted. Default 100,000. */
  readonly maxNodes?: number | undefined;
}

/**
 * Records this module validated (the objects it returned). Evaluation validates its input on
 * every call; a record that came out of `parseRecord` or `safeParseRecord` is not checked again,
 * so a batch or a caller that parses once and evaluates many times pays for validation once.
 * Like a policy object given to `evaluate`, such a record is treated as immutable.
 */
const validated = new WeakSet<object>();

/**
 * Validates an educator record given as data, without throwing. Schema problems are
 * `record_invalid` (the message says which key and why); two credentials with one id are
 * `duplicate_credential_id`.
 *
 * @example
 * const result = safeParseRecord({ id: "e-1", credentials: [] });
 * result.success && result.record.licenses //=> []
 */
export function safeParseRecord(input: unknown, options: ParseRecordOptions = {}): SafeParseRecordResult {
  if (typeof input === "object" && input !== null && validated.has(input)) return { success: true, record: input as EducatorRecord };
  const parsed = EducatorRecord.safeParse(input);
  if (!parsed.success) {
    const issues = issuesFromZod(parsed.error, {
      schemaKind: "record",
      input,
      locate: options.locate,
      codeFor: () => "record_invalid",
    });
    return failure(issues);
  }
  const duplicates = duplicateCredentials(parsed.data, options.locate);
  if (duplicates.length > 0) return failure(duplicates);
  validated.add(parsed.data);
  return { success: true, record: parsed.data };
}

/**
 * Validates an educator record given as data.
 *
 * @throws EvaluationError (`record_invalid` or `duplicate_credential_id`) listing every problem.
 * @example
 * parseRecord({ id: "e-1" }).credentials //=> []
 */
export function parseRecord(input: unknown, options: ParseRecordOptions = {}): EducatorRecord {
  const result = safeParseRecord(input, options);
  if (!result.success) throw new EvaluationError(result.issues);
  return result.record;
}

/**
 * Reads and validates an educator record written in JSON or YAML, without throwing. Issues carry
 * the line and column in the text.
 *
 * @example
 * const result = safeParseRecordText('{"id": "e-1", "credentails": []}', { source: "e-1.json" });
 * result.success || result.issues[0].hint //=> "Did you mean 'credentials'?"
 */
export function safeParseRecordText(text: string, options: ParseRecordTextOptions = {}): SafeParseRecordResult {
  const format = options.format ?? (/^\s*[[{]/.test(text) ? "json" : "yaml");
  const limits = { source: options.source, maxBytes: options.maxBytes, maxDepth: options.maxDepth, maxNodes: options.maxNodes };
  const read = format === "json" ? readJson(text, limits) : readYaml(text, limits);
  if (!read.ok) return { success: false, issues: read.issues };
  return safeParseRecord(read.data, { locate: read.locate, source: options.source });
}

function duplicateCredentials(record: EducatorRecord, locate: Locator | undefined): CredstackIssue[] {
  const first = new Map<string, number>();
  const issues: CredstackIssue[] = [];
  record.credentials.forEach((credential, index) => {
    const earlier = first.get(credential.id);
    if (earlier === undefined) {
      first.set(credential.id, index);
      return;
    }
    const path = ["credentials", index, "id"];
    issues.push(
      createIssue("duplicate_credential_id", `Duplicate credential id '${credential.id}'.`, path, {
        hint: `credentials[${earlier}] has the same id; give each credential its own id.`,
        position: locate?.(path),
      }),
    );
  });
  return sortIssues(issues);
}

function failure(issues: readonly CredstackIssue[]): { readonly success: false; readonly issues: Issues } {
  const [first, ...rest] = issues;
  return { success: false, issues: first ? [first, ...rest] : [createIssue("record_invalid", "The record is not valid.")] };
}
