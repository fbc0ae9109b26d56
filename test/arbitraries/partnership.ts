// Realistic records for the partnership states (AR, NC, SC, WY): each state's licenses as its
// renewal policy reads them, issuers of each state and national ones, the approvals and quality
// marks the policies name (mpos-qas, lea-approved, ade-approved, ptsb-approved, ...), the
// categories' tags, real units (contact hours, CEUs, semester and quarter hours) and bounded dates.
// No February 29 anywhere: whole-year date shifts (property 7) stay exact.
import fc from "fast-check";
import type { EducatorRecordInput } from "../../src/index.js";
import { isoDate } from "./record.js";

export const PARTNER_STATES = ["AR", "NC", "SC", "WY"] as const;
export type PartnerState = (typeof PARTNER_STATES)[number];

/** The current renewal policy of each partner state (each has the partnership rule). */
export const RENEWAL_FILES: Readonly<Record<PartnerState, string>> = {
  AR: "rules/ar-renewal-2024.yaml",
  NC: "rules/nc-renewal-2024.yaml",
  SC: "rules/sc-renewal-2025.yaml",
  WY: "rules/wy-renewal.yaml",
};

/** A calendar date in a range, never February 29. */
export function plainDate(from: string, to: string): fc.Arbitrary<string> {
  return isoDate(from, to).map((d) => (d.endsWith("-02-29") ? `${d.slice(0, 8)}28` : d));
}

const ISSUERS: Readonly<Record<PartnerState | "national", readonly { id: string; name: string }[]>> = {
  AR: [
    { id: "ar-dese", name: "Arkansas DESE" },
    { id: "arkansas-ideas", name: "ArkansasIDEAS" },
    { id: "uca", name: "University of Central Arkansas" },
  ],
  NC: [
    { id: "nc-dpi", name: "NCDPI" },
    { id: "wcpss", name: "Wake County Public School System" },
    { id: "ncsu", name: "NC State University" },
  ],
  SC: [
    { id: "usc-carolinacred", name: "CarolinaCrED" },
    { id: "scde", name: "SC Department of Education" },
  ],
  WY: [
    { id: "wde", name: "Wyoming Department of Education" },
    { id: "uwyo", name: "University of Wyoming" },
  ],
  national: [
    { id: "digital-promise", name: "Digital Promise" },
    { id: "bloomboard", name: "BloomBoard" },
    { id: "nea", name: "NEA" },
  ],
};

const TAGS = [
  "subject",
  "literacy",
  "discipline",
  "executive-role",
  "ar:child-maltreatment",
  "ar:teen-suicide-prevention",
  "ar:subject-taught",
  "youth-suicide-prevention",
  "computer-science",
] as const;

const APPROVALS = [
  "mpos-qas",
  "mpos-qas",
  "lea-approved",
  "ade-approved",
  "district-approved",
  "ptsb-approved",
  "renewal-coordinator-approved",
  "scde-approved-ceu",
] as const;

/** An amount in a real unit: contact hours, CEUs, semester or quarter hours. */
export const earnedAmount = fc.oneof(
  { weight: 4, arbitrary: fc.record({ value: fc.integer({ min: 1, max: 45 }), unit: fc.constant("hour") }) },
  { weight: 1, arbitrary: fc.record({ value: fc.constantFrom<number | string>(0.5, 1, 1.5, 2, "0.1", "0.3", "1/3"), unit: fc.constant("ceu") }) },
  { weight: 1, arbitrary: fc.record({ value: fc.integer({ min: 1, max: 4 }), unit: fc.constantFrom("semester_hour", "quarter_hour") }) },
);

/** Where a credential comes from: a partner state (by issuer or where earned), or a national issuer with or without earned_in. */
const provenance = fc.oneof(
  fc.constantFrom(...PARTNER_STATES).chain((state) =>
    fc.record({
      issuer: fc.constantFrom(...ISSUERS[state]).map((i) => ({ ...i, state })),
      earned_in: fc.constantFrom<string | undefined>(undefined, state),
    }),
  ),
  fc.record({
    issuer: fc.constantFrom(...ISSUERS.national),
    earned_in: fc.constantFrom<string | undefined>(undefined, ...PARTNER_STATES, "TX"),
  }),
);

