// The batch worker never lets one line stop the run: an error evaluation did not expect (here a
// TypeError thrown for one record) becomes that line's evaluation_failed issue.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, onTestFinished, test, vi } from "vitest";
import { generateRecord } from "../../src/generate/records.js";
import { loadBuiltinPolicies } from "../../src/node/load.js";

vi.mock("../../src/evaluate/evaluate.js", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../src/evaluate/evaluate.js")>();
  return {
    ...original,
    evaluate: (record: { id: string }, ...rest: unknown[]) => {
      if (record.id === "gen-5-1") throw new TypeError("Cannot read properties of undefined (reading 'id')");
      return (original.evaluate as (...args: unknown[]) => unknown)(record, ...rest);
    },
  };
});

/** How many times a worker loaded a rules folder (not the built-in rules). */
const loads = vi.hoisted(() => ({ count: 0 }));
vi.mock("../../src/node/load.js", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../src/node/load.js")>();
  return {
    ...original,
    loadPolicies: (...args: Parameters<typeof original.loadPolicies>) => {
      loads.count += 1;
      return original.loadPolicies(...args);
    },
  };
});

const { runChunk, scratchBytes } = await import("../../src/node/batch-worker.js");
const { evaluate } = await import("../../src/evaluate/evaluate.js");
const policies = loadBuiltinPolicies();

describe("runChunk", () => {
  test("an unexpected error on one line is that line's issue; the lines around it are evaluated", () => {
    const texts = [0, 1, 2].map((i) => JSON.stringify(generateRecord(i, { seed: 5, states: ["SC"], credentials: [1, 2] })));
    const chunk = runChunk({ source: "in.ndjson", rules: undefined, asOf: "2026-11-24", states: ["SC"], lines: [7, 8, 9], texts });
    const results = chunk.lines;
    expect(results.map((r) => [r.line, r.ok])).toEqual([
      [7, true],
      [8, false],
      [9, true],
    ]);
    // the bytes hold the two reports, the failed line's none; each end is where its report stops
    const reports = [0, 2].map((i) => Buffer.byteLength(`${JSON.stringify(evaluate(JSON.parse(texts[i]!), policies, { asOf: "2026-11-24", states: ["SC"] }))}\n`));
    expect(results.map((r) => (r.ok ? r.end : -1))).toEqual([reports[0], -1, reports[0]! + reports[1]!]);
    expect(chunk.bytes.length).toBe(reports[0]! + reports[1]!);
    const bad = results[1]!;
    expect(bad.ok ? undefined : { record: bad.record, issues: bad.issues }).toEqual({
      record: "gen-5-1",
      issues: [
        {
          code: "evaluation_failed",
          message: "Evaluating this record failed unexpectedly: TypeError: Cannot read properties of undefined (reading 'id').",
          path: [],
          hint: "Report the message and the record; the other records are not affected.",
          position: { file: "in.ndjson", line: 8, column: 1 },
        },
      ],
    });
  });

  test("the chunk's bytes are each evaluated report's JSON in UTF-8, one line each, in order, with each line's end", () => {
    // five records of every state make over 1 MB of reports (about 330 KB each): the scratch
    // space, 1 MiB at the start (the test above needs less), grows with reports already in it;
    // the built-in rules cite sections with '§', so the text is not ASCII
    const records = [10, 11, 12, 13, 14].map((i) => generateRecord(i, { seed: 3, credentials: [20, 30] }));
    const texts = records.map((r) => JSON.stringify(r));
    const chunk = runChunk({ source: "in.ndjson", rules: undefined, asOf: "2026-11-24", states: undefined, lines: [1, 2, 3, 4, 5], texts });
    const expected = records.map((r) => Buffer.from(`${JSON.stringify(evaluate(r, policies, { asOf: "2026-11-24" }))}\n`, "utf8"));
    expect(expected.some((b) => b.length !== b.toString("utf8").length)).toBe(true);
    expect(expected[0]!.length * 3 + 1).toBeLessThan(1 << 20); // the first report fits: the growth comes later
    expect(chunk.bytes.length).toBeGreaterThan(1 << 20);
    expect(Buffer.from(chunk.bytes).equals(Buffer.concat(expected))).toBe(true);
    let end = 0;
    expect(chunk.lines.map((l) => (l.ok ? l.end : -1))).toEqual(expected.map((b) => (end += b.length)));
    expect(chunk.bytes.buffer.byteLength).toBe(chunk.bytes.length);
  });

  test("the scratch space is kept between chunks up to 8 MiB; a chunk that grew it further leaves 1 MiB, and the next chunk's bytes are exact", () => {
    const chunkOf = (ids: number[]) => {
      const records = ids.map((i) => generateRecord(i, { seed: 8, credentials: [20, 30] }));
      const chunk = runChunk({ source: "in.ndjson", rules: undefined, asOf: "2026-11-24", states: undefined, lines: ids, texts: records.map((r) => JSON.stringify(r)) });
      const expected = Buffer.concat(records.map((r) => Buffer.from(`${JSON.stringify(evaluate(r, policies, { asOf: "2026-11-24" }))}\n`, "utf8")));
      return { chunk, expected };
    };
    // about 1.6 MB of reports: the space grows past 1 MiB and is kept
    const small = chunkOf([20, 21, 22, 23, 24]);
    expect(Buffer.from(small.chunk.bytes).equals(small.expected)).toBe(true);
    expect(scratchBytes()).toBeGreaterThan(1 << 20);
    expect(scratchBytes()).toBeLessThanOrEqual(8 << 20);
    // over 8 MiB of reports (about 330 KB each): the space grew past 8 MiB, so it is let go
    const large = chunkOf(Array.from({ length: 32 }, (_, i) => 30 + i));
    expect(large.expected.length).toBeGreaterThan(8 << 20);
    expect(Buffer.from(large.chunk.bytes).equals(large.expected)).toBe(true);
    expect(scratchBytes()).toBe(1 << 20);
    const after = chunkOf([70, 71]);
    expect(Buffer.from(after.chunk.bytes).equals(after.expected)).toBe(true);
  });

  test("policies that cannot be loaded give their issues for every chunk, loaded once, not again per chunk", () => {
    const broken = mkdtempSync(join(tmpdir(), "credstack-worker-rules-"));
    onTestFinished(() => rmSync(broken, { recursive: true, force: true }));
    writeFileSync(join(broken, "bad.yaml"), "id: bad\nstate: NC\n");
    const texts = [JSON.stringify(generateRecord(0, { seed: 5, states: ["SC"], credentials: [1, 2] }))];
    const before = loads.count;
    const results = [1, 2, 3].map((line) => runChunk({ source: "in.ndjson", rules: broken, asOf: "2026-11-24", states: undefined, lines: [line], texts }));
    expect(loads.count - before).toBe(1);
    for (const r of results) {
      expect(r.lines).toEqual([]);
      expect(r.bytes.length).toBe(0);
      expect(r.policyIssues?.map((i) => [i.code, i.position?.file])).toContainEqual(["missing_key", join(broken, "bad.yaml")]);
    }
  });
});
