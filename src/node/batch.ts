/**
 * Batch evaluation: NDJSON educator records in, one report line out per record, through a worker
 * pool (piscina) that uses every core. Streaming with bounded work in flight, so memory stays
 * constant whatever the input size. Output keeps the input order unless `ordered` is false.
 */
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Piscina } from "piscina";
import type { BatchLineResult, BatchTask } from "./batch-worker.js";

/** Options for `runBatch`. */
export interface BatchOptions {
  /** The NDJSON input: one educator record (JSON) per line. */
  readonly input: NodeJS.ReadableStream;
  /** The input's name, for error positions. */
  readonly source: string;
  /** Where report lines go. */
  readonly write: (text: string) => void | Promise<void>;
  /** Where each bad line's issues go (one JSON line per bad line). */
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
  /** Lines per task sent to a worker. Default 64. */
  readonly chunkSize?: number | undefined;
  /** Called after each chunk with the records done and the bytes read so far. */
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
}

/** The worker file: the built `batch-worker.js` beside this module, or the source under tsx. */
function workerFile(): { filename: string; execArgv: string[] } {
  const here = import.meta.url;
  if (/\.ts$/.test(here)) return { filename: fileURLToPath(new URL("./batch-worker.ts", here)), execArgv: [...process.execArgv, "--import", "tsx"] };
  return { filename: fileURLToPath(new URL("./batch-worker.js", here)), execArgv: [...process.execArgv] };
}

/** One output line for a line that could not be evaluated. */
function errorLine(result: Extract<BatchLineResult, { ok: false }>): string {
  return JSON.stringify({ line: result.line, ...(result.record !== undefined ? { record: result.record } : {}), errors: result.issues });
}

/**
 * Evaluates an NDJSON stream of educator records with a worker pool. Every non-blank input line
 * gives exactly one output line: the report, or `{ line, record?, errors }` for a line that could
 * not be evaluated (also written to `writeError`). The run never stops for a bad line.
 *
 * @example
 * const summary = await runBatch({ input: createReadStream("records.ndjson"), source: "records.ndjson",
 *   write: (t) => out.write(t), writeError: (t) => errors.write(t), asOf: "2026-11-24" });
 * summary.evaluated //=> 10000
 */
export async function runBatch(options: BatchOptions): Promise<BatchSummary> {
  const workers = Math.max(1, options.workers ?? availableParallelism());
  const chunkSize = Math.max(1, options.chunkSize ?? 64);
  const ordered = options.ordered ?? true;
  const maxInFlight = workers * 4;
  const pool = new Piscina({ ...workerFile(), minThreads: workers, maxThreads: workers });
  const counts = new Map<string, { met: number; not_met: number; not_eligible: number; not_evaluated: number }>();
  let lines = 0;
  let evaluated = 0;
  let errors = 0;
  let bytes = 0;
  let done = 0;

  let next = 0; // next chunk index to write (ordered)
  const finished = new Map<number, BatchLineResult[]>();
  let inFlight = 0;
  let waiter: (() => void) | undefined;
  let failure: unknown;
  let writing: Promise<void> = Promise.resolve();

  const emit = async (results: BatchLineResult[]) => {
    for (const r of results) {
      if (r.ok) {
        evaluated += 1;
        for (const s of r.statuses) {
          const [policy, stack, status] = s.split("\u0000") as [string, string, keyof StackCounts];
          const key = `${policy}\u0000${stack}`;
          const c = counts.get(key) ?? { met: 0, not_met: 0, not_eligible: 0, not_evaluated: 0 };
          if (status in c) c[status as "met"] += 1;
          counts.set(key, c);
        }
        await options.write(`${r.output}\n`);
      } else {
        errors += 1;
        const line = errorLine(r);
        await options.write(`${line}\n`);
        await options.writeError(`${line}\n`);
      }
    }
    done += results.length;
    options.onProgress?.(done, bytes);
  };

  // a chunk stays "in flight" until its lines are written, so finished-but-unwritten chunks
  // (waiting for an earlier one in ordered mode) are bounded too
  const release = () => {
    inFlight -= 1;
    waiter?.();
  };
  const submit = (index: number, task: BatchTask) => {
    inFlight += 1;
    (pool.run(task) as Promise<BatchLineResult[]>).then(
      (results) => {
        writing = writing.then(async () => {
          if (!ordered) {
            await emit(results);
            release();
            return;
          }
          finished.set(index, results);
          while (finished.has(next)) {
            const ready = finished.get(next)!;
            finished.delete(next);
            next += 1;
            await emit(ready);
            release();
          }
        });
        writing.catch((error: unknown) => {
          failure ??= error;
        });
      },
      (error: unknown) => {
        failure ??= error;
        release();
      },
    );
  };
  const room = () =>
    new Promise<void>((resolve) => {
      if (inFlight < maxInFlight) resolve();
      else waiter = () => {
        if (inFlight < maxInFlight) {
          waiter = undefined;
          resolve();
        }
      };
    });

  let chunkIndex = 0;
  let lineNo = 0;
  let pendingLines: number[] = [];
  let pendingTexts: string[] = [];
  const flush = async () => {
    if (pendingTexts.length === 0) return;
    await room();
    submit(chunkIndex, { source: options.source, rules: options.rules, asOf: options.asOf, states: options.states, lines: pendingLines, texts: pendingTexts });
    chunkIndex += 1;
    pendingLines = [];
    pendingTexts = [];
  };

  try {
    let rest = "";
    for await (const chunk of options.input) {
      const text = typeof chunk === "string" ? chunk : (chunk as Buffer).toString("utf8");
      bytes += typeof chunk === "string" ? Buffer.byteLength(chunk) : (chunk as Buffer).length;
      const parts = (rest + text).split("\n");
      rest = parts.pop()!;
      for (const part of parts) {
        lineNo += 1;
        const line = part.endsWith("\r") ? part.slice(0, -1) : part;
        if (line.trim() === "") continue;
        lines += 1;
        pendingLines.push(lineNo);
        pendingTexts.push(line);
        if (pendingTexts.length >= chunkSize) await flush();
        if (failure) throw failure;
      }
    }
    if (rest.trim() !== "") {
      lineNo += 1;
      lines += 1;
      pendingLines.push(lineNo);
      pendingTexts.push(rest.endsWith("\r") ? rest.slice(0, -1) : rest);
    }
    await flush();
    while (inFlight > 0 && !failure) {
      await new Promise<void>((resolve) => {
        waiter = () => {
          waiter = undefined;
          resolve();
        };
      });
    }
    await writing;
    if (failure) throw failure;
  } finally {
    await pool.destroy();
  }
  const stacks = [...counts.entries()]
    .map(([key, c]) => {
      const [policy, stack] = key.split("\u0000") as [string, string];
      return { policy, stack, ...c };
    })
    .sort((a, b) => (a.policy === b.policy ? (a.stack < b.stack ? -1 : 1) : a.policy < b.policy ? -1 : 1));
  return { lines, evaluated, errors, stacks };
}

