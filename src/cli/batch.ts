/**
 * The `batch` and `generate` commands' file handling: streams in and out with backpressure, the
 * progress bar (cli-progress, on stderr, only on a terminal) and the summary.
 */
import { createReadStream, createWriteStream, type ReadStream, type WriteStream } from "node:fs";
import { stat } from "node:fs/promises";
import type { Writable } from "node:stream";
import cliProgress from "cli-progress";
import { EvaluationError } from "../errors/errors.js";
import { formatIssues } from "../errors/format.js";
import { createIssue, type CredstackIssue } from "../errors/issue.js";
import { runBatch, type BatchSummary } from "../node/batch.js";
import type { EducatorRecordInput } from "../schema/record.js";

/** What the batch command needs from its surroundings (a subset of CliIo). */
export interface BatchIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /**
   * Standard output as a stream, for backpressure (absent when output goes to `out`). A batch
   * frees each block of report bytes once the stream's write callback for it has run, so a
   * stream given here must be done with a chunk by then, as standard output and file streams
   * are (a `PassThrough` is not: it keeps the chunk for its reader).
   */
  readonly stdout?: Writable | undefined;
  /** Standard input, for `-`. */
  readonly stdin?: NodeJS.ReadableStream | undefined;
  /** Show a progress bar on stderr (a terminal). */
  readonly progress?: boolean | undefined;
}

/**
 * Thrown when standard output's reader went away (`EPIPE`, as in `credstack batch … | head`): the
 * command stops writing and exits quietly, as Unix tools do.
 */
export class OutputClosed extends Error {
  constructor() {
    super("standard output was closed");
  }
}

const HINTS: Readonly<Record<string, string>> = {
  ENOENT: "No such file or folder; check the path.",
  EISDIR: "It is a folder; give a file.",
  EACCES: "Permission denied; check the file's permissions.",
  ENOTDIR: "A part of the path is not a folder; check the path.",
};

function errnoOf(cause: unknown): string {
  return (cause as NodeJS.ErrnoException | undefined)?.code ?? String(cause);
}

/** A typed error for a file that cannot be read (`file_unreadable`) or written (`file_unwritable`). */
function fileError(kind: "input" | "output", path: string, cause: unknown): EvaluationError {
  const code = errnoOf(cause);
  const issue = createIssue(
    kind === "input" ? "file_unreadable" : "file_unwritable",
    `Cannot ${kind === "input" ? "read input" : "write output"} file '${path}': ${code}.`,
    [],
    { hint: HINTS[code] ?? (kind === "input" ? "Check the path and its permissions." : "Check that the folder exists and that you may write there."), position: { file: path, line: 1, column: 1 } },
  );
  return new EvaluationError([issue], { cause });
}

/** Opens a file for reading, failing with `file_unreadable` (missing, a folder, no permission) before anything starts. */
async function openInput(path: string): Promise<{ stream: ReadStream; size: number }> {
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw Object.assign(new Error(`'${path}' is a folder`), { code: "EISDIR" });
    const stream = createReadStream(path);
    await new Promise<void>((resolve, reject) => {
      stream.once("open", () => {
        stream.off("error", reject);
        resolve();
      });
      stream.once("error", reject);
    });
    return { stream, size: info.size };
  } catch (cause) {
    throw fileError("input", path, cause);
  }
}

/** Opens a file for writing, failing with `file_unwritable` (no such folder, no permission) before anything starts. */
async function openOutput(path: string): Promise<WriteStream> {
  const stream = createWriteStream(path);
  try {
    await new Promise<void>((resolve, reject) => {
      stream.once("open", () => {
        stream.off("error", reject);
        resolve();
      });
      stream.once("error", reject);
    });
  } catch (cause) {
    throw fileError("output", path, cause);
  }
  return stream;
}

/**
 * A write function with backpressure that turns a stream failure into a typed error:
 * `OutputClosed` when standard output's reader went away, `file_unwritable` otherwise. Text
 * returns at once while the stream has room (else it waits for `drain`); bytes settle only when
 * the stream's write callback has run, once they are written out, so the batch can free them
 * then (`releaseWritten`).
 */
function writer(stream: Writable, path: string | undefined): (chunk: Uint8Array | string) => Promise<void> | void {
  let failed: unknown;
  stream.on("error", (error) => {
    failed ??= error;
  });
  const failure = (error: unknown): Error => (path === undefined && ["EPIPE", "ERR_STREAM_DESTROYED", "ERR_STREAM_WRITE_AFTER_END"].includes(errnoOf(error)) ? new OutputClosed() : fileError("output", path ?? "<stdout>", error));
  return (chunk) => {
    if (failed !== undefined) throw failure(failed);
    if (stream.destroyed || stream.writableEnded) throw failure(Object.assign(new Error("closed"), { code: "ERR_STREAM_DESTROYED" }));
    if (typeof chunk !== "string") {
      // a stream that is destroyed or fails calls back with the error
      return new Promise<void>((resolve, reject) => {
        try {
          stream.write(chunk, (error) => {
            if (error === undefined || error === null) resolve();
            else reject(failure(error));
          });
        } catch (error) {
          reject(failure(error));
        }
      });
    }
    if (stream.write(chunk)) return;
    return new Promise<void>((resolve, reject) => {
      const settle = (error?: unknown) => {
        stream.off("drain", onDrain);
        stream.off("error", onError);
        stream.off("close", onClose);
        if (error === undefined) resolve();
        else reject(failure(error));
      };
      const onDrain = () => settle();
      const onError = (error: unknown) => settle(error);
      const onClose = () => settle(failed ?? Object.assign(new Error("closed"), { code: "ERR_STREAM_DESTROYED" }));
      stream.once("drain", onDrain);
      stream.once("error", onError);
      stream.once("close", onClose);
    });
  };
}

