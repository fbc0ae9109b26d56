/**
 * Reading YAML text into plain data, safely, with a map from data paths back to line and column.
 *
 * This is the only module that imports `yaml`. It reads YAML 1.2 with the core schema (so `NO`
 * stays the string "NO" and `2024-06-30` stays a string), and rejects what a policy or a record
 * never needs and an attacker might use: anchors and aliases, tags other than the core ones,
 * directives, duplicate keys, collection keys, and input over the size, depth or node limits.
 */
import { isMap, isScalar, isSeq, Lexer, LineCounter, parseDocument, type Document, type ErrorCode, type Node } from "yaml";
import { createIssue, type CredstackIssue, type SourcePosition } from "../errors/issue.js";
import type { IssueCode } from "../errors/codes.js";

/** A path into parsed data: mapping keys and list indexes from the root. */
export type DataPath = readonly (string | number)[];

/**
 * Maps a data path to where it is written in the source text.
 *
 * `part` chooses between the value (the default) and the key that names it. A path that does not
 * exist (a missing key) gives the position of its nearest existing ancestor.
 */
export type Locator = (path: DataPath, part?: "key" | "value") => SourcePosition | undefined;

/** Limits and naming for reading untrusted text. */
export interface ReadOptions {
  /** The file (or other name) the text came from; positions carry it. */
  readonly source?: string | undefined;
  /** The largest accepted text, in UTF-8 bytes. Default 1 MiB. */
  readonly maxBytes?: number | undefined;
  /** The deepest accepted nesting of mappings and lists. Default 64. */
  readonly maxDepth?: number | undefined;
  /** The most nodes (mappings, lists, keys and values) accepted. Default 100,000. */
  readonly maxNodes?: number | undefined;
}

/** What reading gives: plain data and a locator, or the issues that stopped it. */
export type ReadResult =
  | { readonly ok: true; readonly data: unknown; readonly locate: Locator }
  | { readonly ok: false; readonly issues: [CredstackIssue, ...CredstackIssue[]] };

/** The default limits. */
export const READ_LIMITS = { maxBytes: 1024 * 1024, maxDepth: 64, maxNodes: 100_000 } as const;

/** At most this many issues are reported for one text; the rest are usually repeats. */
const MAX_ISSUES = 50;

/** The core-schema tags a document may write out explicitly (`!!str 12`). */
const ALLOWED_TAGS = new Set(["!!str", "!!int", "!!float", "!!bool", "!!null", "!!map", "!!seq"]);

/** Lexer tokens that stand for structure but are not part of the source text. */
const SYNTHETIC_TOKENS = new Set(["\u0002", "\u0018", "\u001f"]);
const SCALAR_MARK = "\u001f";

/**
 * Reads YAML text into plain data, with a locator from data paths to line and column.
 *
 * Rejects aliases and anchors (`yaml_alias`), custom tags (`yaml_tag`), duplicate keys
 * (`yaml_duplicate_key`), syntax errors (`yaml_syntax`), and text over the size, depth or node
 * limits (`input_too_large`, `input_too_deep`, `input_too_many_nodes`). Every issue has a position.
 *
 * @example
 * const read = readYaml("state: NC\nversion: '2024'\n", { source: "nc.yaml" });
 * read.ok && read.data //=> { state: "NC", version: "2024" }
 * read.ok && read.locate(["version"]) //=> { file: "nc.yaml", line: 2, column: 10 }
 */
