/*
 * A stage inherits its image config (USER, WORKDIR, SHELL, EXPOSE,
 * HEALTHCHECK, ENV) from the stage it is built FROM, so rules about "what is
 * in force" must read the whole lineage, not just the stage's own lines.
 *
 * Several rules ask for lineages and descendants of many stages, so both are
 * worked out once per graph: a lineage extends its parent's, and descendants
 * come from an index of the stages built FROM each stage. (Before, every call
 * walked every stage, which made a 2,000-stage chain take seconds.)
 */
import type { Instruction } from '../../parser/types';
import type { Stage, StageGraph } from '../../stages/types';

interface LineageIndex {
  lineages: Map<Stage, Stage[]>;
  instructions: Map<Stage, Instruction[]>;
  children: Map<Stage, Stage[]>;
}

const indexes = new WeakMap<StageGraph, LineageIndex>();

function indexOf(graph: StageGraph): LineageIndex {
  let index = indexes.get(graph);
  if (!index) {
    const children = new Map<Stage, Stage[]>();
    for (const stage of graph.stages) {
      const parent = parentOf(graph, stage);
      if (!parent) continue;
      const siblings = children.get(parent);
      if (siblings) siblings.push(stage);
      else children.set(parent, [stage]);
    }
    index = { lineages: new Map(), instructions: new Map(), children };
    indexes.set(graph, index);
  }
  return index;
}

/** The stage and the stages it is built FROM, oldest ancestor first, the stage itself last. */
export function stageLineage(graph: StageGraph, stage: Stage): Stage[] {
  const { lineages } = indexOf(graph);
  const known = lineages.get(stage);
  if (known) return known;
  // FROM names only earlier stages, so walking to parents always ends: up to
  // the nearest stage whose lineage is known (or the root), then back down.
  const path: Stage[] = [];
  let lineage: Stage[] = [];
  for (let current: Stage | undefined = stage; current; current = parentOf(graph, current)) {
    const cached = lineages.get(current);
    if (cached) {
      lineage = cached;
      break;
    }
    path.push(current);
  }
  for (const current of path.reverse()) {
    lineage = [...lineage, current];
    lineages.set(current, lineage);
  }
  return lineage;
}

function parentOf(graph: StageGraph, stage: Stage): Stage | undefined {
  const parent = stage.baseStage === null ? undefined : graph.stages[stage.baseStage];
  return parent && parent.index < stage.index ? parent : undefined;
}

/** The instructions in force for a stage in build order: its ancestors' first, FROM lines included. */
export function lineageInstructions(graph: StageGraph, stage: Stage): Instruction[] {
  const { instructions } = indexOf(graph);
  let found = instructions.get(stage);
  if (!found) {
    found = stageLineage(graph, stage).flatMap(s => s.instructions);
    instructions.set(stage, found);
  }
  return found;
}

/** The stages built FROM this one, directly or through other stages. */
export function descendantStages(graph: StageGraph, stage: Stage): Stage[] {
  const { children } = indexOf(graph);
  const found = new Set<Stage>();
  const queue = [...(children.get(stage) ?? [])];
  while (queue.length > 0) {
    const next = queue.shift()!;
    if (next === stage || found.has(next)) continue;
    found.add(next);
    queue.push(...(children.get(next) ?? []));
  }
  // In file order, as callers read them.
  return graph.stages.filter(s => found.has(s));
}
