// Policy-language features the state policies need: recognition gated on the educator
// (recognition `when`), exemptions, recency (`earned_within_years`) and the school_year fact.
import { describe, expect, test } from "vitest";
import { evaluate, evaluateAsync, lintPolicy } from "../../src/index.js";
import { cred, credentialOf, policy, record, requirementOf, stackOf } from "../helpers/policy.js";

const asOf = "2026-11-24";

describe("recognition `when`: a source open only to some educators", () => {
  // like SC: options 4-11 count only for staff of a district or renewal entity
  const gated = policy({
    recognition: `
      - id: employer-only
        match: { kind: publication }
        when: { all: [{ fact: employer_type, operator: in, value: [public_district, renewal_entity] }] }
        value: convert
      - { id: coursework, match: { kind: college_credit }, value: convert }
    `,
    stacks: `
      - { id: s, kind: renewal, title: S, requirements: [{ id: total, credit: 2 }] }
    `,
  });
  const creds = [cred("pub", 1, { kind: "publication" }), cred("course", 1, { kind: "college_credit" })];

  test("a district employee's publication counts", () => {
    const result = evaluate(record(creds, { employment: { employer_type: "public_district" } }), gated, { asOf }).results[0]!;
    expect(stackOf(result, "s").status).toBe("met");
    expect(credentialOf(result, "pub").recognizedBy).toBe("employer-only");
  });

  test("a private-school teacher's publication is not recognized; the course still is", () => {
    const result = evaluate(record(creds, { employment: { employer_type: "private" } }), gated, { asOf }).results[0]!;
    expect(stackOf(result, "s").status).toBe("not_met");
    expect(credentialOf(result, "pub")).toMatchObject({ status: "rejected", reasons: [{ code: "not_recognized" }] });
    expect(credentialOf(result, "course").status).toBe("counted");
  });

  test("evaluateAsync agrees, with the employer type supplied asynchronously", async () => {
    const r = record(creds);
    const facts = { employer_type: "renewal_entity" };
    expect(await evaluateAsync(r, gated, { asOf, facts: { employer_type: async () => "renewal_entity" } })).toEqual(evaluate(r, gated, { asOf, facts }));
  });
});

describe("exemptions", () => {
  const renewal = policy({
    stacks: `
      - id: renewal
        kind: renewal
        title: Renewal
        exemptions:
          - id: lifetime
            title: lifetime license after 30 years of service
            when: { all: [{ fact: license_lifetime, operator: equal, value: true }] }
            source: src
        requirements: [{ id: total, credit: 8 }]
    `,
  });

  test("a lifetime license is met without credit, and the report says why", () => {
    const lifetime = record([], { licenses: [{ state: "XX", type: "standard", issued: "1996-07-01", lifetime: true }] });
    const stack = stackOf(evaluate(lifetime, renewal, { asOf }).results[0]!, "renewal");
    expect(stack).toMatchObject({ status: "met", reason: "Exempt: lifetime license after 30 years of service.", requirements: [], gaps: [] });
    expect(stack.exemption).toMatchObject({ id: "lifetime", condition: { result: true } });
    expect(stack.explanation[0]).toBe("Renewal: met; exempt (lifetime license after 30 years of service).");
    expect(stack.determinedBy.rules.map((r) => r.path)).toEqual(["stacks[0]", "stacks[0].exemptions[0]"]);
    // the exemption decided, so the result cites its source and its rule
    expect(stack.sources).toEqual(["https://example.org/policy"]);
    expect(stack.explanation[1]).toBe("Rule test.yaml:19 (stacks[0].exemptions[0]); sources: https://example.org/policy.");
  });

  test("without the exemption the requirements apply", () => {
    const stack = stackOf(evaluate(record([cred("a", 3)]), renewal, { asOf }).results[0]!, "renewal");
    expect(stack.status).toBe("not_met");
    expect(stack.exemption).toBeUndefined();
    expect(stack.gaps.map((g) => [g.requirement, g.missing?.amount])).toEqual([["total", "5"]]);
  });
});

