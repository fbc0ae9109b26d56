/**
 * The CSV layout for district exports: one row per earned credential, keyed by educator id,
 * parsed with papaparse (pure, browser-safe). Every rejected row is an issue with its line.
 * The layout is documented in docs/inputs.md#csv.
 */
import Papa from "papaparse";
import { createIssue, type CredstackIssue } from "../errors/issue.js";
import { closestMatch } from "../errors/suggest.js";
import { issuesFromZod } from "../errors/zod.js";
import { EarnedCredential } from "../schema/credential.js";
import { Identifier } from "../schema/primitives.js";
import { toIdentifier } from "./identifier.js";

/**
 * The CSV columns, in the order credstack writes them; the required ones first. A header names
 * them in any order and case (docs/inputs.md#csv).
 *
 * @example
 * CSV_COLUMNS.slice(0, 5) //=> ["educator_id", "title", "issuer_id", "kind", "earned"]
 * CSV_COLUMNS.includes("earned_in") //=> true
 */
export const CSV_COLUMNS = [
  "educator_id",
  "title",
  "issuer_id",
  "kind",
  "earned",
  "educator_name",
  "credential_id",
  "issuer_name",
  "issuer_state",
  "achievement",
  "tags",
  "amount",
  "unit",
  "expires",
  "status",
  "level",
  "grade",
  "approvals",
  "earned_in",
] as const;
/** One of the CSV columns, e.g. `"educator_id"`. */
export type CsvColumn = (typeof CSV_COLUMNS)[number];

/**
 * The columns every CSV must have; a header without one of them is `csv_missing_column` and
 * nothing is read.
 *
 * @example
 * CSV_REQUIRED_COLUMNS //=> ["educator_id", "title", "issuer_id", "kind", "earned"]
 * CSV_REQUIRED_COLUMNS.every((c) => "educator_id,title,issuer_id,kind,earned,amount".split(",").includes(c)) //=> true
 */
export const CSV_REQUIRED_COLUMNS: readonly CsvColumn[] = ["educator_id", "title", "issuer_id", "kind", "earned"];

/**
 * The separator inside list cells (tags, approvals).
 *
 * @example
 * "ar:teen-suicide-prevention;subject".split(CSV_LIST_SEPARATOR) //=> ["ar:teen-suicide-prevention", "subject"]
 */
export const CSV_LIST_SEPARATOR = ";";

/**
 * One educator's credentials from a CSV, and the issues of their rejected rows.
 *
 * @example
 * const educator: CsvEducator = readCsv(text).educators[0];
 * educator //=> { id: "ar-1", credentials: [{ title: "Mandated Reporter Training", … }], rejected: [{ code: "csv_row_invalid", … }] }
 */
export interface CsvEducator {
  readonly id: string;
  readonly name?: string;
  readonly credentials: readonly EarnedCredential[];
  /**
   * The issues of this educator's rejected rows (also in the input's `rejected`): rows whose
   * `educator_id` is this educator's. A row that cannot be attributed (a syntax error, no
   * educator_id) is in the input's `rejected` only.
   */
  readonly rejected: readonly CredstackIssue[];
}

/**
 * What `readCsv` gives back.
 *
 * @example
 * const input: CsvInput = readCsv("educator_id,title,issuer_id,kind\n");
 * input.rejected[0].code //=> "csv_missing_column"
 */
export interface CsvInput {
  readonly format: "csv";
  /**
   * Educators in order of first appearance, each with the credentials of their valid rows and the
   * issues of their rejected ones (an educator whose every row was rejected is listed, with no
   * credentials).
   */
  readonly educators: readonly CsvEducator[];
  /** Every rejected row (and a malformed header), each with its line and the reason. */
  readonly rejected: readonly CredstackIssue[];
  /** Unknown columns, which are ignored. */
  readonly warnings: readonly CredstackIssue[];
}

/** Options for `readCsv`. */
export interface ReadCsvOptions {
  /** The file (or other name) the text came from; positions carry it. */
  readonly source?: string | undefined;
}

/** Which column each credential field comes from, for issue paths. */
const FIELD_COLUMNS: Readonly<Record<string, CsvColumn>> = {
  id: "credential_id",
  title: "title",
  kind: "kind",
  achievement: "achievement",
  tags: "tags",
  amount: "amount",
  earned: "earned",
  expires: "expires",
  status: "status",
  level: "level",
  grade: "grade",
  approvals: "approvals",
  earned_in: "earned_in",
};

