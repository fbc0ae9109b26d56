/**
 * Compiles a validated policy once into indexed structures that evaluation walks: filters become
 * predicates, amounts become exact rationals, stacks are ordered by their references, and every
 * node keeps a pointer back to its place in the YAML (path, line, column) and its citations.
 */
import type { SourcePosition } from "../errors/issue.js";
import { formatPath } from "../errors/issue.js";
import { toRational, type Rational } from "../quantity/rational.js";
import type { Condition, FactValue } from "../schema/condition.js";
import type {
  Category,
  Limit,
  Match,
  Policy,
  Recognition,
  Requirement,
  Stack,
  StackKind,
  Window,
} from "../schema/policy.js";
import type { RuleOrigin } from "../schema/report.js";
import { compileConversions, type ConversionTable } from "../evaluate/units.js";
import { compileMatch, type Matcher } from "../evaluate/match.js";
import { factNamesIn } from "../evaluate/conditions.js";

/** Finds the position of a path in the policy's source text. */
export type PolicyLocator = (path: readonly (string | number)[]) => SourcePosition | undefined;

/** Where a compiled node came from and what it cites. */
export interface RuleRef {
  readonly origin: RuleOrigin;
  /** The URLs of the sources this node (or its nearest cited ancestor) cites. */
  readonly sources: readonly string[];
  /** The ids of the assumptions this node rests on. */
  readonly assumptions: readonly string[];
}

export interface CompiledCategory {
  readonly id: string;
  readonly title: string | undefined;
  readonly min: Rational;
  readonly from: Matcher;
  readonly fromRaw: Match;
  readonly when: Condition | undefined;
  readonly ref: RuleRef;
}

export interface CompiledLimit {
  readonly id: string;
  readonly title: string | undefined;
  readonly max: Rational;
  readonly from: Matcher;
  readonly per: "pool" | "credential";
  readonly ref: RuleRef;
}

interface NodeBase {
  readonly id: string;
  readonly title: string | undefined;
  readonly when: Condition | undefined;
  readonly ref: RuleRef;
}

export interface CompiledPool extends NodeBase {
  readonly type: "credit" | "count";
  /** The minimum: credit in the policy's unit, or a number of credentials. */
  readonly min: Rational;
  readonly from: Matcher;
  readonly fromRaw: Match | undefined;
  readonly categories: readonly CompiledCategory[];
  readonly limits: readonly CompiledLimit[];
  readonly distinct: "achievement" | undefined;
  /** Set when the pool applies to each school year of the window. */
  readonly eachSchoolYear: { readonly startMonth: number; readonly includePartial: boolean; readonly ref: RuleRef } | undefined;
  /** For one school year's copy of a pool: its deadline (the year's last day, or the window's end). */
  readonly deadline?: string | undefined;
  /** For one school year's copy of a pool: what it accepts, in words. */
  readonly accepts?: string | undefined;
}

export type CompiledNode =
  | CompiledPool
  | (NodeBase & { readonly type: "condition"; readonly condition: Condition })
  | (NodeBase & { readonly type: "stack"; readonly stack: string })
  | (NodeBase & { readonly type: "all"; readonly children: readonly CompiledNode[] })
  | (NodeBase & { readonly type: "any"; readonly children: readonly CompiledNode[]; readonly need: number });

export interface CompiledVariant {
  readonly id: string | undefined;
  readonly title: string | undefined;
  readonly when: Condition | undefined;
  /** The variant's own window, replacing the stack's; undefined to use the stack's. */
  readonly window: Window | undefined;
  readonly requirements: readonly CompiledNode[];
  /** Every pool of the variant, as written (not yet repeated per school year). */
  readonly pools: readonly CompiledPool[];
  readonly ref: RuleRef;
}

export interface CompiledStack {
  readonly id: string;
  readonly kind: StackKind;
  readonly title: string;
  readonly index: number;
  readonly window: Window;
  readonly prerequisites: Condition | undefined;
  readonly exemptions: readonly { readonly id: string; readonly title: string; readonly when: Condition; readonly ref: RuleRef }[];
  readonly variants: readonly CompiledVariant[];
  readonly splitCredit: boolean;
  readonly exclusive: boolean;
  /** "proposed" or "pilot" when the stack (or the whole policy) is not adopted rule. */
  readonly adoption: "proposed" | "pilot" | undefined;
  readonly unlocks: readonly string[] | undefined;
  /** Every pool of the stack, in every variant (compiled once; used to see where a credential could count). */
  readonly pools: readonly CompiledPool[];
  /** The stacks this one refers to, in declared order (evaluated first). */
  readonly dependsOn: readonly string[];
  readonly ref: RuleRef;
}

