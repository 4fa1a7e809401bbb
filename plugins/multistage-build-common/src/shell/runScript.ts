import type { Instruction } from '../parser/types';

/**
 * The shell text a RUN instruction executes: the shell form as written, the
 * exec form's words joined, and the bodies of its heredocs (`RUN <<EOF`).
 */
export function runScript(instruction: Instruction): string {
  const target = instruction.keyword === 'ONBUILD' ? instruction.trigger : instruction;
  if (!target || target.keyword !== 'RUN') return '';
  // `RUN ["sh", "-c", "script"]` runs the script through a shell: read the script.
  const viaShell = target.json && target.args.length >= 3 && /(^|\/)(ba|da|a)?sh$/.test(target.args[0]) && target.args[1] === '-c';
  const command = viaShell ? target.args[2] : target.args.join(' ');
  const bodies = instruction.heredocs.map(h => h.content);
  return [command, ...bodies].join('\n');
}