describe("earned_within_years: recency", () => {
  // like Wyoming's competency route: 27 semester hours, at least 9 of them in the 5 years before applying
  const doc = policy({
    stacks: `
      - id: endorsement
        kind: endorsement
        title: Endorsement
        requirements:
          - id: hours
            credit: 27
            categories:
              - { id: recent, min: 9, from: { earned_within_years: 5 } }
    `,
  });
  // as of 2026-11-24, "within 5 years" starts 2021-11-25
  const old = (id: string, v: number, earned: string) => cred(id, v, { earned });

  test("9 recent hours of 27: met; the day before the 5 years does not count as recent", () => {
    const r = record([old("a", 18, "2015-05-01"), old("b", 9, "2021-11-25")]);
    const stack = stackOf(evaluate(r, doc, { asOf }).results[0]!, "endorsement");
    expect(stack.status).toBe("met");
    expect(requirementOf(stack.requirements, "recent").counted).toEqual({ amount: "9", unit: "credit" });

    const late = record([old("a", 18, "2015-05-01"), old("b", 9, "2021-11-24")]);
    const missed = stackOf(evaluate(late, doc, { asOf }).results[0]!, "endorsement");
    expect(missed.status).toBe("not_met");
    expect(missed.gaps.map((g) => [g.requirement, g.missing?.amount, g.accepts])).toEqual([["hours/recent", "9", "credentials earned within 5 years"]]);
  });
});

describe("the school_year fact", () => {
  const topics = policy({
    stacks: `
      - id: topics
        kind: renewal
        title: Topics
        requirements:
          - id: mandated-reporter
            when: { all: [{ fact: school_year, operator: in, value: [2021, 2025, 2029] }] }
            count: 1
            from: { tags: mandated-reporter }
    `,
  });

  test.each([
    ["2025-07-01", "not_met"], // 2025-26: the topic's year
    ["2025-06-30", "met"], // still 2024-25: the requirement does not apply
    ["2026-11-24", "met"], // 2026-27
  ])("as of %s the rotating topic is %s", (date, status) => {
    const stack = stackOf(evaluate(record([]), topics, { asOf: date }).results[0]!, "topics");
    expect(stack.status).toBe(status);
  });

  test("start_month moves the boundary", () => {
    const p = policy({
      stacks: `
        - id: s
          kind: renewal
          title: S
          requirements: [{ id: c, condition: { all: [{ fact: school_year, operator: equal, value: 2025, params: { start_month: 6 } }] } }]
      `,
    });
    expect(stackStatus(p, "2025-06-01")).toBe("met");
    expect(stackStatus(p, "2025-05-31")).toBe("not_met");
  });
});

function stackStatus(p: ReturnType<typeof policy>, date: string) {
  return evaluate(record([]), p, { asOf: date }).results[0]!.stacks[0]!.status;
}

