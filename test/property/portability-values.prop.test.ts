// Portability properties 1-3 on the real partnership policies, with generated records:
//   1. conservation: unit conversions go there and back exactly, totals do not depend on order,
//      and an hour-valued credential keeps its contact hours in every state that converts it;
//   2. origin neutrality: among partner states, where a credential was earned does not change its
//      worth in a target state, unless the target's policy names the origin;
//   3. no state logic in code: every policy copied under a new state code "ZZ" (the codes in the
//      record swapped too) gives the same results.
import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { EarnedCredential, evaluate, transfer, type CompiledPolicy, type EducatorRecordInput, type Policy, type StateResult } from "../../src/index.js";
import { loadBuiltinPolicies, loadPolicyFile } from "../../src/node/index.js";
import { formatRational, toRational, ZERO } from "../../src/quantity/rational.js";
import { earnedAmount, PARTNER_STATES, partnerCredential, partnerRecord, RENEWAL_FILES, statePair, type PartnerState } from "../arbitraries/partnership.js";
import { propertyParams } from "../helpers/property.js";

const asOf = "2026-11-24";
const renewal = Object.fromEntries(PARTNER_STATES.map((s) => [s, loadPolicyFile(RENEWAL_FILES[s])])) as Record<PartnerState, CompiledPolicy>;
const four = PARTNER_STATES.map((s) => renewal[s]);
const builtin = loadBuiltinPolicies();

const subjectOf = (credential: EarnedCredential) => ({ credential, tags: credential.tags ?? [], value: undefined, asOf });

describe("property 1: conservation of credit", () => {
  test.prop([partnerCredential(), fc.constantFrom(...PARTNER_STATES)], propertyParams(411))(
    "an amount converted into a state's unit and back is the original amount exactly",
    (input, state) => {
      const credential = EarnedCredential.parse({ ...input, id: "c" });
      const table = renewal[state].conversions;
      const amount = toRational(credential.amount!.value);
      const there = table.convert(amount, credential.amount!.unit, subjectOf(credential));
      fc.pre(there !== undefined);
      expect(formatRational(table.convertFrom(there!.value, credential.amount!.unit, subjectOf(credential))!)).toBe(formatRational(amount));
    },
  );

  test.prop([partnerCredential(), fc.integer({ min: 1, max: 45 }), statePair], propertyParams(412))(
    "contact hours carried through one state's unit, then another's, come back unchanged",
    (input, hours, [a, b]) => {
      const credential = EarnedCredential.parse({ ...input, id: "c", amount: { value: hours, unit: "hour" } });
      const s = subjectOf(credential);
      const inA = renewal[a].conversions.convert(toRational(hours), "hour", s)!;
      const backFromA = renewal[a].conversions.convertFrom(inA.value, "hour", s)!;
      const inB = renewal[b].conversions.convert(backFromA, "hour", s)!;
      // e.g. 21 h = 21 AR PD hours = 2.1 NC CEU = 21 SC credits = 1.5 WY credits: each back to 21 h
      expect(formatRational(renewal[b].conversions.convertFrom(inB.value, "hour", s)!)).toBe(String(hours));
    },
  );

  test.prop(
    [
      partnerCredential(),
      fc.constantFrom(...PARTNER_STATES),
      fc.array(earnedAmount.map((a) => a.value), { minLength: 1, maxLength: 6 }).chain((xs) => fc.tuple(fc.constant(xs), fc.shuffledSubarray(xs, { minLength: xs.length }))),
    ],
    propertyParams(413),
  )("totals do not depend on the order of conversion: converting a sum equals summing conversions, in any order", (input, state, [values, shuffled]) => {
    const credential = EarnedCredential.parse({ ...input, id: "c" });
    const unit = credential.amount!.unit;
    const table = renewal[state].conversions;
    const s = subjectOf(credential);
    fc.pre(table.convert(toRational(1), unit, s) !== undefined);
    const each = (xs: readonly (number | string)[]) => xs.reduce((sum, x) => sum.add(table.convert(toRational(x), unit, s)!.value), ZERO);
    const whole = table.convert(
      values.reduce((sum: ReturnType<typeof toRational>, x) => sum.add(toRational(x)), ZERO),
      unit,
      s,
    )!.value;
    expect(formatRational(each(values))).toBe(formatRational(whole));
    expect(formatRational(each(shuffled))).toBe(formatRational(whole));
  });

  test.prop([partnerRecord({ max: 6 }), statePair], propertyParams(414))(
    "transfer: an hour-valued credential converted by a rule (uncapped) is worth its own hours in both states; totals add up",
    (record, [from, to]) => {
      const report = transfer(record, four, { from, to, asOf });
      const byId = new Map(record.credentials!.map((c) => [c.id, c]));
      for (const c of report.credentials) {
        const own = byId.get(c.id)!.amount!;
        for (const [state, outcomes] of [
          [from, c.source],
          [to, c.target],
        ] as const) {
          for (const o of outcomes) {
            const rule = renewal[state].recognition.find((r) => r.id === o.recognizedBy);
            if (own.unit !== "hour" || rule?.value !== "convert" || o.reasons.some((r) => r.code === "capped")) continue;
            expect(o.contactHours).toBe(String(own.value));
          }
        }
      }
      // the credit that carries over is the sum of the credit values (in the policy's unit, so not
      // the "1 credential" of one counted by number) of the transferring credentials not set aside
      for (const [k, total] of report.totals.entries()) {
        const sum = report.credentials
          .map((c) => [c, c.target[k]!] as const)
          .filter(([c, o]) => c.transfers && o.recognizedBy !== undefined && o.status !== "rejected" && o.value!.unit === total.value.unit)
          .reduce((s, [, o]) => s.add(toRational(o.value!.amount)), ZERO);
        expect(total.value.amount).toBe(formatRational(sum));
      }
    },
  );
});

