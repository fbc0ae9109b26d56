/**
 * Recognition and screening: which credentials a policy accepts, for how much, with which tags,
 * and every reason a credential is set aside, each on report.results[0].credentials.
 */
import { describe, expect, test } from "vitest";
import { evaluate } from "../../src/index.js";
import { recognizeCredentials, rulesForKind, screenCredentials } from "../../src/evaluate/recognize.js";
import { parseRecord } from "../../src/record/parse.js";
import { cred, credentialOf, policy, record, requirementOf, stackOf } from "../helpers/policy.js";

const asOf = "2026-01-01";

// first match wins: rules are tried in order
const rules = policy({
  conversions: `
    - { from: hour, to: credit, rate: "1/10" }
  `,
  recognition: `
    - id: national-board
      match: { kind: national_board }
      value: { flat: 8 }
    - id: workshops
      match: { kind: workshop }
      value: convert
      max: 3
    - id: catalogued
      match: { achievement: [cs-basics, cs-hours, cs-unlisted] }
      value: catalog
    - id: micro
      match: { kind: micro_credential }
      value: convert
    - id: micro-again
      match: { kind: micro_credential }
      value: { flat: 100 }
  `,
  catalog: `
    - { achievement: cs-basics, title: CS basics, value: 2, tags: [cs] }
    - { achievement: cs-hours, title: CS in hours, value: 15, unit: hour }
  `,
  stacks: `
    - id: s
      kind: renewal
      title: S
      requirements:
        - { id: credits, credit: 1000 }
  `,
});

function run(credentials: Parameters<typeof record>[0], on = asOf) {
  return evaluate(record(credentials), rules, { asOf: on }).results[0]!;
}

describe("valuing", () => {
  test("a credential is tried only on the rules whose filter may accept its kind, in declared order", () => {
    // 'catalogued' names no kind: it may accept any; the others name one kind each
    const ids = (kind: string) => rulesForKind(rules.recognition, kind).map((r) => r.id);
    expect(ids("micro_credential")).toEqual(["catalogued", "micro", "micro-again"]);
    expect(ids("workshop")).toEqual(["workshops", "catalogued"]);
    expect(ids("national_board")).toEqual(["national-board", "catalogued"]);
    expect(ids("course")).toEqual(["catalogued"]);
    // a course the catalog does not list matches no rule
    expect(credentialOf(run([cred("c", 1, { kind: "course" })]), "c")).toMatchObject({ status: "rejected", reasons: [{ code: "not_recognized" }] });
  });

  test("the first matching rule wins", () => {
    // a micro-credential matches 'micro' (convert: 2) before 'micro-again' (flat 100)
    const result = run([cred("m", 2)]);
    expect(credentialOf(result, "m")).toMatchObject({ status: "counted", recognizedBy: "micro", value: { amount: "2", unit: "credit" } });
  });

  test("a rule listed earlier wins even when a later one is more specific", () => {
    // a micro-credential with achievement cs-basics: 'catalogued' (rule 3) comes before 'micro' (rule 4)
    const result = run([cred("m", 7, { achievement: "cs-basics" })]);
    expect(credentialOf(result, "m")).toMatchObject({ recognizedBy: "catalogued", value: { amount: "2", unit: "credit" } });
  });

  test("a flat value ignores the credential's own amount", () => {
    const result = run([cred("nb", 1, { kind: "national_board" }), cred("nb2", undefined, { kind: "national_board" })]);
    expect(credentialOf(result, "nb")).toMatchObject({ recognizedBy: "national-board", value: { amount: "8", unit: "credit" } });
    expect(credentialOf(result, "nb2")).toMatchObject({ recognizedBy: "national-board", value: { amount: "8", unit: "credit" } });
  });

  test("catalog values: in the credit unit, or converted from the entry's unit", () => {
    // cs-basics: 2 credit; cs-hours: 15 h × 1/10 = 1.5 credit; the credential's own amount is ignored
    const result = run([cred("a", 40, { kind: "course", achievement: "cs-basics" }), cred("b", undefined, { kind: "course", achievement: "cs-hours" })]);
    expect(credentialOf(result, "a")).toMatchObject({ recognizedBy: "catalogued", value: { amount: "2", unit: "credit" } });
    expect(credentialOf(result, "b")).toMatchObject({ recognizedBy: "catalogued", value: { amount: "1.5", unit: "credit" } });
    // 2 + 1.5 = 3.5 counted
    expect(requirementOf(stackOf(result, "s").requirements, "credits").counted).toEqual({ amount: "3.5", unit: "credit" });
  });

  test("a catalog rule for an achievement the catalog does not list: no_value", () => {
    const result = run([cred("x", 5, { kind: "course", achievement: "cs-unlisted" })]);
    expect(credentialOf(result, "x")).toMatchObject({ status: "rejected", reasons: [{ code: "no_value" }] });
  });

  test("a rule's per-credential max caps the value, with a capped reason", () => {
    // workshop: 50 h × 1/10 = 5 credit, capped at 3; a 20 h workshop = 2, under the cap
    const result = run([cred("w", 50, { kind: "workshop", unit: "hour" }), cred("w2", 20, { kind: "workshop", unit: "hour" })]);
    const w = credentialOf(result, "w");
    expect(w.status).toBe("counted");
    expect(w.value).toEqual({ amount: "3", unit: "credit" });
    expect(w.reasons).toEqual([{ code: "capped", message: expect.stringContaining("3") }]);
    expect(w.reasons[0]!.message).toContain("5");
    expect(w.placements).toEqual([{ stack: "s", requirement: "credits", amount: "3" }]);
    const w2 = credentialOf(result, "w2");
    expect(w2.value).toEqual({ amount: "2", unit: "credit" });
    expect(w2.reasons).toEqual([]);
    // 3 + 2 = 5 counted
    expect(requirementOf(stackOf(result, "s").requirements, "credits").counted).toEqual({ amount: "5", unit: "credit" });
  });
});

