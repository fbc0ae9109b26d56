// The small pieces of the adapters: identifiers, dates, JWT decoding, detection, mapping,
// duplicates across sources, and signature verification.
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { dateOfDateTime, dateOfUnixSeconds } from "../../src/dates/index.js";
import { mergeCredentials } from "../../src/input/dedupe.js";
import { detectInputData, detectInputText } from "../../src/input/detect.js";
import { hostOf, toIdentifier } from "../../src/input/identifier.js";
import { decodeVcJwt } from "../../src/input/jwt.js";
import { parseInputMapping, resolveIssuer } from "../../src/input/mapping.js";
import { readOb3 } from "../../src/input/ob3.js";
import { readCsv } from "../../src/input/csv.js";
import { stateCodeOf } from "../../src/input/regions.js";
import { assembleRecord } from "../../src/input/read.js";
import { jwtVerifier, verifyCredentials } from "../../src/input/verify.js";
import { isCredstackError } from "../../src/errors/errors.js";
import type { EarnedCredential } from "../../src/schema/credential.js";

describe("identifiers and dates", () => {
  test("URLs, URNs and DIDs become identifiers deterministically", () => {
    expect(toIdentifier("https://badges.edu.wyoming.gov/assertions/8f2c?v=2")).toBe("badges.edu.wyoming.gov:assertions:8f2c:v-2");
    expect(toIdentifier("urn:uuid:91537dba-56cb-11ec-bf63-0242ac130002")).toBe("urn:uuid:91537dba-56cb-11ec-bf63-0242ac130002");
    expect(toIdentifier("did:web:example.org")).toBe("did:web:example.org");
    expect(toIdentifier("https://x.org/a b/")).toBe("x.org:a-b");
    expect(hostOf("https://API.BloomBoard.com/issuers/1")).toBe("api.bloomboard.com");
    expect(hostOf("did:web:example.org")).toBeUndefined();
  });

  test("a date-time keeps the date the issuer wrote; a timestamp is read in UTC", () => {
    expect(dateOfDateTime("2024-03-08T23:30:00-05:00")).toBe("2024-03-08");
    expect(dateOfDateTime("2024-03-08")).toBe("2024-03-08");
    expect(dateOfDateTime("2024-02-30T00:00:00Z")).toBeUndefined();
    expect(dateOfDateTime("2024-03-08T25:00:00Z")).toBeUndefined();
    expect(dateOfDateTime("March 8, 2024")).toBeUndefined();
    // 1709856000 = 19790 days x 86400 s; day 19790 after 1970-01-01 is 2024-03-08
    expect(dateOfUnixSeconds(1709856000)).toBe("2024-03-08");
    expect(dateOfUnixSeconds(Number.NaN)).toBeUndefined();
  });
});

describe("VC-JWT decoding", () => {
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
  test("a data model 1.1 payload: the vc claim, filled from jti, iss, nbf, exp and sub", () => {
    const jwt = `${b64({ alg: "none" })}.${b64({ jti: "urn:uuid:1", iss: "https://edu.wyoming.gov", sub: "did:example:1", nbf: 1709856000, exp: 1741392000, vc: { type: ["VerifiableCredential", "OpenBadgeCredential"], credentialSubject: { achievement: {} } } })}.`;
    const decoded = decodeVcJwt(jwt);
    expect(decoded).toEqual({
      ok: true,
      credential: {
        type: ["VerifiableCredential", "OpenBadgeCredential"],
        id: "urn:uuid:1",
        issuer: "https://edu.wyoming.gov",
        issuanceDate: "2024-03-08",
        // 1741392000 = 1709856000 + 365 x 86400: 2025-03-08 (2024 is a leap year, but 8 March comes after 29 February)
        expirationDate: "2025-03-08",
        credentialSubject: { achievement: {}, id: "did:example:1" },
      },
    });
  });

  test("a payload that is not an object, and text that is not a JWT, are reasons, not throws", () => {
    expect(decodeVcJwt(`${b64({})}.${b64([1, 2])}.x`)).toEqual({ ok: false, reason: "its payload is not a JSON object" });
    expect(decodeVcJwt("a.b")).toEqual({ ok: false, reason: "it is not three base64url parts separated by dots" });
  });
});

describe("detection", () => {
  test("by type, by list item, by CSV header, else a YAML record", () => {
    expect(detectInputData({ type: ["VerifiableCredential", "ClrCredential"] })).toBe("clr");
    expect(detectInputData({ type: "VerifiablePresentation" })).toBe("ob3");
    expect(detectInputData([{ type: "Issuer", id: "x" }, { type: "Assertion" }])).toBe("ob2");
    expect(detectInputData({ "@graph": [] })).toBe("ob2");
    expect(detectInputData({ id: "e-1", credentials: [] })).toBe("record");
    expect(detectInputData({ type: "Person" })).toBeUndefined();
    expect(detectInputText("educator_id,title,issuer_id,kind,earned\n")).toBe("csv");
    expect(detectInputText("anything", "export.CSV")).toBe("csv");
    expect(detectInputText("id: e-1\nlicenses: []\n")).toBe("record");
  });
});

