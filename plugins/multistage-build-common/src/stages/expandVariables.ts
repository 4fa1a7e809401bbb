/*
 * Variable expansion for FROM, ARG and ENV words, following BuildKit's shell
 * lexer (frontend/dockerfile/shell/lex.go): `$VAR`, `${VAR}`, `${VAR:-word}`,
 * `${VAR-word}`, `${VAR:+word}`, `${VAR+word}`, `${VAR:?msg}`, `${VAR?msg}`,
 * single quotes literal, double quotes expanding, the escape character
 * protecting the next character.
 *
 * Given a meter, every expansion is checked against the analysis limits while
 * it grows (see limits/expansionBudget.ts): values only come from earlier
 * expansions that passed the same check, so a word never grows past twice the
 * per-expansion limit before it is stopped.
 */
import { defaultAnalysisLimits } from '../limits/analysisLimits';
import { ExpansionBudget, type ExpansionMeter } from '../limits/expansionBudget';

/** Callers outside an analysis still get the per-expansion limit; no total is kept. */
const unmetered = new ExpansionBudget({
  maxExpandedLength: defaultAnalysisLimits.maxExpandedLength,
  maxNestingDepth: defaultAnalysisLimits.maxNestingDepth,
  maxExpansionWork: Infinity,
}).at(undefined);

export interface ExpansionResult {
  value: string;
  /** Variables the word referred to, whether or not they were set. */
  used: string[];
  /** Variables referred to that had no value and no default. */
  unset: string[];
  /** Set for `${VAR:?message}` on an unset variable. */
  error?: string;
}

const needsExpansion = /[$'"\\`]/;
const nameStart = /[A-Za-z_]/;
const nameChar = /[A-Za-z0-9_]/;

/**
 * Expands one word. `env` maps names to values; a name that is absent is
 * unset (distinct from set to the empty string). Throws AnalysisLimitError
 * when the result would pass the limits the `meter` holds (by default, the
 * default per-expansion limit).
 */
export function expandVariables(
  word: string,
  env: ReadonlyMap<string, string>,
  escapeChar = '\\',
  meter: ExpansionMeter = unmetered,
): ExpansionResult {
  // Most words (image names, stage names) hold nothing to expand or unquote.
  // They cost what reading the file cost, so they are not charged either.
  if (!needsExpansion.test(word)) return { value: word, used: [], unset: [] };
  const used = new Set<string>();
  const unset = new Set<string>();
  let error: string | undefined;
  let pos = 0;
  let depth = 0;

  const lookup = (name: string): string | undefined => {
    used.add(name);
    return env.get(name);
  };

  const readName = (): string => {
    let name = '';
    if (pos < word.length && nameStart.test(word[pos])) {
      while (pos < word.length && nameChar.test(word[pos])) name += word[pos++];
    }
    return name;
  };

  /** A plain `$NAME` or `${NAME}`: its value, or empty (and noted) when unset. */
  function plainValue(name: string): string {
    const value = lookup(name);
    if (value === undefined) unset.add(name);
    return value ?? '';
  }

  /**
   * Reads and expands up to (not including) `stop` or the end of the word. The
   * escape character protects the next character where `escapes(next)` says
   * so, and is kept as it is elsewhere (as inside double quotes).
   */
  function readUntil(stop: string, escapes: (next: string) => boolean): string {
    let text = '';
    while (pos < word.length && word[pos] !== stop) {
      const ch = word[pos];
      if (ch === escapeChar && pos + 1 < word.length && escapes(word[pos + 1])) {
        text += word[pos + 1];
        pos += 2;
      } else if (ch === '$') {
        pos++;
        text += dollar();
        meter.check(text.length);
      } else {
        text += ch;
        pos++;
      }
    }
    return text;
  }

  /**
   * Reads and expands a word up to an unquoted `stop` (not consumed) or the
   * end: single quotes literal, double quotes expanding, the escape
   * character protecting the next character.
   */
  function readWord(stop: string | null): string {
    let text = '';
    while (pos < word.length && word[pos] !== stop) {
      const ch = word[pos];
      if (ch === "'") {
        const end = word.indexOf("'", pos + 1);
        const close = end < 0 ? word.length : end;
        text += word.slice(pos + 1, close);
        pos = close + 1;
      } else if (ch === '"') {
        pos++;
        text += readUntil('"', next => '"$\\`'.includes(next));
        pos++;
      } else if (ch === escapeChar) {
        if (pos + 1 < word.length) text += word[pos + 1];
        pos += 2;
      } else if (ch === '$') {
        pos++;
        text += dollar();
      } else {
        text += ch;
        pos++;
      }
      meter.check(text.length);
    }
    return text;
  }

  /** Expands what follows a `$`. */
  function dollar(): string {
    if (pos >= word.length) return '$';
    if (word[pos] !== '{') {
      const name = readName();
      return name === '' ? '$' : plainValue(name);
    }
    pos++; // {
    meter.checkDepth(++depth);
    try {
      return braced();
    } finally {
      depth--;
    }
  }

  /** Expands `${...}` after its `{`. */
  function braced(): string {
    const name = readName();
    if (name === '') {
      // not a variable; keep the text as BuildKit would fail on it
      const rest = readUntil('}', () => true);
      pos++;
      return `\${${rest}}`;
    }
    if (word[pos] === '}') {
      pos++;
      return plainValue(name);
    }
    const value = lookup(name);
    let op = word[pos++] ?? '';
    if (op === ':') op += word[pos++] ?? '';
    // The operand is a word of its own: quotes in `${X:-"a b"}` are removed, as BuildKit does.
    const operand = readWord('}');
    pos++; // }
    const empty = value === undefined || (op.startsWith(':') && value === '');
    switch (op) {
      case ':-':
      case '-':
        return empty ? operand : value!;
      case ':+':
      case '+':
        return empty ? '' : operand;
      case ':?':
      case '?':
        if (empty) {
          error ??= `${name}: ${operand || 'is not allowed to be unset'}`;
          return '';
        }
        return value!;
      default:
        return plainValue(name);
    }
  }

  const out = readWord(null);
  meter.charge(out.length);
  return { value: out, used: [...used], unset: [...unset], error };
}
