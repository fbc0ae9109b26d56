import { fastPaths } from "../../src/evaluate/fast-paths.js";

/**
 * What `run` gives with one of the evaluator's fast paths switched off (the general path); the
 * fast path is switched back on afterwards, even when `run` throws.
 *
 * @example
 * const byFlow = withFastPathOff("wholeSettle", () => solveAllocation(problem));
 */
export function withFastPathOff<T>(path: keyof typeof fastPaths, run: () => T): T {
  fastPaths[path] = false;
  try {
    return run();
  } finally {
    fastPaths[path] = true;
  }
}
