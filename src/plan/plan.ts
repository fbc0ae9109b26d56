/**
 * The shortest way to complete a stack: the smallest set of catalog credentials (fewest
 * credentials, then fewest hours, then lowest cost) that makes the stack met, found by an exact
 * search and checked by the evaluator itself.
 *
 * The search is branch and bound. Its bound is the relaxation in relax.ts (the record's
 * credentials count everywhere at once, so the bound never asks for more than the evaluation
 * does). It deepens by size: every set of k items is ruled out before sets of k + 1 are tried, so
 * the first size at which the evaluator says "met" is the minimum, and within that size the
 * cheapest set is kept. Each branch adds one item that some unmet demand could use (one demand
 * every completion must serve), items that evaluate alike are searched as one class, and every
 * candidate the bound lets through is evaluated by `evaluate`. When the node budget runs out the
 * best set found is returned with `proven: false` and the size below which nothing exists.
 */
import { EvaluationError } from "../errors/errors.js";
import { createIssue } from "../errors/issue.js";
import { checkAsOf, checkBudget, evaluate, toCompiled, type PolicyLike } from "../evaluate/evaluate.js";
import { amountText, explainStack } from "../explain/summarize.js";
import { formatRational, toRational, ZERO, type Rational } from "../quantity/rational.js";
import { parseRecord } from "../record/parse.js";
import type { CompiledPolicy, CompiledStack } from "../policy/compile.js";
import type { Catalog } from "../schema/catalog.js";
import type { FactValue } from "../schema/condition.js";
import type { EarnedCredential } from "../schema/credential.js";
import type { Plan, PlanItem } from "../schema/plan.js";
import type { EducatorRecord, EducatorRecordInput } from "../schema/record.js";
import type { StackResult, StateResult } from "../schema/report.js";
import { parseCatalog } from "./catalog.js";
import { duplicateKey, evaluationSignature, offerCredential, offerCredentialId, offersOf, subjectOf, type Offer } from "./credentials.js";
import { expiringFor } from "./expiring.js";
import { blockers, bound, buildDemand, usefulItems, type Demand, type Subject } from "./relax.js";

/** Options for `plan`. */
export interface PlanOptions {
  /** The date to plan on, `YYYY-MM-DD`: items are taken as earned on it. */
  readonly asOf: string;
  /** The id of the stack to complete. */
  readonly stack: string;
  /** The catalog (or catalogs) to choose from. */
  readonly catalog: Catalog | readonly Catalog[];
  /** Only policies of this state. */
  readonly state?: string | undefined;
  /** The policy family, when several policies in force have a stack of that id. */
  readonly policy?: string | undefined;
  /** Facts that override or add to the derived ones. */
  readonly facts?: Readonly<Record<string, FactValue>> | undefined;
  /** Search nodes (bound computations and evaluations) before giving up proving minimality. Default 20 000. */
  readonly budget?: number | undefined;
}

const DEFAULT_BUDGET = 20_000;

class OutOfBudget extends Error {}

interface Choice {
  readonly items: readonly number[];
  readonly hours: Rational;
  readonly cost: Rational;
}

/**
 * Plans the shortest completion of one stack from catalog credentials.
 *
 * @throws EvaluationError: `invalid_as_of`, `invalid_option` (budget), `unknown_stack`, `catalog_invalid`, or the record's own errors.
 * @example
 * const p = plan(record, loadBuiltinPolicies(), { asOf: "2026-11-24", state: "WY", stack: "cs-endorsement-6-12", catalog: wyCatalog });
 * p.items.map((i) => i.item) //=> ["wde-cs-variables-secondary"]
 * p.proven //=> true
 */
