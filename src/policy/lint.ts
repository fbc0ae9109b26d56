/**
 * Citation lint: every number and date in a policy must cite a source or an assumption, on the
 * node that holds it or on an enclosing requirement, variant or stack. A policy can be valid and
 * still fail this; `credstack validate --strict` and the tests of rules/ run it.
 */
import { createIssue, type CredstackIssue } from "../errors/issue.js";
import type { Requirement, Window } from "../schema/policy.js";
import type { CompiledPolicy } from "./compile.js";

type Cited = { source?: unknown; assumption?: unknown };
const cites = (node: Cited | undefined) => node !== undefined && (node.source !== undefined || node.assumption !== undefined);

/**
 * Lists the numbers and dates of a policy that cite nothing.
 *
 * @example
 * lintPolicy(loadPolicyFile("rules/nc-renewal-2024.yaml")) //=> []
 * lintPolicy(parsePolicy(uncitedText))[0].code //=> "uncited_value"
 */
export function lintPolicy(compiled: CompiledPolicy): CredstackIssue[] {
  const policy = compiled.policy;
  const issues: CredstackIssue[] = [];
  const flag = (path: (string | number)[], what: string) => {
    const origin = compiled.origin(path);
    issues.push(
      createIssue("uncited_value", `${what} cites no source and no assumption.`, path, {
        ...(origin.line !== undefined ? { position: { ...(origin.file !== undefined ? { file: origin.file } : {}), line: origin.line, column: origin.column ?? 1 } } : {}),
      }),
    );
  };

  if (!cites(policy.effective)) flag(["effective", "from"], "The effective date");
  (policy.conversions ?? []).forEach((c, i) => cites(c) || flag(["conversions", i, "rate"], `The rate of the conversion from ${c.from} to ${c.to}`));
  policy.recognition.forEach((r, i) => {
    if (typeof r.value === "object" && !cites(r)) flag(["recognition", i, "value"], `The flat value of recognition rule '${r.id}'`);
    if (r.max !== undefined && !cites(r)) flag(["recognition", i, "max"], `The cap of recognition rule '${r.id}'`);
  });
  (policy.catalog ?? []).forEach((e, i) => cites(e) || flag(["catalog", i, "value"], `The value of catalog entry '${e.achievement}'`));

  const walk = (r: Requirement, path: (string | number)[], inherited: boolean) => {
    const cited = inherited || cites(r);
    if ("credit" in r && !cited) flag([...path, "credit"], `The credit of requirement '${r.id}'`);
    if ("count" in r && !cited) flag([...path, "count"], `The count of requirement '${r.id}'`);
    if ("credit" in r || "count" in r) {
      (r.categories ?? []).forEach((c, i) => cited || cites(c) || flag([...path, "categories", i, "min"], `The minimum of category '${c.id}'`));
    }
    if ("credit" in r) (r.limits ?? []).forEach((l, i) => cited || cites(l) || flag([...path, "limits", i, "max"], `The cap of limit '${l.id}'`));
    if (("credit" in r || "count" in r) && r.each_school_year?.start_month !== undefined && !cited && !cites(r.each_school_year)) {
      flag([...path, "each_school_year", "start_month"], `The school-year start of requirement '${r.id}'`);
    }
    if ("all" in r) r.all.forEach((c, i) => walk(c, [...path, "all", i], cited));
    if ("any" in r) {
      if (r.need !== undefined && !cited) flag([...path, "need"], `The number of alternatives requirement '${r.id}' needs`);
      r.any.forEach((c, i) => walk(c, [...path, "any", i], cited));
    }
    if (("credit" in r || "count" in r) && r.from?.min_value !== undefined && !cited) flag([...path, "from", "min_value"], `The minimum value in requirement '${r.id}'`);
    if (("credit" in r || "count" in r) && r.from?.min_amount !== undefined && !cited) flag([...path, "from", "min_amount", "value"], `The minimum amount in requirement '${r.id}'`);
  };
  const lintWindow = (w: Window | undefined, path: (string | number)[], what: string) => {
    if (w?.type === "rolling") flag([...path, "window", "years"], `The window of ${what}`);
    if (w?.type === "fixed") flag([...path, "window", "from"], `The window of ${what}`);
    if (w?.type === "license_cycle" && w.expired_lookback_years !== undefined) flag([...path, "window", "expired_lookback_years"], `The look-back of ${what}`);
  };
  policy.stacks.forEach((s, si) => {
    const stackCited = cites(s);
    if (!stackCited) lintWindow(s.window, ["stacks", si], `stack '${s.id}'`);
    (s.variants ?? []).forEach((v, vi) => stackCited || cites(v) || lintWindow(v.window, ["stacks", si, "variants", vi], `variant '${v.id}' of stack '${s.id}'`));
    (s.requirements ?? []).forEach((r, i) => walk(r, ["stacks", si, "requirements", i], stackCited));
    (s.variants ?? []).forEach((v, vi) =>
      v.requirements.forEach((r, i) => walk(r, ["stacks", si, "variants", vi, "requirements", i], stackCited || cites(v))),
    );
  });
  return issues;
}
