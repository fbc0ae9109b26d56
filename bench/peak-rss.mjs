// Loaded with `node --import` into the benchmarked `credstack batch` process: at exit, the main
// thread prints the peak resident set size of the whole process (every thread) to stderr as one
// JSON line. Worker threads load it too (they inherit node's options) and do nothing.
import { writeSync } from "node:fs";
import { isMainThread } from "node:worker_threads";

if (isMainThread) {
  process.on("exit", () => writeSync(2, `${JSON.stringify({ maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`));
}
