/**
 * Placing credentials on requirements: the allocation problem and its exact solver.
 *
 * The problem is abstract (integers, no policy types): items with a value, pools with a minimum,
 * categories inside pools with minimums, caps (limits) on how much of a pool's credit some items
 * may bring, and groups of which a pool takes at most one item. Each item goes to at most one
 * pool; inside a pool it goes to one category, or, when credit may be split (credit pools only),
 * its value is divided between categories.
 *
 * Given where the items go, a pool is settled exactly by max-flow: source → limits (nested or
 * disjoint, as a tree) → items → categories → sink, first filling the categories' minimums, then
 * the pool's total. Limits that overlap without nesting are settled greedily and the answer is
 * flagged not proven optimal.
 *
 * The solver minimises the total shortfall (the sum over every pool and category of what is
 * still missing). Indivisible credit is an exact branch-and-bound search: items in a canonical
 * order (value, eligibility, key), options in declared order, symmetric items forced into
 * non-decreasing options, and a lower bound from the value still to be placed. The first best
 * placement in that order is returned, so the answer does not depend on the input order.
 * A node budget stops pathological searches; the answer is then flagged `optimal: false`.
 */
import { fastPaths } from "./fast-paths.js";
import { FlowNetwork } from "./flow.js";

/** One credential in an allocation problem. */
export interface AllocationItem {
  /** A unique, stable key (the credential id): the final tie-break. */
  readonly key: string;
  /** Its value in integer units (credit scaled to integers; 1 in count pools is applied by the pool). */
  readonly value: number;
}

/** A minimum inside a pool. */
export interface AllocationCategory {
  readonly min: number;
  /** Per item (same order as `items`): may it count here? */
  readonly eligible: readonly boolean[];
}

/** A cap on a pool's total from some items. */
export interface AllocationLimit {
  readonly max: number;
  readonly members: readonly boolean[];
}

/** A pool: a minimum over the credit (or count) of the items placed in it. */
export interface AllocationPool {
  readonly measure: "credit" | "count";
  readonly min: number;
  readonly eligible: readonly boolean[];
  readonly categories: readonly AllocationCategory[];
  readonly limits: readonly AllocationLimit[];
  /** Per item: its value in this pool when it differs from the item's value (a per-credential cap). */
  readonly values?: readonly number[];
  /** Per item: a group id (-1 for none); the pool takes at most one item of each group. */
  readonly groups?: readonly number[];
}

/** The whole problem for one stack. */
export interface AllocationProblem {
  readonly items: readonly AllocationItem[];
  readonly pools: readonly AllocationPool[];
  /** Credit may be split between a pool's categories. */
  readonly split: boolean;
  /** Search nodes allowed before giving up on proving optimality (default 200 000). */
  readonly budget?: number;
  /**
   * What to find: the placement with the smallest shortfall (`"minimize"`, the default), or only
   * whether every minimum can be met (`"meet"`): a branch that cannot reach a shortfall of 0 is
   * cut at once, so a placement that is not met says only that, not how close it comes. When the
   * search proves that none meets them before settling any placement (every pool scored from
   * its running sums), the placement returned is empty (nothing placed), with a positive
   * shortfall. `"decide"` searches as `"meet"` does but returns no placement: only `shortfall`
   * (0 when a placement meeting every minimum was found; when `optimal`, a positive shortfall
   * means none can), `optimal` and `nodes` are meaningful; the shares and the amounts counted
   * are empty. It saves settling the placement found by flow, for a caller that needs only the
   * answer.
   */
  readonly goal?: "minimize" | "meet" | "decide";
}

/** A share of an item placed somewhere: category -1 means the pool itself. */
export interface AllocationShare {
  readonly item: number;
  readonly pool: number;
  readonly category: number;
  readonly amount: number;
}

/** The placement found. */
export interface AllocationSolution {
  /** Every share placed, ordered by pool, category, then item. */
  readonly shares: readonly AllocationShare[];
  /** Per pool: the total counted (after limits). */
  readonly poolCounted: readonly number[];
  /** Per pool, per category: the amount counted. */
  readonly categoryCounted: readonly (readonly number[])[];
  /** Per pool, per limit: the amount its items bring after all cuts, and the items cut. */
  readonly limitCounted: readonly (readonly { counted: number; capped: readonly number[] }[])[];
  /** The total shortfall over all pools and categories (0 when everything is met). */
  readonly shortfall: number;
  /** False when the search budget ran out before optimality was proven. */
  readonly optimal: boolean;
  /** Search nodes visited. */
  readonly nodes: number;
}

