/*
 * The shell reader splits `if [ -f x ]; then npm ci; fi` into `if [ -f x ]`,
 * `then npm ci` and `fi`: a reserved word can lead a simple command's words.
 * Rules that recognise a command by its first word drop those words first.
 */
import type { ShellCommand } from '../../shell/shellCommands';

const leadingKeywords = new Set(['then', 'else', 'do', '!', '{']);

/** The command without leading `then`/`else`/`do`/`!`; the same object when there are none. */
export function withoutLeadingKeywords(command: ShellCommand): ShellCommand {
  let i = 0;
  while (i < command.words.length - 1 && leadingKeywords.has(command.words[i])) i++;
  return i === 0 ? command : { ...command, words: command.words.slice(i) };
}
