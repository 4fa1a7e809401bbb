/*
 * A stage inherits its image config (USER, WORKDIR, SHELL, EXPOSE,
 * HEALTHCHECK, ENV) from the stage it is built FROM, so rules about "what is
 * in force" must read the whole lineage, not just the stage's own lines.
 */
import type { Instruction } from '../../parser/types';
import type { Stage, StageGraph } from '../../stages/types';

/** The stage and the stages it is built FROM, oldest ancestor first, the stage itself last. */
export function stageLineage(graph: StageGraph, stage: Stage): Stage[] {
  const lineage: Stage[] = [];
  for (let current: Stage | undefined = stage; current && !lineage.includes(current); ) {
    lineage.unshift(current);
    current = current.baseStage === null ? undefined : graph.stages[current.baseStage];
  }
  return lineage;
}

/** The instructions in force for a stage in build order: its ancestors' first, FROM lines included. */
export function lineageInstructions(graph: StageGraph, stage: Stage): Instruction[] {
  return stageLineage(graph, stage).flatMap(s => s.instructions);
}

/** The stages built FROM this one, directly or through other stages. */
export function descendantStages(graph: StageGraph, stage: Stage): Stage[] {
  return graph.stages.filter(s => s !== stage && stageLineage(graph, s).includes(stage));
}