describe("each_school_year: an annual requirement inside a longer window", () => {
  // like Arkansas: 36 hours in every school year (July-June) of a license issued 2021-07-01 that
  // expires 2024-06-30, so three whole school years: 2021-22, 2022-23, 2023-24
  const annual = policy({
    stacks: `
      - id: renewal
        kind: renewal
        title: Renewal
        window: { type: license_cycle }
        requirements:
          - id: annual
            title: Annual PD
            credit: 36
            each_school_year: { start_month: 7 }
    `,
  });
  const lic = (issued: string, expires: string) => ({ licenses: [{ state: "XX", type: "standard", issued, expires }] });

  test("every school year needs its own 36 hours; a short year is a gap with that year's last day", () => {
    const r = record(
      [cred("y1", 36, { earned: "2021-09-01" }), cred("y2a", 20, { earned: "2022-10-01" }), cred("y2b", 10, { earned: "2023-06-30" }), cred("y3", 40, { earned: "2023-07-01" })],
      lic("2021-07-01", "2024-06-30"),
    );
    const stack = stackOf(evaluate(r, annual, { asOf: "2024-06-30" }).results[0]!, "renewal");
    expect(stack.status).toBe("not_met");
    const annualReq = requirementOf(stack.requirements, "annual");
    expect(annualReq.type).toBe("all");
    expect(annualReq.children!.map((c) => [c.id, c.status, c.counted?.amount])).toEqual([
      ["2021-22", "met", "36"],
      ["2022-23", "not_met", "30"], // 20 + 10 (2023-06-30 is the year's last day)
      ["2023-24", "met", "40"], // 2023-07-01 starts 2023-24
    ]);
    expect(stack.gaps).toEqual([
      {
        requirement: "annual/2022-23",
        title: "Annual PD, 2022-23",
        missing: { amount: "6", unit: "credit" },
        accepts: "any recognized credential earned 2022-07-01 to 2023-06-30",
        match: [],
        deadline: "2023-06-30",
      },
    ]);
    // hours do not carry over from a rich year to a poor one
    expect(stack.credentials).toEqual(["y1", "y2a", "y2b", "y3"]);
  });

  test("school years the window only partly covers are skipped, unless include_partial", () => {
    // issued 2022-01-01, expires 2026-12-31 (an Arkansas-style 5-year license): whole school years
    // 2022-23 .. 2025-26; 2021-22 and 2026-27 are partial
    const r = record([], lic("2022-01-01", "2026-12-31"));
    const years = (p: ReturnType<typeof policy>) =>
      requirementOf(stackOf(evaluate(r, p, { asOf: "2026-11-24" }).results[0]!, "renewal").requirements, "annual").children!.map((c) => c.id);
    expect(years(annual)).toEqual(["2022-23", "2023-24", "2024-25", "2025-26"]);
    const partial = policy({
      stacks: `
        - id: renewal
          kind: renewal
          title: Renewal
          window: { type: license_cycle }
          requirements: [{ id: annual, credit: 36, each_school_year: { include_partial: true } }]
      `,
    });
    expect(years(partial)).toEqual(["2021-22", "2022-23", "2023-24", "2024-25", "2025-26", "2026-27"]);
  });

  describe("a category's `when` sees the school year of its copy", () => {
    // like Arkansas's rotating topics: 2 hours of a topic scheduled for school years 2021 (2021-22)
    // and 2025, inside 10 hours a year; the license covers 2021-22, 2022-23, 2023-24
    const topics = policy({
      facts: "- { id: hr_flag, description: An HR fact, default: false }",
      stacks: `
        - id: renewal
          kind: renewal
          title: Renewal
          window: { type: license_cycle }
          requirements:
            - id: annual
              credit: 10
              each_school_year: {}
              categories:
                - id: reporter
                  min: 2
                  from: { tags: reporter }
                  when: { fact: school_year, operator: in, value: [2021, 2025] }
                - id: flagged
                  min: 1
                  from: { tags: flagged }
                  when: { all: [{ fact: school_year, operator: equal, value: 2022 }, { fact: hr_flag, operator: equal, value: true }] }
      `,
    });
    const r = record(
      [
        cred("y1", 10, { earned: "2021-09-01" }), // 2021-22 needs 2 reporter hours: none -> category 2 short
        cred("y2", 10, { earned: "2022-09-01" }), // 2022-23: no topic
        cred("y3", 8, { earned: "2023-09-01" }), // 2023-24: no topic, 2 short of 10
        cred("y3-reporter", 2, { earned: "2023-10-01", tags: ["reporter"] }), // counts as plain hours in 2023-24
      ],
      lic("2021-07-01", "2024-06-30"),
    );
    const expected = [
      // [year, status, counted, category ids that apply with their traces' school_year]
      ["2021-22", "not_met", "10", [["reporter", 2021]]],
      ["2022-23", "met", "10", []],
      ["2023-24", "met", "10", []],
    ];
    const view = (stack: ReturnType<typeof stackOf>) =>
      requirementOf(stack.requirements, "annual").children!.map((c) => [
        c.id,
        c.status,
        c.counted?.amount,
        (c.children ?? []).filter((k) => k.status !== "not_applicable").map((k) => [k.id, (k.when as { factValue?: unknown } | undefined)?.factValue]),
      ]);

    test("sync: each year's copy requires only the topic scheduled for it", () => {
      const stack = stackOf(evaluate(r, topics, { asOf: "2024-06-30" }).results[0]!, "renewal");
      expect(stack.status).toBe("not_met");
      expect(view(stack)).toEqual(expected);
      expect(stack.gaps.map((g) => [g.requirement, g.missing?.amount, g.deadline])).toEqual([["annual/2021-22/reporter", "2", "2022-06-30"]]);
    });

    test("a year still to come sees its own school year (evaluated on its first day)", () => {
      // as of 2021-09-15 (in 2021-22): 2022-23 is evaluated on 2022-07-01, so school_year is 2022
      // and, with hr_flag, its flagged category applies; y1 (2021-09-01) is the only credential so far
      const stack = stackOf(evaluate(r, topics, { asOf: "2021-09-15", facts: { hr_flag: true } }).results[0]!, "renewal");
      expect(stack.gaps.map((g) => [g.requirement, g.missing?.amount, g.deadline])).toEqual([
        ["annual/2021-22/reporter", "2", "2022-06-30"],
        ["annual/2022-23/flagged", "1", "2023-06-30"],
        ["annual/2022-23", "10", "2023-06-30"],
        ["annual/2023-24", "10", "2024-06-30"],
      ]);
    });

    test("async: the same report, and a provider is called once per distinct params", async () => {
      let calls = 0;
      const facts = { hr_flag: async () => (calls++, true) };
      const sync = evaluate(r, topics, { asOf: "2024-06-30", facts: { hr_flag: true } });
      const report = await evaluateAsync(r, topics, { asOf: "2024-06-30", facts });
      expect(report).toEqual(sync);
      expect(calls).toBe(1);
      // hr_flag true: 2022-23 now needs 1 flagged hour it does not have
      expect(stackOf(report.results[0]!, "renewal").gaps.map((g) => g.requirement)).toEqual(["annual/2021-22/reporter", "annual/2022-23/flagged"]);
    });
  });

  test("a pool's own `when` is evaluated per year: 6 hours a year before 2022-23, 3 from it", () => {
    // like Arkansas's 60 hours to 2013-14 and 36 from 2014-15, inside one license
    const change = policy({
      stacks: `
        - id: renewal
          kind: renewal
          title: Renewal
          window: { type: license_cycle }
          requirements:
            - { id: old-rule, credit: 6, each_school_year: {}, when: { fact: school_year, operator: lessThan, value: 2022 } }
            - { id: new-rule, credit: 3, each_school_year: {}, when: { fact: school_year, operator: greaterThanInclusive, value: 2022 } }
      `,
    });
    const r = record([cred("a", 6, { earned: "2021-09-01" }), cred("b", 3, { earned: "2022-09-01" }), cred("c", 2, { earned: "2023-09-01" })], lic("2021-07-01", "2024-06-30"));
    const stack = stackOf(evaluate(r, change, { asOf: "2024-06-30" }).results[0]!, "renewal");
    const years = (id: string) => requirementOf(stack.requirements, id).children!.map((c) => [c.id, c.status, c.counted?.amount ?? null]);
    expect(years("old-rule")).toEqual([
      ["2021-22", "met", "6"],
      ["2022-23", "not_applicable", null],
      ["2023-24", "not_applicable", null],
    ]);
    expect(years("new-rule")).toEqual([
      ["2021-22", "not_applicable", null],
      ["2022-23", "met", "3"],
      ["2023-24", "not_met", "2"],
    ]);
    expect(stack.gaps.map((g) => [g.requirement, g.missing?.amount, g.deadline])).toEqual([["new-rule/2023-24", "1", "2024-06-30"]]);
  });
});

