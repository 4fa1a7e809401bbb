import { mockServices } from '@backstage/backend-test-utils';
import { defaultBuildConfig, type BuildStep } from '@stagecraft/plugin-multistage-build-common';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { DatabaseBuildRunStore } from '../database/BuildRunStore';
import { recordedStageSeconds } from './recordedStageSeconds';

const { databases } = createTestDatabases();

const step = (runId: string, digest: string, stage: string, durationMs: number, cached = false): BuildStep => ({
  runId, digest, name: `[${stage}] ${digest}`, stage, step: 1, instruction: 'RUN x', cached,
  startedAt: '2026-11-23T10:00:00.000Z', completedAt: `2026-11-23T10:00:0${runId === 'old' ? 1 : 2}.000Z`,
  durationMs, error: null, logTail: '', missReason: null, platform: null,
});

describe('recordedStageSeconds', () => {
  it('weighs each stage by what its steps took when they last ran, cached ones included', async () => {
    const knex = await databases.init('SQLITE_3');
    const runs = await DatabaseBuildRunStore.create({ database: mockServices.database({ knex, migrations: { skip: false } }) });
    const newRun = (id: string) =>
      runs.createRun({ id, entityRef: 'component:default/a', target: null, config: defaultBuildConfig, requestedBy: null, dockerfilePath: 'Dockerfile', dockerfileDigest: 'x' });
    await newRun('old');
    await runs.saveSteps([step('old', 'deps', 'build', 40_000), step('old', 'compile', 'build', 5_000)]);
    await runs.updateRun('old', { status: 'succeeded' });
    await new Promise(r => setTimeout(r, 5));
    await newRun('new');
    await runs.saveSteps([step('new', 'deps', 'build', 10, true), step('new', 'compile', 'build', 6_000), step('new', 'copy', 'runtime', 1_500)]);
    await runs.updateRun('new', { status: 'succeeded' });
    expect(await recordedStageSeconds({ runs, entityRef: 'component:default/a' })).toEqual({ build: 46, runtime: 1.5 });
    expect(await recordedStageSeconds({ runs, entityRef: 'component:default/none' })).toEqual({});

    // A fully cached build whose steps never ran uncached here records nothing: the heuristic stays.
    await new Promise(r => setTimeout(r, 5));
    await newRun('cached');
    await runs.saveSteps([step('cached', 'unseen', 'build', 3, true), step('cached', 'copy2', 'runtime', 700)]);
    await runs.updateRun('cached', { status: 'succeeded' });
    expect(await recordedStageSeconds({ runs, entityRef: 'component:default/a' })).toEqual({ runtime: 0.7 });
  });
});
