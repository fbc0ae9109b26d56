/**
 * Seeded synthetic educator records for the four partner states: a license in the state, years of
 * experience, degrees, ratings and 5 to 30 earned credentials from the state's issuers and
 * national ones (micro-credentials, courses, workshops, college credit, National Board), with the
 * tags, approvals and amounts the state's policies read. Pure: record `i` of seed `s` is the same
 * everywhere, whatever else is generated, so a benchmark or a batch test can stream millions.
 */
import { addDays, addYears } from "../dates/index.js";
import { EvaluationError } from "../errors/errors.js";
import { createIssue } from "../errors/issue.js";
import type { EarnedCredential } from "../schema/credential.js";
import type { EducatorRecordInput } from "../schema/record.js";
import { seededRandom, type Random } from "./random.js";

/**
 * The largest seed: seeds are whole numbers from 0 to 2^32 - 1 (the generator's state is 32 bits,
 * so a larger seed would give the same records as a smaller one).
 *
 * @example
 * MAX_SEED //=> 4294967295
 */
export const MAX_SEED = 0xffffffff;

/** Options for `generateRecords` and `generateRecord`. */
export interface GenerateOptions {
  /** The seed, a whole number from 0 to `MAX_SEED`: the same seed gives the same records. Default 1. */
  readonly seed?: number | undefined;
  /** The states to draw from. Default AR, NC, SC and WY. */
  readonly states?: readonly ("AR" | "NC" | "SC" | "WY")[] | undefined;
  /** The fewest and most credentials per record. Default 5 and 30 (about 17 on average). */
  readonly credentials?: readonly [number, number] | undefined;
}

type Template = Omit<EarnedCredential, "id" | "earned">;

const national: readonly Template[] = [
  { title: "Facilitating Mathematical Discourse", issuer: { id: "digital-promise", name: "Digital Promise" }, kind: "micro_credential", achievement: "dp-facilitating-mathematical-discourse", tags: ["subject"], amount: { value: 10, unit: "hour" } },
  { title: "Formative Assessment in Practice", issuer: { id: "digital-promise", name: "Digital Promise" }, kind: "micro_credential", achievement: "dp-formative-assessment", amount: { value: 15, unit: "hour" } },
  { title: "Building Family Partnerships", issuer: { id: "nea", name: "National Education Association" }, kind: "micro_credential", achievement: "nea-building-family-partnerships", tags: ["family-engagement"], amount: { value: 5, unit: "hour" } },
  { title: "Classroom Discourse", issuer: { id: "nea", name: "National Education Association" }, kind: "micro_credential", achievement: "nea-classroom-discourse" },
  { title: "Lead core micro-credential 1", issuer: { id: "bloomboard", name: "BloomBoard" }, kind: "micro_credential", achievement: "bloomboard-ar-lead-core-1", tags: ["ar:lead-core"] },
];

