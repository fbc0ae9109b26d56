import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { CredstackIssue } from "../../src/errors/issue.js";
import { issuesFromZod } from "../../src/errors/zod.js";
import { Policy } from "../../src/schema/policy.js";
import { EducatorRecord } from "../../src/schema/record.js";
import { readYaml } from "../../src/yaml/read.js";
import { minimalPolicyText } from "../helpers/policy-fixtures.js";

/** The minimal valid policy as data, to break one piece at a time. */
function minimal(): Record<string, any> {
  const read = readYaml(minimalPolicyText());
  if (!read.ok) throw new Error("minimal.yaml must read");
  return read.data as Record<string, any>;
}

function policyIssues(input: unknown): CredstackIssue[] {
  const result = Policy.safeParse(input);
  if (result.success) throw new Error("expected the policy to be invalid");
  return issuesFromZod(result.error, { schemaKind: "policy", input });
}

/** code, path and message, the parts most tests care about. */
function brief(issues: readonly CredstackIssue[]) {
  return issues.map((i) => ({ code: i.code, path: i.path.join("."), message: i.message }));
}

describe("issuesFromZod: keys", () => {
  it("reports each unknown key at the key, with the closest valid key as a hint", () => {
    const policy = minimal();
    policy.stacks[0].requirements[0].categorie = policy.stacks[0].requirements[0].categories;
    delete policy.stacks[0].requirements[0].categories;
    policy.titel = "x";
    const issues = policyIssues(policy);
    expect(issues.map((i) => [i.code, i.path.join("."), i.hint])).toEqual([
      ["unknown_key", "stacks.0.requirements.0.categorie", "Did you mean 'categories'?"],
      ["unknown_key", "titel", "Did you mean 'title'?"],
    ]);
  });

  it("lists the valid keys when no key is close", () => {
    const policy = minimal();
    policy.credit_unit.zzzzzz = 1;
    const [issue] = policyIssues(policy);
    expect(issue).toMatchObject({ code: "unknown_key", message: "Unknown key 'zzzzzz'.", hint: "Valid keys here: id, label, source, assumption." });
  });

  it("finds the keys of a key inside a union of objects (a typo inside a credit requirement's category)", () => {
    const policy = minimal();
    const category = policy.stacks[0].requirements[0].categories[0];
    category.frm = category.from;
    delete category.from;
    // one typo, one issue: no "Missing key 'from'" next to "Did you mean 'from'?"
    expect(policyIssues(policy).map((i) => [i.code, i.path.join("."), i.message, i.hint])).toEqual([
      ["unknown_key", "stacks.0.requirements.0.categories.0.frm", "Unknown key 'frm'.", "Did you mean 'from'?"],
    ]);
    category.form = category.frm;
    delete category.frm;
    category.extra = 1;
    expect(policyIssues(policy).map((i) => [i.code, i.path.join(".")])).toEqual([
      ["unknown_key", "stacks.0.requirements.0.categories.0.extra"],
      ["unknown_key", "stacks.0.requirements.0.categories.0.form"],
    ]);
  });

  it("reports a missing key, also one set to undefined in code", () => {
    const policy = minimal();
    delete policy.state;
    policy.title = undefined;
    expect(brief(policyIssues(policy))).toEqual([
      { code: "missing_key", path: "state", message: "Missing key 'state'." },
      { code: "missing_key", path: "title", message: "Missing key 'title'." },
    ]);
  });

  it("reports a missing discriminator with the values it may take", () => {
    const policy = minimal();
    policy.stacks[0].window = { years: 5 };
    const [issue] = policyIssues(policy);
    expect(issue).toMatchObject({
      code: "missing_key",
      path: ["stacks", 0, "window", "type"],
      message: "Missing key 'type'.",
      hint: "Add 'type': one of 'license_cycle', 'rolling', 'fixed' or 'none'.",
    });
  });
});

