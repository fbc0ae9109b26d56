/**
 * JSON Schemas generated from the zod schemas: for editors (rules/*.yaml autocompletion) and
 * for callers in other languages.
 */
import { z } from "zod";
import { Policy } from "./policy.js";
import { EducatorRecord } from "./record.js";
import { PolicyTestSuite } from "./policy-test.js";
import { Report } from "./report.js";
import { Catalog } from "./catalog.js";

/** The documents credstack has a JSON Schema for. */
export type SchemaName = "policy" | "record" | "report" | "test" | "catalog";

/**
 * The JSON Schema (draft 2020-12) of a policy, an educator record, a report, a policy test file
 * or a planner catalog.
 *
 * @example
 * jsonSchema("policy").title //=> "credstack policy"
 */
export function jsonSchema(name: SchemaName): Record<string, unknown> {
  const schema = { policy: Policy, record: EducatorRecord, report: Report, test: PolicyTestSuite, catalog: Catalog }[name];
  return z.toJSONSchema(schema, { io: name === "report" ? "output" : "input", unrepresentable: "any" }) as Record<string, unknown>;
}
