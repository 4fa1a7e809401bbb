/*
 * BuildKit reads parser directives only at the very top of the file, before
 * any other comment, blank line or instruction; further down, `# syntax=` is
 * an ordinary comment. The build then silently uses the default frontend (no
 * heredocs, no newer flags), the default escape character, or no check
 * configuration, and nothing says so.
 *
 * The fix moves a `syntax` or `check` directive to line 1. It does not move
 * `escape`: the rest of the file was written, and is parsed today, with the
 * backslash, so switching the escape character could change every line.
 */
import { defineRule } from '../types';

export interface MisplacedParserDirectiveData {
  name: 'syntax' | 'escape' | 'check';
  value: string;
}

const misplacedId = 'misplaced-parser-directive';

export const misplacedParserDirective = defineRule<MisplacedParserDirectiveData>({
  id: misplacedId,
  severity: 'warning',
  category: 'correctness',
  description: 'A parser directive comes after a comment, blank line or instruction, so BuildKit ignores it.',
  message: ({ name, value }) =>
    `"# ${name}=${value}" is ignored: parser directives count only at the top of the file, ` +
    `before any other comment, blank line or instruction`,
  check: context =>
    context.parsed.lateDirectives
      // The engine applies ignore comments to the next instruction; a directive is a comment line.
      .filter(d => !context.parsed.ignoreComments.some(c => c.line === d.line - 1 && c.ruleIds.includes(misplacedId)))
      .map(directive => ({
        line: directive.line,
        endLine: directive.line,
        stage: context.graph.stages.find(s => s.line <= directive.line && directive.line <= s.endLine)?.index ?? null,
        data: { name: directive.name, value: directive.value },
      })),
  fix: (context, problem) => {
    const { name } = problem.data;
    if (name === 'escape') return null;
    // A second directive of the same name at the top would be a parse error.
    if (context.parsed.directives.some(d => d.name === name)) return null;
    if (context.lines[0]?.startsWith('\uFEFF')) return null;
    const text = context.lines[problem.line - 1]?.trim();
    if (!text) return null;
    return {
      title: `Move the ${name} directive to the first line`,
      edits: [
        { line: 1, endLine: 0, text },
        { line: problem.line, endLine: problem.line, text: '' },
      ],
    };
  },
});
