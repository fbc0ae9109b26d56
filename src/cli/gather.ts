/**
 * Gathering one educator from the command's input files (`evaluate`, `transfer`, `portability`):
 * at most one record, plus badges, CLR transcripts and CSV exports that add credentials, each
 * counted once. Problems are typed: rejected items (exit 1), or inputs that yield no educator
 * (exit 2, the inputs' own issues printed first).
 */
import { basename } from "node:path";
import { EvaluationError } from "../errors/errors.js";
import { formatIssues } from "../errors/format.js";
import { createIssue, type CredstackIssue } from "../errors/issue.js";
import { assembleRecord } from "../input/read.js";
import { stateCodeOf } from "../input/regions.js";
import type { InputFormat } from "../input/types.js";
import { loadInputFile, loadInputMapping } from "../node/inputs.js";
import { loadBuiltinPolicies, loadPolicies } from "../node/load.js";
import type { CompiledPolicy } from "../policy/compile.js";
import type { EarnedCredential } from "../schema/credential.js";
import type { EducatorRecord } from "../schema/record.js";
import type { Report } from "../schema/report.js";

/**
 * The policies a command evaluates against: the folder given with --rules, else the built-in rules.
 *
 * @example
 * policiesFrom(undefined).length //=> 18
 */
export function policiesFrom(rules: string | undefined): CompiledPolicy[] {
  return rules !== undefined ? loadPolicies(rules) : loadBuiltinPolicies();
}

/** The input options `evaluate`, `transfer` and `portability` share. */
export interface GatherOptions {
  readonly format?: InputFormat | undefined;
  readonly map?: string | undefined;
  readonly educator?: string | undefined;
  /** `--earned-in`: the state credentials from badge, CLR and CSV inputs were earned in, unless they say. */
  readonly earnedIn?: string | undefined;
}

/** The educator record gathered from the command's input files, with what was left out. */
export interface Gathered {
  readonly record: EducatorRecord;
  /** Items the inputs rejected that concern this educator: printed, and the exit code is 1. */
  readonly rejected: readonly CredstackIssue[];
  /** Duplicates, unchecked status lists, unknown CSV columns: printed, the exit code unchanged. */
  readonly warnings: readonly CredstackIssue[];
}

/**
 * Thrown when the inputs give no educator to evaluate (a CSV whose header is broken, or that is
 * not CSV at all): the issues that say why, to print one per line before exiting 2.
 */
export class UnusableInput extends Error {
  constructor(readonly issues: readonly CredstackIssue[]) {
    super(issues.map((i) => i.message).join(" "));
  }
}

/**
 * Prints issues as the command does: one compact `file:line:col code message` line each.
 *
 * @example
 * printIssues(gathered.rejected, io.err)
 */
export function printIssues(issues: readonly CredstackIssue[], err: (text: string) => void): void {
  for (const issue of issues) err(`${formatIssues([issue], { compact: true })}\n`);
}

/** Reads `--earned-in` (a code or a state name, any case) as a state code. */
function earnedInOption(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const code = stateCodeOf(value);
  if (code === undefined) throw new EvaluationError([createIssue("invalid_option", `--earned-in ${value} is not a US state code or name.`, ["--earned-in"])]);
  return code;
}

/**
 * Reads every input file (at most one record; badges, CLR and CSV add credentials) and assembles
 * one record, each credential once. From a CSV only the chosen educator's rows count: rows of
 * other educators neither print nor change the exit code; rows that cannot be attributed to an
 * educator (syntax errors, no educator_id) and header problems do.
 *
 * @throws EvaluationError (`invalid_option`, `file_unreadable`, `record_invalid`, ...) or `UnusableInput`.
 * @example
 * const { record, rejected, warnings } = gatherInputs(["teacher.yaml", "badges.json"], { map: "lea.yaml" }, io.err);
 */
export function gatherInputs(paths: readonly string[], opts: GatherOptions, err: (text: string) => void): Gathered {
  const earnedIn = earnedInOption(opts.earnedIn);
  const mapping = opts.map !== undefined ? loadInputMapping(opts.map) : undefined;
  let base: EducatorRecord | undefined;
  let basePath: string | undefined;
  let id: string | undefined;
  const lists: EarnedCredential[][] = [];
  const names: string[] = [];
  const rejected: CredstackIssue[] = [];
  const warnings: CredstackIssue[] = [];
  const loaded = paths.map((path) => ({ path, input: loadInputFile(path, { format: opts.format, mapping }) }));
  for (const { path, input } of loaded) {
    if (input.format !== "record") continue;
    if (base !== undefined) {
      throw new EvaluationError([createIssue("invalid_option", `Both ${basePath} and ${path} are educator records; give at most one.`, [path])]);
    }
    base = input.record;
    basePath = path;
  }
  const origin = (list: readonly EarnedCredential[]) => (earnedIn === undefined ? [...list] : list.map((c) => (c.earned_in !== undefined ? c : { ...c, earned_in: earnedIn })));
  for (const { path, input } of loaded) {
    if (input.format === "record") continue;
    warnings.push(...input.warnings);
    if (input.format === "csv") {
      const own = new Set(input.educators.flatMap((e) => e.rejected));
      const general = input.rejected.filter((issue) => !own.has(issue));
      const wanted = opts.educator ?? base?.id;
      const matches = wanted !== undefined ? input.educators.filter((e) => e.id === wanted) : input.educators;
      if (matches.length !== 1) {
        // what kept the educator from being read comes first
        if (input.educators.length === 0 && general.length > 0) throw new UnusableInput(general);
        printIssues(general, err);
        const ids = input.educators.map((e) => e.id).join(", ") || "none";
        const why = wanted !== undefined ? `has no educator '${wanted}'` : `holds ${input.educators.length} educators`;
        throw new EvaluationError([createIssue("invalid_option", `${path} ${why} (${ids}); pick one with --educator <id>.`, ["--educator"])]);
      }
      const educator = matches[0]!;
      const mine = new Set(educator.rejected);
      rejected.push(...input.rejected.filter((issue) => !own.has(issue) || mine.has(issue)));
      id ??= educator.id;
      lists.push(origin(educator.credentials));
    } else {
      rejected.push(...input.rejected);
      lists.push(origin(input.credentials));
    }
    names.push(path);
  }
  const fallbackId = basename(paths[0] ?? "educator").replace(/\.[^.]*$/, "").replace(/[^A-Za-z0-9._:-]+/g, "-");
  const assembled = assembleRecord({ base, baseName: basePath, id: id ?? fallbackId, credentials: lists, names });
  if (!assembled.success) throw new EvaluationError(assembled.issues);
  return { record: assembled.record, rejected, warnings: [...warnings, ...assembled.duplicates] };
}

/**
 * The report with the inputs' warnings (duplicates, unchecked status lists, unknown CSV columns)
 * added to each state's `warnings`, so `--format json` shows them as stderr does. Each keeps its
 * code; its message starts with where it was found.
 *
 * @example
 * withInputWarnings(report, gathered.warnings).results[0].warnings.at(-1)
 * //=> { code: "duplicate_credential", message: "b.json:1:1 Credential … in b.json duplicates … in a.json (same id); it counts once." }
 */
export function withInputWarnings(report: Report, warnings: readonly CredstackIssue[]): Report {
  if (warnings.length === 0) return report;
  const extra = warnings.map((w) => ({
    code: w.code,
    message: w.position ? `${w.position.file ?? "<input>"}:${w.position.line}:${w.position.column} ${w.message}` : w.message,
  }));
  return { ...report, results: report.results.map((r) => ({ ...r, warnings: [...r.warnings, ...extra] })) };
}
