// transfer() and portability() on the fixture educator portable-ar-to-nc (its header has the
// arithmetic) and on small test policies; the amounts below were worked out by hand.
import { describe, expect, test } from "vitest";
import {
  credentialOrigin,
  EvaluationError,
  portability,
  PortabilityMatrix,
  renderPortability,
  renderTransfer,
  transfer,
  TransferReport,
  type EducatorRecordInput,
} from "../../src/index.js";
import { loadBuiltinPolicies, loadRecordFile } from "../../src/node/index.js";
import { policy } from "../helpers/policy.js";

const builtin = loadBuiltinPolicies();
const record = loadRecordFile("fixtures/educators/portable-ar-to-nc.yaml");
const asOf = "2026-11-24";

describe("transfer AR -> NC of portable-ar-to-nc", () => {
  const report = transfer(record, builtin, { from: "AR", to: "NC", asOf });
  const cred = (id: string) => report.credentials.find((c) => c.id === id)!;
  const outcome = (id: string, side: "source" | "target", policyId: string) => cred(id)[side].find((o) => o.policy === policyId)!;

  test("fits the TransferReport schema, lists every credential by id and says where each comes from", () => {
    expect(() => TransferReport.parse(report)).not.toThrow();
    expect(report.credentials.map((c) => [c.id, c.origin, c.transfers, c.outOfState])).toEqual([
      ["c-03", "AR", true, true],
      ["c-04", "AR", true, true],
      ["mc-01", "AR", true, true],
      ["mc-02", "AR", true, true],
      ["mc-05", "NC", false, false],
    ]);
  });

  test("a partner state's QAS micro-credential: 15 AR PD hours there, 15 / 10 = 1.5 CEU in NC, 15 contact hours in both", () => {
    expect(outcome("mc-01", "source", "ar-renewal")).toMatchObject({ value: { amount: "15", unit: "ar_pd_hour" }, contactHours: "15", recognizedBy: "approved-provider" });
    expect(outcome("mc-01", "target", "nc-renewal")).toMatchObject({
      status: "counted",
      value: { amount: "1.5", unit: "ceu" },
      contactHours: "15",
      recognizedBy: "partner-qas-micro-credential",
      assumptions: ["partnership-qas"],
      placements: [{ stack: "renewal", requirement: "renewal-credit/credits/general", category: "general", amount: "1.5" }],
    });
  });

  test("graduate credit: 3 x 5 = 15 AR PD hours, 3 x 1.5 = 4.5 CEU (45 contact hours) in NC, split between categories", () => {
    expect(outcome("c-04", "source", "ar-renewal")).toMatchObject({ value: { amount: "15" }, contactHours: "15" });
    const nc = outcome("c-04", "target", "nc-renewal");
    expect(nc).toMatchObject({ value: { amount: "4.5", unit: "ceu" }, contactHours: "45", recognizedBy: "college-coursework" });
    // 4 + 0.5 = 4.5: NC 2024 lets credit be split
    expect(nc.placements.map((p) => [p.category, p.amount])).toEqual([
      ["subject", "4"],
      ["general", "0.5"],
    ]);
  });

  test("an Arkansas course no NC rule accepts is not recognized, and the reason says it comes from another state", () => {
    const nc = outcome("c-03", "target", "nc-renewal");
    expect(nc.status).toBe("rejected");
    expect(nc.reasons).toEqual([
      {
        code: "not_recognized",
        message:
          "It comes from AR, another state, and no recognition rule of nc-renewal@2024-06-30 accepts it: a credential from another state counts only where a rule says so.",
      },
    ]);
    expect(cred("c-03").counts).toBe(false);
  });

  test("NC renewal is met with the out-of-state credit and not without it", () => {
    // with: 1.5 + 2 + 4.5 + 1 = 9 of 8; without (mc-05 only): 1 of 8
    expect(report.stacks.find((s) => s.policy === "nc-renewal" && s.id === "renewal")).toEqual({
      policy: "nc-renewal",
      version: "2024-06-30",
      id: "renewal",
      title: "CPL renewal (8 credits per 5-year cycle)",
      kind: "renewal",
      with: "met",
      without: "not_met",
      outOfState: ["c-04", "mc-01", "mc-02"],
    });
  });

  test("the credit that carries over into nc-renewal: 3 credentials, 1.5 + 2 + 4.5 = 8 CEU, 15 + 20 + 45 = 80 contact hours", () => {
    expect(report.totals.find((t) => t.policy === "nc-renewal")).toEqual({
      policy: "nc-renewal",
      version: "2024-06-30",
      recognized: 3,
      counted: 3,
      byNumber: 0,
      value: { amount: "8", unit: "ceu" },
      placed: { amount: "8", unit: "ceu" },
      contactHours: "80",
    });
  });

  test("warns with the assumptions the target's rules for them rest on", () => {
    expect(report.warnings.map((w) => w.message.slice(0, w.message.indexOf(":")))).toContain("Assumption 'partnership-qas' of nc-renewal@2024-06-30");
  });

  test("the text rendering names both states, the changed stack and the credit carried over", () => {
    const text = renderTransfer(report);
    expect(text.split("\n")[0]).toBe("Transfer AR → NC · educator portable-ar-to-nc · as of 2026-11-24");
    expect(text).toContain("  nc-renewal renewal: met / not met [c-04, mc-01, mc-02]  ← changed by out-of-state credit\n");
    expect(text).toContain("  nc-renewal@2024-06-30: 3 recognized, 3 counted; worth 8 ceu (80 contact hours), 8 placed\n");
    expect(text).toContain(
      "      NC nc-renewal@2024-06-30: counted 1.5 ceu (15 contact hours) by partner-qas-micro-credential → renewal/renewal-credit/credits/general 1.5\n",
    );
  });
});

