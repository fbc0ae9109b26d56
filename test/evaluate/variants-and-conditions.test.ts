/**
 * Variants, prerequisites, condition requirements, `when` on requirements and categories, and
 * the facts conditions read: derived from the record, supplied on it, or passed as an option.
 */
import { describe, expect, test } from "vitest";
import { evaluate, EvaluationError } from "../../src/index.js";
import { conditionHolds, evaluateCondition } from "../../src/evaluate/conditions.js";
import type { Facts } from "../../src/evaluate/facts.js";
import type { ConditionTrace } from "../../src/schema/report.js";
import { cred, credentialOf, policy, record, requirementOf, stackOf } from "../helpers/policy.js";

const asOf = "2026-01-01";

describe("variants", () => {
  const variants = policy({
    stacks: `
      - id: s
        kind: renewal
        title: S
        window: { type: license_cycle }
        variants:
          - id: counselor
            when: { fact: license_role, operator: equal, value: student_services }
            requirements:
              - { id: credits, credit: 5 }
          - id: teacher
            title: Teachers
            when: { fact: license_grade_band, operator: in, value: [K-5, 6-12] }
            requirements:
              - { id: credits, credit: 3 }
          - id: k-5-only
            when: { fact: license_grade_band, operator: equal, value: K-5 }
            requirements:
              - { id: credits, credit: 1 }
    `,
  });
  const withLicense = (license: object) =>
    record([cred("a", 3)], { licenses: [{ state: "XX", type: "standard", issued: "2024-07-01", expires: "2029-06-30", ...license }] });

  test("the first variant whose condition holds is used", () => {
    // K-5 teacher: 'teacher' (second) holds before 'k-5-only' (third): 3 of 3
    const teacher = stackOf(evaluate(withLicense({ grade_band: "K-5", role: "teacher" }), variants, { asOf }).results[0]!, "s");
    expect(teacher.variant).toEqual({ id: "teacher", title: "Teachers" });
    expect(requirementOf(teacher.requirements, "credits").required).toEqual({ amount: "3", unit: "credit" });
    expect(teacher.status).toBe("met");
    // a K-5 counselor: 'counselor' comes first: 3 of 5
    const counselor = stackOf(evaluate(withLicense({ grade_band: "K-5", role: "student_services" }), variants, { asOf }).results[0]!, "s");
    expect(counselor.variant).toEqual({ id: "counselor" });
    expect(counselor.status).toBe("not_met");
    expect(counselor.gaps[0]!.missing).toEqual({ amount: "2", unit: "credit" });
  });

  test("no variant applies: not evaluated, with a reason and the window", () => {
    const stack = stackOf(evaluate(withLicense({ grade_band: "9-12" }), variants, { asOf }).results[0]!, "s");
    expect(stack.status).toBe("not_evaluated");
    expect(stack.reason).toMatch(/no variant/);
    expect(stack.variant).toBeUndefined();
    expect(stack.window).toEqual({ from: "2024-07-01", to: "2029-06-30" });
    expect(stack.requirements).toEqual([]);
  });
});

