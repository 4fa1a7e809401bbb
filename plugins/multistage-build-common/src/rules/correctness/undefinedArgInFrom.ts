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
 * Without one there is no value to give that would not be a guess (a
 * placeholder tag would only fail later, at pull time), so the ARG is
 * declared without a default and the fix's title says the value must come
 * from `--build-arg`: declared, the build arg now reaches FROM, which it does
 * not while undeclared.
 */
import type { Instruction } from '../../parser/types';
import { expandVariables } from '../../stages/expandVariables';
import { flagValue } from '../../stages/stageGraph';
import { variableUses } from '../shared/variableUses';
import { defineRule } from '../types';

export interface UndefinedArgInFromData {
  name: string;
}

const automaticArgs = new Set(
  ['PLATFORM', 'OS', 'ARCH', 'VARIANT'].flatMap(part => [`TARGET${part}`, `BUILD${part}`]),
);

/** The words of a FROM line that BuildKit expands with the global ARGs: `--platform` and the image. */
const fromWords = (from: Instruction) => [flagValue(from, 'platform') ?? '', ...from.args.slice(0, 1)];

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
      const names = new Set(fromWords(from).flatMap(w => variableUses(w, context.parsed.escapeChar)));
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
    const known = defaults.size === 1 && !value.includes('$');
    // Without a default, a FROM that has none of its own (`${NAME:-3.20}`) needs the value from the command line.
    const needsValue = context.graph.stages.some(stage => {
      const from = stage.instructions[0];
      return from && fromWords(from).some(w => expandVariables(w, new Map(), context.parsed.escapeChar).unset.includes(name));
    });
    const declaration = known ? `ARG ${name}=${value}` : `ARG ${name}`;
    const title = known || !needsValue
      ? `Declare ARG ${name} before the first FROM`
      : `Declare ARG ${name} before the first FROM (no default is known: pass it with --build-arg ${name}=<value>)`;
    // Above the comments that belong to the first FROM, but below the parser directives.
    const directiveLines = new Set(context.parsed.directives.map(d => d.line));
    let line = first.line;
    while (line > 1 && /^\s*#/.test(context.lines[line - 2]) && !directiveLines.has(line - 1)) line--;
    return { title, edits: [{ line, endLine: line - 1, text: declaration }] };
  },
});
