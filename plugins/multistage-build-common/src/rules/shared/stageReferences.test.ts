import { parseDockerfile } from '../../parser/parseDockerfile';
import { buildStageGraph } from '../../stages/stageGraph';
import { stageReferences, stageSelectedBy } from './stageReferences';

function referencesOf(text: string) {
  const parsed = parseDockerfile(text);
  const graph = buildStageGraph(parsed);
  return { graph, references: stageReferences({ graph, parsed }) };
}

describe('stageReferences', () => {
  it('lists FROM, COPY --from and mount from= with global ARGs expanded', () => {
    const { references } = referencesOf(
      [
        'ARG BASE=golang:1.22',
        'ARG SRC=build',
        'FROM ${BASE} AS build',
        'FROM alpine:3.20',
        'COPY --from=${SRC} /out /out',
        'RUN --mount=type=bind,from=build,target=/src true',
        'ADD --chown=1 a b',
        'COPY --from=$UNSET /a /b',
      ].join('\n'),
    );
    expect(references.map(r => [r.kind, r.written, r.resolved, r.instruction.line])).toEqual([
      ['from', '${BASE}', 'golang:1.22', 3],
      ['from', 'alpine:3.20', 'alpine:3.20', 4],
      ['copy', '${SRC}', 'build', 5],
      ['mount', 'build', 'build', 6],
      ['copy', '$UNSET', null, 8],
    ]);
  });

  it('selects stages by name (the last of a name, as BuildKit) or by index', () => {
    const { graph } = referencesOf('FROM a:1 AS x\nFROM b:1 AS X\nFROM c:1');
    expect(stageSelectedBy(graph, 'x')?.index).toBe(1);
    expect(stageSelectedBy(graph, '0')?.index).toBe(0);
    expect(stageSelectedBy(graph, '3')).toBeUndefined();
  });
});
