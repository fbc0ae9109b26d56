/**
 * Telling the input formats apart: an educator record, Open Badges 2.0 or 3.0 (objects, lists,
 * presentations or VC-JWT strings), a CLR 2.0 ClrCredential, or a CSV export.
 */
import { OB3_TYPES, hasType } from "../schema/open-badges.js";
import { CSV_REQUIRED_COLUMNS } from "./csv.js";
import { isCompactJwt } from "./jwt.js";
import type { InputFormat } from "./types.js";

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function detectObject(value: Record<string, unknown>): InputFormat | undefined {
  const type = value["type"] ?? value["@type"];
  if (hasType(type, ["ClrCredential"])) return "clr";
  if (hasType(type, OB3_TYPES) || hasType(type, ["VerifiablePresentation"])) return "ob3";
  if (hasType(type, ["Assertion", "BadgeClass"]) || Array.isArray(value["@graph"])) return "ob2";
  if (type === undefined && ("credentials" in value || "licenses" in value || typeof value["id"] === "string")) return "record";
  return undefined;
}

/**
 * Detects the format of parsed data (JSON or YAML): by the `type` of the object, or of the
 * first item of a list.
 *
 * @example
 * detectInputData({ type: ["VerifiableCredential", "OpenBadgeCredential"] }) //=> "ob3"
 * detectInputData({ id: "e-1", licenses: [] }) //=> "record"
 */
export function detectInputData(data: unknown): InputFormat | undefined {
  if (typeof data === "string") return isCompactJwt(data) ? "ob3" : undefined;
  if (Array.isArray(data)) {
    for (const item of data) {
      if (typeof item === "string" && isCompactJwt(item)) return "ob3";
      if (isObject(item)) {
        const format = detectObject(item);
        if (format !== undefined && format !== "record") return format;
      }
    }
    return undefined;
  }
  return isObject(data) ? detectObject(data) : undefined;
}

/**
 * Detects the format of a text without parsing all of it: a compact JWT is Open Badges 3.0; a
 * `.csv` name or a first line naming the required CSV columns is CSV; JSON is detected by its
 * content (`detectInputData`); anything else is a YAML record. Gives `undefined` for JSON whose
 * format is unknown.
 *
 * @example
 * detectInputText("educator_id,title,issuer_id,kind,earned\n…") //=> "csv"
 */
export function detectInputText(text: string, fileName?: string): InputFormat | undefined {
  const body = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const trimmed = body.trim();
  // a compact JWT, or text that starts like one (a JSON header in base64url) but is damaged
  if (isCompactJwt(trimmed) || (/^eyJ[A-Za-z0-9_-]*\./.test(trimmed) && !/\s/.test(trimmed))) return "ob3";
  if (fileName !== undefined && /\.csv$/i.test(fileName)) return "csv";
  const firstLine = (trimmed.split(/\r?\n/, 1)[0] ?? "").toLowerCase();
  const headers = firstLine.split(",").map((h) => h.trim().replace(/^"|"$/g, ""));
  if (CSV_REQUIRED_COLUMNS.every((c) => headers.includes(c))) return "csv";
  if (/^[[{]/.test(trimmed)) {
    try {
      return detectInputData(JSON.parse(trimmed));
    } catch {
      return undefined;
    }
  }
  return "record";
}
