/*
 * Compilers and SDKs in the shipped image cost hundreds of megabytes, slow
 * every pull and widen the attack surface, while the application needs none
 * of them at run time. Only the stages the shipped image is built FROM count
 * (context.shippedStages): a toolchain stage that is merely copied from is the
 * whole point of a multi-stage build. One finding per stage: its toolchain
 * base, or else its first RUN that installs compilers, naming every compiler
 * the stage installs. A target that is not a shipped image (a CI check, a dev
 * environment: RuleContext.shipsImage) is meant to carry its tools. On
 * accelerator and ML framework bases (CUDA, ROCm, PyTorch, oneAPI, Habana)
 * compiler installs are not reported: their runtimes compile kernels when
 * they run (Triton, torch inductor), so the compilers are runtime needs.
 */
import { compilersInstalledBy, isToolchainImage } from '../shared/buildToolchains';
import { defineRule, type Problem } from '../types';

type Data = { via: 'base'; image: string; tools: string[] } | { via: 'install'; tools: string[] };

/** Accelerator and ML framework bases, whose runtimes compile kernels at run time. */
const mlRuntimeBase = /(^|\/)(nvidia\/cuda|cuda|pytorch|rocm|intel\/|habana|gaudi|tensorflow|vllm|nvcr\.io)|vault\.habana|nvcr\.io|pytorch|oneapi/i;

export const buildToolsInFinalStage = defineRule<Data>({
  id: 'build-tools-in-final-stage',
  severity: 'info',
  enabledByDefault: false,
  category: 'size',
  description: 'The shipped image is based on an SDK/toolchain image or installs compilers.',
  message: data =>
    data.via === 'base'
      ? `The shipped image is built on ${data.image}, a build toolchain image${
          data.tools.length > 0 ? ` and installs ${data.tools.join(', ')}` : ''
        }; build in an earlier stage and copy the artifacts into a slim runtime base`
      : `This RUN installs ${data.tools.join(', ')} into the shipped image; compile in a build stage and copy only the artifacts`,
  check: context => {
    if (!context.shipsImage) return [];
    const problems: Problem<Data>[] = [];
    // Oldest ancestor first, so findings come out in file order.
    for (const stage of [...context.shippedStages].reverse()) {
      // Machine-learning runtimes compile kernels when they run (Triton, torch inductor, oneAPI): their compilers are needed.
      const jitRuntime = mlRuntimeBase.test(context.shippedStages[context.shippedStages.length - 1].resolvedBase);
      const installs = jitRuntime ? [] : stage.instructions
        .filter(i => i.keyword === 'RUN')
        .map(instruction => ({ instruction, tools: compilersInstalledBy(context, instruction) }))
        .filter(install => install.tools.length > 0);
      const tools = [...new Set(installs.flatMap(install => install.tools))];
      if ((stage.baseKind === 'image' || stage.baseKind === 'variable') && isToolchainImage(stage.resolvedBase)) {
        problems.push({
          line: stage.line,
          endLine: stage.instructions[0].endLine,
          stage: stage.index,
          data: { via: 'base', image: stage.resolvedBase, tools },
        });
      } else if (installs.length > 0) {
        const [first] = installs;
        problems.push({
          line: first.instruction.line,
          endLine: first.instruction.endLine,
          stage: stage.index,
          data: { via: 'install', tools },
        });
      }
    }
    return problems;
  },
});
