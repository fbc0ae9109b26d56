import { describe, expect, it } from "vitest";
import type { CredstackIssue } from "../../src/errors/issue.js";
import { checkPolicy } from "../../src/policy/check.js";
import { Policy } from "../../src/schema/policy.js";
import { readYaml } from "../../src/yaml/read.js";
import { minimalPolicyText } from "../helpers/policy-fixtures.js";

/** The minimal valid policy as data, to change one piece at a time. */
function minimal(): Record<string, any> {
  const read = readYaml(minimalPolicyText());
  if (!read.ok) throw new Error("minimal.yaml must read");
  return read.data as Record<string, any>;
}

/** Validates with the schema (the checks run on valid policies only), then checks. */
function check(data: unknown): CredstackIssue[] {
  return checkPolicy(Policy.parse(data));
}

function brief(issues: readonly CredstackIssue[]) {
  return issues.map((i) => [i.code, i.path.join("."), i.message]);
}

describe("checkPolicy", () => {
  it("finds nothing wrong with the minimal policy", () => {
    expect(check(minimal())).toEqual([]);
  });

  it("places issues with the locator", () => {
    const text = minimalPolicyText().replace("    source: statute\n  - id: catalog", "    source: statut\n  - id: catalog");
    const read = readYaml(text, { source: "p.yaml" });
    if (!read.ok) throw new Error("must read");
    const [issue] = checkPolicy(Policy.parse(read.data), read.locate);
    expect(issue).toMatchObject({ code: "unknown_reference", position: { file: "p.yaml", line: 38, column: 13 }, hint: "Did you mean 'statute'?" });
  });
});

describe("checkPolicy: duplicate ids", () => {
  it("finds duplicate sources, assumptions, recognition rules, catalog achievements and stacks", () => {
    const policy = minimal();
    policy.sources.push({ ...policy.sources[0] });
    policy.assumptions.push({ ...policy.assumptions[0] });
    policy.recognition.push({ ...policy.recognition[1] });
    policy.catalog.push({ ...policy.catalog[0] });
    policy.stacks.push({ ...policy.stacks[0] });
    expect(brief(check(policy))).toEqual([
      ["duplicate_id", "assumptions.1.id", "Duplicate assumption id 'ceu-hours'."],
      ["duplicate_id", "catalog.1.achievement", "Duplicate catalog achievement id 'cs-basics'."],
      ["duplicate_id", "recognition.2.id", "Duplicate recognition rule id 'catalog'."],
      ["duplicate_id", "sources.1.id", "Duplicate source id 'statute'."],
      ["duplicate_id", "stacks.3.id", "Duplicate stack id 'renewal'."],
    ]);
  });

  it("finds duplicate variants, and duplicate requirement ids among siblings only", () => {
    const policy = minimal();
    const requirements = policy.stacks[0].requirements;
    delete policy.stacks[0].requirements;
    policy.stacks[0].variants = [
      { id: "teachers", requirements },
      { id: "teachers", requirements: [...requirements, { id: "total", credit: 1 }] },
    ];
    // the same id in another list is fine: 'renewed' under all, and a top-level 'renewed'
    policy.stacks[2].requirements.push({ id: "renewed", stack: "renewal" });
    policy.stacks[2].requirements[0].all.push({ id: "endorsed", stack: "cs-endorsement" });
    expect(brief(check(policy))).toEqual([
      ["duplicate_id", "stacks.0.variants.1.id", "Duplicate variant id 'teachers'."],
      ["duplicate_id", "stacks.0.variants.1.requirements.1.id", "Duplicate requirement id 'total'."],
      ["duplicate_id", "stacks.2.requirements.0.all.2.id", "Duplicate requirement id 'endorsed'."],
    ]);
  });

  it("finds a category and a limit that share an id in one pool", () => {
    const policy = minimal();
    policy.stacks[0].requirements[0].limits[0].id = "subject";
    const [issue] = check(policy);
    expect(issue).toMatchObject({ code: "duplicate_id", path: ["stacks", 0, "requirements", 0, "limits", 0, "id"] });
    expect(issue!.hint).toBe("The first is at stacks[0].requirements[0].categories[0].id; give each its own id.");
  });
});