export interface CompiledRecognition {
  readonly id: string;
  readonly match: Matcher;
  /** The kinds its filter names (`match.kind`), or undefined when it names none. */
  readonly kinds: readonly string[] | undefined;
  /** Its filter without the kind test: for a credential of one of `kinds`. */
  readonly matchOfKind: Matcher;
  readonly when: Condition | undefined;
  readonly value: "convert" | "catalog" | "flat" | "count";
  readonly flat: Rational | undefined;
  readonly max: Rational | undefined;
  readonly tags: readonly string[];
  readonly ref: RuleRef;
}

export interface CatalogValue {
  readonly title: string;
  readonly amount: Rational;
  readonly unit: string;
  readonly tags: readonly string[];
  readonly ref: RuleRef;
}

const COMPILED = Symbol.for("credstack.compiled-policy");

/** A policy compiled for evaluation. Create it with `compilePolicy` or `parsePolicy`. */
export interface CompiledPolicy {
  readonly [COMPILED]: true;
  /** The validated policy, as written. */
  readonly policy: Policy;
  /** The file or other source name it came from. */
  readonly source: string | undefined;
  readonly id: string;
  readonly version: string;
  readonly state: string;
  readonly unit: string;
  readonly unitLabel: string;
  readonly conversions: ConversionTable;
  /** Where each conversion is and what it cites, by index. */
  readonly conversionRefs: readonly RuleRef[];
  /** Where the credit unit and the license rule are, and what they cite. */
  readonly unitRef: RuleRef;
  readonly licenseRef: RuleRef | undefined;
  readonly recognition: readonly CompiledRecognition[];
  readonly catalog: ReadonlyMap<string, CatalogValue>;
  /** Stacks in the order they are declared. */
  readonly stacks: readonly CompiledStack[];
  /** Stacks in evaluation order (referenced stacks first). */
  readonly evaluationOrder: readonly CompiledStack[];
  readonly licenseTypes: readonly string[] | undefined;
  /** Every condition in the policy, each once, in document order. */
  readonly conditions: readonly Condition[];
  /** Every fact name the conditions use, sorted. */
  readonly factNames: readonly string[];
  /** The defaults of the facts the policy declares. */
  readonly factDefaults: Readonly<Record<string, FactValue>>;
  readonly ref: RuleRef;
  /** Where a path in the policy is, as a rule origin. */
  origin(path: readonly (string | number)[]): RuleOrigin;
  /** An assumption's text and reason, by id. */
  assumption(id: string): { text: string; reason: string } | undefined;
  /** A label for a unit. */
  unitName(unit: string): string;
}

/**
 * Tells whether a value is a compiled policy.
 *
 * @example
 * isCompiledPolicy(parsePolicy(text)) //=> true
 * isCompiledPolicy(parsePolicyData(data)) //=> false (a validated policy, not yet compiled)
 */
export function isCompiledPolicy(value: unknown): value is CompiledPolicy {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[COMPILED] === true;
}

/**
 * Compiles a validated policy. `parsePolicy` calls it for you; call it yourself for a policy
 * built in code (validate it first with `parsePolicyData`).
 *
 * @example
 * const compiled = compilePolicy(policy, { source: "rules/nc-renewal-2024.yaml", locate });
 * compiled.stacks.map((s) => s.id) //=> ["renewal"]
 */
