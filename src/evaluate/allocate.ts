/**
 * Placing credentials on requirements: the allocation problem and its exact solver.
 *
 * The problem is abstract (integers, no policy types): items with a value, pools with a minimum,
 * categories inside pools with minimums, and caps (limits) on a pool's total. Each item goes to
 * at most one pool; inside a pool it goes to one category, or, when credit may be split, its
 * value is divided between categories (a max-flow problem).
 *
 * The solver minimises the total shortfall (the sum over every pool and category of what is
 * still missing). Indivisible credit is an exact branch-and-bound search: items in a canonical
 * order (value, eligibility, key), options in declared order, symmetric items forced into
 * non-decreasing options, and a lower bound from the value still to be placed. The first best
 * placement in that order is returned, so the answer does not depend on the input order.
 * A node budget stops pathological searches; the answer is then flagged `optimal: false`.
 */
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
}

/** The whole problem for one stack. */
export interface AllocationProblem {
  readonly items: readonly AllocationItem[];
  readonly pools: readonly AllocationPool[];
  /** Credit may be split between a pool's categories. */
  readonly split: boolean;
  /** Search nodes allowed before giving up on proving optimality (default 200 000). */
  readonly budget?: number;
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
  /** Per pool, per limit: the amount the limit let through, and the items it cut. */
  readonly limitCounted: readonly (readonly { counted: number; capped: readonly number[] }[])[];
  /** The total shortfall over all pools and categories (0 when everything is met). */
  readonly shortfall: number;
  /** False when the search budget ran out before optimality was proven. */
  readonly optimal: boolean;
  /** Search nodes visited. */
  readonly nodes: number;
}

const DEFAULT_BUDGET = 200_000;

/** The value item `i` brings to a pool: 1 in a count pool, else its value there. */
function weight(pool: AllocationPool, items: readonly AllocationItem[], i: number): number {
  return pool.measure === "count" ? 1 : (pool.values?.[i] ?? items[i]!.value);
}

/**
 * Applies a pool's limits to the items placed in it: each limit, in order, cuts the value of
 * its members (latest in canonical order first) until their total is at most its max.
 */
function poolTotal(
  pool: AllocationPool,
  items: readonly AllocationItem[],
  members: readonly number[],
): { total: number; limits: { counted: number; capped: number[] }[] } {
  const remaining = new Map<number, number>();
  for (const i of members) remaining.set(i, weight(pool, items, i));
  const limits = pool.limits.map((limit) => {
    const inLimit = members.filter((i) => limit.members[i]);
    let sum = 0;
    for (const i of inLimit) sum += remaining.get(i)!;
    const capped: number[] = [];
    for (let k = inLimit.length - 1; k >= 0 && sum > limit.max; k--) {
      const i = inLimit[k]!;
      const cut = Math.min(remaining.get(i)!, sum - limit.max);
      remaining.set(i, remaining.get(i)! - cut);
      sum -= cut;
      capped.push(i);
    }
    return { counted: sum, capped: capped.sort((a, b) => a - b) };
  });
  let total = 0;
  for (const v of remaining.values()) total += v;
  return { total, limits };
}

/** Splits a pool's items between its categories by max-flow; the rest stays on the pool. */
function splitPool(pool: AllocationPool, items: readonly AllocationItem[], members: readonly number[]) {
  const cats = pool.categories;
  const net = new FlowNetwork(members.length + cats.length + 2);
  const source = members.length + cats.length;
  const sink = source + 1;
  const itemEdges: number[][] = [];
  members.forEach((i, k) => {
    const w = weight(pool, items, i);
    net.addEdge(source, k, w);
    itemEdges.push(cats.map((c, ci) => (c.eligible[i] ? net.addEdge(k, members.length + ci, w) : -1)));
  });
  cats.forEach((c, ci) => net.addEdge(members.length + ci, sink, c.min));
  net.maxFlow(source, sink);
  const shares: AllocationShare[] = [];
  const counted = cats.map(() => 0);
  members.forEach((i, k) => {
    let left = weight(pool, items, i);
    itemEdges[k]!.forEach((e, ci) => {
      if (e < 0) return;
      const f = net.flowOn(e);
      if (f > 0) {
        shares.push({ item: i, pool: -1, category: ci, amount: f });
        counted[ci]! += f;
        left -= f;
      }
    });
    if (left > 0) shares.push({ item: i, pool: -1, category: -1, amount: left });
  });
  return { shares, counted };
}

