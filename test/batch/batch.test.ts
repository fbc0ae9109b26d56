// credstack batch: NDJSON in, one report line per record out, through a worker pool started from
// source (tsx); the same results as evaluating each record alone.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { evaluate, toStatusReport } from "../../src/evaluate/evaluate.js";
import { MAX_SEED, generateRecord, generateRecords } from "../../src/generate/records.js";
import { parseRecord } from "../../src/record/parse.js";
import { loadBuiltinPolicies, loadRecordFile } from "../../src/node/index.js";
import { StatusReport } from "../../src/schema/report.js";
import { runCommand as run } from "../helpers/cli.js";

const dir = mkdtempSync(join(tmpdir(), "credstack-batch-"));
const policies = loadBuiltinPolicies();

describe("credstack batch", () => {
  test("10,000 generated records: one line per input line, in order, each the report of evaluating it alone", async () => {
    const input = join(dir, "records.ndjson");
    const output = join(dir, "reports.ndjson");
    const gen = await run("generate", "--count", "10000", "--seed", "2024", "--state", "SC", "--credentials", "0-3", "--out", input);
    expect(gen.code).toBe(0);
    const lines = readFileSync(input, "utf8").trimEnd().split("\n");
    expect(lines).toHaveLength(10_000);

    const { code, err } = await run("batch", input, "--state", "SC", "--as-of", "2026-11-24", "--workers", "2", "--out", output);
    expect(code).toBe(0);
    expect(err.split("\n")[0]).toBe("10000 records: 10000 evaluated, 0 errors");
    const reports = readFileSync(output, "utf8").trimEnd().split("\n");
    expect(reports).toHaveLength(10_000);
    let met = 0;
    reports.forEach((line, i) => {
      const alone = JSON.stringify(evaluate(parseRecord(JSON.parse(lines[i]!)), policies, { asOf: "2026-11-24", states: ["SC"] }));
      expect(line, `line ${i + 1}`).toBe(alone);
      if (line.includes('"status":"met"')) met += 1;
    });
    // the generated population is varied: some records meet a stack, most do not
    expect(met).toBeGreaterThan(0);
    expect(met).toBeLessThan(10_000);
  }, 300_000);

  test("300 records of all four states with 5 to 30 credentials: each line is the report of evaluating the record alone", async () => {
    const input = join(dir, "four-states.ndjson");
    const output = join(dir, "four-states.out.ndjson");
    const gen = await run("generate", "--count", "300", "--seed", "77", "--out", input);
    expect(gen.code).toBe(0);
    const lines = readFileSync(input, "utf8").trimEnd().split("\n");
    const records = lines.map((l) => parseRecord(JSON.parse(l)));
    // realistic records: every state, and the default 5 to 30 credentials (about 17 each)
    const states = new Map<string, number>();
    for (const r of records) states.set(r.licenses[0]!.state, (states.get(r.licenses[0]!.state) ?? 0) + 1);
    expect([...states.keys()].sort()).toEqual(["AR", "NC", "SC", "WY"]);
    for (const n of states.values()) expect(n).toBeGreaterThan(40);
    const credentials = records.reduce((sum, r) => sum + r.credentials.length, 0);
    expect(credentials / records.length).toBeGreaterThan(12);

    const { code, err } = await run("batch", input, "--as-of", "2026-11-24", "--workers", "2", "--out", output);
    expect(code).toBe(0);
    expect(err.split("\n")[0]).toBe("300 records: 300 evaluated, 0 errors");
    const reports = readFileSync(output, "utf8").trimEnd().split("\n");
    expect(reports).toHaveLength(300);
    const metIn = new Set<string>();
    reports.forEach((line, i) => {
      const alone = JSON.stringify(evaluate(records[i]!, policies, { asOf: "2026-11-24" }));
      expect(line === alone, `line ${i + 1}`).toBe(true);
      for (const r of (JSON.parse(line) as { results: { state: string; stacks: { status: string }[] }[] }).results) {
        if (r.stacks.some((s) => s.status === "met")) metIn.add(r.state);
      }
    });
    // some stack is met in every state: the population exercises each state's rules, not just rejections
    expect([...metIn].sort()).toEqual(["AR", "NC", "SC", "WY"]);
  }, 300_000);

  test("--unordered, every state: the same set of lines; bad lines go to the errors file with their line numbers", async () => {
    const input = join(dir, "mixed.ndjson");
    const records = [...generateRecords(40, { seed: 9, credentials: [2, 5] })].map((r) => JSON.stringify(r));
    records.splice(3, 0, '{"id": "bad id"}');
    records.splice(10, 0, "{not json");
    records.splice(20, 0, "");
    writeFileSync(input, `${records.join("\n")}\n`);
    const output = join(dir, "mixed.out.ndjson");
    const errors = join(dir, "mixed.errors.ndjson");
    const { code, err } = await run("batch", input, "--as-of", "2026-11-24", "--workers", "2", "--unordered", "--out", output, "--errors", errors);
    expect(code).toBe(1);
    // 43 lines, one blank: 42 records, 40 evaluated, 2 errors
    expect(err.split("\n")[0]).toBe("42 records: 40 evaluated, 2 errors");
    const errorLines = readFileSync(errors, "utf8").trimEnd().split("\n").map((l) => JSON.parse(l) as { line: number; errors: { code: string }[] });
    expect(errorLines.map((e) => [e.line, e.errors[0]!.code]).sort()).toEqual([
      [11, "invalid_json"],
      [4, "record_invalid"],
    ]);
    const out = readFileSync(output, "utf8").trimEnd().split("\n");
    expect(out).toHaveLength(42);
    const expected = [...generateRecords(40, { seed: 9, credentials: [2, 5] })].map((r) => JSON.stringify(evaluate(parseRecord(r), policies, { asOf: "2026-11-24" })));
    const reports = out.filter((l) => !l.startsWith('{"line"'));
    expect(reports.sort()).toEqual(expected.sort());
  }, 60_000);

  test("--status: each line is the record's StatusReport, the statuses of its full report; bad lines and the summary as without it", async () => {
    const input = join(dir, "status.ndjson");
    const met = loadRecordFile("fixtures/educators/nc-6-12-met.yaml");
    const short = loadRecordFile("fixtures/educators/nc-6-12-short.yaml");
    const generated = [...generateRecords(20, { seed: 31, credentials: [2, 8] })];
    const lines = [JSON.stringify(met), "{not json", JSON.stringify(short), '{"id": "bad id"}', ...generated.map((r) => JSON.stringify(r))];
    writeFileSync(input, `${lines.join("\n")}\n`);
    const runWith = async (name: string, ...flags: string[]) => {
      const output = join(dir, `${name}.out.ndjson`);
      const errors = join(dir, `${name}.errors.ndjson`);
      const result = await run("batch", input, "--as-of", "2026-11-24", "--workers", "2", "--out", output, "--errors", errors, ...flags);
      return { ...result, out: readFileSync(output, "utf8").trimEnd().split("\n"), errors: readFileSync(errors, "utf8") };
    };
    const status = await runWith("status", "--status");
    const full = await runWith("full");
    expect(status.code).toBe(1);
    expect(status.err.split("\n")[0]).toBe("24 records: 22 evaluated, 2 errors");
    // bad lines: the same output lines, errors file, summary and exit code as without --status
    expect(status.out).toHaveLength(24);
    expect([status.out[1], status.out[3]]).toEqual([full.out[1], full.out[3]]);
    expect(JSON.parse(status.out[1]!)).toMatchObject({ line: 2, errors: [{ code: "invalid_json" }] });
    expect(JSON.parse(status.out[3]!)).toMatchObject({ line: 4, errors: [{ code: "record_invalid" }] });
    expect(status.errors).toBe(full.errors);
    expect([status.code, status.err]).toEqual([full.code, full.err]);
    // every other line parses as a StatusReport and holds the statuses of the full report
    const records = [met, undefined, short, undefined, ...generated.map((r) => parseRecord(r))];
    const reports = status.out.map((line, i) => (records[i] === undefined ? undefined : StatusReport.parse(JSON.parse(line))));
    reports.forEach((report, i) => {
      if (report === undefined) return;
      expect(report, `line ${i + 1}`).toEqual(toStatusReport(evaluate(records[i]!, policies, { asOf: "2026-11-24" })));
      expect(report, `line ${i + 1}`).toEqual(toStatusReport(JSON.parse(full.out[i]!)));
    });
    // checked by hand: NC renewal met with 4 Subject + 4 General, not met with 3.5 Subject, both due the license's expiry
    const renewal = (report: StatusReport | undefined) => report?.results.find((r) => r.policy.id === "nc-renewal");
    expect(renewal(reports[0])).toEqual({ state: "NC", policy: { id: "nc-renewal", version: "2024-06-30" }, stacks: [{ id: "renewal", kind: "renewal", status: "met", deadline: "2027-06-30", optimal: true }] });
    expect(renewal(reports[2])).toEqual({ state: "NC", policy: { id: "nc-renewal", version: "2024-06-30" }, stacks: [{ id: "renewal", kind: "renewal", status: "not_met", deadline: "2027-06-30", optimal: true }] });
    expect([reports[0]?.record, reports[2]?.record]).toEqual(["nc-6-12-met", "nc-6-12-short"]);
  }, 120_000);

  test("bad options: exit 2, one line", async () => {
    const workers = await run("batch", "-", "--workers", "0");
    expect([workers.code, workers.err]).toEqual([2, "credstack: invalid_option --workers 0 is not a whole number of at least 1.\n"]);
    const memory = await run("batch", "-", "--worker-memory", "8");
    expect([memory.code, memory.err]).toEqual([2, "credstack: invalid_option --worker-memory 8 is not a whole number of MB of at least 16.\n"]);
    const gen = await run("generate", "--count", "x");
    expect([gen.code, gen.err]).toEqual([2, "credstack: invalid_option --count x is not a whole number.\n"]);
    const negative = await run("generate", "--count", "-1");
    expect([negative.code, negative.err]).toEqual([2, "credstack: invalid_option --count -1 must be 0 or more.\n"]);
  });

  test("a missing input file or a folder: file_unreadable with the path and a hint, exit 2", async () => {
    const missing = join(dir, "nope.ndjson");
    expect(await run("batch", missing, "--as-of", "2026-11-24")).toEqual({
      code: 2,
      out: "",
      err: `credstack: ${missing}:1:1 file_unreadable Cannot read input file '${missing}': ENOENT. No such file or folder; check the path. (at (root))\n`,
    });
    expect(await run("batch", dir, "--as-of", "2026-11-24")).toEqual({
      code: 2,
      out: "",
      err: `credstack: ${dir}:1:1 file_unreadable Cannot read input file '${dir}': EISDIR. It is a folder; give a file. (at (root))\n`,
    });
  });

  test("an --out or --errors file that cannot be opened: file_unwritable, exit 2, one line, before anything runs", async () => {
    const input = join(dir, "two.ndjson");
    writeFileSync(input, [...generateRecords(2, { seed: 3, states: ["SC"], credentials: [1, 1] })].map((r) => `${JSON.stringify(r)}\n`).join(""));
    const line = (path: string) => `credstack: ${path}:1:1 file_unwritable Cannot write output file '${path}': ENOENT. No such file or folder; check the path. (at (root))\n`;
    const out = join(dir, "no-such-folder", "x");
    expect(await run("batch", input, "--as-of", "2026-11-24", "--out", out)).toEqual({ code: 2, out: "", err: line(out) });
    const errors = join(dir, "no-such-folder", "e");
    expect(await run("batch", input, "--as-of", "2026-11-24", "--out", join(dir, "two.out"), "--errors", errors)).toEqual({ code: 2, out: "", err: line(errors) });
    // generate: 3 records or 3000, the same one line (it used to exit 0 writing nothing, or crash)
    for (const count of ["3", "3000"]) expect(await run("generate", "--count", count, "--out", out)).toEqual({ code: 2, out: "", err: line(out) });
  });
});

