// A slow, obviously-correct allocator: tries every placement of every item, and every way of
// counting it. An item goes nowhere, or to one eligible pool; in the pool it is counted toward one
// category or the pool itself (or, when credit is split in a credit pool, divided between them),
// possibly for less than its value when the pool has limits. A placement is allowed when every
// limit's items count at most its max and no group has two items in a pool. The best placement
// is the one with the smallest total shortfall.
import type { AllocationProblem } from "../../src/evaluate/allocate.js";

export interface ReferenceResult {
  shortfall: number;
}

type Placement = { pool: number; perCategory: number[]; own: number } | null;

/** Every vector of non-negative integers over `slots` entries summing to exactly `total`. */
function compositions(slots: number, total: number): number[][] {
  if (slots === 0) return total === 0 ? [[]] : [];
  const out: number[][] = [];
  for (let a = 0; a <= total; a++) for (const rest of compositions(slots - 1, total - a)) out.push([a, ...rest]);
  return out;
}

export function referenceAllocate(problem: AllocationProblem): ReferenceResult {
  const { items, pools, split } = problem;
  const weight = (p: number, i: number) => (pools[p]!.measure === "count" ? 1 : (pools[p]!.values?.[i] ?? items[i]!.value));
  const placements = items.map((_, i) => {
    const out: Placement[] = [null];
    pools.forEach((p, pi) => {
      if (!p.eligible[i]) return;
      const w = weight(pi, i);
      const cats = p.categories.map((c, ci) => (c.eligible[i] ? ci : -1)).filter((ci) => ci >= 0);
      const amounts = p.limits.length > 0 ? [...Array(w + 1).keys()] : [w]; // cuts matter only under limits
      const divisible = split && p.measure === "credit";
      for (const counted of amounts) {
        if (divisible) {
          for (const v of compositions(cats.length + 1, counted)) {
            const perCategory = p.categories.map(() => 0);
            cats.forEach((ci, k) => (perCategory[ci] = v[k]!));
            out.push({ pool: pi, perCategory, own: v[cats.length]! });
          }
        } else {
          out.push({ pool: pi, perCategory: p.categories.map(() => 0), own: counted });
          for (const ci of cats) out.push({ pool: pi, perCategory: p.categories.map((_, k) => (k === ci ? counted : 0)), own: 0 });
        }
      }
    });
    return out;
  });

  let best = Infinity;
  const chosen: Placement[] = new Array(items.length).fill(null);
  const counted = (i: number) => {
    const c = chosen[i]!;
    return c.own + c.perCategory.reduce((a, b) => a + b, 0);
  };
  const evaluate = () => {
    let shortfall = 0;
    for (let pi = 0; pi < pools.length; pi++) {
      const p = pools[pi]!;
      const members = items.map((_, i) => i).filter((i) => chosen[i]?.pool === pi);
      for (const limit of p.limits) {
        if (members.filter((i) => limit.members[i]).reduce((s, i) => s + counted(i), 0) > limit.max) return;
      }
      if (p.groups) {
        const seen = new Set<number>();
        for (const i of members) {
          const g = p.groups[i] ?? -1;
          if (g < 0) continue;
          if (seen.has(g)) return;
          seen.add(g);
        }
      }
      const total = members.reduce((s, i) => s + counted(i), 0);
      shortfall += Math.max(0, p.min - total);
      p.categories.forEach((c, ci) => {
        const got = members.reduce((s, i) => s + chosen[i]!.perCategory[ci]!, 0);
        shortfall += Math.max(0, c.min - got);
      });
    }
    best = Math.min(best, shortfall);
  };
  const rec = (i: number) => {
    if (i === items.length) return evaluate();
    for (const p of placements[i]!) {
      chosen[i] = p;
      rec(i + 1);
    }
    chosen[i] = null;
  };
  rec(0);
  return { shortfall: best };
}
