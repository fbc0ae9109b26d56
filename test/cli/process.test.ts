// The command as a real process: output piped into `head`, which closes the pipe early (EPIPE),
// must end quietly, with no stack trace.
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { generateRecords } from "../../src/generate/records.js";

/** Runs `credstack <args> | head -n 1` in bash; stderr gets the command's own exit status. */
function pipedToHead(args: string): { stdout: string; stderr: string } {
  const script = `node --import tsx src/cli/main.ts ${args} | head -n 1; echo "exit \${PIPESTATUS[0]}" >&2`;
  const result = spawnSync("bash", ["-c", script], { encoding: "utf8", timeout: 120_000 });
  return { stdout: result.stdout, stderr: result.stderr };
}

describe("a closed pipe (credstack … | head)", () => {
  test("generate: one line out, no stack trace, exit 0", () => {
    const { stdout, stderr } = pipedToHead("generate --count 20000 --seed 5");
    expect(stdout.split("\n")).toHaveLength(2); // one line and the final newline
    expect(JSON.parse(stdout).id).toBe("gen-5-0");
    expect(stderr).toBe("exit 0\n");
  }, 120_000);

  test("batch: one report out, no stack trace, exit 0", () => {
    const input = join(mkdtempSync(join(tmpdir(), "credstack-pipe-")), "records.ndjson");
    writeFileSync(input, [...generateRecords(400, { seed: 6, states: ["SC"], credentials: [0, 2] })].map((r) => `${JSON.stringify(r)}\n`).join(""));
    const { stdout, stderr } = pipedToHead(`batch ${input} --state SC --as-of 2026-11-24 --workers 1`);
    expect(JSON.parse(stdout).record).toBe("gen-6-0");
    expect(stderr).toBe("exit 0\n");
  }, 120_000);
});

describe("node's own heap options", () => {
  test.each([["--max-old-space-size=256"], ["--single-threaded-gc"]])("node %s … batch: the workers start (a worker refuses process-wide V8 flags) and evaluate", (flag) => {
    const input = join(mkdtempSync(join(tmpdir(), "credstack-heap-")), "records.ndjson");
    writeFileSync(input, [...generateRecords(3, { seed: 6, states: ["SC"], credentials: [0, 2] })].map((r) => `${JSON.stringify(r)}\n`).join(""));
    const result = spawnSync(process.execPath, [flag, "--import", "tsx", "src/cli/main.ts", "batch", input, "--state", "SC", "--as-of", "2026-11-24", "--workers", "1"], {
      encoding: "utf8",
      timeout: 120_000,
    });
    expect(result.stdout.trim().split("\n").map((l) => JSON.parse(l).record)).toEqual(["gen-6-0", "gen-6-1", "gen-6-2"]);
    expect([result.status, result.stderr.split("\n")[0]]).toEqual([0, "3 records: 3 evaluated, 0 errors"]);
  }, 120_000);
});
