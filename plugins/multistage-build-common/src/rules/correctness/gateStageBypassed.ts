/*
 * BuildKit builds only the stages the target needs. A `test` or `lint` stage
 * that nothing in the target's dependency path copies from is skipped by a
 * normal build: the tests never run and a failing test never stops the image
 * from shipping, while the Dockerfile suggests otherwise. The stage has to be
 * pulled into the path (e.g. the runtime stage copies a marker or report out
 * of it), or CI has to build it explicitly with --target.
 *
 * Only a stage that runs a check at build time is a gate: one whose RUN
 * executes a test, linter, audit or scan (shared/verificationCommands.ts). A
 * stage named `test` whose CMD runs the tests when the container starts, or a
 * scratch stage that bundles test files, blocks nothing in any build, so
 * nothing is bypassed.
 *
 * No fix: wiring the gate in means producing a file in the gate stage and
 * copying it into the image, which depends on what the stage can run.
 */
import { stageLabel } from '../shared/stageLabel';
import { stagesNeededFor } from '../../stages/stageGraph';
import { defineRule } from '../types';
import type { RuleContext } from '../ruleContext';
import type { Stage } from '../../stages/types';
import { verificationKind } from '../shared/verificationCommands';

export interface GateStageBypassedData {
  /** The gate stage, e.g. `stage "test"`. */
  gate: string;
  role: string;
  /** The selected target, e.g. `stage "runtime"`. */
  target: string;
}

const gateRoles = new Set(['test', 'lint', 'security']);
const checkKinds = new Set(['test', 'lint', 'audit', 'scan']);

/** Whether a stage's own RUN instructions execute a check whose failure fails the build. */
function runsCheckAtBuildTime(context: RuleContext, stage: Stage): boolean {
  return stage.instructions.some(
    i => i.keyword === 'RUN' && context.commandsOf(i).some(c => checkKinds.has(verificationKind(c.words) ?? '')),
  );
}

export const gateStageBypassed = defineRule<GateStageBypassedData>({
  id: 'gate-stage-bypassed',
  // Info since issue 12: CI often builds the gates itself (bake, --target), which the file cannot show.
  severity: 'info',
  enabledByDefault: false,
  category: 'correctness',
  description: 'A test, lint, audit or scan stage is not needed by the runtime target, so its failure never blocks the image.',
  message: ({ gate, role, target }) =>
    `${gate} (${role}) is not needed by the target ${target}, so a normal build skips it and its failures ` +
    `never block the image; copy something out of it into the target's path, or build it in CI with --target`,
  check: context => {
    const { finalStage, graph } = context;
    // When the target is itself a gate, the user is running the gate on purpose.
    if (!finalStage || gateRoles.has(finalStage.role)) return [];
    // A gate on the path for any target platform does gate the image.
    const neededStages = new Set(stagesNeededFor(graph, finalStage.index, { anyPlatform: true }));
    return graph.stages
      .filter(stage => gateRoles.has(stage.role) && !neededStages.has(stage.index))
      .filter(stage => runsCheckAtBuildTime(context, stage))
      .map(stage => ({
        line: stage.line,
        endLine: stage.instructions[0]?.endLine ?? stage.line,
        stage: stage.index,
        data: { gate: stageLabel(stage), role: stage.role, target: stageLabel(finalStage) },
      }));
  },
});
