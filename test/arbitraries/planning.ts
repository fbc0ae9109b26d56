// Small planning problems: a test policy with one target stack of random shape (credit pools with
// categories, count pools counting achievements once, alternatives, a referred stack), a record
// with a few credentials already earned, and a catalog of at most `maxItems` items with random
// tags, credit, achievements, hours and cost. Small enough to check every subset by brute force.
import fc from "fast-check";
import type { CatalogInput, EducatorRecordInput } from "../../src/index.js";
import { policyYaml } from "../helpers/policy.js";

const TAGS = ["a", "b", "c"] as const;

/** One requirement of the target stack, as YAML (one list item, indented for `requirements:`). */
const requirement = fc.oneof(
  // a credit pool with up to two category minimums
  fc
    .record({ min: fc.integer({ min: 1, max: 6 }), cats: fc.subarray([...TAGS], { maxLength: 2 }), catMin: fc.integer({ min: 1, max: 3 }) })
    .map(({ min, cats, catMin }) => ({
      yaml: `- id: credits\n  credit: ${min}\n${cats.length > 0 ? `  categories:\n${cats.map((t) => `    - { id: cat-${t}, min: ${catMin}, from: { tags: ${t} } }`).join("\n")}\n` : ""}`,
      paths: ["credits", ...cats.map((t) => `credits/cat-${t}`)],
    })),
  // a count pool counting each achievement once, optionally with a category
  fc.record({ min: fc.integer({ min: 1, max: 3 }), cat: fc.constantFrom(undefined, ...TAGS) }).map(({ min, cat }) => ({
    yaml: `- id: mcs\n  count: ${min}\n  distinct: achievement\n  from: { kind: micro_credential }\n${cat ? `  categories:\n    - { id: cat-${cat}, min: 1, from: { tags: ${cat} } }\n` : ""}`,
    paths: ["mcs", ...(cat ? [`mcs/cat-${cat}`] : [])],
  })),
  // alternatives: credit tagged a, or a count of micro-credentials
  fc.record({ credit: fc.integer({ min: 1, max: 4 }), count: fc.integer({ min: 1, max: 3 }) }).map(({ credit, count }) => ({
    yaml: `- id: route\n  any:\n    - { id: tagged, credit: ${credit}, from: { tags: a } }\n    - { id: many, count: ${count}, from: { kind: micro_credential } }\n`,
    paths: ["route", "route/tagged", "route/many"],
  })),
  // a referred stack: 'base' must be met too
  fc.constant({ yaml: `- { id: base-met, stack: base }\n`, paths: ["base-met"] }),
);

/** The YAML of the policy's stacks: 'base' (credit tagged b) and the target 'goal'. */
export const planningStacks = fc
  .record({
    parts: fc.array(requirement, { minLength: 1, maxLength: 2 }),
    baseMin: fc.integer({ min: 1, max: 3 }),
    split: fc.boolean(),
    shared: fc.boolean(),
  })
  .filter(({ parts }) => new Set(parts.map((p) => p.paths[0])).size === parts.length)
  .map(({ parts, baseMin, split, shared }) => ({
    stacks: [
      `- id: base`,
      `  kind: pathway`,
      `  title: Base`,
      `  requirements:`,
      `    - { id: base-credit, credit: ${baseMin}, from: { tags: b } }`,
      `- id: goal`,
      `  kind: endorsement`,
      `  title: Goal`,
      `  allocation: { split_credit: ${split} }`,
      `  requirements:`,
      ...parts.flatMap((p) => p.yaml.trimEnd().split("\n").map((l) => `    ${l}`)),
    ].join("\n"),
    allocation: `{ across_stacks: ${shared ? "shared" : "exclusive"} }`,
    paths: parts.flatMap((p) => p.paths),
  }));

/** The text of a test policy around the stacks (unit `credit`, every credential converted). */
export function planningPolicyYaml(stacks: string, allocation: string): string {
  return policyYaml({ stacks, allocation });
}

const amountValue = fc.integer({ min: 0, max: 3 });

const earnedFields = {
  kind: fc.constantFrom("micro_credential" as const, "workshop" as const),
  achievement: fc.constantFrom(undefined, "x1", "x2", "x3"),
  tags: fc.subarray([...TAGS]),
  value: amountValue,
};

/** A record with up to three credentials already earned (2025-01-01). */
export const planningRecord: fc.Arbitrary<EducatorRecordInput> = fc.array(fc.record(earnedFields), { maxLength: 3 }).map((list) => ({
  id: "planner",
  licenses: [{ state: "XX", type: "standard", issued: "2024-07-01", expires: "2029-06-30" }],
  credentials: list.map((c, i) => ({
    id: `have-${i}`,
    title: `Held ${i}`,
    issuer: { id: "iss" },
    kind: c.kind,
    ...(c.achievement !== undefined ? { achievement: c.achievement } : {}),
    tags: c.tags,
    amount: { value: c.value, unit: "credit" },
    earned: "2025-01-01",
  })),
}));

/** A catalog of 1 to `maxItems` items with hours and cost. */
export function planningCatalog(maxItems = 6): fc.Arbitrary<CatalogInput> {
  return fc
    .array(fc.record({ ...earnedFields, hours: fc.integer({ min: 0, max: 4 }), cost: fc.integer({ min: 0, max: 3 }) }), { minLength: 1, maxLength: maxItems })
    .map((list) => ({
      credstack: 1 as const,
      id: "cat",
      title: "Test catalog",
      sources: [{ id: "src", url: "https://example.org/catalog" }],
      items: list.map((c, i) => ({
        id: `item-${i}`,
        title: `Item ${i}`,
        issuer: { id: "iss" },
        kind: c.kind,
        ...(c.achievement !== undefined ? { achievement: c.achievement } : {}),
        tags: c.tags,
        amount: { value: c.value, unit: "credit" },
        hours: c.hours,
        cost: c.cost,
        source: "src",
      })),
    }));
}

/** Reviewers' exceptions naming the stacks and requirement paths given, and the record's credentials. */
export function reviewerExceptions(stacks: readonly { stack: string; paths: readonly string[] }[], credentials: readonly string[]) {
  const target = fc.constantFrom(...stacks).chain((s) => fc.record({ stack: fc.constant(s.stack), requirement: fc.constantFrom(...s.paths, "prerequisites", "gone/away") }));
  const credential = fc.constantFrom(...credentials, "missing-credential");
  const base = (i: number) => ({ id: `x-${i}`, author: "Reviewer", date: "2026-01-15", reason: "Reviewed by hand.", state: "XX" });
  const one = fc.oneof(
    fc.record({ t: target, required: fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }) }).map(({ t, required }) => ({ kind: "waive" as const, ...t, ...(required !== undefined ? { required } : {}) })),
    fc.record({ t: target, credential, amount: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }) }).map(({ t, credential: c, amount }) => ({ kind: "force" as const, ...t, credential: c, ...(amount !== undefined ? { amount } : {}) })),
    fc.record({ t: target, credential }).map(({ t, credential: c }) => ({ kind: "substitute" as const, ...t, credential: c, for: "x1" })),
    fc.record({ t: target, credential, amount: fc.integer({ min: 0, max: 3 }) }).map(({ t, credential: c, amount }) => ({ kind: "accept" as const, ...t, credential: c, amount })),
  );
  return fc.array(one, { minLength: 1, maxLength: 3 }).map((list) => list.map((x, i) => ({ ...base(i), ...x })));
}
