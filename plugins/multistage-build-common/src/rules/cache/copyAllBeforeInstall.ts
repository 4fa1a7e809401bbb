/*
 * BuildKit reuses a COPY's cache only while every copied file is unchanged,
 * and every later step in the stage is rebuilt once one step misses. Copying
 * the whole context before installing dependencies ties the (slow) install
 * to every source edit. No fix is offered: which manifests an install needs
 * (workspaces, lock files, .npmrc, lifecycle scripts that read sources) is
 * not visible from the Dockerfile.
 */
import type { Instruction } from '../../parser/types';
import { flagValue } from '../../stages/stageGraph';
import { copySources } from '../shared/copySources';
import { packageCommandsIn } from '../shared/packageManagers';
import type { RuleContext } from '../ruleContext';
import { defineRule, type Problem } from '../types';

interface Data {
  copy: string;
  install: string;
  installLine: number;
}

const wholeContext = /^(\.\/?|\.\/\*|\*)$/;

function copiesWholeContext(instruction: Instruction): boolean {
  if (instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD') return false;
  if (flagValue(instruction, 'from') !== undefined) return false;
  return copySources(instruction).some(source => wholeContext.test(source));
}

/** The first dependency install of a RUN; installs of the project itself (`pip install .`) need the sources. */
function dependencyInstall(context: RuleContext, instruction: Instruction): string | null {
  if (instruction.keyword !== 'RUN') return null;
  const install = packageCommandsIn(context.commandsOf(instruction)).find(
    pc => pc.action === 'install' && !pc.operands.some(o => o === '.' || o.startsWith('./') || o.startsWith('../')),
  );
  return install ? install.command.words.join(' ') : null;
}

export const copyAllBeforeInstall = defineRule<Data>({
  id: 'copy-all-before-install',
  severity: 'warning',
  category: 'cache',
  description: 'The whole build context is copied before a dependency install, so any source edit re-runs the install.',
  message: ({ copy, install, installLine }) =>
    `\`${copy}\` copies the whole build context before \`${install}\` (line ${installLine}), so any source change re-runs the install; copy only the dependency manifests first and install before copying the rest`,
  check: context => {
    const problems: Problem<Data>[] = [];
    for (const stage of context.graph.stages) {
      stage.instructions.forEach((instruction, i) => {
        if (!copiesWholeContext(instruction)) return;
        for (const later of stage.instructions.slice(i + 1)) {
          const install = dependencyInstall(context, later);
          if (install === null) continue;
          problems.push({
            line: instruction.line,
            endLine: instruction.endLine,
            stage: stage.index,
            data: { copy: instruction.original.trim(), install, installLine: later.line },
          });
          return;
        }
      });
    }
    return problems;
  },
});