describe("prerequisites", () => {
  const gated = policy({
    stacks: `
      - id: lead
        kind: pathway
        title: Lead
        prerequisites:
          all:
            - { fact: years_experience, operator: greaterThanInclusive, value: 3 }
            - { fact: license_type, operator: equal, value: standard }
        requirements:
          - { id: credits, credit: 2 }
    `,
  });

  test("false prerequisites: not_eligible, and the requirements still show progress", () => {
    // no experience: 0 ≥ 3 fails; 1 of 2 credits counted, gap 1
    const stack = stackOf(evaluate(record([cred("a", 1)]), gated, { asOf }).results[0]!, "lead");
    expect(stack.status).toBe("not_eligible");
    expect(stack.reason).toBe("The prerequisites are not met.");
    expect(stack.prerequisites).toEqual({
      all: [
        { fact: "years_experience", operator: "greaterThanInclusive", value: 3, factValue: 0, result: false },
        { fact: "license_type", operator: "equal", value: "standard", factValue: "standard", result: true },
      ],
      result: false,
    });
    expect(requirementOf(stack.requirements, "credits")).toMatchObject({
      status: "not_met",
      counted: { amount: "1", unit: "credit" },
      gap: { amount: "1", unit: "credit" },
    });
    // what is missing: first the failed prerequisite, then the credit (no deadline: no window)
    expect(stack.gaps).toEqual([
      { requirement: "prerequisites", needs: "years_experience is 0, needs greaterThanInclusive 3" },
      { requirement: "credits", missing: { amount: "1", unit: "credit" }, accepts: "any recognized credential", match: [] },
    ]);
    expect(stack.explanation[0]).toBe("Lead: not eligible; prerequisites not met (years_experience is 0, needs greaterThanInclusive 3).");
  });

  test("not eligible even when the requirements are met: the prerequisite is the only gap", () => {
    const stack = stackOf(evaluate(record([cred("a", 2)]), gated, { asOf }).results[0]!, "lead");
    expect(stack.gaps).toEqual([{ requirement: "prerequisites", needs: "years_experience is 0, needs greaterThanInclusive 3" }]);
  });

  test("not eligible even when the requirements are met", () => {
    const stack = stackOf(evaluate(record([cred("a", 2)]), gated, { asOf }).results[0]!, "lead");
    expect(stack.status).toBe("not_eligible");
    expect(requirementOf(stack.requirements, "credits").status).toBe("met");
  });

  test("true prerequisites: the requirements decide", () => {
    // 2019-08-01 .. 2022-07-31 is 1096 days (29 Feb 2020 inside): 3 years
    const rec = record([cred("a", 2)], { experience: [{ from: "2019-08-01", to: "2022-07-31" }] });
    const stack = stackOf(evaluate(rec, gated, { asOf }).results[0]!, "lead");
    expect(stack.prerequisites?.result).toBe(true);
    expect(stack.status).toBe("met");
  });
});