export interface CredentialOptions {
  readonly from?: string;
  readonly to?: string;
}

/** One earned credential (without an id), earned between the dates given. */
export function partnerCredential(options: CredentialOptions = {}) {
  return fc
    .record(
      {
        title: fc.constantFrom("Formative Assessment", "Mathematical Discourse", "Data Privacy", "Teen Suicide Awareness", "Computational Thinking", "Graduate seminar"),
        provenance,
        kind: fc.constantFrom("micro_credential", "micro_credential", "micro_credential", "course", "workshop", "college_credit", "training"),
        achievement: fc.constantFrom("mc-a", "mc-b", "mc-c", "course-x"),
        tags: fc.subarray([...TAGS], { maxLength: 2 }),
        amount: earnedAmount,
        earned: plainDate(options.from ?? "2022-01-01", options.to ?? "2026-10-31"),
        status: fc.constantFrom("active", "active", "active", "active", "revoked"),
        level: fc.constantFrom("graduate", "undergraduate", "none"),
        approvals: fc.subarray([...APPROVALS], { maxLength: 3 }),
      },
      { requiredKeys: ["title", "provenance", "kind", "earned", "amount"] },
    )
    .map(({ provenance: p, approvals, ...rest }) => ({
      ...rest,
      issuer: p.issuer,
      ...(p.earned_in !== undefined ? { earned_in: p.earned_in } : {}),
      ...(approvals !== undefined ? { approvals: [...new Set(approvals)] } : {}),
    }));
}
export type PartnerCredential = ReturnType<typeof partnerCredential> extends fc.Arbitrary<infer T> ? T : never;

/** A license in a partner state, of a type and grade band its renewal policy reads. */
function license(state: PartnerState) {
  const issued = plainDate("2022-07-01", "2024-06-30");
  switch (state) {
    case "AR":
      // Arkansas records a license January 1 of year 1 to December 31 of year 5
      return fc.record({ year: fc.integer({ min: 2022, max: 2024 }), band: fc.constantFrom("K-6", "4-8", "7-12") }).map(({ year, band }) => ({
        state,
        type: "standard",
        role: "teacher",
        grade_band: band,
        issued: `${year}-01-01`,
        expires: `${year + 4}-12-31`,
      }));
    case "NC":
      return fc.record({ issued, band: fc.constantFrom("K-5", "6-12", "K-12") }).map(({ issued: i, band }) => ({
        state,
        type: "CPL",
        role: "teacher",
        grade_band: band,
        issued: i,
        expires: `${Number(i.slice(0, 4)) + 5}-06-30`,
      }));
    case "SC":
      return issued.map((i) => ({ state, type: "professional", role: "teacher", grade_band: "9-12", issued: i, expires: `${Number(i.slice(0, 4)) + 5}-06-30` }));
    case "WY":
      return issued.map((i) => ({ state, type: "standard", role: "teacher", issued: i, expires: `${Number(i.slice(0, 4)) + 5}-06-30` }));
  }
}

export interface RecordOptions {
  /** Most credentials on the record (default 8). */
  readonly max?: number;
  /** States the educator holds a license in (default: a random non-empty subset). */
  readonly licenses?: readonly PartnerState[];
}

/** An educator of the partnership: licenses, employment, maybe a master's degree, credentials with ids cred-00, cred-01, ... */
export function partnerRecord(options: RecordOptions = {}): fc.Arbitrary<EducatorRecordInput> {
  const states = options.licenses ? fc.constant([...options.licenses]) : fc.subarray([...PARTNER_STATES], { minLength: 1 });
  return states
    .chain((held) =>
      fc.record({
        licenses: fc.tuple(...held.map(license)),
        employer: fc.constantFrom("public_district", "public_district", "renewal_entity", "private"),
        employedIn: fc.constantFrom(...held),
        masters: fc.boolean(),
        credentials: fc.array(partnerCredential(), { maxLength: options.max ?? 8 }),
      }),
    )
    .map(({ licenses, employer, employedIn, masters, credentials }) => ({
      id: "partner-prop",
      licenses,
      employment: { employer_type: employer, state: employedIn, role: "teacher", grade_levels: ["9"] },
      ...(masters ? { degrees: [{ level: "masters" as const, awarded: "2015-05-10" }] } : {}),
      credentials: credentials.map((c, i) => ({ ...c, id: `cred-${String(i).padStart(2, "0")}` })),
    })) as fc.Arbitrary<EducatorRecordInput>;
}

