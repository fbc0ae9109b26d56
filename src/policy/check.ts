/**
 * Semantic checks of a policy that its schema cannot express: unique ids, references that
 * resolve, stacks that do not require each other in a cycle, units that convert to the credit
 * unit, conversions that agree, and whole-number counts.
 */
import type { IssueCode } from "../errors/codes.js";
import { createIssue, formatPath, type CredstackIssue } from "../errors/issue.js";
import { sortIssues } from "../errors/sort.js";
import { DERIVED_FACTS } from "../evaluate/facts.js";
import { closestMatch } from "../errors/suggest.js";
import { formatRational, toRational, type Rational } from "../quantity/rational.js";
import type { Match, Policy, Requirement } from "../schema/policy.js";
import type { DataPath, Locator } from "../yaml/read.js";

/**
 * Checks a schema-valid policy for what the schema cannot see, and returns the issues found
 * (none when the policy is sound), sorted by position then path.
 *
 * Codes: `duplicate_id`, `unknown_reference`, `stack_cycle`, `unit_unreachable`,
 * `conversion_conflict`, `invalid_count`.
 *
 * @example
 * const policy = Policy.parse(data);
 * checkPolicy(policy, locate).map((issue) => issue.code) //=> ["unknown_reference"]
 */
export function checkPolicy(policy: Policy, locate?: Locator): CredstackIssue[] {
  const issues: CredstackIssue[] = [];
  const report = (code: IssueCode, message: string, path: DataPath, hint?: string): void => {
    issues.push(createIssue(code, message, path, { hint, position: locate?.(path) }));
  };
  const where = (path: DataPath): string => {
    const line = locate?.(path)?.line;
    return line === undefined ? formatPath(path) : `${formatPath(path)} (line ${line})`;
  };
  const requirements = requirementsOf(policy);

  checkIds(policy, requirements, report, where);
  checkCitations(policy, report);
  checkStacks(policy, requirements, report);
  checkUnits(policy, requirements, report);
  checkConversions(policy, report);
  checkCounts(requirements, report);
  return sortIssues(issues);
}

type Report = (code: IssueCode, message: string, path: DataPath, hint?: string) => void;

/** A requirement with its path and the stack it belongs to. */
interface PlacedRequirement {
  readonly requirement: Requirement;
  readonly path: DataPath;
  readonly stack: string;
}

/** Every requirement in every stack and variant, depth first, in document order. */
function requirementsOf(policy: Policy): PlacedRequirement[] {
  const out: PlacedRequirement[] = [];
  const visit = (list: readonly Requirement[], path: DataPath, stack: string): void => {
    list.forEach((requirement, index) => {
      const at = [...path, index];
      out.push({ requirement, path: at, stack });
      if ("all" in requirement) visit(requirement.all, [...at, "all"], stack);
      if ("any" in requirement) visit(requirement.any, [...at, "any"], stack);
    });
  };
  policy.stacks.forEach((stack, s) => {
    if (stack.requirements) visit(stack.requirements, ["stacks", s, "requirements"], stack.id);
    stack.variants?.forEach((variant, v) => visit(variant.requirements, ["stacks", s, "variants", v, "requirements"], stack.id));
  });
  return out;
}

////////////////////////////////////////////////////////////////////////////////
// unique ids
////////////////////////////////////////////////////////////////////////////////

