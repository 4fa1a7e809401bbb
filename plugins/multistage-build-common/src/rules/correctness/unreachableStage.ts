/*
 * A stage that the default target (the last stage) does not need is built
 * only when someone asks for it with --target; an unnamed one cannot even be
 * selected that way (--target takes names), so it is dead code. Either is
 * worth knowing: leftovers rot, and a stage meant to run in every build (a
 * test, an asset build) silently does not.
 *
 * This is about the file itself, so it always judges against the default
 * target, whatever --target the analysis was run with.
 */
import { stagesNeededFor } from '../../stages/stageGraph';
import { stageLabel, stageShortName } from '../shared/stageLabel';
import { stageSelectedBy } from '../shared/stageReferences';
import { defineRule } from '../types';

export interface UnreachableStageData {
  stage: string;
  /** The default target, e.g. `stage "runtime"`. */
  target: string;
  /** The stage's name, or null for an unnamed stage that --target cannot select. */
  name: string | null;
  /** A later stage has the same name, so --target picks that one and never this. */
  shadowed: boolean;
}

export const unreachableStage = defineRule<UnreachableStageData>({
  id: 'unreachable-stage',
  severity: 'info',
  category: 'correctness',
  description: 'A stage is not needed by the default target, so only --target builds it.',
  message: ({ stage, target, name, shadowed }) => {
    let how = `so only --target ${name} builds it`;
    if (name === null) how = 'and it has no name for --target to select, so no build uses it';
    else if (shadowed) how = `and --target ${name} selects the later stage of that name, so no build uses it`;
    return `${stage} is not needed by the default target (${target}), ${how}`;
  },
  check: context => {
    const { graph } = context;
    if (graph.defaultTarget === null) return [];
    const target = graph.stages[graph.defaultTarget];
    // A stage that `FROM binaries-$TARGETOS` picks for darwin is needed there: not dead code.
    const needed = new Set(stagesNeededFor(graph, graph.defaultTarget, { anyPlatform: true }));
    return graph.stages
      .filter(stage => !needed.has(stage.index))
      .map(stage => ({
        line: stage.line,
        endLine: stage.instructions[0]?.endLine ?? stage.line,
        stage: stage.index,
        data: {
          stage: stageLabel(stage),
          target: stageLabel(target),
          name: stage.name === null ? null : stageShortName(stage),
          shadowed: stage.name !== null && stageSelectedBy(graph, stage.name) !== stage,
        },
      }));
  },
});