export function plan(input: EducatorRecordInput | EducatorRecord, policies: PolicyLike | readonly PolicyLike[], options: PlanOptions): Plan {
  const asOf = checkAsOf(options?.asOf);
  checkBudget(options.budget);
  const budget = options.budget ?? DEFAULT_BUDGET;
  const record = parseRecord(input);
  const catalogs = (Array.isArray(options.catalog) ? options.catalog : [options.catalog as Catalog]).map((c) => parseCatalog(c));
  const compiled = (Array.isArray(policies) ? policies : [policies as PolicyLike]).map(toCompiled);
  const facts = options.facts;
  const base = evaluate(record, compiled, { asOf, ...(options.state !== undefined ? { states: [options.state] } : {}), facts });
  const hits = base.results.filter((r) => (options.policy === undefined || r.policy.id === options.policy) && r.stacks.some((s) => s.id === options.stack));
  if (hits.length !== 1) {
    const where = `${options.state !== undefined ? `${options.state} ` : ""}policies in force on ${asOf}`;
    const message =
      hits.length === 0
        ? `No stack '${options.stack}' in the ${where}${options.policy !== undefined ? ` of family '${options.policy}'` : ""} (stacks: ${base.results.flatMap((r) => r.stacks.map((s) => s.id)).join(", ") || "none"}).`
        : `Several ${where} have a stack '${options.stack}' (${hits.map((h) => h.policy.id).join(", ")}); name one with the policy option (--policy).`;
    throw new EvaluationError([createIssue("unknown_stack", message, ["stack"])]);
  }
  const result = hits[0]!;
  const policy = compiled.find((p) => p.id === result.policy.id && p.version === result.policy.version)!;
  const target = result.stacks.find((s) => s.id === options.stack)!;
  const label = (unit: string) => policy.unitName(unit);

  const offers = offersOf(catalogs);
  const credentials = offers.map((o) => offerCredential(o, asOf));
  const evaluations = { count: 0 };
  const run = (extra: readonly EarnedCredential[]): StateResult => {
    evaluations.count += 1;
    return evaluate({ ...record, credentials: [...record.credentials, ...extra] }, [policy], { asOf, facts }).results[0]!;
  };
  const stackIn = (r: StateResult) => r.stacks.find((s) => s.id === target.id)!;

  // recognize every item, in batches without two copies of one achievement (which count once)
  const recognized: (Subject | undefined)[] = new Array(offers.length).fill(undefined);
  const pending = offers.map((_, i) => i);
  while (pending.length > 0) {
    const keys = new Set<string>();
    const batch: number[] = [];
    for (const i of [...pending]) {
      const key = duplicateKey(credentials[i]!);
      if (key !== undefined && keys.has(key)) continue;
      if (key !== undefined) keys.add(key);
      batch.push(i);
      pending.splice(pending.indexOf(i), 1);
    }
    const r = run(batch.map((i) => credentials[i]!));
    const byId = new Map(r.credentials.map((c) => [c.id, c]));
    for (const i of batch) recognized[i] = subjectOf(credentials[i]!, byId.get(credentials[i]!.id), policy, asOf);
  }
  const existingResults = new Map(result.credentials.map((c) => [c.id, c]));
  const existing = record.credentials.map((c) => subjectOf(c, existingResults.get(c.id), policy, asOf)).filter((s): s is Subject => s !== undefined);
  const tree: Demand = buildDemand({ policy, stacks: result.stacks, existing, items: recognized }, target.id);
  // items that count in the stack (or a stack it refers to), and, when an exclusive stack evaluated
  // before it could take credentials it needs, items that stack could take instead
  const { closure, rivals } = competition(policy, target.id);
  const fitsRival = (x: Subject) => rivals.some((st) => st.pools.some((p) => p.from(x)));
  const fitsClosure = (x: Subject) => closure.some((st) => st.pools.some((p) => p.from(x)));
  const subjects = [...existing, ...recognized.filter((x): x is Subject => x !== undefined)];
  const contested = subjects.some((x) => fitsRival(x) && fitsClosure(x));
  const useful = usefulItems(tree, offers.length).map((u, i) => recognized[i] !== undefined && (u || (contested && fitsRival(recognized[i]!))));
  const usefulIdx = offers.map((_, i) => i).filter((i) => useful[i]);

  const hoursOf = (i: number) => (offers[i]!.item.hours !== undefined ? toRational(offers[i]!.item.hours!) : ZERO);
  const costOf = (i: number) => (offers[i]!.item.cost !== undefined ? toRational(offers[i]!.item.cost!) : ZERO);

  // items that evaluate alike form a class, cheapest first; a class with an achievement counts once
  const classOf = new Map<string, number[]>();
  for (const i of usefulIdx) {
    const key = evaluationSignature(credentials[i]!);
    const list = classOf.get(key) ?? [];
    list.push(i);
    classOf.set(key, list);
  }
  const cheaper = (a: number, b: number) => hoursOf(a).compare(hoursOf(b)) || costOf(a).compare(costOf(b)) || (offerCredentialId(offers[a]!) < offerCredentialId(offers[b]!) ? -1 : 1);
  const classes = [...classOf.values()].map((members) => {
    const sorted = [...members].sort(cheaper);
    return credentials[sorted[0]!]!.achievement !== undefined ? sorted.slice(0, 1) : sorted;
  });
  classes.sort((a, b) => cheaper(a[0]!, b[0]!));
  const classIndex = new Map<number, number>();
  classes.forEach((members, ci) => members.forEach((i) => classIndex.set(i, ci)));
  const searchable = classes.flat();

  const stats = { nodes: 0 };
  const memo = new Map<string, boolean>();
  const isMet = (items: readonly number[]): boolean => {
    const key = [...items].sort((a, b) => a - b).join(",");
    const known = memo.get(key);
    if (known !== undefined) return known;
    stats.nodes += 1;
    const met = stackIn(run(items.map((i) => credentials[i]!))).status === "met";
    memo.set(key, met);
    return met;
  };
  const choice = (items: readonly number[]): Choice => ({
    items: [...items].sort((a, b) => a - b),
    hours: items.reduce((s, i) => s.add(hoursOf(i)), ZERO),
    cost: items.reduce((s, i) => s.add(costOf(i)), ZERO),
  });
  const better = (a: Choice, b: Choice | undefined) =>
    !b || a.items.length < b.items.length || (a.items.length === b.items.length && (a.hours.compare(b.hours) < 0 || (a.hours.equals(b.hours) && a.cost.compare(b.cost) < 0)));

  const search = { catalogItems: offers.length, usefulItems: usefulIdx.length, classes: classes.length, budget };
  const common = {
    credstack: 1 as const,
    record: record.id,
    asOf,
    state: result.state,
    policy: { id: result.policy.id, version: result.policy.version },
    stack: { id: target.id, title: target.title, kind: target.kind },
    now: target.status,
  };
  const expiring = expiringFor(record, policy, target, { asOf, facts });
  const withExpiring = expiring && (expiring.credentials.length > 0 || expiring.then !== expiring.now) ? { expiring } : {};

  if (target.status === "met") {
    const explanation = [`${target.title}: already met; nothing to add.`, ...expiringLines(expiring)];
    return { ...common, status: "met", proven: true, bound: 0, items: [], totals: totals([], offers), gaps: [], ...withExpiring, search: { ...search, nodes: stats.nodes, evaluations: evaluations.count }, explanation };
  }

  const notCompletable = (reason: string, remaining: StackResult["gaps"] | undefined): Plan => ({
    ...common,
    status: "not_completable",
    proven: true,
    bound: 0,
    items: [],
    totals: totals([], offers),
    gaps: target.gaps,
    ...(remaining !== undefined ? { remaining } : {}),
    reason,
    ...withExpiring,
    search: { ...search, nodes: stats.nodes, evaluations: evaluations.count },
    explanation: [`${target.title}: ${target.status.replace("_", " ")}; the catalog cannot complete it: ${reason}`, ...expiringLines(expiring)],
  });

  const blocked = blockers(tree);
  const all = new Set(searchable);
  const rootBound = bound(tree, new Set(), all, recognized);
  if (blocked.length > 0 && rootBound.lb === Infinity) return notCompletable(`${blocked.join("; ")}.`, undefined);
  // every useful item at once: when that does not complete the stack, no subset does, unless an
  // exclusive stack evaluated before it could take credentials it needs (then the search decides)
  const everything = stackIn(run(searchable.map((i) => credentials[i]!)));
  // two items of one achievement and issuer count once: with both, the second is a duplicate
  const keys = searchable.map((i) => duplicateKey(credentials[i]!)).filter((k) => k !== undefined);
  const twins = new Set(keys).size < keys.length;
  if (everything.status !== "met" && !twins && !contested) {
    return notCompletable(
      rootBound.lb === Infinity
        ? "even every useful item of the catalog leaves it short (see remaining)."
        : "with every useful item of the catalog added it is still not met (see remaining).",
      everything.gaps,
    );
  }

  // a first answer: what the evaluation placed with everything added, made inclusion-minimal
  let best: Choice | undefined;
  if (everything.status === "met") {
    const idOf = new Map(searchable.map((i) => [credentials[i]!.id, i]));
    let start = everything.determinedBy.credentials.map((id) => idOf.get(id)).filter((i): i is number => i !== undefined);
    if (!isMet(start)) start = [...searchable];
    for (const i of [...start].sort((a, b) => -cheaper(a, b))) {
      const trial = start.filter((x) => x !== i);
      if (isMet(trial)) start = trial;
    }
    best = choice(start);
  }
  const limit = () => (best ? best.items.length : searchable.length);

  // deepening by size: every set of k items is ruled out before k + 1
  let provenBelow = rootBound.lb;
  let proven = true;
  try {
    for (let k = Math.max(rootBound.lb, 0); k <= limit(); k++) {
      provenBelow = k;
      const chosen = new Set<number>();
      const excluded = new Set<number>();
      const available = () => new Set(searchable.filter((i) => !chosen.has(i) && !excluded.has(classIndex.get(i)!)));
      const visit = (hours: Rational, cost: Rational): void => {
        stats.nodes += 1;
        if (stats.nodes > budget) throw new OutOfBudget();
        const avail = available();
        const b = bound(tree, chosen, avail, recognized);
        const least = chosen.size + b.lb;
        if (b.lb === Infinity || least > k) return;
        if (best && least >= best.items.length && (least > best.items.length || hours.compare(best.hours) > 0 || (hours.equals(best.hours) && cost.compare(best.cost) >= 0))) return;
        if (b.lb === 0 && isMet([...chosen])) {
          const c = choice([...chosen]);
          if (better(c, best)) best = c;
          return;
        }
        if (chosen.size >= k) return;
        // branch on one demand every completion must serve (or, when the bound is satisfied but the
        // evaluation is not, on every item left): one class at a time, the ones tried left out after
        const pool = b.need ?? avail;
        const branchClasses = [...new Set([...pool].filter((i) => avail.has(i)).map((i) => classIndex.get(i)!))].sort((a, b2) => a - b2);
        const left: number[] = [];
        for (const ci of branchClasses) {
          const next = classes[ci]!.find((i) => !chosen.has(i));
          if (next === undefined) continue;
          chosen.add(next);
          visit(hours.add(hoursOf(next)), cost.add(costOf(next)));
          chosen.delete(next);
          excluded.add(ci);
          left.push(ci);
        }
        for (const ci of left) excluded.delete(ci);
      };
      visit(ZERO, ZERO);
      if (best && best.items.length <= k) break;
    }
    provenBelow = best ? best.items.length : searchable.length + 1;
  } catch (error) {
    if (!(error instanceof OutOfBudget)) throw error;
    proven = false;
  }

  if (!best) {
    return {
      ...notCompletable(
        proven
          ? "no set of catalog items completes it: every set the search could not rule out was evaluated."
          : `no completing set was found before the search budget of ${budget} nodes ran out; none of fewer than ${provenBelow} items exists.`,
        everything.gaps,
      ),
      proven,
      bound: provenBelow,
    };
  }
  // the plan, checked once more by the evaluator, with where each item counts
  const final = run(best.items.map((i) => credentials[i]!));
  const finalStack = stackIn(final);
  const byId = new Map(final.credentials.map((c) => [c.id, c]));
  const items: PlanItem[] = best.items
    .map((i) => {
      const o = offers[i]!;
      const cr = byId.get(credentials[i]!.id);
      return {
        item: o.item.id,
        catalog: o.catalog,
        credential: credentials[i]!.id,
        title: o.item.title,
        ...(o.item.achievement !== undefined ? { achievement: o.item.achievement } : {}),
        ...(cr?.value ? { value: cr.value } : {}),
        ...(o.item.hours !== undefined ? { hours: formatRational(toRational(o.item.hours)) } : {}),
        ...(o.item.cost !== undefined ? { cost: formatRational(toRational(o.item.cost)) } : {}),
        placements: (cr?.placements ?? []).filter((p) => p.stack === target.id).map((p) => ({ requirement: p.requirement, amount: p.amount })),
      };
    })
    .sort((a, b) => (a.credential < b.credential ? -1 : 1));
  const t = totals(best.items, offers);
  const explanation = [
    `${target.title}: ${target.status.replace("_", " ")} today; ${finalStack.status === "met" ? "met" : finalStack.status.replace("_", " ")} with ${items.length} catalog ${items.length === 1 ? "credential" : "credentials"} added (${
      proven ? "proven minimal" : `best found, not proven minimal: the search budget of ${budget} nodes ran out; no set of fewer than ${provenBelow} exists`
    }).`,
    ...items.map((it) => {
      const value = it.value ? amountText(it.value.amount, it.value.unit, label) : "";
      const effort = [value, it.hours !== undefined ? `${it.hours} hours` : "", it.cost !== undefined ? `$${it.cost}` : ""].filter(Boolean).join(", ");
      const where = it.placements.map((p) => p.requirement).join(", ");
      return `Add ${it.title} [${it.catalog}:${it.item}]${effort ? ` (${effort})` : ""}${where ? ` → ${where}` : ""}.`;
    }),
    `In all: ${t.credentials} ${t.credentials === 1 ? "credential" : "credentials"}, ${t.hours} hours${t.hoursUnknown > 0 ? ` (${t.hoursUnknown} without hours)` : ""}, $${t.cost}${t.costUnknown > 0 ? ` (${t.costUnknown} without a cost)` : ""}.`,
    ...expiringLines(expiring),
  ];
  return {
    ...common,
    status: "planned",
    proven,
    bound: proven ? best.items.length : provenBelow,
    items,
    totals: t,
    gaps: target.gaps,
    ...withExpiring,
    search: { ...search, nodes: stats.nodes, evaluations: evaluations.count },
    explanation: [...explanation, ...(finalStack.status === "met" ? [] : explainStack(finalStack, label))],
  };
}

