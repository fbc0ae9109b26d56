/**
 * "Did you mean ...?": the closest known word to a misspelt one.
 */

/**
 * Counts the single-character insertions, deletions, substitutions and swaps of two adjacent
 * characters that turn one word into another (optimal string alignment distance).
 *
 * @example
 * editDistance("categorie", "categories") //=> 1
 * editDistance("cerdit", "credit") //=> 1
 */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  // three rows are enough: the current one, the previous one and the one before it (for swaps)
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, before[j - 2]! + 1);
      current.push(best);
    }
    before = previous;
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * Finds the known word closest to `word`, if one is within `maxDistance` edits (default 2; 1 for
 * words of up to four letters). Ties go to the word that comes first in `candidates`. Case is
 * ignored when comparing.
 *
 * @example
 * closestMatch("categorie", ["credit", "categories", "limits"]) //=> "categories"
 * closestMatch("zzz", ["credit"]) //=> undefined
 */
export function closestMatch(word: string, candidates: Iterable<string>, maxDistance = 2): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  const lower = word.toLowerCase();
  // two edits turn any short word into almost any other: allow one for words of up to four letters
  const limit = word.length <= 4 ? Math.min(1, maxDistance) : maxDistance;
  for (const candidate of candidates) {
    if (candidate === word) continue;
    // a distance above the length difference bound cannot win: skip the work
    if (Math.abs(candidate.length - word.length) > limit) continue;
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance <= limit && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}
