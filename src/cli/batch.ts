/**
 * The `batch` and `generate` commands' file handling: streams in and out with backpressure, the
 * progress bar (cli-progress, on stderr, only on a terminal) and the summary.
 */
import { createReadStream, createWriteStream, statSync } from "node:fs";
import type { Writable } from "node:stream";
import cliProgress from "cli-progress";
import { formatIssues } from "../errors/format.js";
import type { CredstackIssue } from "../errors/issue.js";
import { runBatch, type BatchSummary } from "../node/batch.js";
import type { EducatorRecordInput } from "../schema/record.js";

/** What the batch command needs from its surroundings (a subset of CliIo). */
export interface BatchIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** Standard output as a stream, for backpressure; absent in tests. */
  readonly stdout?: Writable | undefined;
  /** Standard input, for `-`. */
  readonly stdin?: NodeJS.ReadableStream | undefined;
  /** Show a progress bar on stderr (a terminal). */
  readonly progress?: boolean | undefined;
}

function writer(stream: Writable): (text: string) => Promise<void> | void {
  return (text) => {
    if (stream.write(text)) return;
    return new Promise<void>((resolve) => stream.once("drain", () => resolve()));
  };
}

function closing(stream: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.once("error", reject);
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
  readonly ordered: boolean;
  readonly rules: string | undefined;
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
  let total = 0;
  if (!fromStdin) total = statSync(options.input).size; // throws ENOENT before anything starts
  const input = fromStdin ? (io.stdin ?? process.stdin) : createReadStream(options.input);
  const outStream = options.out === "-" ? undefined : createWriteStream(options.out);
  const errStream = options.errors === undefined ? undefined : createWriteStream(options.errors);
  const write = outStream ? writer(outStream) : io.stdout ? writer(io.stdout) : io.out;
  const writeError = errStream
    ? writer(errStream)
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
    const summary = await runBatch({
      input,
      source: fromStdin ? "<stdin>" : options.input,
      write,
      writeError,
      asOf: options.asOf,
      states: options.states,
      rules: options.rules,
      workers: options.workers,
      ordered: options.ordered,
      onProgress: (done, bytes) => {
        const seconds = (performance.now() - started) / 1000;
        bar?.update(total > 0 ? Math.min(bytes, total) : 0, { records: done, rate: seconds > 0 ? Math.round(done / seconds).toString() : "0" });
      },
    });
    return summary;
  } finally {
    bar?.stop();
    if (outStream) await closing(outStream);
    if (errStream) await closing(errStream);
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
  const stream = out === "-" ? undefined : createWriteStream(out);
  const write = stream ? writer(stream) : io.stdout ? writer(io.stdout) : io.out;
  for (const record of records) await write(`${JSON.stringify(record)}\n`);
  if (stream) await closing(stream);
}
