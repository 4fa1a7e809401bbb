/*
 * Variable expansion for FROM, ARG and ENV words, following BuildKit's shell
 * lexer (frontend/dockerfile/shell/lex.go): `$VAR`, `${VAR}`, `${VAR:-word}`,
 * `${VAR-word}`, `${VAR:+word}`, `${VAR+word}`, `${VAR:?msg}`, `${VAR?msg}`,
 * single quotes literal, double quotes expanding, the escape character
 * protecting the next character.
 */

export interface ExpansionResult {
  value: string;
  /** Variables the word referred to, whether or not they were set. */
  used: string[];
  /** Variables referred to that had no value and no default. */
  unset: string[];
  /** Set for `${VAR:?message}` on an unset variable. */
  error?: string;
}

const nameStart = /[A-Za-z_]/;
const nameChar = /[A-Za-z0-9_]/;

/**
 * Expands one word. `env` maps names to values; a name that is absent is
 * unset (distinct from set to the empty string).
 */
export function expandVariables(
  word: string,
  env: ReadonlyMap<string, string>,
  escapeChar = '\\',
): ExpansionResult {
  const used = new Set<string>();
  const unset = new Set<string>();
  let error: string | undefined;
  let pos = 0;

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

  const dollar = (): string => {
    /** Reads until an unbalanced `}` and expands what it read. */
    const readWordUntilBrace = (): string => {
      let out = '';
      while (pos < word.length && word[pos] !== '}') {
        const ch = word[pos];
        if (ch === escapeChar && pos + 1 < word.length) {
          out += word[pos + 1];
          pos += 2;
        } else if (ch === '$') {
          pos++;
          out += dollar();
        } else {
          out += ch;
          pos++;
        }
      }
      return out;
    };

    if (pos >= word.length) return '$';
    if (word[pos] !== '{') {
      const name = readName();
      if (name === '') return '$';
      const value = lookup(name);
      if (value === undefined) unset.add(name);
      return value ?? '';
    }
    pos++; // {
    const name = readName();
    if (name === '') {
      // not a variable; keep the text as BuildKit would fail on it
      const rest = readWordUntilBrace();
      pos++;
      return `\${${rest}}`;
    }
    const value = lookup(name);
    if (word[pos] === '}') {
      pos++;
      if (value === undefined) unset.add(name);
      return value ?? '';
    }
    let op = word[pos++] ?? '';
    if (op === ':') op += word[pos++] ?? '';
    const operand = readWordUntilBrace();
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
        if (value === undefined) unset.add(name);
        return value ?? '';
    }
  };

  let out = '';
  while (pos < word.length) {
    const ch = word[pos];
    if (ch === "'") {
      const end = word.indexOf("'", pos + 1);
      const stop = end < 0 ? word.length : end;
      out += word.slice(pos + 1, stop);
      pos = stop + 1;
    } else if (ch === '"') {
      pos++;
      while (pos < word.length && word[pos] !== '"') {
        const c = word[pos];
        if (c === escapeChar && pos + 1 < word.length && '"$\\`'.includes(word[pos + 1])) {
          out += word[pos + 1];
          pos += 2;
        } else if (c === '$') {
          pos++;
          out += dollar();
        } else {
          out += c;
          pos++;
        }
      }
      pos++;
    } else if (ch === escapeChar) {
      if (pos + 1 < word.length) out += word[pos + 1];
      pos += 2;
    } else if (ch === '$') {
      pos++;
      out += dollar();
    } else {
      out += ch;
      pos++;
    }
  }
  return { value: out, used: [...used], unset: [...unset], error };
}
