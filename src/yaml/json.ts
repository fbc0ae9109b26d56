/**
 * Reading JSON text into plain data, with the same limits, result and locator as `readYaml`.
 *
 * `JSON.parse` does the reading. Positions (for a syntax error, or for a locator asked about a
 * path) come from a small scanner that runs only when they are needed, so reading many valid
 * records stays as fast as `JSON.parse`. This module does not import `yaml`.
 */
import { createIssue, type CredstackIssue, type SourcePosition } from "../errors/issue.js";
import { READ_LIMITS, type DataPath, type Locator, type ReadOptions, type ReadResult } from "./read.js";

/**
 * Reads JSON text into plain data, with a locator from data paths to line and column.
 *
 * Syntax errors give `invalid_json` with the line and column of the first bad character; text
 * over the limits gives `input_too_large`, `input_too_deep` or `input_too_many_nodes`.
 * `__proto__` keys stay ordinary own properties, as `JSON.parse` makes them.
 *
 * @example
 * const read = readJson('{"id": "e-1",\n "credentials": []}', { source: "e-1.json" });
 * read.ok && read.data //=> { id: "e-1", credentials: [] }
 * read.ok && read.locate(["credentials"]) //=> { file: "e-1.json", line: 2, column: 17 }
 */
export function readJson(text: string, options: ReadOptions = {}): ReadResult {
  const source = options.source;
  const maxBytes = options.maxBytes ?? READ_LIMITS.maxBytes;
  const maxDepth = options.maxDepth ?? READ_LIMITS.maxDepth;
  const maxNodes = options.maxNodes ?? READ_LIMITS.maxNodes;

  if (text.length > maxBytes || (text.length * 3 > maxBytes && new TextEncoder().encode(text).length > maxBytes)) {
    return fail(createIssue("input_too_large", `The text is larger than the limit of ${maxBytes} bytes.`, [], { position: position(text, 0, source) }));
  }

  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    const { error } = scanJson(text, maxDepth);
    if (error?.tooDeep) {
      return fail(tooDeep(maxDepth, error.path, position(text, error.offset, source)));
    }
    const message = error?.message ?? "The text is not valid JSON.";
    return fail(createIssue("invalid_json", message, [], { position: position(text, error?.offset ?? 0, source) }));
  }

  const locate = lazyLocator(text, source, maxDepth);
  const limit = findLimit(data, maxDepth, maxNodes);
  if (limit?.kind === "depth") return fail(tooDeep(maxDepth, limit.path, locate(limit.path)));
  if (limit?.kind === "nodes") {
    return fail(
      createIssue("input_too_many_nodes", `The text has more than the limit of ${maxNodes} keys and values.`, limit.path, {
        position: locate(limit.path),
      }),
    );
  }
  return { ok: true, data, locate };
}

////////////////////////////////////////////////////////////////////////////////
// limits
////////////////////////////////////////////////////////////////////////////////

function findLimit(data: unknown, maxDepth: number, maxNodes: number): { kind: "depth" | "nodes"; path: DataPath } | undefined {
  let nodes = 0;
  const stack: { value: unknown; path: DataPath; depth: number }[] = [{ value: data, path: [], depth: 0 }];
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop()!;
    nodes += 1;
    if (nodes > maxNodes) return { kind: "nodes", path };
    if (typeof value !== "object" || value === null) continue;
    if (depth + 1 > maxDepth) return { kind: "depth", path };
    if (Array.isArray(value)) {
      value.forEach((item: unknown, index) => stack.push({ value: item, path: [...path, index], depth: depth + 1 }));
    } else {
      for (const [key, item] of Object.entries(value)) {
        nodes += 1; // the key
        stack.push({ value: item, path: [...path, key], depth: depth + 1 });
      }
    }
  }
  return undefined;
}

function tooDeep(maxDepth: number, path: DataPath, at: SourcePosition | undefined): CredstackIssue {
  return createIssue("input_too_deep", `The text nests deeper than the limit of ${maxDepth} levels.`, path, { position: at });
}

////////////////////////////////////////////////////////////////////////////////
// positions
////////////////////////////////////////////////////////////////////////////////

function lazyLocator(text: string, source: string | undefined, maxDepth: number): Locator {
  let scan: JsonScan | undefined;
  return (path, part = "value") => {
    scan ??= scanJson(text, maxDepth);
    const { keys, values } = scan;
    const exact = pathKey(path);
    const offset = (part === "key" ? keys.get(exact) : undefined) ?? values.get(exact);
    if (offset !== undefined) return position(text, offset, source);
    for (let n = path.length - 1; n >= 0; n -= 1) {
      const ancestor = pathKey(path.slice(0, n));
      const found = keys.get(ancestor) ?? values.get(ancestor);
      if (found !== undefined) return position(text, found, source);
    }
    return undefined;
  };
}

