// The error catalogue and the code base agree: every code in ISSUE_CODES is produced by a fixture
// or a call below (a new code without a producer fails the first test), nothing produces a code the
// catalogue lacks, and every code the source writes as a literal is catalogued (TypeScript checks
// createIssue's argument; this also covers the maps that name codes, e.g. the YAML error table).
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { runCli } from "../../src/cli/main.js";
import { ISSUE_CODES } from "../../src/errors/codes.js";
import { CredstackError } from "../../src/errors/errors.js";
import type { CredstackIssue } from "../../src/errors/issue.js";
import {
  assembleRecord,
  evaluate,
  evaluateAsync,
  lintPolicy,
  plan,
  readInputText,
  safeParseCatalog,
  safeParsePolicy,
  safeParseRecord,
  verifyCredentials,
  type CredentialsInput,
} from "../../src/index.js";
import { loadBuiltinPolicies, loadCatalogFile, loadRecordFile } from "../../src/node/index.js";
import { RejectionCode } from "../../src/schema/report.js";
import { readJson } from "../../src/yaml/json.js";
import { cred, policy, record } from "../helpers/policy.js";
import { invalidPolicyFixtures } from "../helpers/policy-fixtures.js";

type Codes = readonly string[];
const codesOf = (issues: readonly CredstackIssue[]): Codes => issues.map((i) => i.code);

function thrownCodes(call: () => unknown): Codes {
  try {
    call();
  } catch (error) {
    if (error instanceof CredstackError) return codesOf(error.issues);
    throw error;
  }
  return [];
}

async function rejectedCodes(call: () => Promise<unknown>): Promise<Codes> {
  try {
    await call();
  } catch (error) {
    if (error instanceof CredstackError) return codesOf(error.issues);
    throw error;
  }
  return [];
}

const renewal = (credit: string | number = 1) => `
  - id: renewal
    kind: renewal
    title: Renewal
    requirements:
      - { id: credits, credit: "${credit}" }
`;

/** Every input fixture in fixtures/inputs/malformed, read: its issues, rejections and warnings. */
function malformedInputCodes(): Codes {
  const dir = "fixtures/inputs/malformed/";
  return readdirSync(dir).flatMap((name) => {
    const read = readInputText(readFileSync(dir + name, "utf8"), { source: name });
    if (!read.success) return codesOf(read.issues);
    return read.input.format === "record" ? [] : codesOf([...read.input.rejected, ...read.input.warnings]);
  });
}