export function readYaml(text: string, options: ReadOptions = {}): ReadResult {
  const source = options.source;
  const maxBytes = options.maxBytes ?? READ_LIMITS.maxBytes;
  const maxDepth = options.maxDepth ?? READ_LIMITS.maxDepth;
  const maxNodes = options.maxNodes ?? READ_LIMITS.maxNodes;
  const lineCounter = new LineCounter();
  const at = (offset: number): SourcePosition => toPosition(text, lineCounter, offset, source);

  if (utf8Length(text, maxBytes) > maxBytes) {
    return fail([
      createIssue("input_too_large", `The text is larger than the limit of ${maxBytes} bytes.`, [], {
        position: withFile({ line: 1, column: 1 }, source),
      }),
    ]);
  }

  // A cheap pass over the tokens, before building anything: aliases, tags and directives are
  // rejected with exact positions, and obviously too deep or too big input stops here.
  const scanned = scanTokens(text, { maxDepth, maxNodes }, (offset) => offsetPosition(text, offset, source));
  if (scanned.length > 0) return fail(scanned);

  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, {
      lineCounter,
      version: "1.2",
      schema: "core",
      merge: false,
      // duplicate keys are found below in linear time; yaml's own check is quadratic
      uniqueKeys: false,
      strict: true,
      prettyErrors: false,
      // "silent" would also drop the error for a second document
      logLevel: "error",
    });
  } catch (error) {
    if (error instanceof RangeError) {
      return fail([createIssue("input_too_deep", "The text nests too deeply to read.", [], { position: at(0) })]);
    }
    throw error;
  }
  if (doc.errors.length > 0) {
    return fail(doc.errors.slice(0, MAX_ISSUES).map((e) => yamlErrorIssue(e.code, e.message, at(e.pos[0]))));
  }

  const walked = walkDocument(doc, { maxDepth, maxNodes }, at);
  if (walked.issues.length > 0) return fail(walked.issues);

  const data: unknown = doc.toJS({ maxAliasCount: 0 });
  return { ok: true, data, locate: makeLocator(walked.keys, walked.values, at) };
}

////////////////////////////////////////////////////////////////////////////////
// the token pass
////////////////////////////////////////////////////////////////////////////////

function scanTokens(
  text: string,
  limits: { maxDepth: number; maxNodes: number },
  at: (offset: number) => SourcePosition,
): CredstackIssue[] {
  const issues: CredstackIssue[] = [];
  let offset = 0;
  let flowDepth = 0;
  let blockChain = 0; // "- - - x": nested sequences on one line
  let nodes = 0; // a lower bound: scalars and flow collections
  let afterScalarMark = false;
  for (const token of new Lexer().lex(text)) {
    if (issues.length >= MAX_ISSUES) break;
    const synthetic = SYNTHETIC_TOKENS.has(token);
    if (!synthetic && !afterScalarMark) {
      const first = token[0];
      if (first === "&") {
        issues.push(
          createIssue("yaml_alias", `The anchor '${token}' is not allowed; write the value out in full.`, [], { position: at(offset) }),
        );
      } else if (first === "*") {
        issues.push(
          createIssue("yaml_alias", `The alias '${token}' is not allowed; write the value out in full.`, [], { position: at(offset) }),
        );
      } else if (first === "!" && !ALLOWED_TAGS.has(token)) {
        issues.push(createIssue("yaml_tag", `The tag '${token}' is not allowed; the text must be plain data.`, [], { position: at(offset) }));
      } else if (first === "%") {
        issues.push(directiveIssue(token, at(offset)));
      } else if (first === "[" || first === "{") {
        flowDepth += 1;
        nodes += 1;
        if (flowDepth + blockChain > limits.maxDepth) return [tooDeep(limits.maxDepth, [], at(offset))];
      } else if (first === "]" || first === "}") {
        flowDepth = Math.max(0, flowDepth - 1);
      } else if (token === "-") {
        blockChain += 1;
        if (flowDepth + blockChain > limits.maxDepth) return [tooDeep(limits.maxDepth, [], at(offset))];
      } else if (first === "\n" || first === "\r") {
        blockChain = 0;
      } else if (first === '"' || first === "'") {
        nodes += 1;
      }
    }
    if (token === SCALAR_MARK) nodes += 1;
    if (nodes > limits.maxNodes) return [tooManyNodes(limits.maxNodes, [], at(offset))];
    afterScalarMark = token === SCALAR_MARK;
    if (!synthetic) offset += token.length;
  }
  return issues;
}

