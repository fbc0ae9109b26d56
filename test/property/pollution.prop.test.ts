// Prototype pollution: `__proto__`, `constructor` and `prototype` as keys anywhere in policies,
// records, badges and CSV headers, read from text and given as data. After every property,
// @fast-check/poisoning checks that no global (Object.prototype, Array.prototype, globalThis, ...)
// gained, lost or changed a property; after every run, a cheap check of the common prototypes.
// And whatever credstack gives back is plain data: no object in it has an unusual prototype.
import { fc, test } from "@fast-check/vitest";
import { afterEach, beforeAll, describe, expect } from "vitest";
import { evaluate, readCsv, readInputText, safeParsePolicy, safeParsePolicyData, safeParseRecord, safeParseRecordText } from "../../src/index.js";
import { assembleRecord } from "../../src/input/read.js";
import { loadBuiltinPolicies, loadRecordFile } from "../../src/node/index.js";
import { readJson } from "../../src/yaml/json.js";
import { readYaml } from "../../src/yaml/read.js";
import { badgeDocuments, csvText, flowYaml, mutate, recordsData, rulesData, type Mutation } from "../arbitraries/hostile.js";
import { PROPERTY_RUNS, propertyParams, propertyTimeout } from "../helpers/property.js";
import { typed } from "../helpers/typed.js";
import { CSV_COLUMNS } from "../../src/input/csv.js";

// vitest's own bookkeeping on globalThis is not ours to police, nor the console that the suite's
// setup (test/helpers/fail-on-console.ts) replaces before every test
const ignoredRootRegex = /^(__vitest_\w+__|__VITEST_\w+__|__coverage__|console)$/;

// @fast-check/poisoning takes its picture of the globals when it is first imported: import it
// after one full evaluation, so what credstack's dependencies set up once on first use (zod's
// global registry) is part of the picture, and only what changes afterwards counts
let poisoning: typeof import("@fast-check/poisoning");
beforeAll(async () => {
  evaluate(records.length > 0 ? loadRecordFile(`fixtures/educators/${records[0]!.file}`) : { id: "x" }, policies, { asOf: "2026-11-24" });
  // Node defines some globals (atob, AbortController, ...) lazily: touch each once, so their first
  // use later is not taken for a change
  for (const name of Object.getOwnPropertyNames(globalThis)) void (globalThis as Record<string, unknown>)[name];
  poisoning = await import("@fast-check/poisoning");
});

afterEach(() => {
  try {
    poisoning.assertNoPoisoning({ ignoredRootRegex });
  } catch (error) {
    poisoning.restoreGlobals({ ignoredRootRegex });
    throw error;
  }
});

const PROTOTYPES = [Object.prototype, Array.prototype, Function.prototype, String.prototype, Number.prototype, Boolean.prototype];
const before = PROTOTYPES.map((p) => Reflect.ownKeys(p).length);

/** The common prototypes have exactly the keys they had, and a fresh object inherits nothing odd. */
function expectUntouched(): void {
  expect(PROTOTYPES.map((p) => Reflect.ownKeys(p).length)).toEqual(before);
  const fresh = {} as Record<string, unknown>;
  for (const key of ["polluted", "isAdmin", "id", "toString"]) expect(key === "toString" ? typeof fresh[key] : fresh[key]).toBe(key === "toString" ? "function" : undefined);
}

/** Every object in a value is a plain object or an array (or has no prototype): nothing was reparented. */
function expectPlain(value: unknown, seen = new Set<unknown>()): void {
  if (value === null || typeof value !== "object" || seen.has(value)) return;
  seen.add(value);
  const proto = Object.getPrototypeOf(value);
  if (!(value instanceof Error)) expect([Object.prototype, Array.prototype, null]).toContain(proto);
  for (const child of Object.values(value)) expectPlain(child, seen);
}

/** Mutations that only add prototype keys, or rename keys to them. */
const protoMutations = fc.array(
  fc.record({ kind: fc.constantFrom<Mutation["kind"]>("proto-key", "rename-proto"), at: fc.nat(), pick: fc.nat() }),
  { minLength: 1, maxLength: 4 },
);

const rules = rulesData();
const records = recordsData();
const badges = badgeDocuments();
const policies = loadBuiltinPolicies();

