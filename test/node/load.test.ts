// Finding the built-in rules/ folder: beside the first package.json above a folder, or a typed
// PolicyError for a broken install, never a plain Error.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { PolicyError } from "../../src/errors/errors.js";
import { builtinRulesDir, rulesDirAbove } from "../../src/node/load.js";

const dir = mkdtempSync(join(tmpdir(), "credstack-load-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("rulesDirAbove", () => {
  test("from this package's source folder: the repository's rules/ folder, as builtinRulesDir gives it", () => {
    expect(rulesDirAbove(resolve("src/node"))).toBe(resolve("rules"));
    expect(builtinRulesDir()).toBe(resolve("rules"));
  });

  test("a package.json without rules/ beside it is passed over for the next one up", () => {
    writeFileSync(join(dir, "package.json"), "{}");
    mkdirSync(join(dir, "rules"));
    mkdirSync(join(dir, "inner", "dist"), { recursive: true });
    writeFileSync(join(dir, "inner", "package.json"), "{}");
    expect(rulesDirAbove(join(dir, "inner", "dist"))).toBe(join(dir, "rules"));
  });

  test("no package with rules/ up to the root: a PolicyError file_unreadable naming the folder searched, with a hint", () => {
    const start = resolve("/");
    const error = (() => {
      try {
        rulesDirAbove(start);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(PolicyError);
    const [issue] = (error as PolicyError).issues;
    expect(issue.code).toBe("file_unreadable");
    expect(issue.message).toBe("The built-in rules/ folder was not found next to the credstack package (searched up from '/').");
    expect(issue.hint).toBe("Reinstall credstack: its package ships the rules/ folder.");
  });
});
