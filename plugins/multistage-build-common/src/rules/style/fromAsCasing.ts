/*
 * Purely cosmetic, but BuildKit warns on it: `FROM image as build` mixes an
 * upper-case keyword with a lower-case one. As in BuildKit, a FROM keyword
 * that is itself mixed case (`From`) is left to instruction-casing checks,
 * and the AS keyword must then be all upper- or all lower-case like FROM.
 * The fix rewrites AS in FROM's case.
 */
import { defineRule } from '../types';
import { inCaseOf, instructionSource, writtenKeyword } from '../shared/instructionSource';

export const fromAsCasing = defineRule<{ from: string; as: string }>({
  id: 'from-as-casing',
  severity: 'info',
  category: 'style',
  description: 'The FROM and AS keywords differ in case.',
  alsoKnownAs: 'FromAsCasing',
  message: ({ from, as }) => `'${as}' and '${from}' keywords' casing do not match`,
  check: context =>
    context.parsed.instructions.flatMap(instruction => {
      if (instruction.keyword !== 'FROM' || instruction.args.length < 3) return [];
      const from = writtenKeyword(instruction);
      const as = instruction.args[1];
      if (as.toLowerCase() !== 'as') return [];
      const fromLower = from === from.toLowerCase();
      if (!fromLower && from !== from.toUpperCase()) return [];
      if (as === inCaseOf(from, as)) return [];
      return [
        {
          line: instruction.line,
          endLine: instruction.endLine,
          stage: context.stageOf(instruction)?.index ?? null,
          data: { from, as },
        },
      ];
    }),
  fix: (context, problem) => {
    const instruction = context.instructionAt(problem.line);
    if (!instruction) return null;
    const source = instructionSource(context, problem);
    // AS is the first standalone `as` after the base image.
    const baseAt = source.indexOf(instruction.args[0], writtenKeyword(instruction).length);
    if (baseAt < 0) return null;
    const afterBase = baseAt + instruction.args[0].length;
    const as = /(\s)(as)(?=\s)/i.exec(source.slice(afterBase));
    if (!as) return null;
    const at = afterBase + as.index + as[1].length;
    const text = `${source.slice(0, at)}${inCaseOf(problem.data.from, 'AS')}${source.slice(at + 2)}`;
    return {
      title: `Write AS in the case of ${problem.data.from}`,
      edits: [{ line: problem.line, endLine: problem.endLine, text }],
    };
  },
});
