import type { Stage, StageEdge, StageGraph } from './types';

/**
 * Groups stages by depth in the graph: group k holds the stages whose
 * dependencies all lie in groups before k, so each group can build in
 * parallel. Stages caught in a dependency cycle cannot build at all; they
 * come last, in one group of their own.
 */
export function buildOrder(
  stages: Stage[],
  edges: StageEdge[],
): Pick<StageGraph, 'parallelGroups' | 'blockedStages'> {
  const dependents = new Map<number, number[]>();
  const waitingOn = new Map<number, number>(stages.map(s => [s.index, 0]));
  const seen = new Set<string>();
  for (const edge of edges) {
    // Two links between the same stages (FROM and COPY --from, say) are one dependency.
    const key = `${edge.from}>${edge.to}`;
    if (seen.has(key)) continue;
    seen.add(key);
    dependents.set(edge.from, [...(dependents.get(edge.from) ?? []), edge.to]);
    waitingOn.set(edge.to, (waitingOn.get(edge.to) ?? 0) + 1);
  }
  const groups: number[][] = [];
  let ready = stages.filter(s => waitingOn.get(s.index) === 0).map(s => s.index);
  const placed = new Set<number>();
  while (ready.length > 0) {
    groups.push(ready);
    ready.forEach(i => placed.add(i));
    const next: number[] = [];
    for (const index of ready) {
      for (const dependent of dependents.get(index) ?? []) {
        const left = waitingOn.get(dependent)! - 1;
        waitingOn.set(dependent, left);
        if (left === 0) next.push(dependent);
      }
    }
    ready = next.sort((a, b) => a - b);
  }
  const blockedStages = stages.filter(s => !placed.has(s.index)).map(s => s.index);
  if (blockedStages.length > 0) groups.push(blockedStages);
  return { parallelGroups: groups, blockedStages };
}