test("tags a rule adds make a credential eligible for a category", () => {
  const tagging = policy({
    recognition: `
      - id: district
        match: { issuer: district }
        value: convert
        tags: [subject]
      - id: others
        match: {}
        value: convert
    `,
    stacks: `
      - id: s
        kind: renewal
        title: S
        requirements:
          - id: credits
            credit: 3
            categories:
              - { id: subject, min: 2, from: { tags: subject } }
    `,
  });
  // d (district, no own tags) gets 'subject' from its rule: 2 in Subject; o (other issuer): 1 in the pool; 2 + 1 = 3
  const result = evaluate(record([cred("d", 2, { issuer: { id: "district" } }), cred("o", 1)]), tagging, { asOf }).results[0]!;
  const stack = stackOf(result, "s");
  expect(stack.status).toBe("met");
  const subject = requirementOf(stack.requirements, "subject");
  expect(subject).toMatchObject({ status: "met", counted: { amount: "2", unit: "credit" }, placements: [{ credential: "d", amount: "2" }] });
  expect(credentialOf(result, "d").placements).toEqual([{ stack: "s", requirement: "credits/subject", amount: "2" }]);
  // without the district issuer, the same credential has no subject tag: Subject gets 0, gap 2
  const other = evaluate(record([cred("d", 2), cred("o", 1)]), tagging, { asOf }).results[0]!;
  const stack2 = stackOf(other, "s");
  expect(stack2.status).toBe("not_met");
  expect(requirementOf(stack2.requirements, "subject")).toMatchObject({ status: "not_met", counted: { amount: "0", unit: "credit" }, gap: { amount: "2", unit: "credit" } });
});

