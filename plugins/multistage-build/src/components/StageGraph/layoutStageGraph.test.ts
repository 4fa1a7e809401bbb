import { describeDockerfile } from '@stagecraft/plugin-multistage-build-common';
import { layoutStageGraph, nodeWidth } from './layoutStageGraph';

const describe_ = (lines: string[]) => describeDockerfile({ path: 'Dockerfile', text: lines.join('\n'), rules: [] });

describe('layoutStageGraph', () => {
  it('puts each parallel group in its own column and marks the critical path', () => {
    const layout = layoutStageGraph(
      describe_([
        'FROM node:22 AS deps',
        'RUN npm ci',
        'FROM alpine:3.20 AS assets',
        'FROM deps AS build',
        'RUN npm run build',
        'FROM nginx:1.27',
        'COPY --from=build /dist /usr/share/nginx/html',
        'COPY --from=assets /a /a',
      ]),
    );

    expect(layout.nodes.map(n => [n.index, n.column])).toEqual([
      [0, 0],
      [1, 0],
      [2, 1],
      [3, 2],
    ]);
    expect(layout.nodes[2].x).toBeGreaterThan(layout.nodes[0].x + nodeWidth);
    expect(layout.edges.map(e => [e.from, e.to, e.kind, e.critical, e.backwards])).toEqual([
      [0, 2, 'from', true, false],
      [2, 3, 'copy', true, false],
      [1, 3, 'copy', false, false],
    ]);
    expect(layout.width).toBeGreaterThan(3 * nodeWidth);
    // build (column 1) -> nginx (column 2) is a straight hop; assets (column 0) -> nginx skips a column and arcs below.
    expect(layout.edges[1].d).toMatch(/^M \d+ \d+ C /);
    const [, , y1] = /^M (\d+) (\d+)/.exec(layout.edges[2].d)!;
    expect(Number(y1)).toBe(layout.nodes[1].y + 54);
  });

  it('draws cycles and self-references as backward edges', () => {
    const layout = layoutStageGraph(
      describe_(['FROM alpine AS a', 'COPY --from=b /x /x', 'FROM alpine AS b', 'COPY --from=a /x /x', 'COPY --from=b /y /y']),
    );

    expect(layout.edges.every(e => e.backwards)).toBe(true);
    expect(layout.edges.map(e => `${e.from}>${e.to}`)).toEqual(['1>0', '0>1', '1>1']);
  });

  it('is empty without stages', () => {
    expect(layoutStageGraph(describe_(['ARG A=1']))).toEqual({ width: 0, height: 0, nodes: [], edges: [] });
  });
});
