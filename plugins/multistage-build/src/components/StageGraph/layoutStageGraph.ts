/*
 * Positions for the stage graph: one column per parallel group (stages in a
 * column can build at the same time), columns left to right in build order.
 * Kept apart from the SVG so the layout is tested without a browser.
 */
import type { DockerfileAnalysisResponse } from '@stagecraft/plugin-multistage-build-common';

export const nodeWidth = 190;
export const nodeHeight = 54;
const columnGap = 70;
const rowGap = 18;
const margin = 12;

export interface NodeBox {
  index: number;
  x: number;
  y: number;
  column: number;
}

export interface EdgePath {
  from: number;
  to: number;
  kind: 'from' | 'copy' | 'mount';
  /** SVG path data. */
  d: string;
  /** Points back or at itself: only a dependency cycle does that. */
  backwards: boolean;
  critical: boolean;
}

export interface StageGraphLayout {
  width: number;
  height: number;
  nodes: NodeBox[];
  edges: EdgePath[];
}

type GraphInput = Pick<DockerfileAnalysisResponse, 'stages' | 'edges' | 'parallelGroups' | 'criticalPath'>;

export function layoutStageGraph(graph: GraphInput): StageGraphLayout {
  const nodes = new Map<number, NodeBox>();
  graph.parallelGroups.forEach((group, column) => {
    group.forEach((index, row) => {
      nodes.set(index, {
        index,
        column,
        x: margin + column * (nodeWidth + columnGap),
        y: margin + row * (nodeHeight + rowGap),
      });
    });
  });
  const path = graph.criticalPath.stages;
  const onPath = (from: number, to: number) => path.some((s, i) => s === from && path[i + 1] === to);

  const seen = new Set<string>();
  const edges: EdgePath[] = [];
  for (const edge of graph.edges) {
    const a = nodes.get(edge.from);
    const b = nodes.get(edge.to);
    const key = `${edge.from}>${edge.to}:${edge.kind}`;
    if (!a || !b || seen.has(key)) continue;
    seen.add(key);
    const backwards = b.column <= a.column;
    let d: string;
    if (edge.from === edge.to) {
      // A loop over the node's top edge.
      const x = a.x + nodeWidth / 2;
      d = `M ${x - 20} ${a.y} C ${x - 30} ${a.y - 30}, ${x + 30} ${a.y - 30}, ${x + 20} ${a.y}`;
    } else if (backwards || b.column - a.column > 1) {
      // Edges that go back (cycles) or skip a column would cross the nodes
      // between; they arc below the row instead, deeper for longer spans.
      const x1 = a.x + nodeWidth / 2 + (backwards ? -12 : 12);
      const x2 = b.x + nodeWidth / 2 + (backwards ? -12 : 12);
      const y1 = a.y + nodeHeight;
      const y2 = b.y + nodeHeight;
      const dip = 30 + 10 * Math.abs(b.column - a.column);
      d = `M ${x1} ${y1} C ${x1} ${y1 + dip}, ${x2} ${y2 + dip}, ${x2} ${y2}`;
    } else {
      const x1 = a.x + nodeWidth;
      const y1 = a.y + nodeHeight / 2;
      const x2 = b.x;
      const y2 = b.y + nodeHeight / 2;
      const bend = (x2 - x1) / 2;
      d = `M ${x1} ${y1} C ${x1 + bend} ${y1}, ${x2 - bend} ${y2}, ${x2} ${y2}`;
    }
    edges.push({ from: edge.from, to: edge.to, kind: edge.kind, d, backwards, critical: onPath(edge.from, edge.to) });
  }

  const boxes = [...nodes.values()];
  const width = boxes.length === 0 ? 0 : Math.max(...boxes.map(n => n.x)) + nodeWidth + margin;
  // Room below the last row for the arcs of long and backward edges.
  const height = boxes.length === 0 ? 0 : Math.max(...boxes.map(n => n.y)) + nodeHeight + margin + 40 + 10 * graph.parallelGroups.length;
  return { width, height, nodes: boxes.sort((x, y) => x.index - y.index), edges };
}
