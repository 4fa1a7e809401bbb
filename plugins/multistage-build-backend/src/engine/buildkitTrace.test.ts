import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeTrace, traceMessageId } from './buildkitTrace';
import { vertexPlace } from './vertexNames';

// A real engine's stream of `docker build --no-cache` for examples/hello-c (Docker 20.10, BuildKit).
const recorded = readFileSync(join(__dirname, '__fixtures__/hello-c-nocache.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map(line => JSON.parse(line));

describe('decodeTrace', () => {
  const statuses = recorded.filter(m => m.id === traceMessageId).map(m => decodeTrace(m.aux));
  const vertexes = new Map(statuses.flatMap(s => s.vertexes).map(v => [v.digest, v]));

  it('decodes every trace message of a real build into vertexes with names and times', () => {
    expect(statuses.length).toBeGreaterThan(10);
    const names = [...vertexes.values()].map(v => v.name);
    expect(names).toEqual(expect.arrayContaining(['[build 5/5] RUN make wordfreq', '[test 1/1] RUN make test']));
    for (const vertex of vertexes.values()) {
      expect(vertex.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(vertex.started === null || vertex.started.getUTCFullYear() >= 2026).toBe(true);
    }
    const run = [...vertexes.values()].find(v => v.name === '[build 5/5] RUN make wordfreq')!;
    expect(run.completed!.getTime()).toBeGreaterThanOrEqual(run.started!.getTime());
    expect(run.cached).toBe(false);
    expect(run.inputs.length).toBeGreaterThan(0);
  });

  it('carries the output of RUN steps as logs of their vertex', () => {
    const logs = statuses.flatMap(s => s.logs);
    const make = [...vertexes.values()].find(v => v.name === '[build 5/5] RUN make wordfreq')!;
    const output = logs.filter(l => l.vertex === make.digest).map(l => l.text).join('');
    expect(output).toMatch(/cc .*wordfreq/);
  });

  it('says clearly when the bytes are no StatusResponse', () => {
    expect(() => decodeTrace(Buffer.from([0x0a, 0xff, 0xff, 0xff]).toString('base64'))).toThrow(
      /^the engine sent a BuildKit trace that does not decode: /,
    );
  });
});

describe('vertexPlace', () => {
  it.each([
    ['[build 3/5] RUN make', { stage: 'build', step: 3, total: 5, platform: null, instruction: 'RUN make' }],
    ['[linux/arm64 runtime 2/4] COPY --from=build /a /a', { stage: 'runtime', step: 2, total: 4, platform: 'linux/arm64', instruction: 'COPY --from=build /a /a' }],
    ['[stage-1 1/2] FROM docker.io/library/busybox:1.36', { stage: 'stage-1', step: 1, total: 2, platform: null, instruction: 'FROM docker.io/library/busybox:1.36' }],
  ])('reads %s', (name, place) => {
    expect(vertexPlace(name)).toEqual(place);
  });

  it('reads the name of a single-stage file, which has no stage', () => {
    expect(vertexPlace('[2/2] RUN make')).toEqual({ stage: null, step: 2, total: 2, platform: null, instruction: 'RUN make' });
  });

  it('answers null for internal vertexes', () => {
    expect(vertexPlace('[internal] load build context')).toBeNull();
    expect(vertexPlace('exporting to image')).toBeNull();
  });
});