function directiveIssue(token: string, position: SourcePosition): CredstackIssue {
  if (/^%YAML[ \t]+1\.2(?:[ \t]|$)/.test(token)) {
    return createIssue("yaml_syntax", "The %YAML directive is not needed; credstack reads YAML 1.2.", [], {
      position,
      hint: "Remove the directive.",
    });
  }
  if (token.startsWith("%TAG")) {
    return createIssue("yaml_tag", "The %TAG directive is not allowed; the text must be plain data.", [], { position });
  }
  return createIssue("yaml_syntax", `The directive '${token.trim()}' is not allowed; credstack reads YAML 1.2 only.`, [], {
    position,
    hint: "Remove the directive.",
  });
}

////////////////////////////////////////////////////////////////////////////////
// the document walk: limits, keys, positions
////////////////////////////////////////////////////////////////////////////////

interface Walked {
  readonly issues: CredstackIssue[];
  /** Path key -> offset of the key naming that path. */
  readonly keys: Map<string, number>;
  /** Path key -> offset of the value at that path. */
  readonly values: Map<string, number>;
}

function walkDocument(
  doc: Document.Parsed,
  limits: { maxDepth: number; maxNodes: number },
  at: (offset: number) => SourcePosition,
): Walked {
  const issues: CredstackIssue[] = [];
  const keys = new Map<string, number>();
  const values = new Map<string, number>();
  const root = doc.contents;
  values.set("", root ? root.range[0] : 0);
  if (!root) return { issues, keys, values };

  let nodes = 0;
  const stack: { node: Node; path: DataPath; key: string; depth: number }[] = [{ node: root, path: [], key: "", depth: 0 }];
  while (stack.length > 0 && issues.length < MAX_ISSUES) {
    const { node, path, key, depth } = stack.pop()!;
    nodes += 1;
    const offset = node.range?.[0] ?? 0;
    if (nodes > limits.maxNodes) return { issues: [tooManyNodes(limits.maxNodes, path, at(offset))], keys, values };
    if (isMap(node) || isSeq(node)) {
      if (depth + 1 > limits.maxDepth) return { issues: [tooDeep(limits.maxDepth, path, at(offset))], keys, values };
    }
    if (isMap(node)) {
      const seen = new Map<string, number>();
      for (const pair of node.items) {
        const keyNode = pair.key as Node | null;
        const keyOffset = keyNode?.range?.[0] ?? offset;
        if (keyNode !== null && !isScalar(keyNode)) {
          issues.push(
            createIssue("yaml_syntax", "A mapping key must be a plain value, not a list or a mapping.", path, {
              position: at(keyOffset),
              hint: "Use a plain key such as a name or an id.",
            }),
          );
          continue;
        }
        nodes += 1; // the key
        const keyValue: unknown = keyNode === null ? null : keyNode.value;
        const name = keyValue === null ? "" : String(keyValue);
        const childPath = [...path, name];
        const first = seen.get(name);
        if (first !== undefined) {
          issues.push(
            createIssue("yaml_duplicate_key", `The key '${name}' appears twice in the same mapping.`, childPath, {
              position: at(keyOffset),
              hint: `The first '${name}' is on line ${at(first).line}; remove or rename one of them.`,
            }),
          );
          continue;
        }
        seen.set(name, keyOffset);
        const childKey = key + "\u0000" + name;
        keys.set(childKey, keyOffset);
        const value = pair.value as Node | null;
        values.set(childKey, value?.range?.[0] ?? keyOffset);
        if (value) stack.push({ node: value, path: childPath, key: childKey, depth: depth + 1 });
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => {
        const childKey = key + "\u0000" + String(index);
        const child = item as Node | null;
        values.set(childKey, child?.range?.[0] ?? offset);
        if (child) stack.push({ node: child, path: [...path, index], key: childKey, depth: depth + 1 });
      });
    }
  }
  // the stack is last-in first-out: put issues back in text order
  issues.sort((a, b) => (a.position?.line ?? 0) - (b.position?.line ?? 0) || (a.position?.column ?? 0) - (b.position?.column ?? 0));
  return { issues, keys, values };
}