interface PoolOutcome {
  shares: AllocationShare[];
  total: number;
  categoryCounted: number[];
  limits: { counted: number; capped: number[] }[];
  shortfall: number;
}

/** Evaluates one pool given the items placed in it and (when not split) their categories. */
function settlePool(
  pool: AllocationPool,
  poolIndex: number,
  items: readonly AllocationItem[],
  members: readonly number[],
  categoryOf: ReadonlyMap<number, number> | undefined,
): PoolOutcome {
  const { total, limits } = poolTotal(pool, items, members);
  let shares: AllocationShare[];
  let categoryCounted: number[];
  if (categoryOf === undefined) {
    const split = splitPool(pool, items, members);
    shares = split.shares.map((s) => ({ ...s, pool: poolIndex }));
    categoryCounted = split.counted;
  } else {
    categoryCounted = pool.categories.map(() => 0);
    shares = members.map((i) => {
      const c = categoryOf.get(i) ?? -1;
      const amount = weight(pool, items, i);
      if (c >= 0) categoryCounted[c]! += amount;
      return { item: i, pool: poolIndex, category: c, amount };
    });
  }
  let shortfall = Math.max(0, pool.min - total);
  pool.categories.forEach((c, ci) => (shortfall += Math.max(0, c.min - categoryCounted[ci]!)));
  return { shares, total, categoryCounted, limits, shortfall };
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
  for (const v of [...items.map((i) => i.value), ...pools.flatMap((p) => p.values ?? [])]) {
    if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`allocation value out of range: ${v}`);
  }

  // canonical order: larger value first, then eligibility signature, then key
  const signature = (i: number) =>
    pools
      .map((p) =>
        p.eligible[i]
          ? `1:${p.values?.[i] ?? ""}:${p.categories.map((c) => (c.eligible[i] ? "1" : "0")).join("")}:${p.limits.map((l) => (l.members[i] ? "1" : "0")).join("")}`
          : "0",
      )
      .join("|");
  const sigs = items.map((_, i) => signature(i));
  const order = items
    .map((_, i) => i)
    .filter((i) => pools.some((p) => p.eligible[i]))
    .sort((a, b) => items[b]!.value - items[a]!.value || (sigs[a]! < sigs[b]! ? -1 : sigs[a]! > sigs[b]! ? 1 : 0) || (items[a]!.key < items[b]!.key ? -1 : 1));

  // options per item: for each eligible pool, its categories (or the pool itself); with split, pools only
  type Option = { pool: number; category: number };
  const options: Option[][] = order.map((i) => {
    const out: Option[] = [];
    pools.forEach((p, pi) => {
      if (!p.eligible[i]) return;
      if (split) {
        out.push({ pool: pi, category: -1 });
        return;
      }
      p.categories.forEach((c, ci) => {
        if (c.eligible[i]) out.push({ pool: pi, category: ci });
      });
      out.push({ pool: pi, category: -1 });
    });
    return out;
  });
  const sameAsPrevious = order.map((i, k) => k > 0 && sigs[i] === sigs[order[k - 1]!] && items[i]!.value === items[order[k - 1]!]!.value);

  // suffix potentials for the lower bound: value still to come that could reach each pool / category
  const n = order.length;
  const poolPotential = pools.map((p) => suffix(order.map((i) => (p.eligible[i] ? weight(p, items, i) : 0))));
  const catPotential = pools.map((p) =>
    p.categories.map((c) => suffix(order.map((i) => (p.eligible[i] && c.eligible[i] ? weight(p, items, i) : 0)))),
  );

  const poolSum = pools.map(() => 0);
  const catSum = pools.map((p) => p.categories.map(() => 0));
  const choice = new Array<number>(n).fill(-1);
  let best: { choice: number[]; outcome: PoolOutcome[]; shortfall: number } | undefined;
  let nodes = 0;
  let exhausted = false;

  // a lower bound on the final shortfall: what no remaining item could still supply
  const lowerBound = (k: number): number => {
    let lb = 0;
    pools.forEach((p, pi) => {
      lb += Math.max(0, p.min - poolSum[pi]! - poolPotential[pi]![k]!);
      p.categories.forEach((c, ci) => {
        // with split credit, placed items may still be divided between categories: count them all
        const have = split ? 0 : catSum[pi]![ci]!;
        const still = split ? catPotential[pi]![ci]![0]! : catPotential[pi]![ci]![k]!;
        lb += Math.max(0, c.min - have - still);
      });
    });
    return lb;
  };

  const settle = (): void => {
    const outcome = pools.map((p, pi) => {
      const members: number[] = [];
      const categoryOf = split ? undefined : new Map<number, number>();
      for (let k = 0; k < n; k++) {
        const opt = options[k]![choice[k]!]!;
        if (opt.pool !== pi) continue;
        members.push(order[k]!);
        categoryOf?.set(order[k]!, opt.category);
      }
      members.sort((a, b) => (items[a]!.key < items[b]!.key ? -1 : 1));
      return settlePool(p, pi, items, members, categoryOf);
    });
    const shortfall = outcome.reduce((s, o) => s + o.shortfall, 0);
    if (best === undefined || shortfall < best.shortfall) best = { choice: [...choice], outcome, shortfall };
  };

  const search = (k: number): void => {
    if (best !== undefined && best.shortfall === 0) return;
    if (++nodes > budget) {
      exhausted = true;
      return;
    }
    if (k === n) {
      settle();
      return;
    }
    if (best !== undefined && lowerBound(k) >= best.shortfall) return;
    const opts = options[k]!;
    const first = sameAsPrevious[k] ? choice[k - 1]! : 0;
    for (let o = first; o < opts.length; o++) {
      const opt = opts[o]!;
      // dominance: a category already met is no better than the pool itself
      if (!split && opt.category >= 0) {
        const c = pools[opt.pool]!.categories[opt.category]!;
        if (catSum[opt.pool]![opt.category]! >= c.min) continue;
      }
      // and the pool itself is no better than an unmet category the item fits
      if (!split && opt.category < 0 && hasUnmetCategory(opt.pool, order[k]!)) continue;
      const w = weight(pools[opt.pool]!, items, order[k]!);
      choice[k] = o;
      poolSum[opt.pool]! += w;
      if (opt.category >= 0) catSum[opt.pool]![opt.category]! += w;
      search(k + 1);
      poolSum[opt.pool]! -= w;
      if (opt.category >= 0) catSum[opt.pool]![opt.category]! -= w;
      if (exhausted || (best !== undefined && best.shortfall === 0)) break;
    }
    choice[k] = -1;
  };

  const hasUnmetCategory = (pi: number, item: number): boolean =>
    pools[pi]!.categories.some((c, ci) => c.eligible[item] && catSum[pi]![ci]! < c.min);

  search(0);
  if (best === undefined) {
    // budget hit before any complete placement: place greedily in option order
    for (let k = 0; k < n; k++) choice[k] = 0;
    settle();
  }
  const found = best!;
  const shares = found.outcome
    .flatMap((o) => o.shares)
    .filter((s) => s.amount > 0)
    .sort((a, b) => a.pool - b.pool || a.category - b.category || (items[a.item]!.key < items[b.item]!.key ? -1 : 1));
  return {
    shares,
    poolCounted: found.outcome.map((o) => o.total),
    categoryCounted: found.outcome.map((o) => o.categoryCounted),
    limitCounted: found.outcome.map((o) => o.limits),
    shortfall: found.shortfall,
    optimal: !exhausted || found.shortfall === 0,
    nodes,
  };
}

function suffix(values: readonly number[]): number[] {
  const out = new Array<number>(values.length + 1).fill(0);
  for (let k = values.length - 1; k >= 0; k--) out[k] = out[k + 1]! + values[k]!;
  return out;
}
