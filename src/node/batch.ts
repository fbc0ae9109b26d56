/**
 * Batch evaluation: NDJSON educator records in, one report line out per record, through a worker
 * pool (piscina) that uses every core. Streaming with bounded work in flight, so memory stays
 * constant whatever the input size. Output keeps the input order unless `ordered` is false.
 */
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Piscina } from "piscina";
import { PolicyError } from "../errors/errors.js";
import { createIssue } from "../errors/issue.js";
import type { BatchChunkResult, BatchLineOutcome, BatchTask } from "./batch-worker.js";
import { releaseBytes } from "./release.js";

/** Options for `runBatch`. */
export interface BatchOptions {
  /** The NDJSON input: one educator record (JSON) per line. */
  readonly input: NodeJS.ReadableStream;
  /** The input's name, for error positions. */
  readonly source: string;
  /**
   * Where report lines go, in input order (unless `ordered` is false): report lines as UTF-8 bytes,
   * several at a time, each ending in a newline, as the workers encoded them; the line of a record
   * that could not be evaluated as text. A returned promise is waited for (backpressure); a throw
   * or a rejection stops the run with that error, and nothing is written after it.
   */
  readonly write: (chunk: Uint8Array | string) => void | Promise<void>;
  /**
   * Free each chunk's report bytes as soon as they are written (default false): once every
   * `write` call of the chunk has returned or resolved (never after a failure), its bytes are
   * detached (transferred away, and freed), and every view of them has length 0. Only for a
   * `write` that is done with its bytes when its promise settles, as one that waits for a
   * stream's write callback; never for one that keeps them (an array of chunks) or returns
   * before they are written out (`stream.write(chunk)` alone). Without it, bytes already written
   * stay in memory until the main thread's next garbage collection: up to about 60 MB in a long
   * run.
   *
   * @example
   * runBatch({ ...options, releaseWritten: true, write: (chunk) => new Promise((resolve, reject) => void out.write(chunk, (e) => (e ? reject(e) : resolve()))) })
   */
  readonly releaseWritten?: boolean | undefined;
  /** Where each bad line's issues go (one JSON line per bad line); a throw stops the run, as for `write`. */
  readonly writeError: (text: string) => void | Promise<void>;
  readonly asOf: string;
  /** The states to evaluate; undefined for all. */
  readonly states?: readonly string[] | undefined;
  /** A folder of policy files; default the built-in rules. */
  readonly rules?: string | undefined;
  /** Worker threads; default the number of cores. */
  readonly workers?: number | undefined;
  /** Keep the input order (default true). */
  readonly ordered?: boolean | undefined;
  /**
   * Write each record's status report instead of its full report: the line is
   * `JSON.stringify(evaluateStatus(record, policies, { asOf, states }))` (a `StatusReport`: every
   * stack's id, kind, status, deadline and `optimal` flag, no explanations, requirements, gaps or
   * warnings). Default false. Bad lines and the summary are the same either way.
   */
  readonly status?: boolean | undefined;
  /**
   * Each worker's heap limit in MB (V8's old generation; `resourceLimits.maxOldGenerationSizeMb`).
   * Default 128: enough for records of thousands of credentials, and what keeps the run's memory
   * flat. A chunk whose worker runs out of it gives each of its lines an `evaluation_failed` error;
   * the run goes on with a new worker.
   */
  readonly workerMemoryMb?: number | undefined;
  /** Lines per task sent to a worker. Default 8. */
  readonly chunkSize?: number | undefined;
  /**
   * Chunks in flight at most (sent to a worker, or finished but not yet written). Default four per
   * worker. Reading pauses while this many are in flight, so at most `window × chunkSize` records
   * are held in memory.
   */
  readonly window?: number | undefined;
  /**
   * The longest line accepted, in UTF-8 bytes (default 1 MiB, as for a record file). A longer line
   * is not held in memory: it is skipped up to its newline and reported as a bad line
   * (`input_too_large`).
   */
  readonly maxLineBytes?: number | undefined;
  /**
   * Called after each chunk is written with the records done and the input bytes they span (every
   * byte up to the end of the last line written, blank lines included), so a progress bar moves
   * with the work done, not with the reading, which runs ahead by up to `window` chunks. Like
   * `write`, a throw stops the run with that error.
   */
  readonly onProgress?: ((done: number, bytes: number) => void) | undefined;
}

