// Hostile inputs for the fuzzing properties: mutations of real documents (the rules/ policies, the
// fixture records, badges and CSV exports) and the values an attacker or a careless export would
// put in them. A mutation is plain data (a kind and two numbers that pick where and what), so
// fast-check can shrink a failing case to the one mutation that matters and print it.
import { readdirSync, readFileSync } from "node:fs";
import fc from "fast-check";
import { readYaml } from "../../src/yaml/read.js";

/** Keys that would reach a prototype if code wrote them with plain assignment. */
export const PROTO_KEYS = ["__proto__", "constructor", "prototype"] as const;

/** Numbers out of range or awkward for exact arithmetic. NaN and Infinity only survive as data (JSON has no such values; flowYaml writes them as .nan and .inf). */
export const HOSTILE_NUMBERS: readonly number[] = [
  -1, -0.5, -0, 0, 0.1, 0.2, 1 / 3, 1e21, 1e308, 2 ** 53 + 1, Number.MAX_SAFE_INTEGER, 5e-324, 12345678.9, 1e-7, NaN, Infinity, -Infinity,
];

/** Dates that are not real, or are real but on an edge (leap days, far years). */
export const HOSTILE_DATES: readonly string[] = [
  "2026-02-30", "2023-02-29", "2024-13-01", "2024-00-10", "2024-06-00", "24-06-30", "2024-6-30", "2024-06-30T00:00:00Z",
  "2024-06-30 ", "9999-12-31", "0001-01-01", "2024-02-29", "1994-12-31", "2011-12-30", "+02024-06-30", "２０２４-06-30",
];

/** Strings that break naive code: empty, huge, control characters, paths, templates, keys of Object.prototype. */
export const HOSTILE_STRINGS: readonly string[] = [
  "", " ", "__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "x".repeat(5000), "\u0000", "\u202e", "../../etc/passwd",
  "${process.exit()}", "a\nb", "🙂", "NO", "1/0", "0/1", "1/3", "-1", "NaN", "Infinity", "1e400", "9".repeat(400), "0." + "1".repeat(40),
];

/** Values of every type, to put where another type is expected. */
export const HOSTILE_VALUES: readonly unknown[] = [
  null, true, false, 0, -1, 1.5, "", "x", [], {}, [null], [[]], { id: "x" }, 1e308, NaN, "2026-02-30", { __proto__: null },
  JSON.parse('{"__proto__": {"polluted": "yes"}}'),
];

/** What a mutation does at the node it picks. */
export type MutationKind = "drop" | "retype" | "number" | "date" | "string" | "proto-key" | "rename-proto" | "empty-list" | "duplicate-item";

/** One mutation: `at` picks the node (modulo the candidates), `pick` the replacement. */
export interface Mutation {
  readonly kind: MutationKind;
  readonly at: number;
  readonly pick: number;
}

export const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom<MutationKind>("drop", "retype", "number", "date", "string", "proto-key", "rename-proto", "empty-list", "duplicate-item"),
  at: fc.nat(),
  pick: fc.nat(),
});

/** One to `max` mutations. */
export function mutations(max = 3): fc.Arbitrary<Mutation[]> {
  return fc.array(mutation, { minLength: 1, maxLength: max });
}

type Path = (string | number)[];
interface Node {
  readonly path: Path;
  readonly value: unknown;
}

function nodes(data: unknown): Node[] {
  const out: Node[] = [];
  const walk = (value: unknown, path: Path) => {
    out.push({ path, value });
    if (Array.isArray(value)) value.forEach((v, i) => walk(v, [...path, i]));
    else if (value !== null && typeof value === "object") for (const [k, v] of Object.entries(value)) walk(v, [...path, k]);
  };
  walk(data, []);
  return out;
}

function parentOf(root: unknown, path: Path): { parent: Record<string | number, unknown>; key: string | number } | undefined {
  if (path.length === 0) return undefined;
  let parent = root as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) parent = parent[k] as Record<string | number, unknown>;
  return { parent, key: path[path.length - 1]! };
}