/** Search nodes allowed when the caller sets no budget. */
export const DEFAULT_BUDGET = 200_000;

/** Split pools with at most this many categories are scored at a leaf without a flow (2^n subsets). */
const MAX_SUMMED_SPLIT_CATEGORIES = 6;

/** The value item `i` brings to a pool: 1 in a count pool, else its value there. */
function weight(pool: AllocationPool, items: readonly AllocationItem[], i: number): number {
  return pool.measure === "count" ? 1 : (pool.values?.[i] ?? items[i]!.value);
}

interface PoolOutcome {
  shares: AllocationShare[];
  total: number;
  categoryCounted: number[];
  limits: { counted: number; capped: number[] }[];
  shortfall: number;
  exact: boolean;
}

/**
 * The limits over a pool's members as a forest: each limit's parent is the smallest limit that
 * contains it. Returns undefined when two limits overlap without one containing the other.
 */
function limitForest(pool: AllocationPool, members: readonly number[]): { parent: number[]; innermost: Map<number, number> } | undefined {
  const sets = pool.limits.map((l) => members.filter((i) => l.members[i]));
  const contains = (a: number, b: number) => sets[b]!.every((i) => pool.limits[a]!.members[i]);
  const parent = sets.map(() => -1);
  for (let b = 0; b < sets.length; b++) {
    let best = -1;
    for (let a = 0; a < sets.length; a++) {
      if (a === b) continue;
      const overlap = sets[b]!.some((i) => pool.limits[a]!.members[i]);
      if (!overlap) continue;
      const aHoldsB = contains(a, b);
      const bHoldsA = contains(b, a);
      if (!aHoldsB && !bHoldsA) return undefined;
      // equal sets nest by declared order: the later one inside the earlier
      const isParent = aHoldsB && (!bHoldsA || a < b);
      if (isParent && (best < 0 || sets[a]!.length < sets[best]!.length || (sets[a]!.length === sets[best]!.length && a > best))) best = a;
    }
    parent[b] = best;
  }
  const innermost = new Map<number, number>();
  for (const i of members) {
    let inner = -1;
    pool.limits.forEach((l, k) => {
      if (!l.members[i]) return;
      if (inner < 0 || sets[k]!.length < sets[inner]!.length || (sets[k]!.length === sets[inner]!.length && k > inner)) inner = k;
    });
    innermost.set(i, inner);
  }
  return { parent, innermost };
}

/**
 * Settles one pool: given its members (and, unless credit is split, each member's category),
 * how much each member counts and where, with limits applied and categories filled first.
 */
