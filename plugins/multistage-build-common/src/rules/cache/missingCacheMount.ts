/*
 * A layer cache hit skips a RUN entirely, but any change above it re-runs the
 * install from nothing: every package is downloaded again. A cache mount
 * (`RUN --mount=type=cache,target=<dir>`) keeps the tool's download cache
 * across builds without putting it in the image. apt needs `sharing=locked`
 * (it locks its directories), and Debian/Ubuntu images ship
 * /etc/apt/apt.conf.d/docker-clean, which deletes downloaded .debs after each
 * install: the /var/lib/apt (lists) mount helps regardless, the /var/cache/apt
 * one only once that file is removed. Commands told not to cache
 * (`pip --no-cache-dir`, `apk --no-cache`) are left alone: the author chose.
 */
import type { Instruction } from '../../parser/types';
import { lineageInstructions } from '../shared/stageLineage';
import {
  cacheLocations, cacheMountTargets, packageCommandsIn, pathsOverlap, removedPaths, type PackageManager,
} from '../shared/packageManagers';
import type { RuleContext } from '../ruleContext';
import { defineRule, type Problem } from '../types';

interface Data {
  commands: string[];
  dirs: string[];
}

/** The tools the rule covers, and which of their actions download or compile. */
const cachedActions: Partial<Record<PackageManager, string[]>> = {
  npm: ['install'], yarn: ['install'], pnpm: ['install'], pip: ['install'], uv: ['install'], poetry: ['install'],
  apt: ['install', 'update', 'upgrade'], apk: ['install', 'upgrade'],
  go: ['install', 'build'], cargo: ['install', 'build'], maven: ['install', 'build'], gradle: ['install', 'build'],
  dotnet: ['install', 'build'],
};

const windowsBase = /windows|servercore|nanoserver/i;

function missingMounts(context: RuleContext, instruction: Instruction): Data | null {
  const mounted = cacheMountTargets(instruction);
  const commands: string[] = [];
  const dirs: string[] = [];
  const seen = new Set<PackageManager>();
  for (const pc of packageCommandsIn(context.commandsOf(instruction))) {
    if (!cachedActions[pc.manager]?.includes(pc.action) || pc.bypassesCache) continue;
    if (cacheLocations[pc.manager].some(l => mounted.some(t => pathsOverlap(l, t)))) continue;
    if (!seen.has(pc.manager)) commands.push(pc.command.words.join(' '));
    seen.add(pc.manager);
    pc.cacheDirs.forEach(d => dirs.includes(d) || dirs.push(d));
  }
  return commands.length > 0 ? { commands, dirs } : null;
}

/** Cache paths live under /root; under another USER they would be wrong (and root-owned). */
function runsAsRoot(context: RuleContext, instruction: Instruction): boolean {
  const stage = context.stageOf(instruction);
  if (!stage) return true;
  let user = 'root';
  for (const i of lineageInstructions(context.graph, stage)) {
    if (i === instruction) break;
    if (i.keyword === 'USER' && i.args[0]) user = i.args[0];
  }
  return /^(root|0)(:.*)?$/.test(user);
}

export const missingCacheMount = defineRule<Data>({
  id: 'missing-cache-mount',
  severity: 'info',
  category: 'cache',
  description: 'A package-manager install, download or compile runs without a cache mount.',
  message: ({ commands, dirs }) =>
    `${commands.map(c => `\`${c}\``).join(', ')} ${commands.length > 1 ? 'run' : 'runs'} without a cache mount, so every rebuild downloads everything again; mount a cache at ${dirs.join(', ')}`,
  check: context => {
    const problems: Problem<Data>[] = [];
    for (const stage of context.graph.stages) {
      if (windowsBase.test(stage.resolvedBase)) continue;
      for (const instruction of stage.instructions) {
        if (instruction.keyword !== 'RUN') continue;
        const data = missingMounts(context, instruction);
        if (data) problems.push({ line: instruction.line, endLine: instruction.endLine, stage: stage.index, data });
      }
    }
    return problems;
  },
  fix: (context, problem) => {
    const instruction = context.instructionAt(problem.line);
    if (!instruction || !runsAsRoot(context, instruction)) return null;
    // Mounting a directory the same RUN empties would only trade one finding for cache-mount-defeated.
    const commands = context.commandsOf(instruction);
    const cleaned = [
      ...commands.flatMap(removedPaths),
      ...packageCommandsIn(commands).filter(pc => pc.action === 'cacheClean').flatMap(pc => pc.cacheDirs),
    ];
    const dirs = problem.data.dirs.filter(d => !cleaned.some(c => pathsOverlap(c, d)));
    const first = context.lines[instruction.line - 1];
    const keyword = /^(\s*RUN)(\s+)/i.exec(first);
    if (dirs.length === 0 || !keyword) return null;
    const mounts = dirs
      .map(d => `--mount=type=cache,target=${d}${cacheLocations.apt.includes(d) ? ',sharing=locked' : ''}`)
      .join(' ');
    return {
      title: `Add a cache mount at ${dirs.join(', ')}`,
      edits: [{ line: instruction.line, endLine: instruction.line, text: `${keyword[1]} ${mounts}${first.slice(keyword[1].length)}` }],
    };
  },
});