describe("mapping", () => {
  test("the caller's mapping comes before the built-in directory; hosts match subdomains", () => {
    const mapping = parseInputMapping({ issuers: [{ match: ["https://edu.wyoming.gov/issuers/pilot"], id: "wde-pilot" }] });
    expect(resolveIssuer({ id: "https://edu.wyoming.gov/issuers/pilot/2024" }, mapping).issuer.id).toBe("wde-pilot");
    expect(resolveIssuer({ id: "https://mc.edu.wyoming.gov/issuers/cs" }, mapping).issuer).toEqual({ id: "wde", name: "Wyoming Department of Education", state: "WY" });
    // not a subdomain: "notedu.wyoming.gov" does not end with ".edu.wyoming.gov"
    expect(resolveIssuer({ id: "https://notedu.wyoming.gov/x", name: "Other" }, mapping).issuer).toEqual({ id: "notedu.wyoming.gov", name: "Other" });
  });

  test("an address region written as a code or a full state name is the issuer's state; anything else is not", () => {
    const none = parseInputMapping(undefined);
    expect(resolveIssuer({ id: "https://www.wcpss.net/issuer", region: "North Carolina" }, none).issuer).toEqual({ id: "www.wcpss.net", state: "NC" });
    expect(resolveIssuer({ id: "https://www.wcpss.net/issuer", region: " south  carolina " }, none).issuer.state).toBe("SC");
    expect(resolveIssuer({ id: "https://www.wcpss.net/issuer", region: "wy" }, none).issuer.state).toBe("WY");
    expect(resolveIssuer({ id: "https://www.wcpss.net/issuer", region: "Ontario" }, none).issuer.state).toBeUndefined();
    expect(resolveIssuer({ id: "https://www.wcpss.net/issuer", region: "ZZ" }, none).issuer.state).toBeUndefined();
    expect(stateCodeOf("District of Columbia")).toBe("DC");
  });

  test("earned_in: the achievement's entry, else the issuer's, else the mapping's; a national badge gets an origin", () => {
    const mapping = {
      earned_in: "SC",
      issuers: [{ match: ["digitalpromise.org"], id: "digital-promise", earned_in: "AR" }],
      achievements: [{ match: ["https://microcredentials.digitalpromise.org/a/2"], earned_in: "WY" }],
    };
    const badge = (issuer: string, achievement: string) => ({
      type: ["VerifiableCredential", "OpenBadgeCredential"],
      issuer,
      validFrom: "2024-03-08T00:00:00Z",
      credentialSubject: { achievement: { id: achievement, name: "A" } },
    });
    const read = readOb3(
      [
        badge("https://microcredentials.digitalpromise.org/issuer", "https://microcredentials.digitalpromise.org/a/1"),
        badge("https://microcredentials.digitalpromise.org/issuer", "https://microcredentials.digitalpromise.org/a/2"),
        badge("https://www.nea.org/issuer", "https://www.nea.org/a/3"),
      ],
      { mapping },
    );
    expect(read.credentials.map((c) => [c.issuer.id, c.earned_in])).toEqual([
      ["digital-promise", "AR"],
      ["digital-promise", "WY"],
      ["nea", "SC"],
    ]);
    // without a mapping a national issuer's badge has no origin at all
    expect(readOb3(badge("https://www.nea.org/issuer", "https://www.nea.org/a/3")).credentials[0]!.earned_in).toBeUndefined();
  });

  test("an invalid mapping is a typed error listing the problem", () => {
    try {
      parseInputMapping({ issuers: [{ match: [], id: "x" }] } as never);
      expect.unreachable();
    } catch (error) {
      expect(isCredstackError(error) && error.issues.map((i) => [i.code, i.path.join(".")])).toEqual([["invalid_option", "issuers.0.match"]]);
    }
  });
});

