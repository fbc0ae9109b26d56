// The policy fixtures: fixtures/policies/valid/minimal.yaml and one broken policy per error code
// in fixtures/policies/invalid/<code>.yaml, whose header says what it expects:
//   # options: {"maxBytes": 1024}        (optional: read options for the limit codes)
//   # expect: unknown_key at 58:9
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../fixtures/policies/", import.meta.url));

/** The text of fixtures/policies/valid/minimal.yaml. */
export function minimalPolicyText(): string {
  return readFileSync(`${root}valid/minimal.yaml`, "utf8");
}

/** One broken policy and what it should produce. */
export interface InvalidPolicyFixture {
  readonly name: string;
  readonly code: string;
  readonly text: string;
  readonly options: { maxBytes?: number; maxDepth?: number; maxNodes?: number };
  readonly line: number;
  readonly column: number;
}

/** Every fixture in fixtures/policies/invalid, in file-name order. */
export function invalidPolicyFixtures(): InvalidPolicyFixture[] {
  return readdirSync(`${root}invalid`)
    .filter((name) => name.endsWith(".yaml"))
    .sort()
    .map((name) => {
      const text = readFileSync(`${root}invalid/${name}`, "utf8");
      const expect = /^# expect: (\w+) at (\d+):(\d+)$/m.exec(text);
      if (!expect) throw new Error(`${name}: no '# expect: <code> at <line>:<column>' header`);
      const options = /^# options: (.*)$/m.exec(text);
      return {
        name,
        code: expect[1]!,
        text,
        options: options ? (JSON.parse(options[1]!) as InvalidPolicyFixture["options"]) : {},
        line: Number(expect[2]),
        column: Number(expect[3]),
      };
    });
}

/** One invalid fixture by code. */
export function invalidPolicyFixture(code: string): InvalidPolicyFixture {
  const found = invalidPolicyFixtures().find((f) => f.code === code);
  if (!found) throw new Error(`no fixture for ${code}`);
  return found;
}
