import { readFileSync } from "node:fs";
import { expect, test } from "vitest";
import { jsonSchema } from "../../src/index.js";

test("rules/policy.schema.json is the schema the zod Policy generates (run `npm run schema:write` after changing it)", () => {
  const committed = JSON.parse(readFileSync("rules/policy.schema.json", "utf8"));
  expect(committed).toEqual(jsonSchema("policy"));
});

test("rules/policy-test.schema.json is the schema the zod PolicyTestSuite generates", () => {
  expect(JSON.parse(readFileSync("rules/policy-test.schema.json", "utf8"))).toEqual(jsonSchema("test"));
});

test("rules/catalog.schema.json is the schema the zod Catalog generates", () => {
  expect(JSON.parse(readFileSync("rules/catalog.schema.json", "utf8"))).toEqual(jsonSchema("catalog"));
});

test("the policy schema is strict and names every top-level key", () => {
  const schema = jsonSchema("policy") as { $defs: { Policy: { additionalProperties: boolean; required: string[]; properties: object } } };
  expect(schema.$defs.Policy.additionalProperties).toBe(false);
  expect(schema.$defs.Policy.required.sort()).toEqual(
    ["credit_unit", "credstack", "effective", "id", "recognition", "sources", "stacks", "state", "title", "version"].sort(),
  );
});

test("record and report schemas are generated too", () => {
  expect(jsonSchema("record")).toHaveProperty("$defs.EducatorRecord");
  expect(jsonSchema("report")).toHaveProperty("$defs.Report");
});
