// Revocation and trust: a revoked or expired credential never earns credit anywhere; a verify hook
// that rejects a credential removes its credit, with the hook's reason in the rejection; a hook
// that gives no clear verdict rejects (fail closed).
import { readFileSync } from "node:fs";
import { fc, test as propTest } from "@fast-check/vitest";
import { describe, expect, test } from "vitest";
import { assembleRecord, evaluate, readInputText, verifyCredentials, type CredentialsInput } from "../../src/index.js";
import { loadBuiltinPolicies, loadRecordFile } from "../../src/node/index.js";
import type { EducatorRecord } from "../../src/schema/record.js";
import { recordsData } from "../arbitraries/hostile.js";
import { cred, credentialOf, policy, record, requirementOf, stackOf } from "../helpers/policy.js";
import { PROPERTY_RUNS, propertyTimeout } from "../helpers/property.js";

const policies = loadBuiltinPolicies();
const records: EducatorRecord[] = recordsData().map(({ file }) => loadRecordFile(`fixtures/educators/${file}`));
const asOf = "2026-11-24";

describe("revoked and expired credentials", () => {
  const runs = Math.max(20, Math.ceil(PROPERTY_RUNS / 5));
  propTest.prop([fc.nat(), fc.array(fc.tuple(fc.nat(), fc.constantFrom("revoked", "expired", "expires-yesterday")), { minLength: 1, maxLength: 6 })], {
    seed: 20260841,
    numRuns: runs,
  })(
    "never earn credit: every state's stacks are exactly as if the credentials were not there, and each is rejected with its reason",
    (pick, marks) => {
      const base = records[pick % records.length]!;
      if (base.credentials.length === 0) return;
      const marked = new Map<string, string>();
      for (const [at, how] of marks) marked.set(base.credentials[at % base.credentials.length]!.id, how);
      const withMarked: EducatorRecord = {
        ...base,
        credentials: base.credentials.map((c) => {
          const how = marked.get(c.id);
          if (how === undefined) return c;
          // expires-yesterday: the day before the as-of date, so it lapsed before the evaluation
          return how === "expires-yesterday" ? { ...c, status: "active" as const, expires: "2026-11-23" } : { ...c, status: how as "revoked" | "expired" };
        }),
      };
      const without: EducatorRecord = { ...base, credentials: base.credentials.filter((c) => !marked.has(c.id)) };
      const a = evaluate(withMarked, policies, { asOf });
      const b = evaluate(without, policies, { asOf });
      expect(a.results.map((r) => r.policy.id)).toEqual(b.results.map((r) => r.policy.id));
      a.results.forEach((result, k) => {
        expect(result.stacks).toEqual(b.results[k]!.stacks);
        for (const [id, how] of marked) {
          const c = result.credentials.find((x) => x.id === id)!;
          expect(c.status).toBe("rejected");
          expect(c.placements).toEqual([]);
          expect(c.reasons[0]!.code).toBe(how === "revoked" ? "revoked" : "expired");
        }
      });
    },
    propertyTimeout(1500, runs),
  );

  test("a credential expiring on the as-of date still counts; the day before it does not", () => {
    const p = policy({
      stacks: `
        - id: renewal
          kind: renewal
          title: Renewal
          requirements:
            - { id: credits, credit: 2 }
      `,
    });
    const on = (expires: string) =>
      evaluate(record([cred("a", 1, { expires }), cred("b", 1)]), p, { asOf: "2026-06-30" }).results[0]!;
    // 1 + 1 = 2: met while 'a' is valid on the as-of date
    expect(stackOf(on("2026-06-30"), "renewal").status).toBe("met");
    const lapsed = on("2026-06-29");
    expect(stackOf(lapsed, "renewal").status).toBe("not_met");
    expect(requirementOf(stackOf(lapsed, "renewal").requirements, "credits").counted).toEqual({ amount: "1", unit: "credit" });
    expect(credentialOf(lapsed, "a").reasons).toEqual([{ code: "expired", message: "It expired on 2026-06-29." }]);
  });
});

