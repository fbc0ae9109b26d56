/**
 * Evaluating one stack: its window, variant and prerequisites, the requirement tree with its
 * alternatives, the optimal placement of credentials, the gaps, and the credentials that
 * determined the result.
 */
import { addDays } from "../dates/index.js";
import { formatRational, fromScaled, toRational, ZERO, type Rational } from "../quantity/rational.js";
import type { Condition } from "../schema/condition.js";
import type { License } from "../schema/record.js";
import type { ConditionTrace, Gap, RequirementResult, RuleOrigin, StackResult, StackStatus } from "../schema/report.js";
import type { CompiledNode, CompiledPolicy, CompiledPool, CompiledStack, CompiledVariant, RuleRef } from "../policy/compile.js";
import { solveAllocation, type AllocationPool, type AllocationProblem, type AllocationSolution } from "./allocate.js";
import { failedLeaves } from "../explain/summarize.js";
import { describeMatch } from "./match.js";
import type { RecognizedCredential } from "./recognize.js";
import { resolveWindow, type ResolvedWindow } from "./window.js";

/** Evaluates a condition to its trace (synchronously, or from precomputed results). */
export type ConditionEvaluator = (condition: Condition) => ConditionTrace;

/** Everything a stack's evaluation reads. */
export interface StackContext {
  readonly policy: CompiledPolicy;
  readonly asOf: string;
  readonly license: License | undefined;
  readonly condition: ConditionEvaluator;
  readonly recognized: readonly RecognizedCredential[];
  /** Credentials already consumed by earlier exclusive stacks: credential id → stack id. */
  readonly consumed: ReadonlyMap<string, string>;
  /** Statuses of the stacks evaluated so far. */
  readonly statuses: ReadonlyMap<string, StackStatus>;
  readonly budget: number | undefined;
  /** How many later exclusive stacks a credential could count in: a met stack gives those up first. */
  readonly demand: (credential: RecognizedCredential) => number;
}

/** A note on a credential from one stack. */
export interface StackNote {
  readonly credential: string;
  readonly code: "outside_window" | "used_by_other_stack" | "not_needed";
  readonly message: string;
}

/** The outcome of one stack: its result, where credentials went, and what it consumes. */
export interface StackOutcome {
  readonly result: StackResult;
  readonly placements: readonly { credential: string; requirement: string; amount: string }[];
  /** The credentials that determined a met result (consumed when the stack is exclusive). */
  readonly determining: readonly string[];
  readonly notes: readonly StackNote[];
  /** Credentials a limit cut, with the reason. */
  readonly capped: readonly { credential: string; message: string }[];
  /** The assumptions the route taken rests on (id, where first used), in the order met. */
  readonly assumptions: readonly (readonly [string, RuleOrigin])[];
}

////////////////////////////////////////////////////////////////////////////////
// resolving the tree (selection-independent)
////////////////////////////////////////////////////////////////////////////////

interface Resolved {
  readonly node: CompiledNode;
  readonly path: string;
  readonly applicable: boolean;
  readonly whenTrace: ConditionTrace | undefined;
  readonly conditionTrace?: ConditionTrace;
  readonly stackStatus?: StackStatus;
  readonly categoryApplicable?: readonly boolean[];
  readonly categoryWhen?: readonly (ConditionTrace | undefined)[];
  readonly children?: readonly Resolved[];
}

/** The school years (first day, last day, label like 2024-25) a pool applies to in a window. */
function schoolYears(window: ResolvedWindow, asOf: string, startMonth: number, includePartial: boolean) {
  const month = String(startMonth).padStart(2, "0");
  const yearOf = (date: string) => (Number(date.slice(5, 7)) >= startMonth ? Number(date.slice(0, 4)) : Number(date.slice(0, 4)) - 1);
  const first = yearOf(window.from ?? asOf);
  const last = yearOf(window.from === undefined ? asOf : window.to);
  const out: { from: string; to: string; label: string }[] = [];
  for (let y = first; y <= last; y++) {
    const from = `${y}-${month}-01`;
    const to = addDays(`${y + 1}-${month}-01`, -1);
    const partial = (window.from !== undefined && from < window.from) || to > window.to;
    if (partial && !includePartial && window.from !== undefined) continue;
    out.push({
      from: window.from !== undefined && from < window.from ? window.from : from,
      to: to > window.to ? window.to : to,
      label: `${y}-${String((y + 1) % 100).padStart(2, "0")}`,
    });
  }
  return out;
}

