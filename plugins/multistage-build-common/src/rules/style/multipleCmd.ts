/*
 * CMD, ENTRYPOINT and HEALTHCHECK each set one field of the image config, so
 * only the last one in a stage takes effect; an earlier one is dead text that
 * readers take for live configuration. As in BuildKit, each stage is judged
 * on its own (a child stage overriding its parent's CMD is the normal way to
 * change it) and the finding is on the earlier, ignored instruction. The fix
 * deletes it, which leaves the image config unchanged.
 */
import { defineRule } from '../types';

const singletons = ['CMD', 'ENTRYPOINT', 'HEALTHCHECK'];

export const multipleCmd = defineRule<{ keyword: string; lastLine: number }>({
  id: 'multiple-cmd',
  severity: 'warning',
  category: 'style',
  description:
    'A stage has more than one CMD, ENTRYPOINT or HEALTHCHECK, and only the last one takes effect.',
  alsoKnownAs: 'MultipleInstructionsDisallowed',
  message: ({ keyword, lastLine }) =>
    `Multiple ${keyword} instructions should not be used in the same stage ` +
    `because only the last one (line ${lastLine}) will be used`,
  check: context =>
    context.graph.stages.flatMap(stage =>
      singletons.flatMap(keyword => {
        const all = stage.instructions.filter(i => i.keyword === keyword);
        const last = all[all.length - 1];
        return all.slice(0, -1).map(i => ({
          line: i.line,
          endLine: i.endLine,
          stage: stage.index,
          data: { keyword, lastLine: last.line },
        }));
      }),
    ),
  fix: (_context, problem) => ({
    title: `Delete the overridden ${problem.data.keyword}`,
    edits: [{ line: problem.line, endLine: problem.endLine, text: '' }],
  }),
});
