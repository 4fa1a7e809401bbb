import { parseDockerfile } from '../../parser/parseDockerfile';
import { buildStageGraph } from '../../stages/stageGraph';
import { descendantStages, lineageInstructions, stageLineage } from './stageLineage';

const graphOf = (text: string) => buildStageGraph(parseDockerfile(text));

describe('stageLineage', () => {
  const graph = graphOf(
    [
      'FROM alpine:3.20 AS Base',
      'USER app',
      'FROM base AS build',
      'RUN make',
      'FROM golang:1.22 AS other',
      'COPY --from=build /out /out',
      'FROM build AS final',
    ].join('\n'),
  );
  const [base, build, other, final] = graph.stages;

  it('walks FROM stages, oldest first, matching names case-insensitively', () => {
    expect(stageLineage(graph, final).map(s => s.index)).toEqual([0, 1, 3]);
    expect(stageLineage(graph, other).map(s => s.index)).toEqual([2]);
  });

  it('lists inherited instructions in build order', () => {
    expect(lineageInstructions(graph, build).map(i => i.keyword)).toEqual(['FROM', 'USER', 'FROM', 'RUN']);
  });

  it('finds stages built FROM a stage, but not ones that only copy from it', () => {
    expect(descendantStages(graph, base).map(s => s.index)).toEqual([1, 3]);
    expect(descendantStages(graph, build).map(s => s.index)).toEqual([3]);
    expect(descendantStages(graph, other)).toEqual([]);
  });

  it('copes with an empty file', () => {
    expect(graphOf('').stages).toEqual([]);
  });
});