describe("credstack generate", () => {
  test("seeded: the same seed gives the same records, another seed others; every record is valid", async () => {
    const a = await run("generate", "--count", "50", "--seed", "7");
    const b = await run("generate", "--count", "50", "--seed", "7");
    const c = await run("generate", "--count", "50", "--seed", "8");
    expect(a.out).toBe(b.out);
    expect(a.out).not.toBe(c.out);
    const records = a.out.trimEnd().split("\n").map((l) => parseRecord(JSON.parse(l)));
    expect(records.map((r) => r.id).slice(0, 3)).toEqual(["gen-7-0", "gen-7-1", "gen-7-2"]);
    // record i does not depend on what else is generated
    expect(JSON.stringify(generateRecord(49, { seed: 7 }))).toBe(a.out.trimEnd().split("\n")[49]);
    // four states, 5 to 30 credentials by default
    expect(new Set(records.map((r) => r.licenses[0]!.state))).toEqual(new Set(["AR", "NC", "SC", "WY"]));
    for (const r of records) expect(r.credentials.length >= 5 && r.credentials.length <= 30).toBe(true);
  });

  test("seeds are whole numbers from 0 to 2^32 - 1; a larger one is refused, not folded onto a smaller one", async () => {
    expect(MAX_SEED).toBe(4294967295);
    const max = await run("generate", "--count", "1", "--seed", "4294967295");
    expect(max.code).toBe(0);
    expect(JSON.parse(max.out).id).toBe("gen-4294967295-0");
    for (const seed of ["4294967296", "4294967297", "-1", "1.5", "1e3"]) {
      expect(await run("generate", "--count", "1", "--seed", seed)).toEqual({
        code: 2,
        out: "",
        err: `credstack: invalid_option --seed ${seed} is not a whole number from 0 to 4294967295.\n`,
      });
    }
    expect(() => generateRecord(0, { seed: 2 ** 32 + 1 })).toThrow("The seed 4294967297 is not a whole number from 0 to 4294967295.");
  });
});