describe("set aside, each with its reason code", () => {
  test("revoked", () => {
    const c = credentialOf(run([cred("r", 2, { status: "revoked" })]), "r");
    expect(c).toEqual({ id: "r", title: "Credential r", status: "rejected", placements: [], reasons: [{ code: "revoked", message: "It was revoked." }] });
  });

  test("expired by status", () => {
    const c = credentialOf(run([cred("e", 2, { status: "expired" })]), "e");
    expect(c).toMatchObject({ status: "rejected", reasons: [{ code: "expired" }] });
  });

  test("expired by date: expires before the as-of date is out; expires on it still counts", () => {
    const result = run([cred("before", 2, { expires: "2025-12-31" }), cred("on", 3, { expires: asOf }), cred("after", 4, { expires: "2026-01-02" })]);
    expect(credentialOf(result, "before")).toMatchObject({ status: "rejected", reasons: [{ code: "expired", message: expect.stringContaining("2025-12-31") }] });
    expect(credentialOf(result, "on")).toMatchObject({ status: "counted", value: { amount: "3" } });
    expect(credentialOf(result, "after")).toMatchObject({ status: "counted", value: { amount: "4" } });
    // 3 + 4 = 7 counted
    expect(requirementOf(stackOf(result, "s").requirements, "credits").counted).toEqual({ amount: "7", unit: "credit" });
  });

  test("earned after the as-of date (earned on it still counts)", () => {
    const result = run([cred("late", 2, { earned: "2026-01-02" }), cred("same-day", 1, { earned: asOf })]);
    expect(credentialOf(result, "late")).toMatchObject({ status: "rejected", reasons: [{ code: "earned_after_as_of" }] });
    expect(credentialOf(result, "same-day")).toMatchObject({ status: "counted" });
  });

  test("duplicate: same achievement, issuer and date; the smaller id is kept, whatever the input order", () => {
    const dup = { achievement: "mc-1", earned: "2025-03-01" };
    const result = run([cred("d2", 2, dup), cred("d1", 2, dup), cred("d3", 2, { ...dup, earned: "2025-03-02" }), cred("d4", 2, { ...dup, issuer: { id: "other" } })]);
    expect(credentialOf(result, "d1").status).toBe("counted");
    expect(credentialOf(result, "d2")).toMatchObject({ status: "rejected", reasons: [{ code: "duplicate", message: expect.stringContaining("d1") }] });
    // another date or another issuer is not a duplicate
    expect(credentialOf(result, "d3").status).toBe("counted");
    expect(credentialOf(result, "d4").status).toBe("counted");
    // d1 + d3 + d4 = 6
    expect(requirementOf(stackOf(result, "s").requirements, "credits").counted).toEqual({ amount: "6", unit: "credit" });
  });

  test("recognizeCredentials (the status path's screening) keeps what screenCredentials recognizes, in id order, with the same values; screenCredentials still gives every reason", () => {
    const dup = { achievement: "mc-1", earned: "2025-03-01" };
    const parsed = parseRecord(
      record([
        cred("w", 25, { kind: "workshop", unit: "hour" }), // convert 2.5, capped at 3: 2.5
        cred("r", 2, { status: "revoked" }),
        cred("late", 2, { earned: "2026-01-02" }),
        cred("conf", 2, { kind: "conference" }), // no rule
        cred("d2", 2, dup),
        cred("d1", 4, dup), // the smaller id is kept
        cred("nb", 1, { kind: "national_board" }), // flat 8
        cred("w0", undefined, { kind: "workshop" }), // converted, and no amount: no value
      ]),
    );
    const holds = () => true;
    const recognized = recognizeCredentials(parsed.credentials, rules, asOf, holds);
    expect(recognized.map((c) => [c.id, c.value.toFraction(), c.rule.id])).toEqual([
      ["d1", "4", "micro"],
      ["nb", "8", "national-board"],
      ["w", "5/2", "workshops"],
    ]);
    const screening = screenCredentials(parsed.credentials, rules, asOf, holds);
    expect(recognized).toEqual(screening.recognized);
    expect([...screening.rejected.keys()].sort()).toEqual(["conf", "d2", "late", "r", "w0"]);
    expect(screening.rejected.get("conf")).toEqual({ code: "not_recognized", message: "No recognition rule of test-policy@1 accepts it." });
    expect(screening.rejected.get("w0")).toEqual({ code: "no_value", message: "Rule 'workshops' values it by its amount, and it has none." });
  });

  test("one achievement earned on 20 dates: each date counts once, before and after its copies are keyed (from the 16th)", () => {
    // m01..m20 earned on 2025-01-01..2025-01-20, screened in id order; copies by the same issuer
    // of the 2nd (m02x, screened third: compared one by one) and of the 19th (x19, screened after
    // all 20: keyed), and of the 19th by another issuer (y19: not a copy)
    const day = (k: number) => `2025-01-${String(k).padStart(2, "0")}`;
    const originals = Array.from({ length: 20 }, (_, k) => cred(`m${String(k + 1).padStart(2, "0")}`, 1, { achievement: "mc-1", earned: day(k + 1) }));
    const result = run([
      ...originals,
      cred("m02x", 1, { achievement: "mc-1", earned: day(2) }),
      cred("x19", 1, { achievement: "mc-1", earned: day(19) }),
      cred("y19", 1, { achievement: "mc-1", earned: day(19), issuer: { id: "other" } }),
    ]);
    expect(credentialOf(result, "m02x")).toMatchObject({ status: "rejected", reasons: [{ code: "duplicate", message: expect.stringContaining("duplicates m02 ") }] });
    expect(credentialOf(result, "x19")).toMatchObject({ status: "rejected", reasons: [{ code: "duplicate", message: expect.stringContaining("duplicates m19 ") }] });
    expect(credentialOf(result, "y19").reasons.map((r) => r.code)).not.toContain("duplicate");
    expect(result.credentials.filter((c) => c.reasons.some((r) => r.code === "duplicate")).map((c) => c.id)).toEqual(["m02x", "x19"]);
  });

  test("credentials without an achievement are never duplicates", () => {
    const result = run([cred("a", 2, { earned: "2025-03-01" }), cred("b", 2, { earned: "2025-03-01" })]);
    expect(credentialOf(result, "a").status).toBe("counted");
    expect(credentialOf(result, "b").status).toBe("counted");
  });

  test("not recognized", () => {
    const c = credentialOf(run([cred("conf", 2, { kind: "conference" })]), "conf");
    expect(c).toMatchObject({ status: "rejected", placements: [], reasons: [{ code: "not_recognized" }] });
    expect(c.recognizedBy).toBeUndefined();
  });

  test("credentials are listed by id with their titles", () => {
    const result = run([cred("z", 1), cred("a", 1, { status: "revoked" }), cred("m", 1, { kind: "conference" })]);
    expect(result.credentials.map((c) => [c.id, c.status])).toEqual([
      ["a", "rejected"],
      ["m", "rejected"],
      ["z", "counted"],
    ]);
  });
});

