/*
 * A layer cache hit skips a RUN entirely, but any change above it re-runs the
 * install from nothing: every package is downloaded again. A cache mount
 * (`RUN --mount=type=cache,target=<dir>`) keeps the tool's download cache
 * across builds without putting it in the image.
 *
 * A cache mount also hides whatever the layers below put in that directory,
 * and what the RUN writes there never reaches the layer. So the rule stays away
 * from directories whose layer content a step relies on: a download-only step
 * (`go mod download`, `pnpm fetch`, `dotnet restore`, `apt-get update` alone)
 * exists to leave dependencies in a layer for a later step and is not
 * reported; a directory such a step filled earlier, or a later offline step
 * (`mvn -o`, `--no-restore`) reads, is not proposed; offline commands
 * download nothing. Commands told not to cache (`pip --no-cache-dir`) leave
 * their tool alone for the whole RUN: the author chose.
 *
 * The fix mounts exactly the directories the message names, or is not
 * offered: not under a non-root USER (the cache lives elsewhere), not when an
 * earlier instruction wrote files inside a directory (the mount would hide
 * them), not when the RUN empties one (cache-mount-defeated), and never for
 * apt. apt needs `sharing=locked`, and Debian/Ubuntu images ship
 * /etc/apt/apt.conf.d/docker-clean, which deletes the downloaded .debs after
 * each install; removing it changes the image for every later layer and every
 * image built on it, a decision the message leaves to the author.
 *
 * System package managers (apt, apk) are not judged at all any more: judged
 * on the real-world corpus, their findings were mostly of little value (a
 * few small packages, already-installed ones, an index the image's own
 * docker-clean keeps empty), and a cache mount there changes the image's apt
 * configuration. The language package managers and compilers, where a warm
 * cache saves minutes, are.
 */
import type { Instruction } from '../../parser/types';
import type { Stage } from '../../stages/types';
import { copySources } from '../shared/copySources';
import { descendantStages, lineageInstructions } from '../shared/stageLineage';
import {
  cacheLocations, cacheMountTargets, mountedAwayTargets, normalizePath, packageCommandsIn, pathsOverlap, removedPaths,
  type PackageCommand, type PackageManager,
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
  go: ['install', 'build'], cargo: ['install', 'build'], maven: ['install', 'build'], gradle: ['install', 'build'],
  dotnet: ['install', 'build'],
};

const windowsBase = /windows|servercore|nanoserver/i;
const aptDirs = new Set(cacheLocations.apt);
/** Commands that put files at the paths they are given. */
const fileWriters = /^(cp|mv|ln|install|tar|unzip|curl|wget|git|tee|touch)$/;

const inside = (path: string, dir: string) => path === dir || path.startsWith(`${dir}/`);

function packageCommandsOf(context: RuleContext, instruction: Instruction): PackageCommand[] {
  return instruction.keyword === 'RUN' ? packageCommandsIn(context.commandsOf(instruction)) : [];
}

/** The directories a RUN deletes or cleans, normalised. */
function emptiedBy(context: RuleContext, instruction: Instruction): string[] {
  const commands = context.commandsOf(instruction);
  return [
    ...commands.flatMap(removedPaths),
    ...packageCommandsIn(commands).filter(pc => pc.action === 'cacheClean').flatMap(pc => pc.cacheDirs),
  ];
}

/** A RUN leaves in its layer what `pc` downloaded into `dir` (no mount there, no clean-up after). */
function leavesInLayer(context: RuleContext, run: Instruction, pc: PackageCommand, dir: string): boolean {
  return pc.cacheDirs.some(d => pathsOverlap(d, dir))
    && !mountedAwayTargets(run).some(t => pathsOverlap(t, dir))
    && !emptiedBy(context, run).some(p => pathsOverlap(p, dir));
}

