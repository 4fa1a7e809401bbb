import type { Instruction } from '../parser/types';

/**
 * The script of an exec-form shell call, `["sh", "-c", "script"]` (bash, dash
 * and ash too): what a shell will read. Undefined for any other exec form.
 */
export function execFormScript(args: string[]): string | undefined {
  return args.length >= 3 && /(^|\/)(ba|da|a)?sh$/.test(args[0]) && args[1] === '-c' ? args[2] : undefined;
}

/**
 * The shell text a RUN instruction executes: the shell form as written, the
 * exec form's words joined, and the bodies of its heredocs (`RUN <<EOF`).
 */
export function runScript(instruction: Instruction): string {
  const target = instruction.keyword === 'ONBUILD' ? instruction.trigger : instruction;
  if (!target || target.keyword !== 'RUN') return '';
  const command = target.json ? execFormScript(target.args) ?? target.args.join(' ') : target.args.join(' ');
  const bodies = instruction.heredocs.map(h => h.content);
  return [command, ...bodies].join('\n');
}
