/**
 * The requirement tree of one stack, resolved for one educator: which requirements apply, the
 * traces of their conditions, the statuses of referenced stacks, and pools repeated per school year.
 */
import { addDays } from "../dates/index.js";
import type { CompiledNode, CompiledPool, RuleRef } from "../policy/compile.js";
import type { ConditionTrace, StackStatus } from "../schema/report.js";
import { describeMatch } from "./match.js";
import type { StackContext } from "./stack.js";
import type { ResolvedWindow } from "./window.js";

////////////////////////////////////////////////////////////////////////////////
// resolving the tree (selection-independent)
////////////////////////////////////////////////////////////////////////////////

export interface Resolved {
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
  const out: { from: string; to: string; start: string; deadline: string; label: string }[] = [];
  for (let y = first; y <= last; y++) {
    const from = `${y}-${month}-01`;
    const to = addDays(`${y + 1}-${month}-01`, -1);
    const partial = (window.from !== undefined && from < window.from) || to > window.to;
    if (partial && !includePartial && window.from !== undefined) continue;
    out.push({
      from: window.from !== undefined && from < window.from ? window.from : from,
      to: to > window.to ? window.to : to,
      start: from,
      // the year's last day, unless the window has a deadline before it (a license's expiry)
      deadline: window.deadline !== undefined && window.deadline < to ? window.deadline : to,
      label: `${y}-${String((y + 1) % 100).padStart(2, "0")}`,
    });
  }
  return out;
}

/**
 * A pool that applies to each school year becomes an `all` of one copy per year. Each copy's
 * conditions (its own `when` and its categories') are evaluated on a date inside that year: the
 * as-of date when it falls in the year, else the year's last day (a past year) or its first day
 * (a year to come). So a topic scheduled for 2021-22 is required in the 2021-22 copy, and a
 * 60-hour rule for the years before 2014-15 applies to those years only.
 */
function expandSchoolYears(node: CompiledPool, window: ResolvedWindow, asOf: string): { all: Extract<CompiledNode, { type: "all" }>; on: readonly string[] } {
  const each = node.eachSchoolYear!;
  const years = schoolYears(window, asOf, each.startMonth, each.includePartial);
  const children: CompiledPool[] = years.map((y) => ({
    ...node,
    id: y.label,
    title: `${node.title ?? node.id}, ${y.label}`,
    from: (c) => c.credential.earned >= y.from && c.credential.earned <= y.to && node.from(c),
    accepts: `${describeMatch(node.fromRaw)} earned ${y.from} to ${y.to}`,
    eachSchoolYear: undefined,
    deadline: y.deadline,
  }));
  // the requirement's citations and those of its each_school_year rule
  const ref: RuleRef = { ...node.ref, assumptions: [...new Set([...node.ref.assumptions, ...each.ref.assumptions])] };
  return {
    all: { type: "all", id: node.id, title: node.title, when: undefined, ref, children },
    on: years.map((y) => (asOf < y.start ? y.start : asOf > y.deadline ? y.deadline : asOf)),
  };
}

/**
 * Resolves a requirement for the educator. `on` is the date its conditions are evaluated on:
 * the as-of date, except inside a school year's copy of a pool.
 */
export function resolve(node: CompiledNode, parentPath: string, ctx: StackContext, window: ResolvedWindow, on?: string): Resolved {
  const path = parentPath === "" ? node.id : `${parentPath}/${node.id}`;
  if ((node.type === "credit" || node.type === "count") && node.eachSchoolYear) {
    const { all, on: dates } = expandSchoolYears(node, window, ctx.asOf);
    const children = all.children.map((c, i) => resolve(c, path, ctx, window, dates[i]));
    // applicable when some year's copy applies
    return { node: all, path, applicable: children.length === 0 || children.some((c) => c.applicable), whenTrace: undefined, children };
  }
  const whenTrace = node.when ? ctx.condition(node.when, on) : undefined;
  const applicable = whenTrace === undefined || whenTrace.result;
  // one object literal per kind (no spread of a shared base: this runs for every node of every stack)
  switch (node.type) {
    case "credit":
    case "count": {
      const categoryWhen: (ConditionTrace | undefined)[] = [];
      const categoryApplicable: boolean[] = [];
      for (const c of node.categories) {
        const t = c.when ? ctx.condition(c.when, on) : undefined;
        categoryWhen.push(t);
        categoryApplicable.push(t === undefined || t.result);
      }
      return { node, path, applicable, whenTrace, categoryWhen, categoryApplicable };
    }
    case "condition":
      return { node, path, applicable, whenTrace, conditionTrace: ctx.condition(node.condition, on) };
    case "stack":
      return { node, path, applicable, whenTrace, stackStatus: ctx.statuses.get(node.stack) ?? "not_evaluated" };
    case "all":
    case "any":
      return { node, path, applicable, whenTrace, children: node.children.map((c) => resolve(c, path, ctx, window, on)) };
  }
}


/** The pools of a resolved tree. */
export function collectPools(roots: readonly Resolved[]): CompiledPool[] {
  const out: CompiledPool[] = [];
  const walk = (r: Resolved) => {
    if (r.node.type === "credit" || r.node.type === "count") out.push(r.node);
    r.children?.forEach(walk);
  };
  roots.forEach(walk);
  return out;
}