function settlePool(
  pool: AllocationPool,
  poolIndex: number,
  items: readonly AllocationItem[],
  members: readonly number[],
  categoryOf: ReadonlyMap<number, number> | undefined,
): PoolOutcome {
  if (fastPaths.wholeSettle && categoryOf && pool.limits.length === 0) return settleWhole(pool, poolIndex, items, members, categoryOf);
  const cats = pool.categories;
  const w = (i: number) => weight(pool, items, i);
  let forest = limitForest(pool, members);
  let exact = true;
  let supply: Map<number, number> | undefined; // greedy supply when limits do not nest
  if (!forest) {
    exact = false;
    supply = greedySupply(pool, items, members, categoryOf);
    forest = { parent: pool.limits.map(() => -1), innermost: new Map(members.map((i) => [i, -1])) };
  }
  const L = pool.limits.length;
  const m = members.length;
  const source = 0;
  const sink = 1;
  const limitNode = (k: number) => 2 + k;
  const itemNode = (k: number) => 2 + L + k;
  const catNode = (c: number) => 2 + L + m + c;
  const own = 2 + L + m + cats.length;
  const net = new FlowNetwork(own + 1);
  const limitEdges = pool.limits.map((l, k) => net.addEdge(forest!.parent[k]! < 0 ? source : limitNode(forest!.parent[k]!), limitNode(k), l.max));
  const itemEdges: number[] = [];
  const toCat: number[][] = [];
  const toOwn: number[] = [];
  let big = 1;
  members.forEach((i, k) => {
    const cap = supply ? supply.get(i)! : w(i);
    big += cap;
    const inner = forest!.innermost.get(i)!;
    itemEdges.push(net.addEdge(inner < 0 ? source : limitNode(inner), itemNode(k), cap));
    const assigned = categoryOf?.get(i);
    toCat.push(cats.map((c, ci) => ((categoryOf ? assigned === ci : c.eligible[i]) ? net.addEdge(itemNode(k), catNode(ci), cap) : -1)));
    toOwn.push(net.addEdge(itemNode(k), own, cap));
  });
  cats.forEach((c, ci) => net.addEdge(catNode(ci), sink, c.min));
  const ownEdge = net.addEdge(own, sink, 0);
  net.maxFlow(source, sink); // first the categories' minimums
  net.setCapacity(ownEdge, big);
  net.maxFlow(source, sink); // then everything else the limits let through

  const shares: AllocationShare[] = [];
  const categoryCounted = cats.map(() => 0);
  let total = 0;
  members.forEach((i, k) => {
    const inflow = net.flowOn(itemEdges[k]!);
    total += inflow;
    if (categoryOf) {
      const c = categoryOf.get(i) ?? -1;
      if (c >= 0) categoryCounted[c]! += inflow;
      shares.push({ item: i, pool: poolIndex, category: c, amount: inflow });
      return;
    }
    toCat[k]!.forEach((e, ci) => {
      if (e < 0) return;
      const f = net.flowOn(e);
      if (f > 0) {
        shares.push({ item: i, pool: poolIndex, category: ci, amount: f });
        categoryCounted[ci]! += f;
      }
    });
    const rest = net.flowOn(toOwn[k]!);
    if (rest > 0) shares.push({ item: i, pool: poolIndex, category: -1, amount: rest });
  });
  const limits = pool.limits.map((l, k) => {
    const inLimit = members.filter((i) => l.members[i]);
    const counted = supply ? inLimit.reduce((s, i) => s + supply!.get(i)!, 0) : net.flowOn(limitEdges[k]!);
    const capped = inLimit.filter((i) => net.flowOn(itemEdges[members.indexOf(i)]!) < w(i));
    return { counted, capped: capped.sort((a, b) => a - b) };
  });
  return { shares, total, categoryCounted, limits, shortfall: summedShortfall(pool, total, categoryCounted, undefined, undefined), exact };
}

/**
 * `settlePool` for a pool without limits whose members sit whole in one category each (or in the
 * pool itself): nothing caps an item and the pool's own share takes any amount, so the flow
 * carries every member in full to where it sits. The same outcome, shares in member order, without
 * building the network.
 */
function settleWhole(pool: AllocationPool, poolIndex: number, items: readonly AllocationItem[], members: readonly number[], categoryOf: ReadonlyMap<number, number>): PoolOutcome {
  const shares: AllocationShare[] = [];
  const categoryCounted = new Array<number>(pool.categories.length).fill(0);
  let total = 0;
  for (const i of members) {
    const amount = weight(pool, items, i);
    const category = categoryOf.get(i) ?? -1;
    total += amount;
    if (category >= 0) categoryCounted[category]! += amount;
    shares.push({ item: i, pool: poolIndex, category, amount });
  }
  return { shares, total, categoryCounted, limits: [], shortfall: summedShortfall(pool, total, categoryCounted, undefined, undefined), exact: true };
}

