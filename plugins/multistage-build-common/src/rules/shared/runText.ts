/*
 * All the text a RUN holds: its logical line and its heredoc bodies. Rules
 * use it as a cheap first test (does this RUN mention chown at all?) before
 * reading its commands, which costs far more; a heredoc script must not slip
 * past that test.
 */
import type { Instruction } from '../../parser/types';

const texts = new WeakMap<Instruction, string>();

export function runText(instruction: Instruction): string {
  if (instruction.heredocs.length === 0) return instruction.original;
  let text = texts.get(instruction);
  if (text === undefined) {
    text = [instruction.original, ...instruction.heredocs.map(h => h.content)].join('\n');
    texts.set(instruction, text);
  }
  return text;
}
