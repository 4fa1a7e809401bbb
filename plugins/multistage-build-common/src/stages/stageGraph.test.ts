import { parseDockerfile } from '../parser/parseDockerfile';
import { buildStageGraph, stagesNeededFor } from './stageGraph';

const graphOf = (lines: string[], options?: Parameters<typeof buildStageGraph>[1]) =>
  buildStageGraph(parseDockerfile(lines.join('\n')), options);

describe('buildStageGraph', () => {
  const dockerfile = [
    'ARG GCC_IMAGE=gcc:12',
    'ARG RUNTIME=busybox:1.36',
    'FROM ${GCC_IMAGE} AS Build',
    'WORKDIR /src',
    'RUN make',
    'FROM build AS test',
    'RUN make test',
    'FROM scratch AS assets',
    'COPY --from=0 /src/out /out',
    'FROM ${RUNTIME} AS runtime',
    'COPY --from=test /src/Makefile /tmp/tested',
    'COPY --from=build /src/app /app',
    'RUN --mount=type=bind,from=assets,target=/a cp -r /a /assets',
    'COPY --from=nginx:1.27 /etc/nginx /etc/nginx',
  ];

  it('finds stages with names, bases, kinds and lines', () => {
    const graph = graphOf(dockerfile);

    expect(
      graph.stages.map(s => [s.index, s.name, s.base, s.resolvedBase, s.baseKind, s.line, s.endLine]),
    ).toEqual([
      [0, 'build', '${GCC_IMAGE}', 'gcc:12', 'variable', 3, 5],
      [1, 'test', 'build', 'build', 'stage', 6, 7],
      [2, 'assets', 'scratch', 'scratch', 'scratch', 8, 9],
      [3, 'runtime', '${RUNTIME}', 'busybox:1.36', 'variable', 10, 14],
    ]);
    expect(graph.metaArgs.map(a => [a.name, a.defaultValue])).toEqual([
      ['GCC_IMAGE', 'gcc:12'],
      ['RUNTIME', 'busybox:1.36'],
    ]);
    expect(graph.defaultTarget).toBe(3);
  });

  it('links stages through FROM, COPY --from (names and indexes) and mounts, not images', () => {
    const graph = graphOf(dockerfile);

    expect(graph.edges.map(e => [e.from, e.to, e.kind, e.line])).toEqual([
      [0, 1, 'from', 6],
      [0, 2, 'copy', 9],
      [1, 3, 'copy', 11],
      [0, 3, 'copy', 12],
      [2, 3, 'mount', 13],
    ]);
    expect(graph.parallelGroups).toEqual([[0], [1, 2], [3]]);
  });

  it('lists the stages a target needs', () => {
    const graph = graphOf(dockerfile);

    expect(stagesNeededFor(graph, 1)).toEqual([0, 1]);
    expect(stagesNeededFor(graph, 3)).toEqual([0, 1, 2, 3]);
  });

  it('lets build args override global ARG defaults', () => {
    const graph = graphOf(dockerfile, { buildArgs: { GCC_IMAGE: 'registry.local/gcc:12' } });

    expect(graph.stages[0].resolvedBase).toBe('registry.local/gcc:12');
  });

  it('infers roles from names, and takes the last unnamed stage as the runtime', () => {
    const graph = graphOf([
      'FROM node:22 AS deps',
      'RUN npm ci',
      'FROM deps AS lint',
      'RUN npx eslint .',
      'FROM node:22',
      'RUN npm test',
      'FROM node:22-slim',
    ]);

    expect(graph.stages.map(s => s.role)).toEqual(['deps', 'lint', 'test', 'runtime']);
  });

  it('applies role overrides by stage name or index', () => {
    const graph = graphOf(['FROM alpine AS tools', 'FROM alpine'], {
      roleOverrides: { tools: 'debug', '1': 'other' },
    });

    expect(graph.stages.map(s => s.role)).toEqual(['debug', 'other']);
  });

  it('does not treat a forward reference or a numeric FROM as a stage', () => {
    const graph = graphOf(['FROM later AS first', 'FROM 0 AS second', 'FROM alpine AS later']);

    expect(graph.stages.map(s => s.baseKind)).toEqual(['image', 'image', 'image']);
    expect(graph.edges).toEqual([]);
  });

  it('returns no stages for a file without FROM', () => {
    const graph = graphOf(['ARG X=1']);

    expect(graph.stages).toEqual([]);
    expect(graph.defaultTarget).toBeNull();
    expect(graph.parallelGroups).toEqual([]);
  });

  it('links COPY --from to a later stage, as BuildKit does, and puts cycles last', () => {
    const graph = graphOf([
      'FROM alpine AS a',
      'COPY --from=c /x /x',
      'FROM alpine AS b',
      'COPY --from=a /x /x',
      'FROM alpine AS c',
      'COPY --from=b /x /x',
      'FROM alpine AS d',
    ]);

    expect(graph.edges.map(e => [e.from, e.to, e.kind])).toEqual([
      [2, 0, 'copy'],
      [0, 1, 'copy'],
      [1, 2, 'copy'],
    ]);
    expect(graph.parallelGroups).toEqual([[3], [0, 1, 2]]);
  });

  it('treats a numeric --from as an index, the current stage included', () => {
    const graph = graphOf(['FROM alpine', 'COPY --from=0 /x /x']);

    expect(graph.edges).toEqual([{ from: 0, to: 0, kind: 'copy', line: 2 }]);
  });

  it('lists cache mounts shared between stages by id or target', () => {
    const graph = graphOf([
      'FROM node:22 AS deps',
      'RUN --mount=type=cache,target=/root/.npm npm ci',
      'FROM node:22 AS build',
      'RUN --mount=type=cache,target=/root/.npm npm run build',
      'RUN --mount=type=cache,id=apt,target=/var/cache/apt apt-get update',
      'FROM debian:12',
      'RUN --mount=type=cache,id=apt,target=/cache apt-get update',
    ]);

    expect(graph.sharedCacheMounts).toEqual([
      { id: '/root/.npm', stages: [0, 1] },
      { id: 'apt', stages: [1, 2] },
    ]);
  });

  it('resolves a duplicated name as BuildKit does: FROM the nearest above, --from the last', () => {
    const graph = graphOf([
      'FROM alpine AS tools',
      'FROM debian AS tools',
      'FROM tools AS app',
      'COPY --from=tools /x /x',
      'FROM alpine AS tools',
    ]);

    expect(graph.edges.map(e => [e.from, e.to, e.kind])).toEqual([
      [1, 2, 'from'],
      [3, 2, 'copy'],
    ]);
  });

  it('resolves automatic platform ARGs for the default platform and links the other platforms\' stages apart', () => {
    const graph = graphOf([
      'FROM alpine:3.20 AS binaries-linux',
      'FROM alpine:3.20 AS binaries-darwin',
      'FROM alpine:3.20 AS other',
      'FROM binaries-$TARGETOS AS binaries',
      'FROM alpine:3.20',
      'COPY --from=binaries /x /x',
    ]);

    expect(graph.stages[3]).toMatchObject({ resolvedBase: 'binaries-linux', baseKind: 'stage', baseStage: 0 });
    expect(graph.platformEdges.map(e => [e.from, e.to, e.kind])).toEqual([[1, 3, 'from']]);
    expect(stagesNeededFor(graph, 4)).toEqual([0, 3, 4]);
    expect(stagesNeededFor(graph, 4, { anyPlatform: true })).toEqual([0, 1, 3, 4]);
  });

  it('lets a build arg pin a platform ARG', () => {
    const graph = buildStageGraph(
      parseDockerfile(['FROM alpine AS x-linux', 'FROM alpine AS x-darwin', 'FROM x-$TARGETOS'].join('\n')),
      { buildArgs: { TARGETOS: 'darwin' } },
    );

    expect(graph.stages[2].baseStage).toBe(1);
    expect(graph.platformEdges).toEqual([]);
  });

  it('records the stages a build arg can select, not every stage for an image held in an ARG', () => {
    const graph = buildStageGraph(
      parseDockerfile('ARG BASE_IMAGE=alpine:3.20\nARG VARIANT=a\nFROM ${BASE_IMAGE} AS base-a\nFROM ${BASE_IMAGE} AS base-b\nFROM base-${VARIANT}'),
    );
    expect(graph.variantEdges.map(e => [e.from, e.to])).toEqual([[1, 2]]);
  });

  it('lets a whole-ARG FROM without a default select any stage by build arg', () => {
    const graph = buildStageGraph(
      parseDockerfile('ARG FLAVOR\nFROM alpine:3.20 AS slim\nFROM debian:12 AS full\nFROM ${FLAVOR}'),
    );
    expect(graph.variantEdges.map(e => [e.from, e.to]).sort()).toEqual([[0, 2], [1, 2]]);
  });
});
