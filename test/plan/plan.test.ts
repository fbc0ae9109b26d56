// The planner, expiring credit and what-if on the real Wyoming rules and on small test policies,
// with hand-checked answers.
import { describe, expect, test } from "vitest";
import { expiringCredit, parseCatalog, plan, whatIf, type CatalogInput } from "../../src/index.js";
import { loadBuiltinCatalogs, loadBuiltinPolicies, loadRecordFile } from "../../src/node/index.js";
import { offerCredential, offersOf } from "../../src/plan/credentials.js";
import { cred, policy, record } from "../helpers/policy.js";

const asOf = "2026-11-24";
const policies = loadBuiltinPolicies();
const wyCatalog = loadBuiltinCatalogs("WY");
const fixture = (name: string) => loadRecordFile(`fixtures/educators/${name}.yaml`);

describe("plan on the Wyoming CS rules and the WDE catalog", () => {
  test("one MC short of the 6-12 endorsement: Variables - Secondary, proven", () => {
    const p = plan(fixture("wy-cs-one-short"), policies, { asOf, state: "WY", stack: "cs-endorsement-6-12", catalog: wyCatalog });
    expect(p.status).toBe("planned");
    expect(p.proven).toBe(true);
    expect(p.bound).toBe(1);
    expect(p.items.map((i) => [i.item, i.placements])).toEqual([["wde-cs-variables-secondary", [{ requirement: "route/micro-credentials/variables", amount: "1" }]]]);
    // WDE charges no review fee; MC hours are not published
    expect(p.totals).toEqual({ credentials: 1, hours: "0", cost: "0", hoursUnknown: 1, costUnknown: 0 });
    expect(p.gaps.map((g) => [g.requirement, g.missing?.amount])).toEqual([["route/micro-credentials/variables", "1"]]);
  });

  test("no CS MC at all: the 6-12 endorsement takes all 16 secondary MCs (one per category, none shared)", () => {
    const p = plan(fixture("wy-standard-short"), policies, { asOf, state: "WY", stack: "cs-endorsement-6-12", catalog: wyCatalog });
    expect(p.proven).toBe(true);
    expect(p.items).toHaveLength(16);
    expect(p.items.every((i) => i.item.endsWith("-secondary"))).toBe(true);
  });

  test("the Master Distinction: one MC either way; the tie goes to the first id (Algorithms - Elementary)", () => {
    // elementary version: Variables - Elementary held, Algorithms - Elementary missing (1);
    // secondary version: Algorithms - Secondary held, Variables - Secondary missing (1)
    const p = plan(fixture("wy-cs-one-short"), policies, { asOf, state: "WY", stack: "cs-master-distinction", catalog: wyCatalog });
    expect(p.proven).toBe(true);
    expect(p.items.map((i) => i.item)).toEqual(["wde-cs-algorithms-elementary"]);
  });

  test("a stack already met: nothing to add", () => {
    const p = plan(fixture("wy-cs-secondary"), policies, { asOf, state: "WY", stack: "cs-endorsement-6-12", catalog: wyCatalog });
    expect(p.status).toBe("met");
    expect(p.items).toEqual([]);
  });

  test("an unknown stack is an unknown_stack error naming the stacks there are", () => {
    expect(() => plan(fixture("wy-cs-one-short"), policies, { asOf, state: "WY", stack: "cs-endorsment", catalog: wyCatalog })).toThrow(/unknown_stack|No stack 'cs-endorsment'/);
  });
});

