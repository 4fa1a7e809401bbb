import type { EntityBuildHistory } from '@stagecraft/plugin-multistage-build-common';
import { chartRows } from './chartData';

describe('chartRows', () => {
  it('numbers runs from the oldest, converts units, and collects stages and targets', () => {
    const history: EntityBuildHistory = {
      entityRef: 'component:default/a',
      total: 12,
      offset: 0,
      byTarget: [],
      byStatus: {},
      dockerfileVersions: [],
      runs: [
        { runId: 'r1', status: 'succeeded', target: null, createdAt: '', finishedAt: '', durationMs: 4500, cacheHitRatio: 0.5, imageSize: 7_300_000, timeSavedMs: 0, findings: { error: 0, warning: 2, info: 1 }, stageDurations: { build: 3000 } },
        { runId: 'r2', status: 'failed', target: 'test', createdAt: '', finishedAt: '', durationMs: null, cacheHitRatio: null, imageSize: null, timeSavedMs: 0, findings: null, stageDurations: { build: 500, test: 100 } },
      ],
    };
    const { rows, stages, targets } = chartRows(history);
    expect(rows.map(r => r.label)).toEqual(['#11', '#12']);
    expect(rows[0]).toMatchObject({ seconds: 4.5, cachePercent: 50, imageMB: 7.3, warnings: 2, 'stage:build': 3 });
    expect(rows[1]).toMatchObject({ seconds: null, errors: null, 'stage:test': 0.1, target: 'test' });
    expect(stages).toEqual(['build', 'test']);
    expect(targets).toEqual(['last stage', 'test']);
  });
});
