/*
 * A small POSIX-shell reader for RUN scripts: enough to see which simple
 * commands run and how they are joined (`&&`, `||`, `;`, `|`, newlines), so
 * rules can say "apt-get update without an install" or "`|| true` after a
 * test". It never throws: unbalanced quotes simply run to the end.
 */

export type ShellOperator = '&&' | '||' | ';' | '|' | '\n' | '&';

export interface ShellCommand {
  /** The command's words with quotes removed, e.g. `['npm', 'ci']`. */
  words: string[];
  /** The command as written. */
  text: string;
  /** The operator before this command, or null for the first. */
  prev: ShellOperator | null;
  /** The operator after this command, or null for the last. */
  next: ShellOperator | null;
}

const operators: ShellOperator[] = ['&&', '||', ';', '|', '\n', '&'];
const operatorStart = new Set(['&', '|', ';', '\n']);
/** Characters with no meaning to the reader below: everything but quotes, escapes, operators, brackets, `#` and blanks. */
const plainRun = /[^\\'"#&|;\n(){} \t\r]+/y;

/** Splits a shell script into its simple commands, in order. */
export function shellCommands(script: string): ShellCommand[] {
  const commands: ShellCommand[] = [];
  let words: string[] = [];
  let word = '';
  let inWord = false;
  let start = 0;
  let prev: ShellOperator | null = null;

  const endWord = () => {
    if (inWord) words.push(word);
    word = '';
    inWord = false;
  };
  const endCommand = (end: number, op: ShellOperator | null) => {
    endWord();
    const text = script.slice(start, end).trim();
    if (words.length > 0) {
      commands.push({ words, text, prev, next: op });
      prev = op;
    } else if (op !== null && op !== '\n' && commands.length > 0) {
      // `a &&\n b`: a newline after an operator does not end the pipeline.
      prev = op;
    }
    words = [];
  };

  let i = 0;
  while (i < script.length) {
    // Runs of ordinary characters go into the word at once: scripts are
    // mostly plain words, and this loop runs for every RUN the analyser reads.
    plainRun.lastIndex = i;
    const plain = plainRun.exec(script);
    if (plain) {
      word += plain[0];
      inWord = true;
      i += plain[0].length;
      continue;
    }
    const ch = script[i];
    if (ch === '\\' && i + 1 < script.length) {
      if (script[i + 1] === '\n') {
        i += 2;
        continue;
      }
      word += script[i + 1];
      inWord = true;
      i += 2;
      continue;
    }
    if (ch === "'") {
      const close = script.indexOf("'", i + 1);
      const end = close < 0 ? script.length : close;
      word += script.slice(i + 1, end);
      inWord = true;
      i = end + 1;
      continue;
    }
    if (ch === '"') {
      i++;
      while (i < script.length && script[i] !== '"') {
        if (script[i] === '\\' && i + 1 < script.length) i++;
        word += script[i++];
      }
      inWord = true;
      i++;
      continue;
    }
    if (ch === '#' && !inWord) {
      while (i < script.length && script[i] !== '\n') i++;
      continue;
    }
    const at = i;
    const op = operatorStart.has(ch) ? operators.find(o => script.startsWith(o, at)) : undefined;
    if (op) {
      endCommand(i, op);
      i += op.length;
      start = i;
      continue;
    }
    if (ch === '(' || ch === ')' || ch === '{' || ch === '}') {
      // Subshells and groups: treat the brackets as command boundaries.
      if (ch === '{' || ch === '}') {
        if (inWord) {
          word += ch;
          i++;
          continue;
        }
      }
      endCommand(i, null);
      i++;
      start = i;
      continue;
    }
    if (ch === ' ' || ch === '\t' || ch === '\r') {
      endWord();
      i++;
      continue;
    }
    word += ch;
    inWord = true;
    i++;
  }
  endCommand(script.length, null);
  return commands;
}
