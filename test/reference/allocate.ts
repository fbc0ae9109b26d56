// A slow, obviously-correct allocator: tries every placement. For split credit, every integral
// division of each item's value between its categories (an optimal integral split always exists).
import type { AllocationProblem } from "../../src/evaluate/allocate.js";

export interface ReferenceResult {
  shortfall: number;
}

export function referenceAllocate(problem: AllocationProblem): ReferenceResult {
  const { items, pools, split } = problem;
  const weight = (p: number, i: number) => (pools[p]!.measure === "count" ? 1 : (pools[p]!.values?.[i] ?? items[i]!.value));
  // every way to place item i: nowhere, or in an eligible pool; inside, a category or the pool itself,
  // or (split) a vector of amounts per category with the rest on the pool
  type Placement = { pool: number; perCategory: number[] } | null;
  const placements = items.map((_, i) => {
    const out: Placement[] = [null];
    pools.forEach((p, pi) => {
      if (!p.eligible[i]) return;
      const eligibleCats = p.categories.map((c, ci) => (c.eligible[i] ? ci : -1)).filter((ci) => ci >= 0);
      const w = weight(pi, i);
      if (!split) {
        out.push({ pool: pi, perCategory: p.categories.map(() => 0) });
        for (const ci of eligibleCats) out.push({ pool: pi, perCategory: p.categories.map((_, k) => (k === ci ? w : 0)) });
        return;
      }
      const vectors: number[][] = [];
      const rec = (idx: number, left: number, acc: number[]) => {
        if (idx === eligibleCats.length) {
          vectors.push(acc.slice());
          return;
        }
        for (let a = 0; a <= left; a++) {
          acc[eligibleCats[idx]!] = a;
          rec(idx + 1, left - a, acc);
        }
        acc[eligibleCats[idx]!] = 0;
      };
      rec(0, w, p.categories.map(() => 0));
      for (const v of vectors) out.push({ pool: pi, perCategory: v });
    });
    return out;
  });

  let best = Infinity;
  const chosen: Placement[] = new Array(items.length).fill(null);
  const evaluate = () => {
    let shortfall = 0;
    pools.forEach((p, pi) => {
      // pool total after limits: a limit keeps at most max of its members' total
      const members = items.map((_, i) => i).filter((i) => chosen[i]?.pool === pi);
      let total = 0;
      const cut = new Map<number, number>();
      for (const i of members) cut.set(i, weight(pi, i));
      for (const limit of p.limits) {
        const inLimit = members.filter((i) => limit.members[i]);
        const sum = inLimit.reduce((s, i) => s + cut.get(i)!, 0);
        let excess = Math.max(0, sum - limit.max);
        for (const i of [...inLimit].reverse()) {
          const take = Math.min(excess, cut.get(i)!);
          cut.set(i, cut.get(i)! - take);
          excess -= take;
        }
      }
      for (const v of cut.values()) total += v;
      shortfall += Math.max(0, p.min - total);
      p.categories.forEach((c, ci) => {
        const got = members.reduce((s, i) => s + chosen[i]!.perCategory[ci]!, 0);
        shortfall += Math.max(0, c.min - got);
      });
    });
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
