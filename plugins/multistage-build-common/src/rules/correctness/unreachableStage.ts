/*
 * A stage that the default target (the last stage) does not need is built
 * only when someone asks for it with --target; an unnamed one cannot even be
 * selected that way (--target takes names), so it is dead code. Either is
 * worth knowing: leftovers rot, and a stage meant to run in every build (a
 * test, an asset build) silently does not.
 *
 * One finding per unreachable chain: only the stages no other unreachable
 * stage needs are reported, each naming the unreachable stages it pulls in,
 * so a target-only `dev` stage on a `dev-base` is one finding, not two.
 * A stage that a variable reference can select (`FROM base-${VARIANT}`, a
 * `--from` or FROM with `$TARGETARCH`) is reachable: a build arg or another
 * platform builds it.
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
  /** The other unreachable stages only this one needs, e.g. `stage "dev-base"`. */
  bringsAlong: string[];
}

export const unreachableStage = defineRule<UnreachableStageData>({
  id: 'unreachable-stage',
  severity: 'info',
  enabledByDefault: false,
  category: 'correctness',
  description: 'A stage is not needed by the default target, so only --target builds it.',
  message: ({ stage, target, name, shadowed, bringsAlong }) => {
    let how = `so only --target ${name} builds it`;
    if (name === null) how = 'and it has no name for --target to select, so no build uses it';
    else if (shadowed) how = `and --target ${name} selects the later stage of that name, so no build uses it`;
    const along = bringsAlong.length > 0 ? ` (nor ${bringsAlong.join(', ')}, which only it needs)` : '';
    return `${stage} is not needed by the default target (${target})${along}, ${how}`;
  },
  check: context => {
    const { graph } = context;
    if (graph.defaultTarget === null) return [];
    const target = graph.stages[graph.defaultTarget];
    const anyVariant = { anyPlatform: true, anyBuildArgs: true };
    const needed = new Set(stagesNeededFor(graph, graph.defaultTarget, anyVariant));
    const unreachable = graph.stages.filter(stage => !needed.has(stage.index));
    const neededBy = new Map(unreachable.map(s => [s.index, stagesNeededFor(graph, s.index, anyVariant)]));
    const neededByAnother = new Set(
      unreachable.flatMap(s => (neededBy.get(s.index) ?? []).filter(index => index !== s.index)),
    );
    return unreachable
      .filter(stage => !neededByAnother.has(stage.index))
      .map(stage => ({
        line: stage.line,
        endLine: stage.instructions[0]?.endLine ?? stage.line,
        stage: stage.index,
        data: {
          stage: stageLabel(stage),
          target: stageLabel(target),
          name: stage.name === null ? null : stageShortName(stage),
          shadowed: stage.name !== null && stageSelectedBy(graph, stage.name) !== stage,
          bringsAlong: (neededBy.get(stage.index) ?? [])
            .filter(index => index !== stage.index && !needed.has(index))
            .map(index => stageLabel(graph.stages[index])),
        },
      }));
  },
});