/** Two different partner states, in order. */
export const statePair = fc
  .tuple(fc.constantFrom(...PARTNER_STATES), fc.constantFrom(...PARTNER_STATES))
  .filter(([a, b]) => a !== b) as fc.Arbitrary<[PartnerState, PartnerState]>;

/**
 * A credential the state's renewal policy is likely to recognize and place: the approvals,
 * issuers, units and tags that state's rules and categories name, earned in its windows.
 */
export function recognizableCredential(state: PartnerState) {
  const hours = (min: number, max: number) => fc.integer({ min, max }).map((value) => ({ value, unit: "hour" }));
  const earned = plainDate(state === "AR" ? "2025-12-01" : "2024-07-01", "2026-10-31");
  const base = { title: fc.constantFrom("Workshop", "Micro-credential", "Course"), earned, achievement: fc.constantFrom("mc-a", "mc-b", "mc-c", "mc-d") };
  const partner = fc.constantFrom(...PARTNER_STATES.filter((s) => s !== state));
  const qas = fc.record({ ...base, kind: fc.constant("micro_credential"), amount: hours(5, 30), earned_in: partner, tags: fc.subarray([...TAGS], { maxLength: 1 }) }).map((c) => ({
    ...c,
    issuer: { id: "digital-promise" },
    approvals: ["mpos-qas"],
  }));
  const local = {
    AR: fc.record({ ...base, kind: fc.constantFrom("workshop", "course"), amount: hours(2, 24), tags: fc.subarray(["ar:child-maltreatment", "ar:parent-family-engagement", "ar:teen-suicide-prevention", "ar:arkansas-history"], { maxLength: 1 }) }).map((c) => ({
      ...c,
      issuer: { id: "ar-dese", state: "AR" },
    })),
    NC: fc.record({ ...base, kind: fc.constantFrom("workshop", "micro_credential"), amount: hours(5, 30), tags: fc.constantFrom([], ["subject"], ["subject"], ["literacy"]) }).map((c) => ({
      ...c,
      issuer: { id: "wcpss", state: "NC" },
      approvals: ["lea-approved"],
    })),
    SC: fc.oneof(
      fc.record({ ...base, kind: fc.constant("college_credit"), amount: fc.integer({ min: 1, max: 3 }).map((value) => ({ value, unit: "semester_hour" })), level: fc.constantFrom("graduate", "graduate", "undergraduate") }).map((c) => ({
        ...c,
        issuer: { id: "usc", state: "SC" },
      })),
      fc.record({ ...base, kind: fc.constant("training"), amount: hours(2, 3) }).map((c) => ({ ...c, issuer: { id: "scde", state: "SC" }, tags: ["youth-suicide-prevention"] })),
    ),
    WY: fc.record({ ...base, kind: fc.constant("workshop"), amount: hours(7, 35) }).map((c) => ({ ...c, issuer: { id: "lcsd1", state: "WY" }, approvals: ["ptsb-approved"] })),
  }[state];
  return fc.oneof(local, qas);
}

/** A record with a license in the state and mostly credentials its renewal policy counts. */
export function stateRecord(state: PartnerState, max = 8): fc.Arbitrary<EducatorRecordInput> {
  return fc
    .tuple(partnerRecord({ licenses: [state], max: 0 }), fc.array(fc.oneof({ weight: 3, arbitrary: recognizableCredential(state) }, { weight: 1, arbitrary: partnerCredential() }), { maxLength: max }))
    .map(([record, credentials]) => ({
      ...record,
      employment: { ...record.employment, employer_type: "public_district", state },
      credentials: credentials.map((c, i) => ({ ...c, id: `cred-${String(i).padStart(2, "0")}` })),
    })) as fc.Arbitrary<EducatorRecordInput>;
}