function totals(items: readonly number[], offers: readonly Offer[]): Plan["totals"] {
  let hours = ZERO;
  let cost = ZERO;
  let hoursUnknown = 0;
  let costUnknown = 0;
  for (const i of items) {
    const it = offers[i]!.item;
    if (it.hours === undefined) hoursUnknown += 1;
    else hours = hours.add(toRational(it.hours));
    if (it.cost === undefined) costUnknown += 1;
    else cost = cost.add(toRational(it.cost));
  }
  return { credentials: items.length, hours: formatRational(hours), cost: formatRational(cost), hoursUnknown, costUnknown };
}

function expiringLines(e: ReturnType<typeof expiringFor>): string[] {
  if (!e || (e.credentials.length === 0 && e.now === e.then)) return [];
  const lines = [`On its deadline ${e.on} it would be ${e.then.replace("_", " ")} with what the record holds today.`];
  for (const c of e.credentials) lines.push(`${c.title} (${c.id}) counts ${c.amount} in ${c.requirement} today, not on ${e.on}${c.reason ? `: ${c.reason.message}` : ""}.`);
  return lines;
}

/**
 * The stack with the stacks it refers to (its closure), and the exclusive stacks evaluated before
 * an exclusive stack of the closure (its rivals: they may take credentials it could count).
 */
function competition(policy: CompiledPolicy, stackId: string): { closure: CompiledStack[]; rivals: CompiledStack[] } {
  const byId = new Map(policy.stacks.map((s) => [s.id, s]));
  const ids = new Set<string>();
  const visit = (id: string) => {
    if (ids.has(id)) return;
    ids.add(id);
    byId.get(id)?.dependsOn.forEach(visit);
  };
  visit(stackId);
  const order = policy.evaluationOrder;
  const rivals = new Set<CompiledStack>();
  order.forEach((s, k) => {
    if (!ids.has(s.id) || !s.exclusive) return;
    for (const earlier of order.slice(0, k)) if (earlier.exclusive) rivals.add(earlier);
  });
  return { closure: order.filter((s) => ids.has(s.id)), rivals: [...rivals] };
}
