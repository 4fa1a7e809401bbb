import { mockServices } from '@backstage/backend-test-utils';
import { defaultBuildConfig, type BuildStep } from '@stagecraft/plugin-multistage-build-common';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { DatabaseBuildRunStore } from '../database/BuildRunStore';
import { BuildAnalytics, percentile } from './BuildAnalytics';

const { databases } = createTestDatabases();

describe('percentile', () => {
  it('takes the nearest rank', () => {
    expect(percentile([], 50)).toBeNull();
    expect(percentile([10], 95)).toBe(10);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 50)).toBe(5);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 95)).toBe(10);
  });
});

describe('BuildAnalytics', () => {
  it('summarises durations, success, cache and sizes per entity and in total', async () => {
    const knex = await databases.init('SQLITE_3');
    const runs = await DatabaseBuildRunStore.create({ database: mockServices.database({ knex, migrations: { skip: false } }) });
    const add = async (id: string, entityRef: string, status: 'succeeded' | 'failed', seconds: number, hits: number, misses: number) => {
      await runs.createRun({ id, entityRef, target: null, config: defaultBuildConfig, requestedBy: null, dockerfilePath: 'Dockerfile', dockerfileDigest: 'x' });
      await runs.updateRun(id, {
        status,
        startedAt: '2026-11-23T10:00:00.000Z',
        finishedAt: new Date(Date.parse('2026-11-23T10:00:00.000Z') + seconds * 1000).toISOString(),
        cacheHits: hits,
        cacheMisses: misses,
        timeSavedMs: hits * 1000,
        imageSize: status === 'succeeded' ? seconds * 1e6 : null,
      });
      const step: BuildStep = {
        runId: id, digest: `${id}-s`, name: '[build 2/2] RUN make', stage: 'build', step: 2, instruction: 'RUN make', cached: false,
        startedAt: null, completedAt: null, durationMs: seconds * 500, error: null, logTail: '', missReason: null, platform: null,
      };
      await runs.saveSteps([step]);
      await new Promise(r => setTimeout(r, 3));
    };
    await add('a1', 'component:default/a', 'succeeded', 10, 1, 3);
    await add('a2', 'component:default/a', 'succeeded', 20, 3, 1);
    await add('a3', 'component:default/a', 'failed', 5, 0, 4);
    await add('b1', 'component:default/b', 'succeeded', 40, 2, 2);

    const listSteps = jest.spyOn(runs, 'listSteps');
    const stageDurations = jest.spyOn(runs, 'stageDurations');
    const summary = await new BuildAnalytics(runs).summarize();
    // The stage durations of every entity's runs come from one grouped query, not one per run.
    expect(listSteps).not.toHaveBeenCalled();
    expect(stageDurations).toHaveBeenCalledTimes(1);

    expect(summary.totals).toMatchObject({ runs: 4, succeeded: 3, failed: 1, successRate: 0.75, durationP50Ms: 20_000, durationP95Ms: 40_000 });
    expect(summary.totals.cacheHitRatio).toBeCloseTo(6 / 16);
    const a = summary.entities.find(e => e.entityRef === 'component:default/a')!;
    expect(a).toMatchObject({ runs: 3, successRate: 2 / 3, durationP50Ms: 10_000, timeSavedMs: 4000, latestImageSize: 20e6 });
    expect(a.stageDurations.map(d => [d.runId, d.stages.build])).toEqual([['a1', 5000], ['a2', 10_000], ['a3', 2500]]);
    const one = await new BuildAnalytics(runs).summarize({ entityRef: 'component:default/b' });
    expect(one.entities.map(e => e.entityRef)).toEqual(['component:default/b']);

    const history = await new BuildAnalytics(runs).entityHistory({ entityRef: 'component:default/a', limit: 2, offset: 0 });
    expect(history).toMatchObject({ entityRef: 'component:default/a', total: 3, offset: 0, byStatus: { succeeded: 2, failed: 1 } });
    // The newest two, drawn oldest first.
    expect(history.runs.map(p => [p.runId, p.durationMs, p.cacheHitRatio, p.stageDurations])).toEqual([
      ['a2', 20_000, 0.75, { build: 10_000 }],
      ['a3', 5000, 0, { build: 2500 }],
    ]);
    expect(history.byTarget).toEqual([{ target: null, runs: 1, p50Ms: 20_000, p95Ms: 20_000 }]);
    const older = await new BuildAnalytics(runs).entityHistory({ entityRef: 'component:default/a', limit: 2, offset: 2 });
    expect(older.runs.map(p => p.runId)).toEqual(['a1']);
  });
});
