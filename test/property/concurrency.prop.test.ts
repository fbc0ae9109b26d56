// Concurrency: many evaluateAsync calls in flight at once, over the same compiled real policies,
// with async fact providers whose promises fast-check's scheduler resolves in a random order, give
// exactly the reports of sequential evaluate calls with the same facts. A provider that fails
// fails its own call only (json-rules-engine keeps run state on its engine; a shared engine would
// leak a stopped or failed run into its neighbours).
import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { evaluate, evaluateAsync, type FactProvider } from "../../src/index.js";
import type { FactValue } from "../../src/schema/condition.js";
import { loadBuiltinPolicies, loadRecordFile } from "../../src/node/index.js";
import { recordsData } from "../arbitraries/hostile.js";
import { PROPERTY_RUNS, propertyTimeout } from "../helpers/property.js";
import { typedAsync } from "../helpers/typed.js";

const policies = loadBuiltinPolicies();
const records = recordsData().map(({ file }) => loadRecordFile(`fixtures/educators/${file}`));
const asOf = "2026-11-24";
// each run evaluates up to 8 records against all 18 policies, twice (about 3 s on a busy machine)
const runs = Math.max(5, Math.ceil(PROPERTY_RUNS / 40));

// every fact a policy declares, plus derived ones that HR systems typically supply
const names = [...new Set(policies.flatMap((p) => p.factNames))].sort();
const declared = Object.assign({}, ...policies.map((p) => p.factDefaults)) as Record<string, FactValue>;

/** The value call `i` supplies for a fact: of the fact's own type, different between calls. */
function valueFor(name: string, i: number): FactValue {
  const fallback = declared[name];
  if (name.startsWith("years_") || typeof fallback === "number") return (i * 3 + name.length) % 9;
  if (typeof fallback === "boolean") return (i + name.length) % 2 === 0;
  return fallback ?? null;
}

const supplied = ["years_experience", ...Object.keys(declared)].filter((n, k, all) => all.indexOf(n) === k && names.includes(n));

describe("concurrent evaluateAsync over shared compiled policies", () => {
  test("the fixtures exercise supplied facts: the real policies declare some", () => {
    expect(supplied.length).toBeGreaterThanOrEqual(3);
  });

  test.prop([fc.scheduler(), fc.array(fc.nat({ max: records.length - 1 }), { minLength: 3, maxLength: 8 }), fc.nat({ max: 9 })], {
    seed: 20260821,
    numRuns: runs,
  })("equal sequential results whatever order the providers resolve in; a failing provider fails only its call", async (s, picks, failing) => {
    const expected = picks.map((r, i) => {
      const facts = Object.fromEntries(supplied.map((n) => [n, valueFor(n, i)]));
      return evaluate(records[r]!, policies, { asOf, facts });
    });
    const calls = picks.map((r, i) => {
      const facts: Record<string, FactProvider> = {};
      for (const n of supplied) {
        facts[n] = () => {
          if (i === failing && n === supplied[0]) {
            return s.schedule(Promise.resolve(), `${n}#${i} fails`).then(() => Promise.reject(new Error("HR system down")));
          }
          return s.schedule(Promise.resolve(valueFor(n, i)), `${n}#${i}`);
        };
      }
      return typedAsync(() => evaluateAsync(records[r]!, policies, { asOf, facts }));
    });
    // release scheduled provider results one at a time, in the scheduler's random order, until every
    // call has finished (a call asks for its next policy's facts only after the previous ones resolve)
    const outcomes = await s.waitFor(Promise.all(calls));
    outcomes.forEach((outcome, i) => {
      if (i === failing) {
        // the failing provider is only called when a condition of a selected policy needs it
        if (!outcome.ok) expect(outcome.error.code).toBe("fact_failed");
        else expect(outcome.value).toEqual(expected[i]);
        return;
      }
      expect(outcome.ok && outcome.value).toEqual(expected[i]);
    });
  }, propertyTimeout(12_000, runs));
});
