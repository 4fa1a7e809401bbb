import type { BuildStep } from '@stagecraft/plugin-multistage-build-common';
import { layoutTimeline } from './timelineLayout';

const at = (s: number) => new Date(Date.parse('2026-12-03T10:00:00Z') + s * 1000).toISOString();
const step = (digest: string, stage: string | null, start: number | null, end: number | null, more: Partial<BuildStep> = {}): BuildStep => ({
  runId: 'r',
  digest,
  name: digest,
  stage,
  step: 1,
  instruction: `RUN ${digest}`,
  cached: false,
  startedAt: start === null ? null : at(start),
  completedAt: end === null ? null : at(end),
  durationMs: null,
  error: null,
  logTail: '',
  missReason: null, platform: null,
  ...more,
});

describe('layoutTimeline', () => {
  it('puts parallel stages on their own rows and marks the chain that bounded the wall time', () => {
    // build (0–10) and test-deps (0–3) run in parallel; test waits for build; runtime copies from build.
    const layout = layoutTimeline([
      step('internal', null, 0, 1),
      step('b1', 'build', 0, 2),
      step('b2', 'build', 2, 10),
      step('t1', 'test-deps', 0, 3),
      step('t2', 'test', 10, 14),
      step('r1', 'runtime', 10, 11, { cached: true }),
      step('waiting', 'runtime', null, null),
    ]);

    expect(layout.stages).toEqual(['build', 'test-deps', 'runtime', 'test']);
    expect(layout.span).toBe(14_000);
    expect(layout.bars.filter(b => b.critical).map(b => b.digest)).toEqual(['b1', 'b2', 't2']);
    expect(layout.bars.find(b => b.digest === 'r1')).toMatchObject({ start: 10_000, end: 11_000, cached: true, critical: false });
  });

  it('draws a running step up to now, and nothing before the first step starts', () => {
    expect(layoutTimeline([step('w', 'build', null, null)])).toEqual({ stages: [], bars: [], span: 0 });
    const layout = layoutTimeline([step('a', 'build', 0, null)], Date.parse(at(5)));
    expect(layout.bars[0]).toMatchObject({ running: true, end: 5000, critical: true });
  });

  it('takes as a predecessor only a step that started before, not one that began and ended at the same moment', () => {
    const layout = layoutTimeline([
      step('a', 'build', 0, 10),
      step('side', 'other', 10, 10.02, { cached: true }),
      step('b', 'build', 10, 20),
    ]);
    expect(layout.bars.filter(b => b.critical).map(b => b.digest)).toEqual(['a', 'b']);
  });
});
