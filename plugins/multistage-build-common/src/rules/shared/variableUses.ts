/*
 * The variables a Dockerfile word refers to, read the way BuildKit's shell
 * lexer (frontend/dockerfile/shell/lex.go) reads them: the escape character
 * protects the next character, single quotes are literal, `${VAR:-word}` uses
 * VAR (and whatever `word` uses), and a special parameter such as `$$` or `$1`
 * is consumed without naming a variable, so `$$VAR` does not use VAR.
 * RUN scripts are read with the same scanner (the shell quotes alike), plus
 * the names the script sets itself, so a rule can tell a name the build must
 * provide from a shell variable.
 */

import { shellCommands } from '../../shell/shellCommands';

const nameChar = /[A-Za-z0-9_]/;
const specialParams = '@*#?-$!';

/**
 * Names of the variables `word` uses, in order of first use, each once.
 * One pass with an explicit stack of the quotes and `${` it is inside, so a
 * word nested thousands deep cannot overflow the call stack.
 */
export function variableUses(word: string, escapeChar = '\\'): string[] {
  const names: string[] = [];
  const seen = new Set<string>();
  /** What closes the innermost open construct: `}` of a `${...}` modifier, or `"`. */
  const open: ('}' | '"')[] = [];
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
    const start = pos;
    while (pos < word.length && nameChar.test(word[pos])) pos++;
    return word.slice(start, pos);
  };

  /** After a `$`: the name it uses, and for `${NAME<modifier>`, the modifier's word is read next. */
  const dollar = () => {
    const braced = word[pos] === '{';
    if (braced) pos++;
    const name = readName();
    if (name !== '' && !seen.has(name)) {
      seen.add(name);
      names.push(name);
    }
    if (!braced) return;
    if (word[pos] === '}') pos++;
    else open.push('}'); // a modifier's word: `:-default`, `#pattern`, ...
  };

  while (pos < word.length) {
    const ch = word[pos];
    if (open[open.length - 1] === '"') {
      if (ch === '"') open.pop();
      if (ch === escapeChar) pos++;
      pos++;
      if (ch === '$') dollar();
      continue;
    }
    if (ch === '}' && open[open.length - 1] === '}') {
      open.pop();
      pos++;
    } else if (ch === escapeChar) {
      pos += 2;
    } else if (ch === "'") {
      const end = word.indexOf("'", pos + 1);
      pos = end < 0 ? word.length : end + 1;
    } else if (ch === '"') {
      pos++;
      open.push('"');
    } else if (ch === '$') {
      pos++;
      dollar();
    } else {
      pos++;
    }
  }
  return names;
}

/** What a shell script does with variables. */
export interface ShellVariables {
  /** Names the script reads, in order of first use (comments skipped). */
  used: string[];
  /** Names the script sets itself: `X=1`, `export X=`, `for X in`, `read X`, `${X:=1}`, ... */
  assigned: Set<string>;
  /** The script runs `source`, `.` or `eval`, which may set any name. */
  opaque: boolean;
}

const shellKeywords = new Set(['if', 'then', 'else', 'elif', 'do', 'while', 'until', '!', 'time']);
const declarers = new Set(['export', 'local', 'declare', 'typeset', 'readonly']);
const assignment = /^([A-Za-z_][A-Za-z0-9_]*)\+?=/;
/** `read` options that take a value that is not a variable name. */
const readValueOptions = new Set(['-p', '-d', '-n', '-N', '-t', '-u', '-i']);

/** Drops shell comments: a `#` that starts a word outside quotes, to the end of its line. */
function withoutComments(script: string): string {
  let out = '';
  let quote: string | null = null;
  for (let i = 0; i < script.length; i++) {
    const ch = script[i];
    if (ch === '\\' && quote !== "'") {
      out += ch + (script[++i] ?? '');
    } else if (quote) {
      if (ch === quote) quote = null;
      out += ch;
    } else if (ch === '#' && (i === 0 || /[\s;&|()]/.test(script[i - 1]))) {
      while (i + 1 < script.length && script[i + 1] !== '\n') i++;
    } else {
      if (ch === "'" || ch === '"') quote = ch;
      out += ch;
    }
  }
  return out;
}

/** Reads a POSIX shell script for the variables it uses and sets, as a RUN's shell would run it. */
export function shellVariables(script: string): ShellVariables {
  const text = withoutComments(script);
  const assigned = new Set<string>();
  const addName = (word: string | undefined) => {
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(word ?? '')?.[0];
    if (name) assigned.add(name);
  };
  let opaque = false;
  for (const { words } of shellCommands(text)) {
    let i = 0;
    while (i < words.length && shellKeywords.has(words[i])) i++;
    for (; i < words.length && assignment.test(words[i]); i++) addName(words[i]);
    const [command, ...rest] = words.slice(i);
    const operands = rest.filter(w => !w.startsWith('-'));
    if (declarers.has(command)) operands.forEach(addName);
    else if (command === 'for' || command === 'select') addName(rest[0]);
    else if (command === 'getopts') addName(rest[1]);
    else if (command === 'mapfile' || command === 'readarray') addName(operands[operands.length - 1] ?? 'MAPFILE');
    else if (command === 'read') rest.filter((w, j) => !w.startsWith('-') && !readValueOptions.has(rest[j - 1])).forEach(addName);
    else if (command === 'source' || command === '.' || command === 'eval') opaque = true;
  }
  for (const match of text.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*):?=/g)) assigned.add(match[1]);
  return { used: variableUses(text), assigned, opaque };
}