export function compilePolicy(
  policy: Policy,
  options: { source?: string | undefined; locate?: PolicyLocator | undefined } = {},
): CompiledPolicy {
  const { source, locate } = options;
  const policyName = `${policy.id}@${policy.version}`;
  const urls = new Map(policy.sources.map((s) => [s.id, s.url]));
  const assumptions = new Map((policy.assumptions ?? []).map((a) => [a.id, { text: a.text, reason: a.reason }]));

  const origin = (path: readonly (string | number)[]): RuleOrigin => {
    const position = locate?.(path);
    return {
      policy: policyName,
      ...(source !== undefined ? { file: source } : {}),
      path: formatPath(path),
      ...(position ? { line: position.line, column: position.column } : {}),
    };
  };

  const ref = (
    path: readonly (string | number)[],
    node: { source?: string | string[] | undefined; assumption?: string | undefined },
    inherited?: RuleRef,
  ): RuleRef => {
    const ids = node.source === undefined ? [] : typeof node.source === "string" ? [node.source] : node.source;
    const own = ids.map((id) => urls.get(id)).filter((u): u is string => u !== undefined);
    return {
      origin: origin(path),
      sources: own.length > 0 ? own : (inherited?.sources ?? []),
      assumptions: node.assumption !== undefined ? [node.assumption] : [],
    };
  };

  const policyRef = ref(["effective"], policy.effective);

  const compileCategory = (c: Category, path: (string | number)[], parent: RuleRef): CompiledCategory => ({
    id: c.id,
    title: c.title,
    min: toRational(c.min),
    from: compileMatch(c.from, policy.state),
    fromRaw: c.from,
    when: c.when,
    ref: ref(path, c, parent),
  });

  const compileLimit = (l: Limit, path: (string | number)[], parent: RuleRef): CompiledLimit => ({
    id: l.id,
    title: l.title,
    max: toRational(l.max),
    from: compileMatch(l.from, policy.state),
    per: l.per ?? "pool",
    ref: ref(path, l, parent),
  });

  const compileNode = (r: Requirement, path: (string | number)[], parent: RuleRef, deps: Set<string>): CompiledNode => {
    const nodeRef = ref(path, r, parent);
    const base = { id: r.id, title: r.title, when: r.when, ref: nodeRef };
    if ("credit" in r || "count" in r) {
      const isCredit = "credit" in r;
      return {
        ...base,
        type: isCredit ? "credit" : "count",
        min: toRational(isCredit ? r.credit : r.count),
        from: isCredit ? creditOnly(compileMatch(r.from, policy.state)) : compileMatch(r.from, policy.state),
        fromRaw: r.from,
        categories: (r.categories ?? []).map((c, i) => compileCategory(c, [...path, "categories", i], nodeRef)),
        limits: isCredit ? (r.limits ?? []).map((l, i) => compileLimit(l, [...path, "limits", i], nodeRef)) : [],
        distinct: isCredit ? undefined : r.distinct,
        eachSchoolYear: r.each_school_year
          ? {
              startMonth: r.each_school_year.start_month ?? 7,
              includePartial: r.each_school_year.include_partial ?? false,
              ref: ref([...path, "each_school_year"], r.each_school_year, nodeRef),
            }
          : undefined,
      };
    }
    if ("condition" in r) return { ...base, type: "condition", condition: r.condition };
    if ("stack" in r) {
      deps.add(r.stack);
      return { ...base, type: "stack", stack: r.stack };
    }
    if ("all" in r) {
      return { ...base, type: "all", children: r.all.map((c, i) => compileNode(c, [...path, "all", i], nodeRef, deps)) };
    }
    return {
      ...base,
      type: "any",
      need: r.need ?? 1,
      children: r.any.map((c, i) => compileNode(c, [...path, "any", i], nodeRef, deps)),
    };
  };

  const compileStack = (s: Stack, index: number): CompiledStack => {
    const path = ["stacks", index];
    const stackRef = ref(path, s, policyRef);
    const deps = new Set<string>();
    const variants: CompiledVariant[] = s.variants
      ? s.variants.map((v, i) => {
          const vPath = [...path, "variants", i];
          const vRef = ref(vPath, v, stackRef);
          const requirements = v.requirements.map((r, j) => compileNode(r, [...vPath, "requirements", j], vRef, deps));
          return { id: v.id, title: v.title, when: v.when, window: v.window, requirements, pools: requirements.flatMap(poolsIn), ref: vRef };
        })
      : [
          ((requirements: CompiledNode[]) => ({
            id: undefined,
            title: undefined,
            when: undefined,
            window: undefined,
            requirements,
            pools: requirements.flatMap(poolsIn),
            ref: stackRef,
          }))((s.requirements ?? []).map((r, j) => compileNode(r, [...path, "requirements", j], stackRef, deps))),
        ];
    return {
      id: s.id,
      kind: s.kind,
      title: s.title,
      index,
      window: s.window ?? { type: "none" },
      prerequisites: s.prerequisites,
      exemptions: (s.exemptions ?? []).map((e, i) => ({ id: e.id, title: e.title, when: e.when, ref: ref([...path, "exemptions", i], e, stackRef) })),
      variants,
      splitCredit: s.allocation?.split_credit ?? policy.allocation?.split_credit ?? false,
      exclusive: (s.allocation?.across_stacks ?? policy.allocation?.across_stacks ?? "exclusive") === "exclusive",
      adoption: ((): "proposed" | "pilot" | undefined => {
        const status = s.status ?? policy.status ?? "adopted";
        return status === "adopted" ? undefined : status;
      })(),
      unlocks: s.unlocks,
      pools: variants.flatMap((v) => v.pools),
      dependsOn: policy.stacks.map((x) => x.id).filter((id) => deps.has(id)),
      ref: stackRef,
    };
  };

  const stacks = policy.stacks.map(compileStack);

  const recognition = policy.recognition.map((r: Recognition, i): CompiledRecognition => {
    const match = compileMatch(r.match, policy.state);
    const kinds = kindsOf(r.match);
    return {
      id: r.id,
      match,
      kinds,
      // a credential is tried only on the rules that name its kind, or none (rulesForKind)
      matchOfKind: kinds === undefined ? match : compileMatch({ ...r.match, kind: undefined }, policy.state),
      when: r.when,
      value: typeof r.value === "string" ? r.value : "flat",
      flat: typeof r.value === "object" ? toRational(r.value.flat) : undefined,
      max: r.max !== undefined ? toRational(r.max) : undefined,
      tags: r.tags ?? [],
      ref: ref(["recognition", i], r, policyRef),
    };
  });

  const catalog = new Map<string, CatalogValue>();
  (policy.catalog ?? []).forEach((entry, i) => {
    catalog.set(entry.achievement, {
      title: entry.title,
      amount: toRational(entry.value),
      unit: entry.unit ?? policy.credit_unit.id,
      tags: entry.tags ?? [],
      ref: ref(["catalog", i], entry, policyRef),
    });
  });

  const conditions = [...new Set([...recognition.flatMap((r) => (r.when ? [r.when] : [])), ...collectConditions(stacks)])];
  const factNames = factNamesIn(conditions);

  const labels: Record<string, string> = { ...policy.unit_labels, [policy.credit_unit.id]: policy.credit_unit.label };

  return {
    [COMPILED]: true,
    policy,
    source,
    id: policy.id,
    version: policy.version,
    state: policy.state,
    unit: policy.credit_unit.id,
    unitLabel: policy.credit_unit.label,
    conversions: compileConversions(policy.credit_unit.id, policy.conversions ?? [], policy.state),
    conversionRefs: (policy.conversions ?? []).map((c, i) => ref(["conversions", i], c, policyRef)),
    unitRef: ref(["credit_unit"], policy.credit_unit, policyRef),
    licenseRef: policy.license ? ref(["license"], policy.license, policyRef) : undefined,
    recognition,
    catalog,
    stacks,
    evaluationOrder: orderByDependencies(stacks),
    licenseTypes: policy.license?.types,
    conditions,
    factNames: [...factNames].sort(),
    factDefaults: Object.fromEntries((policy.facts ?? []).map((f) => [f.id, f.default])),
    ref: policyRef,
    origin,
    assumption: (id) => assumptions.get(id),
    unitName: (unit) => (Object.hasOwn(labels, unit) ? labels[unit]! : unit),
  };
}