function makeLocator(keys: Map<string, number>, values: Map<string, number>, at: (offset: number) => SourcePosition): Locator {
  return (path, part = "value") => {
    const exact = pathKey(path);
    if (part === "key") {
      const offset = keys.get(exact);
      if (offset !== undefined) return at(offset);
    }
    const value = values.get(exact);
    if (value !== undefined) return at(value);
    // a missing path: the nearest ancestor that exists, preferring the key that names it
    for (let n = path.length - 1; n >= 0; n -= 1) {
      const ancestor = pathKey(path.slice(0, n));
      const offset = keys.get(ancestor) ?? values.get(ancestor);
      if (offset !== undefined) return at(offset);
    }
    return undefined;
  };
}

function pathKey(path: DataPath): string {
  let key = "";
  for (const segment of path) key += "\u0000" + String(segment);
  return key;
}

////////////////////////////////////////////////////////////////////////////////
// issues and positions
////////////////////////////////////////////////////////////////////////////////

const ERROR_CODES: Partial<Record<ErrorCode, IssueCode>> = {
  DUPLICATE_KEY: "yaml_duplicate_key",
  BAD_ALIAS: "yaml_alias",
  ALIAS_PROPS: "yaml_alias",
  TAG_RESOLVE_FAILED: "yaml_tag",
  RESOURCE_EXHAUSTION: "input_too_deep",
};

function yamlErrorIssue(code: ErrorCode, message: string, position: SourcePosition): CredstackIssue {
  const ours = ERROR_CODES[code] ?? "yaml_syntax";
  if (ours === "input_too_deep") return createIssue(ours, "The text nests too deeply to read.", [], { position });
  if (code === "MULTIPLE_DOCS") {
    return createIssue(ours, "The text holds more than one YAML document; a policy or a record is one document.", [], {
      position,
      hint: "Remove the '---' line and what follows it, or split the documents into separate files.",
    });
  }
  return createIssue(ours, sentence(message), [], { position });
}

function tooDeep(maxDepth: number, path: DataPath, position: SourcePosition): CredstackIssue {
  return createIssue("input_too_deep", `The text nests deeper than the limit of ${maxDepth} levels.`, path, { position });
}

function tooManyNodes(maxNodes: number, path: DataPath, position: SourcePosition): CredstackIssue {
  return createIssue("input_too_many_nodes", `The text has more than the limit of ${maxNodes} keys and values.`, path, { position });
}

/**
 * One sentence: the first line of a message, capitalised, ending with a full stop (also after a
 * quoted piece of the text that ends in '?' or '!', as in "extra characters: |?").
 */
function sentence(message: string): string {
  const line = (message.split("\n")[0] ?? "").trim().replace(/:$/, "");
  const capital = line.charAt(0).toUpperCase() + line.slice(1);
  return capital.endsWith(".") ? capital : `${capital}.`;
}

function toPosition(text: string, lineCounter: LineCounter, offset: number, source: string | undefined): SourcePosition {
  if (lineCounter.lineStarts.length === 0) return offsetPosition(text, offset, source);
  const { line, col } = lineCounter.linePos(offset);
  return withFile({ line, column: col }, source);
}

/** Line and column of an offset, counting from 1, by scanning the text (used before parsing). */
function offsetPosition(text: string, offset: number, source: string | undefined): SourcePosition {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) {
    line += 1;
    lineStart = i + 1;
  }
  return withFile({ line, column: offset - lineStart + 1 }, source);
}

function withFile(position: { line: number; column: number }, source: string | undefined): SourcePosition {
  return source === undefined ? position : { file: source, ...position };
}

/** The UTF-8 length of a text, counting only as far as needed to tell it exceeds `limit`. */
function utf8Length(text: string, limit: number): number {
  if (text.length * 3 <= limit) return text.length; // cannot exceed: at most 3 bytes per UTF-16 unit
  if (text.length > limit) return text.length; // already over: at least 1 byte per unit
  return new TextEncoder().encode(text).length;
}

function fail(issues: CredstackIssue[]): ReadResult {
  return { ok: false, issues: issues as [CredstackIssue, ...CredstackIssue[]] };
}