describe("each_school_year under a window with no start", () => {
  test("only the school year of the as-of date applies, from its first day; its deadline is its last day", () => {
    const p = policy({
      stacks: `
        - id: yearly
          kind: pathway
          title: Yearly
          requirements: [{ id: hours, credit: 4, each_school_year: {} }]
      `,
    });
    // as of 2026-11-24 the school year is 2026-27 (2026-07-01 .. 2027-06-30); 'old' is from 2025-26
    const r = record([cred("old", 4, { earned: "2026-06-30" }), cred("now", 3, { earned: "2026-07-01" })]);
    const stack = stackOf(evaluate(r, p, { asOf: "2026-11-24" }).results[0]!, "yearly");
    expect(requirementOf(stack.requirements, "hours").children!.map((c) => [c.id, c.status, c.counted?.amount])).toEqual([["2026-27", "not_met", "3"]]);
    expect(stack.gaps.map((g) => [g.requirement, g.missing?.amount, g.accepts, g.deadline])).toEqual([
      ["hours/2026-27", "1", "any recognized credential earned 2026-07-01 to 2026-11-24", "2027-06-30"],
    ]);
  });
});

describe("a variant's own window", () => {
  // like Arkansas: a license lapsed more than a year needs its hours in the year before applying,
  // every other licensee in each PD year of the license
  const p = policy({
    stacks: `
      - id: renewal
        kind: renewal
        title: Renewal
        window: { type: license_cycle }
        variants:
          - id: lapsed
            when: { fact: license_status, operator: equal, value: expired }
            window: { type: rolling, years: 1 }
            requirements: [{ id: hours, credit: 5 }]
          - id: current
            requirements: [{ id: hours, credit: 5 }]
    `,
  });
  // license 2020-01-01 .. 2024-12-31; a credential after it expired, one inside it
  const r = record([cred("late", 5, { earned: "2025-06-01" }), cred("inside", 5, { earned: "2023-06-01" })], {
    licenses: [{ state: "XX", type: "standard", issued: "2020-01-01", expires: "2024-12-31" }],
  });

  test("the lapsed variant looks back a year from the as-of date: 2025-03-01 .. 2026-02-28", () => {
    const stack = stackOf(evaluate(r, p, { asOf: "2026-02-28" }).results[0]!, "renewal");
    expect([stack.variant?.id, stack.status, stack.window, stack.credentials]).toEqual(["lapsed", "met", { from: "2025-03-01", to: "2026-02-28" }, ["late"]]);
    expect(stack.requirements[0]!.placements).toEqual([{ credential: "late", amount: "5" }]);
  });

  test("the other variant keeps the stack's window (the license cycle)", () => {
    const stack = stackOf(evaluate(r, p, { asOf: "2024-06-30" }).results[0]!, "renewal");
    expect([stack.variant?.id, stack.status, stack.window, stack.credentials]).toEqual(["current", "met", { from: "2020-01-01", to: "2024-12-31" }, ["inside"]]);
  });

  test("a variant's window that cannot be resolved leaves the stack not evaluated", () => {
    const noLicense = stackOf(evaluate(record([], { licenses: [] }), policy({
      stacks: `
        - id: s
          kind: renewal
          title: S
          variants: [{ id: v, window: { type: license_cycle }, requirements: [{ id: c, credit: 1 }] }]
      `,
    }), { asOf }).results[0]!, "s");
    expect([noLicense.status, noLicense.reason]).toEqual(["not_evaluated", "Not evaluated: the record holds no license this policy evaluates, so there is no license cycle."]);
  });

  test("lint: an uncited variant window is reported where it is", () => {
    expect(lintPolicy(p).map((i) => [i.code, i.path.join(".")])).toEqual([
      ["uncited_value", "effective.from"],
      ["uncited_value", "stacks.0.variants.0.window.years"],
      ["uncited_value", "stacks.0.variants.0.requirements.0.credit"],
      ["uncited_value", "stacks.0.variants.1.requirements.0.credit"],
    ]);
  });
});

