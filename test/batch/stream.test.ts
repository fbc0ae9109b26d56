// runBatch's reading: lines cut on bytes (a UTF-8 character split between two reads survives), a
// bounded line length, at most `window` chunks of records in flight, and progress that follows the
// records written.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough, Readable, Writable } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import v8 from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, onTestFinished, test } from "vitest";
import { runBatchFiles } from "../../src/cli/batch.js";
import { runCli, type CliIo } from "../../src/cli/main.js";
import { evaluate, evaluateStatus } from "../../src/evaluate/evaluate.js";
import { generateRecord } from "../../src/generate/records.js";
import { PolicyError } from "../../src/errors/errors.js";
import { runBatch } from "../../src/node/batch.js";
import { loadBuiltinPolicies } from "../../src/node/index.js";
import { parseRecord } from "../../src/record/parse.js";
import type { EducatorRecordInput } from "../../src/schema/record.js";

const dir = mkdtempSync(join(tmpdir(), "credstack-stream-"));
const policies = loadBuiltinPolicies();
const asOf = "2026-11-24";

async function run(argv: string[], stdin?: NodeJS.ReadableStream) {
  let out = "";
  let err = "";
  const io: CliIo = { out: (t) => (out += t), err: (t) => (err += t), color: false, today: () => asOf, ...(stdin ? { stdin } : {}) };
  const code = await runCli(argv, io);
  return { code, out, err };
}

/**
 * Wyoming records whose credential titles are multi-byte characters ("✓", 3 bytes in UTF-8), the
 * padding chosen so that byte 65536, where a 64 KiB read ends, falls inside a character.
 */
function straddling(): { records: EducatorRecordInput[]; bytes: Buffer } {
  for (let pad = 0; pad < 3; pad += 1) {
    const records = Array.from({ length: 12 }, (_, i) => {
      const r = generateRecord(i, { seed: 11, states: ["WY"], credentials: [3, 3] });
      const title = `${"é".repeat(pad)}${"✓".repeat(2000)} ${i}`;
      return { ...r, credentials: r.credentials!.map((c) => ({ ...c, title })) };
    });
    const bytes = Buffer.from(`${records.map((r) => JSON.stringify(r)).join("\n")}\n`, "utf8");
    // a continuation byte (10xxxxxx) at 65536 means a character starts before the boundary and ends after it
    if (bytes.length > 65536 && (bytes[65536]! & 0xc0) === 0x80) return { records, bytes };
  }
  throw new Error("no padding puts a character across byte 65536");
}

describe("runBatch reads bytes, not chunks of text", () => {
  const { records, bytes } = straddling();
  const expected = records.map((r) => JSON.stringify(evaluate(parseRecord(r), policies, { asOf, states: ["WY"] })));

  test("a file: a character across byte 65536 comes out whole", async () => {
    const input = join(dir, "utf8.ndjson");
    writeFileSync(input, bytes);
    const output = join(dir, "utf8.out.ndjson");
    const { code } = await run(["batch", input, "--state", "WY", "--as-of", asOf, "--workers", "1", "--out", output]);
    expect(code).toBe(0);
    const { readFileSync } = await import("node:fs");
    const lines = readFileSync(output, "utf8").trimEnd().split("\n");
    expect(lines).toEqual(expected);
    expect(lines.join("\n")).not.toContain("\uFFFD");
  }, 60_000);

  test("standard input (-), read in two pieces split inside the character", async () => {
    const stdin = Readable.from([bytes.subarray(0, 65536), bytes.subarray(65536)]);
    const { code, out } = await run(["batch", "-", "--state", "WY", "--as-of", asOf, "--workers", "1"], stdin);
    expect(code).toBe(0);
    expect(out.trimEnd().split("\n")).toEqual(expected);
  }, 60_000);
});

