/**
 * Routes through a stack's alternatives, and the optimal placement of credentials on each:
 * every combination of `any` choices is tried, the allocation problem of its pools is solved
 * exactly, and the route with the least missing wins.
 */
import { EvaluationError } from "../errors/errors.js";
import { createIssue } from "../errors/issue.js";
import { fromScaled, lcm, lcmOfNumbers, toRational, type Rational } from "../quantity/rational.js";
import type { CompiledPool } from "../policy/compile.js";
import { solveAllocation, type AllocationCategory, type AllocationItem, type AllocationLimit, type AllocationPool, type AllocationProblem, type AllocationSolution } from "./allocate.js";
import { fastPaths } from "./fast-paths.js";
import type { RecognizedCredential } from "./recognize.js";
import type { Resolved } from "./tree.js";

////////////////////////////////////////////////////////////////////////////////
// selections: which alternatives of each `any` are pursued
////////////////////////////////////////////////////////////////////////////////

interface Selection {
  readonly pools: readonly Resolved[];
  readonly choices: ReadonlyMap<Resolved, readonly number[]>;
}

const MAX_SELECTIONS = 512;

/** The ways to choose k of n alternatives, each in increasing order; kept per n and k when there are few (never written to). */
function combinations(n: number, k: number): readonly (readonly number[])[] {
  const key = n * 65_536 + k;
  const known = combinationsMade.get(key);
  if (known) return known;
  const made: number[][] = [];
  const rec = (start: number, acc: number[]) => {
    if (acc.length === k) return void made.push([...acc]);
    for (let i = start; i < n; i++) rec(i + 1, [...acc, i]);
  };
  rec(0, []);
  // frozen: shared by every selection that makes one of these choices
  for (const combo of made) Object.freeze(combo);
  if (made.length <= MAX_SELECTIONS && combinationsMade.size < MAX_COMBINATION_SIZES) combinationsMade.set(key, made);
  return made;
}

const combinationsMade = new Map<number, readonly (readonly number[])[]>();
/** How many sizes (n, k) of choice are kept: policies use a few; a process that evaluates arbitrary ones stays bounded. */
const MAX_COMBINATION_SIZES = 256;

/** The choices of a selection that makes none: one map, shared (choices are never written to once made). */
const NO_CHOICES: ReadonlyMap<Resolved, readonly number[]> = new Map();

/** Two selections' choices together: either one as it is when the other has none. */
function joinChoices(a: Selection["choices"], b: Selection["choices"]): Selection["choices"] {
  if (b.size === 0) return a;
  if (a.size === 0) return b;
  const joined = new Map(a);
  for (const [r, chosen] of b) joined.set(r, chosen);
  return joined;
}

function product(parts: readonly (readonly Selection[])[]): readonly Selection[] {
  // one part (a stack with one root): its selections as they are, already capped by expand
  if (parts.length === 1) return parts[0]!;
  let acc: Selection[] = [{ pools: [], choices: NO_CHOICES }];
  for (const options of parts) {
    const next: Selection[] = [];
    for (const a of acc) {
      for (const b of options) {
        next.push({ pools: a.pools.length === 0 ? b.pools : b.pools.length === 0 ? a.pools : [...a.pools, ...b.pools], choices: joinChoices(a.choices, b.choices) });
        if (next.length >= MAX_SELECTIONS) break;
      }
      if (next.length >= MAX_SELECTIONS) break;
    }
    acc = next;
  }
  return acc;
}

/** The selections of a part without pools or choices (not applicable, a condition, a stack). */
const NOTHING: readonly Selection[] = [{ pools: [], choices: NO_CHOICES }];

/** The pool index of a route without pools: shared, never written to. */
const NO_POOLS: ReadonlyMap<Resolved, number> = new Map();