describe("prototype keys never reach a prototype", () => {
  test("reading __proto__ from YAML and JSON text gives an own key", () => {
    const text = '{"__proto__": {"polluted": "yes"}, "a": {"constructor": {"prototype": {"polluted": "yes"}}}}';
    for (const read of [readYaml(text), readJson(text)]) {
      expect(read.ok).toBe(true);
      if (!read.ok) continue;
      const data = read.data as Record<string, unknown>;
      expect(Object.keys(data)).toEqual(["__proto__", "a"]);
      expect(Object.getPrototypeOf(data)).toBe(Object.prototype);
      expect((data as { polluted?: unknown }).polluted).toBeUndefined();
    }
    expectUntouched();
  });

  test.prop([fc.nat(), protoMutations], { ...propertyParams(20260811), numRuns: Math.ceil(PROPERTY_RUNS / 2) })("in policies: typed issues, nothing polluted", (pick, muts) => {
    const { file, data } = rules[pick % rules.length]!;
    const mutated = mutate(data, muts);
    const fromText = safeParsePolicy(flowYaml(mutated), { source: file });
    const fromData = safeParsePolicyData(mutated, { source: file });
    // a prototype key is a key no policy defines (the issue names it, or the requirement or mapping
    // that now lacks the key it replaced), except inside the free-form maps (a condition's `params`,
    // `unit_labels`), where zod drops `__proto__` and takes the other names as names: then the policy
    // reads, and is plain data
    expect(fromText.success).toBe(fromData.success);
    if (fromText.success) {
      expect(JSON.stringify(mutated)).toMatch(/"(params|unit_labels)":\{[^}]*"(__proto__|constructor|prototype)"/);
      expectPlain(fromText.policy.policy);
    }
    expectUntouched();
  }, propertyTimeout(200));

  test.prop([fc.nat(), protoMutations], propertyParams(20260812))("in records: typed issues, nothing polluted", (pick, muts) => {
    const { file, data } = records[pick % records.length]!;
    const mutated = mutate(data, muts);
    const fromText = safeParseRecordText(flowYaml(mutated), { source: file });
    const fromData = safeParseRecord(mutated);
    // facts may have any identifier as name, but '__proto__' and friends are not identifiers... except
    // 'constructor' and 'prototype', which are: a record with such a fact is valid, and harmless
    if (fromData.success) {
      expectPlain(fromData.record);
      const report = typed(() => evaluate(fromData.record, policies, { asOf: "2026-11-24" }));
      if (report.ok) expectPlain(report.value);
    }
    expect(fromText.success).toBe(fromData.success);
    expectUntouched();
  }, propertyTimeout(200));

  test.prop([fc.nat(), protoMutations], { ...propertyParams(20260813), numRuns: Math.ceil(PROPERTY_RUNS / 2) })("in badges (Open Badges 2.0 / 3.0, CLR): typed issues, nothing polluted", (pick, muts) => {
    const { file, data } = badges[pick % badges.length]!;
    const read = readInputText(JSON.stringify(mutate(data, muts)), { source: file });
    if (!read.success) return expectUntouched();
    expectPlain(read.input);
    if (read.input.format !== "record" && read.input.format !== "csv") {
      const assembled = assembleRecord({ id: "e-1", credentials: [read.input.credentials] });
      // the policies of the badge's own state (the malformed ones: North Carolina's)
      const state = (/inputs\/(ar|nc|wy)\//.exec(file)?.[1] ?? "nc").toUpperCase();
      if (assembled.success) expectPlain(typed(() => evaluate(assembled.record, policies, { asOf: "2026-11-24", states: [state] })));
    }
    expectUntouched();
  }, propertyTimeout(400));

  test.prop([csvText(CSV_COLUMNS)], propertyParams(20260814))("in CSV headers and cells: typed issues, nothing polluted", (text) => {
    const read = readCsv(text, { source: "export.csv" });
    expectPlain(read);
    for (const educator of read.educators) {
      const assembled = assembleRecord({ id: educator.id, credentials: [educator.credentials] });
      if (assembled.success) expectPlain(typed(() => evaluate(assembled.record, policies, { asOf: "2026-11-24" })));
    }
    expectUntouched();
  });

  test("a facts option and record facts named constructor or prototype are plain facts", () => {
    const facts = JSON.parse('{"__proto__": 3, "constructor": 1, "prototype": "x"}') as Record<string, never>;
    const report = evaluate({ id: "e-1", facts: { constructor: 2, prototype: "y" } }, policies, { asOf: "2026-11-24", facts });
    expectPlain(report);
    expectUntouched();
  });
});