describe("value: count — counted by number, never credit", () => {
  const p = policy({
    unitLabel: "renewal credit",
    recognition: `
      - { id: badges, match: { kind: micro_credential }, value: count }
      - { id: courses, match: { kind: course }, value: convert }
    `,
    stacks: `
      - id: pathway
        kind: pathway
        title: Pathway
        allocation: { across_stacks: shared }
        requirements: [{ id: three, count: 3, from: { kind: micro_credential } }]
      - id: renewal
        kind: renewal
        title: Renewal
        allocation: { across_stacks: shared }
        requirements: [{ id: credits, credit: 2 }]
    `,
  });
  // three badges worth 5 of their own credits each, and a 1-credit course
  const r = record([cred("b1", 5), cred("b2", 5), cred("b3", 5), cred("c1", 1, { kind: "course" })]);
  const result = evaluate(r, p, { asOf }).results[0]!;

  test("a count pool counts it; a credit pool never takes it, whatever its own amount", () => {
    expect(stackOf(result, "pathway").status).toBe("met");
    // the three badges fill the count pool of micro-credentials
    expect(requirementOf(stackOf(result, "pathway").requirements, "three").counted).toEqual({ amount: "3", unit: "credentials" });
    // renewal: only the course's 1 credit; the badges' 5 credits each do not count
    const renewal = stackOf(result, "renewal");
    expect([renewal.status, requirementOf(renewal.requirements, "credits").counted]).toEqual(["not_met", { amount: "1", unit: "credit" }]);
    expect(renewal.gaps.map((g) => [g.requirement, g.missing])).toEqual([["credits", { amount: "1", unit: "credit" }]]);
  });

  test("its value reads as one credential", () => {
    expect(credentialOf(result, "b1").value).toEqual({ amount: "1", unit: "credentials" });
    expect(credentialOf(result, "c1").value).toEqual({ amount: "1", unit: "credit" });
    expect(result.unit).toEqual({ id: "credit", label: "renewal credit" });
  });
});

