/**
 * The window in which credentials count for a stack, and the deadline to meet it.
 */
import { addDays, addYears } from "../dates/index.js";
import type { Window } from "../schema/policy.js";
import type { License } from "../schema/record.js";

/** A resolved window: credentials earned from `from` (when set) to `to`, both inclusive. */
export interface ResolvedWindow {
  readonly from: string | undefined;
  readonly to: string;
  readonly deadline: string | undefined;
}

/**
 * Resolves a stack's window for one license and date.
 *
 * - `license_cycle`: the license's issue date to its expiry (the deadline). When the license
 *   has expired and `expired_lookback_years` is set, the years before the as-of date instead.
 * - `rolling`: the `years` before the as-of date, up to it.
 * - `fixed`: the dates given.
 * - `none`: anything earned up to the as-of date.
 *
 * @example
 * resolveWindow({ type: "rolling", years: 5 }, undefined, "2026-11-24")
 * //=> { ok: true, window: { from: "2021-11-25", to: "2026-11-24", deadline: undefined } }
 */
export function resolveWindow(
  window: Window,
  license: License | undefined,
  asOf: string,
): { ok: true; window: ResolvedWindow } | { ok: false; reason: string } {
  switch (window.type) {
    case "none":
      return { ok: true, window: { from: undefined, to: asOf, deadline: undefined } };
    case "rolling":
      return { ok: true, window: { from: addDays(addYears(asOf, -window.years), 1), to: asOf, deadline: undefined } };
    case "fixed":
      return { ok: true, window: { from: window.from, to: window.to, deadline: window.to } };
    case "license_cycle": {
      if (!license) return { ok: false, reason: "the record holds no license this policy evaluates, so there is no license cycle" };
      if (license.expires === undefined) {
        return { ok: true, window: { from: license.issued, to: asOf, deadline: undefined } };
      }
      if (license.expires < asOf && window.expired_lookback_years !== undefined) {
        const from = addDays(addYears(asOf, -window.expired_lookback_years), 1);
        return { ok: true, window: { from, to: asOf, deadline: undefined } };
      }
      return { ok: true, window: { from: license.issued, to: license.expires, deadline: license.expires } };
    }
  }
}
