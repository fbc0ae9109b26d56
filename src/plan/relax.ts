/**
 * The planner's lower bound: a relaxation of a stack's requirements that never asks for more
 * than the real evaluation does.
 *
 * Each pool of the stack (and of the stacks it refers to) becomes a demand. The relaxation is
 * generous in every way that could only make a stack easier: every recognized credential already
 * on the record counts in every pool and every category it matches at once (none is consumed by
 * another stack, none is cut by a limit), and a pool repeated per school year is one pool. Then
 * the catalog items still to be chosen must fill what is left: for credit, the fewest items whose
 * largest values reach the shortfall; for a count, one item per credential missing (a new
 * achievement, where the pool counts achievements once).
 *
 * Bounds combine soundly: inside one stack a credential is placed in one pool and, unless credit
 * is split, one category, so the bounds of a stack's own pools (and of the categories of a pool)
 * add up; alternatives (`any`) take the smallest bound among those that could be met; a referred
 * stack counts alone, or added to others only when no catalog item could serve both.
 */
import { ZERO, type Rational } from "../quantity/rational.js";
import type { CompiledNode, CompiledPolicy, CompiledStack } from "../policy/compile.js";
import type { RequirementResult, StackResult } from "../schema/report.js";
import type { MatchSubject } from "../evaluate/match.js";

/** A credential as the policy sees it: recognized, with its tags and value (count-only or credit). */
export interface Subject extends MatchSubject {
  readonly value: Rational;
  readonly countOnly: boolean;
}

interface CategoryDemand {
  readonly min: Rational;
  readonly eligible: readonly boolean[];
  readonly base: Coverage;
}

interface PoolDemand {
  readonly count: boolean;
  readonly distinct: boolean;
  readonly split: boolean;
  readonly min: Rational;
  /** Per catalog item: may it count here (filter and window)? */
  readonly eligible: readonly boolean[];
  readonly base: Coverage;
  readonly categories: readonly CategoryDemand[];
}

/** What the record's own credentials already bring: credit, a number, and the achievements counted. */
interface Coverage {
  readonly credit: Rational;
  readonly number: number;
  readonly achievements: ReadonlySet<string>;
}

/** A stack's requirements as demands on catalog items. */
export type Demand =
  | { readonly t: "pool"; readonly pool: PoolDemand }
  | { readonly t: "all"; readonly children: readonly Demand[] }
  | { readonly t: "any"; readonly need: number; readonly children: readonly Demand[] }
  | { readonly t: "ref"; readonly tree: Demand }
  | { readonly t: "zero" }
  | { readonly t: "never"; readonly why: string };

/** What the bound needs to know about the record and the catalog items. */
export interface RelaxInput {
  readonly policy: CompiledPolicy;
  /** The stack results of the policy in today's report. */
  readonly stacks: readonly StackResult[];
  /** The record's recognized credentials. */
  readonly existing: readonly Subject[];
  /** The catalog items, recognized (undefined when the policy does not recognize one). */
  readonly items: readonly (Subject | undefined)[];
}

/**
 * Builds the demand tree of a stack from the compiled policy and today's result (which says the
 * variant taken, what applies, and which conditions hold: none of that depends on credentials).
 *
 * @example
 * const tree = buildDemand(input, "cs-endorsement-6-12");
 * bound(tree, chosen, available).lb //=> 1 for a teacher one micro-credential short
 */
export function buildDemand(input: RelaxInput, stackId: string, seen: ReadonlySet<string> = new Set()): Demand {
  const stack = input.policy.stacks.find((s) => s.id === stackId);
  const result = input.stacks.find((s) => s.id === stackId);
  if (!stack || !result) return { t: "never", why: `stack '${stackId}' is not in the policy` };
  if (result.status === "met") return { t: "zero" };
  if (result.status === "not_eligible") return { t: "never", why: `'${stackId}' is not eligible: its prerequisites do not hold` };
  if (result.status === "not_evaluated") return { t: "never", why: `'${stackId}' is not evaluated: ${result.reason ?? "no reason given"}` };
  if (seen.has(stackId)) return { t: "zero" };
  const variant = stack.variants.find((v) => v.id === result.variant?.id) ?? stack.variants[0]!;
  const inWindow = (s: MatchSubject) => (result.window?.from === undefined || s.credential.earned >= result.window.from) && (result.window === undefined || s.credential.earned <= result.window.to);
  const existing = input.existing.filter(inWindow);
  const nested = new Set([...seen, stackId]);
  const roots = variant.requirements.map((n, i) => node(n, result.requirements[i], stack, existing, inWindow, input, nested));
  return { t: "all", children: roots };
}

