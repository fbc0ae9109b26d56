/**
 * `npm run bench`: credstack's speed, and the alternatives' in the same run. See docs/performance.md.
 *
 *   npm run bench                 # the full run (several minutes); writes bench/results/latest.json
 *   npm run bench -- --quick      # a smoke run in under a minute; writes nothing
 *   npm run bench -- --batch-records 20000   # a smaller batch than the issue's 200,000
 *
 * Every figure is a median over several rounds after a warm-up, with the rounds' min and max.
 * Timing is done by tinybench (one task per figure, per round); records come from the seeded
 * generator, so every run measures the same work.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from "node:fs";
import os from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Bench } from "tinybench";
import { evaluate, evaluateStatus } from "../src/evaluate/evaluate.js";
import { buildFacts, type Facts } from "../src/evaluate/facts.js";
import { selectLicense } from "../src/evaluate/select.js";
import { generateRecords } from "../src/generate/records.js";
import { loadBuiltinPolicies } from "../src/node/load.js";
import type { CompiledPolicy } from "../src/policy/compile.js";
import { parseRecord } from "../src/record/parse.js";
import type { EducatorRecord } from "../src/schema/record.js";
import { crowdedCase } from "./adversarial.js";
import { jsonRulesEngine, ours } from "./conditions.js";
import { ncRenewalStatus } from "./nc-renewal.js";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const args = process.argv.slice(2);
const quick = args.includes("--quick");
const flag = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const AS_OF = "2026-11-24";
const ROUNDS = quick ? 3 : 5;
const TASK_MS = quick ? 250 : 1000;
const RECORDS = quick ? 200 : 1000;
const BATCH_RECORDS = Number(flag("--batch-records") ?? (quick ? 200 : 200_000));
const PORTFOLIOS = quick ? [10, 50, 200] : [10, 20, 50, 100, 200];
const CROWDED = quick ? [200] : [200, 1000, 3000];

/** A figure: the median of the rounds, with their min and max. */
interface Figure {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

function figure(values: readonly number[]): Figure {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]! };
}

const fmt = (x: number, digits = 0) => x.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
const show = (f: Figure, digits = 0, unit = "") => `${fmt(f.median, digits)}${unit} (min ${fmt(f.min, digits)}, max ${fmt(f.max, digits)})`;
const log = (line = "") => process.stdout.write(`${line}\n`);

/**
 * Runs tasks for several rounds (the first preceded by tinybench's warm-up) and gives, per task
 * and round, the mean and percentiles of one call's latency in microseconds.
 */
async function rounds(tasks: Record<string, () => unknown>): Promise<Record<string, { mean: number[]; p50: number[]; p99: number[] }>> {
  const out: Record<string, { mean: number[]; p50: number[]; p99: number[] }> = {};
  for (const name of Object.keys(tasks)) out[name] = { mean: [], p50: [], p99: [] };
  for (let r = 0; r < ROUNDS; r++) {
    const bench = new Bench({ time: TASK_MS, warmup: r === 0, warmupTime: TASK_MS, throws: true });
    for (const [name, fn] of Object.entries(tasks)) bench.add(name, fn);
    await bench.run();
    for (const task of bench.tasks) {
      const result = task.result;
      if (result.state !== "completed") throw new Error(`task ${task.name} did not complete: ${result.state}`);
      const l = result.latency;
      out[task.name]!.mean.push(l.mean * 1000);
      out[task.name]!.p50.push(l.p50 * 1000);
      out[task.name]!.p99.push(l.p99 * 1000);
    }
  }
  return out;
}

/** Cycles through a list, one item per call. */
function cycle<T>(items: readonly T[]): () => T {
  let i = 0;
  return () => items[i++ % items.length]!;
}

const homeState = (r: EducatorRecord) => r.licenses[0]!.state;