/** The kinds a filter accepts, when it names any. */
function kindsOf(match: Match | undefined): readonly string[] | undefined {
  const kind = match?.kind;
  return kind === undefined ? undefined : typeof kind === "string" ? [kind] : kind;
}

/** A credit pool's filter: a credential recognized with `value: count` has no credit to give. */
function creditOnly(match: Matcher): Matcher {
  return (c) => c.countOnly !== true && match(c);
}

/** The pools in a requirement and its children. */
function poolsIn(n: CompiledNode): CompiledPool[] {
  if (n.type === "credit" || n.type === "count") return [n];
  return n.type === "all" || n.type === "any" ? n.children.flatMap(poolsIn) : [];
}

/** Every condition in the stacks (prerequisites, exemptions, variants, requirements, categories), each once. */
function collectConditions(stacks: readonly CompiledStack[]): Condition[] {
  const out = new Set<Condition>();
  const node = (n: CompiledNode) => {
    if (n.when) out.add(n.when);
    if (n.type === "condition") out.add(n.condition);
    if (n.type === "credit" || n.type === "count") n.categories.forEach((c) => c.when && out.add(c.when));
    if (n.type === "all" || n.type === "any") n.children.forEach(node);
  };
  for (const s of stacks) {
    if (s.prerequisites) out.add(s.prerequisites);
    for (const e of s.exemptions) out.add(e.when);
    for (const v of s.variants) {
      if (v.when) out.add(v.when);
      v.requirements.forEach(node);
    }
  }
  return [...out];
}

/** Orders stacks so that every stack comes after the stacks it refers to; declared order otherwise. */
function orderByDependencies(stacks: readonly CompiledStack[]): CompiledStack[] {
  const byId = new Map(stacks.map((s) => [s.id, s]));
  const done = new Set<string>();
  const visiting = new Set<string>();
  const out: CompiledStack[] = [];
  const visit = (s: CompiledStack) => {
    if (done.has(s.id) || visiting.has(s.id)) return; // cycles are rejected by checkPolicy
    visiting.add(s.id);
    for (const dep of s.dependsOn) {
      const d = byId.get(dep);
      if (d) visit(d);
    }
    visiting.delete(s.id);
    done.add(s.id);
    out.push(s);
  };
  stacks.forEach(visit);
  return out;
}
