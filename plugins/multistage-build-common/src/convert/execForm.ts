/*
 * CMD and ENTRYPOINT in exec (JSON) form. A shell-form command that is one
 * plain command (no variables, globs, redirections or operators) becomes its
 * words, so the process runs as PID 1 and gets signals. Anything that needs a
 * shell keeps one, spelled out as `/bin/sh -c`, which is what the shell form
 * ran anyway.
 */
import type { Instruction } from '../parser/types';
import { shellCommands } from '../shell/shellCommands';

export interface ExecForm {
  words: string[];
  /** True when the command runs through `/bin/sh -c`: the runtime image needs a shell. */
  viaShell: boolean;
}

const shellSyntax = /[$`*?[\]<>|;&(){}~#\n]/;

/** The exec form of a CMD or ENTRYPOINT. */
export function execFormOf(instruction: Instruction): ExecForm {
  if (instruction.json) return { words: instruction.args, viaShell: false };
  const script = instruction.args.join(' ').trim();
  const commands = shellCommands(script);
  // Quoted text is literal unless double quotes hold `$`, a backquote or an escape.
  const unquoted = script.replace(/'[^']*'|"[^"$`\\]*"/g, '');
  const plain =
    commands.length === 1 && !shellSyntax.test(unquoted) && !/^[A-Za-z_]\w*=/.test(commands[0].words[0]);
  if (plain) {
    const words = commands[0].words;
    return { words: words[0] === 'exec' ? words.slice(1) : words, viaShell: false };
  }
  return { words: ['/bin/sh', '-c', script], viaShell: true };
}

/** True when the input's CMD or ENTRYPOINT can only run through a shell. */
export function commandNeedsShell(instructions: (Instruction | null)[]): boolean {
  return instructions.some(i => i !== null && execFormOf(i).viaShell);
}

/**
 * The program a CMD or ENTRYPOINT runs, skipping `/bin/sh -c` wrappers and a
 * leading `exec`: `./server` for `["./server", "--port", "80"]`.
 */
export function programOf(form: ExecForm): string | undefined {
  if (!form.viaShell) return form.words[0];
  const inner = shellCommands(form.words[2] ?? '');
  const words = inner[0]?.words ?? [];
  return words[0] === 'exec' ? words[1] : words[0];
}
