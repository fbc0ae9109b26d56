import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PolicyError } from "../../src/errors/errors.js";
import { formatIssues } from "../../src/errors/format.js";
import type { CredstackIssue } from "../../src/errors/issue.js";
import { compilePolicy } from "../../src/policy/compile.js";
import { parsePolicy, parsePolicyData, safeParsePolicy, safeParsePolicyData } from "../../src/policy/parse.js";
import { readYaml } from "../../src/yaml/read.js";
import { invalidPolicyFixture, invalidPolicyFixtures, minimalPolicyText } from "../helpers/policy-fixtures.js";

function issuesOf(text: string, source: string, options: object = {}): readonly CredstackIssue[] {
  const result = safeParsePolicy(text, { source, ...options });
  if (result.success) throw new Error(`${source}: expected issues`);
  return result.issues;
}

/** The fixture's issues, printed for people and in the compact one-line form. */
function printed(code: string): { human: string; compact: string } {
  const fixture = invalidPolicyFixture(code);
  const issues = issuesOf(fixture.text, fixture.name, fixture.options);
  return { human: formatIssues(issues, { text: fixture.text }), compact: formatIssues(issues, { compact: true }) };
}

describe("safeParsePolicy", () => {
  it("reads, checks and compiles the minimal policy", () => {
    const result = safeParsePolicy(minimalPolicyText(), { source: "minimal.yaml" });
    if (!result.success) throw new Error(formatIssues(result.issues));
    expect(result.policy.state).toBe("XX");
    expect(result.policy.stacks.map((s) => s.id)).toEqual(["renewal", "cs-endorsement", "master"]);
    expect(result.policy.source).toBe("minimal.yaml");
    // rule origins point into the file
    expect(result.policy.origin(["stacks", 1])).toMatchObject({ file: "minimal.yaml", path: "stacks[1]", line: 67, column: 5 });
  });

  const fixtures = invalidPolicyFixtures();

  it("has one broken policy for each policy-level code", () => {
    expect(fixtures.map((f) => f.code)).toEqual([
      "conversion_conflict",
      "duplicate_id",
      "input_too_deep",
      "input_too_large",
      "input_too_many_nodes",
      "invalid_amount",
      "invalid_count",
      "invalid_date",
      "invalid_requirement",
      "invalid_type",
      "invalid_value",
      "missing_key",
      "not_an_object",
      "stack_cycle",
      "too_small",
      "unit_unreachable",
      "unknown_key",
      "unknown_reference",
      "yaml_alias",
      "yaml_duplicate_key",
      "yaml_syntax",
      "yaml_tag",
    ]);
  });

  it.each(fixtures.map((f) => [f.name, f] as const))("%s gives its code, and only it, at the line:column in its header", (_, fixture) => {
    const issues = issuesOf(fixture.text, fixture.name, fixture.options);
    expect(new Set(issues.map((i) => i.code))).toEqual(new Set([fixture.code]));
    expect(issues[0]!.position).toEqual({ file: fixture.name, line: fixture.line, column: fixture.column });
  });

  it("reports every problem, not only the first, in text order", () => {
    const text = minimalPolicyText()
      .replace("state: XX\n", "state: xx\n")
      .replace("        credit: 8\n", "        credit: -8\n")
      .replace("    kind: endorsement\n", "    kind: endorsment\n");
    const issues = issuesOf(text, "p.yaml");
    expect(issues.map((i) => [i.code, i.position?.line])).toEqual([
      ["invalid_value", 5],
      ["invalid_amount", 56],
      ["invalid_value", 68],
    ]);
  });

  it("applies the read limits it is given", () => {
    expect(issuesOf(minimalPolicyText(), "p.yaml", { maxDepth: 5 })[0]!.code).toBe("input_too_deep");
  });
});