function checkIds(policy: Policy, requirements: readonly PlacedRequirement[], report: Report, where: (path: DataPath) => string): void {
  const unique = (ids: readonly string[] | undefined, path: DataPath, what: string, key = "id"): void => {
    const first = new Map<string, DataPath>();
    ids?.forEach((id, index) => {
      const at = [...path, index, key];
      const earlier = first.get(id);
      if (earlier) {
        report("duplicate_id", `Duplicate ${what} id '${id}'.`, at, `The first is at ${where(earlier)}; give each ${what} its own id.`);
      } else {
        first.set(id, at);
      }
    });
  };
  const idsOf = (items: readonly { readonly id: string }[] | undefined): string[] | undefined => items?.map((item) => item.id);

  unique(idsOf(policy.sources), ["sources"], "source");
  unique(idsOf(policy.assumptions), ["assumptions"], "assumption");
  unique(idsOf(policy.recognition), ["recognition"], "recognition rule");
  unique(policy.catalog?.map((entry) => entry.achievement), ["catalog"], "catalog achievement", "achievement");
  unique(idsOf(policy.stacks), ["stacks"], "stack");
  unique(idsOf(policy.facts), ["facts"], "declared fact");
  policy.facts?.forEach((f, i) => {
    if (Object.hasOwn(DERIVED_FACTS, f.id)) {
      report("duplicate_id", `The declared fact '${f.id}' has the name of a fact credstack derives.`, ["facts", i, "id"], "Give it another name; callers can already supply a derived fact to override it.");
    }
  });
  policy.stacks.forEach((stack, s) => {
    unique(idsOf(stack.variants), ["stacks", s, "variants"], "variant");
    unique(idsOf(stack.requirements), ["stacks", s, "requirements"], "requirement");
    stack.variants?.forEach((variant, v) => unique(idsOf(variant.requirements), ["stacks", s, "variants", v, "requirements"], "requirement"));
  });
  for (const { requirement, path } of requirements) {
    if ("all" in requirement) unique(idsOf(requirement.all), [...path, "all"], "requirement");
    if ("any" in requirement) unique(idsOf(requirement.any), [...path, "any"], "requirement");
    // categories and limits share one namespace in a pool: reports list both by id
    if ("categories" in requirement || "limits" in requirement) {
      const named = [
        ...(requirement.categories ?? []).map((c, i) => ({ id: c.id, at: [...path, "categories", i, "id"] })),
        ...("limits" in requirement ? (requirement.limits ?? []) : []).map((l, i) => ({ id: l.id, at: [...path, "limits", i, "id"] })),
      ];
      const first = new Map<string, DataPath>();
      for (const { id, at } of named) {
        const earlier = first.get(id);
        if (earlier) {
          report("duplicate_id", `Duplicate category or limit id '${id}' in one pool.`, at, `The first is at ${where(earlier)}; give each its own id.`);
        } else {
          first.set(id, at);
        }
      }
    }
  }
}

////////////////////////////////////////////////////////////////////////////////
// citations: source and assumption ids
////////////////////////////////////////////////////////////////////////////////

function checkCitations(policy: Policy, report: Report): void {
  const sources = policy.sources.map((s) => s.id);
  const assumptions = (policy.assumptions ?? []).map((a) => a.id);
  const known = { source: new Set(sources), assumption: new Set(assumptions) };
  const lists = { source: sources, assumption: assumptions };

  const check = (kind: "source" | "assumption", id: unknown, path: DataPath): void => {
    if (typeof id !== "string" || known[kind].has(id)) return;
    const suggestion = closestMatch(id, lists[kind]);
    const hint = suggestion ? `Did you mean '${suggestion}'?` : `Define it under ${kind === "source" ? "sources" : "assumptions"}, or fix the id.`;
    report("unknown_reference", `Unknown ${kind} '${id}'.`, path, hint);
  };

  // every object in the policy may cite; condition parameters are the caller's data, not citations
  const walk = (value: unknown, path: DataPath): void => {
    if (Array.isArray(value)) {
      value.forEach((item, index) => walk(item, [...path, index]));
      return;
    }
    if (typeof value !== "object" || value === null) return;
    for (const [key, child] of Object.entries(value)) {
      if (key === "params") continue;
      if (key === "source" && Array.isArray(child)) child.forEach((id, index) => check("source", id, [...path, key, index]));
      else if (key === "source") check("source", child, [...path, key]);
      else if (key === "assumption") check("assumption", child, [...path, key]);
      else walk(child, [...path, key]);
    }
  };
  walk(policy, []);
}

////////////////////////////////////////////////////////////////////////////////
// stack references and cycles
////////////////////////////////////////////////////////////////////////////////

function checkStacks(policy: Policy, requirements: readonly PlacedRequirement[], report: Report): void {
  const ids = policy.stacks.map((s) => s.id);
  const known = new Set(ids);
  const edges = new Map<string, { target: string; path: DataPath }[]>();
  for (const { requirement, path, stack } of requirements) {
    if (!("stack" in requirement)) continue;
    const target = requirement.stack;
    const at = [...path, "stack"];
    if (!known.has(target)) {
      const suggestion = closestMatch(target, ids);
      report("unknown_reference", `Unknown stack '${target}'.`, at, suggestion ? `Did you mean '${suggestion}'?` : "Use the id of a stack in this policy.");
      continue;
    }
    const list = edges.get(stack) ?? [];
    list.push({ target, path: at });
    edges.set(stack, list);
  }

  // depth-first search; an edge back to a stack still on the path closes a cycle
  const state = new Map<string, "open" | "done">();
  const trail: string[] = [];
  const visit = (id: string): void => {
    state.set(id, "open");
    trail.push(id);
    for (const { target, path } of edges.get(id) ?? []) {
      const seen = state.get(target);
      if (seen === "open") {
        const cycle = [...trail.slice(trail.indexOf(target)), target].map((s) => `'${s}'`).join(" → ");
        report("stack_cycle", `Stacks require each other in a cycle: ${cycle}.`, path);
      } else if (seen === undefined) {
        visit(target);
      }
    }
    trail.pop();
    state.set(id, "done");
  };
  for (const id of ids) if (!state.has(id)) visit(id);
}