function expand(r: Resolved): readonly Selection[] {
  if (!r.applicable) return NOTHING;
  switch (r.node.type) {
    case "credit":
    case "count":
      return [{ pools: [r], choices: NO_CHOICES }];
    case "condition":
    case "stack":
      return NOTHING;
    case "all":
      return product(r.children!.map(expand));
    case "any": {
      const children = r.children!;
      const applicable: number[] = [];
      for (let i = 0; i < children.length; i++) if (children[i]!.applicable) applicable.push(i);
      // every child applicable, the usual case: a combination is already the children chosen
      const every = applicable.length === children.length;
      const need = Math.min(r.node.need, applicable.length);
      const out: Selection[] = [];
      for (const combo of combinations(applicable.length, need)) {
        const chosen = every ? combo : combo.map((k) => applicable[k]!);
        for (const s of chosen.length === 1 ? expand(children[chosen[0]!]!) : product(chosen.map((i) => expand(children[i]!)))) {
          const choices = s.choices.size === 0 ? new Map<Resolved, readonly number[]>() : new Map(s.choices);
          choices.set(r, chosen);
          out.push({ pools: s.pools, choices });
          if (out.length >= MAX_SELECTIONS) return out;
        }
      }
      return out.length > 0 ? out : [{ pools: [], choices: new Map<Resolved, readonly number[]>([[r, []]]) }];
    }
  }
}

////////////////////////////////////////////////////////////////////////////////
// allocation for one selection
////////////////////////////////////////////////////////////////////////////////

export interface Solved {
  readonly selection: Selection;
  readonly solution: AllocationSolution;
  readonly denominator: bigint;
  readonly items: readonly RecognizedCredential[];
  readonly poolIndex: ReadonlyMap<Resolved, number>;
  /** Per pool, per item: the value there (after per-credential limits), as a rational. */
  readonly values: readonly (readonly Rational[])[];
  /** Per pool: items a per-credential limit cut. */
  readonly perCredentialCapped: readonly (readonly number[])[];
  /** The problem solved (integer minimums per pool and category). */
  readonly problem: AllocationProblem;
}

function buildAndSolve(
  selection: Selection,
  candidates: readonly RecognizedCredential[],
  split: boolean,
  budget: number,
  goal: AllocationProblem["goal"] = "minimize",
): Solved {
  const items = candidates;
  // a route of conditions and stacks only: nothing to place, nothing to scale (the search
  // visits one node, whatever the candidates)
  if (selection.pools.length === 0) {
    const problem: AllocationProblem = { items: [], pools: [], split, budget, goal };
    return { selection, solution: solveAllocation(problem), denominator: 1n, items, poolIndex: NO_POOLS, values: [], perCredentialCapped: [], problem };
  }
  const pools = selection.pools.map((r) => r.node as CompiledPool);
  const values: Rational[][] = [];
  const perCredentialCapped: number[][] = [];
  const eligible: boolean[][] = [];
  const groups: (number[] | undefined)[] = [];
  pools.forEach((p) => {
    eligible.push(items.map((c) => p.from(c)));
    // distinct: at most one credential per achievement counts in the pool
    if (p.distinct === "achievement") {
      // numbered among the credentials the pool accepts, so one it does not accept (e.g. one a
      // stack before did or did not consume) never changes the numbers, nor the search's order
      const ids = new Map<string, number>();
      const accepted = eligible[eligible.length - 1]!;
      groups.push(
        items.map((c, i) => {
          const a = c.credential.achievement;
          if (a === undefined || !accepted[i]) return -1;
          if (!ids.has(a)) ids.set(a, ids.size);
          return ids.get(a)!;
        }),
      );
    } else groups.push(undefined);
    const capped: number[] = [];
    const perCredential = p.limits.some((l) => l.per === "credential");
    values.push(
      items.map((c, i) => {
        let v = c.value;
        if (!perCredential) return v;
        for (const l of p.limits) {
          if (l.per === "credential" && l.from(c) && v.compare(l.max) > 0) {
            v = l.max;
            capped.push(i);
          }
        }
        return v;
      }),
    );
    perCredentialCapped.push(capped.length === 0 ? capped : [...new Set(capped)]);
  });

  const { denominator, scale } = integerScale(pools, values, eligible);

  // plain loops: this runs for every route of every stack evaluated
  const problemPools: AllocationPool[] = [];
  for (let pi = 0; pi < pools.length; pi++) {
    const p = pools[pi]!;
    const applicable = selection.pools[pi]!.categoryApplicable!;
    const accepted = eligible[pi]!;
    const count = p.type === "count";
    const categories: AllocationCategory[] = [];
    for (let ci = 0; ci < p.categories.length; ci++) {
      if (!applicable[ci]) continue;
      const c = p.categories[ci]!;
      const inCategory = new Array<boolean>(items.length);
      for (let i = 0; i < items.length; i++) inCategory[i] = accepted[i]! && c.from(items[i]!);
      categories.push({ min: count ? Number(c.min.n / c.min.d) : scale(c.min), eligible: inCategory });
    }
    const limits: AllocationLimit[] = [];
    for (const l of p.limits) if (l.per === "pool") limits.push({ max: scale(l.max), members: items.map((item) => l.from(item)) });
    const own = values[pi]!;
    const scaled = new Array<number>(items.length);
    for (let i = 0; i < items.length; i++) scaled[i] = accepted[i] && !count ? scale(own[i]!) : 0;
    const min = count ? Number(p.min.n / p.min.d) : scale(p.min);
    const group = groups[pi];
    problemPools.push(group ? { measure: p.type, min, eligible: accepted, categories, limits, values: scaled, groups: group } : { measure: p.type, min, eligible: accepted, categories, limits, values: scaled });
  }
  const problemItems: AllocationItem[] = new Array(items.length);
  for (let i = 0; i < items.length; i++) {
    // an item's value orders the search (larger first); pools use their own values
    let value = 0;
    for (const p of problemPools) if (p.values![i]! > value) value = p.values![i]!;
    problemItems[i] = { key: items[i]!.id, value };
  }
  const problem: AllocationProblem = {
    items: problemItems,
    pools: problemPools,
    split,
    budget,
    goal,
  };
  const solution = solveAllocation(problem);
  return {
    selection,
    solution,
    denominator,
    items,
    poolIndex: new Map(selection.pools.map((r, i) => [r, i])),
    values,
    perCredentialCapped,
    problem,
  };
}

