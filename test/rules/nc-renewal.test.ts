/**
 * Hand-checked cases for rules/nc-renewal-2024.yaml. Each fixture's header comment gives the
 * arithmetic behind the expected outcome.
 */
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, test } from "vitest";
import { evaluate } from "../../src/index.js";
import { loadPolicyFile, loadRecordFile } from "../../src/node/index.js";

const AS_OF = "2026-11-24";
const repo = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));

let policy: Awaited<ReturnType<typeof loadPolicyFile>>;

beforeAll(async () => {
  policy = await loadPolicyFile(repo("rules/nc-renewal-2024.yaml"));
});

async function run(fixture: string) {
  const record = await loadRecordFile(repo(`fixtures/educators/${fixture}.yaml`));
  const report = evaluate(record, policy, { asOf: AS_OF });
  const result = report.results[0]!;
  return { report, result, stack: result.stacks[0]! };
}

type Node = { id: string; status: string; children?: Node[] | undefined };
function findRequirement(nodes: readonly Node[], id: string): Node | undefined {
  for (const node of nodes) {
    if (node.id === id) return node;
    const found = findRequirement(node.children ?? [], id);
    if (found) return found;
  }
  return undefined;
}

describe("nc-renewal 2024-06-30", () => {
  test("picks the 2024 version by the license expiration date", async () => {
    const { result } = await run("nc-6-12-met");
    expect(result.state).toBe("NC");
    expect(result.policy).toMatchObject({ id: "nc-renewal", version: "2024-06-30" });
    expect(result.policy.selectedBy).toEqual({ key: "license_expires", date: "2027-06-30" });
  });

  test("6-12 with exactly 4 Subject + 4 General is met", async () => {
    const { stack } = await run("nc-6-12-met");
    expect(stack.status).toBe("met");
    expect(stack.variant?.id).toBe("6-12");
    expect(stack.gaps).toEqual([]);
  });

  test("6-12 with 3.5 Subject + 4.5 General is short 0.5 Subject by the expiration date", async () => {
    const { stack } = await run("nc-6-12-short");
    expect(stack.status).toBe("not_met");
    expect(stack.variant?.id).toBe("6-12");
    expect(stack.gaps).toContainEqual(
      expect.objectContaining({ requirement: "renewal-credit/credits/subject", title: "Subject", missing: { amount: "0.5", unit: "ceu" }, deadline: "2027-06-30" }),
    );
    expect(stack.gaps).toHaveLength(1);
  });

  test("K-5 is met only by splitting the subject + literacy course 1.5 / 1.5", async () => {
    const { result, stack } = await run("nc-k-5-met");
    expect(stack.status).toBe("met");
    expect(stack.variant?.id).toBe("k-5");
    const course = result.credentials.find((c) => c.id === "cred-01")!;
    expect(course.status).toBe("counted");
    expect(course.placements).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ stack: "renewal", requirement: "renewal-credit/credits/subject", amount: "1.5" }),
        expect.objectContaining({ stack: "renewal", requirement: "renewal-credit/credits/literacy", amount: "1.5" }),
      ]),
    );
  });

  test("National Board certification in the cycle meets renewal through the national-board route", async () => {
    const { stack } = await run("nc-national-board");
    expect(stack.status).toBe("met");
    expect(stack.variant?.id).toBe("6-12");
    expect(findRequirement(stack.requirements, "national-board")?.status).toBe("met");
    expect(findRequirement(stack.requirements, "credits")?.status).toBe("not_met");
  });

  test("rejected credentials are reported with their reason, and the rest leaves a 2 CEU Subject gap", async () => {
    const { result, stack } = await run("nc-rejections");
    expect(stack.status).toBe("not_met");
    expect(stack.variant?.id).toBe("6-12");
    expect(stack.gaps).toContainEqual(
      expect.objectContaining({ requirement: "renewal-credit/credits/subject", missing: { amount: "2", unit: "ceu" }, deadline: "2027-06-30" }),
    );

    const rejected = Object.fromEntries(
      result.credentials.filter((c) => c.status === "rejected").map((c) => [c.id, c.reasons[0]?.code]),
    );
    for (const code of Object.values(rejected)) {
      expect(["not_recognized", "outside_window", "earned_after_as_of", "revoked", "duplicate"]).toContain(code);
    }
    expect(rejected["cred-06"]).toBe("revoked");
    expect(rejected["cred-07"]).toBe("outside_window");
    expect(rejected["cred-08"]).toBe("earned_after_as_of");
    expect(rejected["cred-09"]).toBe("not_recognized");
    // cred-02 and cred-03 are the same NEA micro-credential imported twice: exactly one is rejected
    const duplicates = ["cred-02", "cred-03"].filter((id) => rejected[id] === "duplicate");
    expect(duplicates).toHaveLength(1);
    expect(Object.keys(rejected).sort()).toEqual([...duplicates, "cred-06", "cred-07", "cred-08", "cred-09"].sort());
  });

  test("a school counselor (student services, K-12) meets 4 Discipline + 4 General", async () => {
    const { stack } = await run("nc-student-services");
    expect(stack.status).toBe("met");
    expect(stack.variant?.id).toBe("student-services");
    expect(stack.gaps).toEqual([]);
  });
});
