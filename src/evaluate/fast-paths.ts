/**
 * The evaluator's fast paths can be switched off, so a test can check that each gives exactly
 * what the general path gives (test/property/fast-paths.prop.test.ts). Internal: not exported
 * from the package, and never switched off outside tests.
 */
export const fastPaths = {
  /** A met stack's determining set drops a credential the placement found can spare without a new search. */
  placementSlack: true,
  /**
   * `evaluateStatus` decides a stack whose placement no later stack needs with the allocator's
   * `decide` goal (no placement built, routes not scored) instead of `solveRoots(..., "meet")`.
   */
  decide: true,
  /** The allocator's `decide` goal answers a forced placement (one option per item, every pool summed) without its search. */
  forced: true,
  /** `decideRoots` counts a route whose one pool no candidate can enter as one node, unmet, without building its problem. */
  outOfReach: true,
  /** A pool without limits whose credentials sit whole in their categories is settled by adding up, without a max flow: each counts in full. */
  wholeSettle: true,
};
