/*
 * "Did you mean" suggestions, after BuildKit's util/suggest: the candidate
 * with the smallest edit distance, if it is close enough to be a typo.
 *
 * A file may have a thousand stages and as many references to judge, so the
 * candidates are indexed once: only names whose length is within the allowed
 * distance are compared, each comparison stops as soon as it is over that
 * distance (a band of the edit-distance table), answers are remembered per
 * name, and a work budget bounds the total: past it, no more suggestions are
 * made (a suggestion is a courtesy; the finding stands without one).
 */

/** Table cells one suggester may compute (tens of milliseconds); real files need a few thousand. */
const defaultWorkBudget = 500_000;

/** Names longer than this get no suggestion: nobody mistypes a 300-character stage name. */
const longestName = 256;

/** Edit distance when it is at most `limit`; `limit + 1` otherwise. Counts computed cells in `work`. */
function boundedEditDistance(a: string, b: string, limit: number, work: { cells: number }): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const over = limit + 1;
  // Two rows (names are at most `longestName` long), refilled rather than allocated per character.
  let previous = new Array<number>(b.length + 1);
  let current = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) previous[j] = j <= limit ? j : over;
  for (let i = 1; i <= a.length; i++) {
    current.fill(over);
    current[0] = i <= limit ? i : over;
    let rowMin = current[0];
    const from = Math.max(1, i - limit);
    const to = Math.min(b.length, i + limit);
    for (let j = from; j <= to; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      const value = Math.min(previous[j] + 1, current[j - 1] + 1, substitution, over);
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    work.cells += to - from + 1;
    if (rowMin > limit) return over;
    [previous, current] = [current, previous];
  }
  return previous[b.length];
}

/** Suggests, for a name, the closest of a fixed set of candidates. */
export class NameSuggester {
  private readonly byLength = new Map<number, { original: string; lowered: string }[]>();
  private readonly answers = new Map<string, string | null>();
  private readonly work = { cells: 0 };

  constructor(candidates: Iterable<string>, private readonly workBudget = defaultWorkBudget) {
    const seen = new Set<string>();
    for (const original of candidates) {
      if (seen.has(original)) continue;
      seen.add(original);
      const lowered = original.toLowerCase();
      const group = this.byLength.get(lowered.length) ?? [];
      group.push({ original, lowered });
      this.byLength.set(lowered.length, group);
    }
  }

  /**
   * The candidate closest to `name` (case-insensitively), when the distance is
   * at most 2 and less than half the name's length; null otherwise, on a tie,
   * or once the work budget is spent.
   */
  closest(name: string): string | null {
    const lowered = name.toLowerCase();
    const known = this.answers.get(lowered);
    if (known !== undefined) return known;
    const answer = this.search(lowered);
    this.answers.set(lowered, answer);
    return answer;
  }

  private search(lowered: string): string | null {
    const limit = Math.min(2, Math.ceil(lowered.length / 2) - 1);
    if (limit < 1 || lowered.length > longestName) return null;
    let best: string | null = null;
    let bestDistance = Infinity;
    let tie = false;
    for (let length = lowered.length - limit; length <= lowered.length + limit; length++) {
      for (const candidate of this.byLength.get(length) ?? []) {
        if (this.work.cells > this.workBudget) return null;
        const distance = boundedEditDistance(lowered, candidate.lowered, limit, this.work);
        if (distance === 0 || distance > limit) continue;
        if (distance < bestDistance) {
          best = candidate.original;
          bestDistance = distance;
          tie = false;
        } else if (distance === bestDistance) {
          tie = true;
        }
      }
    }
    return tie ? null : best;
  }
}

/** One suggestion from a one-off set of candidates. */
export function closestName(name: string, candidates: Iterable<string>): string | null {
  return new NameSuggester(candidates).closest(name);
}
