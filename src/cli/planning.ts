/**
 * The planning commands: `plan` (the shortest completion of a stack from a catalog), `whatif`
 * (today's report against a scenario) and `expiring` (credit that falls away before deadlines).
 */
import { readFileSync } from "node:fs";
import { Option, type Command } from "commander";
import { EvaluationError } from "../errors/errors.js";
import { createIssue } from "../errors/issue.js";
import { recognizesRecord } from "../evaluate/select.js";
import { loadBuiltinCatalogs, loadCatalogFile } from "../node/catalogs.js";
import { loadInputFile } from "../node/inputs.js";
import { loadRecordFile } from "../node/load.js";
import { safeParseCatalogText } from "../plan/catalog.js";
import { offerCredential, offersOf } from "../plan/credentials.js";
import { whatIf } from "../plan/diff.js";
import { expiringCredit } from "../plan/expiring.js";
import { plan } from "../plan/plan.js";
import { renderDiff, renderExpiring, renderPlan } from "../plan/render.js";
import type { CompiledPolicy } from "../policy/compile.js";
import type { EarnedCredential } from "../schema/credential.js";
import type { EducatorRecord } from "../schema/record.js";
import { policiesFrom } from "./gather.js";

/** What the planning commands need from the main program. */
export interface PlanningCli {
  readonly out: (text: string) => void;
  /** The as-of date from --as-of (today by default), checked. */
  readonly asOf: (value: string | undefined, flag?: string) => string;
  /** A state code checked against the loaded policies. */
  readonly state: (value: string, flag: string, known: ReadonlySet<string>, rules: string | undefined) => string;
}

function statesFrom(value: string | undefined, flag: string, policies: readonly CompiledPolicy[], record: EducatorRecord, asOf: string, rules: string | undefined, cli: PlanningCli): string[] | undefined {
  const known = new Set(policies.map((p) => p.state));
  if (value === undefined) return [...new Set(policies.filter((p) => recognizesRecord(p, record, asOf)).map((p) => p.state))];
  if (value.toLowerCase() === "all") return undefined;
  return value.split(",").map((s) => cli.state(s, flag, known, rules));
}

/** Credentials from an --add file: a catalog's items (earned on the date), or any input credstack reads. */
function addedCredentials(path: string, earned: string): EarnedCredential[] {
  let text: string | undefined;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    text = undefined; // loadInputFile reports the unreadable file
  }
  if (text !== undefined && /^\s*(?:\{[\s\S]*"items"|[\s\S]*^items:)/m.test(text)) {
    const catalog = safeParseCatalogText(text, { source: path, ...(/\.json$/i.test(path) ? { format: "json" as const } : {}) });
    if (catalog.success) return offersOf([catalog.catalog]).map((o) => offerCredential(o, earned));
  }
  const input = loadInputFile(path);
  if (input.format === "record") return [...input.record.credentials];
  if (input.format === "csv") return input.educators.flatMap((e) => [...e.credentials]);
  return [...input.credentials];
}

