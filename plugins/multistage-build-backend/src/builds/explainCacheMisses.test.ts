import { defaultBuildConfig, type BuildConfig, type BuildStep } from '@stagecraft/plugin-multistage-build-common';
import type { TraceVertex } from '../engine/buildkitTrace';
import { copySources, coveredBy, explainCacheMisses } from './explainCacheMisses';
import { vertexPlace } from '../engine/vertexNames';
import { StepTracker } from './StepTracker';

const vertex = (digest: string, name: string, inputs: string[], cached = false): TraceVertex => ({
  digest,
  name,
  inputs,
  cached,
  started: new Date('2026-11-23T10:00:00Z'),
  completed: new Date('2026-11-23T10:00:01Z'),
  error: null,
  place: vertexPlace(name),
});

function trackerOf(vertexes: TraceVertex[]) {
  const tracker = new StepTracker('run');
  tracker.apply({ vertexes, statuses: [], logs: [], warnings: [] });
  return tracker;
}

const previousSteps = (tracker: StepTracker): BuildStep[] => tracker.steps();
const config = (buildArgs: Record<string, string> = {}, disabled = false): BuildConfig => ({
  ...defaultBuildConfig,
  buildArgs,
  cache: { ...defaultBuildConfig.cache, disabled },
});

// [build 1/4] FROM gcc, [build 2/4] COPY Makefile, [build 3/4] COPY src, [build 4/4] RUN make
const before = trackerOf([
  vertex('from', '[build 1/4] FROM docker.io/library/gcc:12', []),
  vertex('mk', '[build 2/4] COPY Makefile ./', ['from', 'ctx']),
  vertex('src', '[build 3/4] COPY src ./src', ['mk', 'ctx']),
  vertex('make', '[build 4/4] RUN make', ['src']),
]);
const files = new Map([
  ['Makefile', 'sha256:m'],
  ['src/a.c', 'sha256:a'],
  ['src/b.c', 'sha256:b'],
]);

describe('explainCacheMisses', () => {
  it('names the changed source file, then the step each later miss depends on; an unchanged base is no miss', () => {
    const now = trackerOf([
      vertex('from', '[build 1/4] FROM docker.io/library/gcc:12', []),
      vertex('mk', '[build 2/4] COPY Makefile ./', ['from', 'ctx'], true),
      vertex('src2', '[build 3/4] COPY src ./src', ['mk', 'ctx']),
      vertex('make2', '[build 4/4] RUN make', ['src2']),
    ]);
    const reasons = explainCacheMisses(
      { config: config(), tracker: now, contextFiles: new Map([...files, ['src/a.c', 'sha256:a2'], ['src/c.c', 'sha256:c']]) },
      { config: config(), steps: previousSteps(before), contextFiles: files },
    );

    expect([...reasons]).toEqual([
      ['src2', { kind: 'context-files-changed', paths: ['src/a.c', 'src/c.c'], more: 0 }],
      ['make2', { kind: 'earlier-step-missed', step: '[build 3/4] COPY src ./src' }],
    ]);
  });

  it('tells a new image behind the same reference, a changed instruction and changed build args apart', () => {
    const now = trackerOf([
      vertex('from2', '[build 1/4] FROM docker.io/library/gcc:12', []),
      vertex('mk2', '[build 2/4] COPY Makefile ./', ['from2', 'ctx']),
      vertex('src', '[build 3/4] COPY src ./src', ['mk2', 'ctx'], true),
      vertex('make3', '[build 4/4] RUN make -j4', ['src']),
    ]);
    const reasons = explainCacheMisses(
      { config: config(), tracker: now, contextFiles: files },
      { config: config(), steps: previousSteps(before), contextFiles: files },
    );

    expect(reasons.get('from2')).toEqual({
      kind: 'base-image-changed',
      before: 'FROM docker.io/library/gcc:12',
      after: 'FROM docker.io/library/gcc:12',
    });
    expect(reasons.get('mk2')).toEqual({ kind: 'earlier-step-missed', step: '[build 1/4] FROM docker.io/library/gcc:12' });
    expect(reasons.get('make3')).toEqual({ kind: 'instruction-changed', before: 'RUN make', after: 'RUN make -j4' });

    const argsOnly = trackerOf([vertex('make4', '[build 4/4] RUN make', ['src'])]);
    expect(
      explainCacheMisses(
        { config: config({ VERSION: '2' }), tracker: argsOnly, contextFiles: files },
        { config: config({ VERSION: '1' }), steps: previousSteps(before), contextFiles: files },
      ).get('make4'),
    ).toEqual({ kind: 'build-arg-changed', names: ['VERSION'] });
  });

  it('says first build without a previous run, and cache disabled when it was', () => {
    expect(explainCacheMisses({ config: config(), tracker: before, contextFiles: files }, undefined).get('make')).toEqual({
      kind: 'first-build',
    });
    expect(
      explainCacheMisses({ config: config({}, true), tracker: before, contextFiles: files }, undefined).get('make'),
    ).toEqual({ kind: 'cache-disabled' });
  });
});

describe('copySources and coveredBy', () => {
  it('reads the sources of COPY and ADD as BuildKit prints them, not --from copies', () => {
    expect(copySources('COPY --chown=1:1 src lib ./app/')).toEqual(['src', 'lib']);
    expect(copySources('COPY --from=build /out /out')).toBeNull();
    expect(copySources('RUN make')).toBeNull();
  });

  it('matches directories, files, globs and the whole context', () => {
    expect(coveredBy('src/a/b.c', 'src')).toBe(true);
    expect(coveredBy('srcx/a.c', 'src')).toBe(false);
    expect(coveredBy('package.json', 'package*.json')).toBe(true);
    expect(coveredBy('pkg/x/go.mod', 'pkg/*')).toBe(true);
    expect(coveredBy('anything', '.')).toBe(true);
    expect(coveredBy('Makefile', './Makefile')).toBe(true);
  });
});
