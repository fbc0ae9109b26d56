/**
 * Requirement results for the report: the resolved tree and the placement found, rendered with
 * amounts, placements, gaps, limits, citations and the assumptions the route taken rests on.
 */
import { failedLeaves } from "../explain/summarize.js";
import { formatRational, toRational, ZERO, type Rational } from "../quantity/rational.js";
import type { Match } from "../schema/policy.js";
import type { Gap, RequirementResult, RuleOrigin } from "../schema/report.js";
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

export function render(r: Resolved, solved: Solved | undefined, rc: RenderContext): RequirementResult {
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
        const id = { id: c.id, type: "category" as const, ...(c.title !== undefined ? { title: c.title } : {}) };
        const from = { ...(when !== undefined ? { when } : {}), ...cite(c.ref) };
        if (!applicable || got === undefined) {
          return { ...id, status: "not_applicable" as const, required: quantity(c.min, unit), ...from };
        }
        const list = placementsAt(map[ci]!);
        record(`${r.path}/${c.id}`, list);
        if (rc.live) noteAssumptions(rc, c.ref);
        const gap = gapOf(`${r.path}/${c.id}`, c.title, got, c.min, describeMatch(c.fromRaw), [...poolMatch, c.fromRaw]);
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
      return { ...head("any"), need: node.need, chosen: chosen.map((i) => r.children![i]!.node.id), children, ...tail };
    }
  }
}
