/*
 * COPY --from and mount from= may name any stage, a later one or the stage
 * itself; when the dependencies close a circle BuildKit refuses the whole
 * file ("circular dependency detected on stage: X"), even when the target
 * does not need those stages. Each circle (strongly connected set of stages)
 * is reported once, at the FROM of its first stage, with the shortest circle
 * through that stage spelled out.
 */
import type { StageGraph } from '../../stages/types';
import { stageShortName } from '../shared/stageLabel';
import { defineRule } from '../types';

export interface StageCycleData {
  /** Stage names (or indexes) in dependency order, the first repeated at the end. */
  cycle: string[];
}

/** For each stage, the stages it needs directly. */
function dependenciesOf(graph: StageGraph): Map<number, Set<number>> {
  const needs = new Map<number, Set<number>>(graph.stages.map(s => [s.index, new Set<number>()]));
  for (const edge of graph.edges) needs.get(edge.to)?.add(edge.from);
  return needs;
}

/** The shortest path of "needs" edges from `start` back to itself, or null. */
function shortestCycle(start: number, needs: Map<number, Set<number>>): number[] | null {
  const previous = new Map<number, number>();
  const queue = [start];
  while (queue.length > 0) {
    const current = queue.shift()!;
    for (const next of needs.get(current) ?? []) {
      if (next === start) {
        const path = [current];
        while (path[0] !== start) path.unshift(previous.get(path[0])!);
        return [...path, start];
      }
      if (!previous.has(next)) {
        previous.set(next, current);
        queue.push(next);
      }
    }
  }
  return null;
}

export const stageCycle = defineRule<StageCycleData>({
  id: 'stage-cycle',
  severity: 'error',
  category: 'correctness',
  description: 'Stages depend on each other in a circle, which BuildKit rejects.',
  message: ({ cycle }) =>
    `stages depend on each other in a circle: ${cycle.join(' -> ')} (each needs the next); ` +
    `BuildKit fails with "circular dependency detected"`,
  check: context => {
    const { graph } = context;
    const needs = dependenciesOf(graph);
    const reported = new Set<number>();
    const problems = [];
    for (const stage of graph.stages) {
      if (reported.has(stage.index)) continue;
      const cycle = shortestCycle(stage.index, needs);
      if (!cycle) continue;
      // Everything in a circle with this stage belongs to the same report.
      for (const other of graph.stages) {
        if (reach(stage.index, other.index, needs) && reach(other.index, stage.index, needs)) {
          reported.add(other.index);
        }
      }
      problems.push({
        line: stage.line,
        endLine: stage.instructions[0]?.endLine ?? stage.line,
        stage: stage.index,
        data: { cycle: cycle.map(i => stageShortName(graph.stages[i])) },
      });
    }
    return problems;
  },
});

function reach(from: number, to: number, needs: Map<number, Set<number>>): boolean {
  const seen = new Set<number>([from]);
  const queue = [from];
  while (queue.length > 0) {
    for (const next of needs.get(queue.pop()!) ?? []) {
      if (next === to) return true;
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return false;
}
