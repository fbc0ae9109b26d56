// credstack transfer and credstack portability on the fixture educator portable-ar-to-nc.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import type { PortabilityMatrix, TransferReport } from "../../src/index.js";
import { runCommand as run } from "../helpers/cli.js";

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

describe("credstack transfer with badge files (the inputs evaluate takes)", () => {
  // An LEA mapping that marks the Digital Promise badge as meeting the partnership's QAS (mpos-qas)
  // but not LEA-approved, so NC renewal counts it only through its partnership rule, which takes
  // micro-credentials whose origin is another partnership state (origin: out_of_state).
  const dir = mkdtempSync(join(tmpdir(), "credstack-transfer-"));
  const mapping = (extra: string) => {
    const path = join(dir, `mapping-${extra.length}.yaml`);
    writeFileSync(
      path,
      `${extra}achievements:
  - match: [https://microcredentials.digitalpromise.org/explore/facilitating-mathematical-discourse]
    tags: [subject]
    approvals: [mpos-qas]
  - match: [https://www.nea.org/badges/classes/building-family-partnerships]
    achievement: nea-building-family-partnerships
    amount: { value: 5, unit: hour }
    approvals: [lea-approved]
`,
    );
    return path;
  };
  const inputs = ["fixtures/inputs/nc/nc-6-12-teacher.yaml", "fixtures/inputs/nc/digital-promise-discourse.jwt", "fixtures/inputs/nc/nea-family-partnerships.ob2.json"];
  const dp = "urn:uuid:5e0c7a44-3c55-4f0e-9d7b-2f1f0e6c8a11";
  const nea = "www.nea.org:badges:assertions:4417-9921";
  const renewal = (report: TransferReport) => report.stacks.find((s) => s.policy === "nc-renewal" && s.id === "renewal");
  const dpInRenewal = (report: TransferReport) => report.credentials.find((c) => c.id === dp)!.target.find((t) => t.policy === "nc-renewal");

  test("--earned-in AR gives the national badges an origin: NC's partnership rule counts the Digital Promise badge and renewal is met", async () => {
    const { code, out, err } = await run("transfer", ...inputs, "--map", mapping(""), "--earned-in", "AR", "--from", "AR", "--to", "NC", "--format", "json");
    expect([code, err]).toEqual([0, ""]);
    const report = JSON.parse(out) as TransferReport;
    // Subject: cred-01 3 CEU + the DP badge 10 contact hours / 10 = 1 CEU -> 4 of 4;
    // General: cred-03 2 + cred-04 1.5 + NEA 5 hours / 10 = 0.5 -> 4 of 4: met.
    // Without the two badges from AR: Subject 3, General 3.5 -> not met.
    expect(dpInRenewal(report)).toMatchObject({ status: "counted", recognizedBy: "partner-qas-micro-credential", value: { amount: "1", unit: "ceu" }, contactHours: "10" });
    expect(renewal(report)).toMatchObject({ with: "met", without: "not_met", outOfState: [dp, nea] });
  });

  test("without an origin the badge is only presumed to come from AR: no rule that asks for another state's credential takes it", async () => {
    const { code, out } = await run("transfer", ...inputs, "--map", mapping(""), "--from", "AR", "--to", "NC", "--format", "json");
    expect(code).toBe(0);
    const report = JSON.parse(out) as TransferReport;
    expect(dpInRenewal(report)).toMatchObject({ status: "rejected", reasons: [{ code: "not_recognized" }] });
    // Subject 3 of 4 with every credential
    expect(renewal(report)).toMatchObject({ with: "not_met", without: "not_met" });
  });

  test("the mapping's earned_in does the same as --earned-in", async () => {
    const { code, out } = await run("transfer", ...inputs, "--map", mapping("earned_in: AR\n"), "--from", "AR", "--to", "NC", "--format", "json");
    expect(code).toBe(0);
    expect(renewal(JSON.parse(out) as TransferReport)).toMatchObject({ with: "met", without: "not_met" });
  });

  test("portability takes the same inputs; --earned-in must be a state", async () => {
    const { code, out } = await run("portability", ...inputs, "--map", mapping(""), "--earned-in", "arkansas", "--state", "AR,NC", "--format", "json");
    expect(code).toBe(0);
    const matrix = JSON.parse(out) as PortabilityMatrix;
    // the two badges come from AR ("arkansas" is read as AR); NC counts both
    expect(matrix.cells.find((c) => c.from === "AR" && c.to === "NC")).toMatchObject({ credentials: 2, counted: 2 });
    const bad = await run("transfer", ...inputs, "--earned-in", "XX", "--from", "AR", "--to", "NC");
    expect([bad.code, bad.err]).toEqual([2, "credstack: invalid_option --earned-in XX is not a US state code or name.\n"]);
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
