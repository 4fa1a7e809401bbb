/*
 * BuildKit reuses a COPY's cache only while every copied file is unchanged,
 * and every later step in the stage is rebuilt once one step misses. Copying
 * the whole context before installing dependencies ties the (slow) install
 * to every source edit. System and global installs (`apk add`, `npm -g`)
 * do not read the project's manifests, and an install after a manifest-only
 * install or fetch by the same tool in the stage or the stages it is built
 * FROM (`pnpm fetch`, `uv sync --no-install-project`) is the two-step pattern
 * done right. No fix is offered: which manifests an install needs
 * (workspaces, lock files, .npmrc, lifecycle scripts that read sources) is
 * not visible from the Dockerfile.
 */
import type { Instruction } from '../../parser/types';
import { flagValue } from '../../stages/stageGraph';
import { copySources } from '../shared/copySources';
import { lineageInstructions } from '../shared/stageLineage';
import { packageCommandsIn, type PackageCommand, type PackageManager } from '../shared/packageManagers';
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

/** Tools that install into the system, not into the project. */
const systemManagers = new Set<PackageManager>(['apt', 'apk', 'dnf']);

/** The package tools themselves: `pip install --upgrade pip wheel` sets up the tool, not the project. */
const packageTools = /^(pip|setuptools|wheel|npm|pnpm|yarn|corepack|poetry|uv|pipenv)([=<>@~!].*)?$/;

/**
 * An install into the system or the user's global tools (`apk add`, `npm -g`, `yarn global add`,
 * `uv tool install`), or of the package tools themselves.
 */
function isSystemOrGlobal(pc: PackageCommand): boolean {
  if (systemManagers.has(pc.manager)) return true;
  if (pc.flags.some(f => f === '-g' || f === '--global' || f === '--location=global')) return true;
  if (pc.operands.length > 0 && pc.operands.every(o => packageTools.test(o))) return true;
  return /^(global add|tool install)$/.test(pc.subcommand);
}

/**
 * An install of the project's own dependencies, not of the project itself or
 * a local package (`pip install .`, `pip install -e tests/utils`,
 * `uv pip install ./lib`): those need their sources.
 */
function installsDependencies(pc: PackageCommand): boolean {
  if (pc.action !== 'install' || isSystemOrGlobal(pc)) return false;
  if (pc.flags.some(f => f === '-e' || f.startsWith('--editable'))) return false;
  return !pc.operands.some(o => o === '.' || o.startsWith('./') || o.startsWith('../') || (o.includes('/') && !/^(https?:|git\+|@)/.test(o)));
}

/**
 * An install driven by the manifests (`npm ci`, `uv sync`, `pnpm fetch`, `go mod download`, `pip install -r`),
 * as opposed to `pip install --upgrade pip`: when one ran before the whole context was copied, the later
 * install only adds the project or finishes offline (the two-step pattern).
 */
function installsFromManifests(pc: PackageCommand): boolean {
  if (!installsDependencies(pc)) return false;
  if (pc.manager === 'maven' || pc.manager === 'gradle') return true;
  return pc.operands.length === 0 || pc.flags.some(f => f === '-r' || f === '--requirement' || f.startsWith('--requirement='));
}

function packageCommandsOf(context: RuleContext, instruction: Instruction): PackageCommand[] {
  return instruction.keyword === 'RUN' ? packageCommandsIn(context.commandsOf(instruction)) : [];
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
        const lineage = lineageInstructions(context.graph, stage);
        const installedBefore = new Set(
          lineage.slice(0, lineage.indexOf(instruction)).flatMap(e => packageCommandsOf(context, e))
            .filter(installsFromManifests).map(pc => pc.manager),
        );
        for (const later of stage.instructions.slice(i + 1)) {
          const install = packageCommandsOf(context, later).find(pc => installsDependencies(pc) && !installedBefore.has(pc.manager));
          if (!install) continue;
          problems.push({
            line: instruction.line,
            endLine: instruction.endLine,
            stage: stage.index,
            data: { copy: instruction.original.trim(), install: install.command.words.join(' '), installLine: later.line },
          });
          return;
        }
      });
    }
    return problems;
  },
});