/** When limits overlap without nesting: items take what their limits still allow, category items and narrow items first. */
function greedySupply(
  pool: AllocationPool,
  items: readonly AllocationItem[],
  members: readonly number[],
  categoryOf: ReadonlyMap<number, number> | undefined,
): Map<number, number> {
  const left = pool.limits.map((l) => l.max);
  const inLimits = (i: number) => pool.limits.filter((l) => l.members[i]).length;
  const order = [...members].sort(
    (a, b) =>
      Number((categoryOf?.get(b) ?? 0) >= 0) - Number((categoryOf?.get(a) ?? 0) >= 0) ||
      inLimits(a) - inLimits(b) ||
      weight(pool, items, b) - weight(pool, items, a) ||
      (items[a]!.key < items[b]!.key ? -1 : 1),
  );
  const supply = new Map<number, number>();
  for (const i of order) {
    let x = weight(pool, items, i);
    pool.limits.forEach((l, k) => l.members[i] && (x = Math.min(x, left[k]!)));
    pool.limits.forEach((l, k) => l.members[i] && (left[k]! -= x));
    supply.set(i, x);
  }
  return supply;
}

/**
 * Finds the placement with the smallest total shortfall (0 when every minimum can be met).
 *
 * @example
 * solveAllocation({
 *   items: [{ key: "a", value: 3 }, { key: "b", value: 5 }],
 *   pools: [{ measure: "credit", min: 8, eligible: [true, true], limits: [],
 *             categories: [{ min: 3, eligible: [true, false] }, { min: 5, eligible: [true, true] }] }],
 *   split: false,
 * }).shortfall //=> 0  (a in the first category, b in the second)
 */
