// Random small allocation problems: few items, few pools and categories, small integer values.
import fc from "fast-check";
import type { AllocationProblem } from "../../src/evaluate/allocate.js";

export function allocationProblem(options: { maxItems?: number; maxValue?: number; split?: boolean; limits?: boolean; maxLimits?: number; groups?: boolean } = {}) {
  const maxItems = options.maxItems ?? 6;
  const maxValue = options.maxValue ?? 4;
  return fc.integer({ min: 0, max: maxItems }).chain((n) => {
    const bools = fc.array(fc.boolean(), { minLength: n, maxLength: n });
    const category = fc.record({ min: fc.integer({ min: 0, max: maxValue * 2 }), eligible: bools });
    const limit = fc.record({ max: fc.integer({ min: 0, max: maxValue * 2 }), members: bools });
    const pool = fc.record({
      measure: fc.constantFrom("credit" as const, "count" as const),
      min: fc.integer({ min: 0, max: maxValue * 3 }),
      eligible: bools,
      categories: fc.array(category, { maxLength: 3 }),
      limits: options.limits === false ? fc.constant([]) : fc.array(limit, { maxLength: options.maxLimits ?? 1 }),
      groups: options.groups ? fc.array(fc.integer({ min: -1, max: 1 }), { minLength: n, maxLength: n }) : fc.constant(undefined),
    }).map(({ groups, ...rest }) => (groups ? { ...rest, groups } : rest));
    return fc.record({
      items: fc.array(fc.integer({ min: 0, max: maxValue }), { minLength: n, maxLength: n }).map((values) =>
        values.map((value, i) => ({ key: `c${String(i).padStart(2, "0")}`, value })),
      ),
      pools: fc.array(pool, { minLength: 1, maxLength: 2 }),
      split: options.split === undefined ? fc.boolean() : fc.constant(options.split),
    });
  }) as fc.Arbitrary<AllocationProblem>;
}

/**
 * Small allocation problems whose placement is forced: each item fits at most one pool, no group
 * and no limit; in a pool that does not split credit, its members fit none of its categories. The
 * goal `"decide"` answers these without its search.
 */
export function forcedAllocationProblem(options: { maxItems?: number; maxValue?: number } = {}) {
  const maxItems = options.maxItems ?? 8;
  const maxValue = options.maxValue ?? 4;
  return fc
    .record({
      n: fc.integer({ min: 0, max: maxItems }),
      pools: fc.integer({ min: 1, max: 2 }),
      split: fc.boolean(),
    })
    .chain(({ n, pools, split }) => {
      const bools = fc.array(fc.boolean(), { minLength: n, maxLength: n });
      const pool = fc.record({
        measure: fc.constantFrom("credit" as const, "count" as const),
        min: fc.integer({ min: 0, max: maxValue * 3 }),
        categories: fc.array(fc.record({ min: fc.integer({ min: 0, max: maxValue * 2 }), eligible: bools }), { maxLength: 3 }),
        // sometimes each item's own value in this pool (as a per-credential cap gives)
        values: fc.option(fc.array(fc.integer({ min: 0, max: maxValue }), { minLength: n, maxLength: n }), { nil: undefined }),
      });
      return fc.record({
        values: fc.array(fc.integer({ min: 0, max: maxValue }), { minLength: n, maxLength: n }),
        // each item's one pool, or -1 for none
        home: fc.array(fc.integer({ min: -1, max: pools - 1 }), { minLength: n, maxLength: n }),
        pools: fc.array(pool, { minLength: pools, maxLength: pools }),
        split: fc.constant(split),
      });
    })
    .map(({ values, home, pools, split }): AllocationProblem => ({
      items: values.map((value, i) => ({ key: `c${String(i).padStart(2, "0")}`, value })),
      pools: pools.map(({ values: own, ...p }, pi) => {
        const splits = split && p.measure === "credit";
        return {
          ...p,
          ...(own !== undefined ? { values: own } : {}),
          eligible: home.map((h) => h === pi),
          // outside a split pool, a member of the pool fits none of its categories
          categories: p.categories.map((c) => ({ ...c, eligible: c.eligible.map((e, i) => e && (splits || home[i] !== pi)) })),
          limits: [],
        };
      }),
      split,
    }));
}