/** Does any credential filter of the policy tell the two states apart (a list naming one of them)? */
function namesOrigin(policy: Policy, a: string, b: string): boolean {
  let named = false;
  const visit = (node: unknown, key: string | undefined): void => {
    if (Array.isArray(node)) {
      if (key === "issuer_state" || key === "earned_in" || key === "origin_state") {
        if (node.includes(a) !== node.includes(b)) named = true;
      }
      node.forEach((n) => visit(n, undefined));
    } else if (typeof node === "string") {
      if ((key === "issuer_state" || key === "earned_in" || key === "origin_state") && (node === a || node === b)) named = true;
    } else if (node && typeof node === "object") {
      for (const [k, v] of Object.entries(node)) visit(v, k);
    }
  };
  visit(policy, undefined);
  return named;
}

/** What one credential amounts to in a state's results (everything but the wording of reasons). */
function worth(results: readonly StateResult[], id: string) {
  return results.map((r) => {
    const c = r.credentials.find((x) => x.id === id)!;
    return { policy: r.policy.id, status: c.status, value: c.value, rule: c.recognizedBy, placements: c.placements, reasons: c.reasons.map((x) => x.code) };
  });
}

describe("property 2: origin neutrality", () => {
  const partnerOrigins = fc.constantFrom(...PARTNER_STATES).chain((target) => {
    const others = PARTNER_STATES.filter((s) => s !== target);
    // two different origins: the same origin twice would compare a state with itself
    return fc
      .constantFrom(...others)
      .chain((o1) => fc.tuple(fc.constant(target), fc.constant(o1), fc.constantFrom(...others.filter((s) => s !== o1))));
  });
  const qasBiased = partnerCredential().map((c) => ({ ...c, kind: "micro_credential" as const, approvals: [...new Set(["mpos-qas", ...(c.approvals ?? [])])] }));

  test.prop([partnerOrigins, fc.oneof(qasBiased, partnerCredential()), partnerRecord({ max: 4 }), fc.boolean()], propertyParams(421))(
    "a credential is worth the same in a target state whichever partner state it was earned in",
    ([target, o1, o2], credential, base, byIssuer) => {
      const policies = builtin.filter((p) => p.state === target);
      fc.pre(!policies.some((p) => namesOrigin(p.policy, o1, o2)));
      // the origin is where it was earned (a national issuer), or its issuer's state
      const { issuer: _issuer, earned_in: _earnedIn, ...rest } = credential as typeof credential & { earned_in?: string };
      const from = (o: string) => ({
        ...rest,
        id: "moving",
        ...(byIssuer ? { issuer: { id: "partner-issuer", state: o } } : { issuer: { id: "digital-promise" }, earned_in: o }),
      });
      const record = (o: string): EducatorRecordInput => ({ ...base, credentials: [...base.credentials!, from(o) as never] });
      const a = evaluate(record(o1), policies, { asOf, states: [target] }).results;
      const b = evaluate(record(o2), policies, { asOf, states: [target] }).results;
      expect(worth(b, "moving")).toEqual(worth(a, "moving"));
      expect(b.map((r) => r.stacks.map((s) => [s.id, s.status, s.gaps]))).toEqual(a.map((r) => r.stacks.map((s) => [s.id, s.status, s.gaps])));
    },
  );

  test("the check can fail: a policy that names the origin values the same credential differently", () => {
    const nc = renewal.NC.policy;
    const named: Policy = {
      ...nc,
      recognition: [{ id: "only-from-sc", match: { kind: "micro_credential", origin_state: "SC" }, value: "convert" }, ...nc.recognition],
    };
    expect(namesOrigin(named, "SC", "WY")).toBe(true);
    expect(namesOrigin(nc, "SC", "WY")).toBe(false);
    const record = (o: string): EducatorRecordInput => ({
      id: "t",
      licenses: [{ state: "NC", type: "CPL", role: "teacher", grade_band: "6-12", issued: "2024-07-01", expires: "2029-06-30" }],
      credentials: [{ id: "moving", title: "MC", issuer: { id: "digital-promise" }, kind: "micro_credential", amount: { value: 10, unit: "hour" }, earned: "2025-01-10", earned_in: o }],
    });
    // from SC: 10 h = 1 CEU by the named rule; from WY: no rule accepts an unapproved MC
    expect(worth(evaluate(record("SC"), named, { asOf }).results, "moving")[0]).toMatchObject({ status: "counted", value: { amount: "1" } });
    expect(worth(evaluate(record("WY"), named, { asOf }).results, "moving")[0]).toMatchObject({ status: "rejected", reasons: ["not_recognized"] });
  });
});

