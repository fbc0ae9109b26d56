// credstack transfer and credstack portability on the fixture educator portable-ar-to-nc.
import { describe, expect, test } from "vitest";
import { runCli, type CliIo } from "../../src/cli/main.js";
import type { PortabilityMatrix, TransferReport } from "../../src/index.js";

async function run(...argv: string[]) {
  let out = "";
  let err = "";
  const io: CliIo = { out: (t) => (out += t), err: (t) => (err += t), color: false, today: () => "2026-11-24" };
  const code = await runCli(argv, io);
  return { code, out, err };
}

const record = "fixtures/educators/portable-ar-to-nc.yaml";

describe("credstack transfer", () => {
  test("--format json gives the transfer report: NC renewal met only with the Arkansas credit", async () => {
    const { code, out, err } = await run("transfer", record, "--from", "ar", "--to", "NC", "--format", "json");
    expect([code, err]).toEqual([0, ""]);
    const report = JSON.parse(out) as TransferReport;
    expect([report.from, report.to, report.asOf]).toEqual(["AR", "NC", "2026-11-24"]); // codes upper-cased; the injected today
    expect(report.stacks.find((s) => s.policy === "nc-renewal")).toMatchObject({ with: "met", without: "not_met" });
  });

  test("text output: a line per credential and policy, the stacks with / without, what carries over", async () => {
    const { code, out } = await run("transfer", record, "--from", "AR", "--to", "WY", "--as-of", "2026-11-24");
    expect(code).toBe(0);
    const lines = out.split("\n");
    expect(lines[0]).toBe("Transfer AR → WY · educator portable-ar-to-nc · as of 2026-11-24");
    // 20 / 14 = 10/7 WY credits for 20 contact hours; no WY license, so the renewal is not evaluated and it is unused
    expect(lines).toContain("      WY wy-renewal@2020-07-01: unused 10/7 wy_ptsb_credit (20 contact hours) by partner-qas-micro-credential · no_matching_requirement: It is recognized, but no requirement evaluated for this educator accepts it.");
    expect(lines).toContain("  wy-renewal@2020-07-01: 3 recognized, 0 counted; worth 5.5 wy_ptsb_credit (77 contact hours), 0 placed");
  });

  test("usage errors: a missing --to, an unknown state, the same state twice", async () => {
    expect(await run("transfer", record, "--from", "AR")).toEqual({ code: 2, out: "", err: "error: required option '--to <state>' not specified\n" });
    const unknown = await run("transfer", record, "--from", "AR", "--to", "TX");
    expect([unknown.code, unknown.err]).toEqual([2, "credstack: unknown_state No policy for state TX in the built-in rules (have AR, NC, SC, WY).\n"]);
    const same = await run("transfer", record, "--from", "NC", "--to", "NC");
    expect([same.code, same.err]).toEqual([2, "credstack: invalid_option The from and to states are both NC; a transfer needs two different states.\n"]);
  });
});

describe("credstack portability", () => {
  test("--format json: every ordered pair of the states asked for", async () => {
    const { code, out } = await run("portability", record, "--state", "AR,NC,WY", "--format", "json");
    expect(code).toBe(0);
    const matrix = JSON.parse(out) as PortabilityMatrix;
    expect(matrix.cells.map((c) => `${c.from}>${c.to} ${c.counted}/${c.credentials}`)).toEqual(["AR>NC 3/4", "AR>WY 0/4", "NC>AR 0/1", "NC>WY 0/1", "WY>AR 0/0", "WY>NC 0/0"]);
  });

  test("text output is a table with a row per pair", async () => {
    const { code, out } = await run("portability", record, "--as-of", "2026-11-24");
    expect(code).toBe(0);
    expect(out.split("\n").slice(2, 5)).toEqual([
      "from → to  counted  recognized  credit that carries over",
      "AR → NC    3 of 4   3           nc-advanced-roles 8 ceu (80 h); nc-dpi-dl 2 credentials by number; nc-renewal 8 ceu (80 h)",
      "AR → SC    0 of 4   3           sc-renewal 95 sc_renewal_credit (95 h)",
    ]);
  });

  test("one state is not a matrix", async () => {
    const { code, err } = await run("portability", record, "--state", "NC");
    expect([code, err]).toEqual([2, "credstack: invalid_option A portability matrix needs at least two states (have NC).\n"]);
  });
});