function pathKey(path: DataPath): string {
  let key = "";
  for (const segment of path) key += "\u0000" + String(segment);
  return key;
}

function position(text: string, offset: number, source: string | undefined): SourcePosition {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) {
    line += 1;
    lineStart = i + 1;
  }
  const at = { line, column: offset - lineStart + 1 };
  return source === undefined ? at : { file: source, ...at };
}

////////////////////////////////////////////////////////////////////////////////
// the scanner: JSON's grammar, recording where each key and value starts
////////////////////////////////////////////////////////////////////////////////

interface JsonScan {
  readonly keys: Map<string, number>;
  readonly values: Map<string, number>;
  readonly error?: { readonly offset: number; readonly message: string; readonly tooDeep: boolean; readonly path: DataPath };
}

class Stop {
  constructor(
    readonly offset: number,
    readonly message: string,
    readonly tooDeep: boolean = false,
    readonly path: DataPath = [],
  ) {}
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPE = /\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/y;

function scanJson(text: string, maxDepth: number): JsonScan {
  const keys = new Map<string, number>();
  const values = new Map<string, number>();
  let i = 0;

  const space = (): void => {
    while (i < text.length && (text[i] === " " || text[i] === "\t" || text[i] === "\n" || text[i] === "\r")) i += 1;
  };
  const unexpected = (expected: string): Stop =>
    i >= text.length
      ? new Stop(i, `The text ends where ${expected} was expected.`)
      : new Stop(i, `Unexpected ${JSON.stringify(text[i])} where ${expected} was expected.`);

  const string = (): void => {
    i += 1; // the opening quote
    for (;;) {
      if (i >= text.length) throw new Stop(i, "The text ends inside a string.");
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i += 1;
        return;
      }
      if (c === 0x5c) {
        ESCAPE.lastIndex = i;
        if (!ESCAPE.test(text)) throw new Stop(i, "Invalid escape in a string.");
        i = ESCAPE.lastIndex;
      } else if (c < 0x20) {
        throw new Stop(i, "A control character such as a line break must be escaped inside a string.");
      } else {
        i += 1;
      }
    }
  };

  const value = (path: DataPath, key: string, depth: number): void => {
    space();
    values.set(key, i);
    const c = text[i];
    if (c === "{" || c === "[") {
      if (depth + 1 > maxDepth) throw new Stop(i, "", true, path);
      i += 1;
      space();
      const close = c === "{" ? "}" : "]";
      if (text[i] === close) {
        i += 1;
        return;
      }
      for (let index = 0; ; index += 1) {
        let childPath: DataPath;
        let childKey: string;
        if (c === "{") {
          space();
          if (text[i] !== '"') throw unexpected("a key in double quotes");
          const start = i;
          string();
          const name = JSON.parse(text.slice(start, i)) as string;
          childPath = [...path, name];
          childKey = key + "\u0000" + name;
          keys.set(childKey, start);
          space();
          if (text[i] !== ":") throw unexpected("':'");
          i += 1;
        } else {
          childPath = [...path, index];
          childKey = key + "\u0000" + String(index);
        }
        value(childPath, childKey, depth + 1);
        space();
        if (text[i] === ",") {
          i += 1;
          continue;
        }
        if (text[i] === close) {
          i += 1;
          return;
        }
        throw unexpected(`',' or '${close}'`);
      }
    }
    if (c === '"') return string();
    if (c === "-" || (c !== undefined && c >= "0" && c <= "9")) {
      NUMBER.lastIndex = i;
      if (!NUMBER.test(text)) throw unexpected("a number");
      i = NUMBER.lastIndex;
      return;
    }
    for (const word of ["true", "false", "null"]) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return;
      }
    }
    throw unexpected("a value");
  };

  try {
    value([], "", 0);
    space();
    if (i < text.length) throw new Stop(i, `Unexpected ${JSON.stringify(text[i])} after the end of the JSON value.`);
    return { keys, values };
  } catch (stop) {
    if (!(stop instanceof Stop)) throw stop;
    return { keys, values, error: { offset: stop.offset, message: stop.message, tooDeep: stop.tooDeep, path: stop.path } };
  }
}

function fail(issue: CredstackIssue): ReadResult {
  return { ok: false, issues: [issue] };
}