describe("runBatch bounds what it holds", () => {
  test("a line longer than maxLineBytes (the last one, without a newline) is a bad line, not a buffer that grows", async () => {
    const good = JSON.stringify(generateRecord(0, { seed: 3, states: ["SC"], credentials: [1, 1] }));
    // 40 pieces of 64 KiB without a newline: 2.5 MiB, over the 1 MiB limit
    const piece = Buffer.alloc(65536, "x".charCodeAt(0));
    async function* input() {
      yield Buffer.from(`${good}\n\n`);
      for (let i = 0; i < 40; i += 1) yield piece;
    }
    const out: string[] = [];
    const errors: string[] = [];
    const summary = await runBatch({ input: Readable.from(input()), source: "long.ndjson", write: (t) => void out.push(typeof t === "string" ? t : new TextDecoder().decode(t)), writeError: (t) => void errors.push(t), asOf, states: ["SC"], workers: 1 });
    expect([summary.lines, summary.evaluated, summary.errors]).toEqual([2, 1, 1]);
    // line 1 the record, line 2 blank, line 3 the long one
    const bad = JSON.parse(errors[0]!) as { line: number; errors: { code: string; message: string; position: { file: string; line: number } }[] };
    expect(bad.line).toBe(3);
    expect(bad.errors[0]).toMatchObject({ code: "input_too_large", message: "The line is longer than the limit of 1048576 bytes; it was skipped.", position: { file: "long.ndjson", line: 3 } });
    expect(out).toHaveLength(2);
  }, 60_000);

  test("what was read is not kept: after 128 MiB of input, at most a few MiB of buffers are alive", async () => {
    // blank lines of 512 KiB each (no record to evaluate): only the reading is measured
    v8.setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    async function* input() {
      for (let i = 0; i < 256; i += 1) {
        const piece = Buffer.alloc(512 * 1024, 0x20);
        piece[piece.length - 1] = 0x0a;
        yield piece;
      }
    }
    let alive = -1;
    const summary = await runBatch({
      input: Readable.from(input()),
      source: "blank.ndjson",
      write: () => undefined,
      writeError: () => undefined,
      asOf,
      states: ["SC"],
      workers: 1,
      // called once, at the end of the input, while runBatch still holds everything it kept
      onProgress: () => {
        gc();
        alive = process.memoryUsage().arrayBuffers;
      },
    });
    expect(summary.lines).toBe(0);
    expect(alive).toBeGreaterThan(0);
    expect(alive).toBeLessThan(32 * 1024 * 1024);
  }, 60_000);

  test("a long line in the middle is skipped up to its newline; the lines after it are read", async () => {
    const a = JSON.stringify(generateRecord(1, { seed: 3, states: ["SC"], credentials: [1, 1] }));
    const b = JSON.stringify(generateRecord(2, { seed: 3, states: ["SC"], credentials: [1, 1] }));
    const text = `${a}\n${"y".repeat(5000)}\n${b}\n`;
    const out: string[] = [];
    const summary = await runBatch({ input: Readable.from([Buffer.from(text)]), source: "mid.ndjson", write: (t) => void out.push(typeof t === "string" ? t : new TextDecoder().decode(t)), writeError: () => undefined, asOf, states: ["SC"], workers: 1, maxLineBytes: 4096 });
    expect([summary.lines, summary.evaluated, summary.errors]).toEqual([3, 2, 1]);
    expect(out[1]).toMatch(/^\{"line":2,"errors":\[\{"code":"input_too_large"/);
    expect(JSON.parse(out[2]!).record).toBe("gen-3-2");
  }, 60_000);

  test("a worker out of memory fails the lines of its chunk, each with the limit named; the run goes on and ends", async () => {
    // 16 MB of heap does not hold the compiled built-in policies: every chunk's worker runs out
    const lines = Array.from({ length: 3 }, (_, i) => JSON.stringify(generateRecord(i, { seed: 4, states: ["SC"], credentials: [0, 2] })));
    const out: string[] = [];
    const errors: string[] = [];
    const summary = await runBatch({
      input: Readable.from([Buffer.from(`${lines.join("\n")}\n`)]),
      source: "oom.ndjson",
      write: (t) => void out.push(typeof t === "string" ? t : new TextDecoder().decode(t)),
      writeError: (t) => void errors.push(t),
      asOf,
      states: ["SC"],
      workers: 1,
      workerMemoryMb: 16,
    });
    expect([summary.lines, summary.evaluated, summary.errors]).toEqual([3, 0, 3]);
    expect(out).toEqual(errors);
    const issues = errors.map((e) => JSON.parse(e) as { line: number; errors: { code: string; message: string; position: unknown }[] });
    expect(issues.map((i) => [i.line, i.errors[0]!.code, i.errors[0]!.position])).toEqual([1, 2, 3].map((line) => [line, "evaluation_failed", { file: "oom.ndjson", line, column: 1 }]));
    expect(issues[0]!.errors[0]!.message).toBe("The worker evaluating this line ran out of memory (its limit is 16 MB); the lines of its chunk were not evaluated.");
  }, 60_000);

  test("policies the workers cannot load stop the run with a typed PolicyError, its issues intact; nothing is written", async () => {
    const broken = mkdtempSync(join(tmpdir(), "credstack-broken-rules-"));
    onTestFinished(() => rmSync(broken, { recursive: true, force: true }));
    writeFileSync(join(broken, "bad.yaml"), "id: bad\nstate: NC\n");
    const lines = Array.from({ length: 20 }, (_, i) => JSON.stringify(generateRecord(i, { seed: 4, states: ["SC"], credentials: [0, 2] })));
    const out: unknown[] = [];
    const batch = runBatch({ input: Readable.from([Buffer.from(`${lines.join("\n")}\n`)]), source: "in.ndjson", write: (t) => void out.push(t), writeError: (t) => void out.push(t), asOf, rules: broken, workers: 2 });
    const error = await batch.then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(PolicyError);
    const issues = (error as PolicyError).issues;
    expect(issues.every((i) => i.position?.file === join(broken, "bad.yaml"))).toBe(true);
    expect(issues.map((i) => i.code)).toContain("missing_key");
    expect(out).toEqual([]);
  }, 60_000);

  test("a write that fails stops the run with its error; chunks that finish afterwards are not written", async () => {
    const lines = Array.from({ length: 40 }, (_, i) => JSON.stringify(generateRecord(i, { seed: 4, states: ["SC"], credentials: [0, 2] })));
    const full = new Error("disk full");
    let calls = 0;
    const batch = runBatch({
      input: Readable.from([Buffer.from(`${lines.join("\n")}\n`)]),
      source: "w.ndjson",
      write: () => {
        calls += 1;
        throw full;
      },
      writeError: () => undefined,
      asOf,
      states: ["SC"],
      workers: 2,
      chunkSize: 2,
    });
    const error = await batch.then(() => undefined, (e: unknown) => e);
    expect(error).toBe(full);
    // 20 chunks, at most 8 in flight: the first write failed and no other chunk was written,
    // then or after runBatch settled
    expect(calls).toBe(1);
    await sleep(300);
    expect(calls).toBe(1);
  }, 60_000);

  test("an input stream that fails while chunks are in flight stops the run with its error; nothing is written once it has settled", async () => {
    const lines = Array.from({ length: 24 }, (_, i) => JSON.stringify(generateRecord(i, { seed: 4, states: ["SC"], credentials: [0, 2] })));
    const broken = new Error("input broke");
    let firstWrite!: () => void;
    const writeStarted = new Promise<void>((resolve) => (firstWrite = resolve));
    // 12 chunks of 2, then the input fails once a chunk is being written: the writes are slow,
    // so finished chunks are waiting to be written when it does
    async function* input() {
      yield Buffer.from(`${lines.join("\n")}\n`);
      await writeStarted;
      throw broken;
    }
    let writes = 0;
    let active = 0;
    const batch = runBatch({
      input: Readable.from(input()),
      source: "i.ndjson",
      write: async () => {
        writes += 1;
        active += 1;
        firstWrite();
        await sleep(100);
        active -= 1;
      },
      writeError: () => undefined,
      asOf,
      states: ["SC"],
      workers: 2,
      chunkSize: 2,
      ordered: false,
    });
    const error = await batch.then(() => undefined, (e: unknown) => e);
    expect(error).toBe(broken);
    // the write in progress when the input failed had settled before runBatch did
    expect(active).toBe(0);
    const settled = writes;
    expect(settled).toBeGreaterThanOrEqual(1);
    expect(settled).toBeLessThan(12);
    await sleep(500);
    expect(writes).toBe(settled);
  }, 60_000);

  test("a failure while the input waits on a slow pipe stops the run then, not at the next line; the input is closed", async () => {
    const lines = Array.from({ length: 4 }, (_, i) => JSON.stringify(generateRecord(i, { seed: 4, states: ["SC"], credentials: [0, 2] })));
    // a pipe that gives four lines and then nothing more, never ending
    const pipe = new PassThrough();
    pipe.write(`${lines.join("\n")}\n`);
    const full = new Error("disk full");
    const batch = runBatch({
      input: pipe,
      source: "<stdin>",
      write: () => {
        throw full;
      },
      writeError: () => undefined,
      asOf,
      states: ["SC"],
      workers: 1,
      chunkSize: 2,
    });
    expect(await batch.then(() => undefined, (e: unknown) => e)).toBe(full);
    expect(pipe.destroyed).toBe(true);
  }, 60_000);

  test("report lines arrive as UTF-8 bytes, several lines in one write, identical to the reports", async () => {
    const records = Array.from({ length: 5 }, (_, i) => generateRecord(i, { seed: 6, states: ["WY"], credentials: [1, 3] }));
    const writes: (Uint8Array | string)[] = [];
    await runBatch({ input: Readable.from([Buffer.from(records.map((r) => JSON.stringify(r)).join("\n"))]), source: "b.ndjson", write: (t) => void writes.push(t), writeError: () => undefined, asOf, states: ["WY"], workers: 1 });
    // one chunk (8 lines by default) of 5 good records: one write of 5 lines
    expect(writes.map((w) => w instanceof Uint8Array)).toEqual([true]);
    const text = new TextDecoder().decode(writes[0] as Uint8Array);
    expect(text.split("\n")).toEqual([...records.map((r) => JSON.stringify(evaluate(parseRecord(r), policies, { asOf, states: ["WY"] }))), ""]);
  }, 60_000);

  test("releaseWritten frees each chunk's bytes once its writes are done, a bad line between two runs of them too: what write copied is every report, and the bytes it was given are empty afterwards (kept without it)", async () => {
    const records = Array.from({ length: 20 }, (_, i) => generateRecord(i, { seed: 6, states: ["WY"], credentials: [1, 3] }));
    // line 4 is not JSON: the first chunk's reports are written in two runs, around its error line
    const lines = records.map((r, i) => (i === 3 ? "{" : JSON.stringify(r)));
    const input = () => Readable.from([Buffer.from(lines.join("\n"))]);
    const reports = records.map((r) => JSON.stringify(evaluate(parseRecord(r), policies, { asOf, states: ["WY"] })));
    for (const releaseWritten of [true, false]) {
      const given: Uint8Array[] = [];
      let text = "";
      await runBatch({
        input: input(),
        source: "r.ndjson",
        // a write that is done with its bytes when its promise settles: it decodes them, later
        write: async (t) => {
          await sleep(2);
          if (typeof t !== "string") given.push(t);
          text += typeof t === "string" ? t : new TextDecoder().decode(t);
        },
        writeError: () => undefined,
        asOf,
        states: ["WY"],
        workers: 2,
        releaseWritten,
      });
      const out = text.split("\n");
      expect(out.length).toBe(21);
      expect(out.filter((_, i) => i !== 3 && i !== 20)).toEqual(reports.filter((_, i) => i !== 3));
      expect(JSON.parse(out[3]!)).toMatchObject({ line: 4, errors: [{ code: "invalid_json" }] });
      // 20 lines in chunks of 8: the first chunk's reports in two writes (lines 1-3, 5-8), then one write per chunk
      expect(given.length).toBe(4);
      expect(given.map((b) => b.byteLength === 0)).toEqual(releaseWritten ? [true, true, true, true] : [false, false, false, false]);
    }
  }, 60_000);

  test("the batch command frees the bytes it wrote only after the stream's write callback: a stream that reads them late still gets every report", async () => {
    const records = Array.from({ length: 20 }, (_, i) => generateRecord(i, { seed: 8, states: ["SC"], credentials: [1, 3] }));
    const path = join(dir, "late.ndjson");
    writeFileSync(path, records.map((r) => JSON.stringify(r)).join("\n"));
    const given: Uint8Array[] = [];
    let text = "";
    // room for every chunk, so write() returns true at once; the chunk is read 5 ms later, then called back
    const stdout = new Writable({
      highWaterMark: 64 * 1024 * 1024,
      write(chunk: Buffer, _encoding, callback) {
        given.push(chunk);
        setTimeout(() => {
          text += chunk.toString("utf8");
          callback();
        }, 5);
      },
    });
    const summary = await runBatchFiles(
      { input: path, out: "-", errors: undefined, asOf, states: ["SC"], workers: 2, ordered: true, rules: undefined },
      { out: () => undefined, err: () => undefined, stdout },
    );
    expect(summary.evaluated).toBe(20);
    expect(text.split("\n")).toEqual([...records.map((r) => JSON.stringify(evaluate(parseRecord(r), policies, { asOf, states: ["SC"] }))), ""]);
    // and they were freed once written
    expect(given.length).toBe(3);
    expect(given.every((b) => b.byteLength === 0)).toBe(true);
  }, 60_000);

  test("status: true writes each record's status report, byte for byte what evaluateStatus gives; the summary counts the same statuses", async () => {
    const records = Array.from({ length: 5 }, (_, i) => generateRecord(i, { seed: 6, states: ["WY"], credentials: [1, 3] }));
    const input = () => Readable.from([Buffer.from(records.map((r) => JSON.stringify(r)).join("\n"))]);
    const writes: (Uint8Array | string)[] = [];
    const summary = await runBatch({ input: input(), source: "s.ndjson", write: (t) => void writes.push(t), writeError: () => undefined, asOf, states: ["WY"], workers: 1, status: true });
    const text = writes.map((w) => (typeof w === "string" ? w : new TextDecoder().decode(w))).join("");
    expect(text.split("\n")).toEqual([...records.map((r) => JSON.stringify(evaluateStatus(parseRecord(r), policies, { asOf, states: ["WY"] }))), ""]);
    const fullSummary = await runBatch({ input: input(), source: "s.ndjson", write: () => undefined, writeError: () => undefined, asOf, states: ["WY"], workers: 1 });
    expect(summary.stacks).toEqual(fullSummary.stacks);
    expect([summary.lines, summary.evaluated, summary.errors]).toEqual([5, 5, 0]);
  }, 60_000);

  test("with a slow writer, never more than window × chunkSize records are in flight; progress follows the records written", async () => {
    const lines = Array.from({ length: 60 }, (_, i) => JSON.stringify(generateRecord(i, { seed: 4, states: ["SC"], credentials: [0, 2] })));
    const text = `${lines.join("\n")}\n`;
    // the input byte offset after line k (k = 1..60): the bytes of lines 1..k and their newlines
    const ends = lines.map((_, k) => Buffer.byteLength(lines.slice(0, k + 1).join("\n")) + 1);
    const progress: [number, number][] = [];
    const summary = await runBatch({
      input: Readable.from([Buffer.from(text)]), // the whole input is readable at once: only the window holds the reader back
      source: "slow.ndjson",
      write: () => sleep(5),
      writeError: () => undefined,
      asOf,
      states: ["SC"],
      workers: 1,
      chunkSize: 5,
      window: 2,
      onProgress: (done, bytes) => void progress.push([done, bytes]),
    });
    expect(summary.evaluated).toBe(60);
    // 2 chunks of 5 records at most
    expect(summary.peakInFlight).toBeLessThanOrEqual(10);
    expect(summary.peakInFlight).toBeGreaterThanOrEqual(5);
    // after each chunk of 5 is written, the bytes are those of the lines written, not of those read ahead
    expect(progress).toEqual(Array.from({ length: 12 }, (_, i) => [5 * (i + 1), ends[5 * (i + 1) - 1]!]));
    expect(progress.at(-1)![1]).toBe(Buffer.byteLength(text));
  }, 60_000);
});
