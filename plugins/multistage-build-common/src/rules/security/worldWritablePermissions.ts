/*
 * A file or directory that every user may write turns any foothold in the
 * container, under any user, into a way to rewrite the application's code,
 * configuration or logs; `chmod 777` is usually a shortcut around an
 * ownership problem that `chown` (or `COPY --chown`) solves properly. Only
 * the shipped image counts (the target and the stages it is built FROM,
 * when the target is an image that runs): a builder stage's modes never
 * reach it.
 *
 * Reported: `COPY/ADD --chmod=<mode>` and `RUN chmod [-R] <mode> <path>`
 * where the mode lets others write (octal with 2, 3, 6 or 7 last; `o+w`,
 * `a+w`, `ugo=rwx`, ...). `+w` without a `who` goes through the umask and
 * does not. Not reported: a sticky-bit mode (`1777`, `+t` in the same RUN)
 * on a tmp-like directory (/tmp, /var/tmp, /dev/shm, `*\/tmp`), paths in
 * /dev, /proc or /sys and under the RUN's own mounts (not in the image), a
 * path the same RUN later removes, and a path a later chmod in the shipped
 * image takes others' write permission away from again.
 */
import type { Instruction } from '../../parser/types';
import { flagValue, mountsOf } from '../../stages/stageGraph';
import type { Stage } from '../../stages/types';
import { executedCommands } from '../shared/executedCommands';
import { isTmpLike, readMode, type ModeEffect } from '../shared/fileModes';
import { copySources } from '../shared/copySources';
import { commandsInDirectories, mayBeRemovedAfter, resolvePath, workdirBefore } from '../shared/runPaths';
import type { RuleContext } from '../ruleContext';
import { defineRule, type Problem } from '../types';

interface Data {
  keyword: string;
  mode: string;
  path: string;
}

/** One mode change in the shipped image, in build order. */
interface ModeChange {
  instruction: Instruction;
  stage: Stage;
  mode: string;
  effect: ModeEffect;
  /** The path as written, and resolved when it can be. */
  path: string;
  resolved: string | null;
  recursive: boolean;
  /** Not reported, whatever the mode: removed in the same RUN, not in the image, or sticky on a tmp-like directory. */
  exempt: boolean;
}

const chmodOption = /^(-[cfvR]+|--[a-z-]+)$/;

function runChanges(context: RuleContext, stage: Stage, instruction: Instruction): ModeChange[] {
  const workdir = workdirBefore(context.graph, stage, instruction);
  const commands = commandsInDirectories(executedCommands(context, instruction), workdir);
  const mounts = mountsOf(instruction).flatMap(m => resolvePath(workdir, m.target ?? m.dst ?? m.destination ?? '') ?? []);
  const changes: (ModeChange & { index: number })[] = [];
  commands.forEach(({ words, dir }, index) => {
    if (words[0] !== 'chmod' || words.some(w => w.startsWith('--reference'))) return;
    const [mode, ...paths] = words.slice(1).filter(w => !chmodOption.test(w));
    const effect = mode === undefined ? null : readMode(mode);
    if (!effect) return;
    const recursive = words.some(w => /^-[cfv]*R/.test(w) || w === '--recursive');
    for (const path of paths) {
      const resolved = resolvePath(dir, path);
      const notInImage = resolved !== null && /^\/(dev|proc|sys)(\/|$)/.test(resolved) && resolved !== '/dev/shm';
      const mounted = resolved !== null && mounts.some(m => resolved === m || resolved.startsWith(`${m}/`));
      const exempt = notInImage || mounted || mayBeRemovedAfter(commands, index, path);
      changes.push({ instruction, stage, mode, effect, path, resolved, recursive, exempt, index });
    }
  });
  // `chmod 777 /tmp && chmod +t /tmp`: the sticky bit may come from a later chmod of the same path.
  return changes.map(change => {
    const sticky = change.effect.sticky || changes.some(c => c.index > change.index && c.path === change.path && c.effect.sticky);
    return { ...change, exempt: change.exempt || (sticky && isTmpLike(change.resolved ?? change.path)) };
  });
}

function copyChange(context: RuleContext, stage: Stage, instruction: Instruction): ModeChange[] {
  const mode = flagValue(instruction, 'chmod');
  const effect = mode === undefined ? null : readMode(mode);
  const path = instruction.args[instruction.args.length - 1];
  if (!mode || !effect || !path) return [];
  const exempt = effect.sticky && isTmpLike(path);
  const resolved = resolvePath(workdirBefore(context.graph, stage, instruction), path);
  return [{ instruction, stage, mode, effect, path, resolved, recursive: true, exempt }];
}

/**
 * A path that names a file: a name with an extension, or anything in a
 * `bin` directory. Directories made writable for every user are the usual,
 * deliberate way to let an image run under an arbitrary user id (OpenShift,
 * `docker run -u`); judged on real files those findings were nearly always
 * meant, so only files (scripts, binaries, configs) are reported.
 */
function looksLikeFile(path: string): boolean {
  const name = path.replace(/\/+$/, '').split('/').pop() ?? '';
  return /\.[A-Za-z0-9]{1,8}$/.test(name) || /(^|\/)s?bin\/[^/]+$/.test(path);
}

/** A later change that takes others' write permission away from the same path again. */
function undone(change: ModeChange, later: ModeChange[]): boolean {
  return later.some(next => {
    if (!next.effect.othersWriteRemoved) return false;
    if (next.path === change.path) return true;
    const [mine, theirs] = [change.resolved, next.resolved];
    return mine !== null && theirs !== null && next.recursive && (mine === theirs || mine.startsWith(`${theirs}/`));
  });
}

export const worldWritablePermissions = defineRule<Data>({
  id: 'world-writable-permissions',
  severity: 'info',
  enabledByDefault: false,
  category: 'security',
  description: 'The shipped image gives files or directories a mode that lets every user write them.',
  message: ({ keyword, mode, path }) =>
    `${keyword} makes ${path} writable by every user (mode ${mode}): any process in the container, under any user, ` +
    'can change what is there; give ownership to the user that needs to write (chown or COPY --chown) and keep others read-only',
  check: context => {
    if (!context.shipsImage) return [];
    const changes = [...context.shippedStages].reverse().flatMap(stage =>
      stage.instructions.flatMap(instruction => {
        if (instruction.keyword === 'RUN') return runChanges(context, stage, instruction);
        if (instruction.keyword === 'COPY' || instruction.keyword === 'ADD') return copyChange(context, stage, instruction);
        return [];
      }),
    );
    const problems: Problem<Data>[] = [];
    changes.forEach((change, at) => {
      if (!change.effect.othersWrite || change.exempt || undone(change, changes.slice(at + 1))) return;
      const sources = change.instruction.keyword === 'RUN' ? [] : copySources(change.instruction);
      if (!looksLikeFile(change.path) && !sources.some(looksLikeFile)) return;
      // One finding per instruction and mode, naming every path it opens up.
      const last = problems[problems.length - 1];
      if (last?.line === change.instruction.line && last.data.mode === change.mode) {
        last.data.path = `${last.data.path}, ${change.path}`;
        return;
      }
      problems.push({
        line: change.instruction.line,
        endLine: change.instruction.endLine,
        stage: change.stage.index,
        data: { keyword: change.instruction.keyword, mode: change.mode, path: change.path },
      });
    });
    return problems;
  },
});