/** Counts per stack status. */
export interface StackCounts {
  readonly policy: string;
  readonly stack: string;
  readonly met: number;
  readonly not_met: number;
  readonly not_eligible: number;
  readonly not_evaluated: number;
}

/** What `runBatch` reports at the end. */
export interface BatchSummary {
  /** Non-blank input lines. */
  readonly lines: number;
  /** Records evaluated (one report line each). */
  readonly evaluated: number;
  /** Lines that could not be evaluated (one error line each). */
  readonly errors: number;
  /** Per policy and stack, how many records had each status. */
  readonly stacks: readonly StackCounts[];
  /**
   * The most records sent to the workers and not yet written at any moment: at most
   * `window × chunkSize` (besides them, at most `chunkSize` lines are being gathered into the next
   * chunk).
   */
  readonly peakInFlight: number;
}

/** The longest NDJSON line `runBatch` accepts by default: 1 MiB, as for a record file. */
export const DEFAULT_MAX_LINE_BYTES = 1024 * 1024;

/** Each worker's heap limit (MB) when `workerMemoryMb` is not given. */
export const DEFAULT_WORKER_MEMORY_MB = 128;
/** Each worker's young generation (MB): V8's `resourceLimits.maxYoungGenerationSizeMb`. */
const WORKER_YOUNG_GENERATION_MB = 16;
/** Records per task sent to a worker when `chunkSize` is not given. */
export const DEFAULT_CHUNK_SIZE = 8;

/**
 * Node's options for the workers: the process's own, without the V8 heap, stack and garbage
 * collector flags that a worker refuses (`node --max-old-space-size=… credstack batch` would
 * otherwise fail to start them); they apply to the whole process anyway, and a worker's heap is
 * set by `workerMemoryMb` instead.
 */
function workerExecArgv(): string[] {
  return process.execArgv.filter((a) => !/^--(max-old-space-size|max-semi-space-size|max-heap-size|stack-size|single-threaded-gc)(=|$)/.test(a));
}

/** The worker file: the built `batch-worker.js` beside this module, or the source under tsx. */
function workerFile(): { filename: string; execArgv: string[] } {
  const here = import.meta.url;
  if (/\.ts$/.test(here)) return { filename: fileURLToPath(new URL("./batch-worker.ts", here)), execArgv: [...workerExecArgv(), "--import", "tsx"] };
  return { filename: fileURLToPath(new URL("./batch-worker.js", here)), execArgv: workerExecArgv() };
}

/** A chunk whose worker ran out of memory: each of its lines gets the error. */
function outOfMemory(task: BatchTask, limitMb: number): BatchChunkResult {
  return {
    bytes: new Uint8Array(0),
    lines: task.lines.map((line) => ({
      line,
      ok: false as const,
      record: undefined,
      issues: [
        createIssue("evaluation_failed", `The worker evaluating this line ran out of memory (its limit is ${limitMb} MB); the lines of its chunk were not evaluated.`, [], {
          hint: "Raise the limit (--worker-memory, or workerMemoryMb), or split the records that are very large.",
          position: { file: task.source, line, column: 1 },
        }),
      ],
    })),
  };
}

/** One output line for a line that could not be evaluated. */
function errorLine(result: Extract<BatchLineOutcome, { ok: false }>): string {
  return JSON.stringify({ line: result.line, ...(result.record !== undefined ? { record: result.record } : {}), errors: result.issues });
}