/** Whether a `COPY --from` of this stage (or a stage built FROM it) takes files out of `dir`: the layer is the point. */
function copiedOut(context: RuleContext, stage: Stage, dir: string): boolean {
  const names = [stage, ...descendantStages(context.graph, stage)].flatMap(s => [String(s.index), ...(s.name ? [s.name] : [])]);
  return context.parsed.instructions.some(i => {
    const from = i.keyword === 'COPY' ? i.flags.find(f => /^--from=/i.test(f))?.slice('--from='.length).toLowerCase() : undefined;
    return from !== undefined && names.includes(from) && copySources(i).some(source => pathsOverlap(source, dir));
  });
}

/**
 * Directories whose layer content some step relies on: filled by an earlier
 * download-only step, or read by a later offline step of the stage or a stage
 * built FROM it, or copied out of the stage by a later `COPY --from` (an
 * image that carries a warm cache on purpose). Mounting a cache there would
 * hide or never fill it.
 */
function heldInLayer(context: RuleContext, stage: Stage, instruction: Instruction, dir: string): boolean {
  for (const earlier of lineageInstructions(context.graph, stage)) {
    if (earlier === instruction) break;
    if (packageCommandsOf(context, earlier).some(pc => pc.fetchOnly && leavesInLayer(context, earlier, pc, dir))) return true;
  }
  const position = stage.instructions.indexOf(instruction);
  const later = [...stage.instructions.slice(position + 1), ...descendantStages(context.graph, stage).flatMap(s => s.instructions)];
  if (copiedOut(context, stage, dir)) return true;
  return later.some(run =>
    packageCommandsOf(context, run).some(pc =>
      pc.offline && cacheLocations[pc.manager].some(l => pathsOverlap(l, dir))
      && !cacheMountTargets(run).some(t => pathsOverlap(t, dir))));
}

/**
 * Whether COPY/ADD puts files inside `dir`. A source named like `settings.xml` lands as one file; any other
 * source may be a tree whose contents land below the destination. A tree copied to / (`COPY . .` without a
 * WORKDIR, a whole stage) is not counted: its contents are not visible, and it rarely holds a tool's cache.
 */