/**
 * What a met placement can give up: the amounts counted per pool and category above their
 * minimums. Taking a credential's shares out of a placement that still meets every minimum
 * leaves a placement that meets them too (limits only cap, groups only exclude), so the stack
 * stays met without that credential: no new search is needed to know it.
 */
export class PlacementSlack {
  private readonly pool: number[];
  private readonly category: number[][];
  private readonly shares = new Map<string, { pool: number; category: number; amount: number }[]>();

  constructor(private readonly solved: Solved) {
    const { solution, problem, items } = solved;
    this.pool = problem.pools.map((p, pi) => solution.poolCounted[pi]! - p.min);
    this.category = problem.pools.map((p, pi) => p.categories.map((c, ci) => solution.categoryCounted[pi]![ci]! - c.min));
    for (const s of solution.shares) {
      const id = items[s.item]!.id;
      let list = this.shares.get(id);
      if (!list) this.shares.set(id, (list = []));
      list.push({ pool: s.pool, category: s.category, amount: s.amount });
    }
  }

  /** Whether every pool and category stays at or above its minimum without this credential. */
  canDrop(id: string): boolean {
    if (this.pool.some((x) => x < 0) || this.category.some((cs) => cs.some((x) => x < 0))) return false;
    const pool = [...this.pool];
    const category = this.category.map((cs) => [...cs]);
    for (const s of this.shares.get(id) ?? []) {
      pool[s.pool]! -= s.amount;
      if (s.category >= 0) category[s.pool]![s.category]! -= s.amount;
    }
    return pool.every((x) => x >= 0) && category.every((cs) => cs.every((x) => x >= 0));
  }

  /** Takes a credential's shares out. */
  drop(id: string): void {
    for (const s of this.shares.get(id) ?? []) {
      this.pool[s.pool]! -= s.amount;
      if (s.category >= 0) this.category[s.pool]![s.category]! -= s.amount;
    }
    this.shares.delete(id);
  }

  /** The solved problem this slack is about. */
  get of(): Solved {
    return this.solved;
  }
}

/** Calls `visit` with every credit quantity of a problem: the credit pools' minimums, their categories' and limits', and the values of the credentials each accepts. */
function eachQuantity(pools: readonly CompiledPool[], values: readonly Rational[][], eligible: readonly boolean[][], visit: (r: Rational) => void): void {
  for (let pi = 0; pi < pools.length; pi++) {
    const p = pools[pi]!;
    if (p.type !== "credit") continue;
    visit(p.min);
    for (const c of p.categories) visit(c.min);
    for (const l of p.limits) visit(l.max);
    const accepted = eligible[pi]!;
    values[pi]!.forEach((v, i) => accepted[i] && visit(v));
  }
}

