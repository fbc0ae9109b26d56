/**
 * Reading any input text (record, Open Badges 2.0 or 3.0, CLR 2.0, CSV) with its format given or
 * detected, and assembling an educator record from a base record and credentials of several
 * sources. Pure: the caller reads files.
 */
import { createIssue, type CredstackIssue } from "../errors/issue.js";
import { safeParseRecord, safeParseRecordText } from "../record/parse.js";
import type { EarnedCredential } from "../schema/credential.js";
import type { EducatorRecord, EducatorRecordInput } from "../schema/record.js";
import { readJson } from "../yaml/json.js";
import { readClr } from "./clr.js";
import { readCsv, type CsvInput } from "./csv.js";
import { mergeCredentials } from "./dedupe.js";
import { detectInputText } from "./detect.js";
import { readOb2 } from "./ob2.js";
import { readOb3 } from "./ob3.js";
import type { AdapterOptions, CredentialsInput, InputFormat } from "./types.js";

type Issues = readonly [CredstackIssue, ...CredstackIssue[]];

/** An educator record read from text. */
export interface RecordInput {
  readonly format: "record";
  readonly record: EducatorRecord;
}

/** Any input, read. */
export type Input = RecordInput | CredentialsInput | CsvInput;

/** The result of `readInputText`. */
export type ReadInputResult = { readonly success: true; readonly input: Input } | { readonly success: false; readonly issues: Issues };

/** Options for `readInputText`. */
export interface ReadInputOptions extends Omit<AdapterOptions, "locate"> {
  /** The format; detected when left out (see `detectInputText`). */
  readonly format?: InputFormat | undefined;
  /** The largest accepted text, in UTF-8 bytes. Default 1 MiB (JSON and YAML). */
  readonly maxBytes?: number | undefined;
}

/**
 * Reads an input text of any supported format. Unreadable text (bad JSON, an unknown format, an
 * invalid record) fails with issues; badge and CSV documents succeed with their rejected items
 * listed in the input's `rejected`.
 *
 * @example
 * const result = readInputText(text, { source: "badges.json" });
 * result.success && result.input.format //=> "ob3"
 */
export function readInputText(text: string, options: ReadInputOptions = {}): ReadInputResult {
  const source = options.source;
  const format = options.format ?? detectInputText(text, source);
  if (format === undefined) {
    // JSON that does not parse (a truncated badge, say) is reported as what it is, with line:col
    const read = readJson(text, { source, maxBytes: options.maxBytes });
    if (!read.ok) return { success: false, issues: read.issues };
    return {
      success: false,
      issues: [
        createIssue("input_format_unknown", `Cannot tell the format of ${source ?? "the input"}: it is JSON, but not a record, Open Badges 2.0 or 3.0, or CLR 2.0 document.`, [], {
          ...(source !== undefined ? { position: { file: source, line: 1, column: 1 } } : {}),
        }),
      ],
    };
  }
  if (format === "record") {
    const result = safeParseRecordText(text, { source, maxBytes: options.maxBytes });
    return result.success ? { success: true, input: { format: "record", record: result.record } } : result;
  }
  if (format === "csv") return { success: true, input: readCsv(text, { source }) };
  const adapter = { ob3: readOb3, ob2: readOb2, clr: readClr }[format];
  const trimmed = text.trim();
  if (format === "ob3" && !/^[[{]/.test(trimmed)) return { success: true, input: readOb3(trimmed, options) };
  const read = readJson(text, { source, maxBytes: options.maxBytes });
  if (!read.ok) return { success: false, issues: read.issues };
  return { success: true, input: adapter(read.data, { ...options, locate: read.locate }) };
}

/**
 * Options for `assembleRecord`.
 *
 * @example
 * const options: AssembleRecordOptions = { base: record, baseName: "teacher.yaml", credentials: [badges.credentials], names: ["badges.json"] };
 */
export interface AssembleRecordOptions {
  /** The record the credentials are added to (licenses, experience, ...); its credentials come first. */
  readonly base?: EducatorRecordInput | EducatorRecord | undefined;
  /** The record's id when there is no base record. */
  readonly id?: string | undefined;
  /** Credentials from other sources, each list in order. */
  readonly credentials: readonly (readonly EarnedCredential[])[];
  /** The name (file) of the base record, for duplicate messages. */
  readonly baseName?: string | undefined;
  /** The name (file) of each list of `credentials`, in the same order, for duplicate messages. */
  readonly names?: readonly (string | undefined)[] | undefined;
}

/** The result of `assembleRecord`. */
export type AssembleRecordResult =
  | { readonly success: true; readonly record: EducatorRecord; readonly duplicates: readonly CredstackIssue[] }
  | { readonly success: false; readonly issues: Issues };

/**
 * Builds one educator record from a base record and credentials from other sources, counting each
 * credential once (`mergeCredentials`): duplicates are dropped and listed.
 *
 * @example
 * const result = assembleRecord({ base: record, baseName: "teacher.yaml", credentials: [badges.credentials], names: ["badges.json"] });
 * result.success && result.record.credentials.length //=> 18
 * result.success && result.duplicates[0]?.position //=> { file: "badges.json", line: 1, column: 1 }
 */
export function assembleRecord(options: AssembleRecordOptions): AssembleRecordResult {
  let base: EducatorRecord;
  if (options.base !== undefined) {
    const parsed = safeParseRecord(options.base);
    if (!parsed.success) return parsed;
    base = parsed.record;
  } else {
    const parsed = safeParseRecord({ id: options.id ?? "educator" });
    if (!parsed.success) return parsed;
    base = parsed.record;
  }
  const merged = mergeCredentials([base.credentials, ...options.credentials], { names: [options.baseName, ...(options.names ?? [])] });
  const result = safeParseRecord({ ...base, credentials: merged.credentials });
  return result.success ? { success: true, record: result.record, duplicates: merged.duplicates } : result;
}