describe("transfer options and defaults", () => {
  test("a credential with no known origin is presumed to come from the source state", () => {
    const r: EducatorRecordInput = {
      id: "t",
      credentials: [{ id: "dp", title: "MC", issuer: { id: "digital-promise" }, kind: "micro_credential", amount: { value: 10, unit: "hour" }, earned: "2025-01-10" }],
    };
    expect(credentialOrigin({ issuer: { id: "digital-promise" } })).toBeUndefined();
    const c = transfer(r, builtin, { from: "SC", to: "WY", asOf }).credentials[0]!;
    expect([c.origin, c.transfers, c.outOfState]).toEqual([undefined, true, true]);
  });

  test("bad states and dates are typed errors", () => {
    const err = (options: Parameters<typeof transfer>[2]) => {
      try {
        transfer(record, builtin, options);
      } catch (e) {
        return e instanceof EvaluationError ? `${e.issues[0].code} ${e.issues[0].message}` : String(e);
      }
      return "no error";
    };
    expect(err({ from: "AR", to: "AR", asOf })).toBe("invalid_option The from and to states are both AR; a transfer needs two different states.");
    expect(err({ from: "AR", to: "TX", asOf })).toBe("unknown_state No policy for state TX among the policies given (have AR, NC, SC, WY).");
    expect(err({ from: "ar", to: "NC", asOf })).toBe('invalid_option The from state "ar" is not a two-letter state code in capitals.');
    expect(err({ from: "AR", to: "NC", asOf: "2026-02-30" })).toMatch(/^invalid_as_of /);
  });

  test("with test policies: the out-of-state rule is the policy's, in_state and out_of_state are relative to its state", () => {
    const stacks = `
      - id: renewal
        kind: renewal
        title: Renewal
        window: { type: none }
        requirements: [{ id: credits, credit: 2 }]
    `;
    const home = policy({ id: "home", state: "XA", unit: "hour", stacks, recognition: "- { id: own, match: { origin: in_state }, value: convert }" });
    const away = policy({
      id: "away",
      state: "XB",
      unit: "hour",
      stacks,
      recognition: "- { id: partners, match: { origin: out_of_state, origin_state: [XA, XB] }, value: { flat: 1 } }",
    });
    const r: EducatorRecordInput = {
      id: "t",
      credentials: [
        { id: "a", title: "A", issuer: { id: "i", state: "XA" }, kind: "workshop", amount: { value: 3, unit: "hour" }, earned: "2025-01-10" },
        { id: "b", title: "B", issuer: { id: "i" }, kind: "workshop", amount: { value: 3, unit: "hour" }, earned: "2025-01-10", earned_in: "XC" },
      ],
    };
    const report = transfer(r, [home, away], { from: "XA", to: "XB", asOf });
    // a: from XA, a partner: flat 1 in XB (3 in XA); b: from XC, not a partner: not recognized in XB
    expect(report.credentials.map((c) => [c.id, c.source[0]!.value?.amount, c.target[0]!.status, c.target[0]!.value?.amount, c.target[0]!.reasons[0]?.code])).toEqual([
      ["a", "3", "counted", "1", undefined],
      ["b", undefined, "rejected", undefined, "not_recognized"],
    ]);
    // XB renewal needs 2: a's 1 is placed but not enough, with or without it
    expect(report.stacks.map((s) => [s.with, s.without, s.outOfState])).toEqual([["not_met", "not_met", ["a"]]]);
    expect(report.totals).toEqual([{ policy: "away", version: "1", recognized: 1, counted: 1, byNumber: 0, value: { amount: "1", unit: "hour" }, placed: { amount: "1", unit: "hour" }, contactHours: "1" }]);
  });
});