const byState: Readonly<Record<"AR" | "NC" | "SC" | "WY", readonly Template[]>> = {
  AR: [
    { title: "Mandated Reporter Training", issuer: { id: "ar-dese", state: "AR" }, kind: "course", tags: ["ar:child-maltreatment"], amount: { value: 2, unit: "hour" } },
    { title: "Family and Community Engagement", issuer: { id: "arch-ford-coop", state: "AR" }, kind: "workshop", tags: ["ar:parent-family-engagement"], approvals: ["ar-education-service-cooperative"], amount: { value: 2, unit: "hour" } },
    { title: "Youth Suicide Prevention (Jason Flatt Act)", issuer: { id: "arkansas-ideas", name: "ArkansasIDEAS", state: "AR" }, kind: "course", tags: ["ar:teen-suicide-prevention"], amount: { value: 2, unit: "hour" } },
    { title: "Teaching Arkansas History", issuer: { id: "ar-dese", state: "AR" }, kind: "training", tags: ["ar:arkansas-history"], amount: { value: 2, unit: "hour" } },
    { title: "District professional development days", issuer: { id: "cabot-sd", state: "AR" }, kind: "workshop", approvals: ["district-approved"], amount: { value: 12, unit: "hour" } },
    { title: "Lead core micro-credential 2", issuer: { id: "bloomboard", name: "BloomBoard" }, kind: "micro_credential", achievement: "bloomboard-ar-lead-core-2", tags: ["ar:lead-core"] },
    { title: "Classroom Management Foundations", issuer: { id: "arkansas-ideas", state: "AR" }, kind: "course", tags: ["ar:pedagogy"], amount: { value: 8, unit: "hour" } },
  ],
  NC: [
    { title: "Teaching Secondary Mathematics Through Problem Solving", issuer: { id: "uncg", state: "NC" }, kind: "college_credit", level: "graduate", tags: ["subject"], amount: { value: 3, unit: "semester_hour" } },
    { title: "Restorative Practices in the Classroom", issuer: { id: "wcpss", state: "NC" }, kind: "workshop", tags: ["classroom-culture"], approvals: ["lea-approved"], amount: { value: 20, unit: "hour" } },
    { title: "Data Privacy for Educators", issuer: { id: "nc-dpi", state: "NC" }, kind: "course", tags: ["digital-learning"], approvals: ["lea-approved"], amount: { value: 1.5, unit: "ceu" } },
    { title: "Literacy Across the Content Areas", issuer: { id: "dps", state: "NC" }, kind: "workshop", tags: ["literacy"], approvals: ["lea-approved"], amount: { value: 10, unit: "hour" } },
    { title: "Artificial Intelligence", issuer: { id: "nc-dpi", state: "NC" }, kind: "micro_credential", achievement: "ncdpi-dl-artificial-intelligence", approvals: ["mpos-qas"] },
    { title: "Reading Research to Classroom Practice", issuer: { id: "ncsu", state: "NC" }, kind: "course", tags: ["subject", "literacy"], approvals: ["lea-approved"], amount: { value: 5, unit: "hour" } },
  ],
  SC: [
    { title: "Teaching Writing in the Secondary School", issuer: { id: "usc", state: "SC" }, kind: "college_credit", level: "graduate", amount: { value: 3, unit: "semester_hour" } },
    { title: "CarolinaCrED micro-credential", issuer: { id: "usc-carolinacred", state: "SC" }, kind: "micro_credential", achievement: "carolinacred-402" },
    { title: "Youth Suicide Prevention", issuer: { id: "lexington-one", state: "SC" }, kind: "training", tags: ["youth-suicide-prevention"], amount: { value: 2, unit: "hour" } },
    { title: "District renewal course", issuer: { id: "richland-two", state: "SC" }, kind: "course", tags: ["sc-option-2"], amount: { value: 15, unit: "hour" } },
    { title: "Read to Succeed: Foundations", issuer: { id: "greenville-county", state: "SC" }, kind: "course", tags: ["r2s"], amount: { value: 3, unit: "semester_hour" } },
  ],
  WY: [
    ...["algorithms", "variables", "control", "modularity", "program-development", "devices", "hardware-software", "troubleshooting", "network-communication", "cybersecurity", "storage", "collection-visualization", "inference-models", "culture", "social-interactions", "safety-law-ethics"].flatMap((mc) =>
      (["elementary", "secondary"] as const).map((band) => ({
        title: `${mc} - ${band}`,
        issuer: { id: "wde", name: "Wyoming Department of Education", state: "WY" },
        kind: "micro_credential" as const,
        achievement: `wde-cs-${mc}-${band}`,
      })),
    ),
    { title: "Science Teaching Institute", issuer: { id: "uwyo", state: "WY" }, kind: "college_credit", amount: { value: 3, unit: "semester_hour" } },
    { title: "PTSB-approved district workshop", issuer: { id: "lcsd1", state: "WY" }, kind: "workshop", approvals: ["ptsb-approved"], amount: { value: 14, unit: "hour" } },
  ],
};

