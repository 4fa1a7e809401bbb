import { parseDockerfile } from '../parser/parseDockerfile';
import { criticalPath, estimateStageSeconds } from './criticalPath';
import { buildStageGraph } from './stageGraph';

const graphOf = (lines: string[]) => buildStageGraph(parseDockerfile(lines.join('\n')));

const diamond = graphOf([
  'FROM node:22 AS deps', //       0: 2 + 30 = 32
  'RUN npm ci',
  'FROM alpine:3.20 AS assets', // 1: 2 + 5 + 5 = 12
  'RUN echo a',
  'RUN echo b',
  'FROM deps AS build', //         2: 0 + 30 = 30
  'RUN npm run build',
  'FROM alpine:3.20 AS docs', //   3: not needed by the target
  'RUN apk add pandoc',
  'FROM nginx:1.27', //            4: 2 + 1 + 1 = 4
  'COPY --from=build /app/dist /usr/share/nginx/html',
  'COPY --from=assets /a /usr/share/nginx/html/a',
]);

describe('criticalPath', () => {
  it('follows the heaviest chain by the heuristic', () => {
    const path = criticalPath(diamond);

    expect(path.stages).toEqual([0, 2, 4]);
    expect(path.seconds).toBe(32 + 30 + 4);
    expect(Object.keys(path.weights).map(Number)).toEqual([0, 1, 2, 4]);
    expect(path.weights[1]).toEqual({ seconds: 12, source: 'estimate' });
  });

  it('counts a package-manager command as heavy only when it may fetch or compile', () => {
    const weights = graphOf([
      'FROM node:22 AS deps',
      'RUN npm ci',
      'FROM deps AS production-deps',
      'RUN npm prune --omit=dev',
      'FROM deps AS versions',
      'RUN node --version && npm --version && pip3 -V',
      'FROM deps AS build',
      'RUN npm prune && npm run build',
      'FROM deps AS system',
      'RUN set -e; apt-get update; apt-get install -y --no-install-recommends curl',
    ]).stages.map(estimateStageSeconds);

    expect(weights).toEqual([2 + 30, 5, 5, 30, 30]);
  });

  it('prefers recorded durations over the heuristic', () => {
    const path = criticalPath(diamond, { recordedSeconds: { 0: 3, 1: 100, 2: 4 } });

    expect(path.stages).toEqual([1, 4]);
    expect(path.seconds).toBe(104);
    expect(path.weights[1]).toEqual({ seconds: 100, source: 'recorded' });
    expect(path.weights[4].source).toBe('estimate');
  });

  it('works for another target and ignores bad recorded values', () => {
    const path = criticalPath(diamond, { target: 2, recordedSeconds: { 0: -1 } });

    expect(path.stages).toEqual([0, 2]);
    expect(path.weights[0].source).toBe('estimate');
  });

  it('returns an empty path for stages caught in a cycle and for no stages', () => {
    const cyclic = graphOf(['FROM alpine AS a', 'COPY --from=b /x /x', 'FROM alpine AS b', 'COPY --from=a /x /x']);

    expect(criticalPath(cyclic).stages).toEqual([]);
    expect(criticalPath(graphOf(['ARG A=1'])).stages).toEqual([]);
  });

  it('weighs FROM scratch and stage bases as free', () => {
    expect(estimateStageSeconds(graphOf(['FROM scratch', 'COPY a /a']).stages[0])).toBe(1);
  });
});