describe("issuesFromZod: values", () => {
  it("lists the allowed values of an enum", () => {
    const policy = minimal();
    policy.stacks[0].kind = "renewl";
    expect(brief(policyIssues(policy))).toEqual([
      {
        code: "invalid_value",
        path: "stacks.0.kind",
        message: "'kind' must be one of 'renewal', 'endorsement', 'pathway' or 'designation', not 'renewl'.",
      },
    ]);
  });

  it("merges the values of a union of literals", () => {
    const policy = minimal();
    policy.recognition[0].value = "convrt";
    expect(brief(policyIssues(policy))).toEqual([
      { code: "invalid_value", path: "recognition.0.value", message: "'value' must be one of 'convert', 'catalog' or 'count', not 'convrt'." },
    ]);
  });

  it("names a wrong discriminator value", () => {
    const policy = minimal();
    policy.stacks[0].window = { type: "rollin", years: 5 };
    expect(brief(policyIssues(policy))).toEqual([
      {
        code: "invalid_value",
        path: "stacks.0.window.type",
        message: "'type' must be one of 'license_cycle', 'rolling', 'fixed' or 'none', not 'rollin'.",
      },
    ]);
  });

  it("reports bad dates as invalid_date, including 'to' before 'from'", () => {
    const policy = minimal();
    policy.effective = { from: "2026-02-30" };
    policy.sources[0].accessed = "2024-6-1";
    expect(brief(policyIssues(policy))).toEqual([
      { code: "invalid_date", path: "effective.from", message: "'from' must be a real calendar date written YYYY-MM-DD, not '2026-02-30'." },
      { code: "invalid_date", path: "sources.0.accessed", message: "'accessed' must be a real calendar date written YYYY-MM-DD, not '2024-6-1'." },
    ]);
    const reversed = minimal();
    reversed.effective = { from: "2024-07-01", to: "2024-06-30" };
    expect(brief(policyIssues(reversed))).toEqual([{ code: "invalid_date", path: "effective.to", message: "'to' must not be before 'from'." }]);
  });

  it("reports bad amounts as invalid_amount, whichever branch of the amount failed", () => {
    const amounts = [-8, "1/0", "eight", Number.POSITIVE_INFINITY, true];
    for (const credit of amounts) {
      const policy = minimal();
      policy.stacks[0].requirements[0].credit = credit;
      const [issue] = policyIssues(policy);
      expect(issue).toMatchObject({ code: "invalid_amount", path: ["stacks", 0, "requirements", 0, "credit"] });
    }
    const policy = minimal();
    policy.stacks[0].requirements[0].credit = -8;
    expect(policyIssues(policy)[0]!.message).toBe(
      "'credit' must be a non-negative number, a decimal like \"0.5\" or a fraction like \"1/14\", not -8.",
    );
  });

  it("names the types a one-or-many field accepts", () => {
    const policy = minimal();
    policy.recognition[0].match.issuer = 5;
    expect(brief(policyIssues(policy))).toEqual([
      { code: "invalid_type", path: "recognition.0.match.issuer", message: "'issuer' must be text or a list, not 5." },
    ]);
  });

  it("reports lists and numbers that are too small", () => {
    const policy = minimal();
    policy.sources = [];
    policy.stacks[1].requirements[0].count = 0;
    expect(brief(policyIssues(policy))).toEqual([
      { code: "too_small", path: "sources", message: "'sources' must have at least 1 item." },
      { code: "too_small", path: "stacks.1.requirements.0.count", message: "'count' must be at least 1, not 0." },
    ]);
  });

  it("reports a whole document that is not a mapping as not_an_object", () => {
    expect(brief(policyIssues(["a"]))).toEqual([{ code: "not_an_object", path: "", message: "The policy must be a mapping of keys to values, not a list." }]);
    expect(brief(policyIssues(null))).toEqual([{ code: "not_an_object", path: "", message: "The policy must be a mapping of keys to values, not empty." }]);
  });
});