/** 2^53 - 1 as a big integer: the largest sum the solver forms exactly in floating point. */
const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * One integer scale for every credit quantity in a problem: the least common denominator, and
 * each quantity times it. The solver works on these integers in floating point, so every sum it
 * forms must stay a safe integer: amounts within the schema's limits almost always do; many
 * credentials with large, coprime denominators may not, and are refused (`amount_out_of_range`)
 * rather than rounded. Small numerators and denominators, the usual case, are scaled in
 * floating point, exactly; others with big integers.
 */
function integerScale(pools: readonly CompiledPool[], values: readonly Rational[][], eligible: readonly boolean[][]): { denominator: bigint; scale: (r: Rational) => number } {
  // floating point: every numerator and denominator, the common denominator and the total safe
  let small = true;
  let common = 1;
  // how many quantities, and the largest: their scaled total is at most the product of the two and the common denominator
  let count = 0;
  let largest = 0;
  eachQuantity(pools, values, eligible, (r) => {
    if (!small) return;
    if (r.n > SAFE || r.d > SAFE) small = false;
    else {
      const d = Number(r.d);
      if (d !== 1) common = lcmOfNumbers(common, d);
      const v = Number(r.n) / d;
      if (v > largest) largest = v;
      count++;
    }
    if (common > Number.MAX_SAFE_INTEGER) small = false;
  });
  if (small) {
    const scaled = (r: Rational) => Number(r.n) * (common / Number(r.d));
    // the bound (rounded up by a factor of 2 for the floating point) settles the usual case
    // without adding up; otherwise the exact sum: a float sum of non-negative integers is exact
    // up to 2^53, and at least 2^53 beyond
    if (2 * count * largest * common <= Number.MAX_SAFE_INTEGER) return { denominator: BigInt(common), scale: scaled };
    let total = 0;
    eachQuantity(pools, values, eligible, (r) => (total += scaled(r)));
    if (total <= Number.MAX_SAFE_INTEGER) return { denominator: BigInt(common), scale: scaled };
  }
  let denominator = 1n;
  eachQuantity(pools, values, eligible, (r) => (denominator = lcm(denominator, r.d)));
  checkExact(pools, values, eligible, denominator);
  return { denominator, scale: (r) => Number((r.n * denominator) / r.d) };
}

/** Refuses a problem whose scaled quantities add up past 2^53: it could not be solved exactly. */
function checkExact(pools: readonly CompiledPool[], values: readonly Rational[][], eligible: readonly boolean[][], denominator: bigint): void {
  let total = 0n;
  eachQuantity(pools, values, eligible, (r) => (total += (r.n * denominator) / r.d));
  if (total <= SAFE) return;
  const pool = pools.find((p) => p.type === "credit")!;
  const path = pool.ref.origin.path.split(/[.[\]]+/).filter((k) => k !== "").map((k) => (/^\d+$/.test(k) ? Number(k) : k));
  throw new EvaluationError([
    createIssue(
      "amount_out_of_range",
      `The credit amounts placed in '${pool.ref.origin.path}' of policy '${pool.ref.origin.policy}' cannot be added up exactly: in steps of 1/${denominator} they exceed 2^53.`,
      path,
    ),
  ]);
}

////////////////////////////////////////////////////////////////////////////////
// statuses and scores
////////////////////////////////////////////////////////////////////////////////

export interface NodeView {
  readonly met: boolean | "n/a";
  /** How many requirements are not met, and the share still missing (0..1 per pool or leaf), summed. */
  readonly unmet: number;
  readonly missing: number;
}

export function categoryIndexMap(r: Resolved): number[] {
  // map from the pool's category index to the problem's (only applicable categories are in the problem)
  const out: number[] = [];
  let k = 0;
  r.categoryApplicable!.forEach((a) => out.push(a ? k++ : -1));
  return out;
}