/** Adds `plan`, `whatif` and `expiring` to the program. */
export function registerPlanningCommands(program: Command, cli: PlanningCli): void {
  program
    .command("plan")
    .description("Find the fewest catalog credentials (then fewest hours, then lowest cost) that complete a stack.")
    .argument("<record>", "the educator record file (.json, .yaml or .yml)")
    .requiredOption("--state <code>", "the state whose stack to complete, e.g. WY")
    .requiredOption("--stack <id>", "the stack to complete, e.g. cs-endorsement-6-12")
    .option("--catalog <file>", "a catalog file (default: the built-in catalogs of the state)")
    .option("--policy <id>", "the policy family, when several in force have the stack")
    .option("--as-of <date>", "the date to plan on, YYYY-MM-DD (default: today)")
    .option("--budget <n>", "search nodes before giving up on proving minimality", "20000")
    .addOption(new Option("--format <format>", "text or json").choices(["text", "json"]).default("text"))
    .option("--rules <dir>", "a folder of policy files (default: the built-in rules)")
    .action((recordPath: string, opts: { state: string; stack: string; catalog?: string; policy?: string; asOf?: string; budget: string; format: string; rules?: string }) => {
      const asOf = cli.asOf(opts.asOf);
      const budget = Number(opts.budget);
      if (!(Number.isSafeInteger(budget) && budget >= 1)) {
        throw new EvaluationError([createIssue("invalid_option", `--budget ${opts.budget} is not a whole number of at least 1.`, ["--budget"])]);
      }
      const record = loadRecordFile(recordPath);
      const policies = policiesFrom(opts.rules);
      const state = cli.state(opts.state, "--state", new Set(policies.map((p) => p.state)), opts.rules);
      const catalogs = opts.catalog !== undefined ? [loadCatalogFile(opts.catalog)] : loadBuiltinCatalogs(state);
      if (catalogs.length === 0) {
        throw new EvaluationError([createIssue("invalid_option", `There is no built-in catalog for ${state}; give one with --catalog <file>.`, ["--catalog"])]);
      }
      const result = plan(record, policies, { asOf, state, stack: opts.stack, policy: opts.policy, catalog: catalogs, budget });
      cli.out(opts.format === "json" ? `${JSON.stringify(result, null, 2)}\n` : renderPlan(result));
    });

  program
    .command("whatif")
    .description("Compare today's report with a scenario: credentials added, another date, another state.")
    .argument("<record>", "the educator record file (.json, .yaml or .yml)")
    .option("--add <files...>", "hypothetical credentials: a catalog (its items), a record (its credentials), badges, a CLR or a CSV")
    .option("--at <date>", "the scenario's date, YYYY-MM-DD (default: the as-of date)")
    .option("--under <codes>", "the scenario's states, a comma list or all (default: --state)")
    .option("--state <codes>", "today's states, a comma list or all (default: every state whose policy recognizes the record)")
    .option("--as-of <date>", "today, YYYY-MM-DD (default: today)")
    .addOption(new Option("--format <format>", "text or json").choices(["text", "json"]).default("text"))
    .option("--rules <dir>", "a folder of policy files (default: the built-in rules)")
    .action((recordPath: string, opts: { add?: string[]; at?: string; under?: string; state?: string; asOf?: string; format: string; rules?: string }) => {
      const asOf = cli.asOf(opts.asOf);
      const at = opts.at === undefined ? asOf : cli.asOf(opts.at, "--at");
      const record = loadRecordFile(recordPath);
      const policies = policiesFrom(opts.rules);
      const add = (opts.add ?? []).flatMap((path) => addedCredentials(path, at));
      const states = statesFrom(opts.state, "--state", policies, { ...record, credentials: [...record.credentials, ...add] }, asOf, opts.rules, cli);
      const under = opts.under === undefined ? states : statesFrom(opts.under, "--under", policies, record, at, opts.rules, cli);
      const { diff } = whatIf(record, policies, { asOf, states, add, at, under });
      cli.out(opts.format === "json" ? `${JSON.stringify(diff, null, 2)}\n` : renderDiff(diff));
    });

  program
    .command("expiring")
    .description("List credit that counts today and falls away before each stack's deadline (or a date).")
    .argument("<record>", "the educator record file (.json, .yaml or .yml)")
    .option("--until <date>", "the later date to look at (default: each stack's deadline)")
    .option("--state <codes>", "a comma list or all (default: every state whose policy recognizes the record)")
    .option("--as-of <date>", "today, YYYY-MM-DD (default: today)")
    .addOption(new Option("--format <format>", "text or json").choices(["text", "json"]).default("text"))
    .option("--rules <dir>", "a folder of policy files (default: the built-in rules)")
    .action((recordPath: string, opts: { until?: string; state?: string; asOf?: string; format: string; rules?: string }) => {
      const asOf = cli.asOf(opts.asOf);
      const until = opts.until === undefined ? undefined : cli.asOf(opts.until, "--until");
      const record = loadRecordFile(recordPath);
      const policies = policiesFrom(opts.rules);
      const states = statesFrom(opts.state, "--state", policies, record, asOf, opts.rules, cli);
      const report = expiringCredit(record, policies, { asOf, until, states });
      cli.out(opts.format === "json" ? `${JSON.stringify(report, null, 2)}\n` : renderExpiring(report));
    });
}
