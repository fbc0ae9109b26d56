// Reviewers' exceptions are scoped: on random policies (a 'base' stack and a 'goal' stack that may
// refer to it), records and exceptions (waive, partial waiver, substitute, force, accept; on
// requirement paths that exist, on 'prerequisites', and on paths that do not), every stack no
// exception names has exactly the result it has without the exceptions; every exception is
// reported once, and one whose requirement does not exist is reported as not applicable.
import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { evaluate, parsePolicy, type EducatorRecordInput } from "../../src/index.js";
import { planningPolicyYaml, planningRecord, planningStacks, reviewerExceptions } from "../arbitraries/planning.js";
import { propertyParams } from "../helpers/property.js";

const asOf = "2026-11-24";

const scenario = fc
  .record({ shape: planningStacks, record: planningRecord.filter((r) => (r.credentials ?? []).length > 0) })
  .chain(({ shape, record }) =>
    reviewerExceptions(
      [
        { stack: "goal", paths: shape.paths },
        { stack: "base", paths: ["base-credit"] },
      ],
      (record.credentials ?? []).map((c) => c.id),
    ).map((exceptions) => ({ shape, record, exceptions })),
  );

describe("reviewers' exceptions", () => {
  test.prop([scenario], propertyParams(7071))("never change the result of a stack they do not name; each is reported once", ({ shape, record, exceptions }) => {
    const policy = parsePolicy(planningPolicyYaml(shape.stacks, shape.allocation), { source: "test.yaml" });
    const plain = evaluate(record, policy, { asOf }).results[0]!;
    const withExceptions = evaluate({ ...record, exceptions } as EducatorRecordInput, policy, { asOf });
    const named = new Set(exceptions.map((e) => e.stack));
    for (const stack of plain.stacks) {
      const after = withExceptions.results[0]!.stacks.find((s) => s.id === stack.id)!;
      if (!named.has(stack.id)) expect(after).toEqual(stack);
    }
    const reported = withExceptions.exceptions!;
    expect(reported.map((x) => x.id).sort()).toEqual(exceptions.map((e) => e.id).sort());
    for (const x of reported) if (x.requirement === "gone/away") expect(x.status).toBe("not_applicable");
    // the applied ones are listed on their stack, with author and reason
    for (const x of reported.filter((r) => r.status === "applied")) {
      const stack = withExceptions.results[0]!.stacks.find((s) => s.id === x.stack)!;
      expect(stack.exceptions!.map((e) => e.id)).toContain(x.id);
      expect(stack.explanation.some((l) => l.includes(`Exception ${x.id}`) && l.includes(x.author) && l.includes(x.reason))).toBe(true);
    }
  }, 600_000);
});