describe("condition requirements and `when`", () => {
  const sc = policy({
    stacks: `
      - id: s
        kind: renewal
        title: S
        requirements:
          - id: total
            credit: 4
            categories:
              - { id: literacy, min: 2, from: { tags: literacy }, when: { fact: license_grade_band, operator: equal, value: K-5 } }
          - id: graduate
            credit: 2
            from: { level: graduate }
            when: { not: { fact: degree_levels, operator: contains, value: masters } }
          - id: exam
            condition: { any: [{ fact: exams_passed, operator: contains, value: praxis-plt }, { fact: designations, operator: contains, value: nbct }] }
    `,
  });
  const rec = (band: string, extra: object, creds: Parameters<typeof record>[0]) =>
    record(creds, { licenses: [{ state: "XX", type: "standard", grade_band: band, issued: "2024-07-01" }], ...extra });

  test("a condition requirement is met or not by its condition, with the trace", () => {
    const passed = { degrees: [{ level: "masters" }], exams: [{ id: "praxis-plt", date: "2025-01-01", passed: true }] };
    const stack = stackOf(evaluate(rec("6-12", passed, [cred("u", 4)]), sc, { asOf }).results[0]!, "s");
    const exam = requirementOf(stack.requirements, "exam");
    expect(exam.type).toBe("condition");
    expect(exam.status).toBe("met");
    expect(exam.condition).toEqual({
      any: [
        { fact: "exams_passed", operator: "contains", value: "praxis-plt", factValue: ["praxis-plt"], result: true },
        { fact: "designations", operator: "contains", value: "nbct", factValue: [], result: false },
      ],
      result: true,
    });
    // total 4 of 4, literacy and graduate not applicable, exam met
    expect(stack.status).toBe("met");

    const failed = { degrees: [{ level: "masters" }], exams: [{ id: "praxis-plt", date: "2025-01-01", passed: false }] };
    const stack2 = stackOf(evaluate(rec("6-12", failed, [cred("u", 4)]), sc, { asOf }).results[0]!, "s");
    expect(requirementOf(stack2.requirements, "exam").status).toBe("not_met");
    expect(stack2.status).toBe("not_met");
    // the unmet condition is a gap that says what must hold (the license has no expiry: no deadline)
    expect(stack2.gaps).toEqual([
      { requirement: "exam", needs: 'exams_passed is [], needs contains "praxis-plt" or designations is [], needs contains "nbct"' },
    ]);
  });

  test("`when` false on a requirement and on a category: not_applicable, and not needed", () => {
    const extra = { degrees: [{ level: "masters" }], designations: ["nbct"] };
    const stack = stackOf(evaluate(rec("6-12", extra, [cred("u", 4)]), sc, { asOf }).results[0]!, "s");
    expect(stack.status).toBe("met");
    const graduate = requirementOf(stack.requirements, "graduate");
    expect(graduate.status).toBe("not_applicable");
    expect(graduate.counted).toBeUndefined();
    expect(graduate.when).toEqual({
      not: { fact: "degree_levels", operator: "contains", value: "masters", factValue: ["masters"], result: true },
      result: false,
    });
    const literacy = requirementOf(stack.requirements, "literacy");
    expect(literacy).toMatchObject({ type: "category", status: "not_applicable", required: { amount: "2", unit: "credit" } });
    expect(literacy.when).toMatchObject({ fact: "license_grade_band", factValue: "6-12", result: false });
    expect(stack.gaps).toEqual([]);
  });

  test("`when` true: the requirement and the category apply", () => {
    const extra = { designations: ["nbct"] };
    // K-5, no masters: total 4 with literacy ≥ 2, and 2 graduate credit on top
    // u (4) + l (2, literacy) in total: 6 ≥ 4, literacy 2 ≥ 2; g (2, graduate) in graduate: 2 ≥ 2
    const creds = [cred("u", 4), cred("l", 2, { tags: ["literacy"] }), cred("g", 2, { level: "graduate" })];
    const stack = stackOf(evaluate(rec("K-5", extra, creds), sc, { asOf }).results[0]!, "s");
    expect(stack.status).toBe("met");
    expect(requirementOf(stack.requirements, "literacy")).toMatchObject({ status: "met", counted: { amount: "2", unit: "credit" } });
    expect(requirementOf(stack.requirements, "graduate")).toMatchObject({ status: "met", counted: { amount: "2", unit: "credit" }, placements: [{ credential: "g", amount: "2" }] });
    // without g: graduate 0 of 2, gap 2
    const short = stackOf(evaluate(rec("K-5", extra, creds.slice(0, 2)), sc, { asOf }).results[0]!, "s");
    expect(short.status).toBe("not_met");
    expect(short.gaps).toEqual([{ requirement: "graduate", missing: { amount: "2", unit: "credit" }, accepts: "credentials at graduate level", match: [{ level: "graduate" }] }]);
  });
});

