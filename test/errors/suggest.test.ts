import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { closestMatch, editDistance } from "../../src/errors/suggest.js";

describe("editDistance", () => {
  it.each([
    ["categorie", "categories", 1],
    ["cerdit", "credit", 1],
    ["soruce", "source", 1],
    ["kitten", "sitting", 3],
    ["", "abc", 3],
    ["same", "same", 0],
  ])("%s → %s is %i", (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
  });

  it("is symmetric and zero only for equal words", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), (a, b) => {
        expect(editDistance(a, b)).toBe(editDistance(b, a));
        expect(editDistance(a, b) === 0).toBe(a === b);
        expect(editDistance(a, b)).toBeLessThanOrEqual(Math.max(a.length, b.length));
      }),
    );
  });
});

describe("closestMatch", () => {
  it("finds the closest word within two edits", () => {
    expect(closestMatch("categorie", ["credit", "categories", "limits"])).toBe("categories");
    expect(closestMatch("Credit", ["credit"])).toBe("credit");
    expect(closestMatch("zzzzzz", ["credit"])).toBeUndefined();
  });

  it("allows one edit for short words, where two would match almost anything", () => {
    expect(closestMatch("frm", ["from"])).toBe("from");
    expect(closestMatch("xy", ["id"])).toBeUndefined();
  });

  it("breaks ties by the order of the candidates", () => {
    expect(closestMatch("cat", ["bat", "hat"])).toBe("bat");
  });
});