/**
 * Evaluates an NDJSON stream of educator records with a worker pool. Every non-blank input line
 * gives exactly one output line: the report (the status report with `status`), or
 * `{ line, record?, errors }` for a line that could not be evaluated (also written to
 * `writeError`). The run never stops for a bad line.
 *
 * Anything else stops the run, and `runBatch` rejects with the first error: the policies, a
 * `write` or `writeError` that throws or rejects, the input stream, or the worker pool itself.
 * Then the chunks being evaluated are abandoned, the pool's threads exit, and a write in
 * progress is let settle: `runBatch` settles last, and nothing is written after it.
 *
 * @throws PolicyError when the policies (`rules`, or the built-in rules) cannot be loaded: each
 * worker loads them, and the first to fail stops the run with their issues.
 * @throws the error of `write`, `writeError`, `onProgress` or `input` when one fails.
 * @example
 * const summary = await runBatch({ input: createReadStream("records.ndjson"), source: "records.ndjson",
 *   write: (t) => out.write(t), writeError: (t) => errors.write(t), asOf: "2026-11-24" });
 * summary.evaluated //=> 10000
 */
export async function runBatch(options: BatchOptions): Promise<BatchSummary> {
  const workers = Math.max(1, options.workers ?? availableParallelism());
  const chunkSize = Math.max(1, options.chunkSize ?? DEFAULT_CHUNK_SIZE);
  const workerMemoryMb = Math.max(16, options.workerMemoryMb ?? DEFAULT_WORKER_MEMORY_MB);
  const ordered = options.ordered ?? true;
  const maxInFlight = Math.max(1, options.window ?? workers * 4);
  const maxLineBytes = Math.max(1, options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES);
  const pool = new Piscina({
    ...workerFile(),
    minThreads: workers,
    maxThreads: workers,
    // bounded heaps: a worker collects garbage before its heap grows past this, so memory stays
    // flat; a young generation of 16 MB lets most of a report die young (8 MB promoted a third
    // of each record's objects, and the old generation's collections cost more than the 8 MB saved)
    resourceLimits: { maxOldGenerationSizeMb: workerMemoryMb, maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
  });
  const counts = new Map<string, { met: number; not_met: number; not_eligible: number; not_evaluated: number }>();
  let lines = 0;
  let evaluated = 0;
  let errors = 0;
  let done = 0;
  let bytesDone = 0;
  let recordsInFlight = 0;
  let peakInFlight = 0;

  let next = 0; // next chunk index to write (ordered)
  const finished = new Map<number, BatchChunkResult>();
  /** Per chunk in flight: its records and the input bytes it spans (from the previous chunk's end). */
  const spans = new Map<number, { records: number; bytes: number }>();
  let inFlight = 0;
  let waiter: (() => void) | undefined;
  let failure: unknown;
  let writing: Promise<void> = Promise.resolve();
  /** Rejects the read of the input that is waiting, if one is (a slow pipe), when the run fails. */
  let cancelRead: ((error: unknown) => void) | undefined;
  /** Stops the run with its first error (an error thrown as `undefined` or `null` is given one). */
  const fail = (error: unknown) => {
    failure ??= error ?? new Error("The batch stopped on an error with no value.");
    cancelRead?.(failure);
    waiter?.();
  };
  // an error of the pool itself fails the run instead of being thrown uncaught; the listener
  // outlives the call on purpose: a worker's last message can race with the pool's destruction
  // after a failure, and piscina reports it as an 'error' that is then ignored (the run has failed)
  pool.on("error", fail);

  const emit = async (index: number, chunk: BatchChunkResult) => {
    // consecutive report lines are one run of bytes, written at once
    let written = 0;
    let end = 0;
    const flushRun = async () => {
      if (end > written && failure === undefined) await options.write(chunk.bytes.subarray(written, end));
      written = end;
    };
    // once the run has failed, nothing more is written: every write below checks it first
    for (const r of chunk.lines) {
      if (r.ok) {
        evaluated += 1;
        for (const s of r.statuses) {
          const [policy, stack, status] = s.split("\u0000") as [string, string, keyof StackCounts];
          const key = `${policy}\u0000${stack}`;
          const c = counts.get(key) ?? { met: 0, not_met: 0, not_eligible: 0, not_evaluated: 0 };
          if (status in c) c[status as "met"] += 1;
          counts.set(key, c);
        }
        end = r.end;
      } else {
        await flushRun();
        if (failure !== undefined) return;
        errors += 1;
        const line = errorLine(r);
        await options.write(`${line}\n`);
        if (failure === undefined) await options.writeError(`${line}\n`);
      }
    }
    await flushRun();
    if (failure !== undefined) return;
    if (options.releaseWritten === true) releaseBytes(chunk.bytes);
    const span = spans.get(index)!;
    spans.delete(index);
    done += chunk.lines.length;
    bytesDone += span.bytes;
    recordsInFlight -= span.records;
    options.onProgress?.(done, bytesDone);
  };

  // a chunk stays "in flight" until its lines are written, so finished-but-unwritten chunks
  // (waiting for an earlier one in ordered mode) are bounded too
  const release = () => {
    inFlight -= 1;
    waiter?.();
  };
  const submit = (index: number, task: BatchTask) => {
    inFlight += 1;
    const run = (pool.run(task) as Promise<BatchChunkResult>).catch((error: unknown) => {
      // a worker that runs out of memory fails its chunk's lines, not the run; piscina starts another
      if ((error as { code?: unknown } | undefined)?.code !== "ERR_WORKER_OUT_OF_MEMORY") throw error;
      return outOfMemory(task, workerMemoryMb);
    });
    run.then(
      (results) => {
        if (results.policyIssues !== undefined) {
          // the policies could not be loaded in the worker: the run stops with their typed error
          fail(new PolicyError(results.policyIssues));
        }
        if (failure !== undefined) {
          // the run has stopped: a chunk that finishes afterwards is not written
          release();
          return;
        }
        writing = writing.then(async () => {
          if (!ordered) {
            await emit(index, results);
            release();
            return;
          }
          finished.set(index, results);
          while (finished.has(next)) {
            const ready = finished.get(next)!;
            finished.delete(next);
            await emit(next, ready);
            next += 1;
            release();
          }
        });
        writing.catch((error: unknown) => {
          fail(error);
          release();
        });
      },
      (error: unknown) => {
        fail(error);
        release();
      },
    );
  };
  const room = () =>
    new Promise<void>((resolve) => {
      if (inFlight < maxInFlight || failure !== undefined) resolve();
      else waiter = () => {
        if (inFlight < maxInFlight || failure !== undefined) {
          waiter = undefined;
          resolve();
        }
      };
    });

  let chunkIndex = 0;
  let lineNo = 0;
  let pendingLines: number[] = [];
  let pendingTexts: (string | undefined)[] = [];
  let read = 0; // input bytes up to the end of the last complete line
  let flushedAt = 0; // input bytes up to the end of the last chunk sent
  const flush = async () => {
    if (pendingTexts.length === 0) return;
    await room();
    if (failure !== undefined) throw failure;
    spans.set(chunkIndex, { records: pendingTexts.length, bytes: read - flushedAt });
    flushedAt = read;
    recordsInFlight += pendingTexts.length;
    peakInFlight = Math.max(peakInFlight, recordsInFlight);
    submit(chunkIndex, { source: options.source, rules: options.rules, asOf: options.asOf, states: options.states, status: options.status === true, maxLineBytes, lines: pendingLines, texts: pendingTexts });
    chunkIndex += 1;
    pendingLines = [];
    pendingTexts = [];
  };
  /** One complete line: its bytes, or undefined when it was longer than maxLineBytes (and skipped). */
  const takeLine = async (bytes: Buffer | undefined, end: number) => {
    lineNo += 1;
    read = end;
    let text: string | undefined;
    if (bytes !== undefined) {
      text = bytes.toString("utf8");
      if (lineNo === 1 && text.startsWith("\uFEFF")) text = text.slice(1);
      if (text.endsWith("\r")) text = text.slice(0, -1);
      if (text.trim() === "") return;
    }
    lines += 1;
    pendingLines.push(lineNo);
    pendingTexts.push(text);
    if (pendingTexts.length >= chunkSize) await flush();
    if (failure !== undefined) throw failure;
  };

  try {
    // lines are cut at the newline byte (never part of a multi-byte UTF-8 character) and decoded
    // whole, so a character split between two reads is never damaged; a line longer than
    // maxLineBytes is dropped as it streams in, so memory stays bounded whatever the input
    let parts: Buffer[] = [];
    let partBytes = 0;
    let skipping = false;
    let offset = 0;
    // the input is read until its end or the run's failure, whichever comes first: a failure
    // that comes while a read waits on a slow pipe stops the run then, not at the next line
    const reader = (options.input as AsyncIterable<Buffer | string>)[Symbol.asyncIterator]();
    // each read is its own promise, cancelled by a failure: nothing outlives the read (a race
    // against one promise that lasts the whole run would keep every chunk read until the end)
    const nextPiece = () =>
      new Promise<IteratorResult<Buffer | string>>((resolve, reject) => {
        if (failure !== undefined) {
          reject(failure);
          return;
        }
        cancelRead = reject;
        reader.next().then(resolve, reject); // a read that settles after its cancellation is ignored
      }).finally(() => {
        cancelRead = undefined;
      });
    let ended = false;
    try {
      for (;;) {
        const step = await nextPiece();
        if (step.done) {
          ended = true;
          break;
        }
        const chunk = step.value;
        const buf = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : (chunk as Buffer);
        let start = 0;
        for (let nl = buf.indexOf(10, start); nl >= 0; nl = buf.indexOf(10, start)) {
          const piece = buf.subarray(start, nl);
          const tooLong = skipping || partBytes + piece.length > maxLineBytes;
          const line = tooLong ? undefined : parts.length === 0 ? piece : Buffer.concat([...parts, piece]);
          parts = [];
          partBytes = 0;
          skipping = false;
          start = nl + 1;
          await takeLine(line, offset + start);
        }
        if (start < buf.length && !skipping) {
          const rest = buf.subarray(start);
          if (partBytes + rest.length > maxLineBytes) {
            skipping = true;
            parts = [];
            partBytes = 0;
          } else {
            parts.push(rest);
            partBytes += rest.length;
          }
        }
        offset += buf.length;
      }
    } finally {
      // stopped early: the input is closed, as leaving a for await loop would (destroyed when it
      // is a stream, so a read still waiting ends too)
      if (!ended) {
        const stream = options.input as { destroy?: () => void };
        if (typeof stream.destroy === "function") stream.destroy();
        else void reader.return?.()?.catch(() => undefined);
      }
    }
    if (skipping || partBytes > 0) await takeLine(skipping ? undefined : Buffer.concat(parts), offset);
    read = offset;
    await flush();
    while (inFlight > 0 && failure === undefined) {
      await new Promise<void>((resolve) => {
        waiter = () => {
          waiter = undefined;
          resolve();
        };
      });
    }
    await writing;
    if (failure !== undefined) throw failure;
    if (bytesDone < offset) {
      bytesDone = offset;
      options.onProgress?.(done, bytesDone);
    }
  } catch (error) {
    // whatever stopped the run (the input, a write, the pool) stops it everywhere
    fail(error);
  } finally {
    // after a failure the chunks in flight are abandoned (evaluation has no side effects), and a
    // write in progress is let settle: nothing is written once runBatch has settled
    await Promise.allSettled([pool.destroy(), writing]);
  }
  if (failure !== undefined) throw failure;
  const stacks = [...counts.entries()]
    .map(([key, c]) => {
      const [policy, stack] = key.split("\u0000") as [string, string];
      return { policy, stack, ...c };
    })
    .sort((a, b) => (a.policy === b.policy ? (a.stack < b.stack ? -1 : 1) : a.policy < b.policy ? -1 : 1));
  return { lines, evaluated, errors, stacks, peakInFlight };
}