/** A pool that applies to each school year becomes an `all` of one copy per year. */
function expandSchoolYears(node: CompiledPool, window: ResolvedWindow, asOf: string): CompiledNode {
  const each = node.eachSchoolYear!;
  const children: CompiledPool[] = schoolYears(window, asOf, each.startMonth, each.includePartial).map((y) => ({
    ...node,
    id: y.label,
    title: `${node.title ?? node.id}, ${y.label}`,
    when: undefined,
    from: (c) => c.credential.earned >= y.from && c.credential.earned <= y.to && node.from(c),
    accepts: `${describeMatch(node.fromRaw)} earned ${y.from} to ${y.to}`,
    eachSchoolYear: undefined,
    deadline: y.to,
  }));
  // the requirement's citations and those of its each_school_year rule
  const ref: RuleRef = { ...node.ref, assumptions: [...new Set([...node.ref.assumptions, ...each.ref.assumptions])] };
  return { type: "all", id: node.id, title: node.title, when: node.when, ref, children };
}

function resolve(node: CompiledNode, parentPath: string, ctx: StackContext, window: ResolvedWindow): Resolved {
  if ((node.type === "credit" || node.type === "count") && node.eachSchoolYear) {
    return resolve(expandSchoolYears(node, window, ctx.asOf), parentPath, ctx, window);
  }
  const path = parentPath === "" ? node.id : `${parentPath}/${node.id}`;
  const whenTrace = node.when ? ctx.condition(node.when) : undefined;
  const applicable = whenTrace === undefined || whenTrace.result;
  const base = { node, path, applicable, whenTrace };
  switch (node.type) {
    case "credit":
    case "count": {
      const categoryWhen = node.categories.map((c) => (c.when ? ctx.condition(c.when) : undefined));
      return { ...base, categoryWhen, categoryApplicable: categoryWhen.map((t) => t === undefined || t.result) };
    }
    case "condition":
      return { ...base, conditionTrace: ctx.condition(node.condition) };
    case "stack":
      return { ...base, stackStatus: ctx.statuses.get(node.stack) ?? "not_evaluated" };
    case "all":
    case "any":
      return { ...base, children: node.children.map((c) => resolve(c, path, ctx, window)) };
  }
}

////////////////////////////////////////////////////////////////////////////////
// selections: which alternatives of each `any` are pursued
////////////////////////////////////////////////////////////////////////////////

interface Selection {
  readonly pools: readonly Resolved[];
  readonly choices: ReadonlyMap<Resolved, readonly number[]>;
}

const MAX_SELECTIONS = 512;

function combinations(n: number, k: number): number[][] {
  const out: number[][] = [];
  const rec = (start: number, acc: number[]) => {
    if (acc.length === k) return void out.push([...acc]);
    for (let i = start; i < n; i++) rec(i + 1, [...acc, i]);
  };
  rec(0, []);
  return out;
}

function product(parts: readonly Selection[][]): Selection[] {
  let acc: Selection[] = [{ pools: [], choices: new Map() }];
  for (const options of parts) {
    const next: Selection[] = [];
    for (const a of acc) {
      for (const b of options) {
        next.push({ pools: [...a.pools, ...b.pools], choices: new Map([...a.choices, ...b.choices]) });
        if (next.length >= MAX_SELECTIONS) break;
      }
      if (next.length >= MAX_SELECTIONS) break;
    }
    acc = next;
  }
  return acc;
}