/** Sets an own property, even `__proto__` (plain assignment would set the prototype instead). */
function setOwn(target: Record<string | number, unknown>, key: string | number, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

const pickFrom = <T>(list: readonly T[], n: number): T => list[n % list.length]!;

/** Applies mutations to a deep copy of `data`; the input is never changed. */
export function mutate(data: unknown, list: readonly Mutation[]): unknown {
  let root = structuredClone(data);
  for (const m of list) {
    const all = nodes(root);
    const candidates = all.filter(({ value, path }) => {
      switch (m.kind) {
        case "drop":
          return path.length > 0;
        case "number":
          return typeof value === "number";
        case "date":
          return typeof value === "string" && /^\d{4}-\d{2}-\d{2}/.test(value);
        case "string":
          return typeof value === "string";
        case "proto-key":
          return value !== null && typeof value === "object" && !Array.isArray(value);
        case "rename-proto":
          return path.length > 0 && typeof path[path.length - 1] === "string";
        case "empty-list":
        case "duplicate-item":
          return Array.isArray(value) && value.length > 0;
        case "retype":
          return true;
      }
    });
    if (candidates.length === 0) continue;
    const { path, value } = pickFrom(candidates, m.at);
    const at = parentOf(root, path);
    const replace = (next: unknown) => {
      if (at) setOwn(at.parent, at.key, next);
      else root = next;
    };
    switch (m.kind) {
      case "drop":
        if (Array.isArray(at!.parent)) (at!.parent as unknown[]).splice(at!.key as number, 1);
        else delete at!.parent[at!.key];
        break;
      case "retype":
        replace(structuredClone(pickFrom(HOSTILE_VALUES, m.pick)));
        break;
      case "number":
        replace(pickFrom(HOSTILE_NUMBERS, m.pick));
        break;
      case "date":
        replace(pickFrom(HOSTILE_DATES, m.pick));
        break;
      case "string":
        replace(pickFrom(HOSTILE_STRINGS, m.pick));
        break;
      case "proto-key":
        setOwn(value as Record<string, unknown>, pickFrom(PROTO_KEYS, m.pick), { polluted: "yes", id: "x", toString: "x" });
        break;
      case "rename-proto": {
        const { parent, key } = at!;
        const moved = parent[key];
        delete parent[key];
        setOwn(parent, pickFrom(PROTO_KEYS, m.pick), moved);
        break;
      }
      case "empty-list":
        replace([]);
        break;
      case "duplicate-item": {
        const list = value as unknown[];
        list.push(structuredClone(pickFrom(list, m.pick)));
        break;
      }
    }
  }
  return root;
}

/**
 * Writes data as YAML flow text (JSON, which is YAML 1.2, plus `.nan`, `.inf` and `-.inf`, which
 * JSON cannot write), so the text path sees the same values as the data path.
 */
export function flowYaml(value: unknown): string {
  if (typeof value === "number") {
    if (Number.isNaN(value)) return ".nan";
    if (value === Infinity) return ".inf";
    if (value === -Infinity) return "-.inf";
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(flowYaml).join(", ")}]`;
  if (value !== null && typeof value === "object") {
    return `{${Object.entries(value)
      .map(([k, v]) => `${JSON.stringify(k)}: ${flowYaml(v)}`)
      .join(", ")}}`;
  }
  return JSON.stringify(value ?? null);
}

function readData(path: string): unknown {
  const read = readYaml(readFileSync(path, "utf8"), { source: path });
  if (!read.ok) throw new Error(`${path} must read`);
  return read.data;
}

/** The real policies in rules/, as parsed data, by file name. */
export function rulesData(): { file: string; state: string; data: unknown }[] {
  return readdirSync("rules")
    .filter((f) => f.endsWith(".yaml"))
    .sort()
    .map((file) => {
      const data = readData(`rules/${file}`);
      return { file, state: (data as { state: string }).state, data };
    });
}

/** The fixture educator records, as parsed data, by file name. */
export function recordsData(): { file: string; data: unknown }[] {
  return readdirSync("fixtures/educators")
    .filter((f) => f.endsWith(".yaml"))
    .sort()
    .map((file) => ({ file, data: readData(`fixtures/educators/${file}`) }));
}

/** The JSON badge documents among the input fixtures (Open Badges 2.0 and 3.0, CLR 2.0), good and malformed. */
export function badgeDocuments(): { file: string; data: unknown }[] {
  return ["ar", "nc", "wy", "malformed"].flatMap((dir) =>
    readdirSync(`fixtures/inputs/${dir}`)
      .filter((f) => f.endsWith(".json"))
      .sort()
      .map((f) => ({ file: `fixtures/inputs/${dir}/${f}`, data: JSON.parse(readFileSync(`fixtures/inputs/${dir}/${f}`, "utf8")) as unknown })),
  );
}

/** The CSV exports among the input fixtures, as text. */
export function csvTexts(): { file: string; text: string }[] {
  return ["ar", "malformed"].flatMap((dir) =>
    readdirSync(`fixtures/inputs/${dir}`)
      .filter((f) => f.endsWith(".csv"))
      .sort()
      .map((f) => ({ file: `fixtures/inputs/${dir}/${f}`, text: readFileSync(`fixtures/inputs/${dir}/${f}`, "utf8") })),
  );
}

/** A CSV cell: ordinary, hostile, or with quotes and separators in it. */
const cell = fc.oneof(
  fc.constantFrom(...HOSTILE_STRINGS.filter((s) => s.length < 100), ...HOSTILE_DATES, "micro_credential", "course", "hour", "ceu", "3", "0.5", "1/14", "revoked", "A", "graduate"),
  fc.string({ maxLength: 12 }),
  fc.constantFrom('"', '""', '"a,b"', ",", "\r", "\n", '"unclosed'),
);

/**
 * A CSV text: a header that shuffles, drops, repeats or adds columns (including `__proto__`,
 * `constructor` and `prototype`), then rows of ordinary and hostile cells.
 */
export function csvText(columns: readonly string[]): fc.Arbitrary<string> {
  const header = fc
    .tuple(fc.shuffledSubarray([...columns, ...PROTO_KEYS, "Educator_ID", "unknown col"], { minLength: 1 }), fc.boolean())
    .map(([cols, repeat]) => (repeat ? [...cols, cols[0]!] : cols));
  return header.chain((cols) =>
    fc
      .array(fc.array(cell, { minLength: cols.length - 1, maxLength: cols.length + 1 }), { maxLength: 8 })
      .map((rows) => [cols.join(","), ...rows.map((r) => r.join(","))].join(pickNewline(rows.length))),
  );
}

const pickNewline = (n: number) => (n % 3 === 0 ? "\r\n" : "\n");