describe("parsePolicy", () => {
  it("returns the compiled policy", () => {
    expect(parsePolicy(minimalPolicyText()).id).toBe("xx-renewal");
  });

  it("throws a PolicyError holding every issue", () => {
    const fixture = invalidPolicyFixture("unknown_key");
    let caught: unknown;
    try {
      parsePolicy(fixture.text, { source: fixture.name });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(PolicyError);
    const error = caught as PolicyError;
    expect(error.code).toBe("unknown_key");
    expect(error.message).toBe("unknown_key: Unknown key 'categorie'.");
    expect(error.issues[0].position).toEqual({ file: "unknown_key.yaml", line: 58, column: 9 });
  });
});

describe("safeParsePolicyData and parsePolicyData", () => {
  function minimalData(): Record<string, any> {
    const read = readYaml(minimalPolicyText());
    if (!read.ok) throw new Error("must read");
    return read.data as Record<string, any>;
  }

  it("validates and checks a policy given as data, ready for compilePolicy", () => {
    const policy = parsePolicyData(minimalData());
    expect(compilePolicy(policy).stacks).toHaveLength(3);
  });

  it("reports schema issues and semantic issues, without positions unless given a locator", () => {
    const broken = minimalData();
    broken.stacks[0].kind = "renewl";
    const result = safeParsePolicyData(broken);
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(result.issues.map((i) => [i.code, i.position])).toEqual([["invalid_value", undefined]]);

    const dangling = minimalData();
    dangling.stacks[2].requirements[0].all[0].stack = "nowhere";
    expect(() => parsePolicyData(dangling)).toThrow(PolicyError);
    const second = safeParsePolicyData(dangling);
    expect(!second.success && second.issues.map((i) => i.code)).toEqual(["unknown_reference"]);
  });

  it("reads a locator when given one", () => {
    const text = minimalPolicyText().replace("state: XX\n", "state: xx\n");
    const read = readYaml(text, { source: "p.yaml" });
    if (!read.ok) throw new Error("must read");
    const result = safeParsePolicyData(read.data, { source: "p.yaml", locate: read.locate });
    expect(!result.success && result.issues[0].position).toEqual({ file: "p.yaml", line: 5, column: 8 });
  });

  it("does not let __proto__ keys in a policy reach Object.prototype", () => {
    const text = `${minimalPolicyText()}__proto__:\n  polluted: 1\n`;
    const issues = issuesOf(text, "p.yaml");
    expect(issues.map((i) => i.code)).toEqual(["unknown_key"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("fuzzing", () => {
  const base = minimalPolicyText();
  const lines = base.split("\n");

  it("never throws on a mangled policy: every result is a policy or issues with positions", () => {
    const mangled = fc.oneof(
      // drop a line
      fc.nat({ max: lines.length - 1 }).map((n) => lines.filter((_, i) => i !== n).join("\n")),
      // duplicate a line
      fc.nat({ max: lines.length - 1 }).map((n) => [...lines.slice(0, n + 1), ...lines.slice(n)].join("\n")),
      // insert a few characters anywhere
      fc.record({ at: fc.nat({ max: base.length }), insert: fc.string({ maxLength: 4 }) }).map(({ at, insert }) => base.slice(0, at) + insert + base.slice(at)),
      // replace a value with another value from the file
      fc.record({ a: fc.nat({ max: lines.length - 1 }), b: fc.nat({ max: lines.length - 1 }) }).map(({ a, b }) => {
        const value = lines[b]!.split(": ")[1];
        const [key] = lines[a]!.split(": ");
        return value === undefined ? base : lines.map((line, i) => (i === a ? `${key}: ${value}` : line)).join("\n");
      }),
    );
    fc.assert(
      fc.property(mangled, (text) => {
        const result = safeParsePolicy(text, { source: "m.yaml" });
        if (result.success) return;
        for (const issue of result.issues) {
          expect(issue.position?.file).toBe("m.yaml");
          expect(issue.message).toMatch(/\.$/);
        }
      }),
      { numRuns: 400 },
    );
  });

  it("never throws on arbitrary data", () => {
    fc.assert(
      fc.property(fc.anything(), (data) => {
        const result = safeParsePolicyData(data);
        expect(result.success).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});

describe("formatted issues (read by people)", () => {
  it("a misspelt key", () => {
    const { human, compact } = printed("unknown_key");
    expect(human).toMatchInlineSnapshot(`
      "✖ Unknown key 'categorie'. [unknown_key]
        → at stacks[0].requirements[0].categorie (unknown_key.yaml:58:9)
          58 |         categorie:
             |         ^
        hint: Did you mean 'categories'?"
    `);
    expect(compact).toMatchInlineSnapshot(`"unknown_key.yaml:58:9 unknown_key Unknown key 'categorie'. Did you mean 'categories'? (at stacks[0].requirements[0].categorie)"`);
  });

  it("a missing key", () => {
    const { human, compact } = printed("missing_key");
    expect(human).toMatchInlineSnapshot(`
      "✖ Missing key 'state'. [missing_key]
        → at state (missing_key.yaml:3:1)
           3 | credstack: 1
             | ^
        hint: Add the key named in the message."
    `);
    expect(compact).toMatchInlineSnapshot(`"missing_key.yaml:3:1 missing_key Missing key 'state'. (at state)"`);
  });

  it("a date that does not exist", () => {
    const { human, compact } = printed("invalid_date");
    expect(human).toMatchInlineSnapshot(`
      "✖ 'from' must be a real calendar date written YYYY-MM-DD, not '2026-02-30'. [invalid_date]
        → at effective.from (invalid_date.yaml:9:9)
           9 |   from: 2026-02-30
             |         ^
        hint: Write the date as YYYY-MM-DD, e.g. 2024-06-30."
    `);
    expect(compact).toMatchInlineSnapshot(`"invalid_date.yaml:9:9 invalid_date 'from' must be a real calendar date written YYYY-MM-DD, not '2026-02-30'. (at effective.from)"`);
  });

  it("an alias", () => {
    const { human, compact } = printed("yaml_alias");
    expect(human).toMatchInlineSnapshot(`
      "✖ The anchor '&statute-url' is not allowed; write the value out in full. [yaml_alias]
        → at (root) (yaml_alias.yaml:14:10)
          14 |     url: &statute-url https://example.org/statute
             |          ^
        hint: Write the value out in full.
      ✖ The alias '*statute-url' is not allowed; write the value out in full. [yaml_alias]
        → at (root) (yaml_alias.yaml:17:10)
          17 |     url: *statute-url
             |          ^
        hint: Write the value out in full."
    `);
    expect(compact).toMatchInlineSnapshot(`
      "yaml_alias.yaml:14:10 yaml_alias The anchor '&statute-url' is not allowed; write the value out in full. (at (root))
      yaml_alias.yaml:17:10 yaml_alias The alias '*statute-url' is not allowed; write the value out in full. (at (root))"
    `);
  });

  it("a duplicate key", () => {
    const { human, compact } = printed("yaml_duplicate_key");
    expect(human).toMatchInlineSnapshot(`
      "✖ The key 'title' appears twice in the same mapping. [yaml_duplicate_key]
        → at stacks[0].title (yaml_duplicate_key.yaml:53:5)
          53 |     title: Renewal
             |     ^
        hint: The first 'title' is on line 52; remove or rename one of them."
    `);
    expect(compact).toMatchInlineSnapshot(`"yaml_duplicate_key.yaml:53:5 yaml_duplicate_key The key 'title' appears twice in the same mapping. The first 'title' is on line 52; remove or rename one of them. (at stacks[0].title)"`);
  });

  it("a negative amount", () => {
    const { human, compact } = printed("invalid_amount");
    expect(human).toMatchInlineSnapshot(`
      "✖ 'credit' must be a non-negative number, a decimal like "0.5" or a fraction like "1/14", not -8. [invalid_amount]
        → at stacks[0].requirements[0].credit (invalid_amount.yaml:57:17)
          57 |         credit: -8
             |                 ^
        hint: Write a non-negative number, a decimal like "0.5" or a fraction like "1/14"."
    `);
    expect(compact).toMatchInlineSnapshot(`"invalid_amount.yaml:57:17 invalid_amount 'credit' must be a non-negative number, a decimal like "0.5" or a fraction like "1/14", not -8. (at stacks[0].requirements[0].credit)"`);
  });

  it("a requirement with no type key", () => {
    const { human, compact } = printed("invalid_requirement");
    expect(human).toMatchInlineSnapshot(`
      "✖ The requirement has none of the keys credit, count, condition, stack, all or any. [invalid_requirement]
        → at stacks[2].requirements[0].all[1] (invalid_requirement.yaml:89:13)
          89 |           - id: endorsed
             |             ^
        hint: Give it exactly one of credit, count, condition, stack, all or any."
    `);
    expect(compact).toMatchInlineSnapshot(`"invalid_requirement.yaml:89:13 invalid_requirement The requirement has none of the keys credit, count, condition, stack, all or any. (at stacks[2].requirements[0].all[1])"`);
  });
});