function node(
  n: CompiledNode,
  r: RequirementResult | undefined,
  stack: CompiledStack,
  existing: readonly Subject[],
  inWindow: (s: MatchSubject) => boolean,
  input: RelaxInput,
  seen: ReadonlySet<string>,
): Demand {
  if (!r || r.status === "not_applicable") return { t: "zero" };
  switch (n.type) {
    case "condition":
      return r.status === "met" ? { t: "zero" } : { t: "never", why: `the condition '${r.title ?? r.id}' does not hold, and no credential changes that` };
    case "stack":
      return r.status === "met" ? { t: "zero" } : { t: "ref", tree: buildDemand(input, n.stack, seen) };
    case "all":
      return { t: "all", children: n.children.map((c, i) => node(c, r.children?.[i], stack, existing, inWindow, input, seen)) };
    case "any":
      return { t: "any", need: n.need, children: n.children.map((c, i) => node(c, r.children?.[i], stack, existing, inWindow, input, seen)) };
    case "credit":
    case "count": {
      const count = n.type === "count";
      const distinct = n.distinct === "achievement";
      const fits = (s: Subject) => inWindow(s) && n.from(s) && (count || !s.countOnly);
      const own = existing.filter(fits);
      // a pool repeated per school year is one pool here, its categories left out (generous)
      const categories = n.eachSchoolYear
        ? []
        : n.categories.flatMap((c, ci) => {
            const applies = r.children?.[ci]?.status !== "not_applicable";
            if (!applies) return [];
            return [{ min: c.min, eligible: input.items.map((s) => s !== undefined && fits(s) && c.from(s)), base: coverage(own.filter((s) => c.from(s)), count, distinct) }];
          });
      return {
        t: "pool",
        pool: {
          count,
          distinct,
          split: stack.splitCredit && !count,
          min: n.min,
          eligible: input.items.map((s) => s !== undefined && fits(s)),
          base: coverage(own, count, distinct),
          categories,
        },
      };
    }
  }
}

function coverage(subjects: readonly Subject[], count: boolean, distinct: boolean): Coverage {
  const achievements = new Set<string>();
  let number = 0;
  let credit = ZERO;
  for (const s of subjects) {
    credit = credit.add(s.value);
    const a = s.credential.achievement;
    if (count && distinct && a !== undefined) {
      if (!achievements.has(a)) number += 1;
      achievements.add(a);
    } else number += 1;
  }
  return { credit, number, achievements };
}

/** The bound at one node of the search. */
export interface Bound {
  /** No fewer catalog items than this complete the subtree (Infinity: none do). */
  readonly lb: number;
  /** Catalog items one of which any completion must add (undefined when the relaxation is met). */
  readonly need: ReadonlySet<number> | undefined;
  /** Items that could count anywhere in the subtree. */
  readonly touch: ReadonlySet<number>;
  /** Whether the subtree places credentials only in its own stack's pools. */
  readonly pure: boolean;
}

const NONE: ReadonlySet<number> = new Set();

/**
 * The lower bound for a demand tree, given the items chosen so far and those still available.
 *
 * @example
 * bound(tree, new Set(), new Set([0, 1, 2])) //=> { lb: 2, need: Set {0, 2}, ... }
 */
export function bound(d: Demand, chosen: ReadonlySet<number>, available: ReadonlySet<number>, items: readonly (Subject | undefined)[]): Bound {
  switch (d.t) {
    case "zero":
      return { lb: 0, need: undefined, touch: NONE, pure: true };
    case "never":
      return { lb: Infinity, need: NONE, touch: NONE, pure: true };
    case "ref": {
      const b = bound(d.tree, chosen, available, items);
      return { ...b, pure: false };
    }
    case "pool":
      return poolBound(d.pool, chosen, available, items);
    case "all": {
      const bs = d.children.map((c) => bound(c, chosen, available, items));
      if (bs.some((b) => b.lb === Infinity)) return { lb: Infinity, need: NONE, touch: NONE, pure: true };
      const pure = bs.filter((b) => b.pure);
      const entries: { lb: number; touch: ReadonlySet<number> }[] = bs.filter((b) => !b.pure).map((b) => ({ lb: b.lb, touch: b.touch }));
      if (pure.length > 0) entries.push({ lb: pure.reduce((s, b) => s + b.lb, 0), touch: union(pure.map((b) => b.touch)) });
      // entries no catalog item could serve together add up
      entries.sort((a, b) => b.lb - a.lb);
      let sum = 0;
      const used = new Set<number>();
      for (const e of entries) {
        if ([...e.touch].some((i) => used.has(i))) continue;
        sum += e.lb;
        e.touch.forEach((i) => used.add(i));
      }
      const lb = Math.max(sum, ...entries.map((e) => e.lb), 0);
      const needs = bs.map((b) => b.need).filter((n): n is ReadonlySet<number> => n !== undefined);
      const need = needs.length === 0 ? undefined : needs.reduce((a, b) => (b.size < a.size ? b : a));
      return { lb, need, touch: union(bs.map((b) => b.touch)), pure: pure.length === bs.length };
    }
    case "any": {
      const bs = d.children.map((c) => bound(c, chosen, available, items));
      const lbs = bs.map((b) => b.lb).sort((a, b) => a - b);
      const lb = d.need > lbs.length ? Infinity : lbs[d.need - 1]!;
      const met = bs.filter((b) => b.lb === 0).length;
      const need = met >= d.need ? undefined : union(bs.filter((b) => b.lb > 0 && b.lb !== Infinity).map((b) => b.need ?? NONE));
      return { lb, need, touch: union(bs.map((b) => b.touch)), pure: bs.every((b) => b.pure) };
    }
  }
}

