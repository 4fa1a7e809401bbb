/*
 * `ENV key value` sets one variable to the whole rest of the line, spaces
 * included, so `ENV A 1 B 2` sets A to "1 B 2"; the `key=value` form reads
 * like what it does and can set several variables at once. BuildKit warns on
 * the legacy form for ENV and LABEL. The fix writes `key=value`, quoting the
 * value when it has blanks; a value that mixes blanks with quotes or escapes
 * is left for a human, since re-quoting it could change its meaning.
 */
import { parseWords } from '../../parser/words';
import { defineRule } from '../types';
import { writtenKeyword } from '../shared/instructionSource';

export const legacyEnvFormat = defineRule<{ keyword: string }>({
  id: 'legacy-env-format',
  severity: 'info',
  category: 'style',
  description: 'ENV or LABEL uses the legacy `key value` form instead of `key=value`.',
  alsoKnownAs: 'LegacyKeyValueFormat',
  message: ({ keyword }) =>
    `"${keyword} key=value" should be used instead of legacy "${keyword} key value" format`,
  check: context =>
    context.parsed.instructions
      .filter(i => (i.keyword === 'ENV' || i.keyword === 'LABEL') && i.args.length === 3 && i.args[2] === '')
      .map(i => ({
        line: i.line,
        endLine: i.endLine,
        stage: context.stageOf(i)?.index ?? null,
        data: { keyword: i.keyword },
      })),
  fix: (context, problem) => {
    const instruction = context.instructionAt(problem.line);
    if (!instruction) return null;
    const [key, rawValue] = instruction.args;
    const value = rawValue.trim();
    const { escapeChar } = context.parsed;
    let written: string;
    if (parseWords(value, escapeChar).length <= 1) written = value;
    else if (!/["']/.test(value) && !value.includes(escapeChar)) written = `"${value}"`;
    else return null;
    return {
      title: `Use ${problem.data.keyword} ${key}=value`,
      edits: [
        {
          line: problem.line,
          endLine: problem.endLine,
          text: `${writtenKeyword(instruction)} ${key}=${written}`,
        },
      ],
    };
  },
});
