/**
 * Evaluating one stack: its window, variant and prerequisites, the requirement tree with its
 * alternatives, the optimal placement of credentials, the gaps, and the credentials that
 * determined the result.
 */
import type { Condition } from "../schema/condition.js";
import type { License } from "../schema/record.js";
import type { ConditionTrace, Gap, RuleOrigin, StackResult, StackStatus } from "../schema/report.js";
import type { CompiledPolicy, CompiledStack, CompiledVariant } from "../policy/compile.js";
import { failedLeaves } from "../explain/summarize.js";
import type { RecognizedCredential } from "./recognize.js";
import { cite, noteAssumptionsOf, render, type RenderContext } from "./results.js";
import { DEFAULT_BUDGET } from "./allocate.js";
import { fastPaths } from "./fast-paths.js";
import { decideRoots, PlacementSlack, solveRoots, type NodeAllowance, type Solved } from "./route.js";
import { collectPools, resolve, type Resolved } from "./tree.js";
import { resolveWindow, type ResolvedWindow } from "./window.js";

/**
 * Evaluates a condition to its trace (synchronously, or from precomputed results), on the as-of
 * date or, inside a school year's copy of a pool, on a date inside that year (`on`).
 */
export type ConditionEvaluator = (condition: Condition, on?: string) => ConditionTrace;

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

/** A resolved window as the report shows it: `from` (when set) and `to`. */
function windowOf(window: ResolvedWindow): { from?: string; to: string } {
  return window.from !== undefined ? { from: window.from, to: window.to } : { to: window.to };
}

/** What a stack's evaluation starts from, once its window, exemptions and variant are known. */
type Prepared =
  | { readonly kind: "done"; readonly outcome: StackOutcome }
  | {
      readonly kind: "ready";
      readonly variant: CompiledVariant;
      readonly window: ResolvedWindow;
      readonly windowOut: { from?: string; to: string };
      readonly prerequisites: ConditionTrace | undefined;
      readonly roots: readonly Resolved[];
      readonly candidates: readonly RecognizedCredential[];
    };

/**
 * The part of a stack's evaluation before any placement: the window, an exemption that decides
 * it, the variant that applies, the prerequisites, the resolved requirement tree and the
 * credentials that may count. Notes on credentials left out go to `notes` when given.
 */
