import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readJson } from "../../src/yaml/json.js";
import type { ReadResult } from "../../src/yaml/read.js";

function first(result: ReadResult) {
  if (result.ok) throw new Error("expected issues");
  return result.issues[0];
}

describe("readJson", () => {
  it("reads JSON and locates values and keys", () => {
    const text = '{\n  "id": "e-1",\n  "credentials": [\n    {"id": "c-1", "amount": {"value": 3, "unit": "hour"}}\n  ]\n}';
    const read = readJson(text, { source: "e-1.json" });
    if (!read.ok) throw new Error("must read");
    expect(read.data).toEqual({ id: "e-1", credentials: [{ id: "c-1", amount: { value: 3, unit: "hour" } }] });
    expect(read.locate(["id"])).toEqual({ file: "e-1.json", line: 2, column: 9 });
    expect(read.locate(["credentials", 0, "amount", "unit"])).toEqual({ file: "e-1.json", line: 4, column: 50 });
    expect(read.locate(["credentials", 0, "amount"], "key")).toEqual({ file: "e-1.json", line: 4, column: 19 });
    // missing: the nearest ancestor's key
    expect(read.locate(["credentials", 0, "amount", "scale"])).toEqual({ file: "e-1.json", line: 4, column: 19 });
    expect(read.locate(["credentials", 0, "title"])).toEqual({ file: "e-1.json", line: 4, column: 5 });
  });

  it.each([
    ['{"a": 1,}', 1, 9, "Unexpected \"}\" where a key in double quotes was expected."],
    ['{"a" 1}', 1, 6, "Unexpected \"1\" where ':' was expected."],
    ['{\n  "a": [1, 2\n}', 3, 1, "Unexpected \"}\" where ',' or ']' was expected."],
    ['{"a": "b', 1, 9, "The text ends inside a string."],
    ['{"a": tru}', 1, 7, "Unexpected \"t\" where a value was expected."],
    ['{"a": 1} x', 1, 10, "Unexpected \"x\" after the end of the JSON value."],
    ['{"a": "line\nbreak"}', 1, 12, "A control character such as a line break must be escaped inside a string."],
    ["", 1, 1, "The text ends where a value was expected."],
  ])("reports %j as invalid_json at %i:%i", (text, line, column, message) => {
    expect(first(readJson(text, { source: "r.json" }))).toEqual({
      code: "invalid_json",
      message,
      path: [],
      hint: "Fix the JSON syntax at the position shown.",
      position: { file: "r.json", line, column },
    });
  });

  it("keeps __proto__ keys as own data", () => {
    const read = readJson('{"__proto__": {"polluted": 1}, "constructor": {"prototype": {"polluted": 2}}}');
    if (!read.ok) throw new Error("must read");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(read.data)).toBe(Object.prototype);
    expect(Object.keys(read.data as object)).toEqual(["__proto__", "constructor"]);
  });

  it("applies the size, depth and node limits", () => {
    expect(first(readJson('{"a": "éé"}', { maxBytes: 10 }))).toMatchObject({ code: "input_too_large" });
    expect(readJson('{"a": "éé"}', { maxBytes: 13 }).ok).toBe(true);
    expect(first(readJson(`${"[".repeat(65)}${"]".repeat(65)}`))).toMatchObject({ code: "input_too_deep", position: { line: 1, column: 65 } });
    expect(readJson(`${"[".repeat(64)}${"]".repeat(64)}`).ok).toBe(true);
    expect(first(readJson("[".repeat(200_000)))).toMatchObject({ code: "input_too_deep", position: { line: 1, column: 65 } });
    expect(first(readJson("[1, 2, 3]", { maxNodes: 3 }))).toMatchObject({ code: "input_too_many_nodes" });
    expect(readJson("[1, 2, 3]", { maxNodes: 4 }).ok).toBe(true);
  });

  it("agrees with JSON.parse on what is JSON, and always says where the error is", () => {
    const almostJson = fc.jsonValue({ maxDepth: 3 }).chain((value) => {
      const text = JSON.stringify(value);
      return fc.record({ at: fc.nat({ max: text.length }), cut: fc.nat({ max: 2 }), insert: fc.constantFrom("", ",", "}", "]", '"', ":", "x", "\n") }).map(
        ({ at, cut, insert }) => text.slice(0, at) + insert + text.slice(at + cut),
      );
    });
    fc.assert(
      fc.property(fc.oneof(almostJson, fc.string()), (text) => {
        let valid = true;
        try {
          JSON.parse(text);
        } catch {
          valid = false;
        }
        const read = readJson(text);
        expect(read.ok).toBe(valid);
        if (!read.ok) {
          // the scanner found the error itself, not the generic fallback
          expect(read.issues[0].message).not.toBe("The text is not valid JSON.");
          expect(read.issues[0].position).toBeDefined();
        }
      }),
      { numRuns: 1000 },
    );
  });
});