export function poolAmounts(solved: Solved, r: Resolved) {
  const pi = solved.poolIndex.get(r)!;
  const pool = r.node as CompiledPool;
  const toAmount = (x: number) => (pool.type === "count" ? toRational(x) : fromScaled(BigInt(x), solved.denominator));
  const map = categoryIndexMap(r);
  return {
    pi,
    counted: toAmount(solved.solution.poolCounted[pi]!),
    categories: pool.categories.map((_, ci) =>
      map[ci]! < 0 ? undefined : toAmount(solved.solution.categoryCounted[pi]![map[ci]!]!),
    ),
    toAmount,
  };
}

export function view(r: Resolved, solved: Solved | undefined): NodeView {
  if (!r.applicable) return { met: "n/a", unmet: 0, missing: 0 };
  const node = r.node;
  switch (node.type) {
    case "credit":
    case "count": {
      const pi = solved?.poolIndex.get(r);
      if (solved === undefined || pi === undefined) return { met: false, unmet: 1, missing: 1 };
      // from the problem's integers (credit scaled by one denominator, counts as they are): each
      // is below 2^53, so a share divides the same real number as the rationals would, to the same double
      const pool = solved.problem.pools[pi]!;
      const counted = solved.solution.poolCounted[pi]!;
      const inCategory = solved.solution.categoryCounted[pi]!;
      // the share still missing: of the pool's minimum, or of its categories' minimums together
      let unmet = 0;
      let poolShare = 0;
      if (pool.min !== 0 && counted < pool.min) {
        unmet += 1;
        poolShare = (pool.min - counted) / pool.min;
      }
      let catMissing = 0;
      let catNeed = 0;
      for (let ci = 0; ci < pool.categories.length; ci++) {
        const min = pool.categories[ci]!.min;
        const got = inCategory[ci]!;
        if (got < min) {
          unmet += 1;
          catMissing += min - got;
        }
        catNeed += min;
      }
      const catShare = catNeed === 0 ? 0 : catMissing / catNeed;
      return { met: unmet === 0, unmet, missing: Math.max(poolShare, catShare) };
    }
    case "condition":
      return r.conditionTrace!.result ? { met: true, unmet: 0, missing: 0 } : { met: false, unmet: 1, missing: 1 };
    case "stack":
      return r.stackStatus === "met" ? { met: true, unmet: 0, missing: 0 } : { met: false, unmet: 1, missing: 1 };
    case "all": {
      const views = r.children!.map((c) => view(c, solved));
      const applicable = views.filter((v) => v.met !== "n/a");
      if (applicable.length === 0) return { met: "n/a", unmet: 0, missing: 0 };
      return {
        met: applicable.every((v) => v.met === true),
        unmet: applicable.reduce((s, v) => s + v.unmet, 0),
        missing: applicable.reduce((s, v) => s + v.missing, 0),
      };
    }
    case "any": {
      const chosen = solved?.selection.choices.get(r) ?? [];
      if (r.children!.every((c) => !c.applicable)) return { met: "n/a", unmet: 0, missing: 0 };
      const views = chosen.map((i) => view(r.children![i]!, solved));
      const metCount = views.filter((v) => v.met === true).length;
      const short = Math.max(0, node.need - chosen.length);
      return {
        met: metCount >= node.need,
        unmet: views.reduce((s, v) => s + v.unmet, 0) + short,
        missing: views.reduce((s, v) => s + v.missing, 0) + short,
      };
    }
  }
}

function score(roots: readonly Resolved[], solved: Solved): [number, number] {
  let unmet = 0;
  let missing = 0;
  for (const r of roots) {
    const v = view(r, solved);
    unmet += v.unmet;
    missing += v.missing;
  }
  return [unmet, missing];
}

/**
 * Search nodes left to a group of searches that share one budget (a stack's routes, its
 * determining trials, its alternatives shown on their own): each search may use what is left, and
 * what it visits is taken off.
 */
export interface NodeAllowance {
  left: number;
}

/**
 * Solves a list of requirement roots: tries each selection of alternatives, keeps the best. The
 * selections' searches draw on one allowance; a search that starts with nothing left places
 * each credential in its first option and is flagged not optimal. With the goal `"meet"` only
 * `met` (and, when met, the placement) is meaningful.
 */
