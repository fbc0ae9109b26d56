/**
 * JSON Schemas generated from the zod schemas: for editors (rules/*.yaml autocompletion) and
 * for callers in other languages.
 */
import { z } from "zod";
import { Policy } from "./policy.js";
import { EducatorRecord } from "./record.js";
import { Report } from "./report.js";

/** The documents credstack has a JSON Schema for. */
export type SchemaName = "policy" | "record" | "report";

/**
 * The JSON Schema (draft 2020-12) of a policy, an educator record or a report.
 *
 * @example
 * jsonSchema("policy").title //=> "credstack policy"
 */
export function jsonSchema(name: SchemaName): Record<string, unknown> {
  const schema = name === "policy" ? Policy : name === "record" ? EducatorRecord : Report;
  return z.toJSONSchema(schema, { io: name === "report" ? "output" : "input", unrepresentable: "any" }) as Record<string, unknown>;
}
