/*
 * Fixes replace whole lines, so they need an instruction's text as written
 * (keyword casing, continuation lines) rather than the parsed arguments.
 */
import type { Instruction } from '../../parser/types';
import type { RuleContext } from '../ruleContext';

/** The lines `line`..`endLine` of an instruction (or a problem about one) as written, joined by `\n`. */
export function instructionSource(
  context: Pick<RuleContext, 'lines'>,
  range: Pick<Instruction, 'line' | 'endLine'>,
): string {
  return context.lines.slice(range.line - 1, range.endLine).join('\n');
}

/** The keyword as the author wrote it, e.g. `from` or `From`. */
export function writtenKeyword(instruction: Instruction): string {
  return instruction.original.trim().split(/\s/, 1)[0] ?? instruction.keyword;
}

/** `word` in the casing of `model`: lower-case when `model` is all lower-case, upper-case otherwise. */
export function inCaseOf(model: string, word: string): string {
  return model === model.toLowerCase() ? word.toLowerCase() : word.toUpperCase();
}
