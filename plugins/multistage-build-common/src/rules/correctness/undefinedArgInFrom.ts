/*
 * FROM lines are expanded before any stage exists, with the global ARGs only
 * (those declared before the first FROM) plus BuildKit's automatic platform
 * ARGs. An ARG declared inside a stage, or one passed with --build-arg but
 * never declared, leaves the variable empty: `FROM node:${NODE_VERSION}`
 * becomes `FROM node:` and the build fails, or `FROM ${BASE}` pulls nothing
 * sensible.
 *
 * The fix declares the ARG before the first FROM, with the default an ARG of
 * the same name has inside a stage when there is exactly one such default.
 */
import { flagValue } from '../../stages/stageGraph';
import { variableUses } from '../shared/variableUses';
import { defineRule } from '../types';

export interface UndefinedArgInFromData {
  name: string;
}

const automaticArgs = new Set(
  ['PLATFORM', 'OS', 'ARCH', 'VARIANT'].flatMap(part => [`TARGET${part}`, `BUILD${part}`]),
);

export const undefinedArgInFrom = defineRule<UndefinedArgInFromData>({
  id: 'undefined-arg-in-from',
  severity: 'error',
  category: 'correctness',
  description: 'A FROM line uses a variable that no global ARG declares.',
  alsoKnownAs: 'UndefinedArgInFrom',
  message: ({ name }) =>
    `FROM uses $${name}, but no ARG before the first FROM declares it, so it expands to an empty string; ` +
    `declare "ARG ${name}" at the top of the file`,
  check: context => {
    const globals = new Set(context.graph.metaArgs.map(a => a.name));
    return context.graph.stages.flatMap(stage => {
      const from = stage.instructions[0];
      if (!from) return [];
      const words = [flagValue(from, 'platform') ?? '', ...from.args.slice(0, 1)];
      const names = new Set(words.flatMap(w => variableUses(w, context.parsed.escapeChar)));
      return [...names]
        .filter(name => !globals.has(name) && !automaticArgs.has(name))
        .map(name => ({ line: from.line, endLine: from.endLine, stage: stage.index, data: { name } }));
    });
  },
  fix: (context, problem) => {
    const { name } = problem.data;
    const first = context.graph.stages[0];
    if (!first) return null;
    const defaults = new Set(
      context.parsed.instructions
        .filter(i => i.keyword === 'ARG' && i.line > first.line)
        .flatMap(i => i.args.filter(w => w.startsWith(`${name}=`)).map(w => w.slice(name.length + 1))),
    );
    const [value] = defaults;
    const declaration = defaults.size === 1 && !value.includes('$') ? `ARG ${name}=${value}` : `ARG ${name}`;
    // Above the comments that belong to the first FROM, but below the parser directives.
    const directiveLines = new Set(context.parsed.directives.map(d => d.line));
    let line = first.line;
    while (line > 1 && /^\s*#/.test(context.lines[line - 2]) && !directiveLines.has(line - 1)) line--;
    return { title: `Declare ARG ${name} before the first FROM`, edits: [{ line, endLine: line - 1, text: declaration }] };
  },
});