/** A producer per code: what it gives must include the code. */
const PRODUCERS: Record<string, () => Codes | Promise<Codes>> = {};
for (const fixture of invalidPolicyFixtures()) {
  PRODUCERS[fixture.code] = () => {
    const result = safeParsePolicy(fixture.text, { source: fixture.name, ...fixture.options });
    return result.success ? [] : codesOf(result.issues);
  };
}
Object.assign(PRODUCERS, {
  uncited_value: () => codesOf(lintPolicy(policy({ stacks: renewal(8) }))),
  amount_out_of_range: () =>
    thrownCodes(() => evaluate(record([cred("a", "1/999983"), cred("b", "1/999979"), cred("c", "1/999961")]), policy({ stacks: renewal() }), { asOf: "2026-01-01" })),
  record_invalid: () => {
    const result = safeParseRecord({ id: 5 });
    return result.success ? [] : codesOf(result.issues);
  },
  duplicate_credential_id: () => {
    const result = safeParseRecord(record([cred("a", 1), cred("a", 2)]));
    return result.success ? [] : codesOf(result.issues);
  },
  invalid_as_of: () => thrownCodes(() => evaluate(record([]), policy({ stacks: renewal() }), { asOf: "2026-02-30" })),
  invalid_option: () => thrownCodes(() => evaluate(record([]), policy({ stacks: renewal() }), { asOf: "2026-01-01", budget: 0 })),
  unknown_state: async () => {
    let err = "";
    await runCli(["evaluate", "fixtures/educators/nc-6-12-met.yaml", "--state", "ZZ", "--as-of", "2026-11-24"], {
      out: () => undefined,
      err: (t) => (err += t),
      color: false,
      today: () => "2026-11-24",
    });
    return [/^credstack: (\w+) /.exec(err)?.[1] ?? ""];
  },
  no_policy_in_force: () =>
    evaluate(record([]), policy({ effective: "{ from: 2030-01-01 }", stacks: renewal() }), { asOf: "2026-01-01" }).skipped.map((s) => s.code),
  unknown_fact: () =>
    thrownCodes(() =>
      evaluate(
        record([]),
        policy({
          stacks: `
            - id: pathway
              kind: pathway
              title: Pathway
              requirements:
                - { id: years, condition: { fact: hr_rating, operator: equal, value: effective } }
          `,
        }),
        { asOf: "2026-01-01" },
      ),
    ),
  fact_failed: () =>
    rejectedCodes(() =>
      evaluateAsync(
        record([]),
        policy({
          facts: `[{ id: hr_rating, description: The HR system's latest rating., default: null }]`,
          stacks: `
            - id: pathway
              kind: pathway
              title: Pathway
              requirements:
                - { id: rating, condition: { fact: hr_rating, operator: equal, value: effective } }
          `,
        }),
        {
          asOf: "2026-01-01",
          facts: {
            hr_rating: () => {
              throw new Error("db down");
            },
          },
        },
      ),
    ),
  file_unreadable: () => thrownCodes(() => loadRecordFile("fixtures/educators/does-not-exist.yaml")),
  invalid_json: () => {
    const read = readJson('{"id": }');
    return read.ok ? [] : codesOf(read.issues);
  },
  credential_unverified: async () => {
    const read = readInputText(readFileSync("fixtures/inputs/wy/wde-cs-elementary.ob3.json", "utf8"));
    const checked = await verifyCredentials((read.success ? read.input : undefined) as CredentialsInput, () => false);
    return codesOf(checked.rejected);
  },
  catalog_invalid: () => {
    const result = safeParseCatalog({ credstack_catalog: 1, id: "c", title: "C", sources: [], items: [{ id: "x" }] });
    return result.success ? [] : codesOf(result.issues);
  },
  unknown_stack: () =>
    thrownCodes(() =>
      plan(loadRecordFile("fixtures/educators/wy-cs-one-short.yaml"), loadBuiltinPolicies(), {
        asOf: "2026-11-24",
        state: "WY",
        stack: "no-such-stack",
        catalog: loadCatalogFile("rules/catalogs/wy-wde-cs.yaml"),
      }),
    ),
  file_unwritable: async () => {
    let err = "";
    await runCli(["batch", "fixtures/educators/nc-6-12-met.yaml", "--as-of", "2026-11-24", "--out", "/nonexistent/out.ndjson"], {
      out: () => undefined,
      err: (t) => (err += t),
      color: false,
      today: () => "2026-11-24",
    });
    return [...err.matchAll(/\b(file_\w+)\b/g)].map((m) => m[1]!);
  },
  // needs an unexpected error inside the batch worker, made by mocking evaluate: that test shows it
  evaluation_failed: () => (readFileSync("test/batch/worker.test.ts", "utf8").includes('code: "evaluation_failed"') ? ["evaluation_failed"] : []),
  duplicate_credential: () => {
    const result = assembleRecord({ id: "e-1", credentials: [[cred("a", 1, { achievement: "mc-1" }) as never], [cred("b", 1, { achievement: "mc-1" }) as never]] });
    return result.success ? codesOf(result.duplicates) : [];
  },
});
// the malformed input fixtures produce every input code between them
for (const code of [
  "input_format_unknown",
  "badge_invalid",
  "badge_not_awarded",
  "badge_reference_missing",
  "jwt_invalid",
  "credential_status_unchecked",
  "csv_syntax",
  "csv_missing_column",
  "csv_unknown_column",
  "csv_row_invalid",
]) {
  PRODUCERS[code] = malformedInputCodes;
}

describe("the error catalogue", () => {
  test("every code has a producer, and every producer is for a catalogued code", () => {
    expect(Object.keys(ISSUE_CODES).filter((code) => !Object.hasOwn(PRODUCERS, code))).toEqual([]);
    expect(Object.keys(PRODUCERS).filter((code) => !Object.hasOwn(ISSUE_CODES, code))).toEqual([]);
  });

  test.each(Object.keys(ISSUE_CODES))("%s is produced, and everything produced alongside it is catalogued", async (code) => {
    const produced = await PRODUCERS[code]!();
    expect(produced).toContain(code);
    expect(produced.filter((c) => !Object.hasOwn(ISSUE_CODES, c))).toEqual([]);
  });

  test("every code the source names is catalogued, and every catalogued code is named in the source", () => {
    const src = "src/";
    const files = (readdirSync(src, { recursive: true }) as string[]).filter((f) => f.endsWith(".ts") && !f.endsWith("errors/codes.ts"));
    const text = files.map((f) => readFileSync(src + f, "utf8")).join("\n");
    const named = new Set<string>();
    // createIssue("code", ...), and the helpers that pass a code on: make(...), report(...), issue(...)
    for (const m of text.matchAll(/\b(?:createIssue|make|report|issue)\(\s*"([a-z][a-z0-9_]*)"/g)) named.add(m[1]!);
    // codes in maps and types: `: "code"` values of IssueCode-typed tables, `code: "code"`
    for (const m of text.matchAll(/(?:IssueCode> = \{[^}]*\}|code: "[a-z_]+")/g)) for (const c of m[0].matchAll(/"([a-z][a-z0-9_]*)"/g)) named.add(c[1]!);
    // the report's own codes are not issue codes: why a credential did not count (RejectionCode),
    // and the warnings a report carries (pushed onto `warnings`)
    const reportCodes = new Set<string>(RejectionCode.options);
    for (const m of text.matchAll(/warnings\.push\(\{ code: "([a-z_]+)"/g)) reportCodes.add(m[1]!);
    const issueLike = [...named].filter((c) => !reportCodes.has(c));
    expect(issueLike.filter((c) => !Object.hasOwn(ISSUE_CODES, c)).sort()).toEqual([]);
    // the other way: each catalogued code is written somewhere in the source as a literal
    expect(Object.keys(ISSUE_CODES).filter((code) => !text.includes(`"${code}"`))).toEqual([]);
  });
});
