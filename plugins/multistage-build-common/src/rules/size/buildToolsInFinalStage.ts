/*
 * Compilers and SDKs in the shipped image cost hundreds of megabytes, slow
 * every pull and widen the attack surface, while the application needs none
 * of them at run time. Only the stages the shipped image is built FROM count
 * (context.shippedStages): a toolchain stage that is merely copied from is the
 * whole point of a multi-stage build.
 */
import { compilersInstalledBy, isToolchainImage } from '../shared/buildToolchains';
import { defineRule, type Problem } from '../types';

type Data = { via: 'base'; image: string } | { via: 'install'; tools: string[] };

export const buildToolsInFinalStage = defineRule<Data>({
  id: 'build-tools-in-final-stage',
  severity: 'warning',
  category: 'size',
  description: 'The shipped image is based on an SDK/toolchain image or installs compilers.',
  message: data =>
    data.via === 'base'
      ? `The shipped image is built on ${data.image}, a build toolchain image; build in an earlier stage and copy the artifacts into a slim runtime base`
      : `This RUN installs ${data.tools.join(', ')} into the shipped image; compile in a build stage and copy only the artifacts`,
  check: context => {
    const problems: Problem<Data>[] = [];
    // Oldest ancestor first, so findings come out in file order.
    for (const stage of [...context.shippedStages].reverse()) {
      if ((stage.baseKind === 'image' || stage.baseKind === 'variable') && isToolchainImage(stage.resolvedBase)) {
        problems.push({
          line: stage.line,
          endLine: stage.instructions[0].endLine,
          stage: stage.index,
          data: { via: 'base', image: stage.resolvedBase },
        });
      }
      for (const instruction of stage.instructions) {
        if (instruction.keyword !== 'RUN') continue;
        const tools = compilersInstalledBy(context, instruction);
        if (tools.length > 0) {
          problems.push({
            line: instruction.line,
            endLine: instruction.endLine,
            stage: stage.index,
            data: { via: 'install', tools },
          });
        }
      }
    }
    return problems;
  },
});
