import type { BuildkitStatus } from '../engine/buildkitTrace';
import { vertexPlace } from '../engine/vertexNames';
import { StepTracker } from './StepTracker';

const vertex = (digest: string, name: string, times: { started?: string; completed?: string; error?: string }) => ({
  digest,
  name,
  inputs: [],
  cached: false,
  started: times.started ? new Date(times.started) : undefined,
  completed: times.completed ? new Date(times.completed) : undefined,
  error: times.error,
  place: vertexPlace(name),
});
const status = (...vertexes: ReturnType<typeof vertex>[]) => ({ vertexes, statuses: [], logs: [] }) as unknown as BuildkitStatus;

describe('StepTracker.closeOpen', () => {
  it('ends the steps that started and never completed, with the time and the reason, and leaves the others', () => {
    const tracker = new StepTracker('run-1');
    tracker.apply(
      status(
        vertex('sha256:done', '[build 2/3] RUN make', { started: '2026-12-03T10:00:00Z', completed: '2026-12-03T10:00:02Z' }),
        vertex('sha256:open', '[test 2/2] RUN make test', { started: '2026-12-03T10:00:01Z' }),
        vertex('sha256:failed', '[lint 2/2] RUN lint', { started: '2026-12-03T10:00:01Z', completed: '2026-12-03T10:00:03Z', error: 'exit code: 1' }),
        vertex('sha256:waiting', '[runtime 2/2] COPY --from=build /app /app', {}),
      ),
    );

    const closed = tracker.closeOpen({ at: new Date('2026-12-03T10:00:05Z'), reason: 'cancelled while this step ran' });

    expect(closed.map(s => s.digest)).toEqual(['sha256:open']);
    expect(tracker.step('sha256:open')).toMatchObject({
      completedAt: '2026-12-03T10:00:05.000Z',
      durationMs: 4000,
      error: 'cancelled while this step ran',
    });
    expect(tracker.step('sha256:done')).toMatchObject({ completedAt: '2026-12-03T10:00:02.000Z', error: null });
    expect(tracker.step('sha256:failed')?.error).toBe('exit code: 1');
    expect(tracker.step('sha256:waiting')).toMatchObject({ startedAt: null, completedAt: null });
  });
});

describe('StepTracker output', () => {
  const withLogs = (logs: { vertex: string; text: string }[]) =>
    ({ vertexes: [], statuses: [], logs: logs.map(l => ({ ...l, stream: 1, timestamp: new Date() })) }) as unknown as BuildkitStatus;

  it('announces output as logs only: a log-only message changes no step, yet moves its tail', () => {
    const tracker = new StepTracker('run-1');
    tracker.apply(status(vertex('sha256:a', '[build 2/2] RUN make', { started: '2026-12-03T10:00:00Z' })));

    const changes = tracker.apply(withLogs([{ vertex: 'sha256:a', text: 'compiling\n' }]));

    expect(changes.steps).toEqual([]);
    expect(changes.logs).toEqual([{ digest: 'sha256:a', stage: 'build', text: 'compiling\n' }]);
    expect(tracker.step('sha256:a')?.logTail).toBe('compiling\n');
  });

  it('keeps each step\'s whole output up to the limit, dropping from the start and counting what it dropped', () => {
    const tracker = new StepTracker('run-1', 'stage-0', undefined, 10);
    tracker.apply(
      status(
        vertex('sha256:a', '[build 2/3] RUN make', { started: '2026-12-03T10:00:00Z' }),
        vertex('sha256:b', '[build 3/3] RUN test', { started: '2026-12-03T10:00:00Z' }),
      ),
    );
    tracker.apply(withLogs([{ vertex: 'sha256:a', text: 'abcdef\n' }, { vertex: 'sha256:b', text: 'ok\n' }]));
    tracker.apply(withLogs([{ vertex: 'sha256:a', text: 'ghijkl\n' }]));

    expect(tracker.outputsOf()).toEqual([
      { digest: 'sha256:a', text: 'ef\nghijkl\n', droppedBytes: 4 },
      { digest: 'sha256:b', text: 'ok\n', droppedBytes: 0 },
    ]);
  });

  it('counts the limit in UTF-8 bytes, never keeps half a character, and drops NUL bytes', () => {
    const tracker = new StepTracker('run-1', 'stage-0', undefined, 8);
    tracker.apply(status(vertex('sha256:a', '[build 2/2] RUN make', { started: '2026-12-03T10:00:00Z' })));
    tracker.apply(withLogs([{ vertex: 'sha256:a', text: 'ééé\u0000ab\n' }]));

    // 9 bytes without the NUL; the last 8 would start inside the first é (2 bytes), so it goes whole.
    expect(tracker.outputsOf()).toEqual([{ digest: 'sha256:a', text: 'éé' + 'ab\n', droppedBytes: 2 }]);
  });
});