describe("duplicates across sources", () => {
  const base: EarnedCredential = { id: "cred-02", title: "Facilitating Mathematical Discourse", issuer: { id: "digital-promise" }, kind: "micro_credential", achievement: "dp-fmd", earned: "2024-03-08" };

  test("same achievement, issuer and date counts once; a copy that is revoked makes the kept one revoked", () => {
    const copy = { ...base, id: "urn:uuid:9", status: "revoked" as const, source: { format: "ob3" as const, ref: "urn:uuid:9" } };
    const other = { ...base, id: "cred-03", earned: "2024-04-01" };
    const merged = mergeCredentials([[base], [copy, other]]);
    expect(merged.credentials.map((c) => [c.id, c.status ?? "active"])).toEqual([
      ["cred-02", "revoked"],
      ["cred-03", "active"],
    ]);
    expect(merged.duplicates.map((d) => [d.code, d.message, d.path])).toEqual([
      ["duplicate_credential", "Credential 'urn:uuid:9' (ob3 urn:uuid:9) duplicates 'cred-02' (same achievement, issuer and date); it counts once.", [1, 0]],
    ]);
  });

  test("same id counts once, and the earlier expiry is kept", () => {
    const copy = { ...base, achievement: "other", expires: "2025-01-01" };
    const merged = mergeCredentials([[base, copy]]);
    expect([merged.credentials, merged.duplicates.map((d) => d.message)]).toEqual([
      [{ ...base, expires: "2025-01-01" }],
      ["Credential 'cred-02' duplicates 'cred-02' (same id); it counts once."],
    ]);
  });

  test("with names, the message names the file of the copy and of the kept credential, and the copy's file is the position", () => {
    const copy = { ...base, id: "urn:uuid:9", source: { format: "ob3" as const, ref: "urn:uuid:9" } };
    const merged = mergeCredentials([[base], [], [copy]], { names: ["teacher.yaml", "a.json", "b.json"] });
    expect(merged.duplicates.map((d) => [d.message, d.position, d.path])).toEqual([
      [
        "Credential 'urn:uuid:9' (ob3 urn:uuid:9) in b.json duplicates 'cred-02' in teacher.yaml (same achievement, issuer and date); it counts once.",
        { file: "b.json", line: 1, column: 1 },
        [2, 0],
      ],
    ]);
  });

  test("assembleRecord puts the record's credentials first and reports the badge copy", () => {
    const result = assembleRecord({ base: { id: "e-1", credentials: [base] }, credentials: [[{ ...base, id: "badge-1" }]] });
    expect(result.success && [result.record.credentials.map((c) => c.id), result.duplicates.length]).toEqual([["cred-02"], 1]);
    const bad = assembleRecord({ base: { id: "e 1" }, credentials: [] });
    expect(bad.success ? "ok" : bad.issues[0].code).toBe("record_invalid");
  });
});

describe("verification (jose)", () => {
  const jwks = JSON.parse(readFileSync("fixtures/inputs/keys/digital-promise.jwks.json", "utf8"));
  const text = (p: string) => readFileSync(p, "utf8");

  test("the signed Digital Promise badge verifies against its issuer's key set", async () => {
    const read = readOb3(text("fixtures/inputs/nc/digital-promise-discourse.jwt").trim());
    const checked = await verifyCredentials(read, jwtVerifier(jwks));
    expect([checked.credentials.length, checked.rejected]).toEqual([1, []]);
  });

  test("a tampered payload (100 hours instead of 10) fails and is rejected", async () => {
    const read = readOb3(text("fixtures/inputs/malformed/digital-promise-tampered.jwt").trim());
    expect(read.credentials[0]!.amount).toEqual({ value: 100, unit: "hour" });
    const checked = await verifyCredentials(read, jwtVerifier(jwks));
    expect(checked.credentials).toEqual([]);
    expect(checked.rejected.map((i) => [i.code, i.message])).toEqual([
      ["credential_unverified", "The credential 'urn:uuid:5e0c7a44-3c55-4f0e-9d7b-2f1f0e6c8a11' at (root) failed verification: signature verification failed."],
    ]);
  });

  test("a credential that is not a JWT fails unless allowUnsigned; a caller hook decides for itself", async () => {
    const read = readOb3(JSON.parse(text("fixtures/inputs/wy/wde-cs-elementary.ob3.json")).slice(0, 2));
    expect((await verifyCredentials(read, jwtVerifier(jwks))).rejected.map((i) => i.code)).toEqual(["credential_unverified", "credential_unverified"]);
    expect((await verifyCredentials(read, jwtVerifier(jwks, { allowUnsigned: true }))).credentials.length).toBe(2);
    const hook = await verifyCredentials(read, async (p) => ({ verified: p.path[0] === 0, reason: "not on the issuer's list" }));
    expect([hook.credentials.length, hook.rejected[0]?.message]).toEqual([
      1,
      "The credential 'mc.edu.wyoming.gov:credentials:2f6c1001' at [1] failed verification: not on the issuer's list.",
    ]);
  });
});

describe("CSV grade column", () => {
  test("a grade is read in any case; a grade that is not one rejects the row", () => {
    const csv = [
      "educator_id,title,issuer_id,kind,earned,amount,unit,grade",
      "e1,Data structures,uwyo,college_credit,2024-05-10,3,semester_hour,b+",
      "e1,Networks,uwyo,college_credit,2024-05-11,3,semester_hour,E",
    ].join("\n");
    const input = readCsv(csv, { source: "g.csv" });
    expect(input.educators[0]!.credentials.map((c) => [c.title, c.grade])).toEqual([["Data structures", "B+"]]);
    expect(input.rejected.map((i) => [i.code, i.position?.line])).toEqual([["csv_row_invalid", 3]]);
  });
});
