// Small builders for the evaluation tests: a minimal valid policy written as YAML text around the
// stacks (and recognition, conversions, ...) a test gives, parsed with parsePolicy; and records.
import { parsePolicy, type CompiledPolicy, type EducatorRecordInput } from "../../src/index.js";
import type { StackResult, StateResult } from "../../src/schema/report.js";

/** Removes the common leading indentation of a template literal and its blank first/last lines. */
export function dedent(text: string): string {
  const lines = text.replace(/^\n/, "").replace(/\n\s*$/, "").split("\n");
  const indents = lines.filter((l) => l.trim() !== "").map((l) => /^ */.exec(l)![0].length);
  const cut = indents.length > 0 ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(cut)).join("\n");
}

function indent(text: string, by: number): string {
  const pad = " ".repeat(by);
  return dedent(text)
    .split("\n")
    .map((l) => (l.trim() === "" ? l : pad + l))
    .join("\n");
}

/** The parts of a test policy; each list-valued part is YAML text for the list (dedented here). */
export interface PolicyParts {
  readonly id?: string;
  readonly version?: string;
  readonly state?: string;
  readonly unit?: string;
  readonly unitLabel?: string;
  /** YAML for the value of `effective` (default `{ from: 2000-01-01 }`). */
  readonly effective?: string;
  readonly conversions?: string;
  /** Default: one rule recognizing every credential at its converted amount. */
  readonly recognition?: string;
  readonly catalog?: string;
  /** YAML for the value of the top-level `allocation`. */
  readonly allocation?: string;
  /** YAML for the value of `license`. */
  readonly license?: string;
  readonly assumptions?: string;
  /** YAML for the list of declared facts. */
  readonly facts?: string;
  readonly stacks: string;
}

const ANY_CONVERTED = `
- id: any
  match: {}
  value: convert
`;

/** Builds a minimal valid policy YAML text around the parts given. */
export function policyYaml(parts: PolicyParts): string {
  const out = [
    "credstack: 1",
    `id: ${parts.id ?? "test-policy"}`,
    `version: "${parts.version ?? "1"}"`,
    `state: ${parts.state ?? "XX"}`,
    "title: Test policy",
    `effective: ${parts.effective ?? "{ from: 2000-01-01 }"}`,
    "sources:",
    "  - { id: src, url: https://example.org/policy }",
    `credit_unit: { id: ${parts.unit ?? "credit"}, label: ${parts.unitLabel ?? "credit"} }`,
  ];
  const block = (key: string, text: string | undefined) => {
    if (text !== undefined) out.push(`${key}:`, indent(text, 2));
  };
  block("assumptions", parts.assumptions);
  block("conversions", parts.conversions);
  if (parts.license !== undefined) out.push(`license: ${parts.license}`);
  block("facts", parts.facts);
  block("recognition", parts.recognition ?? ANY_CONVERTED);
  block("catalog", parts.catalog);
  if (parts.allocation !== undefined) out.push(`allocation: ${parts.allocation}`);
  block("stacks", parts.stacks);
  return out.join("\n") + "\n";
}

/** Parses a test policy built by `policyYaml`. */
export function policy(parts: PolicyParts): CompiledPolicy {
  return parsePolicy(policyYaml(parts), { source: "test.yaml" });
}

/**
 * Two stacks of one credit pool each: 'first' (renewal) needing `a` credits, then 'second'
 * (endorsement) needing `b`; `second` is more YAML for the second stack (e.g. its allocation).
 */
export function twoStacks(a: number | string, b: number | string, second = ""): CompiledPolicy {
  return policy({
    stacks: `
      - id: first
        kind: renewal
        title: First
        requirements:
          - { id: credits, credit: ${a} }
      - id: second
        kind: endorsement
        title: Second
        ${second}
        requirements:
          - { id: credits, credit: ${b} }
    `,
  });
}

type CredentialInput = NonNullable<EducatorRecordInput["credentials"]>[number];

/**
 * An earned credential: a micro-credential from issuer `iss`, earned 2025-01-01, worth `value`
 * of `unit` (default the test policies' unit `credit`), with overrides.
 */
export function cred(
  id: string,
  value: number | string | undefined,
  over: Partial<CredentialInput> & { unit?: string } = {},
): CredentialInput {
  const { unit, ...rest } = over;
  return {
    id,
    title: `Credential ${id}`,
    issuer: { id: "iss" },
    kind: "micro_credential",
    earned: "2025-01-01",
    ...(value !== undefined ? { amount: { value, unit: unit ?? "credit" } } : {}),
    ...rest,
  };
}

/** A record with one XX license issued 2024-07-01, expiring 2029-06-30, and the credentials given. */
export function record(credentials: CredentialInput[], over: Partial<EducatorRecordInput> = {}): EducatorRecordInput {
  return {
    id: "educator-1",
    licenses: [{ state: "XX", type: "standard", issued: "2024-07-01", expires: "2029-06-30" }],
    credentials,
    ...over,
  };
}

/** The stack of a state result, by id (throws when missing). */
export function stackOf(result: StateResult, id: string): StackResult {
  const found = result.stacks.find((s) => s.id === id);
  if (!found) throw new Error(`no stack ${id}`);
  return found;
}

/** The credential result of a state result, by id (throws when missing). */
export function credentialOf(result: StateResult, id: string): StateResult["credentials"][number] {
  const found = result.credentials.find((c) => c.id === id);
  if (!found) throw new Error(`no credential ${id}`);
  return found;
}

type Node = StackResult["requirements"][number];

/** Finds a requirement result (or category) by id anywhere in a tree. */
export function requirementOf(nodes: readonly Node[], id: string): Node {
  const walk = (list: readonly Node[]): Node | undefined => {
    for (const n of list) {
      if (n.id === id) return n;
      const found = walk(n.children ?? []);
      if (found) return found;
    }
    return undefined;
  };
  const found = walk(nodes);
  if (!found) throw new Error(`no requirement ${id}`);
  return found;
}
