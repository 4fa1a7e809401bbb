/*
 * Every instruction adds a layer, and a layer can only hide files of the
 * layers below it, never reclaim their bytes: `RUN rm -rf /var/lib/apt/lists/*`
 * in its own RUN leaves the lists in the image and adds a whiteout on top.
 * Only the shipped image counts: the shipped stage and the stages it is built
 * FROM, oldest first.
 */
import type { Instruction } from '../../parser/types';
import { copySources } from '../shared/copySources';
import {
  cacheLocations, mountedAwayTargets, normalizePath, packageCommandsIn, pathsOverlap, removedPaths,
  type PackageManager,
} from '../shared/packageManagers';
import type { RuleContext } from '../ruleContext';
import { defineRule, type Problem } from '../types';

interface Data {
  command: string;
  createdLine: number;
}

/** What an instruction leaves in its layer, as far as a later clean-up could refer to it. */
interface Created {
  line: number;
  paths: string[];
  managers: Set<PackageManager>;
  packages: Set<string>;
}

const join = (dir: string, path: string) => normalizePath(path.startsWith('/') ? path : `${dir.replace(/\/$/, '')}/${path}`);

function created(context: RuleContext, instruction: Instruction, workdir: string): Created {
  const result: Created = { line: instruction.line, paths: [], managers: new Set(), packages: new Set() };
  if (instruction.keyword === 'COPY' || instruction.keyword === 'ADD') {
    const dest = instruction.args[instruction.args.length - 1] ?? '';
    result.paths.push(join(workdir, dest));
    for (const source of copySources(instruction)) {
      result.paths.push(join(workdir, `${dest.replace(/\/$/, '')}/${source.replace(/\/$/, '').split('/').pop()}`));
    }
  }
  if (instruction.keyword !== 'RUN') return result;
  const commands = context.commandsOf(instruction);
  const away = mountedAwayTargets(instruction);
  for (const pc of packageCommandsIn(commands)) {
    if (!['install', 'update', 'upgrade', 'build'].includes(pc.action)) continue;
    if (!pc.cacheDirs.some(d => away.some(t => pathsOverlap(d, t)))) result.managers.add(pc.manager);
    pc.operands.forEach(p => result.packages.add(p.replace(/[=:].*$/, '')));
    const virtual = pc.flags.indexOf('--virtual');
    if (virtual >= 0 && pc.flags[virtual + 1]) result.packages.add(pc.flags[virtual + 1]);
  }
  for (const command of commands) {
    if (removedPaths(command).length > 0) continue;
    result.paths.push(...command.words.filter(w => w.startsWith('/') && w.length > 1).map(normalizePath));
  }
  return result;
}

/** The first clean-up command of a RUN that removes what an earlier instruction created, with that instruction's line. */
function cleanupOf(context: RuleContext, instruction: Instruction, history: Created[], own: Created, workdir: string): Data | null {
  for (const command of context.commandsOf(instruction)) {
    const paths = removedPaths(command).map(p => join(workdir, p)).filter(p => p !== '/');
    const pc = packageCommandsIn([command])[0];
    const owns = (c: Created, path: string) =>
      c.paths.some(p => pathsOverlap(p, path)) ||
      [...c.managers].some(m => cacheLocations[m].some(l => pathsOverlap(l, path)));
    for (const c of history) {
      const hit =
        paths.some(p => owns(c, p) && !owns(own, p)) ||
        (pc?.action === 'remove' && pc.operands.some(p => c.packages.has(p) && !own.packages.has(p))) ||
        (pc?.action === 'cacheClean' && c.managers.has(pc.manager) && !own.managers.has(pc.manager));
      if (hit) return { command: command.words.join(' '), createdLine: c.line };
    }
  }
  return null;
}

export const cleanupInSeparateLayer = defineRule<Data>({
  id: 'cleanup-in-separate-layer',
  severity: 'warning',
  category: 'size',
  description: 'Files are removed in a later instruction than the one that created them, so the image does not shrink.',
  message: ({ command, createdLine }) =>
    `\`${command}\` removes what line ${createdLine} added in an earlier layer, so the image does not shrink; clean up in the same RUN that creates the files`,
  check: context => {
    const problems: Problem<Data>[] = [];
    const history: Created[] = [];
    let workdir = '/';
    for (const stage of [...context.shippedStages].reverse()) {
      for (const instruction of stage.instructions.slice(1)) {
        if (instruction.keyword === 'WORKDIR' && instruction.args[0]) workdir = join(workdir, instruction.args[0]);
        const own = created(context, instruction, workdir);
        if (instruction.keyword === 'RUN') {
          const data = cleanupOf(context, instruction, history, own, workdir);
          if (data) problems.push({ line: instruction.line, endLine: instruction.endLine, stage: stage.index, data });
        }
        history.push(own);
      }
    }
    return problems;
  },
});