const licenses = {
  AR: { type: "standard", bands: ["K-6", "4-8", "7-12"] },
  NC: { type: "CPL", bands: ["K-5", "6-12"] },
  SC: { type: "professional", bands: ["PK-3", "2-6", "9-12"] },
  WY: { type: "standard", bands: ["K-6", "6-12", "K-12"] },
} as const;

const FIRST = ["Avery", "Jordan", "Morgan", "Riley", "Casey", "Jamie", "Taylor", "Quinn", "Rowan", "Dakota", "Emerson", "Harper"];
const LAST = ["Okafor", "Whitaker", "Two Crow", "Simmons", "Ashdown", "Nguyen", "Garcia", "Lee", "Patel", "Johnson", "Martinez", "Brown"];

function date(r: Random, from: string, days: number): string {
  return addDays(from, r.int(0, days));
}

/**
 * Generates record number `index` of a seed.
 *
 * @throws EvaluationError (`invalid_option`) for a seed that is not a whole number from 0 to `MAX_SEED`.
 * @example
 * generateRecord(0, { seed: 7 }).id //=> "gen-7-0"
 * JSON.stringify(generateRecord(3, { seed: 7 })) === JSON.stringify(generateRecord(3, { seed: 7 })) //=> true
 */
export function generateRecord(index: number, options: GenerateOptions = {}): EducatorRecordInput {
  const seed = options.seed ?? 1;
  if (!(Number.isInteger(seed) && seed >= 0 && seed <= MAX_SEED)) {
    throw new EvaluationError([createIssue("invalid_option", `The seed ${seed} is not a whole number from 0 to ${MAX_SEED}.`, ["seed"])]);
  }
  const r = seededRandom(seed, index);
  const states = options.states ?? ["AR", "NC", "SC", "WY"];
  const state = r.pick(states);
  const [fewest, most] = options.credentials ?? [5, 30];
  const lic = licenses[state];
  const issued = addYears(date(r, "2019-07-01", 5 * 365), 0);
  const expires = addDays(addYears(issued, 5), -1);
  const started = addYears(issued, -r.int(0, 12));
  const pool = [...byState[state], ...national];
  const count = r.int(fewest, most);
  const credentials = Array.from({ length: count }, (_, i): EarnedCredential => {
    const t = r.pick(pool);
    const earned = date(r, addYears(issued, -1), 6 * 365);
    const status = r.chance(0.03) ? ("revoked" as const) : undefined;
    return { ...t, id: `cred-${String(i + 1).padStart(2, "0")}`, earned, ...(status ? { status } : {}) } as EarnedCredential;
  });
  return {
    id: `gen-${seed}-${index}`,
    name: `${r.pick(FIRST)} ${r.pick(LAST)}`,
    licenses: [{ state, type: lic.type, role: "teacher", grade_band: r.pick(lic.bands), issued, expires }],
    experience: [{ state, role: "teacher", license_type: lic.type, from: started }],
    degrees: [{ level: r.chance(0.4) ? "masters" : "bachelors", awarded: addYears(started, -1) }],
    ratings: [{ date: date(r, addYears(issued, 1), 3 * 365), rating: r.pick(["effective", "highly_effective", "proficient", "developing"]) }],
    employment: { employer_type: "public_district", state, role: "teacher" },
    credentials,
  };
}

/**
 * Generates `count` records lazily, numbered from `start` (default 0): constant memory, whatever
 * the count.
 *
 * @example
 * [...generateRecords(3, { seed: 7 })].map((r) => r.id) //=> ["gen-7-0", "gen-7-1", "gen-7-2"]
 */
export function* generateRecords(count: number, options: GenerateOptions & { readonly start?: number } = {}): Generator<EducatorRecordInput> {
  const start = options.start ?? 0;
  for (let i = start; i < start + count; i += 1) yield generateRecord(i, options);
}
