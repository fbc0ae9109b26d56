// Run counts for the property tests: at least 200 cases each in `npm test`; `npm run test:deep`
// sets CREDSTACK_PROPERTY_RUNS (e.g. 2000) for a longer search. The seed is fixed per property;
// fast-check prints it (and the shrunk counterexample) on failure, and the test name shows it.
const fromEnv = Number(process.env["CREDSTACK_PROPERTY_RUNS"]);

/** The number of runs: CREDSTACK_PROPERTY_RUNS when set to a whole number of at least 200, else 200. */
export const PROPERTY_RUNS = Number.isSafeInteger(fromEnv) && fromEnv >= 200 ? fromEnv : 200;

/** fast-check parameters for one property: its fixed seed and the run count. */
export function propertyParams(seed: number): { seed: number; numRuns: number } {
  return { seed, numRuns: PROPERTY_RUNS };
}

/**
 * A timeout for a property test of `runs` runs that each take up to `msPerRun` on a busy 2-core
 * machine: at least a minute, so `npm test` stays well clear of it and `test:deep` scales it up.
 */
export function propertyTimeout(msPerRun: number, runs: number = PROPERTY_RUNS): number {
  return Math.max(60_000, Math.ceil(runs * msPerRun));
}