function expand(r: Resolved): Selection[] {
  if (!r.applicable) return [{ pools: [], choices: new Map() }];
  switch (r.node.type) {
    case "credit":
    case "count":
      return [{ pools: [r], choices: new Map() }];
    case "condition":
    case "stack":
      return [{ pools: [], choices: new Map() }];
    case "all":
      return product(r.children!.map(expand));
    case "any": {
      const applicable = r.children!.map((c, i) => (c.applicable ? i : -1)).filter((i) => i >= 0);
      const need = Math.min(r.node.need, applicable.length);
      const out: Selection[] = [];
      for (const combo of combinations(applicable.length, need)) {
        const chosen = combo.map((k) => applicable[k]!);
        for (const s of product(chosen.map((i) => expand(r.children![i]!)))) {
          out.push({ pools: s.pools, choices: new Map([...s.choices, [r, chosen]]) });
          if (out.length >= MAX_SELECTIONS) return out;
        }
      }
      return out.length > 0 ? out : [{ pools: [], choices: new Map([[r, []]]) }];
    }
  }
}

////////////////////////////////////////////////////////////////////////////////
// allocation for one selection
////////////////////////////////////////////////////////////////////////////////

interface Solved {
  readonly selection: Selection;
  readonly solution: AllocationSolution;
  readonly denominator: bigint;
  readonly items: readonly RecognizedCredential[];
  readonly poolIndex: ReadonlyMap<Resolved, number>;
  /** Per pool, per item: the value there (after per-credential limits), as a rational. */
  readonly values: readonly (readonly Rational[])[];
  /** Per pool: items a per-credential limit cut. */
  readonly perCredentialCapped: readonly (readonly number[])[];
}

function buildAndSolve(
  selection: Selection,
  candidates: readonly RecognizedCredential[],
  split: boolean,
  budget: number | undefined,
): Solved {
  const pools = selection.pools.map((r) => r.node as CompiledPool);
  const items = candidates;
  const values: Rational[][] = [];
  const perCredentialCapped: number[][] = [];
  const eligible: boolean[][] = [];
  const groups: (number[] | undefined)[] = [];
  pools.forEach((p) => {
    eligible.push(items.map((c) => p.from(c)));
    // distinct: at most one credential per achievement counts in the pool
    if (p.distinct === "achievement") {
      const ids = new Map<string, number>();
      groups.push(
        items.map((c) => {
          const a = c.credential.achievement;
          if (a === undefined) return -1;
          if (!ids.has(a)) ids.set(a, ids.size);
          return ids.get(a)!;
        }),
      );
    } else groups.push(undefined);
    const capped: number[] = [];
    values.push(
      items.map((c, i) => {
        let v = c.value;
        for (const l of p.limits) {
          if (l.per === "credential" && l.from(c) && v.compare(l.max) > 0) {
            v = l.max;
            capped.push(i);
          }
        }
        return v;
      }),
    );
    perCredentialCapped.push([...new Set(capped)]);
  });

  // one integer scale for every credit quantity in the problem
  let denominator = 1n;
  const lcm = (a: bigint, b: bigint) => {
    let x = a;
    let y = b;
    while (y !== 0n) [x, y] = [y, x % y];
    return (a / x) * b;
  };
  pools.forEach((p, pi) => {
    if (p.type !== "credit") return;
    denominator = lcm(denominator, p.min.d);
    p.categories.forEach((c) => (denominator = lcm(denominator, c.min.d)));
    p.limits.forEach((l) => (denominator = lcm(denominator, l.max.d)));
    values[pi]!.forEach((v, i) => {
      if (eligible[pi]![i]) denominator = lcm(denominator, v.d);
    });
  });
  const scale = (r: Rational) => Number((r.n * denominator) / r.d);

  const problemPools: AllocationPool[] = pools.map((p, pi) => {
    const r = selection.pools[pi]!;
    const count = p.type === "count";
    return {
      measure: p.type,
      min: count ? Number(p.min.n / p.min.d) : scale(p.min),
      eligible: eligible[pi]!,
      categories: p.categories
        .map((c, ci) => ({ c, ci }))
        .filter(({ ci }) => r.categoryApplicable![ci])
        .map(({ c }) => ({
          min: count ? Number(c.min.n / c.min.d) : scale(c.min),
          eligible: items.map((item, i) => eligible[pi]![i]! && c.from(item)),
        })),
      limits: p.limits.filter((l) => l.per === "pool").map((l) => ({ max: scale(l.max), members: items.map((item) => l.from(item)) })),
      values: values[pi]!.map((v, i) => (eligible[pi]![i] && !count ? scale(v) : 0)),
      ...(groups[pi] ? { groups: groups[pi] } : {}),
    };
  });
  const problem: AllocationProblem = {
    // an item's value orders the search (larger first); pools use their own values
    items: items.map((c, i) => ({ key: c.id, value: Math.max(0, ...problemPools.map((p) => p.values?.[i] ?? 0)) })),
    pools: problemPools,
    split,
    ...(budget !== undefined ? { budget } : {}),
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
  };
}