describe("checkPolicy: references", () => {
  it("finds undefined sources (one or a list) and assumptions anywhere, with a suggestion", () => {
    const policy = minimal();
    policy.stacks[0].requirements[0].categories[0].source = ["statute", "statue"];
    policy.conversions[1].assumption = "ceu-hour";
    policy.effective.source = "nowhere";
    expect(check(policy).map((i) => [i.path.join("."), i.message, i.hint])).toEqual([
      ["conversions.1.assumption", "Unknown assumption 'ceu-hour'.", "Did you mean 'ceu-hours'?"],
      ["effective.source", "Unknown source 'nowhere'.", "Define it under sources, or fix the id."],
      ["stacks.0.requirements.0.categories.0.source.1", "Unknown source 'statue'.", "Did you mean 'statute'?"],
    ]);
  });

  it("does not read condition parameters as citations", () => {
    const policy = minimal();
    policy.stacks[0].prerequisites = { fact: "credits", operator: "greaterThan", value: 1, params: { source: "anything" } };
    expect(check(policy)).toEqual([]);
  });

  it("finds undefined stacks", () => {
    const policy = minimal();
    policy.stacks[2].requirements[0].all[0].stack = "renewl";
    expect(check(policy).map((i) => [i.code, i.message, i.hint])).toEqual([["unknown_reference", "Unknown stack 'renewl'.", "Did you mean 'renewal'?"]]);
  });

  it("finds stack cycles, including a stack that requires itself", () => {
    const selfish = minimal();
    selfish.stacks[0].requirements.push({ id: "again", stack: "renewal" });
    expect(brief(check(selfish))).toEqual([
      ["stack_cycle", "stacks.0.requirements.1.stack", "Stacks require each other in a cycle: 'renewal' → 'renewal'."],
    ]);

    const loop = minimal();
    loop.stacks[0].requirements.push({ id: "master", stack: "master" });
    expect(brief(check(loop))).toEqual([
      ["stack_cycle", "stacks.2.requirements.0.all.0.stack", "Stacks require each other in a cycle: 'renewal' → 'master' → 'renewal'."],
    ]);
  });
});

describe("checkPolicy: units", () => {
  it("accepts units that reach the credit unit backwards (1/rate) or through a conditional conversion", () => {
    const policy = minimal();
    // renewal_credit -> semester_hour, read backwards: 1 semester_hour = 1/2 renewal_credit
    policy.conversions.push({ from: "renewal_credit", to: "semester_hour", rate: 2 });
    policy.conversions.push({ from: "quarter_hour", to: "hour", rate: 10, when: { kind: "course" } });
    policy.recognition[0].match.unit = ["hour", "semester_hour", "quarter_hour"];
    policy.catalog[0].unit = "ceu";
    expect(check(policy)).toEqual([]);
  });

  it("finds units in conversions, catalog entries and filters that cannot reach the credit unit, once each", () => {
    const policy = minimal();
    policy.conversions.push({ from: "ptsb_credit", to: "college_credit", rate: 1 });
    policy.catalog[0].unit = "badge";
    policy.stacks[0].requirements[0].limits[0].from = { not: { unit: "quarter_hour" } };
    policy.stacks[0].requirements[0].categories[0].from = { unit: ["hour", "badge"] };
    expect(brief(check(policy))).toEqual([
      ["unit_unreachable", "catalog.0.unit", "The unit 'badge' cannot be converted to the credit unit 'renewal_credit'."],
      ["unit_unreachable", "conversions.2.from", "The unit 'ptsb_credit' cannot be converted to the credit unit 'renewal_credit'."],
      ["unit_unreachable", "conversions.2.to", "The unit 'college_credit' cannot be converted to the credit unit 'renewal_credit'."],
      [
        "unit_unreachable",
        "stacks.0.requirements.0.limits.0.from.not.unit",
        "The unit 'quarter_hour' cannot be converted to the credit unit 'renewal_credit'.",
      ],
    ]);
  });

  it("does not convert back through a zero rate", () => {
    const policy = minimal();
    policy.conversions.push({ from: "renewal_credit", to: "token", rate: 0 });
    expect(brief(check(policy))).toEqual([
      ["unit_unreachable", "conversions.2.to", "The unit 'token' cannot be converted to the credit unit 'renewal_credit'."],
    ]);
  });

  it("finds two unconditional paths between the same units with different rates", () => {
    const policy = minimal();
    // ceu -> hour -> credit gives 1 ceu = 1 credit; this says 2
    policy.conversions.push({ from: "ceu", to: "renewal_credit", rate: 2 });
    expect(brief(check(policy))).toEqual([
      [
        "conversion_conflict",
        "conversions.2.rate",
        "This conversion says 1 ceu = 2 renewal_credit, but earlier conversions give 1 ceu = 1 renewal_credit.",
      ],
    ]);
  });

  it("accepts paths that agree exactly, written differently, and conditional conversions that differ", () => {
    const policy = minimal();
    policy.conversions.push({ from: "renewal_credit", to: "ceu", rate: "1" });
    policy.conversions.push({ from: "hour", to: "renewal_credit", rate: 0.1 });
    policy.conversions.push({ from: "ceu", to: "renewal_credit", rate: 3, when: { level: "graduate" } });
    expect(check(policy)).toEqual([]);
  });
});

describe("checkPolicy: counts", () => {
  it("finds a count pool's category minimum that is not a whole number", () => {
    const policy = minimal();
    policy.stacks[1].requirements[0].categories[0].min = "3/2";
    expect(brief(check(policy))).toEqual([
      [
        "invalid_count",
        "stacks.1.requirements.0.categories.0.min",
        "The category 'core' of a count pool needs a whole number of credentials, not 3/2.",
      ],
    ]);
    policy.stacks[1].requirements[0].categories[0].min = "2.0";
    expect(check(policy)).toEqual([]);
  });

  it("allows fractions in a credit pool's categories", () => {
    const policy = minimal();
    policy.stacks[0].requirements[0].categories[0].min = "1/2";
    expect(check(policy)).toEqual([]);
  });
});
