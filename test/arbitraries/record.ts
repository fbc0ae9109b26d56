// Realistic-enough educator records for property tests: an NC license, bounded dates, credentials
// in several units and kinds, some revoked or expired, some duplicates, some without approval.
import fc from "fast-check";
import type { EducatorRecordInput } from "../../src/index.js";

const day = (d: Date) => d.toISOString().slice(0, 10);

/** A date between two ISO dates (inclusive), as YYYY-MM-DD; no invalid dates. */
export function isoDate(from: string, to: string): fc.Arbitrary<string> {
  return fc.date({ min: new Date(`${from}T00:00:00Z`), max: new Date(`${to}T00:00:00Z`), noInvalidDate: true }).map(day);
}

const amount = fc.oneof(
  fc.record({ value: fc.integer({ min: 1, max: 40 }), unit: fc.constant("hour") }),
  fc.record({ value: fc.constantFrom(0.5, 1, 1.5, 2, "0.1", "0.2", "1/3"), unit: fc.constant("ceu") }),
  fc.record({ value: fc.integer({ min: 1, max: 3 }), unit: fc.constant("semester_hour") }),
);

export const credential = fc.record(
  {
    title: fc.constantFrom("Formative Assessment", "Literacy Across Content", "Data Privacy", "Graduate seminar", "Coaching Cycles"),
    issuer: fc.record({ id: fc.constantFrom("nc-dpi", "digital-promise", "nea", "unc-charlotte", "wake-county") }),
    kind: fc.constantFrom("micro_credential", "course", "college_credit", "workshop", "national_board", "conference"),
    achievement: fc.constantFrom("mc-a", "mc-b", "mc-c", "nbpts-certification", "course-x"),
    tags: fc.subarray(["subject", "literacy", "discipline", "executive-role"]),
    amount,
    earned: isoDate("2021-01-01", "2027-12-31"),
    expires: isoDate("2024-01-01", "2030-12-31"),
    status: fc.constantFrom("active", "active", "active", "revoked", "expired"),
    level: fc.constantFrom("graduate", "undergraduate", "none"),
    approvals: fc.subarray(["lea-approved", "mpos-qas"]),
  },
  { requiredKeys: ["title", "issuer", "kind", "earned"] },
);

/** A record with an NC CPL license and up to `max` credentials. */
export function ncRecord(max = 12): fc.Arbitrary<EducatorRecordInput> {
  return fc
    .record({
      band: fc.constantFrom("K-5", "6-12", "K-12"),
      role: fc.constantFrom("teacher", "teacher", "student_services", "administrator"),
      issued: isoDate("2021-07-01", "2023-07-01"),
      credentials: fc.array(credential, { maxLength: max }),
    })
    .map(({ band, role, issued, credentials }) => ({
      id: "t-prop",
      licenses: [{ state: "NC", type: "CPL", role, grade_band: band, issued, expires: `${Number(issued.slice(0, 4)) + 5}-06-30` }],
      credentials: credentials.map((c, i) => ({ ...c, id: `cred-${String(i).padStart(2, "0")}` })),
    })) as fc.Arbitrary<EducatorRecordInput>;
}
