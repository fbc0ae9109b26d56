/**
 * Benchmark 5's child process: streams generated records (NDJSON) into `credstack batch -` with a
 * given number of workers, reports to /dev/null, then prints the wall time and the peak resident
 * set size of the whole process (main thread and worker threads) as one JSON line.
 *
 * Usage: tsx bench/batch-child.ts <records> <workers> <as-of>
 */
import { Readable } from "node:stream";
import { runCli } from "../src/cli/main.js";
import { generateRecords } from "../src/generate/records.js";

const [records, workers, asOf] = process.argv.slice(2);
const count = Number(records);
function* lines(): Generator<string> {
  for (const r of generateRecords(count, { seed: 7, credentials: [10, 30] })) yield `${JSON.stringify(r)}\n`;
}
let summary = "";
const started = performance.now();
const code = await runCli(["batch", "-", "--as-of", asOf!, "--workers", workers!, "--out", "/dev/null"], {
  out: () => undefined,
  err: (t) => void (summary += t),
  color: false,
  today: () => asOf!,
  stdin: Readable.from(lines()),
  progress: false,
});
const seconds = (performance.now() - started) / 1000;
process.stdout.write(`${JSON.stringify({ code, records: count, seconds, maxRssMb: process.resourceUsage().maxRSS / 1024, summary: summary.split("\n")[0] })}\n`);