////////////////////////////////////////////////////////////////////////////////
// units
////////////////////////////////////////////////////////////////////////////////

function checkUnits(policy: Policy, requirements: readonly PlacedRequirement[], report: Report): void {
  const creditUnit = policy.credit_unit.id;
  // edges point from a unit to the units it converts into; a non-zero rate also converts back
  const into = new Map<string, Set<string>>();
  const edge = (from: string, to: string): void => {
    const set = into.get(to) ?? new Set<string>();
    set.add(from);
    into.set(to, set);
  };
  for (const conversion of policy.conversions ?? []) {
    edge(conversion.from, conversion.to);
    if (toRational(conversion.rate).compare(0) !== 0) edge(conversion.to, conversion.from);
  }
  const reaches = new Set<string>([creditUnit]);
  const queue = [creditUnit];
  while (queue.length > 0) {
    for (const unit of into.get(queue.shift()!) ?? []) {
      if (!reaches.has(unit)) {
        reaches.add(unit);
        queue.push(unit);
      }
    }
  }

  const reported = new Set<string>();
  const check = (unit: string, path: DataPath): void => {
    if (reaches.has(unit) || reported.has(unit)) return;
    reported.add(unit);
    report("unit_unreachable", `The unit '${unit}' cannot be converted to the credit unit '${creditUnit}'.`, path);
  };
  const checkMatch = (match: Match | undefined, path: DataPath): void => {
    if (!match) return;
    if (typeof match.unit === "string") check(match.unit, [...path, "unit"]);
    else match.unit?.forEach((unit, index) => check(unit, [...path, "unit", index]));
    checkMatch(match.not, [...path, "not"]);
  };

  policy.conversions?.forEach((conversion, index) => {
    check(conversion.from, ["conversions", index, "from"]);
    check(conversion.to, ["conversions", index, "to"]);
    checkMatch(conversion.when, ["conversions", index, "when"]);
  });
  policy.recognition.forEach((rule, index) => checkMatch(rule.match, ["recognition", index, "match"]));
  policy.catalog?.forEach((entry, index) => {
    if (entry.unit !== undefined) check(entry.unit, ["catalog", index, "unit"]);
  });
  for (const { requirement, path } of requirements) {
    if ("from" in requirement) checkMatch(requirement.from, [...path, "from"]);
    if ("categories" in requirement) requirement.categories?.forEach((c, i) => checkMatch(c.from, [...path, "categories", i, "from"]));
    if ("limits" in requirement) requirement.limits?.forEach((l, i) => checkMatch(l.from, [...path, "limits", i, "from"]));
  }
}

/**
 * Unconditional conversions must agree: when two chains link the same two units, they must give
 * the same rate. Each unit gets a worth relative to a root unit of its group; a conversion inside
 * a group must match the worths already known.
 */
function checkConversions(policy: Policy, report: Report): void {
  const worth = new Map<string, { root: string; factor: Rational }>();
  const find = (unit: string): { root: string; factor: Rational } => {
    let found = worth.get(unit);
    if (!found) {
      found = { root: unit, factor: toRational(1) };
      worth.set(unit, found);
    }
    return found;
  };
  policy.conversions?.forEach((conversion, index) => {
    if (conversion.when !== undefined) return;
    const rate = toRational(conversion.rate);
    if (rate.compare(0) === 0) return;
    const from = find(conversion.from);
    const to = find(conversion.to);
    // 1 from = rate to, so worth(from) = rate × worth(to)
    if (from.root === to.root) {
      const known = from.factor.div(to.factor);
      if (!known.equals(rate)) {
        report(
          "conversion_conflict",
          `This conversion says 1 ${conversion.from} = ${formatRational(rate)} ${conversion.to}, but earlier conversions give 1 ${conversion.from} = ${formatRational(known)} ${conversion.to}.`,
          ["conversions", index, "rate"],
        );
      }
      return;
    }
    const scale = rate.mul(to.factor).div(from.factor);
    const oldRoot = from.root;
    for (const [unit, entry] of worth) {
      if (entry.root === oldRoot) worth.set(unit, { root: to.root, factor: entry.factor.mul(scale) });
    }
  });
}

////////////////////////////////////////////////////////////////////////////////
// counts
////////////////////////////////////////////////////////////////////////////////

function checkCounts(requirements: readonly PlacedRequirement[], report: Report): void {
  for (const { requirement, path } of requirements) {
    if (!("count" in requirement)) continue;
    requirement.categories?.forEach((category, index) => {
      if (toRational(category.min).d !== 1n) {
        report(
          "invalid_count",
          `The category '${category.id}' of a count pool needs a whole number of credentials, not ${String(category.min)}.`,
          [...path, "categories", index, "min"],
        );
      }
    });
  }
}
