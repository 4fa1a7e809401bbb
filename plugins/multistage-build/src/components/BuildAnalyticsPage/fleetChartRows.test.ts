import { fleetChartRows } from './fleetChartRows';

describe('fleetChartRows', () => {
  it('puts each day in the units the axes show and keeps missing figures missing', () => {
    expect(
      fleetChartRows([
        { day: '2026-12-02', succeeded: 4, failed: 1, cancelled: 0, cacheHitRatio: 0.7345, timeSavedMs: 90_000, medianImageSize: 73_000_000 },
        { day: '2026-12-03', succeeded: 0, failed: 0, cancelled: 2, cacheHitRatio: null, timeSavedMs: 0, medianImageSize: null },
      ]),
    ).toEqual([
      { day: '2026-12-02', label: '12-02', succeeded: 4, failed: 1, cancelled: 0, cachePercent: 73.5, savedMinutes: 1.5, imageMB: 73 },
      { day: '2026-12-03', label: '12-03', succeeded: 0, failed: 0, cancelled: 2, cachePercent: null, savedMinutes: 0, imageMB: null },
    ]);
  });
});
