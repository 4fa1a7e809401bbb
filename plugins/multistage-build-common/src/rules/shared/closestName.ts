/*
 * "Did you mean" suggestions, after BuildKit's util/suggest: the candidate
 * with the smallest edit distance, if it is close enough to be a typo.
 */

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j] + 1, current[j - 1] + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length];
}

/**
 * The candidate closest to `name` (case-insensitively), when the distance is
 * at most 2 and less than half the name's length; null otherwise or on a tie.
 */
export function closestName(name: string, candidates: Iterable<string>): string | null {
  const lowered = name.toLowerCase();
  const limit = Math.min(2, Math.ceil(lowered.length / 2) - 1);
  let best: string | null = null;
  let bestDistance = Infinity;
  let tie = false;
  for (const candidate of new Set(candidates)) {
    const distance = editDistance(lowered, candidate.toLowerCase());
    if (distance === 0 || distance > limit) continue;
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
      tie = false;
    } else if (distance === bestDistance) {
      tie = true;
    }
  }
  return tie ? null : best;
}
