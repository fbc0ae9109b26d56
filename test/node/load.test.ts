// Finding the built-in rules/ folder: beside the first package.json above a folder (the package
// the folder belongs to), or a typed PolicyError for a broken install, never a plain Error.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { PolicyError } from "../../src/errors/errors.js";
import { builtinRulesDir, rulesDirAbove } from "../../src/node/load.js";

const dir = mkdtempSync(join(tmpdir(), "credstack-load-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The one issue of the PolicyError that `run` throws. */
function issueOf(run: () => unknown) {
  let error: unknown;
  try {
    run();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(PolicyError);
  const { issues } = error as PolicyError;
  expect(issues).toHaveLength(1);
  return issues[0];
}

describe("rulesDirAbove", () => {
  test("from this package's source folder: the repository's rules/ folder, as builtinRulesDir gives it", () => {
    expect(rulesDirAbove(resolve("src/node"))).toBe(resolve("rules"));
    expect(builtinRulesDir()).toBe(resolve("rules"));
  });

  test("a package without its rules/ folder is a broken install, even with a rules/ folder further up", () => {
    writeFileSync(join(dir, "package.json"), "{}");
    mkdirSync(join(dir, "rules"));
    mkdirSync(join(dir, "node_modules", "credstack", "dist"), { recursive: true });
    writeFileSync(join(dir, "node_modules", "credstack", "package.json"), "{}");
    const issue = issueOf(() => rulesDirAbove(join(dir, "node_modules", "credstack", "dist")));
    expect(issue.code).toBe("file_unreadable");
    expect(issue.message).toBe(`The credstack package at '${join(dir, "node_modules", "credstack")}' has no rules/ folder.`);
    expect(issue.hint).toBe("Reinstall credstack: its package ships the rules/ folder.");
    // the application's own package, from its own folder, is found as before
    expect(rulesDirAbove(join(dir, "node_modules"))).toBe(join(dir, "rules"));
  });

  test("no package.json up to the root: a PolicyError file_unreadable naming the folder searched from, with a hint", () => {
    const issue = issueOf(() => rulesDirAbove(resolve("/")));
    expect(issue.code).toBe("file_unreadable");
    expect(issue.message).toBe("No package.json was found from '/' up to the root, so the built-in rules/ folder could not be found.");
    expect(issue.hint).toBe("Reinstall credstack: its package ships the rules/ folder.");
  });
});
