/**
 * Benchmark 6's child process: in a fresh process, the time to load, validate and compile the
 * built-in policies (every rules/*.yaml), printed as one JSON line.
 */
import { loadBuiltinPolicies } from "../src/node/load.js";

const started = performance.now();
const policies = loadBuiltinPolicies();
const ms = performance.now() - started;
process.stdout.write(`${JSON.stringify({ ms, policies: policies.length, states: [...new Set(policies.map((p) => p.state))].sort() })}\n`);