describe("declared facts: facts callers may supply, with defaults", () => {
  const stacks = `
    - id: endorsement
      kind: endorsement
      title: Endorsement
      requirements:
        - id: route
          any:
            - { id: recommended, condition: { all: [{ fact: institutional_recommendation, operator: equal, value: true }] } }
            - { id: credits, credit: 3 }
  `;
  const p = policy({ stacks });
  const declared = policy({
    facts: "- { id: institutional_recommendation, description: An approved program recommends the educator., default: false }",
    stacks,
  });

  test("without a declaration, a record that lacks the fact is an error", () => {
    expect(() => evaluate(record([]), p, { asOf })).toThrowError(/unknown_fact/);
  });

  test("declared: a record without it sees the default; record.facts and the facts option override it", async () => {
    const status = (r: Parameters<typeof evaluate>[0], facts?: Record<string, boolean>) =>
      stackOf(evaluate(r, declared, { asOf, facts }).results[0]!, "endorsement").status;
    expect(status(record([]))).toBe("not_met");
    expect(status(record([], { facts: { institutional_recommendation: true } }))).toBe("met");
    expect(status(record([]), { institutional_recommendation: true })).toBe("met");
    const r = record([]);
    expect(await evaluateAsync(r, declared, { asOf })).toEqual(evaluate(r, declared, { asOf }));
  });
});
