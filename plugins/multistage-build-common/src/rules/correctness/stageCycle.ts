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
    const problems = [];
    // Circles live inside strongly connected sets: find those once (linear),
    // then look for the shortest circle only within each.
    for (const members of circularSets(graph, needs)) {
      const first = graph.stages[Math.min(...members)];
      const within = new Map([...members].map(i => [i, new Set([...needs.get(i)!].filter(n => members.has(n)))]));
      const cycle = shortestCycle(first.index, within);
      if (!cycle) continue;
      problems.push({
        line: first.line,
        endLine: first.instructions[0]?.endLine ?? first.line,
        stage: first.index,
        data: { cycle: cycle.map(i => stageShortName(graph.stages[i])) },
      });
    }
    return problems.sort((a, b) => a.stage - b.stage);
  },
});

/**
 * Sets of stages that need each other in a circle (Tarjan's strongly
 * connected components, iteratively: a chain of a thousand stages must not
 * overflow the stack). A single stage counts only when it needs itself.
 */
function circularSets(graph: StageGraph, needs: Map<number, Set<number>>): Set<number>[] {
  const index = new Map<number, number>();
  const low = new Map<number, number>();
  const onStack = new Set<number>();
  const stack: number[] = [];
  const sets: Set<number>[] = [];
  const work: { node: number; next: Iterator<number> }[] = [];
  const open = (node: number) => {
    index.set(node, index.size);
    low.set(node, index.get(node)!);
    stack.push(node);
    onStack.add(node);
    work.push({ node, next: (needs.get(node) ?? new Set<number>()).values() });
  };
  for (const root of graph.stages) {
    if (index.has(root.index)) continue;
    open(root.index);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      const step = frame.next.next();
      if (!step.done) {
        const next = step.value;
        if (!index.has(next)) open(next);
        else if (onStack.has(next)) low.set(frame.node, Math.min(low.get(frame.node)!, index.get(next)!));
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].node;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.node)!));
      }
      if (low.get(frame.node) !== index.get(frame.node)) continue;
      const members = new Set<number>();
      let member: number;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        members.add(member);
      } while (member !== frame.node);
      if (members.size > 1 || needs.get(frame.node)?.has(frame.node)) sets.push(members);
    }
  }
  return sets;
}
