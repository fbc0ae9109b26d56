/**
 * The batch worker: evaluates a chunk of NDJSON lines in a worker thread. Policies are loaded once
 * per worker. Each line gives either a report (one JSON line; the status report when the task asks
 * for it) or its issues, with the line number.
 */
import { EvaluationError, PolicyError, isCredstackError } from "../errors/errors.js";
import { createIssue, type CredstackIssue } from "../errors/issue.js";
import { evaluate, evaluateStatus } from "../evaluate/evaluate.js";
import type { CompiledPolicy } from "../policy/compile.js";
import { safeParseRecord } from "../record/parse.js";
import { readJson } from "../yaml/json.js";
import { move, transferableSymbol, valueSymbol } from "piscina";
import { loadBuiltinPolicies, loadPolicies } from "./load.js";

/** One chunk of work. */
export interface BatchTask {
  /** The input's name, for positions. */
  readonly source: string;
  readonly rules: string | undefined;
  readonly asOf: string;
  readonly states: readonly string[] | undefined;
  /** Write the status report (`evaluateStatus`) instead of the full report. Default false. */
  readonly status?: boolean | undefined;
  /** The longest line accepted, in UTF-8 bytes (for the message of a longer one). */
  readonly maxLineBytes?: number | undefined;
  /** The line number of each line. */
  readonly lines: readonly number[];
  /** The text of each line; `undefined` for a line longer than `maxLineBytes`, which was skipped. */
  readonly texts: readonly (string | undefined)[];
}

/** The outcome of one line. */
export type BatchLineResult =
  | { readonly line: number; readonly ok: true; readonly output: string; readonly statuses: readonly string[] }
  | { readonly line: number; readonly ok: false; readonly record: string | undefined; readonly issues: readonly CredstackIssue[] };

/** The policies this worker loaded, or the error that loading them gave (kept too: it is not tried again). */
let loaded: { key: string; policies: CompiledPolicy[] } | { key: string; error: PolicyError } | undefined;

function policiesFor(rules: string | undefined): CompiledPolicy[] {
  const key = rules ?? "";
  if (loaded?.key !== key) {
    try {
      loaded = { key, policies: rules !== undefined ? loadPolicies(rules) : loadBuiltinPolicies() };
    } catch (error) {
      if (!(error instanceof PolicyError)) throw error;
      loaded = { key, error };
    }
  }
  if ("error" in loaded) throw loaded.error;
  return loaded.policies;
}

/**
 * Evaluates one line (a JSON educator record) into a report line (a status report line with
 * `task.status`), or the issues that stop it.
 *
 * @example
 * evaluateLine('{"id":"e-1"}', 1, { source: "in.ndjson", asOf: "2026-11-24", states: undefined, rules: undefined }).ok //=> true
 */
export function evaluateLine(
  text: string,
  line: number,
  task: { readonly source: string; readonly asOf: string; readonly states: readonly string[] | undefined; readonly rules: string | undefined; readonly status?: boolean | undefined },
): BatchLineResult {
  const at = (issues: readonly CredstackIssue[]) =>
    issues.map((i) => ({ ...i, position: { file: task.source, line, column: i.position?.column ?? 1 } }));
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    const read = readJson(text, { source: task.source });
    const issues = read.ok ? [createIssue("invalid_json", "The line is not valid JSON.")] : read.issues;
    return { line, ok: false, record: undefined, issues: at(issues) };
  }
  const id = typeof data === "object" && data !== null && typeof (data as { id?: unknown }).id === "string" ? (data as { id: string }).id : undefined;
  const parsed = safeParseRecord(data);
  if (!parsed.success) return { line, ok: false, record: id, issues: at(parsed.issues) };
  const policies = policiesFor(task.rules); // invalid rules stop the run: they are not this line's fault
  try {
    const options = { asOf: task.asOf, states: task.states };
    const report = task.status === true ? evaluateStatus(parsed.record, policies, options) : evaluate(parsed.record, policies, options);
    const statuses = report.results.flatMap((r) => r.stacks.map((s) => `${r.policy.id}\u0000${s.id}\u0000${s.status}`));
    return { line, ok: true, output: JSON.stringify(report), statuses };
  } catch (error) {
    if (error instanceof EvaluationError) return { line, ok: false, record: id, issues: at(error.issues) };
    return { line, ok: false, record: id, issues: at([unexpected(error)]) };
  }
}

/** An error evaluation did not expect (a bug in credstack or in a policy), as an issue of its line. */
function unexpected(error: unknown): CredstackIssue {
  const what = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return createIssue("evaluation_failed", `Evaluating this record failed unexpectedly: ${what}.`);
}