function copyWritesInside(instruction: Instruction, workdir: string, dir: string): boolean {
  const written = instruction.args[instruction.args.length - 1] ?? '';
  const absolute = /^(\/|~|\$HOME|\$\{HOME\})/.test(written) ? written : `${workdir}/${written}`;
  const dest = normalizePath(absolute) || '/';
  if (inside(dest, dir)) return true;
  if (dest === '/' || !inside(dir, dest)) return false;
  const sources = copySources(instruction);
  const files = sources.filter(s => /^[^.*?[][^/*?[]*\.[A-Za-z0-9]+$/.test(s.slice(s.lastIndexOf('/') + 1)));
  if (files.length < sources.length) return true;
  const intoDir = written.endsWith('/') || sources.length > 1 || instruction.heredocs.length > 0;
  return intoDir && files.some(f => inside(`${dest}/${f.slice(f.lastIndexOf('/') + 1)}`, dir));
}

/** True when an earlier instruction of the stage lineage wrote files inside `dir` (COPY, ADD, cp, curl -o, `>`...). */
function writtenEarlier(context: RuleContext, stage: Stage, instruction: Instruction, dir: string): boolean {
  let workdir = '';
  for (const earlier of lineageInstructions(context.graph, stage)) {
    if (earlier === instruction) return false;
    if (earlier.keyword === 'FROM') workdir = '';
    if (earlier.keyword === 'WORKDIR' && earlier.args[0]) {
      const next = earlier.args[0];
      workdir = normalizePath(next.startsWith('/') ? next : `${workdir}/${next}`);
    }
    if ((earlier.keyword === 'COPY' || earlier.keyword === 'ADD') && copyWritesInside(earlier, workdir, dir)) return true;
    if (earlier.keyword !== 'RUN') continue;
    const writes = context.commandsOf(earlier).some(c => {
      // `> file` and `>file` both name the file the shell writes.
      const redirected = c.words.flatMap((w, i) => {
        if (/^>>?$/.test(w)) return [c.words[i + 1] ?? ''];
        return /^>>?./.test(w) ? [w.replace(/^>>?/, '')] : [];
      });
      const targets = fileWriters.test(c.words[0] ?? '') ? [...c.words.slice(1), ...redirected] : redirected;
      return targets.some(t => /^(\/|~|\$HOME|\$\{HOME\})/.test(t) && inside(normalizePath(t), dir));
    });
    if (writes) return true;
  }
  return false;
}

function missingMounts(context: RuleContext, stage: Stage, instruction: Instruction): Data | null {
  const pcs = packageCommandsIn(context.commandsOf(instruction)).filter(pc => cachedActions[pc.manager]?.includes(pc.action));
  if (pcs.length === 0) return null;
  const mounted = cacheMountTargets(instruction);
  const commands: string[] = [];
  const dirs: string[] = [];
  for (const manager of new Set(pcs.map(pc => pc.manager))) {
    const own = pcs.filter(pc => pc.manager === manager);
    if (own.some(pc => pc.bypassesCache)) continue;
    if (cacheLocations[manager].some(l => mounted.some(t => pathsOverlap(l, t)))) continue;
    if (own.every(pc => pc.fetchOnly)) continue;
    const candidates = [...new Set(own.flatMap(pc => pc.cacheDirs))].filter(d => !heldInLayer(context, stage, instruction, d));
    const first = own.find(pc => pc.cacheDirs.some(d => candidates.includes(d)));
    if (!first) continue;
    commands.push(first.command.words.join(' '));
    candidates.forEach(d => dirs.includes(d) || dirs.push(d));
  }
  return commands.length > 0 ? { commands, dirs } : null;
}

/** Cache paths live under /root; under another USER they would be wrong (and root-owned). */
function runsAsRoot(context: RuleContext, stage: Stage, instruction: Instruction): boolean {
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
  enabledByDefault: false,
  category: 'cache',
  description: 'A package-manager install, download or compile runs without a cache mount.',
  message: ({ commands, dirs }) => {
    const apt = dirs.some(d => aptDirs.has(d))
      ? ` (apt: use sharing=locked${dirs.includes('/var/cache/apt') ? '; on Debian and Ubuntu /var/cache/apt stays empty until /etc/apt/apt.conf.d/docker-clean is removed' : ''})`
      : '';
    return `${commands.map(c => `\`${c}\``).join(', ')} ${commands.length > 1 ? 'run' : 'runs'} without a cache mount, so every rebuild downloads everything again; mount a cache at ${dirs.join(', ')}${apt}`;
  },
  check: context => {
    const problems: Problem<Data>[] = [];
    for (const stage of context.graph.stages) {
      if (windowsBase.test(stage.resolvedBase)) continue;
      for (const instruction of stage.instructions) {
        if (instruction.keyword !== 'RUN') continue;
        const data = missingMounts(context, stage, instruction);
        if (data) problems.push({ line: instruction.line, endLine: instruction.endLine, stage: stage.index, data });
      }
    }
    return problems;
  },
  fix: (context, problem) => {
    const instruction = context.instructionAt(problem.line);
    const stage = instruction && context.stageOf(instruction);
    const { dirs } = problem.data;
    if (!instruction || !stage || dirs.some(d => aptDirs.has(d))) return null;
    if (!runsAsRoot(context, stage, instruction)) return null;
    const emptied = emptiedBy(context, instruction);
    if (dirs.some(d => emptied.some(e => pathsOverlap(e, d)) || writtenEarlier(context, stage, instruction, d))) return null;
    const first = context.lines[instruction.line - 1];
    const keyword = /^(\s*RUN)(\s+)/i.exec(first);
    if (!keyword) return null;
    const mounts = dirs.map(d => `--mount=type=cache,target=${d}`).join(' ');
    return {
      title: `Add a cache mount at ${dirs.join(', ')}`,
      edits: [{ line: instruction.line, endLine: instruction.line, text: `${keyword[1]} ${mounts}${first.slice(keyword[1].length)}` }],
    };
  },
});