/** Ends a file stream and waits until its data is on disk, failing with `file_unwritable`. */
function closing(stream: WriteStream, path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (stream.destroyed) {
      resolve();
      return;
    }
    stream.once("error", (error) => reject(fileError("output", path, error)));
    stream.end(() => resolve());
  });
}

/** Options of the batch command, as parsed. */
export interface BatchFilesOptions {
  readonly input: string;
  readonly out: string;
  readonly errors: string | undefined;
  readonly asOf: string;
  readonly states: readonly string[] | undefined;
  readonly workers: number | undefined;
  /** Each worker's heap limit in MB (default `DEFAULT_WORKER_MEMORY_MB`). */
  readonly workerMemoryMb?: number | undefined;
  readonly ordered: boolean;
  readonly rules: string | undefined;
  /** `--status`: write each record's status report (`evaluateStatus`) instead of its full report. */
  readonly status?: boolean | undefined;
}

/**
 * Runs a batch from a file (or stdin) to a file (or stdout), with bad lines in an errors file or
 * on stderr, and a progress bar when stderr is a terminal.
 *
 * @example
 * await runBatchFiles({ input: "records.ndjson", out: "reports.ndjson", errors: undefined, asOf: "2026-11-24", states: undefined, workers: 2, ordered: true, rules: undefined }, io)
 */
export async function runBatchFiles(options: BatchFilesOptions, io: BatchIo): Promise<BatchSummary> {
  const fromStdin = options.input === "-";
  const opened = fromStdin ? undefined : await openInput(options.input);
  const total = opened?.size ?? 0;
  const input = opened?.stream ?? io.stdin ?? process.stdin;
  const streams: [WriteStream, string][] = [];
  try {
    const outStream = options.out === "-" ? undefined : await openOutput(options.out);
    if (outStream) streams.push([outStream, options.out]);
    const errStream = options.errors === undefined ? undefined : await openOutput(options.errors);
    if (errStream) streams.push([errStream, options.errors!]);
    const decoder = new TextDecoder();
    const write = outStream
      ? writer(outStream, options.out)
      : io.stdout
        ? writer(io.stdout, undefined)
        : (chunk: Uint8Array | string) => io.out(typeof chunk === "string" ? chunk : decoder.decode(chunk));
    const writeError = errStream
      ? writer(errStream, options.errors)
      : (line: string) => {
          const { errors } = JSON.parse(line) as { errors: CredstackIssue[] };
          io.err(`${formatIssues(errors, { compact: true })}\n`);
        };
    const bar =
      io.progress === true
        ? new cliProgress.SingleBar(
            {
              stream: process.stderr,
              format: total > 0 ? "{bar} {percentage}% | {records} records | {rate}/s | ETA {eta_formatted}" : "{records} records | {rate}/s",
              hideCursor: true,
              etaBuffer: 50,
            },
            cliProgress.Presets.shades_classic,
          )
        : undefined;
    const started = performance.now();
    bar?.start(total > 0 ? total : 1, 0, { records: 0, rate: "0" });
    try {
      return await runBatch({
        input,
        source: fromStdin ? "<stdin>" : options.input,
        write,
        writeError,
        asOf: options.asOf,
        states: options.states,
        rules: options.rules,
        workers: options.workers,
        workerMemoryMb: options.workerMemoryMb,
        ordered: options.ordered,
        status: options.status,
        // every write above is done with its bytes when it settles (a stream's write callback,
        // or text decoded from them), so they are freed then instead of at a garbage collection
        releaseWritten: true,
        // the bar follows the input bytes of the records written (evaluated), not of those read
        onProgress: (done, bytes) => {
          const seconds = (performance.now() - started) / 1000;
          bar?.update(total > 0 ? Math.min(bytes, total) : 0, { records: done, rate: seconds > 0 ? Math.round(done / seconds).toString() : "0" });
        },
      });
    } finally {
      bar?.stop();
    }
  } finally {
    opened?.stream.destroy();
    for (const [stream, path] of streams) await closing(stream, path);
  }
}

/**
 * The summary printed at the end of a batch: counts, then met / not met per stack.
 *
 * @example
 * renderBatchSummary({ lines: 2, evaluated: 2, errors: 0, stacks: [] }) //=> "2 records: 2 evaluated, 0 errors\n"
 */
export function renderBatchSummary(summary: BatchSummary): string {
  const head = `${summary.lines} record${summary.lines === 1 ? "" : "s"}: ${summary.evaluated} evaluated, ${summary.errors} error${summary.errors === 1 ? "" : "s"}\n`;
  if (summary.stacks.length === 0) return head;
  const rows = summary.stacks.map((s) => [`${s.policy}/${s.stack}`, String(s.met), String(s.not_met), String(s.not_eligible), String(s.not_evaluated)]);
  const header = ["stack", "met", "not met", "not eligible", "not evaluated"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) => `  ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ")}\n`;
  return head + line(header) + rows.map(line).join("");
}

/**
 * Writes generated records as NDJSON to a file or stdout, with backpressure.
 *
 * @example
 * await writeGenerated(generateRecords(10, { seed: 1 }), "-", io)
 */
export async function writeGenerated(records: Iterable<EducatorRecordInput>, out: string, io: BatchIo): Promise<void> {
  const stream = out === "-" ? undefined : await openOutput(out);
  try {
    const write = stream ? writer(stream, out) : io.stdout ? writer(io.stdout, undefined) : io.out;
    for (const record of records) await write(`${JSON.stringify(record)}\n`);
  } finally {
    if (stream) await closing(stream, out);
  }
}
