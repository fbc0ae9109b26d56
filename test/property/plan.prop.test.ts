// The planner against brute force: on small random policies, records and catalogs (at most six
// items, so 64 subsets), every subset is evaluated; the plan must be the lexicographically
// smallest met subset (fewest credentials, then hours, then cost), proven; adding its items must
// make the stack met; no subset of them with one item fewer may; and when no subset completes the
// stack, the plan must say so.
import { test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { evaluate, parseCatalog, parsePolicy, plan, type EducatorRecordInput } from "../../src/index.js";
import { offerCredential, offersOf } from "../../src/plan/credentials.js";
import { planningCatalog, planningPolicyYaml, planningRecord, planningStacks } from "../arbitraries/planning.js";
import { propertyParams } from "../helpers/property.js";

const asOf = "2026-11-24";

describe("plan against brute force", () => {
  test.prop([planningStacks, planningRecord, planningCatalog(6)], propertyParams(6061))(
    "the smallest set (count, hours, cost) of catalog items that completes the stack, proven; its items complete it and no smaller subset does",
    (shape, record, catalogInput) => {
      const policy = parsePolicy(planningPolicyYaml(shape.stacks, shape.allocation), { source: "test.yaml" });
      const catalog = parseCatalog(catalogInput);
      const offers = offersOf([catalog]);
      const creds = offers.map((o) => offerCredential(o, asOf));
      const status = (items: readonly number[]) =>
        evaluate({ ...record, credentials: [...(record.credentials ?? []), ...items.map((i) => creds[i]!)] } as EducatorRecordInput, policy, { asOf })
          .results[0]!.stacks.find((s) => s.id === "goal")!.status;

      // brute force: every subset, the best by (count, hours, cost)
      let best: { count: number; hours: number; cost: number } | undefined;
      for (let mask = 0; mask < 1 << offers.length; mask++) {
        const items = offers.map((_, i) => i).filter((i) => mask & (1 << i));
        if (status(items) !== "met") continue;
        const hours = items.reduce((s, i) => s + Number(offers[i]!.item.hours), 0);
        const cost = items.reduce((s, i) => s + Number(offers[i]!.item.cost), 0);
        const c = { count: items.length, hours, cost };
        if (!best || c.count < best.count || (c.count === best.count && (c.hours < best.hours || (c.hours === best.hours && c.cost < best.cost)))) best = c;
      }

      const p = plan(record, policy, { asOf, stack: "goal", catalog });
      if (status([]) === "met") {
        expect(p.status).toBe("met");
        return;
      }
      if (!best) {
        expect(p.status).toBe("not_completable");
        return;
      }
      expect(p.status).toBe("planned");
      expect(p.proven).toBe(true);
      expect({ count: p.totals.credentials, hours: Number(p.totals.hours), cost: Number(p.totals.cost) }).toEqual(best);
      expect(p.bound).toBe(best.count);
      const chosen = p.items.map((it) => offers.findIndex((o) => o.item.id === it.item));
      expect(status(chosen)).toBe("met");
      for (const drop of chosen) expect(status(chosen.filter((i) => i !== drop))).not.toBe("met");
    },
    // many evaluations per case (every subset): deep runs (npm run test:deep) take minutes
    600_000,
  );
});