/** Replaces every string equal to `from` (a state code) with `to`, deeply. */
function swapCode<T>(value: T, from: string, to: string): T {
  if (typeof value === "string") return (value === from ? to : value) as T;
  if (Array.isArray(value)) return value.map((v) => swapCode(v, from, to)) as T;
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, swapCode(v, from, to)])) as T;
  return value;
}

/** Renames "ZZ" back to the state code inside every string of a report (messages included). */
function back<T>(value: T, code: string): T {
  return JSON.parse(JSON.stringify(value).replace(/\bZZ\b/g, code)) as T;
}

describe("property 3: no state logic in code", () => {
  // every built-in policy as data (no file positions on either side), and a copy of all of them
  // with one state's code replaced by ZZ; objects are made once so each compiles once
  const data = builtin.map((p) => p.policy);
  const renamed = Object.fromEntries(PARTNER_STATES.map((s) => [s, data.map((p) => swapCode(p, s, "ZZ"))])) as Record<PartnerState, Policy[]>;

  test.prop([fc.constantFrom(...PARTNER_STATES), partnerRecord({ max: 5 })], propertyParams(431))(
    "a state's policies copied under ZZ evaluate the record (codes swapped) exactly as before",
    (state, record) => {
      const original = evaluate(record, data, { asOf, states: [state] });
      const copy = evaluate(swapCode(record, state, "ZZ"), renamed[state], { asOf, states: ["ZZ"] });
      expect(copy.results.map((r) => r.state)).toEqual(original.results.map(() => "ZZ"));
      expect(JSON.stringify(back(copy, state))).toBe(JSON.stringify(original));
    },
  );

  test.prop([statePair, fc.boolean(), partnerRecord({ max: 5 })], propertyParams(432))(
    "a transfer into or out of the renamed state is the same transfer",
    ([state, other], into, record) => {
      const direction = (s: string) => (into ? { from: other, to: s } : { from: s, to: other });
      const original = transfer(record, data, { ...direction(state), asOf });
      const copy = transfer(swapCode(record, state, "ZZ"), renamed[state], { ...direction("ZZ"), asOf });
      expect(JSON.stringify(back(copy, state))).toBe(JSON.stringify(original));
    },
  );
});
