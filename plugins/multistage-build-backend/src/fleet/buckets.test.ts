import { bucketOf, durationBounds, durationBucketCount, percentileOf, sizeBounds, sizeBucketCount } from './buckets';

// The migration creates one column per bucket; it must agree with the bounds here.
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
const migration = require('../../migrations/20261205000000_fleet_analytics.js');

describe('histogram buckets', () => {
  it('has as many buckets as the rollup table has columns', () => {
    expect(migration.DURATION_BUCKETS).toBe(durationBucketCount);
    expect(migration.SIZE_BUCKETS).toBe(sizeBucketCount);
  });

  it('puts a value in the first bucket whose upper bound it does not pass', () => {
    expect(bucketOf(durationBounds, 0)).toBe(0);
    expect(bucketOf(durationBounds, 5000)).toBe(0);
    expect(bucketOf(durationBounds, 5001)).toBe(1);
    expect(bucketOf(durationBounds, 7200_000)).toBe(durationBounds.length - 1);
    expect(bucketOf(durationBounds, 7200_001)).toBe(durationBounds.length);
  });

  it('estimates percentiles within the width of the bucket that holds them', () => {
    // Deterministic spread of durations between 1 s and 50 min.
    const values = Array.from({ length: 997 }, (_, i) => 1000 + ((i * 7919) % 997) * 3000);
    const counts = new Array(durationBucketCount).fill(0);
    for (const v of values) counts[bucketOf(durationBounds, v)] += 1;
    const sorted = [...values].sort((a, b) => a - b);
    for (const p of [50, 95]) {
      const exact = sorted[Math.ceil((p / 100) * sorted.length) - 1];
      const estimate = percentileOf(durationBounds, counts, p)!;
      const bucket = bucketOf(durationBounds, exact);
      const width = durationBounds[bucket] - (bucket === 0 ? 0 : durationBounds[bucket - 1]);
      expect(Math.abs(estimate - exact)).toBeLessThanOrEqual(width);
    }
  });

  it('answers null for nothing counted and the last bound for the overflow bucket', () => {
    expect(percentileOf(sizeBounds, new Array(sizeBucketCount).fill(0), 50)).toBeNull();
    const overflow = new Array(sizeBucketCount).fill(0);
    overflow[sizeBucketCount - 1] = 3;
    expect(percentileOf(sizeBounds, overflow, 50)).toBe(sizeBounds[sizeBounds.length - 1]);
  });
});
