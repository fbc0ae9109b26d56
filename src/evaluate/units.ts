/**
 * Unit conversion: the policy's conversions as a graph, searched per credential so that
 * conditional conversions (`when`) apply only to the credentials they name.
 */
import { toRational, type Rational } from "../quantity/rational.js";
import type { Conversion } from "../schema/policy.js";
import { compileMatch, type Matcher, type MatchSubject } from "./match.js";

interface Edge {
  readonly to: string;
  readonly rate: Rational;
  readonly when: Matcher | undefined;
  readonly index: number;
}

/** A compiled conversion table for one policy. */
export interface ConversionTable {
  /** The policy's credit unit. */
  readonly base: string;
  /**
   * Converts an amount to the credit unit, or `undefined` when no path applies.
   * Also returns the indexes of the conversions used, for explanations.
   */
  convert(amount: Rational, unit: string, subject: MatchSubject): { value: Rational; via: number[] } | undefined;
  /**
   * Converts an amount in the credit unit back to `unit` along the path `convert` takes for the
   * same subject (so `convertFrom(convert(a, u, s).value, u, s)` is `a` exactly), or `undefined`
   * when no path applies or its rate is 0.
   */
  convertFrom(amount: Rational, unit: string, subject: MatchSubject): Rational | undefined;
}

/** A path from a unit to the credit unit: its rate, the conversions it uses, and the amounts converted along it. */
interface Path {
  readonly rate: Rational;
  readonly via: number[];
  /** Amount (a rational, by identity) → the amount times the rate, at most MAX_PRODUCTS; kept only on a path cached for every credential (no conversion is conditional). */
  readonly products: Map<Rational, Rational> | undefined;
}

const MAX_PRODUCTS = 256;

/**
 * Compiles conversions. Each conversion also works backwards (1 `to` = 1/rate `from`).
 * The shortest path wins; among equally short paths, conditional conversions (`when`) before
 * unconditional ones, then the one declared first.
 *
 * @example
 * const table = compileConversions("ceu", [{ from: "hour", to: "ceu", rate: "1/10" }], "NC");
 * table.convert(toRational(25), "hour", subject)?.value //=> 5/2
 * table.convertFrom(toRational("5/2"), "hour", subject) //=> 25
 */
export function compileConversions(base: string, conversions: readonly Conversion[], home: string): ConversionTable {
  const graph = new Map<string, Edge[]>();
  const add = (from: string, edge: Edge) => {
    const list = graph.get(from);
    if (list) list.push(edge);
    else graph.set(from, [edge]);
  };
  // conditional conversions are tried first: the specific rule before the general one
  const ordered = conversions.map((c, index) => ({ c, index })).sort((a, b) => Number(!a.c.when) - Number(!b.c.when) || a.index - b.index);
  for (const { c, index } of ordered) {
    const rate = toRational(c.rate);
    const when = c.when ? compileMatch(c.when, home) : undefined;
    add(c.from, { to: c.to, rate, when, index });
    if (!rate.equals(0)) add(c.to, { to: c.from, rate: rate.inverse(), when, index });
  }
  const cache = new Map<string, Path | null>();
  const conditional = conversions.some((c) => c.when !== undefined);

  function search(unit: string, subject: MatchSubject): Path | null {
    if (unit === base) return { rate: toRational(1), via: [], products: undefined };
    const seen = new Set([unit]);
    let frontier: { unit: string; rate: Rational; via: number[] }[] = [{ unit, rate: toRational(1), via: [] }];
    while (frontier.length > 0) {
      const next: typeof frontier = [];
      for (const node of frontier) {
        for (const edge of graph.get(node.unit) ?? []) {
          if (seen.has(edge.to)) continue;
          if (edge.when && !edge.when(subject)) continue;
          const step = { unit: edge.to, rate: node.rate.mul(edge.rate), via: [...node.via, edge.index] };
          if (edge.to === base) return { rate: step.rate, via: step.via, products: undefined };
          seen.add(edge.to);
          next.push(step);
        }
      }
      frontier = next;
    }
    return null;
  }

  function path(unit: string, subject: MatchSubject): Path | null {
    if (conditional) return search(unit, subject);
    let found = cache.get(unit);
    if (found === undefined) {
      found = search(unit, subject);
      // a path kept for every credential keeps the products it forms
      if (found) found = { ...found, products: new Map() };
      cache.set(unit, found);
    }
    return found;
  }

  return {
    base,
    convert(amount, unit, subject) {
      const found = path(unit, subject);
      if (!found) return undefined;
      // amounts repeat (the same course hours on many records): each product is formed once per path
      const products = found.products;
      let value = products?.get(amount);
      if (value === undefined) {
        value = amount.mul(found.rate);
        if (products) {
          if (products.size >= MAX_PRODUCTS) products.clear();
          products.set(amount, value);
        }
      }
      return { value, via: found.via };
    },
    convertFrom(amount, unit, subject) {
      const found = path(unit, subject);
      return found && !found.rate.equals(0) ? amount.div(found.rate) : undefined;
    },
  };
}
