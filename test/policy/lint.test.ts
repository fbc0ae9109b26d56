import { readdirSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { lintPolicy } from "../../src/index.js";
import { loadPolicyFile } from "../../src/node/index.js";

describe("lintPolicy: every number cites a source or an assumption", () => {
  test.each(readdirSync("rules").filter((f) => f.endsWith(".yaml")))("rules/%s cites every number", (file) => {
    expect(lintPolicy(loadPolicyFile(`rules/${file}`))).toEqual([]);
  });

  test("the minimal fixture cites nothing: each number is reported where it is", () => {
    const issues = lintPolicy(loadPolicyFile("fixtures/policies/valid/minimal.yaml"));
    expect(issues.map((i) => `${i.position?.line}:${i.position?.column} ${i.path.join(".")}`)).toEqual([
      "46:12 catalog.0.value",
      "56:17 stacks.0.requirements.0.credit",
      "59:18 stacks.0.requirements.0.categories.0.min",
      "64:18 stacks.0.requirements.0.limits.0.max",
      "72:16 stacks.1.requirements.0.count",
      "77:18 stacks.1.requirements.0.categories.0.min",
    ]);
    expect(new Set(issues.map((i) => i.code))).toEqual(new Set(["uncited_value"]));
  });
});