function union(sets: readonly ReadonlySet<number>[]): ReadonlySet<number> {
  if (sets.length === 1) return sets[0]!;
  const out = new Set<number>();
  for (const s of sets) s.forEach((i) => out.add(i));
  return out;
}

/** How far a coverage falls short of a minimum after the chosen items, and which items could still help. */
function shortfall(
  min: Rational,
  base: Coverage,
  eligible: readonly boolean[],
  pool: PoolDemand,
  chosen: ReadonlySet<number>,
  available: ReadonlySet<number>,
  items: readonly (Subject | undefined)[],
): { items: number; helpful: Set<number> } {
  let credit = base.credit;
  let number = base.number;
  const achievements = new Set(base.achievements);
  const counts = (i: number) => {
    const a = items[i]!.credential.achievement;
    if (pool.distinct && a !== undefined) {
      if (achievements.has(a)) return false;
      achievements.add(a);
    }
    return true;
  };
  for (const i of chosen) {
    if (!eligible[i]) continue;
    credit = credit.add(items[i]!.value);
    if (counts(i)) number += 1;
  }
  const helpful = new Set<number>();
  if (pool.count) {
    const missing = Number(min.n / min.d) + (min.d === 1n ? 0 : 1) - number;
    if (missing <= 0) return { items: 0, helpful };
    const fresh = new Set<string>();
    let reach = 0;
    for (const i of available) {
      if (!eligible[i]) continue;
      const a = items[i]!.credential.achievement;
      if (pool.distinct && a !== undefined && achievements.has(a)) continue;
      helpful.add(i);
      if (pool.distinct && a !== undefined) {
        if (!fresh.has(a)) reach += 1;
        fresh.add(a);
      } else reach += 1;
    }
    return { items: reach >= missing ? missing : Infinity, helpful };
  }
  let missing = min.sub(credit);
  if (missing.compare(0) <= 0) return { items: 0, helpful };
  const values: Rational[] = [];
  for (const i of available) {
    if (!eligible[i] || items[i]!.value.compare(0) <= 0) continue;
    helpful.add(i);
    values.push(items[i]!.value);
  }
  values.sort((a, b) => b.compare(a));
  let k = 0;
  for (const v of values) {
    k += 1;
    missing = missing.sub(v);
    if (missing.compare(0) <= 0) return { items: k, helpful };
  }
  return { items: Infinity, helpful };
}

function poolBound(pool: PoolDemand, chosen: ReadonlySet<number>, available: ReadonlySet<number>, items: readonly (Subject | undefined)[]): Bound {
  const own = shortfall(pool.min, pool.base, pool.eligible, pool, chosen, available, items);
  const cats = pool.categories.map((c) => shortfall(c.min, c.base, c.eligible, pool, chosen, available, items));
  let catBound: number;
  if (!pool.split) catBound = cats.reduce((s, c) => s + c.items, 0);
  else catBound = Math.max(0, ...cats.map((c) => c.items));
  const lb = Math.max(own.items, catBound);
  const deficits = [own, ...cats].filter((x) => x.items > 0);
  const need = deficits.length === 0 ? undefined : deficits.map((x) => x.helpful as ReadonlySet<number>).reduce((a, b) => (b.size < a.size ? b : a));
  const touch = new Set<number>();
  for (const i of available) if (pool.eligible[i]) touch.add(i);
  return { lb, need, touch, pure: true };
}

/** Every catalog item some pool of the tree could count. */
export function usefulItems(d: Demand, n: number): boolean[] {
  const out = new Array<boolean>(n).fill(false);
  const walk = (x: Demand) => {
    if (x.t === "pool") x.pool.eligible.forEach((e, i) => e && (out[i] = true));
    else if (x.t === "all" || x.t === "any") x.children.forEach(walk);
    else if (x.t === "ref") walk(x.tree);
  };
  walk(d);
  return out;
}

/** Why a tree cannot be completed, when a part of it can never be (a failing condition, prerequisites). */
export function blockers(d: Demand): string[] {
  switch (d.t) {
    case "never":
      return [d.why];
    case "ref":
      return blockers(d.tree);
    case "all":
      return d.children.flatMap(blockers);
    case "any": {
      const open = d.children.filter((c) => blockers(c).length === 0).length;
      return open >= d.need ? [] : d.children.flatMap(blockers);
    }
    default:
      return [];
  }
}