describe("portability matrix of portable-ar-to-nc", () => {
  const matrix = portability(record, builtin, { asOf });

  test("fits the schema and has the 12 ordered pairs of the four states", () => {
    expect(() => PortabilityMatrix.parse(matrix)).not.toThrow();
    expect(matrix.states).toEqual(["AR", "NC", "SC", "WY"]);
    expect(matrix.cells.map((c) => `${c.from}>${c.to}`)).toEqual(["AR>NC", "AR>SC", "AR>WY", "NC>AR", "NC>SC", "NC>WY", "SC>AR", "SC>NC", "SC>WY", "WY>AR", "WY>NC", "WY>SC"]);
  });

  test("AR -> SC and AR -> WY: the same three credentials, each in the target's unit", () => {
    const cell = (from: string, to: string) => matrix.cells.find((c) => c.from === from && c.to === to)!;
    // SC (public-district employee): mc-01 15 h x 1 + mc-02 20 h x 1 + c-04 3 semester hours x 20 = 95 credits;
    // contact hours 15 + 20 + 60 (SC counts 1 credit per contact hour)
    expect(cell("AR", "SC").totals.find((t) => t.policy === "sc-renewal")).toMatchObject({ recognized: 3, value: { amount: "95", unit: "sc_renewal_credit" }, contactHours: "95" });
    // WY: 15/14 + 20/14 = 2.5, + 3 semester hours x 1 = 5.5 credits; 15 + 20 + 3 x 14 = 77 contact hours
    expect(cell("AR", "WY").totals.find((t) => t.policy === "wy-renewal")).toMatchObject({ recognized: 3, value: { amount: "5.5", unit: "wy_ptsb_credit" }, contactHours: "77" });
    // no SC or WY license: their renewal stacks are not evaluated, so nothing is placed
    expect([cell("AR", "SC").credentials, cell("AR", "SC").recognized, cell("AR", "SC").counted]).toEqual([4, 3, 0]);
    // NC -> AR: mc-05 (Wake County, LEA-approved) is not an Arkansas credential
    expect([cell("NC", "AR").credentials, cell("NC", "AR").recognized]).toEqual([1, 0]);
  });

  test("the text table has a row per pair", () => {
    const lines = renderPortability(matrix).split("\n");
    expect(lines[0]).toBe("Portability · educator portable-ar-to-nc · as of 2026-11-24");
    expect(lines[2]).toBe("from → to  counted  recognized  credit that carries over");
    expect(lines[3]).toBe("AR → NC    3 of 4   3           nc-advanced-roles 8 ceu (80 h); nc-dpi-dl 2 credentials by number; nc-renewal 8 ceu (80 h)");
    expect(lines.filter((l) => / → /.test(l) && !l.startsWith("from"))).toHaveLength(12);
  });

  test("fewer than two states is an invalid option", () => {
    expect(() => portability(record, builtin, { asOf, states: ["NC"] })).toThrow(EvaluationError);
  });
});

describe("totals carry credit only", () => {
  // a WY standard license; from AR: a QAS micro-credential of 14 hours (wy-renewal's partner rule:
  // 14 contact hours = 1 PTSB credit), a First Aid/CPR card (wy-renewal counts it by number: no
  // credit), and a QAS micro-credential from before the license (outside the window: set aside)
  const wy: EducatorRecordInput = {
    id: "ar-to-wy",
    licenses: [{ state: "WY", type: "standard", role: "teacher", issued: "2022-09-01", expires: "2027-08-31" }],
    credentials: [
      { id: "mc", title: "Formative Assessment", issuer: { id: "digital-promise" }, kind: "micro_credential", approvals: ["mpos-qas"], amount: { value: 14, unit: "hour" }, earned: "2025-01-10", earned_in: "AR" },
      { id: "cpr", title: "First Aid/CPR", issuer: { id: "red-cross", state: "AR" }, kind: "certification", tags: ["first-aid-cpr"], earned: "2025-02-01", expires: "2027-02-01" },
      { id: "old", title: "Number Sense", issuer: { id: "digital-promise" }, kind: "micro_credential", approvals: ["mpos-qas"], amount: { value: 28, unit: "hour" }, earned: "2019-05-01", earned_in: "AR" },
    ],
  };
  const report = transfer(wy, builtin, { from: "AR", to: "WY", asOf });

  test("a card counted by number adds no credit and no hours; a credential set aside adds nothing", () => {
    const renewal = report.totals.find((t) => t.policy === "wy-renewal")!;
    expect(renewal).toMatchObject({ recognized: 3, byNumber: 1, value: { amount: "1", unit: "wy_ptsb_credit" }, contactHours: "14" });
    expect(report.credentials.find((c) => c.id === "old")!.target.find((o) => o.policy === "wy-renewal")).toMatchObject({ status: "rejected", value: { amount: "2", unit: "wy_ptsb_credit" } });
    expect(renderTransfer(report)).toContain("wy-renewal@2020-07-01: 3 recognized");
  });
});