describe("facts", () => {
  /** Evaluates one leaf condition as a requirement and returns its trace. */
  function trace(leaf: string, rec: ReturnType<typeof record>, options: { facts?: Record<string, never> | Record<string, unknown> } = {}): ConditionTrace {
    const p = policy({
      stacks: `
        - id: s
          kind: designation
          title: S
          requirements:
            - { id: c, condition: ${leaf} }
      `,
    });
    const stack = stackOf(evaluate(rec, p, { asOf, ...(options.facts ? { facts: options.facts as never } : {}) }).results[0]!, "s");
    return requirementOf(stack.requirements, "c").condition!;
  }
  const factValue = (t: ConditionTrace) => ("factValue" in t ? t.factValue : undefined);

  // spans (both ends count, so each ends the day after its last day): 2019-08-01..2022-08-01 = 3 whole
  // years; 2022-08-01..2023-08-01 = 1; 2023-08-01..2026-01-02 (open, to as-of) = 2 years + 154 days.
  // Spans that touch are merged; each merged span counts its whole years, leftover days pool at 365.
  const experienced = record([], {
    experience: [
      { state: "XX", role: "teacher", license_type: "standard", from: "2019-08-01", to: "2022-07-31" },
      { state: "YY", role: "teacher", from: "2022-08-01", to: "2023-07-31" },
      { state: "XX", role: "counselor", from: "2023-08-01" },
    ],
  });

  test.each([
    // all three touch: 2019-08-01..2026-01-02 = 6 years + 154 days → 6
    ["{}", 6],
    // first and third: 3 + 2 years, 154 days left → 5
    ["{ state: XX }", 5],
    // first and second touch: 2019-08-01..2023-08-01 = 4
    ["{ roles: teacher }", 4],
    // the first: 3
    ["{ state: XX, roles: [teacher] }", 3],
    ["{ license_types: standard }", 3],
    ["{ state: [XX, YY] }", 6],
    // a look-back: from 2023-01-02 (3 years before 2026-01-01, plus a day) the last two spans touch:
    // 2023-01-02..2026-01-02 = 3
    ["{ within_years: 3 }", 3],
    // from 2024-01-02: 2 years
    ["{ within_years: 2 }", 2],
    // XX only, from 2020-01-02: 2020-01-02..2022-08-01 = 2 years + 211 days, and 2023-08-01..2026-01-02
    // = 2 years + 154 days; 4 years and 365 leftover days = 5
    ["{ state: XX, within_years: 6 }", 5],
    // a look-back longer than a date can go (from 0001-01-01): every span, 6
    ["{ within_years: 1000000 }", 6],
  ])("years_experience with params %s is %i", (params, years) => {
    const leaf = params === "{}"
      ? "{ fact: years_experience, operator: greaterThanInclusive, value: 0 }"
      : `{ fact: years_experience, operator: greaterThanInclusive, value: 0, params: ${params} }`;
    expect(factValue(trace(leaf, experienced))).toBe(years);
  });

  test("overlapping spans count once: two part-time jobs in the same three years are three years", () => {
    const twoJobs = record([], {
      experience: [
        { state: "XX", from: "2020-08-01", to: "2023-07-31" },
        { state: "XX", from: "2021-01-01", to: "2022-12-31" },
      ],
    });
    expect(factValue(trace("{ fact: years_experience, operator: greaterThanInclusive, value: 0 }", twoJobs))).toBe(3);
  });

  test("latest_rating and years_since_latest_rating (on or before the as-of date; by system)", () => {
    const rated = record([], {
      ratings: [
        { date: "2020-05-01", rating: "effective", system: "TESS" },
        { date: "2024-05-01", rating: "highly_effective", system: "LOCAL" },
        { date: "2026-05-01", rating: "ineffective", system: "TESS" },
      ],
    });
    // 2026-05-01 is after the as-of date: the latest is 2024-05-01; 2024-05-01 → 2026-01-01 is 1 whole year
    expect(factValue(trace("{ fact: latest_rating, operator: equal, value: highly_effective }", rated))).toBe("highly_effective");
    expect(factValue(trace("{ fact: years_since_latest_rating, operator: lessThanInclusive, value: 4 }", rated))).toBe(1);
    // TESS only: 2020-05-01, effective; 5 whole years to 2026-01-01
    expect(factValue(trace("{ fact: latest_rating, operator: equal, value: effective, params: { system: TESS } }", rated))).toBe("effective");
    const t = trace("{ fact: years_since_latest_rating, operator: lessThanInclusive, value: 4, params: { system: TESS } }", rated);
    expect(t).toMatchObject({ factValue: 5, result: false, params: { system: "TESS" } });
    // no rating: null, and a numeric comparison with null is false
    expect(trace("{ fact: years_since_latest_rating, operator: lessThanInclusive, value: 4 }", record([]))).toMatchObject({ factValue: null, result: false });
  });

  test("degree_levels (sorted, with contains) and highest_degree", () => {
    const rec = record([], { degrees: [{ level: "masters" }, { level: "bachelors" }, { level: "masters" }] });
    expect(trace("{ fact: degree_levels, operator: contains, value: masters }", rec)).toMatchObject({ factValue: ["bachelors", "masters"], result: true });
    expect(trace("{ fact: degree_levels, operator: contains, value: doctorate }", rec)).toMatchObject({ result: false });
    expect(trace("{ fact: degree_levels, operator: doesNotContain, value: doctorate }", rec)).toMatchObject({ result: true });
    expect(factValue(trace("{ fact: highest_degree, operator: equal, value: masters }", rec))).toBe("masters");
  });

  test("exams_passed: passed, on or before the as-of date", () => {
    const rec = record([], {
      exams: [
        { id: "praxis-plt", date: "2025-01-01", passed: true },
        { id: "praxis-core", date: "2025-02-01", passed: false },
        { id: "praxis-5081", date: "2026-02-01", passed: true },
      ],
    });
    expect(factValue(trace("{ fact: exams_passed, operator: contains, value: praxis-plt }", rec))).toEqual(["praxis-plt"]);
  });

  test("years_since_expiry: whole years from the day after expiry; null while not expired", () => {
    // as of 2026-01-01
    const leaf = "{ fact: years_since_expiry, operator: greaterThanInclusive, value: 1 }";
    const lic = (expires: string) => record([], { licenses: [{ state: "XX", type: "standard", issued: "2015-01-01", expires }] });
    expect(trace(leaf, lic("2024-12-31"))).toMatchObject({ factValue: 1, result: true }); // 2025-01-01 .. 2026-01-01: a year and a day expired
    expect(trace(leaf, lic("2025-01-01"))).toMatchObject({ factValue: 0, result: false }); // 2025-01-02 .. 2026-01-01: exactly a year
    expect(trace(leaf, lic("2021-06-30"))).toMatchObject({ factValue: 4, result: true });
    expect(trace(leaf, lic(asOf))).toMatchObject({ factValue: null, result: false }); // expires today: still valid
  });

  test("license_types_held and holds_only_license_types: licenses in the policy's state issued by the as-of date", () => {
    const rec = record([], {
      licenses: [
        { state: "XX", type: "cte-work-based", issued: "2020-07-01", expires: "2025-06-30" },
        { state: "YY", type: "professional", issued: "2019-07-01" },
        { state: "XX", type: "professional", issued: "2026-07-01" }, // after the as-of date
      ],
    });
    expect(factValue(trace("{ fact: license_types_held, operator: contains, value: cte-work-based }", rec))).toEqual(["cte-work-based"]);
    const only = (types: string) => `{ fact: holds_only_license_types, operator: equal, value: true, params: { types: ${types} } }`;
    expect(trace(only("cte-work-based"), rec)).toMatchObject({ factValue: true, result: true });
    // a second XX license of another type, issued by the as-of date, ends "only"
    const two = record([], { licenses: [...rec.licenses!, { state: "XX", type: "professional", issued: "2024-07-01" }] });
    expect(factValue(trace("{ fact: license_types_held, operator: contains, value: cte-work-based }", two))).toEqual(["cte-work-based", "professional"]);
    expect(trace(only("cte-work-based"), two)).toMatchObject({ factValue: false, result: false });
    expect(trace(only("[cte-work-based, professional]"), two)).toMatchObject({ factValue: true });
    // no license in the state: false
    expect(factValue(trace(only("cte-work-based"), record([], { licenses: [] })))).toBe(false);
  });

  test("employer_state: employment.state, or null", () => {
    const leaf = "{ fact: employer_state, operator: equal, value: SC }";
    expect(trace(leaf, record([], { employment: { employer_type: "public_district", state: "SC" } }))).toMatchObject({ factValue: "SC", result: true });
    expect(trace(leaf, record([], { employment: { employer_type: "public_district" } }))).toMatchObject({ factValue: null, result: false });
  });

  test("license_status: active, expired (expiry before the as-of date), none", () => {
    const leaf = "{ fact: license_status, operator: equal, value: active }";
    const lic = (expires: string) => record([], { licenses: [{ state: "XX", type: "standard", issued: "2020-07-01", expires }] });
    expect(factValue(trace(leaf, lic("2029-06-30")))).toBe("active");
    expect(factValue(trace(leaf, lic(asOf)))).toBe("active");
    expect(factValue(trace(leaf, lic("2025-12-31")))).toBe("expired");
    expect(factValue(trace(leaf, record([], { licenses: [] })))).toBe("none");
  });

  test("record.facts override derived facts; the facts option overrides both", () => {
    const leaf = "{ fact: years_experience, operator: greaterThanInclusive, value: 3 }";
    // derived: no experience → 0
    expect(trace(leaf, record([]))).toMatchObject({ factValue: 0, result: false });
    const supplied = record([], { facts: { years_experience: 5, district_approved: true } });
    expect(trace(leaf, supplied)).toMatchObject({ factValue: 5, result: true });
    expect(trace(leaf, supplied, { facts: { years_experience: 2 } })).toMatchObject({ factValue: 2, result: false });
    // a fact only the caller knows
    expect(trace("{ fact: district_approved, operator: equal, value: true }", supplied)).toMatchObject({ factValue: true, result: true });
    expect(trace("{ fact: district_approved, operator: equal, value: true }", record([]), { facts: { district_approved: true } })).toMatchObject({ result: true });
  });

  test("an unknown fact: EvaluationError with code unknown_fact", () => {
    let caught: unknown;
    try {
      trace("{ fact: shoe_size, operator: equal, value: 9 }", record([]));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(EvaluationError);
    expect((caught as EvaluationError).code).toBe("unknown_fact");
    expect((caught as EvaluationError).issues[0].message).toContain("shoe_size");
  });
});

describe("conditionHolds: the status path's answer, without a trace", () => {
  const facts: Facts = {
    has: (n) => n === "license_role" || n === "years_experience",
    get: (n) => (n === "license_role" ? "administrator" : n === "years_experience" ? 12 : undefined),
  };
  const role = { fact: "license_role", operator: "equal", value: "administrator" } as const;
  const senior = { fact: "years_experience", operator: "greaterThanInclusive", value: 15 } as const;
  const unknown = { fact: "shoe_size", operator: "equal", value: 9 } as const;

  test("all, any and not, as the trace's result", () => {
    // administrator with 12 years: the role holds, 15 years does not
    expect(conditionHolds({ all: [role] }, facts)).toBe(true);
    expect(conditionHolds({ all: [role, senior] }, facts)).toBe(false);
    expect(conditionHolds({ any: [senior, role] }, facts)).toBe(true);
    expect(conditionHolds({ not: senior }, facts)).toBe(true);
    for (const c of [{ all: [role, senior] }, { any: [senior, role] }, { not: { any: [senior] } }]) expect(conditionHolds(c, facts)).toBe(evaluateCondition(c, facts).result);
  });

  test("a leaf it reads must name a fact; the leaves after the deciding one are not read", () => {
    expect(() => conditionHolds({ all: [role, unknown] }, facts)).toThrow(EvaluationError);
    // the role decides the any: shoe_size is not read (the trace, which reads every leaf, throws)
    expect(conditionHolds({ any: [role, unknown] }, facts)).toBe(true);
    expect(() => evaluateCondition({ any: [role, unknown] }, facts)).toThrow(EvaluationError);
  });
});

// regression tests for bugs a second reading of the engine found
describe("years_experience counts whole years of inclusive spans", () => {
  const threeYears = policy({
    stacks: `
      - id: s
        kind: pathway
        title: S
        requirements:
          - { id: c, condition: { fact: years_experience, operator: greaterThanInclusive, value: 3 } }
    `,
  });
  const years = (experience: { from: string; to: string }[]) => {
    const stack = stackOf(evaluate(record([], { experience }), threeYears, { asOf }).results[0]!, "s");
    const t = requirementOf(stack.requirements, "c").condition!;
    return "factValue" in t ? t.factValue : undefined;
  };

  test("three full school years, 2020-08-01 to 2023-07-31, are 3 years", () => {
    // 2020-08-01 .. 2023-07-31 inclusive is exactly three years (the next day is the third anniversary),
    // 365 + 365 + 365 = 1095 days with no 29 February inside
    expect(years([{ from: "2020-08-01", to: "2023-07-31" }])).toBe(3);
  });

  test("one full school year, 2022-08-01 to 2023-07-31, is 1 year", () => {
    expect(years([{ from: "2022-08-01", to: "2023-07-31" }])).toBe(1);
  });
});

// credentials of a not-eligible stack are still shown where they were placed
test("a not-eligible stack still lists its placements", () => {
  const gated = policy({
    stacks: `
      - id: s
        kind: pathway
        title: S
        prerequisites: { fact: license_type, operator: equal, value: professional }
        requirements:
          - { id: credits, credit: 1 }
    `,
  });
  const result = evaluate(record([cred("a", 1)]), gated, { asOf }).results[0]!;
  expect(stackOf(result, "s").status).toBe("not_eligible");
  expect(stackOf(result, "s").credentials).toEqual(["a"]);
  expect(credentialOf(result, "a").placements).toEqual([{ stack: "s", requirement: "credits", amount: "1" }]);
});
