import type { Instruction } from '../parser/types';

/**
 * The shell text a RUN instruction executes: the shell form as written, the
 * exec form's words joined, and the bodies of its heredocs (`RUN <<EOF`).
 */
export function runScript(instruction: Instruction): string {
  const target = instruction.keyword === 'ONBUILD' ? instruction.trigger : instruction;
  if (!target || target.keyword !== 'RUN') return '';
  const command = target.json ? target.args.join(' ') : target.args.join(' ');
  const bodies = instruction.heredocs.map(h => h.content);
  return [command, ...bodies].join('\n');
}
