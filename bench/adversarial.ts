/**
 * An adversarial placement for the benchmark: `n` credentials worth 1 to 9 credits, each fitting
 * two or three of three overlapping categories, whose minimums add up to one credit more than the
 * credentials are worth. No placement meets it, and how close whole credentials come is a
 * partition problem: the search runs to its budget and the result is flagged `optimal: false`.
 */
import type { CompiledPolicy } from "../src/policy/compile.js";
import { parsePolicy } from "../src/policy/parse.js";
import { parseRecord } from "../src/record/parse.js";
import type { EducatorRecord } from "../src/schema/record.js";

const TAGS = [["x", "y"], ["y", "z"], ["x", "z"], ["x", "y", "z"]];

/** The record and the one-stack policy of the adversarial case with `n` credentials. */
export function crowdedCase(n: number): { record: EducatorRecord; policy: CompiledPolicy } {
  const values = Array.from({ length: n }, (_, i) => 1 + ((i * 7) % 9));
  const total = values.reduce((s, v) => s + v, 0);
  const third = Math.floor(total / 3);
  const record = parseRecord({
    id: `crowded-${n}`,
    credentials: values.map((value, i) => ({
      id: `c${String(i).padStart(4, "0")}`,
      title: `Credential ${i}`,
      issuer: { id: "iss" },
      kind: "micro_credential",
      earned: "2025-01-01",
      amount: { value, unit: "credit" },
      tags: TAGS[(i * 5) % 4]!,
    })),
  });
  const policy = parsePolicy(
    [
      "credstack: 1",
      "id: crowded",
      'version: "1"',
      "state: XX",
      "title: Three overlapping categories",
      "effective: { from: 2000-01-01 }",
      "sources: [{ id: src, url: https://example.org/policy }]",
      "credit_unit: { id: credit, label: credit }",
      "recognition: [{ id: any, match: {}, value: convert }]",
      "stacks:",
      "  - { id: s, kind: renewal, title: S, requirements: [{ id: pool, credit: " + String(total + 1) + ", categories: [",
      `      { id: x, min: ${third}, from: { tags: x } },`,
      `      { id: y, min: ${third}, from: { tags: y } },`,
      `      { id: z, min: ${third + 1}, from: { tags: z } }] }] }`,
    ].join("\n"),
  );
  return { record, policy };
}
