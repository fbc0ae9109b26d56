/**
 * The `credstack` command: thin glue from argv to the loaders, the core and the renderers.
 * Exit codes: 0 done; 1 `validate` found problems in readable files; 2 unreadable or invalid
 * input, or a usage error (one line on stderr, never a stack trace).
 */
import { Command, CommanderError, Option } from "commander";
import { isIsoDate } from "../dates/index.js";
import { EvaluationError, isCredstackError } from "../errors/errors.js";
import { createIssue } from "../errors/issue.js";
import { formatIssues } from "../errors/format.js";
import { evaluate, evaluateStatus } from "../evaluate/evaluate.js";
import { recognizesRecord } from "../evaluate/select.js";
import { renderReport } from "../explain/render.js";
import { portability } from "../portability/matrix.js";
import { renderPortability, renderTransfer } from "../portability/render.js";
import { transfer } from "../portability/transfer.js";
import { runPolicyTestFiles } from "../node/tests.js";
import { renderTestRun } from "../policy-test/run.js";
import { lintPolicy } from "../policy/lint.js";
import { safeParsePolicy } from "../policy/parse.js";
import { jsonSchema, type SchemaName } from "../schema/json-schema.js";
import { readFileSync, realpathSync } from "node:fs";
import type { InputFormat } from "../input/types.js";
import { MAX_SEED, generateRecords } from "../generate/records.js";
import { DEFAULT_WORKER_MEMORY_MB } from "../node/batch.js";
import { OutputClosed, renderBatchSummary, runBatchFiles, writeGenerated } from "./batch.js";
import { UnusableInput, gatherInputs, policiesFrom, printIssues, withInputWarnings, type GatherOptions } from "./gather.js";
import { registerPlanningCommands } from "./planning.js";
import { renderStatusText } from "./status-text.js";

/** A --state comma list, upper-cased; every state must have a loaded policy (`unknown_state`). */
function stateList(value: string, policies: readonly { state: string }[], rules: string | undefined): string[] {
  const states = value.split(",").map((s) => s.trim().toUpperCase());
  const known = new Set(policies.map((p) => p.state));
  const unknown = states.filter((s) => !known.has(s));
  if (unknown.length > 0) {
    const message = `No policy for state ${unknown.join(", ")} in ${rules ?? "the built-in rules"} (have ${[...known].sort().join(", ")}).`;
    throw new EvaluationError([createIssue("unknown_state", message, ["--state"])]);
  }
  return states;
}

/** Where the command writes; replaced in tests. */
export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly color: boolean;
  readonly today: () => string;
  /**
   * Standard output as a stream (backpressure for batch output); absent in tests. Like
   * `BatchIo.stdout`, it must be done with a chunk when it calls the chunk's write callback.
   */
  readonly stdout?: NodeJS.WritableStream & import("node:stream").Writable;
  /** Standard input, for `batch -`. */
  readonly stdin?: NodeJS.ReadableStream;
  /** Show progress bars on stderr (only when it is a terminal). */
  readonly progress?: boolean;
}

class ExitCode extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

function localToday(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

const defaultIo: CliIo = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  color: Boolean(process.stdout.isTTY) && process.env["NO_COLOR"] === undefined,
  today: localToday,
  stdout: process.stdout,
  stdin: process.stdin,
  progress: Boolean(process.stderr.isTTY),
};