describe("plan on test policies", () => {
  const renewal = policy({
    stacks: `
      - id: goal
        kind: renewal
        title: Renewal
        requirements:
          - id: credits
            credit: 8
            categories:
              - { id: subject, min: 3, from: { tags: subject } }
              - { id: literacy, min: 1, from: { tags: literacy } }
    `,
  });

  // 300 items: 100 subject courses worth 3 (hours 30..129), 100 literacy workshops worth 1 (hours
  // 10..109), 100 general courses worth 4 (hours 40..139). Without split credit a subject and a
  // literacy item are needed (2 items, at most 3 + 1 = 4 credit), and 8 needs a third worth 4:
  // 3 + 1 + 4 = 8. The cheapest: 30 + 10 + 40 = 80 hours.
  const big: CatalogInput = {
    credstack: 1,
    id: "district",
    title: "District offerings",
    sources: [{ id: "src", url: "https://example.org/district" }],
    items: [
      ...Array.from({ length: 100 }, (_, i) => ({ id: `subj-${i}`, title: `Subject ${i}`, issuer: { id: "d" }, kind: "course" as const, tags: ["subject"], amount: { value: 3, unit: "credit" }, hours: 30 + ((i * 37) % 100), cost: 5, source: "src" })),
      ...Array.from({ length: 100 }, (_, i) => ({ id: `lit-${i}`, title: `Literacy ${i}`, issuer: { id: "d" }, kind: "workshop" as const, tags: ["literacy"], amount: { value: 1, unit: "credit" }, hours: 10 + ((i * 53) % 100), cost: 1, source: "src" })),
      ...Array.from({ length: 100 }, (_, i) => ({ id: `gen-${i}`, title: `General ${i}`, issuer: { id: "d" }, kind: "course" as const, amount: { value: 4, unit: "credit" }, hours: 40 + ((i * 71) % 100), cost: 2, source: "src" })),
    ],
  };

  test("300 items: 3 credentials, 80 hours, proven within the default budget", () => {
    const p = plan(record([]), renewal, { asOf, stack: "goal", catalog: parseCatalog(big) });
    expect(p.proven).toBe(true);
    expect(p.items.map((i) => i.item).sort()).toEqual(["gen-0", "lit-0", "subj-0"]);
    expect(p.totals).toMatchObject({ credentials: 3, hours: "80", cost: "8" });
    expect(p.search.catalogItems).toBe(300);
  });

  test("a budget too small: the best found, not proven, with the bound", () => {
    const p = plan(record([]), renewal, { asOf, stack: "goal", catalog: parseCatalog(big), budget: 3 });
    expect(p.proven).toBe(false);
    // the relaxation alone says 2 (a subject and a literacy item): no set of fewer than 2 exists
    expect(p.bound).toBe(2);
    expect(p.items.length).toBeGreaterThanOrEqual(3);
    expect(p.explanation[0]).toContain("best found, not proven minimal");
  });

  test("a condition no credential changes: not completable, and why", () => {
    const withExam = policy({
      stacks: `
        - id: goal
          kind: endorsement
          title: Goal
          requirements:
            - { id: exam, title: A passed exam, condition: { fact: exams_passed, operator: contains, value: xx-exam } }
            - { id: credits, credit: 1 }
      `,
    });
    const p = plan(record([]), withExam, { asOf, stack: "goal", catalog: parseCatalog(big) });
    expect(p.status).toBe("not_completable");
    expect(p.reason).toContain("the condition 'A passed exam' does not hold");
  });
});

describe("expiring credit and what-if", () => {
  const rolling = policy({
    stacks: `
      - id: goal
        kind: renewal
        title: Rolling renewal
        window: { type: rolling, years: 5 }
        requirements:
          - { id: credits, credit: 2 }
    `,
  });

  test("a credential leaves a 5-year rolling window before the date asked for", () => {
    // as of 2026-11-24 the window starts 2021-11-25: old (2022-01-10, 1) and new (2025-01-01, 1) count, 2 of 2;
    // on 2027-06-30 it starts 2022-07-01: old falls out, 1 of 2
    const rec = record([cred("old", 1, { earned: "2022-01-10" }), cred("new", 1)]);
    const report = expiringCredit(rec, rolling, { asOf, until: "2027-06-30" });
    expect(report.stacks).toHaveLength(1);
    expect(report.stacks[0]).toMatchObject({ stack: "goal", on: "2027-06-30", now: "met", then: "not_met" });
    expect(report.stacks[0]!.credentials.map((c) => [c.id, c.amount, c.reason?.code])).toEqual([["old", "1", "outside_window"]]);
  });

  test("what-if: adding Variables - Secondary completes the stack, the endorsement and the distinction", () => {
    const variables = offersOf(wyCatalog).find((o) => o.item.id === "wde-cs-variables-secondary")!;
    const { diff } = whatIf(fixture("wy-cs-one-short"), policies, { asOf, states: ["WY"], add: [offerCredential(variables, asOf)] });
    expect(diff.changed.filter((c) => c.policy === "wy-cs").map((c) => [c.stack, c.before, c.after])).toEqual([
      ["cs-algorithms-programming-secondary", "not_met", "met"],
      ["cs-endorsement-6-12", "not_met", "met"],
      // still not met, but one more of its 32 MCs is placed (17: the 15 secondary MCs held, K-6
      // Variables, and the new one), so its placements and gaps changed
      ["cs-endorsement-k-12", "not_met", "not_met"],
      ["cs-master-distinction", "not_met", "met"],
    ]);
    const endorsement = diff.changed.find((c) => c.stack === "cs-endorsement-6-12")!;
    expect(endorsement.added).toEqual([{ credential: "wy-wde-cs:wde-cs-variables-secondary", requirement: "route/micro-credentials/variables", amount: "1" }]);
    expect(endorsement.gapsAfter).toEqual([]);
  });

  test("what-if under another date: the same record later", () => {
    const rec = record([cred("old", 1, { earned: "2022-01-10" }), cred("new", 1)]);
    const { diff } = whatIf(rec, rolling, { asOf, at: "2027-06-30" });
    expect(diff.changed.map((c) => [c.stack, c.before, c.after, c.removed.map((p) => p.credential)])).toEqual([["goal", "met", "not_met", ["old"]]]);
  });
});
