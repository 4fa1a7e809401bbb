import { describeDockerfile } from './describeDockerfile';

const text = ['FROM node:22 AS deps', 'RUN npm ci', 'FROM alpine:3.20', 'RUN echo assets', 'FROM deps AS app', 'COPY --from=1 /a /a'].join('\n');

describe('describeDockerfile', () => {
  it('weighs the critical path by recorded seconds keyed as BuildKit names stages', () => {
    const estimated = describeDockerfile({ path: 'Dockerfile', text, rules: [] });
    const recorded = describeDockerfile({ path: 'Dockerfile', text, rules: [], recordedSeconds: { deps: 1, 'stage-1': 90, unknown: 5 } });

    expect(estimated.criticalPath.stages).toEqual([0, 2]);
    expect(recorded.criticalPath.stages).toEqual([1, 2]);
    expect(recorded.criticalPath.weights[1]).toEqual({ seconds: 90, source: 'recorded' });
    expect(recorded.criticalPath.weights[0]).toEqual({ seconds: 1, source: 'recorded' });
    expect(recorded.criticalPath.weights[2].source).toBe('estimate');
  });
});
