/*
 * shellCommands() splits a script into simple commands but keeps `>` and
 * `<` inside words and drops quotes, which is enough to see what runs but not
 * where its output goes: `apk add sqlite>3.38` and `apk add "sqlite>3.38"`
 * come out the same. This reads one simple command's text (ShellCommand.text)
 * again, quote-aware, into its words and its redirections, so rules can tell
 * a version constraint the shell takes for a redirection from a quoted one,
 * and see which file a `cat secret > file` writes.
 */

/** One word of a simple command. */
export interface ShellWord {
  /** The word with quotes and escapes removed. */
  value: string;
  /** The word as written. */
  raw: string;
  /**
   * What the shell expands in the word: unquoted and double-quoted text;
   * single-quoted and escaped characters are blanked out with `\u0000`, so a
   * `'$TOKEN'` never looks like a use of `$TOKEN`.
   */
  expandable: string;
}

/** A redirection such as `> file`, `2>/dev/null` or the `>3.38` of `sqlite>3.38`. */
export interface Redirection {
  /** `>`, `>>`, `>|`, `<`, `<<`, `<<-`, `<<<`, `<>`, `>&` or `<&`. */
  operator: string;
  /** The file descriptor written right before the operator (`2>`), or null. */
  fd: number | null;
  /** The word after the operator; null when the command text ends first. */
  target: ShellWord | null;
  /** The unquoted-operator's left neighbour when no blank separates them (`sqlite` in `sqlite>3.38`), or null. */
  gluedTo: ShellWord | null;
  /** The redirection as written, glued word included: `sqlite>3.38`. */
  raw: string;
}

export interface RedirectedCommand {
  /** The command's words, redirections and their targets left out. */
  words: ShellWord[];
  redirections: Redirection[];
}

const operators = ['<<<', '<<-', '>>', '>|', '>&', '<<', '<>', '<&', '>', '<'];
const masked = (text: string) => '\u0000'.repeat(text.length);

/** The index just past the `)` closing a `$(` that opens at `start` (at the `$`); quotes inside are honoured. */
function substitutionEnd(text: string, start: number): number {
  let depth = 0;
  for (let i = start + 1; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\') i++;
    else if (ch === "'") i = text.indexOf("'", i + 1) < 0 ? text.length : text.indexOf("'", i + 1);
    else if (ch === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) {
        if (text[i] === '\\') i++;
        else if (text.startsWith('$(', i)) i = substitutionEnd(text, i) - 1;
      }
    } else if (ch === '(') depth++;
    else if (ch === ')' && --depth === 0) return i + 1;
  }
  return text.length;
}

/** Reads one word starting at `start`; stops at a blank or an unquoted `<`/`>`. */
function readWord(text: string, start: number): { word: ShellWord; end: number } {
  let value = '';
  let expandable = '';
  let i = start;
  while (i < text.length) {
    const ch = text[i];
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === '<' || ch === '>') break;
    if (ch === '\\') {
      if (text[i + 1] === '\n') {
        i += 2;
        continue;
      }
      value += text[i + 1] ?? '';
      expandable += masked(text[i + 1] ?? '');
      i += 2;
    } else if (ch === "'") {
      const close = text.indexOf("'", i + 1);
      const end = close < 0 ? text.length : close;
      value += text.slice(i + 1, end);
      expandable += masked(text.slice(i + 1, end));
      i = end + 1;
    } else if (ch === '"') {
      for (i++; i < text.length && text[i] !== '"'; ) {
        if (text[i] === '\\' && /[$`"\\\n]/.test(text[i + 1] ?? '')) {
          if (text[i + 1] !== '\n') {
            value += text[i + 1];
            expandable += masked(text[i + 1]);
          }
          i += 2;
        } else if (text.startsWith('$(', i)) {
          const end = substitutionEnd(text, i);
          value += text.slice(i, end);
          expandable += text.slice(i, end);
          i = end;
        } else {
          value += text[i];
          expandable += text[i];
          i++;
        }
      }
      i++;
    } else if (text.startsWith('$(', i) || text.startsWith('${', i)) {
      const end = ch === '$' && text[i + 1] === '(' ? substitutionEnd(text, i) : text.indexOf('}', i) + 1 || text.length;
      value += text.slice(i, end);
      expandable += text.slice(i, end);
      i = end;
    } else {
      value += ch;
      expandable += ch;
      i++;
    }
  }
  return { word: { value, raw: text.slice(start, i), expandable }, end: i };
}

/** Reads a simple command's text into words and redirections. Never throws. */
export function readRedirections(text: string): RedirectedCommand {
  const words: ShellWord[] = [];
  const redirections: Redirection[] = [];
  let i = 0;
  let pending: { word: ShellWord; start: number } | null = null;
  const flush = () => {
    if (pending) words.push(pending.word);
    pending = null;
  };
  while (i < text.length) {
    const ch = text[i];
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
      flush();
      i++;
    } else if (ch === '\\' && text[i + 1] === '\n') {
      flush();
      i += 2;
    } else if (ch === '#' && !pending) {
      const newline = text.indexOf('\n', i);
      i = newline < 0 ? text.length : newline;
    } else if (ch === '<' || ch === '>') {
      const at = i;
      const operator = operators.find(o => text.startsWith(o, at))!;
      const left: { word: ShellWord; start: number } | null = pending;
      pending = null;
      const fdWord = left && /^\d+$/.test(left.word.raw) ? left : null;
      let end = i + operator.length;
      while (text[end] === ' ' || text[end] === '\t') end++;
      const read = end < text.length && !/[\n<>]/.test(text[end]) ? readWord(text, end) : null;
      if (left && !fdWord) words.push(left.word);
      const from = left ? left.start : i;
      redirections.push({
        operator,
        fd: fdWord ? Number(fdWord.word.raw) : null,
        target: read?.word ?? null,
        gluedTo: left && !fdWord ? left.word : null,
        raw: text.slice(from, read ? read.end : i + operator.length),
      });
      i = read ? read.end : end;
    } else {
      // A word, or more of one after a quoted part: readWord takes it to its end.
      const read = readWord(text, i);
      pending = { word: read.word, start: i };
      i = Math.max(read.end, i + 1);
    }
  }
  flush();
  return { words, redirections };
}

/** Whether a redirection writes a file the command's standard output goes to (`>`, `>>`, `>|`, `1>`). */
export function writesStdout(redirection: Redirection): boolean {
  return ['>', '>>', '>|'].includes(redirection.operator) && (redirection.fd === null || redirection.fd === 1);
}
