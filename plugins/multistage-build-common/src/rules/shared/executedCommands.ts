/*
 * context.commandsOf() reads everything a RUN holds as shell: the exec form's
 * words joined, and every heredoc body. Rules that judge what the shell does
 * (redirections, files written) must not read a file's content as commands:
 * `RUN cat <<EOF > requirements.txt` holds `flask>=3` as data, and
 * `RUN ["pip", "install", "x>=2"]` runs no shell at all. This keeps only what
 * a shell runs: the shell form, an exec form that calls `sh -c`, and heredoc
 * bodies that are the script (`RUN <<EOF`, `RUN bash -e <<EOF`).
 */
import type { Instruction } from '../../parser/types';
import { execFormScript } from '../../shell/runScript';
import { shellCommands, type ShellCommand } from '../../shell/shellCommands';
import type { RuleContext } from '../ruleContext';

/** A command that is only a heredoc, or a shell reading its script from one: the body is the script. */
const heredocScript = /^\s*((\S*\/)?(ba|da|a|z)?sh(\s+-\w+)*\s+)?<<-?\s*(['"]?)\w+\5\s*$/;

const memo = new WeakMap<Instruction, ShellCommand[]>();

/** The simple commands a RUN's shell executes, heredoc data and non-shell exec forms left out. */
export function executedCommands(context: Pick<RuleContext, 'commandsOf'>, instruction: Instruction): ShellCommand[] {
  const run = instruction.keyword === 'ONBUILD' ? instruction.trigger : instruction;
  if (!run || run.keyword !== 'RUN') return [];
  const command = run.json ? execFormScript(run.args) : run.args.join(' ');
  if (command === undefined) return [];
  if (instruction.heredocs.length === 0) return context.commandsOf(instruction);
  let commands = memo.get(instruction);
  if (!commands) {
    const script = heredocScript.test(command) && instruction.heredocs.length === 1 ? instruction.heredocs[0].content : '';
    commands = shellCommands([command, script].join('\n'));
    memo.set(instruction, commands);
  }
  return commands;
}

const prefixCommands = new Set(['sudo', 'env', 'exec', 'time', 'nice', 'nohup', 'command', 'doas']);
/** Shell words that open a clause: `then cp a b` after `if ...;` runs `cp`. */
const reservedWords = new Set(['if', 'then', 'else', 'elif', 'do', 'while', 'until', '!']);

/**
 * A command's words from the program on: leading reserved words (`then`, `do`), `VAR=value` assignments and
 * `sudo`-like prefixes (with their flags) dropped.
 */
export function programWords(words: string[]): string[] {
  let i = 0;
  while (i < words.length) {
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i]) || prefixCommands.has(words[i]) || reservedWords.has(words[i])) i++;
    else if (i > 0 && words[i].startsWith('-') && (prefixCommands.has(words[i - 1]) || words[i - 1].startsWith('-'))) {
      // `sudo -u app cmd`: the user is the flag's value, not the program.
      i += /^-[ug]$/.test(words[i]) && words[0] === 'sudo' ? 2 : 1;
    } else break;
  }
  const rest = words.slice(i);
  if (rest.length > 0) rest[0] = rest[0].slice(rest[0].lastIndexOf('/') + 1);
  return rest;
}
