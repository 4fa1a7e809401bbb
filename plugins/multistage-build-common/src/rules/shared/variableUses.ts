/*
 * The variables a Dockerfile word refers to, read the way BuildKit's shell
 * lexer (frontend/dockerfile/shell/lex.go) reads them: the escape character
 * protects the next character, single quotes are literal, `${VAR:-word}` uses
 * VAR (and whatever `word` uses), and a special parameter such as `$$` or `$1`
 * is consumed without naming a variable, so `$$VAR` does not use VAR.
 */

const nameChar = /[A-Za-z0-9_]/;
const specialParams = '@*#?-$!';

/** Names of the variables `word` uses, in order of first use, each once. */
export function variableUses(word: string, escapeChar = '\\'): string[] {
  const names: string[] = [];
  let pos = 0;

  const readName = (): string => {
    const first = word[pos];
    if (first === undefined) return '';
    if (/[0-9]/.test(first)) {
      while (pos < word.length && /[0-9]/.test(word[pos])) pos++;
      return '';
    }
    if (specialParams.includes(first)) {
      pos++;
      return '';
    }
    let name = '';
    while (pos < word.length && nameChar.test(word[pos])) name += word[pos++];
    return name;
  };

  function dollar() {
    const braced = word[pos] === '{';
    if (braced) pos++;
    const name = readName();
    if (name !== '' && !names.includes(name)) names.push(name);
    if (!braced) return;
    if (word[pos] === '}') pos++;
    else scan('}'); // a modifier's word: `:-default`, `#pattern`, ...
  }

  function doubleQuoted() {
    while (pos < word.length && word[pos] !== '"') {
      if (word[pos] === escapeChar) pos += 2;
      else if (word[pos] === '$') {
        pos++;
        dollar();
      } else pos++;
    }
    pos++;
  }

  function scan(stop?: string) {
    while (pos < word.length) {
      const ch = word[pos];
      if (ch === stop) {
        pos++;
        return;
      }
      if (ch === escapeChar) {
        pos += 2;
      } else if (ch === "'") {
        const end = word.indexOf("'", pos + 1);
        pos = end < 0 ? word.length : end + 1;
      } else if (ch === '"') {
        pos++;
        doubleQuoted();
      } else if (ch === '$') {
        pos++;
        dollar();
      } else {
        pos++;
      }
    }
  }

  scan();
  return names;
}