export function solveRoots(
  roots: readonly Resolved[],
  candidates: readonly RecognizedCredential[],
  split: boolean,
  allowance: NodeAllowance,
  goal: AllocationProblem["goal"] = "minimize",
) {
  const selections = product(roots.map(expand));
  let best: { solved: Solved; score: [number, number] } | undefined;
  let optimal = selections.length < MAX_SELECTIONS;
  for (const selection of selections) {
    const solved = buildAndSolve(selection, candidates, split, Math.max(0, allowance.left), goal);
    allowance.left -= solved.solution.nodes;
    if (!solved.solution.optimal) optimal = false;
    const s = score(roots, solved);
    // the route with the smallest share missing, then the fewest unmet requirements, then declared order
    if (!best || s[1] < best.score[1] || (s[1] === best.score[1] && s[0] < best.score[0])) best = { solved, score: s };
    if (s[0] === 0) break;
  }
  return { solved: best!.solved, met: best!.score[0] === 0, optimal };
}

/**
 * How many requirements under `r` a route leaves unmet when every pool it pursues is met: the
 * count `view` gives (`unmet`) for a placement with no shortfall, without one.
 */
function unmetWhenPoolsMet(r: Resolved, selection: Selection): number {
  if (!r.applicable) return 0;
  const node = r.node;
  switch (node.type) {
    case "credit":
    case "count":
      return selection.pools.includes(r) ? 0 : 1;
    case "condition":
      return r.conditionTrace!.result ? 0 : 1;
    case "stack":
      return r.stackStatus === "met" ? 0 : 1;
    case "all": {
      let unmet = 0;
      for (const c of r.children!) unmet += unmetWhenPoolsMet(c, selection);
      return unmet;
    }
    case "any": {
      if (r.children!.every((c) => !c.applicable)) return 0;
      const chosen = selection.choices.get(r) ?? [];
      let unmet = Math.max(0, node.need - chosen.length);
      for (const i of chosen) unmet += unmetWhenPoolsMet(r.children![i]!, selection);
      return unmet;
    }
  }
}

/**
 * Whether a route's one pool has a minimum that no candidate can count in: its search would stop
 * at its root, the lower bound there being positive. Only for a count pool (no credit to scale),
 * or a credit pool whose minimums and limits are whole numbers: with no credential's value in
 * the problem, its quantities are then whole numbers of at most `AMOUNT_LIMITS.max` each, so
 * building it could not be refused (`amount_out_of_range`) either.
 */
function beyondReach(selection: Selection, candidates: readonly RecognizedCredential[]): boolean {
  if (selection.pools.length !== 1) return false;
  const pool = selection.pools[0]!.node as CompiledPool;
  if (pool.min.n === 0n) return false;
  if (pool.type === "credit" && (pool.min.d !== 1n || pool.categories.some((c) => c.min.d !== 1n) || pool.limits.some((l) => l.max.d !== 1n))) return false;
  for (const c of candidates) if (pool.from(c)) return false;
  return true;
}

/**
 * Whether requirement roots can be met, and whether that answer is proven: the routes
 * `solveRoots` tries, in the same order and on the same allowance, each searched with the goal
 * `"decide"` (no placement is built). `met` and `optimal` are those of
 * `solveRoots(..., "meet")`.
 *
 * @example
 * decideRoots(roots, candidates, true, { left: 200_000 }) //=> { met: true, optimal: true }
 */
export function decideRoots(
  roots: readonly Resolved[],
  candidates: readonly RecognizedCredential[],
  split: boolean,
  allowance: NodeAllowance,
): { met: boolean; optimal: boolean } {
  const selections = product(roots.map(expand));
  let optimal = selections.length < MAX_SELECTIONS;
  for (const selection of selections) {
    if (fastPaths.outOfReach && allowance.left >= 1 && beyondReach(selection, candidates)) {
      // the search would stop at its root, one node, unmet
      allowance.left -= 1;
      continue;
    }
    const { solution } = buildAndSolve(selection, candidates, split, Math.max(0, allowance.left), "decide");
    allowance.left -= solution.nodes;
    if (!solution.optimal) optimal = false;
    if (solution.shortfall > 0) continue;
    let unmet = 0;
    for (const r of roots) unmet += unmetWhenPoolsMet(r, selection);
    if (unmet === 0) return { met: true, optimal };
  }
  return { met: false, optimal };
}
