// Reviewers' exceptions on real policies (fixtures with hand-checked amounts) and on a small test
// policy: each kind, the text output, and exceptions that no longer apply.
import { describe, expect, test } from "vitest";
import { evaluate, renderReport, type EducatorRecordInput } from "../../src/index.js";
import { loadBuiltinPolicies, loadRecordFile } from "../../src/node/index.js";
import { cred, policy, record, requirementOf, stackOf } from "../helpers/policy.js";

const asOf = "2026-11-24";
const policies = loadBuiltinPolicies();

describe("exceptions on the real rules", () => {
  test("NC: a partial waiver of Subject (4 → 3.5) meets renewal; a 2019 category is reported, not dropped; a WY one is not evaluated", () => {
    const report = evaluate(loadRecordFile("fixtures/educators/nc-6-12-exceptions.yaml"), policies, { asOf, states: ["NC"] });
    const renewal = stackOf(report.results.find((r) => r.policy.id === "nc-renewal")!, "renewal");
    // Subject 3 + 0.5 = 3.5 of 3.5; the pool 8 of 8
    expect(renewal.status).toBe("met");
    expect(requirementOf(renewal.requirements, "subject")).toMatchObject({ status: "met", required: { amount: "3.5" }, counted: { amount: "3.5" } });
    expect(renewal.gaps).toEqual([]);
    expect(renewal.exceptions!.map((x) => [x.id, x.author])).toEqual([["x-subject-partial", "R. Alvarez (NCDPI licensure)"]]);
    expect(report.exceptions!.map((x) => [x.id, x.status])).toEqual([
      ["x-dlc-2019", "not_applicable"],
      ["x-wy", "not_evaluated"],
      ["x-subject-partial", "applied"],
    ]);
    const text = renderReport(report);
    expect(text).toContain("Exception x-subject-partial (waive, by R. Alvarez (NCDPI licensure) on 2026-10-01): 'renewal-credit/credits/subject' needs 3.5 ceu instead of 4.");
    expect(text).toContain("! Exception x-dlc-2019 (waive NC renewal/renewal-credit/credits/digital-learning, by M. Chen (Wake County HR) on 2021-03-15) not applicable: No requirement");
  });

  test("WY: Variables - Elementary substitutes for Variables - Secondary in the 6-12 endorsement only", () => {
    const report = evaluate(loadRecordFile("fixtures/educators/wy-cs-substitute.yaml"), policies, { asOf, states: ["WY"] });
    const cs = report.results.find((r) => r.policy.id === "wy-cs")!;
    const endorsement = stackOf(cs, "cs-endorsement-6-12");
    // 15 secondary MCs + mc-ele-02 standing in for Variables - Secondary = 16 of 16
    expect(endorsement.status).toBe("met");
    expect(requirementOf(endorsement.requirements, "micro-credentials")).toMatchObject({ status: "met", counted: { amount: "16" } });
    expect(requirementOf(endorsement.requirements, "variables").placements).toEqual([{ credential: "mc-ele-02", amount: "1" }]);
    // the stacks it does not name are as without it
    const plain = evaluate(loadRecordFile("fixtures/educators/wy-cs-one-short.yaml"), policies, { asOf, states: ["WY"] }).results.find((r) => r.policy.id === "wy-cs")!;
    for (const id of ["cs-algorithms-programming-secondary", "cs-master-distinction", "cs-endorsement-k-12"]) expect(stackOf(cs, id)).toEqual(stackOf(plain, id));
  });
});

describe("each kind on a test policy", () => {
  const p = policy({
    stacks: `
      - id: goal
        kind: renewal
        title: Goal
        requirements:
          - id: credits
            credit: 4
            categories:
              - { id: literacy, min: 1, from: { tags: literacy } }
          - { id: exam, title: Exam, condition: { fact: exams_passed, operator: contains, value: xx-exam } }
    `,
    recognition: `
      - { id: courses, match: { kind: course }, value: convert }
    `,
  });
  const base = [cred("c1", 3, { kind: "course" }), cred("w1", 2, { kind: "workshop", tags: ["literacy"] })];
  const x = { author: "A. Reviewer", date: "2026-01-15", reason: "Checked the transcript.", state: "XX", stack: "goal" };
  const run = (exceptions: object[]) => stackOf(evaluate({ ...record(base), exceptions } as EducatorRecordInput, p, { asOf }).results[0]!, "goal");

  test("without exceptions: credits 3 of 4, literacy 0 of 1, exam not passed", () => {
    const s = run([]);
    expect(s.status).toBe("not_met");
    expect(s.gaps.map((g) => g.requirement)).toEqual(["credits/literacy", "exam"]);
  });

  test("accept the unrecognized workshop on literacy (2), waive the exam: met (3 + 2 = 5 ≥ 4, literacy 2 ≥ 1)", () => {
    const s = run([
      { ...x, id: "a", kind: "accept", requirement: "credits/literacy", credential: "w1", amount: 2 },
      { ...x, id: "b", kind: "waive", requirement: "exam" },
    ]);
    expect(s.status).toBe("met");
    expect(requirementOf(s.requirements, "credits")).toMatchObject({ counted: { amount: "5" }, status: "met" });
    expect(s.exceptions!.map((e) => e.id)).toEqual(["a", "b"]);
  });

  test("force the course onto literacy: it leaves the pool's general credit (3 → 3, moved), literacy met; still needs the exam", () => {
    const s = run([{ ...x, id: "f", kind: "force", requirement: "credits/literacy", credential: "c1" }]);
    expect(requirementOf(s.requirements, "literacy")).toMatchObject({ status: "met", counted: { amount: "3" } });
    expect(requirementOf(s.requirements, "credits")).toMatchObject({ counted: { amount: "3" }, gap: { amount: "1" } });
    expect(s.status).toBe("not_met");
  });

  test("force needs a recognized credential; a missing credential or requirement is reported, not applied", () => {
    const report = evaluate({ ...record(base), exceptions: [
      { ...x, id: "f", kind: "force", requirement: "credits", credential: "w1" },
      { ...x, id: "m", kind: "force", requirement: "credits", credential: "nope" },
      { ...x, id: "r", kind: "waive", requirement: "credits/digital" },
      { ...x, id: "later", kind: "waive", requirement: "exam", date: "2027-01-01" },
    ] } as EducatorRecordInput, p, { asOf });
    expect(report.exceptions!.map((e) => [e.id, e.status])).toEqual([
      ["f", "not_applicable"],
      ["m", "not_applicable"],
      ["r", "not_applicable"],
      ["later", "not_applicable"],
    ]);
    expect(report.exceptions![0]!.message).toContain("accept it instead");
    expect(report.exceptions![3]!.message).toBe("Granted on 2027-01-01, after the as-of date 2026-11-24.");
  });
});
