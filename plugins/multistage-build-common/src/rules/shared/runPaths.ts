/*
 * Which file a path in a RUN means: relative paths resolve against the
 * WORKDIR in force and any `cd` earlier in the same RUN. An image's own
 * WORKDIR cannot be seen from the Dockerfile (golang's is /go), so before
 * the first WORKDIR of a lineage rooted in an image, relative paths stay
 * unresolved (null), as they do after a WORKDIR or `cd` with a variable.
 * Rules that must not be wrong then fall back to comparing names.
 */
import type { Instruction } from '../../parser/types';
import type { ShellCommand } from '../../shell/shellCommands';
import type { Stage, StageGraph } from '../../stages/types';
import { normalizePath } from './cachePaths';
import { baseName } from './copySources';
import { programWords } from './executedCommands';
import { lineageInstructions, stageLineage } from './stageLineage';

/** Resolves a path word against a directory; null when a variable or an unknown directory leaves it open. */
export function resolvePath(dir: string | null, word: string): string | null {
  const path = normalizePath(word);
  if (path === '' || /[$`]/.test(path) || (!path.startsWith('/') && dir === null)) return null;
  const parts: string[] = [];
  for (const part of (path.startsWith('/') ? path : `${dir}/${path}`).split('/')) {
    if (part === '..') parts.pop();
    else if (part !== '' && part !== '.') parts.push(part);
  }
  return `/${parts.join('/')}`;
}

/** The WORKDIR in force just before `instruction` of `stage` (or at the stage's end); null when unknown. */
export function workdirBefore(graph: StageGraph, stage: Stage, instruction?: Instruction): string | null {
  let workdir: string | null = stageLineage(graph, stage)[0]?.baseKind === 'scratch' ? '/' : null;
  for (const earlier of lineageInstructions(graph, stage)) {
    if (earlier === instruction) break;
    if (earlier.keyword === 'WORKDIR' && earlier.args[0]) {
      const next = earlier.args[0];
      workdir = next.startsWith('/') || workdir !== null ? resolvePath(workdir, next) : null;
    }
  }
  return workdir;
}

export interface CommandInDirectory {
  command: ShellCommand;
  /** The words from the program on (programWords). */
  words: string[];
  /** The directory the command runs in; null when unknown. */
  dir: string | null;
}

/** A RUN's commands with the directory each runs in, following `cd`. */
export function commandsInDirectories(commands: ShellCommand[], workdir: string | null): CommandInDirectory[] {
  let dir = workdir;
  return commands.map(command => {
    const words = programWords(command.words);
    const at = dir;
    if (words[0] === 'cd') dir = words[1] === undefined ? '/root' : resolvePath(dir, words[1]);
    return { command, words, dir: at };
  });
}

const removers = new Set(['rm', 'unlink', 'shred', 'srm']);

/** A shell glob as a pattern matching the path and anything under it. */
function globPattern(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]');
  return new RegExp(`^${body}(/|$)`);
}

/**
 * Whether a command after `index` may remove `word` (written in `commands[index].dir`).
 * Errs towards yes: an `rm` of a variable, in an unknown directory or of a path with
 * the same name counts, and so does a `trap` anywhere that names the file.
 */
export function mayBeRemovedAfter(commands: CommandInDirectory[], index: number, word: string): boolean {
  const path = resolvePath(commands[index]?.dir ?? null, word);
  const name = baseName(normalizePath(word));
  return commands.some(({ words, dir }, at) => {
    if (words[0] === 'trap') return words.some(w => w.includes(name));
    if (at <= index || !removers.has(words[0])) return false;
    return words.slice(1).filter(w => !w.startsWith('-')).some(operand => {
      if (/[$`]/.test(operand)) return true;
      const removed = resolvePath(dir, operand);
      if (removed === null || path === null) return globPattern(baseName(normalizePath(operand))).test(name) || removed === null;
      return globPattern(removed).test(path);
    });
  });
}