////////////////////////////////////////////////////////////////////////////////
// statuses and scores
////////////////////////////////////////////////////////////////////////////////

interface NodeView {
  readonly met: boolean | "n/a";
  /** How many requirements are not met, and the share still missing (0..1 per pool or leaf), summed. */
  readonly unmet: number;
  readonly missing: number;
}

function categoryIndexMap(r: Resolved): number[] {
  // map from the pool's category index to the problem's (only applicable categories are in the problem)
  const out: number[] = [];
  let k = 0;
  r.categoryApplicable!.forEach((a) => out.push(a ? k++ : -1));
  return out;
}

function poolAmounts(solved: Solved, r: Resolved) {
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

function view(r: Resolved, solved: Solved | undefined): NodeView {
  if (!r.applicable) return { met: "n/a", unmet: 0, missing: 0 };
  const node = r.node;
  switch (node.type) {
    case "credit":
    case "count": {
      if (!solved || !solved.poolIndex.has(r)) return { met: false, unmet: 1, missing: 1 };
      const a = poolAmounts(solved, r);
      // the share still missing: of the pool's minimum, or of its categories' minimums together
      let unmet = 0;
      const short = (have: Rational, need: Rational) => {
        if (have.compare(need) >= 0) return ZERO;
        unmet += 1;
        return need.sub(have);
      };
      const poolShare = node.min.equals(0) ? 0 : short(a.counted, node.min).div(node.min).valueOf();
      let catMissing = ZERO;
      let catNeed = ZERO;
      node.categories.forEach((c, ci) => {
        const got = a.categories[ci];
        if (got === undefined) return;
        catMissing = catMissing.add(short(got, c.min));
        catNeed = catNeed.add(c.min);
      });
      const catShare = catNeed.equals(0) ? 0 : catMissing.div(catNeed).valueOf();
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

/** Solves a list of requirement roots: tries each selection of alternatives, keeps the best. */
function solveRoots(roots: readonly Resolved[], candidates: readonly RecognizedCredential[], split: boolean, budget: number | undefined) {
  const selections = product(roots.map(expand));
  let best: { solved: Solved; score: [number, number] } | undefined;
  let optimal = selections.length < MAX_SELECTIONS;
  for (const selection of selections) {
    const solved = buildAndSolve(selection, candidates, split, budget);
    if (!solved.solution.optimal) optimal = false;
    const s = score(roots, solved);
    // the route with the smallest share missing, then the fewest unmet requirements, then declared order
    if (!best || s[1] < best.score[1] || (s[1] === best.score[1] && s[0] < best.score[0])) best = { solved, score: s };
    if (s[0] === 0) break;
  }
  return { solved: best!.solved, met: best!.score[0] === 0, optimal };
}

////////////////////////////////////////////////////////////////////////////////
// rendering requirement results
////////////////////////////////////////////////////////////////////////////////

interface RenderContext {
  readonly ctx: StackContext;
  readonly candidates: readonly RecognizedCredential[];
  readonly split: boolean;
  readonly placements: { credential: string; requirement: string; amount: string }[];
  readonly gaps: Gap[];
  readonly deadline: string | undefined;
  readonly rules: RuleOrigin[];
  readonly capped: { credential: string; message: string }[];
  /** Assumptions the route taken rests on, each with where it is used first. */
  readonly assumptions: Map<string, RuleOrigin>;
  /** Whether placements and gaps of this subtree belong to the stack's chosen route. */
  readonly live: boolean;
}

function cite(ref: RuleRef) {
  return {
    origin: ref.origin,
    sources: [...ref.sources],
    ...(ref.assumptions.length > 0 ? { assumptions: [...ref.assumptions] } : {}),
  };
}

function noteAssumptionsOf(into: Map<string, RuleOrigin>, ref: RuleRef): void {
  for (const id of ref.assumptions) if (!into.has(id)) into.set(id, ref.origin);
}

function noteAssumptions(rc: RenderContext, ref: RuleRef): void {
  noteAssumptionsOf(rc.assumptions, ref);
}

function quantity(amount: Rational, unit: string) {
  return { amount: formatRational(amount), unit };
}

function statusOf(v: NodeView): RequirementResult["status"] {
  return v.met === "n/a" ? "not_applicable" : v.met ? "met" : "not_met";
}

function render(r: Resolved, solved: Solved | undefined, rc: RenderContext): RequirementResult {
  const node = r.node;
  const v = view(r, solved);
  // keys in one order everywhere: what it is, how it stands, the amounts, then where it comes from
  const head = (type: RequirementResult["type"]) => ({
    id: node.id,
    type,
    ...(node.title !== undefined ? { title: node.title } : {}),
    status: statusOf(v),
  });
  const tail = { ...(r.whenTrace !== undefined ? { when: r.whenTrace } : {}), ...cite(node.ref) };
  if (rc.live && v.met !== "n/a") {
    rc.rules.push(node.ref.origin);
    noteAssumptions(rc, node.ref);
  }
  switch (node.type) {
    case "credit":
    case "count": {
      const unit = node.type === "count" ? "credentials" : rc.ctx.policy.unit;
      const inProblem = solved?.poolIndex.has(r) ?? false;
      if (!r.applicable || !inProblem || !solved) {
        return {
          ...head(node.type),
          required: quantity(node.min, unit),
          ...(r.applicable ? { counted: quantity(ZERO, unit), gap: quantity(node.min, unit) } : {}),
          ...tail,
        };
      }
      const a = poolAmounts(solved, r);
      const shares = solved.solution.shares.filter((s) => s.pool === a.pi);
      const map = categoryIndexMap(r);
      const placementsAt = (category: number) =>
        shares
          .filter((s) => s.category === category)
          .map((s) => ({ credential: solved.items[s.item]!.id, amount: formatRational(a.toAmount(s.amount)) }));
      const record = (path: string, list: { credential: string; amount: string }[]) => {
        if (rc.live) for (const p of list) rc.placements.push({ credential: p.credential, requirement: path, amount: p.amount });
      };
      const deadline = node.deadline ?? rc.deadline;
      const gapOf = (path: string, title: string | undefined, have: Rational, need: Rational, accepts: string) => {
        if (have.compare(need) >= 0) return undefined;
        const missing = need.sub(have);
        if (rc.live) {
          rc.gaps.push({
            requirement: path,
            ...(title !== undefined ? { title } : {}),
            missing: quantity(missing, unit),
            accepts,
            ...(deadline !== undefined ? { deadline } : {}),
          });
        }
        return quantity(missing, unit);
      };
      const own = placementsAt(-1);
      record(r.path, own);
      const children: RequirementResult[] = node.categories.map((c, ci) => {
        const applicable = r.categoryApplicable![ci]!;
        const when = r.categoryWhen![ci];
        const got = a.categories[ci];
        const id = { id: c.id, type: "category" as const, ...(c.title !== undefined ? { title: c.title } : {}) };
        const from = { ...(when !== undefined ? { when } : {}), ...cite(c.ref) };
        if (!applicable || got === undefined) {
          return { ...id, status: "not_applicable" as const, required: quantity(c.min, unit), ...from };
        }
        const list = placementsAt(map[ci]!);
        record(`${r.path}/${c.id}`, list);
        if (rc.live) noteAssumptions(rc, c.ref);
        const gap = gapOf(`${r.path}/${c.id}`, c.title, got, c.min, describeMatch(c.fromRaw));
        return {
          ...id,
          status: gap ? ("not_met" as const) : ("met" as const),
          required: quantity(c.min, unit),
          counted: quantity(got, unit),
          ...(gap ? { gap } : {}),
          placements: list,
          ...from,
        };
      });
      const gap = gapOf(r.path, node.title, a.counted, node.min, node.accepts ?? describeMatch(node.fromRaw));
      const placedHere = new Set(shares.map((sh) => sh.item));
      const limits = node.limits.map((l) => {
        let counted: Rational;
        let capped: string[];
        if (l.per === "credential") {
          counted = shares.filter((sh) => l.from(solved.items[sh.item]!)).reduce((sum, sh) => sum.add(a.toAmount(sh.amount)), ZERO);
          capped = solved.perCredentialCapped[a.pi]!.filter((i) => placedHere.has(i) && l.from(solved.items[i]!)).map((i) => solved.items[i]!.id);
        } else {
          const lc = solved.solution.limitCounted[a.pi]![node.limits.filter((x) => x.per === "pool").indexOf(l)]!;
          counted = a.toAmount(lc.counted);
          capped = lc.capped.map((i) => solved.items[i]!.id);
        }
        if (rc.live) {
          noteAssumptions(rc, l.ref);
          for (const id of capped) {
            rc.capped.push({ credential: id, message: `Limit '${l.id}' of '${r.path}' (at most ${formatRational(l.max)} ${unit}${l.per === "credential" ? " per credential" : ""}) cut what it counts.` });
          }
        }
        return { id: l.id, max: quantity(l.max, unit), counted: quantity(counted, unit), capped };
      });
      return {
        ...head(node.type),
        required: quantity(node.min, unit),
        counted: quantity(a.counted, unit),
        ...(gap ? { gap } : {}),
        placements: own,
        ...(limits.length > 0 ? { limits } : {}),
        ...(children.length > 0 ? { children } : {}),
        ...tail,
      };
    }
    case "condition":
      if (rc.live && v.met === false) {
        rc.gaps.push({ requirement: r.path, ...(node.title !== undefined ? { title: node.title } : {}), needs: failedLeaves(r.conditionTrace!).join("; "), ...(rc.deadline !== undefined ? { deadline: rc.deadline } : {}) });
      }
      return { ...head("condition"), condition: r.conditionTrace!, ...tail };
    case "stack":
      if (rc.live && v.met === false) {
        rc.gaps.push({
          requirement: r.path,
          ...(node.title !== undefined ? { title: node.title } : {}),
          needs: `stack '${node.stack}' met (it is ${r.stackStatus!.replace("_", " ")})`,
          ...(rc.deadline !== undefined ? { deadline: rc.deadline } : {}),
        });
      }
      return { ...head("stack"), stack: { id: node.stack, status: r.stackStatus! }, ...tail };
    case "all":
      return { ...head("all"), children: r.children!.map((c) => render(c, solved, rc)), ...tail };
    case "any": {
      const chosen = solved?.selection.choices.get(r) ?? [];
      const children = r.children!.map((c, i) => {
        if (chosen.includes(i)) return render(c, solved, rc);
        if (!c.applicable) return render(c, undefined, { ...rc, live: false });
        // an alternative not pursued: shown as it would stand on its own
        const alone = solveRoots([c], rc.candidates, rc.split, rc.ctx.budget);
        return render(c, alone.solved, { ...rc, live: false });
      });
      const short = node.need - chosen.length;
      if (rc.live && v.met !== "n/a" && short > 0) {
        // fewer alternatives apply to this educator than must be met
        rc.gaps.push({
          requirement: r.path,
          ...(node.title !== undefined ? { title: node.title } : {}),
          missing: quantity(toRational(short), "alternatives"),
          accepts: "alternatives that apply to this educator",
          ...(rc.deadline !== undefined ? { deadline: rc.deadline } : {}),
        });
      }
      return { ...head("any"), need: node.need, chosen: chosen.map((i) => r.children![i]!.node.id), children, ...tail };
    }
  }
}

////////////////////////////////////////////////////////////////////////////////
// the stack
////////////////////////////////////////////////////////////////////////////////

function describeStack(stack: CompiledStack) {
  return {
    ...(stack.adoption !== undefined ? { adoption: stack.adoption } : {}),
    ...(stack.unlocks !== undefined ? { unlocks: [...stack.unlocks] } : {}),
  };
}

function notEvaluated(stack: CompiledStack, reason: string, extra: Partial<StackResult> = {}): StackOutcome {
  return {
    result: {
      id: stack.id,
      kind: stack.kind,
      title: stack.title,
      status: "not_evaluated",
      reason,
      ...describeStack(stack),
      requirements: [],
      gaps: [],
      credentials: [],
      determinedBy: { rules: [stack.ref.origin], credentials: [] },
      optimal: true,
      ...cite(stack.ref),
      explanation: [],
      ...extra,
    },
    placements: [],
    determining: [],
    notes: [],
    capped: [],
    assumptions: [],
  };
}

/**
 * Evaluates one stack.
 *
 * @example
 * const outcome = evaluateStack(compiled.stacks[0], context);
 * outcome.result.status //=> "met"
 */
export function evaluateStack(stack: CompiledStack, ctx: StackContext): StackOutcome {
  const resolved = resolveWindow(stack.window, ctx.license, ctx.asOf);
  if (!resolved.ok) return notEvaluated(stack, `Not evaluated: ${resolved.reason}.`);
  const window: ResolvedWindow = resolved.window;
  const windowOut = { ...(window.from !== undefined ? { from: window.from } : {}), to: window.to };

  for (const e of stack.exemptions) {
    const trace = ctx.condition(e.when);
    if (!trace.result) continue;
    const outcome = notEvaluated(stack, `Exempt: ${e.title}.`, { window: windowOut, exemption: { id: e.id, title: e.title, condition: trace } });
    return {
      ...outcome,
      result: { ...outcome.result, status: "met", determinedBy: { rules: [stack.ref.origin, e.ref.origin], credentials: [] } },
      assumptions: e.ref.assumptions.map((id) => [id, e.ref.origin] as const),
    };
  }

  let variant: CompiledVariant | undefined;
  for (const v of stack.variants) {
    if (!v.when || ctx.condition(v.when).result) {
      variant = v;
      break;
    }
  }
  if (!variant) {
    return notEvaluated(stack, "Not evaluated: no variant of this stack applies to the educator.", { window: windowOut });
  }
  const variantOut = variant.id !== undefined ? { variant: { id: variant.id, ...(variant.title !== undefined ? { title: variant.title } : {}) } } : {};
  const prerequisites = stack.prerequisites ? ctx.condition(stack.prerequisites) : undefined;

  const roots = variant.requirements.map((n) => resolve(n, "", ctx, window));
  const pools = collectPools(roots);
  const fitsSomewhere = (c: RecognizedCredential) => pools.some((p) => p.from(c));
  const notes: StackNote[] = [];
  const candidates: RecognizedCredential[] = [];
  for (const c of ctx.recognized) {
    const earned = c.credential.earned;
    if ((window.from !== undefined && earned < window.from) || earned > window.to) {
      if (fitsSomewhere(c)) {
        notes.push({
          credential: c.id,
          code: "outside_window",
          message: `Earned ${earned}, outside the window ${window.from ?? "(start)"} to ${window.to} of '${stack.id}'.`,
        });
      }
      continue;
    }
    const taker = stack.exclusive ? ctx.consumed.get(c.id) : undefined;
    if (taker !== undefined) {
      if (fitsSomewhere(c)) notes.push({ credential: c.id, code: "used_by_other_stack", message: `Already counted in '${taker}'.` });
      continue;
    }
    candidates.push(c);
  }

  const solvedRoots = solveRoots(roots, candidates, stack.splitCredit, ctx.budget);
  const placements: { credential: string; requirement: string; amount: string }[] = [];
  const gaps: Gap[] = [];
  const rules: RuleOrigin[] = [stack.ref.origin];
  if (variant.id !== undefined) rules.push(variant.ref.origin);
  const capped: { credential: string; message: string }[] = [];
  const assumptions = new Map<string, RuleOrigin>();
  noteAssumptionsOf(assumptions, stack.ref);
  noteAssumptionsOf(assumptions, variant.ref);
  const rc: RenderContext = { ctx, candidates, split: stack.splitCredit, placements, gaps, deadline: window.deadline, rules, capped, assumptions, live: true };
  const requirements = roots.map((r) => render(r, solvedRoots.solved, rc));

  let status: StackStatus = solvedRoots.met ? "met" : "not_met";
  let reason: string | undefined;
  if (prerequisites && !prerequisites.result) {
    status = "not_eligible";
    reason = "The prerequisites are not met.";
    gaps.unshift({ requirement: "prerequisites", needs: failedLeaves(prerequisites).join("; "), ...(window.deadline !== undefined ? { deadline: window.deadline } : {}) });
  }
  const placed = [...new Set(placements.map((p) => p.credential))].sort();
  const determining = status === "met" ? minimalSet(roots, candidates, placed, stack.splitCredit, ctx.budget, ctx.demand) : [];
  const placedSet = new Set(placed);
  const cut = new Set(capped.map((c) => c.credential));
  for (const c of candidates) {
    if (placedSet.has(c.id) || cut.has(c.id) || !fitsSomewhere(c)) continue;
    notes.push({
      credential: c.id,
      code: "not_needed",
      message: solvedRoots.met
        ? `The requirements of '${stack.id}' are met without it.`
        : `It fits '${stack.id}' only where the placement did not need it (an alternative not taken, or a pool that already counts that achievement).`,
    });
  }

  const result: StackResult = {
    id: stack.id,
    kind: stack.kind,
    title: stack.title,
    status,
    ...(reason !== undefined ? { reason } : {}),
    ...describeStack(stack),
    ...variantOut,
    window: windowOut,
    ...(window.deadline !== undefined ? { deadline: window.deadline } : {}),
    ...(prerequisites !== undefined ? { prerequisites } : {}),
    requirements,
    gaps: status === "met" ? [] : gaps,
    credentials: placed,
    determinedBy: { rules, credentials: status === "met" ? determining : placed },
    optimal: solvedRoots.optimal,
    ...cite(stack.ref),
    ...(stack.ref.assumptions.length + variant.ref.assumptions.length > 0
      ? { assumptions: [...new Set([...stack.ref.assumptions, ...variant.ref.assumptions])] }
      : {}),
    explanation: [],
  };
  return { result, placements, determining, notes, capped, assumptions: [...assumptions] };
}

/** Every pool of a stack, in every variant. */
export function poolsOf(stack: CompiledStack): CompiledPool[] {
  const out: CompiledPool[] = [];
  const walk = (n: CompiledNode) => {
    if (n.type === "credit" || n.type === "count") out.push(n);
    if (n.type === "all" || n.type === "any") n.children.forEach(walk);
  };
  for (const v of stack.variants) v.requirements.forEach(walk);
  return out;
}

function collectPools(roots: readonly Resolved[]): CompiledPool[] {
  const out: CompiledPool[] = [];
  const walk = (r: Resolved) => {
    if (r.node.type === "credit" || r.node.type === "count") out.push(r.node);
    r.children?.forEach(walk);
  };
  roots.forEach(walk);
  return out;
}

/**
 * The credentials that determined a met stack: drop placed credentials one at a time while the
 * stack stays met — first those later exclusive stacks could use, then the least valuable, then
 * the latest id. The result is inclusion-minimal.
 */
function minimalSet(
  roots: readonly Resolved[],
  candidates: readonly RecognizedCredential[],
  placed: readonly string[],
  split: boolean,
  budget: number | undefined,
  demand: (c: RecognizedCredential) => number,
): string[] {
  const byId = new Map(candidates.map((c) => [c.id, c]));
  let keep = new Set(placed);
  const order = [...placed].sort(
    (a, b) => demand(byId.get(b)!) - demand(byId.get(a)!) || byId.get(a)!.value.compare(byId.get(b)!.value) || (a < b ? 1 : -1),
  );
  for (const id of order) {
    const trial = new Set(keep);
    trial.delete(id);
    const { met } = solveRoots(roots, candidates.filter((c) => trial.has(c.id)), split, budget);
    if (met) keep = trial;
  }
  return [...keep].sort();
}
