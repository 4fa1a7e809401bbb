/*
 * BuildKit matches stage names case-insensitively and stores them
 * lower-cased, so `AS Build` works but reads as if case mattered, and tools
 * that compare names exactly (scripts passing `--target`) disagree with the
 * build. The graph holds lower-cased names; the name as written comes from
 * the FROM line. The fix lower-cases the name where it is defined and in
 * every `FROM`, `--from=` and mount `from=` that refers to it; since
 * references are case-insensitive, none of them can break.
 */
import type { Instruction } from '../../parser/types';
import { mountsOf, flagValue } from '../../stages/stageGraph';
import type { TextEdit } from '../types';
import { defineRule } from '../types';
import { instructionSource } from '../shared/instructionSource';
import { escapeRegExp } from '../../text/escapeRegExp';


/** Whether an instruction names the stage: as its own name, its base, a `--from` or a mount `from`. */
function refersTo(instruction: Instruction, name: string): boolean {
  const lower = name.toLowerCase();
  const is = (value: string | undefined) => value?.toLowerCase() === lower;
  if (instruction.keyword === 'FROM') return is(instruction.args[0]) || is(instruction.args[2]);
  return is(flagValue(instruction, 'from')) || mountsOf(instruction).some(m => is(m.from));
}

export const stageNameCasing = defineRule<{ name: string }>({
  id: 'stage-name-casing',
  severity: 'info',
  category: 'style',
  description: 'A stage name is not lowercase.',
  alsoKnownAs: 'StageNameCasing',
  message: ({ name }) => `Stage name '${name}' should be lowercase`,
  check: context =>
    context.graph.stages.flatMap(stage => {
      const from = stage.instructions[0];
      const name = from?.args.length === 3 && from.args[1].toLowerCase() === 'as' ? from.args[2] : null;
      if (!from || name === null || name === name.toLowerCase()) return [];
      return [{ line: from.line, endLine: from.endLine, stage: stage.index, data: { name } }];
    }),
  fix: (context, problem) => {
    const { name } = problem.data;
    const word = escapeRegExp(name);
    // The name as a whole word: after a blank in FROM; after `--from=` or a mount's `from=` elsewhere.
    const inFrom = new RegExp(`(^|\\s)${word}(?=$|\\s)`, 'gi');
    const inFlag = new RegExp(`(--from=|[,=]from=)${word}(?=$|[\\s,"'])`, 'gi');
    const edits: TextEdit[] = [];
    for (const instruction of context.parsed.instructions) {
      if (!refersTo(instruction, name)) continue;
      const reference = instruction.keyword === 'FROM' ? inFrom : inFlag;
      const source = instructionSource(context, instruction);
      const text = source.replace(reference, (_, before: string) => `${before}${name.toLowerCase()}`);
      if (text !== source) edits.push({ line: instruction.line, endLine: instruction.endLine, text });
    }
    if (!edits.some(e => e.line === problem.line)) return null;
    return { title: `Lower-case the stage name '${name}'`, edits };
  },
});