function prepareStack(stack: CompiledStack, ctx: StackContext, notes: StackNote[] | undefined): Prepared {
  const resolved = resolveWindow(stack.window, ctx.license, ctx.asOf);
  if (!resolved.ok) return { kind: "done", outcome: notEvaluated(stack, `Not evaluated: ${resolved.reason}.`) };
  let window: ResolvedWindow = resolved.window;
  let windowOut = windowOf(window);

  for (const e of stack.exemptions) {
    const trace = ctx.condition(e.when);
    if (!trace.result) continue;
    const outcome = notEvaluated(stack, `Exempt: ${e.title}.`, { window: windowOut, exemption: { id: e.id, title: e.title, condition: trace } });
    return {
      kind: "done",
      outcome: {
        ...outcome,
        // the exemption decided: its rule and its sources are what the result cites
        result: { ...outcome.result, status: "met", determinedBy: { rules: [stack.ref.origin, e.ref.origin], credentials: [] }, sources: [...e.ref.sources] },
        assumptions: e.ref.assumptions.map((id) => [id, e.ref.origin] as const),
      },
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
    return { kind: "done", outcome: notEvaluated(stack, "Not evaluated: no variant of this stack applies to the educator.", { window: windowOut }) };
  }
  if (variant.window) {
    // the variant's own window replaces the stack's
    const own = resolveWindow(variant.window, ctx.license, ctx.asOf);
    if (!own.ok) return { kind: "done", outcome: notEvaluated(stack, `Not evaluated: ${own.reason}.`) };
    window = own.window;
    windowOut = windowOf(window);
  }
  const prerequisites = stack.prerequisites ? ctx.condition(stack.prerequisites) : undefined;
  const roots = variant.requirements.map((n) => resolve(n, "", ctx, window));
  // where a credential could count, whenever earned (outside the window, taken by another stack)
  const pools = variant.pools;
  const fitsVariant = (c: RecognizedCredential) => pools.some((p) => p.from(c));
  const candidates: RecognizedCredential[] = [];
  for (const c of ctx.recognized) {
    const earned = c.credential.earned;
    if ((window.from !== undefined && earned < window.from) || earned > window.to) {
      if (notes && fitsVariant(c)) {
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
      if (notes && fitsVariant(c)) notes.push({ credential: c.id, code: "used_by_other_stack", message: `Already counted in '${taker}'.` });
      continue;
    }
    candidates.push(c);
  }
  return { kind: "ready", variant, window, windowOut, prerequisites, roots, candidates };
}

/**
 * Evaluates one stack.
 *
 * @example
 * const outcome = evaluateStack(compiled.stacks[0], context);
 * outcome.result.status //=> "met"
 */
export function evaluateStack(stack: CompiledStack, ctx: StackContext): StackOutcome {
  const notes: StackNote[] = [];
  const prepared = prepareStack(stack, ctx, notes);
  if (prepared.kind === "done") return prepared.outcome;
  const { variant, window, windowOut, prerequisites, roots, candidates } = prepared;
  const variantOut = variant.id !== undefined ? { variant: { id: variant.id, ...(variant.title !== undefined ? { title: variant.title } : {}) } } : {};
  const pools = collectPools(roots);
  // where it could count as earned (a pool repeated per school year takes that year's credentials)
  const fitsSomewhere = (c: RecognizedCredential) => pools.some((p) => p.from(c));

  // a stack's searches have three budgets, each shared: its routes, the alternatives it shows on
  // their own, and the trials that choose its determining credentials
  const budget = ctx.budget ?? DEFAULT_BUDGET;
  const solvedRoots = solveRoots(roots, candidates, stack.splitCredit, { left: budget });
  const placements: { credential: string; requirement: string; amount: string }[] = [];
  const gaps: Gap[] = [];
  const rules: RuleOrigin[] = [stack.ref.origin];
  if (variant.id !== undefined) rules.push(variant.ref.origin);
  const capped: { credential: string; message: string }[] = [];
  const assumptions = new Map<string, RuleOrigin>();
  noteAssumptionsOf(assumptions, stack.ref);
  noteAssumptionsOf(assumptions, variant.ref);
  const rc: RenderContext = {
    ctx,
    candidates,
    split: stack.splitCredit,
    placements,
    gaps,
    deadline: window.deadline,
    rules,
    capped,
    assumptions,
    live: true,
    alternatives: { left: budget },
  };
  const requirements = roots.map((r) => render(r, solvedRoots.solved, rc));

  let status: StackStatus = solvedRoots.met ? "met" : "not_met";
  let reason: string | undefined;
  if (prerequisites && !prerequisites.result) {
    status = "not_eligible";
    reason = "The prerequisites are not met.";
    gaps.unshift({ requirement: "prerequisites", needs: failedLeaves(prerequisites).join("; "), ...(window.deadline !== undefined ? { deadline: window.deadline } : {}) });
  }
  const placed = [...new Set(placements.map((p) => p.credential))].sort();
  const minimal = status === "met" ? minimalSet(roots, candidates, placed, stack.splitCredit, { left: budget }, ctx.demand, solvedRoots.solved) : undefined;
  const determining = minimal?.credentials ?? [];
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
    optimal: solvedRoots.optimal && (minimal?.proven ?? true),
    ...cite(stack.ref),
    ...(stack.ref.assumptions.length + variant.ref.assumptions.length > 0
      ? { assumptions: [...new Set([...stack.ref.assumptions, ...variant.ref.assumptions])] }
      : {}),
    explanation: [],
  };
  return { result, placements, determining, notes, capped, assumptions: [...assumptions] };
}

/** A stack's status alone: what `evaluateStatus` reports, and what later stacks need from it. */
export interface StackStatusOutcome {
  readonly status: StackStatus;
  readonly deadline: string | undefined;
  /** False when the status is not proven: a search ran out of budget, 512 routes or more, or limits that overlap without nesting. */
  readonly optimal: boolean;
  /** The determining credentials, found only when a later exclusive stack could use one of them. */
  readonly determining: readonly string[];
}

/**
 * Evaluates one stack's status, without its report: the same window, exemptions, variant,
 * prerequisites and routes as `evaluateStack`, so the same status whenever no search runs out of
 * budget, but no requirement results, gaps, notes, alternatives shown on their own or
 * explanations. Unless it consumes, its searches ask only whether the stack can be met, and build
 * no placement (`decideRoots`). The determining
 * credentials are found only when the stack is exclusive and met and a later exclusive stack
 * could count one of its placed credentials: they are what the later stacks may not use.
 *
 * @example
 * evaluateStackStatus(compiled.stacks[0], context).status //=> "met"
 */
export function evaluateStackStatus(stack: CompiledStack, ctx: StackContext): StackStatusOutcome {
  const prepared = prepareStack(stack, ctx, undefined);
  if (prepared.kind === "done") return { status: prepared.outcome.result.status, deadline: undefined, optimal: true, determining: [] };
  const { window, prerequisites, roots, candidates } = prepared;
  const budget = ctx.budget ?? DEFAULT_BUDGET;
  // the placement itself matters only when later stacks may not use what this one determines
  const consumes = stack.exclusive && candidates.some((c) => ctx.demand(c) > 0);
  const eligible = !prerequisites || prerequisites.result;
  if (!consumes && fastPaths.decide) {
    // only whether it can be met: no placement is built
    const decided = decideRoots(roots, candidates, stack.splitCredit, { left: budget });
    return { status: !eligible ? "not_eligible" : decided.met ? "met" : "not_met", deadline: window.deadline, optimal: decided.optimal, determining: [] };
  }
  const solved = solveRoots(roots, candidates, stack.splitCredit, { left: budget }, consumes ? "minimize" : "meet");
  const status: StackStatus = !eligible ? "not_eligible" : solved.met ? "met" : "not_met";
  let determining: readonly string[] = [];
  if (status === "met" && consumes) {
    const { items, solution } = solved.solved;
    const placed = [...new Set(solution.shares.map((sh) => items[sh.item]!))];
    if (placed.some((c) => ctx.demand(c) > 0)) {
      const ids = placed.map((c) => c.id).sort();
      determining = minimalSet(roots, candidates, ids, stack.splitCredit, { left: budget }, ctx.demand, solved.solved).credentials;
    }
  }
  return { status, deadline: window.deadline, optimal: solved.optimal, determining };
}

/**
 * The credentials that determined a met stack: drop placed credentials one at a time while the
 * stack stays met — first those later exclusive stacks could use, then the least valuable, then
 * the latest id. The result is inclusion-minimal (`proven`) unless the trials' searches, which
 * share one budget, ran out: a credential whose trial was not settled is kept, so the set still
 * meets the stack.
 */
function minimalSet(
  roots: readonly Resolved[],
  candidates: readonly RecognizedCredential[],
  placed: readonly string[],
  split: boolean,
  allowance: NodeAllowance,
  demand: (c: RecognizedCredential) => number,
  met: Solved,
): { credentials: string[]; proven: boolean } {
  const byId = new Map(candidates.map((c) => [c.id, c]));
  // the placement found meets the stack: a credential whose shares it can spare is dropped
  // without a new search; otherwise the search decides (another placement may not need it)
  let slack = new PlacementSlack(met);
  let keep = new Set(placed);
  let proven = true;
  const order = [...placed].sort(
    (a, b) => demand(byId.get(b)!) - demand(byId.get(a)!) || byId.get(a)!.value.compare(byId.get(b)!.value) || (a < b ? 1 : -1),
  );
  for (const id of order) {
    const trial = new Set(keep);
    trial.delete(id);
    if (fastPaths.placementSlack && slack.canDrop(id)) {
      slack.drop(id);
      keep = trial;
      continue;
    }
    if (allowance.left < 1) {
      proven = false;
      continue;
    }
    // only whether the stack is still met matters here, not how short it would fall
    const again = solveRoots(roots, candidates.filter((c) => trial.has(c.id)), split, allowance, "meet");
    if (again.met) {
      keep = trial;
      slack = new PlacementSlack(again.solved);
    } else if (!again.optimal) proven = false;
  }
  return { credentials: [...keep].sort(), proven };
}