/** A line of a chunk as the worker sends it back: its report's end in the chunk's bytes, or its issues. */
export type BatchLineOutcome =
  | { readonly line: number; readonly ok: true; readonly end: number; readonly statuses: readonly string[] }
  | Extract<BatchLineResult, { ok: false }>;

/** What the worker sends back for a chunk. */
export interface BatchChunkResult {
  /** The report lines of the chunk's evaluated records, in order, UTF-8, each ending in a newline. */
  readonly bytes: Uint8Array;
  readonly lines: readonly BatchLineOutcome[];
  /**
   * The issues of the policies when they could not be loaded (the worker's `PolicyError`, as
   * data, so the main thread can throw it typed): no line was evaluated, and the run stops.
   */
  readonly policyIssues?: readonly [CredstackIssue, ...CredstackIssue[]];
}

const encoder = new TextEncoder();
/** The scratch space's size at the start, and the most it keeps between chunks. */
const SCRATCH_BYTES = 1 << 20;
const SCRATCH_KEPT_BYTES = 8 << 20;
/**
 * The worker's scratch space for a chunk's report lines: grows as a chunk needs, and is kept
 * between chunks up to `SCRATCH_KEPT_BYTES` (a chunk of very large reports does not leave its
 * worker holding their size outside the heap cap).
 */
let scratch = new Uint8Array(SCRATCH_BYTES);

/**
 * The size of the worker's scratch space now, in bytes (for tests of its growth and reset).
 *
 * @example
 * scratchBytes() //=> 1048576
 */
export function scratchBytes(): number {
  return scratch.length;
}

/**
 * Appends a report line's UTF-8 bytes and a newline to the scratch space at `at`, in one pass
 * over the text (room for the worst case, 3 bytes per UTF-16 unit, is made first); returns the
 * end of the line.
 */
function append(text: string, at: number): number {
  const room = at + text.length * 3 + 1;
  if (room > scratch.length) {
    const grown = new Uint8Array(Math.max(room, scratch.length * 2));
    grown.set(scratch.subarray(0, at));
    scratch = grown;
  }
  const end = at + encoder.encodeInto(text, scratch.subarray(at)).written;
  scratch[end] = 0x0a;
  return end + 1;
}

/** One line of a chunk: a line too long to read is that line's issue; nothing else escapes. */
function runLine(text: string | undefined, line: number, task: BatchTask): BatchLineResult {
  if (text === undefined) {
    const limit = task.maxLineBytes ?? 0;
    const issue = createIssue("input_too_large", `The line is longer than the limit of ${limit} bytes; it was skipped.`, [], {
      hint: "Split the record, or raise the line limit (maxLineBytes).",
      position: { file: task.source, line, column: 1 },
    });
    return { line, ok: false, record: undefined, issues: [issue] };
  }
  try {
    return evaluateLine(text, line, task);
  } catch (error) {
    if (isCredstackError(error) && !(error instanceof EvaluationError)) throw error;
    return { line, ok: false, record: undefined, issues: [{ ...unexpected(error), position: { file: task.source, line, column: 1 } }] };
  }
}

/**
 * Evaluates every line of a chunk into one block of UTF-8 report lines, each line's end
 * recorded. Nothing escapes: a line that fails in any way (even a bug) gives its own error
 * result, so one line never stops the run; policies that cannot be loaded give `policyIssues`.
 * Each report is encoded as soon as it is made (into the worker's scratch space, then copied
 * once into the chunk's own buffer), so its text dies young, and the main thread is left only
 * bytes to write.
 *
 * @example
 * runChunk({ source: "in.ndjson", rules: undefined, asOf: "2026-11-24", states: undefined, lines: [1], texts: ['{"id":"e-1"}'] }).lines[0].ok //=> true
 */
export function runChunk(task: BatchTask): BatchChunkResult {
  try {
    policiesFor(task.rules);
  } catch (error) {
    if (error instanceof PolicyError) return { bytes: new Uint8Array(0), lines: [], policyIssues: error.issues };
    throw error;
  }
  let end = 0;
  const lines = task.texts.map((text, i): BatchLineOutcome => {
    const result = runLine(text, task.lines[i]!, task);
    if (!result.ok) return result;
    end = append(result.output, end);
    return { line: result.line, ok: true, end, statuses: result.statuses };
  });
  const bytes = new Uint8Array(end); // its own ArrayBuffer, so it can be transferred
  bytes.set(scratch.subarray(0, end));
  if (scratch.length > SCRATCH_KEPT_BYTES) scratch = new Uint8Array(SCRATCH_BYTES);
  return { bytes, lines };
}

/**
 * The worker's entry: a chunk evaluated and packed, its bytes moved (not copied) to the main thread.
 */
export default function runPackedChunk(task: BatchTask): unknown {
  const packed = runChunk(task);
  return move({ [transferableSymbol]: packed.bytes.buffer, [valueSymbol]: packed } as never);
}