/** One line for an error, no stack trace. */
function oneLine(error: unknown): string {
  if (isCredstackError(error)) {
    const issue = error.issues[0];
    const first = issue.position ? formatIssues([issue], { compact: true }) : `${issue.code} ${issue.message}`;
    const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more)` : "";
    return `credstack: ${first}${more}`;
  }
  return `credstack: ${error instanceof Error ? error.message : String(error)}`;
}

/**
 * Runs the command line and returns the exit code.
 *
 * @example
 * const code = await runCli(["evaluate", "fixtures/educators/nc-6-12-met.yaml", "--as-of", "2026-11-24"]);
 */
export async function runCli(argv: readonly string[], io: CliIo = defaultIo): Promise<number> {
  const gatherOptions = (opts: { input?: InputFormat; map?: string; educator?: string; earnedIn?: string }): GatherOptions => ({
    format: opts.input,
    map: opts.map,
    educator: opts.educator,
    earnedIn: opts.earnedIn,
  });
  /** The input flags of `evaluate`, also taken by `transfer` and `portability`. */
  const inputOptions = (command: Command): Command =>
    command
      .addOption(new Option("--input <format>", "the format of the input files (default: detected)").choices(["ob3", "ob2", "clr", "csv", "record"]))
      .option("--map <file>", "an input mapping (YAML or JSON): issuer and achievement ids, credit, approvals, earned_in")
      .option("--educator <id>", "the educator to take from a CSV export that holds several")
      .option("--earned-in <state>", "the state the badges, CLR and CSV credentials were earned in, unless they say (their origin)");

  const program = new Command("credstack")
    .description("Evaluate educator micro-credentials against state policies.")
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err });

  /** The inputs of evaluate, transfer and portability, read into one record; rejections and warnings printed. */
  const readInputs = (paths: readonly string[], opts: Parameters<typeof gatherOptions>[0]) => {
    const gathered = gatherInputs(paths, gatherOptions(opts), io.err);
    printIssues([...gathered.rejected, ...gathered.warnings], io.err);
    return gathered;
  };

  /** The --as-of date (default today), checked: `invalid_as_of` unless a real YYYY-MM-DD date. */
  const asOfOption = (asOf: string | undefined, flag = "--as-of"): string => {
    const date = asOf ?? io.today();
    if (!isIsoDate(date)) throw new EvaluationError([createIssue("invalid_as_of", `${flag} ${date} is not a real date written YYYY-MM-DD.`, [flag])]);
    return date;
  };

  const evaluateCommand = program
    .command("evaluate")
    .description("Evaluate an educator: a record (JSON or YAML) and/or badges (Open Badges 2.0/3.0, CLR 2.0, CSV); print the report.")
    .argument("<inputs...>", "a record file, badge files, a CLR or a CSV export (format detected, or --input)")
    .option("--state <codes>", "NC, AR, SC, WY, a comma list, or all (default: every state whose policy recognizes the record)")
    .option("--as-of <date>", "the date to evaluate on, YYYY-MM-DD (default: today)")
    .addOption(new Option("--format <format>", "text or json").choices(["text", "json"]).default("text"))
    .option("--rules <dir>", "a folder of policy files (default: the built-in rules)")
    .option("--status", "print only each stack's status, deadline and optimal flag (the status report)");
  inputOptions(evaluateCommand).action(
      (
        paths: string[],
        opts: { state?: string; asOf?: string; format: string; rules?: string; status?: boolean; input?: InputFormat; map?: string; educator?: string; earnedIn?: string },
      ) => {
        const asOf = asOfOption(opts.asOf);
        const gathered = readInputs(paths, opts);
        const record = gathered.record;
        const policies = policiesFrom(opts.rules);
        let states: string[] | undefined;
        if (opts.state === undefined) {
          states = [...new Set(policies.filter((p) => recognizesRecord(p, record, asOf)).map((p) => p.state))];
        } else if (opts.state.toLowerCase() !== "all") {
          states = stateList(opts.state, policies, opts.rules);
        }
        if (opts.status) {
          // the status report has no warnings: input warnings are only on stderr (readInputs printed them)
          const status = evaluateStatus(record, policies, { asOf, states });
          io.out(opts.format === "json" ? `${JSON.stringify(status, null, 2)}\n` : renderStatusText(status));
        } else {
          const report = withInputWarnings(evaluate(record, policies, { asOf, states }), gathered.warnings);
          io.out(opts.format === "json" ? `${JSON.stringify(report, null, 2)}\n` : renderReport(report, { color: io.color }));
        }
        if (gathered.rejected.length > 0) throw new ExitCode(1);
      },
    );

  program
    .command("batch")
    .description("Evaluate NDJSON educator records (one per line) with every core; print one report line per record.")
    .argument("<records>", "an NDJSON file, or - for standard input")
    .option("--state <codes>", "NC, AR, SC, WY, a comma list, or all", "all")
    .option("--as-of <date>", "the date to evaluate on, YYYY-MM-DD (default: today)")
    .option("--out <file>", "where report lines go; - for standard output", "-")
    .option("--errors <file>", "where bad lines go, one JSON line each (default: one typed line each on stderr)")
    .option("--workers <n>", "worker threads (default: the number of cores)")
    .option("--worker-memory <mb>", "each worker's heap limit in MB", String(DEFAULT_WORKER_MEMORY_MB))
    .option("--unordered", "write reports as they finish, not in input order")
    .option("--rules <dir>", "a folder of policy files (default: the built-in rules)")
    .option("--status", "write each record's status report (every stack's status) instead of its full report")
    .action(async (input: string, opts: { state: string; asOf?: string; out: string; errors?: string; workers?: string; workerMemory: string; unordered?: boolean; rules?: string; status?: boolean }) => {
      const asOf = asOfOption(opts.asOf);
      const workers = opts.workers === undefined ? undefined : Number(opts.workers);
      if (workers !== undefined && !(Number.isInteger(workers) && workers >= 1)) {
        throw new EvaluationError([createIssue("invalid_option", `--workers ${opts.workers} is not a whole number of at least 1.`, ["--workers"])]);
      }
      const workerMemoryMb = Number(opts.workerMemory);
      if (!(Number.isInteger(workerMemoryMb) && workerMemoryMb >= 16)) {
        throw new EvaluationError([createIssue("invalid_option", `--worker-memory ${opts.workerMemory} is not a whole number of MB of at least 16.`, ["--worker-memory"])]);
      }
      // a --rules folder and a --state list are checked here, before the output is opened or any
      // worker starts; with the built-in rules for every state only the workers compile the
      // policies (the main thread stays about 30 MB smaller), and a failure to load them still
      // stops the run with its typed PolicyError (runBatch)
      const every = opts.state.toLowerCase() === "all";
      let states: string[] | undefined;
      if (opts.rules !== undefined || !every) {
        const policies = policiesFrom(opts.rules);
        if (!every) states = stateList(opts.state, policies, opts.rules);
      }
      const summary = await runBatchFiles({ input, out: opts.out, errors: opts.errors, asOf, states, workers, workerMemoryMb, ordered: !opts.unordered, rules: opts.rules, status: opts.status === true }, io);
      io.err(renderBatchSummary(summary));
      if (summary.errors > 0) throw new ExitCode(1);
    });

  program
    .command("generate")
    .description("Print seeded synthetic educator records for the four states, one JSON record per line.")
    .requiredOption("--count <n>", "how many records")
    .option("--seed <n>", "the seed: the same seed gives the same records", "1")
    .option("--state <codes>", "draw from these states only (comma list of AR, NC, SC, WY)")
    .option("--credentials <min-max>", "the fewest and most credentials per record", "5-30")
    .option("--out <file>", "where the records go; - for standard output", "-")
    .action(async (opts: { count: string; seed: string; state?: string; credentials: string; out: string }) => {
      const count = Number(opts.count);
      const seed = Number(opts.seed);
      const range = /^(\d+)-(\d+)$/.exec(opts.credentials);
      const states = opts.state?.split(",").map((s) => s.trim().toUpperCase());
      const bad =
        !Number.isInteger(count) ? `--count ${opts.count} is not a whole number`
        : count < 0 ? `--count ${opts.count} must be 0 or more`
        : !/^\d+$/.test(opts.seed.trim()) || !(seed <= MAX_SEED) ? `--seed ${opts.seed} is not a whole number from 0 to ${MAX_SEED}`
        : !range || Number(range[1]) > Number(range[2]) ? `--credentials ${opts.credentials} is not a range like 5-30`
        : states?.some((s) => !["AR", "NC", "SC", "WY"].includes(s)) ? `--state ${opts.state} names a state other than AR, NC, SC, WY`
        : undefined;
      if (bad !== undefined) throw new EvaluationError([createIssue("invalid_option", `${bad}.`)]);
      await writeGenerated(
        generateRecords(count, { seed, credentials: [Number(range![1]), Number(range![2])], ...(states ? { states: states as ("AR" | "NC" | "SC" | "WY")[] } : {}) }),
        opts.out,
        io,
      );
    });

  const stateOption = (value: string, flag: string, known: ReadonlySet<string>, rules: string | undefined): string => {
    const state = value.trim().toUpperCase();
    if (!known.has(state)) {
      const message = `No policy for state ${state} in ${rules ?? "the built-in rules"} (have ${[...known].sort().join(", ")}).`;
      throw new EvaluationError([createIssue("unknown_state", message, [flag])]);
    }
    return state;
  };

  const transferCommand = program
    .command("transfer")
    .description("Show how a record's credentials from one state count in another (transfer report).")
    .argument("<inputs...>", "a record file and/or badges, a CLR or a CSV export, as for evaluate")
    .requiredOption("--from <state>", "the state the credentials come from, e.g. AR")
    .requiredOption("--to <state>", "the state they should count in, e.g. NC")
    .option("--as-of <date>", "the date to evaluate on, YYYY-MM-DD (default: today)")
    .addOption(new Option("--format <format>", "text or json").choices(["text", "json"]).default("text"))
    .option("--rules <dir>", "a folder of policy files (default: the built-in rules)");
  inputOptions(transferCommand).action((paths: string[], opts: { from: string; to: string; asOf?: string; format: string; rules?: string; input?: InputFormat; map?: string; educator?: string; earnedIn?: string }) => {
    const asOf = asOfOption(opts.asOf);
    const gathered = readInputs(paths, opts);
    const record = gathered.record;
    const policies = policiesFrom(opts.rules);
    const known = new Set(policies.map((p) => p.state));
    const from = stateOption(opts.from, "--from", known, opts.rules);
    const to = stateOption(opts.to, "--to", known, opts.rules);
    const report = transfer(record, policies, { from, to, asOf });
    io.out(opts.format === "json" ? `${JSON.stringify(report, null, 2)}\n` : renderTransfer(report));
    if (gathered.rejected.length > 0) throw new ExitCode(1);
  });

  const portabilityCommand = program
    .command("portability")
    .description("Show, for every ordered pair of states, the credit of a record that carries over (matrix).")
    .argument("<inputs...>", "a record file and/or badges, a CLR or a CSV export, as for evaluate")
    .option("--state <codes>", "the states to pair, a comma list (default: every state with a policy)")
    .option("--as-of <date>", "the date to evaluate on, YYYY-MM-DD (default: today)")
    .addOption(new Option("--format <format>", "text or json").choices(["text", "json"]).default("text"))
    .option("--rules <dir>", "a folder of policy files (default: the built-in rules)");
  inputOptions(portabilityCommand).action((paths: string[], opts: { state?: string; asOf?: string; format: string; rules?: string; input?: InputFormat; map?: string; educator?: string; earnedIn?: string }) => {
    const asOf = asOfOption(opts.asOf);
    const gathered = readInputs(paths, opts);
    const record = gathered.record;
    const policies = policiesFrom(opts.rules);
    const known = new Set(policies.map((p) => p.state));
    const states = opts.state?.split(",").map((s) => stateOption(s, "--state", known, opts.rules));
    const matrix = portability(record, policies, { asOf, states });
    io.out(opts.format === "json" ? `${JSON.stringify(matrix, null, 2)}\n` : renderPortability(matrix));
    if (gathered.rejected.length > 0) throw new ExitCode(1);
  });

  registerPlanningCommands(program, { out: io.out, asOf: asOfOption, state: stateOption });

  program
    .command("validate")
    .description("Check policy files; print file:line:col code message per problem.")
    .argument("<policies...>", "policy files (.yaml)")
    .option("--strict", "also require every number and date to cite a source or an assumption")
    .action((paths: string[], opts: { strict?: boolean }) => {
      let problems = 0;
      let unreadable = false;
      for (const path of paths) {
        let text: string;
        try {
          text = readFileSync(path, "utf8");
        } catch (cause) {
          io.out(`${path}:1:1 file_unreadable Cannot read '${path}': ${(cause as NodeJS.ErrnoException).code ?? String(cause)}.\n`);
          unreadable = true;
          continue;
        }
        const result = safeParsePolicy(text, { source: path });
        const issues = result.success ? (opts.strict ? lintPolicy(result.policy) : []) : result.issues;
        if (issues.length === 0) continue;
        problems += issues.length;
        io.out(`${formatIssues(issues, { compact: true })}\n`);
      }
      if (unreadable) throw new ExitCode(2);
      if (problems > 0) throw new ExitCode(1);
      io.out(`${paths.length} ${paths.length === 1 ? "policy" : "policies"} valid\n`);
    });

  program
    .command("test")
    .description("Run policy test files (*.test.yaml): expected statuses, amounts and reasons, with coverage.")
    .argument("<paths...>", "test files, or folders searched for *.test.yaml")
    .option("--rules <dir>", "a folder of policy files (default: the built-in rules)")
    .option("--threshold <percent>", "fail when coverage is below this percentage")
    .addOption(new Option("--format <format>", "text or json").choices(["text", "json"]).default("text"))
    .action((paths: string[], opts: { rules?: string; threshold?: string; format: string }) => {
      const threshold = opts.threshold === undefined ? undefined : Number(opts.threshold);
      if (threshold !== undefined && !(threshold >= 0 && threshold <= 100)) {
        throw new EvaluationError([createIssue("invalid_option", `--threshold ${opts.threshold} is not a percentage from 0 to 100.`, ["--threshold"])]);
      }
      const run = runPolicyTestFiles(paths, opts.rules !== undefined ? { rules: opts.rules } : {});
      io.out(opts.format === "json" ? `${JSON.stringify(run, null, 2)}\n` : renderTestRun(run, { threshold }));
      if (run.failed > 0 || run.cases.length === 0 || (threshold !== undefined && run.coverage.percent < threshold)) throw new ExitCode(1);
    });

  program
    .command("schema")
    .description("Print the JSON Schema of a policy, a record, a report, a policy test file or a catalog.")
    .addArgument(new Command().createArgument("<name>", "policy, record, report, test or catalog").choices(["policy", "record", "report", "test", "catalog"]))
    .action((name: SchemaName) => {
      io.out(`${JSON.stringify(jsonSchema(name), null, 2)}\n`);
    });

  if (argv.length === 0) {
    io.err("error: missing command (evaluate, transfer, portability, plan, whatif, expiring, batch, generate, validate, test or schema); see 'credstack --help'\n");
    return 2;
  }
  try {
    await program.parseAsync(argv, { from: "user" });
    return 0;
  } catch (error) {
    if (error instanceof ExitCode) return error.code;
    if (error instanceof OutputClosed) return 0; // `… | head`: the reader has what it wanted
    if (error instanceof UnusableInput) {
      printIssues(error.issues, io.err);
      return 2;
    }
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    io.err(`${oneLine(error)}\n`);
    return 2;
  }
}

/** The script node was started with, symlinks resolved (npm installs the bin as a link in node_modules/.bin). */
function startedScript(): string | undefined {
  const script = typeof process !== "undefined" ? process.argv[1] : undefined;
  if (script === undefined) return undefined;
  try {
    return realpathSync(script);
  } catch {
    return script;
  }
}

// run when executed directly (the bin, or `tsx src/cli/main.ts`)
const invokedDirectly = /(?:cli\.(?:c?js|mjs)|main\.ts)$/.test(startedScript() ?? "");
if (invokedDirectly) {
  // a reader that goes away early (`credstack … | head`) is not an error: stop quietly
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    process.stderr.write(`credstack: cannot write to standard output: ${error.code ?? error.message}.\n`);
    process.exit(2);
  });
  void runCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
