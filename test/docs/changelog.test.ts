// CHANGELOG.md and the changesets that feed it (docs/releasing.md): the newest entry is the
// version in package.json, and each pending changeset bumps this package by a semver step.
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";

const pkg = JSON.parse(readFileSync("package.json", "utf8")) as { name: string; version: string };
const changelog = readFileSync("CHANGELOG.md", "utf8");

describe("CHANGELOG.md", () => {
  test("starts with the package's name, then the entry of the version in package.json", () => {
    const lines = changelog.split("\n");
    expect(lines[0]).toBe(`# ${pkg.name}`);
    expect(lines.find((l) => l.startsWith("## "))).toBe(`## ${pkg.version}`);
  });

  test("lists each version once, newest first", () => {
    const versions = [...changelog.matchAll(/^## (\d+)\.(\d+)\.(\d+)\S*$/gm)].map((m) => [Number(m[1]), Number(m[2]), Number(m[3])] as const);
    expect(versions.length).toBeGreaterThan(0);
    const newer = (a: readonly number[], b: readonly number[]) => a[0]! - b[0]! || a[1]! - b[1]! || a[2]! - b[2]!;
    for (let i = 1; i < versions.length; i++) expect(newer(versions[i - 1]!, versions[i]!)).toBeGreaterThan(0);
  });
});

describe(".changeset/", () => {
  const files = readdirSync(".changeset").filter((f) => f.endsWith(".md") && f !== "README.md");

  test("each changeset bumps this package (patch, minor or major) and says what changed", () => {
    const bad = files.filter((f) => {
      const m = /^---\n"?([\w@/-]+)"?: (patch|minor|major)\n---\n\n(\S[\s\S]*)$/.exec(readFileSync(`.changeset/${f}`, "utf8"));
      return !m || m[1] !== pkg.name || m[3]!.trim().length < 20;
    });
    expect(bad).toEqual([]);
  });

  test("the config releases this one public package from main", () => {
    const config = JSON.parse(readFileSync(".changeset/config.json", "utf8"));
    expect(config).toMatchObject({ baseBranch: "main", access: "public", changelog: "@changesets/cli/changelog", commit: false });
  });
});
