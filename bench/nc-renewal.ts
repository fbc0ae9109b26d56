/**
 * The practical floor for benchmark 3: a hand-written, plain TypeScript function that computes the
 * North Carolina CPL renewal status (rules/nc-renewal-2024.yaml, licenses expiring on or after
 * 2024-06-30) for one record, with none of credstack's generality: no policy file, no report, no
 * explanations, no rationals (credit is counted in tenths of a CEU, exact for hours, CEUs and
 * semester hours). The benchmark checks it gives the same status as credstack for every record.
 */
import type { EarnedCredential } from "../src/schema/credential.js";
import type { EducatorRecord } from "../src/schema/record.js";

const ACTIVITY_KINDS = new Set(["micro_credential", "course", "workshop", "training", "conference"]);
const PARTNERS = new Set(["AR", "NC", "SC", "WY"]);

/** Tenths of a CEU for an amount, or undefined when its unit does not convert (1 CEU = 10 hours = 2/3 semester hour). */
function tenths(c: EarnedCredential): number | undefined {
  const a = c.amount;
  if (!a) return undefined;
  const v = typeof a.value === "number" ? a.value : Number(a.value);
  switch (a.unit) {
    case "ceu":
      return Math.round(v * 10);
    case "hour":
      return Math.round(v);
    case "semester_hour":
      return Math.round(v * 15);
    case "quarter_hour":
      return Math.round(v * 10);
    default:
      return undefined;
  }
}

/** Whole years of NC experience up to the as-of date (one span each, overlaps ignored: enough for the 30-year exemption). */
function ncYears(record: EducatorRecord, asOf: string): number {
  let days = 0;
  for (const e of record.experience) {
    if (e.state !== "NC" || e.from > asOf) continue;
    const to = e.to === undefined || e.to > asOf ? asOf : e.to;
    days += (Date.parse(to) - Date.parse(e.from)) / 86_400_000 + 1;
  }
  return Math.floor(days / 365.25);
}

/**
 * The status of NC CPL renewal under the 2024 rules: "met", "not_met" or "not_evaluated".
 *
 * @example
 * ncRenewalStatus(record, "2026-11-24") //=> "met"
 */
export function ncRenewalStatus(record: EducatorRecord, asOf: string): "met" | "not_met" | "not_evaluated" {
  // the license: the latest-issued NC CPL
  let license: EducatorRecord["licenses"][number] | undefined;
  for (const l of record.licenses) if (l.state === "NC" && l.type === "CPL" && (!license || l.issued > license.issued)) license = l;
  if (!license) return "not_evaluated";
  if (license.lifetime === true) return "met";
  const retirement = record.facts?.["retirement_creditable_service_years"];
  if (typeof retirement === "number" && retirement >= 30) return "met";
  if (ncYears(record, asOf) >= 30) return "met";
  // the variant's category minimums, in tenths of a CEU
  let subjectMin = 0;
  let literacyMin = 0;
  let otherTag: string | undefined;
  if (license.role === "student_services") otherTag = "discipline";
  else if (license.role === "administrator") otherTag = "executive-role";
  else if (license.grade_band === "K-5" || license.grade_band === "K-8") {
    subjectMin = 30;
    literacyMin = 30;
  } else if (license.grade_band === "6-12") subjectMin = 40;
  else return "not_evaluated";
  const from = license.issued;
  const to = license.expires ?? asOf;
  let total = 0;
  let subject = 0; // subject-tagged only
  let literacy = 0; // literacy-tagged only
  let both = 0; // tagged both
  let tagged = 0; // the role's own category (discipline or executive-role)
  const seen = new Set<string>();
  for (const c of record.credentials) {
    if (c.status === "revoked" || c.status === "expired" || (c.expires !== undefined && c.expires < asOf) || c.earned > asOf) continue;
    if (c.earned < from || c.earned > to) continue;
    if (c.kind === "national_board" && c.achievement === "nbpts-certification") return "met";
    let value: number | undefined;
    const approvals = c.approvals ?? [];
    const origin = c.earned_in ?? c.issuer.state;
    if (c.kind === "college_credit") value = tenths(c);
    else if (ACTIVITY_KINDS.has(c.kind) && approvals.includes("lea-approved")) value = tenths(c);
    else if (c.kind === "micro_credential" && approvals.includes("mpos-qas") && origin !== undefined && origin !== "NC" && PARTNERS.has(origin)) value = tenths(c);
    if (value === undefined) continue;
    if (c.achievement !== undefined) {
      const key = `${c.achievement}|${c.issuer.id}|${c.earned}`;
      if (seen.has(key)) continue;
      seen.add(key);
    }
    const tags = c.tags ?? [];
    total += value;
    const s = tags.includes("subject");
    const l = tags.includes("literacy");
    if (s && l) both += value;
    else if (s) subject += value;
    else if (l) literacy += value;
    if (otherTag !== undefined && tags.includes(otherTag)) tagged += value;
  }
  if (total < 80) return "not_met";
  if (otherTag !== undefined) return tagged >= 40 ? "met" : "not_met";
  // split credit: subject and literacy minimums from their own credit, sharing what carries both
  const ok = subject + both >= subjectMin && literacy + both >= literacyMin && subject + literacy + both >= subjectMin + literacyMin;
  return ok ? "met" : "not_met";
}