export function solveAllocation(problem: AllocationProblem): AllocationSolution {
  const { items, pools, split } = problem;
  const budget = problem.budget ?? DEFAULT_BUDGET;
  const meetOnly = problem.goal === "meet" || problem.goal === "decide";
  const placement = problem.goal !== "decide";
  const checkValue = (v: number) => {
    if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`allocation value out of range: ${v}`);
  };
  for (const item of items) checkValue(item.value);
  for (const p of pools) if (p.values) for (const v of p.values) checkValue(v);
  // nothing to place and nothing to meet (a route of conditions or stacks only): the one node the
  // search would visit, its empty placement
  if (pools.length === 0) return { shares: [], poolCounted: [], categoryCounted: [], limitCounted: [], shortfall: 0, optimal: true, nodes: 1 };

  // credit may be split between categories only in credit pools; a credential counts whole in a count pool
  const splits = pools.map((p) => split && p.measure === "credit");
  if (!placement && fastPaths.forced) {
    const forced = forcedAnswer(problem, splits, budget);
    if (forced) return forced;
  }
  // options per item: for each eligible pool, its categories (or the pool itself); a split pool takes the
  // item whole and divides it later; an item in a group may also be left out, so another member can go
  type Option = { pool: number; category: number };
  const grouped = (i: number) => pools.some((p) => p.eligible[i] && (p.groups?.[i] ?? -1) >= 0);
  const optionsOf = (i: number): Option[] => {
    const out: Option[] = [];
    pools.forEach((p, pi) => {
      if (!p.eligible[i]) return;
      if (splits[pi]) {
        out.push({ pool: pi, category: -1 });
        return;
      }
      p.categories.forEach((c, ci) => {
        if (c.eligible[i]) out.push({ pool: pi, category: ci });
      });
      out.push({ pool: pi, category: -1 });
    });
    if (grouped(i)) out.push({ pool: -1, category: -1 });
    return out;
  };
  const placeable = items.map((_, i) => i).filter((i) => pools.some((p) => p.eligible[i]));
  const optionsByItem: Option[][] = [];
  for (const i of placeable) optionsByItem[i] = optionsOf(i);
  // when every item has one option there is one placement, whatever the order: no canonical order
  // is needed (the sums reached at each step, and so the bounds, do not depend on it)
  const single = placeable.every((i) => optionsByItem[i]!.length === 1);

  // canonical order: larger value first, then eligibility signature, then key
  const signature = (i: number) =>
    pools
      .map((p) =>
        p.eligible[i]
          ? `1:${p.values?.[i] ?? ""}:${p.groups?.[i] ?? -1}:${p.categories.map((c) => (c.eligible[i] ? "1" : "0")).join("")}:${p.limits.map((l) => (l.members[i] ? "1" : "0")).join("")}`
          : "0",
      )
      .join("|");
  const sigs: string[] = [];
  if (!single) for (const i of placeable) sigs[i] = signature(i);
  const order = single
    ? placeable
    : placeable.sort((a, b) => items[b]!.value - items[a]!.value || (sigs[a]! < sigs[b]! ? -1 : sigs[a]! > sigs[b]! ? 1 : 0) || (items[a]!.key < items[b]!.key ? -1 : 1));
  const options = order.map((i) => optionsByItem[i]!);
  const groupTaken = pools.map(() => new Map<number, number>());
  const sameAsPrevious = order.map((i, k) => !single && k > 0 && sigs[i] === sigs[order[k - 1]!] && items[i]!.value === items[order[k - 1]!]!.value);

  // suffix potentials for the lower bound: value still to come that could reach each pool / category
  const n = order.length;
  // (a pool takes at most one item of a group: a group brings at most its most valuable item still to come)
  const poolPotential = pools.map((p) => potential(p, items, order, p.eligible));
  const catPotential = pools.map((p) => p.categories.map((c) => potential(p, items, order, c.eligible)));

  const poolSum = pools.map(() => 0);
  const catSum = pools.map((p) => p.categories.map(() => 0));
  const choice = new Array<number>(n).fill(-1);
  let best: { choice: number[]; shortfall: number; settled: Map<number, PoolOutcome> } | undefined;
  let nodes = 0;
  let exhausted = false;

  // a lower bound on the final shortfall: what no remaining item could still supply
  const lowerBound = (k: number): number => {
    let lb = 0;
    pools.forEach((p, pi) => {
      lb += Math.max(0, p.min - poolSum[pi]! - poolPotential[pi]![k]!);
      p.categories.forEach((c, ci) => {
        // with split credit, placed items may still be divided between categories: count them all
        const have = splits[pi] ? 0 : catSum[pi]![ci]!;
        const still = splits[pi] ? catPotential[pi]![ci]![0]! : catPotential[pi]![ci]![k]!;
        lb += Math.max(0, c.min - have - still);
      });
    });
    return lb;
  };

  // pools whose shortfall at a leaf is known from the running sums: no limit cuts, and either
  // items sit whole in their categories, or (split credit) few enough categories that the most
  // the categories can take is a minimum over their subsets (below)
  const summed = pools.map((p, pi) => p.limits.length === 0 && (!splits[pi] || p.categories.length <= MAX_SUMMED_SPLIT_CATEGORIES));
  // split pools kept summed: per item, the set of categories it fits (a bit mask); per mask, the
  // value placed; per subset S of categories, the minimums of the categories outside S
  const fits = pools.map((p, pi) =>
    splits[pi] && summed[pi] ? items.map((_, i) => p.categories.reduce((m, c, ci) => (c.eligible[i] ? m | (1 << ci) : m), 0)) : undefined,
  );
  const maskSum = pools.map((p, pi) => (fits[pi] ? new Array<number>(1 << p.categories.length).fill(0) : undefined));
  const minOutside = pools.map((p, pi) => (fits[pi] ? minimumsOutside(p) : undefined));
  const leafBound = (): number => {
    let shortfall = 0;
    pools.forEach((p, pi) => {
      // a pool settled by flow: at least 0
      if (summed[pi]) shortfall += summedShortfall(p, poolSum[pi]!, catSum[pi]!, minOutside[pi], maskSum[pi]);
    });
    return shortfall;
  };

  let approximate = false;
  // one pool settled by flow for a complete choice of options
  const settleOne = (pi: number, chosen: readonly number[]): PoolOutcome => {
    const members: number[] = [];
    const categoryOf = splits[pi] ? undefined : new Map<number, number>();
    for (let k = 0; k < n; k++) {
      const opt = options[k]![chosen[k]!]!;
      if (opt.pool !== pi) continue;
      members.push(order[k]!);
      categoryOf?.set(order[k]!, opt.category);
    }
    members.sort((a, b) => (items[a]!.key < items[b]!.key ? -1 : 1));
    const outcome = settlePool(pools[pi]!, pi, items, members, categoryOf);
    if (!outcome.exact) approximate = true;
    return outcome;
  };
  // a complete placement: its shortfall from the running sums where they are exact (`summedShortfall`),
  // from a flow elsewhere; the best placement keeps its flows, and only its summed pools are
  // settled at the end
  const settle = (summedShortfall: number): void => {
    let shortfall = summedShortfall;
    const settled = new Map<number, PoolOutcome>();
    pools.forEach((_, pi) => {
      if (summed[pi]) return;
      const outcome = settleOne(pi, choice);
      settled.set(pi, outcome);
      shortfall += outcome.shortfall;
    });
    if (best === undefined || shortfall < best.shortfall) best = { choice: [...choice], shortfall, settled };
  };

  const search = (k: number): void => {
    if (best !== undefined && best.shortfall === 0) return;
    if (++nodes > budget) {
      exhausted = true;
      return;
    }
    if (k === n) {
      // a pool without limits whose items sit whole in their categories counts exactly the sums
      // kept along the way: a leaf that cannot beat the best found is discarded without a flow
      const summedShortfall = leafBound();
      if (meetOnly ? summedShortfall > 0 : best !== undefined && summedShortfall >= best.shortfall) return;
      settle(summedShortfall);
      return;
    }
    if (meetOnly ? lowerBound(k) > 0 : best !== undefined && lowerBound(k) >= best.shortfall) return;
    const opts = options[k]!;
    const item = order[k]!;
    const first = sameAsPrevious[k] ? choice[k - 1]! : 0;
    for (let o = first; o < opts.length; o++) {
      const opt = opts[o]!;
      if (opt.pool >= 0) {
        const pool = pools[opt.pool]!;
        const group = pool.groups?.[item] ?? -1;
        if (group >= 0 && groupTaken[opt.pool]!.has(group)) continue;
        if (!splits[opt.pool]) {
          // dominance: a category already met is no better than the pool itself
          if (opt.category >= 0 && catSum[opt.pool]![opt.category]! >= pool.categories[opt.category]!.min) continue;
          // and the pool itself is no better than an unmet category the item fits
          if (opt.category < 0 && hasUnmetCategory(opt.pool, item)) continue;
        }
      }
      const w = opt.pool >= 0 ? weight(pools[opt.pool]!, items, item) : 0;
      const group = opt.pool >= 0 ? (pools[opt.pool]!.groups?.[item] ?? -1) : -1;
      const sums = opt.pool >= 0 ? maskSum[opt.pool] : undefined;
      choice[k] = o;
      if (opt.pool >= 0) poolSum[opt.pool]! += w;
      if (opt.category >= 0) catSum[opt.pool]![opt.category]! += w;
      if (sums) sums[fits[opt.pool]![item]!]! += w;
      if (group >= 0) groupTaken[opt.pool]!.set(group, item);
      search(k + 1);
      if (group >= 0) groupTaken[opt.pool]!.delete(group);
      if (opt.pool >= 0) poolSum[opt.pool]! -= w;
      if (opt.category >= 0) catSum[opt.pool]![opt.category]! -= w;
      if (sums) sums[fits[opt.pool]![item]!]! -= w;
      if (exhausted || (best !== undefined && best.shortfall === 0)) break;
    }
    choice[k] = -1;
  };

  const hasUnmetCategory = (pi: number, item: number): boolean =>
    pools[pi]!.categories.some((c, ci) => c.eligible[item] && catSum[pi]![ci]! < c.min);

  search(0);
  if (best === undefined && meetOnly && !exhausted) {
    // proven that no placement meets every minimum: the goal asks nothing more
    const shortfall = Math.max(1, lowerBound(0));
    if (!placement) return answerOnly(shortfall, true, nodes);
    return {
      shares: [],
      poolCounted: pools.map(() => 0),
      categoryCounted: pools.map((p) => p.categories.map(() => 0)),
      limitCounted: pools.map((p) => p.limits.map(() => ({ counted: 0, capped: [] }))),
      shortfall,
      optimal: true,
      nodes,
    };
  }
  if (best === undefined) {
    // budget hit before any complete placement: each item takes its first option its group allows
    for (const taken of groupTaken) taken.clear();
    for (let k = 0; k < n; k++) {
      const opts = options[k]!;
      let o = opts.findIndex((opt) => opt.pool < 0 || (pools[opt.pool]!.groups?.[order[k]!] ?? -1) < 0 || !groupTaken[opt.pool]!.has(pools[opt.pool]!.groups![order[k]!]!));
      if (o < 0) o = opts.length - 1;
      choice[k] = o;
      const opt = opts[o]!;
      if (opt.pool >= 0 && (pools[opt.pool]!.groups?.[order[k]!] ?? -1) >= 0) groupTaken[opt.pool]!.set(pools[opt.pool]!.groups![order[k]!]!, order[k]!);
    }
    // the running sums were unwound with the search: every pool by flow
    const settled = new Map(pools.map((_, pi) => [pi, settleOne(pi, choice)] as const));
    best = { choice: [...choice], shortfall: [...settled.values()].reduce((sum, o) => sum + o.shortfall, 0), settled };
  }
  const found = best!;
  if (!placement) {
    // the answer only: the summed pools are not settled (they have no limits, so settling them
    // could not make the answer approximate)
    return answerOnly(found.shortfall, (!exhausted || found.shortfall === 0) && !approximate, nodes);
  }
  const outcome = pools.map((_, pi) => found.settled.get(pi) ?? settleOne(pi, found.choice));
  const shares = outcome
    .flatMap((o) => o.shares)
    .filter((s) => s.amount > 0)
    .sort((a, b) => a.pool - b.pool || a.category - b.category || (items[a.item]!.key < items[b.item]!.key ? -1 : 1));
  return {
    shares,
    poolCounted: outcome.map((o) => o.total),
    categoryCounted: outcome.map((o) => o.categoryCounted),
    limitCounted: outcome.map((o) => o.limits),
    shortfall: found.shortfall,
    optimal: (!exhausted || found.shortfall === 0) && !approximate,
    nodes,
  };
}

