/*
 * The fixed histogram buckets of the day rollups. Percentiles over any window
 * are sums of bucket counts, then linear interpolation inside the bucket that
 * holds the rank (as Prometheus' histogram_quantile does): exact to within
 * that bucket's width, and the same on SQLite and PostgreSQL.
 */

/** Upper bounds of the duration buckets, in ms; the last bucket is everything above the last bound. */
export const durationBounds: readonly number[] = [
  5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 240, 300, 420, 600, 900, 1200, 1800, 2700, 3600, 5400, 7200,
].map(seconds => seconds * 1000);

/** Upper bounds of the image-size buckets, in bytes: 1 MiB, then ×1.25 each (≤ 12.5% from a bound). */
export const sizeBounds: readonly number[] = Array.from({ length: 40 }, (_, i) => Math.round(1024 * 1024 * 1.25 ** i));

export const durationBucketCount = durationBounds.length + 1;
export const sizeBucketCount = sizeBounds.length + 1;

/** Which bucket a value falls in: the first whose upper bound it does not pass. */
export function bucketOf(bounds: readonly number[], value: number): number {
  let low = 0;
  let high = bounds.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (value <= bounds[mid]) high = mid;
    else low = mid + 1;
  }
  return low;
}

/**
 * The p-th percentile (0–100) of the values counted in `counts`, interpolated
 * inside its bucket; null when nothing was counted. The overflow bucket has no
 * upper bound, so a rank there answers the last bound (a lower bound on the truth).
 */
export function percentileOf(bounds: readonly number[], counts: readonly number[], p: number): number | null {
  const total = counts.reduce((sum, n) => sum + n, 0);
  if (total === 0) return null;
  const rank = (p / 100) * total;
  let seen = 0;
  for (let i = 0; i < counts.length; i++) {
    if (counts[i] === 0) continue;
    if (seen + counts[i] >= rank) {
      if (i >= bounds.length) return bounds[bounds.length - 1];
      const lower = i === 0 ? 0 : bounds[i - 1];
      const upper = bounds[i];
      return Math.round(lower + ((rank - seen) / counts[i]) * (upper - lower));
    }
    seen += counts[i];
  }
  return bounds[bounds.length - 1];
}