async function main(): Promise<void> {
  const machine = {
    cpu: os.cpus()[0]?.model ?? "unknown",
    cores: os.availableParallelism(),
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    loadAverage: os.loadavg().map((x) => Math.round(x * 100) / 100),
  };
  log(`credstack benchmark${quick ? " (quick)" : ""}: ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}; load average ${machine.loadAverage.join(" ")}`);
  log(`${ROUNDS} rounds of ${TASK_MS} ms per task after a warm-up; medians with the rounds' min and max.`);
  const policies = loadBuiltinPolicies();
  const records = [...generateRecords(RECORDS, { seed: 1, credentials: [10, 30] })].map((r) => parseRecord(r));
  const credentials = records.reduce((s, r) => s + r.credentials.length, 0) / records.length;
  log(`${records.length} generated records (seed 1), ${fmt(credentials, 1)} credentials each on average, states ${[...new Set(records.map(homeState))].sort().join(", ")}.`);
  const results: Record<string, unknown> = { machine, quick, rounds: ROUNDS, taskMs: TASK_MS, records: records.length, credentialsPerRecord: credentials };

  // 1. full evaluations
  log("\n1. Full evaluations (allocation, report and explanations), one core");
  const nextHome = cycle(records);
  const nextAll = cycle(records);
  const nextStatus = cycle(records);
  const full = await rounds({
    home: () => {
      const r = nextHome();
      return evaluate(r, policies, { asOf: AS_OF, states: [homeState(r)] });
    },
    all: () => evaluate(nextAll(), policies, { asOf: AS_OF }),
    status: () => {
      const r = nextStatus();
      return evaluateStatus(r, policies, { asOf: AS_OF, states: [homeState(r)] });
    },
  });
  const perSecond = figure(full["home"]!.mean.map((us) => 1e6 / us));
  const p50 = figure(full["home"]!.p50);
  const p99 = figure(full["home"]!.p99);
  const allPerSecond = figure(full["all"]!.mean.map((us) => 4e6 / us));
  log(`   educator x home state: ${show(perSecond)} evaluations/s; p50 ${show(p50, 0, " µs")}; p99 ${show(p99, 0, " µs")}`);
  log(`   educator x all four states (one call, counted as 4): ${show(allPerSecond)} educator-states/s`);
  const statusPerSecond = figure(full["status"]!.mean.map((us) => 1e6 / us));
  const statusP50 = figure(full["status"]!.p50);
  const statusP99 = figure(full["status"]!.p99);
  log(`   statuses only (evaluateStatus), educator x home state: ${show(statusPerSecond)} evaluations/s; p50 ${show(statusP50, 0, " µs")}; p99 ${show(statusP99, 0, " µs")}`);
  results["evaluation"] = {
    perSecond,
    p50Us: p50,
    p99Us: p99,
    allStatesPerSecond: allPerSecond,
    status: { perSecond: statusPerSecond, p50Us: statusP50, p99Us: statusP99 },
  };

  // 2. conditions: ours vs json-rules-engine
  log("\n2. Prerequisite conditions: credstack vs json-rules-engine (Engine.run, one engine reused)");
  const conditions = [...new Set(policies.flatMap((p) => p.conditions))];
  // one facts object per record (its home state's license; every policy's declared defaults), warmed
  const defaults = Object.assign({}, ...policies.map((p) => p.factDefaults)) as CompiledPolicy["factDefaults"];
  const factSets: Facts[] = records.map((r) => {
    const p = policies.find((x) => x.state === homeState(r))!;
    return buildFacts({ record: r, license: selectLicense(r, p), state: p.state, asOf: AS_OF }, undefined, defaults);
  });
  const jre = jsonRulesEngine(conditions);
  let same = 0;
  for (const f of factSets) {
    const a = ours(conditions, f);
    const b = await jre(f);
    if (a.length !== b.length || a.some((x, i) => x !== b[i])) throw new Error("json-rules-engine and credstack disagree on a condition");
    same += a.length;
  }
  log(`   ${conditions.length} distinct conditions x ${factSets.length} records: identical results (${fmt(same)} checked)`);
  const nextOurs = cycle(factSets);
  const nextJre = cycle(factSets);
  const cond = await rounds({ ours: () => ours(conditions, nextOurs()), jre: () => jre(nextJre()) });
  const oursPerSecond = figure(cond["ours"]!.mean.map((us) => (conditions.length * 1e6) / us));
  const jrePerSecond = figure(cond["jre"]!.mean.map((us) => (conditions.length * 1e6) / us));
  const condRatio = figure(cond["jre"]!.mean.map((us, i) => us / cond["ours"]!.mean[i]!));
  log(`   credstack:         ${show(oursPerSecond)} conditions/s`);
  log(`   json-rules-engine: ${show(jrePerSecond)} conditions/s`);
  log(`   ratio: credstack is ${show(condRatio, 1, "x")} faster`);
  results["conditions"] = { conditions: conditions.length, checked: same, oursPerSecond, jsonRulesEnginePerSecond: jrePerSecond, ratio: condRatio };

  // 3. NC renewal: our renewal-only path vs the hand-written function
  log("\n3. North Carolina renewal: credstack (NC renewal policies only) vs a hand-written function");
  const ncPolicies = policies.filter((p) => p.id === "nc-renewal");
  const ncRecords = [...generateRecords(RECORDS, { seed: 3, states: ["NC"], credentials: [10, 30] })].map((r) => parseRecord(r));
  // the renewal-only path: statuses without the report; and, for comparison, the full report
  const statusOf = (r: EducatorRecord) => evaluateStatus(r, ncPolicies, { asOf: AS_OF, states: ["NC"] }).results[0]!.stacks[0]!.status;
  const reportOf = (r: EducatorRecord) => evaluate(r, ncPolicies, { asOf: AS_OF, states: ["NC"] }).results[0]!.stacks[0]!.status;
  const counts: Record<string, number> = {};
  for (const r of ncRecords) {
    const ourStatus = statusOf(r);
    const hand = ncRenewalStatus(r, AS_OF);
    if (ourStatus !== hand || reportOf(r) !== hand) throw new Error(`NC renewal status differs for ${r.id}: credstack ${ourStatus} (report ${reportOf(r)}), hand-written ${hand}`);
    counts[ourStatus] = (counts[ourStatus] ?? 0) + 1;
  }
  log(`   ${ncRecords.length} NC records: the same status from all three (${Object.entries(counts).map(([s, n]) => `${n} ${s}`).join(", ")})`);
  const nextNc = cycle(ncRecords);
  const nextReport = cycle(ncRecords);
  const nextHand = cycle(ncRecords);
  const nc = await rounds({ ours: () => statusOf(nextNc()), report: () => reportOf(nextReport()), hand: () => ncRenewalStatus(nextHand(), AS_OF) });
  const ncOurs = figure(nc["ours"]!.mean);
  const ncReport = figure(nc["report"]!.mean);
  const ncHand = figure(nc["hand"]!.mean);
  const ncRatio = figure(nc["ours"]!.mean.map((us, i) => us / nc["hand"]!.mean[i]!));
  const ncReportRatio = figure(nc["report"]!.mean.map((us, i) => us / nc["hand"]!.mean[i]!));
  log(`   credstack, statuses (evaluateStatus): ${show(ncOurs, 1, " µs")} per record`);
  log(`   credstack, full report (evaluate):    ${show(ncReport, 1, " µs")} per record`);
  log(`   hand-written:                         ${show(ncHand, 2, " µs")} per record`);
  log(`   ratio: credstack's status path takes ${show(ncRatio, 1, "x")} the hand-written time (the full report ${show(ncReportRatio, 1, "x")})`);
  results["ncRenewal"] = { records: ncRecords.length, statuses: counts, oursUs: ncOurs, reportUs: ncReport, handWrittenUs: ncHand, ratio: ncRatio, reportRatio: ncReportRatio };

  // 4. allocation cost as portfolios grow
  log("\n4. Cost per stack as portfolios grow (home state, all its stacks)");
  const growth: Record<string, unknown> = {};
  for (const size of PORTFOLIOS) {
    const set = [...generateRecords(quick ? 20 : 100, { seed: 11, credentials: [size, size] })].map((r) => parseRecord(r));
    const stacks = set.map((r) => evaluate(r, policies, { asOf: AS_OF, states: [homeState(r)] }).results.reduce((s, x) => s + x.stacks.length, 0));
    const perRecordStacks = stacks.reduce((a, b) => a + b, 0) / stacks.length;
    const next = cycle(set);
    const g = await rounds({
      run: () => {
        const r = next();
        return evaluate(r, policies, { asOf: AS_OF, states: [homeState(r)] });
      },
    });
    const perStack = figure(g["run"]!.mean.map((us) => us / perRecordStacks));
    const p99Stack = figure(g["run"]!.p99.map((us) => us / perRecordStacks));
    log(`   ${String(size).padStart(3)} credentials: ${show(perStack, 0, " µs")} per stack (${fmt(perRecordStacks, 1)} stacks per record; p99 record ${show(p99Stack, 0, " µs")} per stack)`);
    growth[String(size)] = { stacksPerRecord: perRecordStacks, perStackUs: perStack, p99PerStackUs: p99Stack };
  }
  results["portfolios"] = growth;
  log("   adversarial: credentials in three overlapping categories, minimums beyond reach (bench/adversarial.ts)");
  const crowded: Record<string, unknown> = {};
  for (const size of CROWDED) {
    const { record, policy } = crowdedCase(size);
    const stack = evaluate(record, policy, { asOf: AS_OF }).results[0]!.stacks[0]!;
    const g = await rounds({ run: () => evaluate(record, policy, { asOf: AS_OF }) });
    const ms = figure(g["run"]!.mean.map((us) => us / 1000));
    log(`   ${String(size).padStart(5)} credentials: ${show(ms, 0, " ms")} per evaluation (${stack.status}, optimal ${String(stack.optimal)})`);
    crowded[String(size)] = { ms, status: stack.status, optimal: stack.optimal };
  }
  results["adversarial"] = crowded;

  // 5. batch, as users run it: the built bin reading a file
  log(`\n5. Batch: ${fmt(BATCH_RECORDS)} generated records through the built credstack batch (all states), 1 and 2 workers`);
  execFileSync("npm", ["run", "build", "--silent"], { cwd: root, stdio: "ignore" });
  const work = mkdtempSync(join(os.tmpdir(), "credstack-bench-"));
  const input = join(work, "records.ndjson");
  const file = openSync(input, "w");
  for (const r of generateRecords(BATCH_RECORDS, { seed: 7, credentials: [10, 30] })) writeSync(file, `${JSON.stringify(r)}\n`);
  closeSync(file);
  const batch: Record<string, unknown> = {};
  for (const workers of [1, 2]) {
    const started = performance.now();
    const child = spawnSync(
      process.execPath,
      ["--import", join(here, "peak-rss.mjs"), join(root, "dist", "cli.js"), "batch", input, "--as-of", AS_OF, "--workers", String(workers), "--out", "/dev/null"],
      { cwd: root, encoding: "utf8", maxBuffer: 1 << 24 },
    );
    const seconds = (performance.now() - started) / 1000;
    if (child.status !== 0) throw new Error(`credstack batch exited ${child.status}: ${child.stderr.slice(0, 500)}`);
    const { maxRssMb } = JSON.parse(child.stderr.trim().split("\n").pop()!) as { maxRssMb: number };
    const perSecond = figure([BATCH_RECORDS / seconds]);
    const rss = figure([maxRssMb]);
    log(`   ${workers} worker${workers > 1 ? "s" : ""}: ${show(perSecond)} records/s; peak RSS ${show(rss, 0, " MB")}`);
    batch[String(workers)] = { recordsPerSecond: perSecond, peakRssMb: rss };
  }
  rmSync(work, { recursive: true, force: true });
  const speedup = (batch["2"] as { recordsPerSecond: Figure }).recordsPerSecond.median / (batch["1"] as { recordsPerSecond: Figure }).recordsPerSecond.median;
  log(`   speed-up with 2 workers: ${fmt(speedup, 2)}x`);
  results["batch"] = { records: BATCH_RECORDS, workers: batch, speedup };

  // 6. cold start
  log("\n6. Cold start: load, validate and compile the built-in policies in a fresh process");
  const cold = Array.from({ length: ROUNDS }, () => {
    const text = execFileSync(process.execPath, [...process.execArgv, join(here, "cold-child.ts")], { cwd: root, encoding: "utf8" });
    return JSON.parse(text.trim().split("\n").pop()!) as { ms: number; policies: number };
  });
  const coldMs = figure(cold.map((c) => c.ms));
  log(`   ${cold[0]!.policies} policy files: ${show(coldMs, 0, " ms")}`);
  results["coldStart"] = { policies: cold[0]!.policies, ms: coldMs };

  if (!quick) {
    const file = join(here, "results", "latest.json");
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify({ date: new Date().toISOString(), ...results }, null, 2)}\n`);
    log(`\nFigures written to ${file.slice(root.length + 1)}.`);
  }
}

await main();
