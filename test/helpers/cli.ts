// Runs the CLI in-process for the command tests: what it printed on stdout and stderr, and its
// exit code, with today pinned to 2026-11-24 and no colour.
import { runCli, type CliIo } from "../../src/cli/main.js";

/** Runs `credstack <argv>` in-process. */
export async function runCommand(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const io: CliIo = { out: (t) => (out += t), err: (t) => (err += t), color: false, today: () => "2026-11-24" };
  const code = await runCli(argv, io);
  return { code, out, err };
}
