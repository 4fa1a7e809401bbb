/*
 * A cache mount is never part of the image, so cleaning it inside the RUN
 * saves no space; it only throws away what the next build would have reused.
 * The same goes for telling the tool not to use its cache (`--no-cache-dir`,
 * `apk --no-cache`) while mounting one. Removing a few files from a mounted
 * cache (`rm -f .git/*.lock`, stale locks) empties nothing; only removing the
 * mount's directory, all of its content (`dir/*`) or a directory above it
 * does. A cache in a user's home (`/home/${USER}/.npm`) is that tool's cache
 * as much as root's (`/root/.npm`). The fix drops the clean-up command or
 * the flag when it can do so on one line without touching anything else.
 */
import type { Instruction } from '../../parser/types';
import type { ShellCommand } from '../../shell/shellCommands';
import {
  cacheLocations, cacheMountTargets, packageCommand, pathsOverlap, removedPaths,
} from '../shared/packageManagers';
import type { RuleContext } from '../ruleContext';
import { defineRule, type Fix } from '../types';
import { escapeRegExp } from '../../text/escapeRegExp';

interface Data {
  command: string;
  target: string;
  effect: 'clean' | 'bypass';
}


/** The paths an `rm` empties whole: not `dir/*.lock`, which removes some files and keeps the rest. */
function emptiedPaths(command: ShellCommand): string[] {
  const partialGlob = /\/[^/]*[*?[][^/]*$/;
  const wholeContent = /\/(\*|\.\*|\.\[!.\]\*)$/;
  const removed = removedPaths(command);
  const words = command.words.slice(1).filter(w => !w.startsWith('-'));
  if (words.length !== removed.length) return removed;
  return removed.filter((_, i) => !partialGlob.test(words[i]) || wholeContent.test(words[i]));
}

/** `/home/${USER}/.npm` for `/root/.npm`: the same tool's cache in another user's home. */
function inAnyHome(location: string, target: string): boolean {
  const suffix = location.startsWith('/root/') ? location.slice('/root'.length) : null;
  return suffix !== null && /^\/home\/[^/]+/.test(target) && target.replace(/^\/home\/[^/]+/, '') === suffix;
}

function defeat(command: ShellCommand, targets: string[]): Omit<Data, 'command'> | null {
  const pc = packageCommand(command);
  let cleaned = emptiedPaths(command);
  if (pc?.action === 'cacheClean') {
    cleaned = pc.manager === 'apt' || pc.manager === 'go' ? pc.cacheDirs : cacheLocations[pc.manager];
    const home = targets.find(t => cleaned.some(c => inAnyHome(c, t)));
    if (home) return { target: home, effect: 'clean' };
  }
  const target = targets.find(t => cleaned.some(c => pathsOverlap(c, t)));
  if (target) return { target, effect: 'clean' };
  const bypassed = pc?.bypassesCache ? targets.find(t => cacheLocations[pc.manager].some(l => pathsOverlap(l, t))) : undefined;
  return bypassed ? { target: bypassed, effect: 'bypass' } : null;
}

function defeatingCommand(context: RuleContext, instruction: Instruction): { data: Data; command: ShellCommand } | null {
  const targets = cacheMountTargets(instruction);
  if (targets.length === 0) return null;
  for (const command of context.commandsOf(instruction)) {
    const found = defeat(command, targets);
    if (found) return { data: { command: command.words.join(' '), ...found }, command };
  }
  return null;
}

/** Removes `pattern` from the one line of the instruction that holds it, dropping the line if nothing is left. */
function removeOnOneLine(context: RuleContext, instruction: Instruction, pattern: RegExp, title: string): Fix | null {
  const range = context.lines.slice(instruction.line - 1, instruction.endLine);
  const hits = range.map((l, i) => ({ i, count: (l.match(new RegExp(pattern.source, 'g')) ?? []).length })).filter(h => h.count > 0);
  if (hits.length !== 1 || hits[0].count !== 1) return null;
  const line = instruction.line + hits[0].i;
  const text = context.lines[line - 1].replace(pattern, '');
  const escape = context.parsed.escapeChar;
  if (text.trim() !== '' && text.trim() !== escape) return { title, edits: [{ line, endLine: line, text }] };
  if (line === instruction.line) return null;
  if (line < instruction.endLine) return { title, edits: [{ line, endLine: line, text: '' }] };
  const previous = context.lines[line - 2].replace(new RegExp(`\\s*${escapeRegExp(escape)}\\s*$`), '');
  return { title, edits: [{ line: line - 1, endLine: line, text: previous }] };
}

export const cacheMountDefeated = defineRule<Data>({
  id: 'cache-mount-defeated',
  severity: 'warning',
  category: 'correctness',
  description: 'A RUN cleans or bypasses the package-manager cache directory it mounts as a cache.',
  message: ({ command, target, effect }) =>
    effect === 'clean'
      ? `\`${command}\` empties ${target}, which this RUN mounts as a cache, so the next build reuses nothing; drop the clean-up (a cache mount never reaches the image)`
      : `\`${command}\` tells the tool to skip its cache, so the cache mounted at ${target} is never used; drop the flag`,
  check: context =>
    context.parsed.instructions.flatMap(instruction => {
      if (instruction.keyword !== 'RUN') return [];
      const found = defeatingCommand(context, instruction);
      if (!found) return [];
      return [{
        line: instruction.line,
        endLine: instruction.endLine,
        stage: context.stageOf(instruction)?.index ?? null,
        data: found.data,
      }];
    }),
  fix: (context, problem) => {
    const instruction = context.instructionAt(problem.line);
    if (instruction?.keyword !== 'RUN') return null;
    const found = defeatingCommand(context, instruction);
    if (!found) return null;
    const { command } = found;
    if (problem.data.effect === 'bypass') {
      const flag = command.words.find(w => w === '--no-cache-dir' || w === '--no-cache');
      if (!flag) return null;
      return removeOnOneLine(context, instruction, new RegExp(`[ \\t]+${escapeRegExp(flag)}(?=\\s|$)`), `Drop ${flag}`);
    }
    const text = escapeRegExp(command.text);
    let pattern: RegExp;
    if (command.prev === '&&' || command.prev === ';') pattern = new RegExp(`\\s*${escapeRegExp(command.prev)}\\s*${text}(?=\\s|$)`);
    else if (command.prev === null && command.next === '&&') pattern = new RegExp(`${text}\\s*&&\\s*`);
    else return null;
    return removeOnOneLine(context, instruction, pattern, `Drop \`${problem.data.command}\``);
  },
});