describe("verification", () => {
  const text = readFileSync("fixtures/inputs/wy/wde-cs-elementary.ob3.json", "utf8");
  const read = readInputText(text, { source: "wde-cs-elementary.ob3.json" });
  const badges = (read.success ? read.input : undefined) as CredentialsInput;
  const base = loadRecordFile("fixtures/inputs/wy/wy-cs-teacher.yaml");
  const algorithms = "mc.edu.wyoming.gov:credentials:2f6c1000"; // Algorithms - Elementary
  const wyoming = (input: CredentialsInput) => {
    const assembled = assembleRecord({ base, credentials: [input.credentials] });
    if (!assembled.success) throw new Error("the fixture must assemble");
    const report = evaluate(assembled.record, policies, { asOf, states: ["WY"] });
    const cs = report.results.find((r) => r.policy.id === "wy-cs")!;
    const renewal = report.results.find((r) => r.policy.id === "wy-renewal")!;
    return { cs, renewal, ids: cs.credentials.map((c) => c.id) };
  };

  test("a rejected credential loses its credit, and the rejection carries the hook's reason", async () => {
    const before = wyoming(badges);
    expect(stackOf(before.cs, "cs-algorithms-programming-elementary").status).toBe("met");
    expect(requirementOf(stackOf(before.renewal, "renewal").requirements, "credits").counted).toEqual({ amount: "9", unit: "wy_ptsb_credit" });

    const checked = await verifyCredentials(badges, (proof) =>
      proof.credential === algorithms ? { verified: false, reason: "the issuer's key was revoked on 2024-01-01" } : true,
    );
    expect(checked.rejected.map((i) => [i.code, i.path, i.message])).toEqual([
      [
        "credential_unverified",
        [0],
        "The credential 'mc.edu.wyoming.gov:credentials:2f6c1000' at [0] failed verification: the issuer's key was revoked on 2024-01-01.",
      ],
    ]);
    const after = wyoming(checked);
    expect(after.ids).not.toContain(algorithms);
    // the algorithms stack needs 2 of its MCs and had exactly 2: one is left
    const stack = stackOf(after.cs, "cs-algorithms-programming-elementary");
    expect(stack.status).toBe("not_met");
    expect(requirementOf(stack.requirements, "mcs").counted).toEqual({ amount: "1", unit: "credentials" });
    // the Master Distinction needs all six stacks
    expect(stackOf(after.cs, "cs-master-distinction").status).not.toBe("met");
    // renewal: each WDE CS MC is worth 0.5 PTSB credit from the catalog, so 9 - 0.5 = 8.5
    expect(requirementOf(stackOf(after.renewal, "renewal").requirements, "credits").counted).toEqual({ amount: "8.5", unit: "wy_ptsb_credit" });
  });

  test("fail closed: a hook that throws, or answers neither true nor { verified: true }, rejects with a reason", async () => {
    const verdicts: unknown[] = [undefined, null, "yes", 1, {}, { verified: "true" }];
    for (const verdict of verdicts) {
      const checked = await verifyCredentials(badges, (proof) => (proof.credential === algorithms ? (verdict as never) : true));
      expect(checked.credentials.map((c) => c.id)).not.toContain(algorithms);
      expect(checked.credentials.length).toBe(badges.credentials.length - 1);
    }
    const none = await verifyCredentials(badges, (proof) => (proof.credential === algorithms ? (undefined as never) : true));
    expect(none.rejected[0]!.message).toBe(
      "The credential 'mc.edu.wyoming.gov:credentials:2f6c1000' at [0] failed verification: the verifier gave no verdict (undefined).",
    );
    const thrown = await verifyCredentials(badges, (proof) => {
      if (proof.credential === algorithms) throw new Error("key server unreachable");
      return true;
    });
    expect(thrown.rejected[0]!.message).toBe("The credential 'mc.edu.wyoming.gov:credentials:2f6c1000' at [0] failed verification: key server unreachable.");
  });
});
