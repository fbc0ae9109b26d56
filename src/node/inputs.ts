/**
 * Loading inputs from files: badges, CLR, CSV, records and input mappings. The reading itself is
 * the pure core's (`readInputText`); this module only touches the file system.
 */
import { readFileSync } from "node:fs";
import { EvaluationError } from "../errors/errors.js";
import { createIssue } from "../errors/issue.js";
import { issuesFromZod } from "../errors/zod.js";
import { readInputText, type Input } from "../input/read.js";
import type { InputFormat, StatusResolver } from "../input/types.js";
import { InputMapping } from "../schema/input-mapping.js";
import { readJson } from "../yaml/json.js";
import { readYaml } from "../yaml/read.js";

function readText(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (cause) {
    const issue = createIssue("file_unreadable", `Cannot read input file '${path}': ${(cause as NodeJS.ErrnoException).code ?? String(cause)}.`, [], {
      position: { file: path, line: 1, column: 1 },
    });
    throw new EvaluationError([issue], { cause });
  }
}

/** Options for `loadInputFile`. */
export interface LoadInputFileOptions {
  /** The format; detected when left out. */
  readonly format?: InputFormat | undefined;
  /** How issuers and achievements map (see `loadInputMapping`). */
  readonly mapping?: InputMapping | undefined;
  /** Resolves credentialStatus entries. */
  readonly status?: StatusResolver | undefined;
  /** The largest accepted file, in bytes. Default 1 MiB for JSON and YAML. */
  readonly maxBytes?: number | undefined;
}

/**
 * Reads an input file of any supported format (record, Open Badges 2.0 or 3.0, CLR 2.0, CSV).
 * Rejected badges and rows are in the input's `rejected`; an unreadable file, bad JSON, an
 * invalid record or an unknown format throw.
 *
 * @throws EvaluationError (`file_unreadable`, `invalid_json`, `record_invalid`, `input_format_unknown`, ...).
 * @example
 * const input = loadInputFile("fixtures/inputs/wy/wde-cs-elementary.ob3.json");
 * input.format //=> "ob3"
 */
export function loadInputFile(path: string, options: LoadInputFileOptions = {}): Input {
  const result = readInputText(readText(path), { ...options, source: path });
  if (!result.success) throw new EvaluationError(result.issues);
  return result.input;
}

/**
 * Reads and validates an input mapping file (YAML or JSON; see docs/inputs.md#the-input-mapping).
 *
 * @throws EvaluationError (`invalid_option`, with file:line:column) listing every problem.
 * @example
 * const mapping = loadInputMapping("fixtures/inputs/nc/nc-lea-mapping.yaml");
 * mapping.achievements.length //=> 4
 */
export function loadInputMapping(path: string): InputMapping {
  const text = readText(path);
  const read = /\.json$/i.test(path) ? readJson(text, { source: path }) : readYaml(text, { source: path });
  if (!read.ok) throw new EvaluationError(read.issues);
  const parsed = InputMapping.safeParse(read.data);
  if (!parsed.success) {
    const issues = issuesFromZod(parsed.error, { schemaKind: "mapping", schema: InputMapping, input: read.data, locate: read.locate, codeFor: (code) => (code === "unknown_key" ? code : "invalid_option") });
    throw new EvaluationError(issues as [(typeof issues)[number], ...typeof issues]);
  }
  return parsed.data;
}