describe("min_amount: a minimum on the credential's own amount, in its own unit", () => {
  // like SC Option 8: at least 10 hours per mentoring assignment
  const p = policy({
    conversions: `
      - { from: hour, to: credit, rate: 1 }
      - { from: ceu, to: credit, rate: 10 }
    `,
    recognition: `
      - { id: mentoring, match: { kind: mentoring, min_amount: { value: 10, unit: hour } }, value: convert }
    `,
    stacks: `
      - { id: s, kind: renewal, title: S, requirements: [{ id: c, credit: 1 }] }
    `,
  });
  const result = evaluate(
    record([
      cred("ten", 10, { kind: "mentoring", unit: "hour" }),
      cred("nine", 9, { kind: "mentoring", unit: "hour" }),
      cred("ceu", 1, { kind: "mentoring", unit: "ceu" }), // worth 10 credits, but not written in hours
    ]),
    p,
    { asOf },
  ).results[0]!;

  test("10 hours match; 9 hours and 1 CEU (worth as much) do not", () => {
    expect(credentialOf(result, "ten")).toMatchObject({ status: "counted", value: { amount: "10", unit: "credit" } });
    expect(credentialOf(result, "nine").reasons.map((r) => r.code)).toEqual(["not_recognized"]);
    expect(credentialOf(result, "ceu").reasons.map((r) => r.code)).toEqual(["not_recognized"]);
  });
});

describe("min_grade: C or better", () => {
  const p = policy({
    recognition: `
      - { id: coursework, match: { kind: college_credit, min_grade: C }, value: convert }
    `,
    stacks: `
      - { id: s, kind: renewal, title: S, requirements: [{ id: c, credit: 1 }] }
    `,
  });
  const graded = (id: string, grade?: string) => cred(id, 1, { kind: "college_credit", ...(grade !== undefined ? { grade: grade as never } : {}) });
  const result = evaluate(
    record([graded("a", "A"), graded("c", "C"), graded("c-minus", "C-"), graded("d", "D+"), graded("f", "F"), graded("p", "P"), graded("np", "NP"), graded("none")]),
    p,
    { asOf },
  ).results[0]!;

  test.each([
    ["a", true],
    ["c", true],
    ["c-minus", false], // below C
    ["d", false],
    ["f", false],
    ["p", true], // a pass meets a C
    ["np", false],
    ["none", true], // no recorded grade: not held back
  ])("%s recognized: %s", (id, recognized) => {
    expect(credentialOf(result, id).reasons.some((r) => r.code === "not_recognized")).toBe(!recognized);
  });

  test("a pass does not meet a B", () => {
    const b = policy({ recognition: "- { id: r, match: { min_grade: B }, value: convert }", stacks: "- { id: s, kind: renewal, title: S, requirements: [{ id: c, credit: 1 }] }" });
    const res = evaluate(record([graded("p", "P"), graded("b", "B")]), b, { asOf }).results[0]!;
    expect([credentialOf(res, "p").status, credentialOf(res, "b").status]).toEqual(["rejected", "counted"]);
  });

  test("the record rejects a grade that is not one", () => {
    expect(() => evaluate(record([graded("x", "E")]), p, { asOf })).toThrowError(/record_invalid/);
  });
});