/**
 * Per subset S of a split pool's categories (a bit mask), the sum of the minimums of the
 * categories outside S.
 */
function minimumsOutside(pool: AllocationPool): number[] {
  const { categories } = pool;
  const out = new Array<number>(1 << categories.length);
  for (let S = 0; S < out.length; S++) {
    let sum = 0;
    for (let ci = 0; ci < categories.length; ci++) if (!(S & (1 << ci))) sum += categories[ci]!.min;
    out[S] = sum;
  }
  return out;
}

/**
 * The shortfall of a pool scored from its sums: of its minimum, given the value placed in it;
 * of its categories' minimums, given the value placed in each (`placedIn`), or, when credit is
 * split, what they can take of the value placed per mask of categories fitted (`sums`, with
 * the pool's `outside` minimums). A settled pool's shortfall is the same sum over what it counts.
 */
function summedShortfall(pool: AllocationPool, placed: number, placedIn: readonly number[], outside: readonly number[] | undefined, sums: readonly number[] | undefined): number {
  let shortfall = Math.max(0, pool.min - placed);
  if (sums) return shortfall + outside![0]! - categoriesTake(outside!, sums);
  pool.categories.forEach((c, ci) => (shortfall += Math.max(0, c.min - (placedIn[ci] ?? 0))));
  return shortfall;
}