function columnOf(path: readonly (string | number)[]): CsvColumn {
  const [first, second] = path;
  if (first === "issuer") return second === "name" ? "issuer_name" : second === "state" ? "issuer_state" : "issuer_id";
  if (first === "amount") return second === "unit" ? "unit" : "amount";
  return FIELD_COLUMNS[String(first)] ?? "title";
}

function list(cell: string | undefined): string[] | undefined {
  if (cell === undefined) return undefined;
  const items = cell
    .split(CSV_LIST_SEPARATOR)
    .map((s) => s.trim())
    .filter((s) => s !== "");
  return items.length > 0 ? items : undefined;
}

/**
 * Reads a district CSV export: a header row naming the columns (any order), then one row per
 * earned credential. Never throws: a malformed row is in `rejected` with its line and the
 * reason, and the rest are read.
 *
 * @example
 * const read = readCsv("educator_id,title,issuer_id,kind,earned\ne-1,Algorithms,wde,micro_credential,2024-03-08\n");
 * read.educators[0].credentials[0].issuer //=> { id: "wde" }
 */
export function readCsv(text: string, options: ReadCsvOptions = {}): CsvInput {
  const source = options.source;
  const body = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const rejected: CredstackIssue[] = [];
  const warnings: CredstackIssue[] = [];
  const byId = new Map<string, { id: string; name?: string; credentials: EarnedCredential[]; rejected: CredstackIssue[] }>();
  const at = (line: number, column = 1) => ({ ...(source !== undefined ? { file: source } : {}), line, column });

  let header: string[] | undefined;
  let columns = new Map<CsvColumn, number>();
  let cursor = 0;
  let newlines = 0;
  let counted = 0;
  let row = -1;
  const lineAt = (offset: number): number => {
    for (; counted < offset && counted < body.length; counted += 1) if (body.charCodeAt(counted) === 10) newlines += 1;
    return newlines + 1;
  };

  Papa.parse<string[]>(body, {
    delimiter: ",",
    skipEmptyLines: false,
    step: (result) => {
      const start = cursor;
      cursor = result.meta.cursor;
      const cells = result.data;
      let first = start;
      while (first < body.length && (body[first] === "\n" || body[first] === "\r")) first += 1;
      const line = lineAt(first);
      if (cells.length === 1 && cells[0]!.trim() === "") return;
      if (header === undefined) {
        header = cells.map((h) => h.trim().toLowerCase());
        columns = new Map();
        header.forEach((name, i) => {
          if ((CSV_COLUMNS as readonly string[]).includes(name)) columns.set(name as CsvColumn, i);
          else {
            const suggestion = closestMatch(name, CSV_COLUMNS);
            warnings.push(
              createIssue("csv_unknown_column", `Unknown column '${name}'; it is ignored.`, ["header", i], {
                hint: suggestion ? `Did you mean '${suggestion}'?` : `Columns: ${CSV_COLUMNS.join(", ")}.`,
                position: at(line, i + 1),
              }),
            );
          }
        });
        const missing = CSV_REQUIRED_COLUMNS.filter((c) => !columns.has(c));
        if (missing.length > 0) {
          // a semicolon- or tab-separated export reads as one column holding the whole header
          const separator = header.length === 1 ? [";", "\t", "|"].find((sep) => header![0]!.includes(sep)) : undefined;
          const hint = separator !== undefined ? `The header is one column holding '${separator === "\t" ? "\\t" : separator}': credstack reads comma-separated CSV; export it with commas.` : undefined;
          rejected.push(
            createIssue("csv_missing_column", `The header lacks the column${missing.length > 1 ? "s" : ""} ${missing.map((m) => `'${m}'`).join(", ")}.`, ["header"], {
              hint,
              position: at(line),
            }),
          );
          header = [];
        }
        return;
      }
      if (header.length === 0) return;
      row += 1;
      const quote = result.errors.find((e) => e.type === "Quotes");
      if (quote) {
        rejected.push(createIssue("csv_syntax", `Row ${row + 1}: ${quote.message.toLowerCase()}.`, [row], { position: at(line) }));
        return;
      }
      if (cells.length !== header.length) {
        rejected.push(
          createIssue("csv_syntax", `Row ${row + 1} has ${cells.length} fields; the header has ${header.length}.`, [row], { position: at(line) }),
        );
        return;
      }
      const cell = (c: CsvColumn): string | undefined => {
        const i = columns.get(c);
        const v = i === undefined ? undefined : cells[i]!.trim();
        return v === undefined || v === "" ? undefined : v;
      };
      const educator = cell("educator_id");
      if (educator === undefined || !Identifier.safeParse(educator).success) {
        const message = educator === undefined ? `Row ${row + 1} has no educator_id.` : `Row ${row + 1}: educator_id '${educator}' is not an identifier.`;
        rejected.push(createIssue("csv_row_invalid", message, [row, "educator_id"], { position: at(line, (columns.get("educator_id") ?? 0) + 1) }));
        return;
      }
      let entry = byId.get(educator);
      if (!entry) {
        const name = cell("educator_name");
        entry = { id: educator, ...(name !== undefined ? { name } : {}), credentials: [], rejected: [] };
        byId.set(educator, entry);
      }
      const owner = entry;
      const reject = (issue: CredstackIssue) => {
        rejected.push(issue);
        owner.rejected.push(issue);
      };
      const amount = cell("amount");
      const unit = cell("unit");
      if ((amount === undefined) !== (unit === undefined)) {
        const col: CsvColumn = amount === undefined ? "amount" : "unit";
        reject(
          createIssue("csv_row_invalid", `Row ${row + 1}: 'amount' and 'unit' go together; '${col}' is empty.`, [row, col], {
            position: at(line, (columns.get(col) ?? 0) + 1),
          }),
        );
        return;
      }
      const issuerName = cell("issuer_name");
      const issuerState = cell("issuer_state");
      const achievement = cell("achievement");
      const title = cell("title");
      const earned = cell("earned");
      const candidate: Record<string, unknown> = {
        id: cell("credential_id") ?? toIdentifier(`${cell("issuer_id") ?? "issuer"}:${achievement ?? title ?? "untitled"}:${earned ?? "undated"}`),
        title,
        issuer: { id: cell("issuer_id"), ...(issuerName !== undefined ? { name: issuerName } : {}), ...(issuerState !== undefined ? { state: issuerState } : {}) },
        kind: cell("kind"),
        ...(achievement !== undefined ? { achievement } : {}),
        ...(list(cell("tags")) !== undefined ? { tags: list(cell("tags")) } : {}),
        ...(amount !== undefined ? { amount: { value: amount, unit } } : {}),
        earned,
        ...(cell("expires") !== undefined ? { expires: cell("expires") } : {}),
        ...(cell("status") !== undefined ? { status: cell("status") } : {}),
        ...(cell("level") !== undefined ? { level: cell("level") } : {}),
        ...(cell("grade") !== undefined ? { grade: cell("grade")!.toUpperCase() } : {}),
        ...(list(cell("approvals")) !== undefined ? { approvals: list(cell("approvals")) } : {}),
        ...(cell("earned_in") !== undefined ? { earned_in: cell("earned_in") } : {}),
        source: { format: "csv", ref: `${source ?? "csv"}:${line}` },
      };
      const parsed = EarnedCredential.safeParse(candidate);
      if (!parsed.success) {
        for (const issue of issuesFromZod(parsed.error, { schemaKind: "CSV row", schema: EarnedCredential, input: candidate, codeFor: () => "csv_row_invalid" })) {
          const column = columnOf(issue.path);
          const message = issue.code === "csv_row_invalid" && /^Missing key/.test(issue.message) ? `The column '${column}' is empty.` : issue.message.replace(/^'[^']+'/, `'${column}'`);
          reject(createIssue("csv_row_invalid", `Row ${row + 1}: ${message}`, [row, column], { hint: issue.hint, position: at(line, (columns.get(column) ?? 0) + 1) }));
        }
        return;
      }
      entry.credentials.push(parsed.data);
    },
  });
  if (header === undefined) rejected.push(createIssue("csv_missing_column", "The CSV has no header row.", ["header"], { position: at(1) }));
  const educators = [...byId.values()].map(({ id, name, credentials, rejected: own }) => ({ id, ...(name !== undefined ? { name } : {}), credentials, rejected: own }));
  return { format: "csv", educators, rejected, warnings };
}
