/**
 * Requirement results for the report: the resolved tree and the placement found, rendered with
 * amounts, placements, gaps, limits, citations and the assumptions the route taken rests on.
 */
import { failedLeaves } from "../explain/summarize.js";
import { formatRational, toRational, ZERO, type Rational } from "../quantity/rational.js";
import type { Match } from "../schema/policy.js";
import type { ConditionTrace, Gap, RequirementResult, RuleOrigin } from "../schema/report.js";
import type { RuleRef } from "../policy/compile.js";
import { describeMatch } from "./match.js";
import type { RecognizedCredential } from "./recognize.js";
import { categoryIndexMap, poolAmounts, solveRoots, view, type NodeAllowance, type NodeView, type Solved } from "./route.js";
import type { StackContext } from "./stack.js";
import type { Resolved } from "./tree.js";

////////////////////////////////////////////////////////////////////////////////
// rendering requirement results
////////////////////////////////////////////////////////////////////////////////

export interface RenderContext {
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
  /** The search nodes the alternatives shown on their own share. */
  readonly alternatives: NodeAllowance;
}

export function cite(ref: RuleRef) {
  return {
    origin: ref.origin,
    sources: [...ref.sources],
    ...(ref.assumptions.length > 0 ? { assumptions: [...ref.assumptions] } : {}),
  };
}

export function noteAssumptionsOf(into: Map<string, RuleOrigin>, ref: RuleRef): void {
  for (const id of ref.assumptions) if (!into.has(id)) into.set(id, ref.origin);
}

function noteAssumptions(rc: RenderContext, ref: RuleRef): void {
  noteAssumptionsOf(rc.assumptions, ref);
}

export function quantity(amount: Rational, unit: string) {
  return { amount: formatRational(amount), unit };
}

function statusOf(v: NodeView): RequirementResult["status"] {
  return v.met === "n/a" ? "not_applicable" : v.met ? "met" : "not_met";
}

/**
 * The start of a requirement result: what it is and how it stands. Results are built key by key
 * in the report's one key order (what it is, how it stands, the amounts, then where it comes
 * from), without spreads: this runs for every requirement of every stack.
 */
function headOf(id: string, type: RequirementResult["type"], title: string | undefined, status: RequirementResult["status"]): RequirementResult {
  const out = { id, type } as RequirementResult;
  if (title !== undefined) out.title = title;
  out.status = status;
  return out;
}

/** The end of a requirement result: its condition, the rule it comes from and its sources. */
function withTail(out: RequirementResult, when: ConditionTrace | undefined, ref: RuleRef): RequirementResult {
  if (when !== undefined) out.when = when;
  out.origin = ref.origin;
  out.sources = [...ref.sources];
  if (ref.assumptions.length > 0) out.assumptions = [...ref.assumptions];
  return out;
}

export function render(r: Resolved, solved: Solved | undefined, rc: RenderContext): RequirementResult {
  const node = r.node;
  const v = view(r, solved);
  const head = (type: RequirementResult["type"]) => headOf(node.id, type, node.title, statusOf(v));
  const tail = (out: RequirementResult) => withTail(out, r.whenTrace, node.ref);
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
        const out = head(node.type);
        out.required = quantity(node.min, unit);
        if (r.applicable) {
          out.counted = quantity(ZERO, unit);
          out.gap = quantity(node.min, unit);
        }
        return tail(out);
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
      const poolMatch: Match[] = node.fromRaw !== undefined ? [node.fromRaw] : [];
      // what the categories miss; when filling them would fill the pool too, the stack's gaps name
      // only the categories (the pool's own result still carries its gap)
      let categoriesMissing = ZERO;
      const gapOf = (path: string, title: string | undefined, have: Rational, need: Rational, accepts: string, match: Match[], pool = false) => {
        if (have.compare(need) >= 0) return undefined;
        const missing = need.sub(have);
        if (!pool) categoriesMissing = categoriesMissing.add(missing);
        if (rc.live && !(pool && missing.compare(categoriesMissing) <= 0)) {
          rc.gaps.push({
            requirement: path,
            ...(title !== undefined ? { title } : {}),
            missing: quantity(missing, unit),
            accepts,
            match,
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
        if (!applicable || got === undefined) {
          const out = headOf(c.id, "category", c.title, "not_applicable");
          out.required = quantity(c.min, unit);
          return withTail(out, when, c.ref);
        }
        const list = placementsAt(map[ci]!);
        record(`${r.path}/${c.id}`, list);
        if (rc.live) noteAssumptions(rc, c.ref);
        const gap = gapOf(`${r.path}/${c.id}`, c.title, got, c.min, describeMatch(c.fromRaw), [...poolMatch, c.fromRaw]);
        const out = headOf(c.id, "category", c.title, gap ? "not_met" : "met");
        out.required = quantity(c.min, unit);
        out.counted = quantity(got, unit);
        if (gap) out.gap = gap;
        out.placements = list;
        return withTail(out, when, c.ref);
      });
      const gap = gapOf(r.path, node.title, a.counted, node.min, node.accepts ?? describeMatch(node.fromRaw), poolMatch, true);
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
      const out = head(node.type);
      out.required = quantity(node.min, unit);
      out.counted = quantity(a.counted, unit);
      if (gap) out.gap = gap;
      out.placements = own;
      if (limits.length > 0) out.limits = limits;
      if (children.length > 0) out.children = children;
      return tail(out);
    }
    case "condition":
      if (rc.live && v.met === false) {
        rc.gaps.push({ requirement: r.path, ...(node.title !== undefined ? { title: node.title } : {}), needs: failedLeaves(r.conditionTrace!).join("; "), ...(rc.deadline !== undefined ? { deadline: rc.deadline } : {}) });
      }
      return tail(Object.assign(head("condition"), { condition: r.conditionTrace! }));
    case "stack":
      if (rc.live && v.met === false) {
        rc.gaps.push({
          requirement: r.path,
          ...(node.title !== undefined ? { title: node.title } : {}),
          needs: `stack '${node.stack}' met (it is ${r.stackStatus!.replace("_", " ")})`,
          ...(rc.deadline !== undefined ? { deadline: rc.deadline } : {}),
        });
      }
      return tail(Object.assign(head("stack"), { stack: { id: node.stack, status: r.stackStatus! } }));
    case "all":
      return tail(Object.assign(head("all"), { children: r.children!.map((c) => render(c, solved, rc)) }));
    case "any": {
      const chosen = solved?.selection.choices.get(r) ?? [];
      const children = r.children!.map((c, i) => {
        if (chosen.includes(i)) return render(c, solved, rc);
        if (!c.applicable) return render(c, undefined, { ...rc, live: false });
        // an alternative not pursued: shown as it would stand on its own
        const alone = solveRoots([c], rc.candidates, rc.split, rc.alternatives);
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
      return tail(Object.assign(head("any"), { need: node.need, chosen: chosen.map((i) => r.children![i]!.node.id), children }));
    }
  }
}