/** Nothing placed in any category. */
const NONE_PLACED: readonly number[] = [];

/**
 * How much of their minimums a split pool's categories can take from the items placed in it,
 * given the value placed per mask of categories the items fit (`sums`): a max flow from the items
 * to the categories' minimums, equal to its min cut, the least over subsets S of categories of
 * the minimums outside S plus the value of the items fitting some category in S.
 */
function categoriesTake(outside: readonly number[], sums: readonly number[]): number {
  let flow = Infinity;
  for (let S = 0; S < outside.length; S++) {
    let cut = outside[S]!;
    for (let m = 1; m < sums.length; m++) if (m & S) cut += sums[m]!;
    if (cut < flow) flow = cut;
  }
  return flow;
}

/**
 * The goal `"decide"` when the placement is forced: every item the pools accept has one option
 * only (one pool, no category of its own unless credit is split, no group), and every pool is
 * scored from its sums (no limits; split pools of at most six categories). The search would then
 * walk that one placement, or stop at its root when its lower bound is positive: this gives its
 * answer and its node count without the search. Undefined when the placement is not forced or
 * the budget would run out first (the search then runs, and says so).
 */
function forcedAnswer(problem: AllocationProblem, splits: readonly boolean[], budget: number): AllocationSolution | undefined {
  const { items, pools } = problem;
  for (let pi = 0; pi < pools.length; pi++) {
    const p = pools[pi]!;
    if (p.limits.length > 0 || (splits[pi] && p.categories.length > MAX_SUMMED_SPLIT_CATEGORIES)) return undefined;
  }
  // per pool: the value placed; per split pool, per mask of categories fitted, the value placed
  // (added in item order, the search in its own: the same sums, exact while below 2^53, which
  // the callers' integer scale ensures)
  const poolSum = new Array<number>(pools.length).fill(0);
  const maskSum = pools.map((p, pi) => (splits[pi] ? new Array<number>(1 << p.categories.length).fill(0) : undefined));
  let placeable = 0;
  for (let i = 0; i < items.length; i++) {
    let home = -1;
    for (let pi = 0; pi < pools.length; pi++) {
      const p = pools[pi]!;
      if (!p.eligible[i]) continue;
      // a second pool, a group (it may be left out) or a category of its own: more than one option
      if (home >= 0 || (p.groups?.[i] ?? -1) >= 0) return undefined;
      home = pi;
    }
    if (home < 0) continue;
    placeable++;
    const p = pools[home]!;
    const w = weight(p, items, i);
    poolSum[home]! += w;
    const sums = maskSum[home];
    let mask = 0;
    for (let ci = 0; ci < p.categories.length; ci++) if (p.categories[ci]!.eligible[i]) mask |= 1 << ci;
    if (sums) sums[mask]! += w;
    else if (mask !== 0) return undefined;
  }
  // the root's lower bound: every pool's value is still to come; a category outside a split pool
  // has no item of its own (with split credit, each category may take every item that fits it)
  let bound = 0;
  for (let pi = 0; pi < pools.length; pi++) {
    const p = pools[pi]!;
    bound += Math.max(0, p.min - poolSum[pi]!);
    const sums = maskSum[pi];
    for (let ci = 0; ci < p.categories.length; ci++) {
      let still = 0;
      if (sums) for (let m = 1; m < sums.length; m++) if (m & (1 << ci)) still += sums[m]!;
      bound += Math.max(0, p.categories[ci]!.min - still);
    }
  }
  // the search visits its root and stops there when the bound is positive, else every item and the leaf
  if (bound > 0) return budget >= 1 ? answerOnly(bound, true, 1) : undefined;
  if (budget < placeable + 1) return undefined;
  let shortfall = 0;
  for (let pi = 0; pi < pools.length; pi++) {
    const p = pools[pi]!;
    const sums = maskSum[pi];
    // outside a split pool no item sits in a category
    shortfall += summedShortfall(p, poolSum[pi]!, NONE_PLACED, sums ? minimumsOutside(p) : undefined, sums);
  }
  // a leaf with a shortfall is discarded: the search proved that none meets the minimums
  return answerOnly(shortfall > 0 ? 1 : 0, true, placeable + 1);
}

/** The solution of the goal `"decide"`: the answer, no placement. */
function answerOnly(shortfall: number, optimal: boolean, nodes: number): AllocationSolution {
  return { shares: [], poolCounted: [], categoryCounted: [], limitCounted: [], shortfall, optimal, nodes };
}

/**
 * For each position k of the search order, the most the items from k on could still bring to a
 * pool (or to one of its categories, `eligible` then being the category's): their values, but of
 * the items of one group only the most valuable, since the pool takes at most one of them.
 */
function potential(pool: AllocationPool, items: readonly AllocationItem[], order: readonly number[], eligible: readonly boolean[]): number[] {
  const out = new Array<number>(order.length + 1).fill(0);
  const groupMax = new Map<number, number>();
  for (let k = order.length - 1; k >= 0; k--) {
    const i = order[k]!;
    let add = 0;
    if (pool.eligible[i] && eligible[i]) {
      const w = weight(pool, items, i);
      const g = pool.groups?.[i] ?? -1;
      if (g < 0) add = w;
      else {
        const best = groupMax.get(g) ?? 0;
        if (w > best) {
          add = w - best;
          groupMax.set(g, w);
        }
      }
    }
    out[k] = out[k + 1]! + add;
  }
  return out;
}