describe("issuesFromZod: requirements and unions", () => {
  it("reports a requirement of no kind, or of two kinds, as invalid_requirement", () => {
    const policy = minimal();
    policy.stacks[0].requirements.push({ id: "nothing", title: "No kind" });
    policy.stacks[0].requirements.push({ id: "both", credit: 1, count: 2 });
    expect(brief(policyIssues(policy))).toEqual([
      {
        code: "invalid_requirement",
        path: "stacks.0.requirements.1",
        message: "The requirement has none of the keys credit, count, condition, stack, all or any.",
      },
      {
        code: "invalid_requirement",
        path: "stacks.0.requirements.2",
        message: "The requirement has 'credit' and 'count'; it must have only one of credit, count, condition, stack, all or any.",
      },
    ]);
  });

  it("descends into the alternative that fits: a bad operator deep inside a condition requirement", () => {
    const policy = minimal();
    policy.stacks[2].requirements[0].all.push({
      id: "experienced",
      condition: { all: [{ fact: "yearsOfExperience", operator: "greaterThanOrEqual", value: 3 }] },
    });
    expect(brief(policyIssues(policy))).toEqual([
      {
        code: "invalid_value",
        path: "stacks.2.requirements.0.all.2.condition.all.0.operator",
        message:
          "'operator' must be one of 'equal', 'notEqual', 'lessThan', 'lessThanInclusive', 'greaterThan', 'greaterThanInclusive', 'in', 'notIn', 'contains' or 'doesNotContain', not 'greaterThanOrEqual'.",
      },
    ]);
  });

  it("descends into the alternative that fits: a typo in a nested all requirement", () => {
    const policy = minimal();
    policy.stacks[2].requirements[0].all[0] = { id: "renewed", stak: "renewal" };
    const issues = policyIssues(policy);
    expect(issues.map((i) => [i.code, i.path.join("."), i.hint])).toEqual([
      ["invalid_requirement", "stacks.2.requirements.0.all.0", "Give it exactly one of credit, count, condition, stack, all or any."],
    ]);
    policy.stacks[2].requirements[0].all[0] = { id: "renewed", stack: "renewal", tilte: "Renewed" };
    expect(policyIssues(policy).map((i) => [i.code, i.path.join("."), i.hint])).toEqual([
      ["unknown_key", "stacks.2.requirements.0.all.0.tilte", "Did you mean 'title'?"],
    ]);
  });
});

describe("issuesFromZod: options", () => {
  it("places issues with the locator, at the key for unknown keys, and sorts them by position", () => {
    const text = ["id: e-1", "licenses:", "  - state: nc", "    type: CPL", "    issued: 2020-07-01", "    isued: 2020-07-01", "credentials: []"].join("\n");
    const read = readYaml(text, { source: "e-1.yaml" });
    if (!read.ok) throw new Error("must read");
    const result = EducatorRecord.safeParse(read.data);
    if (result.success) throw new Error("expected issues");
    const issues = issuesFromZod(result.error, { schemaKind: "record", input: read.data, locate: read.locate });
    expect(issues.map((i) => [i.code, i.position, i.hint])).toEqual([
      ["invalid_value", { file: "e-1.yaml", line: 3, column: 12 }, "Use one of the values named in the message."],
      ["unknown_key", { file: "e-1.yaml", line: 6, column: 5 }, "Did you mean 'issued'?"],
    ]);
  });

  it("lets the caller choose the code", () => {
    const result = EducatorRecord.safeParse({ id: "e-1", credentails: [] });
    if (result.success) throw new Error("expected issues");
    const issues = issuesFromZod(result.error, { schemaKind: "record", input: { id: "e-1", credentails: [] }, codeFor: () => "record_invalid" });
    expect(issues).toEqual([
      { code: "record_invalid", message: "Unknown key 'credentails'.", path: ["credentails"], hint: "Did you mean 'credentials'?" },
    ]);
  });

  it("works for a schema other than the whole policy", () => {
    const Small = z.strictObject({ name: z.string(), size: z.number() });
    const input = { name: "x", weight: 1 };
    const result = Small.safeParse(input);
    if (result.success) throw new Error("expected issues");
    expect(issuesFromZod(result.error, { schemaKind: "policy", schema: Small, input })).toEqual([
      // without positions, sorted by path
      { code: "missing_key", path: ["size"], message: "Missing key 'size'.", hint: "Add the key named in the message." },
      { code: "unknown_key", path: ["weight"], message: "Unknown key 'weight'.", hint: "Valid keys here: name, size." },
    ]);
  });

  it("writes every message as one sentence", () => {
    const policy = minimal();
    policy.stacks[0].kind = "renewl";
    policy.stacks[0].requirements.push({ id: "nothing" });
    policy.stacks[0].window = { type: "fixed", from: "2024-01-01", to: "2024-13-01" };
    policy.catalog[0].value = "-1";
    policy.unit_labels = { "bad key": "x" };
    policy.stacks[1].title = "";
    for (const issue of policyIssues(policy)) {
      expect(issue.message).toMatch(/^[A-Z'].*\.$/);
      expect(issue.message).not.toContain("\n");
    }
  });
});
